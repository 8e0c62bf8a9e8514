/**
 * Growable typed arrays for collecting per-object and per-reference data while streaming.
 *
 * One buffer that doubles. The spare capacity is never written, and a large typed array's
 * untouched pages are not resident, so it costs address space, not memory; `take()` hands out
 * a view of the filled part instead of copying it (a right-sized copy briefly doubled the
 * memory of every per-object array at the end of the parse).
 */

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

  /** Value at index `i` (< length). */
  get(i: number): number {
    return this.data[i];
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

  /** The filled part as a new right-sized array (the list is kept). */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** The filled part (a view, no copy); the list lets its buffer go. */
  take(): T {
    const out = (
      this.data.length > this.length + (this.length >> 4)
        ? this.data.slice(0, this.length)
        : this.data.subarray(0, this.length)
    ) as T;
    this.data = new this.ctor(0);
    return out;
  }

  /** Lets the buffer go. */
  release(): void {
    this.data = new this.ctor(0);
    this.length = 0;
  }
}
