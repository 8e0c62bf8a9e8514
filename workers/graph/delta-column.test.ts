import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaColumn } from './delta-column.ts';

/** Values that mostly climb in small steps, with jumps, drops and huge values mixed in. */
const arbValues = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 4000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5000, max: 200_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
  ),
  { maxLength: 300 },
);

describe('DeltaColumn', () => {
  it('gives back every value (steps, escapes, values past 4 GiB)', () => {
    fc.assert(
      fc.property(arbValues, fc.nat(2 ** 36), (steps, start) => {
        let v = start;
        const values = steps.map((d) => {
          v = Math.max(0, d > 2 ** 20 ? d : v + d);
          return v;
        });
        const col = new DeltaColumn(Float64Array.from(values));
        expect(Array.from({ length: values.length }, (_, i) => col.get(i))).toEqual(values);
      }),
      { numRuns: 500 },
    );
  });

  it('finds values in a sorted column, and nothing that is not there', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(2 ** 32 - 1), { maxLength: 400 }),
        fc.array(fc.nat(2 ** 32 - 1)),
        (raw, probes) => {
          const values = Uint32Array.from(raw).sort();
          const col = new DeltaColumn(values);
          values.forEach((x, i) => {
            expect(col.indexOf(x)).toBe(i);
          });
          for (const p of probes) expect(col.indexOf(p)).toBe(values.indexOf(p));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps ascending values in about 2.25 bytes each', () => {
    const values = new Uint32Array(100_000);
    for (let i = 1; i < values.length; i++) values[i] = values[i - 1] + 2 + (i % 300);
    const col = new DeltaColumn(values);
    expect(col.asideCount).toBe(0);
    expect(col.get(99_999)).toBe(values[99_999]);
  });
});
