/** Growable typed arrays for collecting per-object and per-reference data while streaming. */

type TypedCtor<T> = { new (n: number): T };
type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;

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
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes room for index `i` (filling with zeros) and sets it. */
  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    if (i >= this.length) this.length = i + 1;
    this.data[i] = v;
  }

  private grow(min: number): void {
    let n = this.data.length * 2;
    while (n < min) n *= 2;
    const next = new this.ctor(n);
    (next as Typed).set(this.data as never);
    this.data = next;
  }

  /** The filled part, trimmed to a right-sized array. */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** The filled part as a right-sized array; the growable buffer is let go (peak memory). */
  take(): T {
    const out = this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
    this.data = new this.ctor(0);
    return out;
  }

  /** Lets the buffer go. */
  release(): void {
    this.data = new this.ctor(0);
    this.length = 0;
  }
}
