import { describe, expect, it } from 'vitest';
import type { Projection, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { byteTicks } from '../../components/lane-geometry.ts';
import { formatBytes } from '../../lib/format.ts';
import { heapAxis, PROJECTION_SPANS, projectedSegment } from './heap-axis.ts';
import { projectionText, trendHeadline } from './projection-text.ts';

const MiB = 1024 * 1024;
// the go-leak sample's figures: 4.6 s of log, +4.44 GiB/h, 256 MiB reached 3.3 min after the end
const fit: TrendFit = {
  basis: 'live',
  n: 88,
  slopeBytesPerHour: 4_769_973_450,
  interceptBytes: 1.5 * MiB,
  fromMs: 0,
  toMs: 4585,
  r2: 0.64,
  slopeStdErrBytesPerHour: 1e8,
  rising: true,
};
const reachAt = (limit: number) =>
  fit.fromMs + ((limit - fit.interceptBytes) / fit.slopeBytesPerHour) * 3_600_000;
const projection = (limit: number): Projection => ({
  limitBytes: limit,
  fit,
  reachAtMs: reachAt(limit),
  remainingMs: reachAt(limit) - 4585,
  alreadyReached: false,
  confidence: 'low',
  reason: '',
});

describe('GC heap chart geometry', () => {
  it('draws the projection to the reach time, or says where it stops', () => {
    const near = projectedSegment(fit, projection(12 * MiB), 0, 4585);
    expect(near?.reachOnChart).toBe(true);
    expect(near?.to.t).toBeCloseTo(reachAt(12 * MiB), 6);
    expect(near?.to.bytes).toBeCloseTo(12 * MiB, 0);
    const far = projectedSegment(fit, projection(256 * MiB), 0, 4585);
    expect(far?.reachOnChart).toBe(false);
    expect(far?.to.t).toBe(4585 * (1 + PROJECTION_SPANS));
    const text = projectionText(projection(256 * MiB), (t) => `${t} ms`, 256 * MiB, far);
    expect(text).toContain(`beyond the chart: its projection stops at ${far?.to.t} ms`);
    expect(projectionText(projection(12 * MiB), String, 12 * MiB, near)).not.toContain('beyond the chart');
  });

  it('scales the axis to the heap; the limit only when near or asked for', () => {
    const seg = projectedSegment(fit, projection(256 * MiB), 0, 4585);
    const auto = heapAxis(21 * MiB, seg, 256 * MiB, false);
    expect(auto.limitShown).toBe(false);
    expect(auto.max).toBeGreaterThanOrEqual(seg?.to.bytes ?? 0);
    expect(auto.max).toBeLessThan(64 * MiB);
    expect(heapAxis(21 * MiB, seg, 256 * MiB, true)).toMatchObject({ limitShown: true });
    expect(heapAxis(21 * MiB, seg, 256 * MiB, true).max).toBeGreaterThanOrEqual(256 * MiB);
    expect(heapAxis(21 * MiB, undefined, 28 * MiB, false)).toMatchObject({
      limitShown: true,
      limitNear: true,
    });
  });

  it('ticks are round binary units, labelled by the one byte formatter', () => {
    for (const max of [900, 30 * MiB, 260 * MiB, 5.5 * 1024 * MiB]) {
      const t = byteTicks(max);
      expect(t[0]).toBe(0);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t.length).toBeLessThanOrEqual(7);
      for (const v of t)
        expect(formatBytes(v)).toMatch(/^\d+(\.0+)? (B|KiB|MiB|GiB)$|^\d+\.\d?[05]0? (KiB|MiB|GiB)$/);
    }
  });

  it('an hourly rate from seconds of log says so', () => {
    expect(trendHeadline(fit)).toEqual({
      rate: '+4.44 GiB/h',
      extrapolated: 'extrapolated from 4.6 s of log',
    });
    expect(trendHeadline({ ...fit, toMs: 7_200_000 }).extrapolated).toBeUndefined();
  });
});
