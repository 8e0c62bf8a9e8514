import { Grow, type Typed } from '../../core/grow.ts';

export { Grow };

type TypedCtor<T> = { new (n: number): T };

/**
 * A growable typed array starting at an estimate of what it will hold (at most 16 Mi elements),
 * doubling past it. It used to reserve an upper bound from the file's size (a 14-byte object per
 * 14 bytes of dump): untouched pages cost no memory, but several GiB of address space, so a
 * process under an address-space limit (`ulimit -v`, containers) aborted on a small dump.
 */
export function sized<T extends Typed>(ctor: TypedCtor<T>, estimate: number): Grow<T> {
  return new Grow(ctor, Math.max(1 << 12, Math.min(Math.ceil(estimate), 1 << 24)));
}

/**
 * Object ids in 4 bytes each while they fit: HotSpot's 8-byte ids are 8-byte-aligned addresses
 * below 32 GiB (stored shifted right by 3), 4-byte ids are kept as they are (shift 0). The first
 * id that does not fit switches the column to doubles (the parser switches node ids and
 * reference targets together, so they stay comparable).
 */
export class IdColumn {
  private u32?: Grow<Uint32Array>;
  private f64?: Grow<Float64Array>;
  /** Bits dropped from each id while in 4 bytes (0 once widened). */
  shift = 3;

  constructor(capacity: number) {
    this.u32 = sized(Uint32Array, capacity);
  }

  get length(): number {
    return this.u32 ? this.u32.length : (this.f64?.length ?? 0);
  }

  /** Whether `id` can be stored without widening. */
  fits(id: number): boolean {
    if (this.u32 === undefined) return true;
    return this.shift === 3 ? id % 8 === 0 && id < 2 ** 35 : id < 2 ** 32;
  }

  push(id: number): void {
    if (this.u32) this.u32.push(this.shift ? id / 8 : id);
    else this.f64?.push(id);
  }

  /** The stored value at `i`: the id shifted right by `shift`. */
  raw(i: number): number {
    return this.u32 ? this.u32.data[i] : (this.f64?.data[i] ?? 0);
  }

  widen(): void {
    const from = this.u32;
    if (!from) return;
    const to = new Grow(Float64Array, Math.max(1 << 12, from.length * 2));
    const scale = 2 ** this.shift;
    for (let i = 0; i < from.length; i++) to.push(from.data[i] * scale);
    this.f64 = to;
    this.u32 = undefined;
    this.shift = 0;
  }

  /** The filled part (a view) in the column's representation; the column lets it go. */
  take(): Uint32Array | Float64Array {
    const out = this.u32 ? this.u32.take() : (this.f64?.take() ?? new Float64Array(0));
    this.u32 = undefined;
    this.f64 = undefined;
    return out;
  }
}

/**
 * A state (0–255) for some nodes, e.g. open (1) or closed (0) for stream objects: two typed
 * arrays sorted by node instead of a Map, whose hundred thousand entries on a leaking heap cost
 * the JavaScript heap (and its young generation) several times their size.
 */
export class NodeStates {
  private nodes = new Grow(Uint32Array, 1 << 10);
  private states = new Grow(Uint8Array, 1 << 10);
  private sorted = true;

  get size(): number {
    return this.nodes.length;
  }

  /** Adds a node (once; out of order is fine: the list is sorted again when next read). */
  set(node: number, state: number): void {
    const n = this.nodes.length;
    if (n > 0 && this.nodes.data[n - 1] > node) this.sorted = false;
    this.nodes.push(node);
    this.states.push(state);
  }

  /** Gives every node its new number (`rank[old]`; none: the same) and sorts by it again. */
  renumber(rank?: ArrayLike<number>): void {
    const n = this.nodes.length;
    const nodes = Uint32Array.from({ length: n }, (_, i) =>
      rank ? rank[this.nodes.data[i]] : this.nodes.data[i],
    );
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => nodes[a] - nodes[b]);
    const states = this.states.data;
    const sortedNodes = new Grow(Uint32Array, Math.max(16, n));
    const sortedStates = new Grow(Uint8Array, Math.max(16, n));
    for (const i of order) {
      sortedNodes.push(nodes[i]);
      sortedStates.push(states[i]);
    }
    this.nodes = sortedNodes;
    this.states = sortedStates;
    this.sorted = true;
  }

  private indexOf(node: number): number {
    if (!this.sorted) this.renumber();
    const a = this.nodes.data;
    let lo = 0;
    let hi = this.nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < node) lo = mid + 1;
      else if (a[mid] > node) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  has(node: number): boolean {
    return this.indexOf(node) >= 0;
  }

  /** The i-th node and its state, in node order (no pair allocated per entry). */
  nodeAt(i: number): number {
    if (!this.sorted) this.renumber();
    return this.nodes.data[i];
  }

  stateAt(i: number): number {
    if (!this.sorted) this.renumber();
    return this.states.data[i];
  }

  get(node: number): number | undefined {
    const i = this.indexOf(node);
    return i < 0 ? undefined : this.states.data[i];
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let i = 0; i < this.nodes.length; i++) yield [this.nodes.data[i], this.states.data[i]];
  }
}
