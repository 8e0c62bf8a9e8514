import { describe, expect, it } from 'vitest';
import { Grow, grown } from './grow.ts';

describe('grown / Grow', () => {
  it('doubles until the room fits, keeps the first `keep` elements, returns the array itself when it fits', () => {
    const a = Uint32Array.from([1, 2, 3, 4]);
    expect(grown(a, 4)).toBe(a);
    const b = grown(a, 5);
    expect(b).toBeInstanceOf(Uint32Array);
    expect(b.length).toBe(8);
    expect([...b.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    const c = grown(a, 20, 2);
    expect(c.length).toBe(32);
    expect([...c.subarray(0, 4)]).toEqual([1, 2, 0, 0]);
    expect(grown(new Float64Array(0), 3).length).toBe(4);
  });

  it('a list pushes past its start, sets beyond its end with zeros between, and hands out a view', () => {
    const g = new Grow(Int32Array, 2);
    for (let i = 0; i < 100; i++) g.push(-i);
    g.set(130, 7);
    expect(g.length).toBe(131);
    expect(g.get(99)).toBe(-99);
    expect(g.get(120)).toBe(0);
    const out = g.take();
    expect(out.length).toBe(131);
    expect(out[130]).toBe(7);
    expect(g.data.length).toBe(0);
  });
});
