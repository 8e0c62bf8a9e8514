import { describe, expect, it } from 'vitest';
import { setAnchor } from './artifacts.ts';
import { computeFindings } from './findings.ts';
import { goIncident, T0 } from './test-fixtures.ts';
import { buildTimeline, stateAt } from './timeline.ts';

const MiB = 1 << 20;
const min = 60_000;

describe('timeline', () => {
  it('orders dumps, the crash and user events on one absolute axis', () => {
    const tl = buildTimeline(goIncident());
    const kinds = tl.events.map((e) => `${e.kind}@${(e.t - T0) / 1000}`);
    expect(kinds).toEqual(
      [
        'deploy@30',
        'goroutine-dump@120',
        'gc@460', // cycle 46 paused 150 ms (>= 100 ms)
        'goroutine-dump@300',
        'goroutine-dump@540',
        'heap-dump@570',
        'memstats@570', // the heap dump's MemStats, at its LastGC
        'alert-fired@600',
        'crash@660',
      ].sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1])),
    );
    const crash = tl.events.find((e) => e.kind === 'crash')!;
    expect(crash.label).toContain('order export queue overflow');
    expect(crash.severity).toBe('critical');
    // the GC log's times rest on its file time (assumed): they never widen the window
    expect(tl.range).toEqual({ startMs: T0 + 30_000, endMs: T0 + 11 * min });
  });

  it('keeps a projected OOM out of the observed range and offers the range that includes it', () => {
    const incident = goIncident();
    const findings = computeFindings(incident);
    const tl = buildTimeline(incident, { findings });
    const projected = tl.events.find((e) => e.kind === 'finding:projected-oom');
    // 29.5 min after the last cycle, well past the 11 minutes of evidence
    expect(projected?.t).toBe(T0 + 600_000 + 29.5 * min);
    expect(tl.range).toEqual({ startMs: T0 + 30_000, endMs: T0 + 11 * min });
    expect(tl.fullRange).toEqual({ startMs: T0 + 30_000, endMs: T0 + 600_000 + 29.5 * min });
    // a projection inside the evidence changes nothing
    const inside = buildTimeline(incident, {
      findings: findings.map((f) => (f.kind === 'projected-oom' ? { ...f, t: T0 + 5 * min } : f)),
    });
    expect(inside.range).toEqual(tl.range);
    expect(inside.fullRange).toBeUndefined();
  });

  it('anchors relative GC times at the file modification time and marks them assumed', () => {
    const tl = buildTimeline(goIncident());
    const live = tl.series.find((s) => s.kind === 'live-heap')!;
    expect(live.assumed).toBe(true);
    expect(live.points).toHaveLength(60);
    expect(live.points[0]).toEqual({ t: T0 + 10_000, v: 20 * MiB });
    expect(live.points[59]).toEqual({ t: T0 + 600_000, v: 79 * MiB });
  });

  it('moves an artifact’s events when its anchor changes', () => {
    const inc = setAnchor(goIncident(), 'gc', T0 + 60_000);
    const tl = buildTimeline(inc);
    const live = tl.series.find((s) => s.kind === 'live-heap')!;
    expect(live.assumed).toBe(false);
    expect(live.points[0].t).toBe(T0 + 70_000);
    const moved = setAnchor(inc, 'g1', T0 + 8 * min);
    const g = buildTimeline(moved).series.find((s) => s.kind === 'goroutines')!;
    expect(g.points.map((p) => (p.t - T0) / min)).toEqual([5, 8, 9, 11]);
    expect(g.points.map((p) => p.v)).toEqual([95, 49, 141, 49]);
  });

  it('gives goroutine totals and per-group counts at each dump', () => {
    const tl = buildTimeline(goIncident());
    const total = tl.series.find((s) => s.kind === 'goroutines')!;
    expect(total.points.map((p) => p.v)).toEqual([49, 95, 141, 49]);
    const leak = tl.series.find(
      (s) => s.kind === 'goroutine-group' && s.label.startsWith('main.exportWorker'),
    )!;
    expect(leak.points.map((p) => p.v)).toEqual([40, 80, 120, 40]);
  });

  it('answers stateAt with the nearest GC cycle, live heap, goroutines and surrounding dumps', () => {
    const tl = buildTimeline(goIncident());
    const s = stateAt(tl, T0 + 5 * min + 4_000);
    expect(s.nearestGc?.t).toBe(T0 + 300_000);
    expect(s.nearestGc?.liveBytes).toBe(49 * MiB);
    expect(s.nearestGc?.goalBytes).toBe(98 * MiB);
    expect(s.liveHeapBytes).toBe(49 * MiB);
    expect(s.goroutines).toEqual({ count: 95, t: T0 + 5 * min, source: 'g2' });
    expect(s.dumpBefore?.source).toBe('g2');
    expect(s.dumpAfter?.source).toBe('g3');
    const early = stateAt(tl, T0);
    expect(early.dumpBefore).toBeUndefined();
    expect(early.goroutines?.count).toBe(49);
  });

  it('marks starred derived events from the incident', () => {
    const inc = goIncident();
    inc.starredDerived = ['cr:crash'];
    const tl = buildTimeline(inc);
    expect(tl.events.filter((e) => e.starred).map((e) => e.id)).toEqual(['u1', 'u2', 'cr:crash']);
  });
});
