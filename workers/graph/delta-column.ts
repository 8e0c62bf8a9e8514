import { lastAtOrBelow } from '../core/sorted-search.ts';

const BLOCK = 16;
const ESCAPE = 0xffff;

/**
 * A column of non-negative integers below 2^53 that mostly climb in small steps (sorted object
 * ids, file offsets of objects in id order) in about 2.25 bytes a value instead of 4 or 8: the
 * first value of every block of 16 in full, the others as a 2-byte step from it. Values that do
 * not fit (a step past 65,534 or below the block's first value) are kept aside, sorted.
 */
export class DeltaColumn {
  readonly length: number;
  private readonly base: Float64Array | Uint32Array;
  private readonly step: Uint16Array;
  private readonly asideAt: Uint32Array;
  private readonly asideValue: Float64Array;

  constructor(values: ArrayLike<number>) {
    const n = values.length;
    this.length = n;
    const blocks = Math.ceil(n / BLOCK);
    let max = 0;
    for (let b = 0; b < blocks; b++) if (values[b * BLOCK] > max) max = values[b * BLOCK];
    this.base = max <= 0xffffffff ? new Uint32Array(blocks) : new Float64Array(blocks);
    this.step = new Uint16Array(n);
    const at: number[] = [];
    const value: number[] = [];
    for (let b = 0; b < blocks; b++) {
      const first = values[b * BLOCK];
      this.base[b] = first;
      const end = Math.min(n, (b + 1) * BLOCK);
      for (let i = b * BLOCK; i < end; i++) {
        const d = values[i] - first;
        if (d >= 0 && d < ESCAPE) this.step[i] = d;
        else {
          this.step[i] = ESCAPE;
          at.push(i);
          value.push(values[i]);
        }
      }
    }
    this.asideAt = Uint32Array.from(at);
    this.asideValue = Float64Array.from(value);
  }

  /** How many values did not fit in a step (kept aside at 12 bytes each). */
  get asideCount(): number {
    return this.asideAt.length;
  }

  get(i: number): number {
    const d = this.step[i];
    if (d !== ESCAPE) return this.base[(i / BLOCK) | 0] + d;
    let lo = 0;
    let hi = this.asideAt.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.asideAt[mid];
      if (x < i) lo = mid + 1;
      else if (x > i) hi = mid - 1;
      else return this.asideValue[mid];
    }
    return Number.NaN;
  }

  /** Index of `value` in a column sorted ascending, -1 when it is not there. */
  indexOf(value: number): number {
    // the last block whose first value is ≤ value
    const block = lastAtOrBelow(this.base, value);
    if (block < 0) return -1;
    const end = Math.min(this.length, (block + 1) * BLOCK);
    for (let i = block * BLOCK; i < end; i++) {
      const v = this.get(i);
      if (v === value) return i;
      if (v > value) return -1;
    }
    return -1;
  }
}
