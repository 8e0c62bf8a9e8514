import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectIndex } from './graph.ts';

/** The oracle: the object whose [addr, addr + max(size, 1)) holds v, by a linear scan, or -1. */
function containing(addr: Float64Array, size: Float64Array, v: number): number {
  for (let i = 0; i < addr.length; i++) if (v >= addr[i] && v < addr[i] + Math.max(size[i], 1)) return i;
  return -1;
}

describe('ObjectIndex', () => {
  it('finds the same containing object as a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 300 })), {
          minLength: 0,
          maxLength: 200,
        }),
        fc.array(fc.integer({ min: 0, max: 70_000 }), { minLength: 1, maxLength: 100 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (objs, probes, base) => {
          // objects laid out by gaps and sizes (size 0 allowed), sorted by construction
          const addr = new Float64Array(objs.length);
          const size = new Float64Array(objs.length);
          let at = base;
          objs.forEach(([gap, sz], i) => {
            at += gap;
            addr[i] = at;
            size[i] = sz;
            at += sz;
          });
          const index = new ObjectIndex(addr, size);
          for (const p of probes) {
            const v = base + p;
            expect(index.find(v)).toBe(containing(addr, size, v));
          }
          if (objs.length) {
            expect(index.find(addr[0])).toBe(0);
            expect(index.find(addr[objs.length - 1])).toBe(objs.length - 1);
          }
          expect(index.find(base - 1)).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles a sparse heap (objects gigabytes apart) with a small table', () => {
    const addr = new Float64Array([0xc000000000, 0xc000000040, 0xd000000000, 0xe000000000]);
    const size = new Float64Array([64, 32, 16, 8]);
    const index = new ObjectIndex(addr, size);
    expect(index.find(0xc000000020)).toBe(0);
    expect(index.find(0xc000000050)).toBe(1);
    expect(index.find(0xc000000060)).toBe(-1);
    expect(index.find(0xd00000000f)).toBe(2);
    expect(index.find(0xe000000008)).toBe(-1);
    expect(index.find(0xe000000007)).toBe(3);
  });
});
