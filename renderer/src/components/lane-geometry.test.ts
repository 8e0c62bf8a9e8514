import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byteTicks,
  countTicks,
  dotsPath,
  type LaneRow,
  linePath,
  nearestIndex,
  timeScale,
  valueScale,
} from './lane-geometry.ts';

const plot = { left: 10, top: 0, width: 100, height: 50 };

describe('axis ticks', () => {
  it('count ticks are round numbers from 0 past the maximum, without float residue', () => {
    expect(countTicks(0.19)).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(countTicks(147, 5, true)).toEqual([0, 50, 100, 150]);
    expect(countTicks(2, 5, true)).toEqual([0, 1, 2]);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (max) => {
        const t = countTicks(max);
        expect(t[0]).toBe(0);
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
        expect(t.length).toBeLessThanOrEqual(7);
        for (const v of t) expect(Number(v.toPrecision(6))).toBe(v);
      }),
    );
  });
  it('byte ticks step in round binary units', () => {
    expect(byteTicks(30 * 1024 ** 2)).toEqual([0, 10, 20, 30].map((m) => m * 1024 ** 2));
  });
});

describe('scales and nearest row', () => {
  it('maps the domain onto the plot', () => {
    const x = timeScale([1000, 2000], plot);
    expect(x(1000)).toBe(10);
    expect(x(2000)).toBe(110);
    const y = valueScale(0, 10, plot);
    expect(y(0)).toBe(50);
    expect(y(10)).toBe(0);
  });
  it('finds the nearest row by time', () => {
    const rows = [{ t: 0 }, { t: 10 }, { t: 20 }];
    expect(nearestIndex(rows, -5)).toBe(0);
    expect(nearestIndex(rows, 4)).toBe(0);
    expect(nearestIndex(rows, 6)).toBe(1);
    expect(nearestIndex(rows, 99)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

describe('paths', () => {
  const rows: LaneRow[] = [{ t: 0, a: 1 }, { t: 10 }, { t: 20, a: 3, b: 1 }, { t: 30, a: 2 }];
  const x = timeScale([0, 30], { left: 0, top: 0, width: 300, height: 100 });
  const y = valueScale(0, 10, { left: 0, top: 0, width: 300, height: 100 });
  it('a line bridges rows without a value', () => {
    expect(linePath(rows, 'a', x, y, [0, 30])).toBe('M0,90L200,70L300,80');
  });
  it('a zoomed line runs on to the neighbours outside the domain', () => {
    expect(linePath(rows, 'a', x, y, [15, 25])).toBe('M0,90L200,70L300,80');
    expect(linePath(rows, 'b', x, y, [0, 10])).toBe('M200,90');
  });
  it('dots are one M each, only inside the domain', () => {
    expect(dotsPath(rows, 'a', x, y, [0, 30])).toBe('M0,90h0M200,70h0M300,80h0');
    expect(dotsPath(rows, 'a', x, y, [15, 25])).toBe('M200,70h0');
  });
  it('a million rows draw as at most four points per pixel column, keeping the peaks', () => {
    const n = 1_000_000;
    const many: LaneRow[] = Array.from({ length: n }, (_, i) => ({ t: i, v: i === 500_123 ? 100 : i % 7 }));
    const sx = timeScale([0, n - 1], { left: 0, top: 0, width: 500, height: 100 });
    const sy = valueScale(0, 100, { left: 0, top: 0, width: 500, height: 100 });
    const d = linePath(many, 'v', sx, sy, [0, n - 1]);
    const points = d.split(/[ML]/).filter(Boolean);
    expect(points.length).toBeLessThanOrEqual(4 * 501);
    expect(points.some((p) => p.endsWith(',0'))).toBe(true);
  });
});
