/**
 * Growable typed arrays: the one doubling rule every collector of per-object, per-edge and
 * per-sample data uses (there were six hand-written copies).
 */

export type Typed = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
type TypedCtor<T> = { new (n: number): T };

/**
 * A copy of `a` with room for at least `min` elements (the length doubled until it fits), its
 * first `keep` elements carried over; `a` itself when it already has the room.
 */
export function grown<T extends Typed>(a: T, min: number, keep = a.length): T {
  if (min <= a.length) return a;
  let n = Math.max(1, a.length) * 2;
  while (n < min) n *= 2;
  const b = new (a.constructor as TypedCtor<T>)(n);
  (b as Typed).set((keep === a.length ? a : a.subarray(0, keep)) as never);
  return b;
}

/**
 * One growable list of numbers in a typed array that doubles. The spare capacity is never
 * written (a large typed array's untouched pages are not resident), and `take()` hands out a
 * view of the filled part instead of a right-sized copy, so the list never holds its data twice.
 */
export class Grow<T extends Typed> {
  data: T;
  length = 0;
  constructor(
    private readonly ctor: TypedCtor<T>,
    initial = 1 << 12,
  ) {
    this.data = new ctor(initial);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = v;
  }

  /** Value at index `i` (< length). */
  get(i: number): number {
    return this.data[i];
  }

  /** Makes room for index `i` (filling with zeros) and sets it. */
  set(i: number, v: number): void {
    if (i >= this.data.length) this.data = grown(this.data, i + 1);
    if (i >= this.length) this.length = i + 1;
    this.data[i] = v;
  }

  /** The filled part as a new right-sized array (the list is kept). */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** The filled part (a view, no copy); the list lets its buffer go (`length` stays). */
  take(): T {
    const out = this.data.subarray(0, this.length) as T;
    this.data = new this.ctor(0);
    return out;
  }

  /** Lets the buffer go. */
  release(): void {
    this.data = new this.ctor(0);
    this.length = 0;
  }
}
