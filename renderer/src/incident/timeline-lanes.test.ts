import { describe, expect, it } from 'vitest';
import type { Timeline, TimelineSeries } from '../../../workers/incident/timeline.ts';
import { buildLane, HEAP_KINDS } from './timeline-lanes.ts';

function series(
  id: string,
  kind: TimelineSeries['kind'],
  source: string,
  points: [number, number][],
): TimelineSeries {
  return {
    id,
    kind,
    label: id,
    unit: kind === 'gc-pause' ? 'ms' : 'bytes',
    sources: [source],
    assumed: false,
    anchor: 'evidence',
    points: points.map(([t, v]) => ({ t, v })),
  };
}

describe('timeline lanes', () => {
  const timeline: Timeline = {
    events: [],
    series: [
      series('gc:live', 'live-heap', 'gc', [
        [1, 10],
        [3, 30],
      ]),
      series('jstat:live', 'live-heap', 'jstat', [
        [2, 20],
        [3, 31],
      ]),
      series('gc:goal', 'heap-goal', 'gc', [[1, 100]]),
      series('gc:pause', 'gc-pause', 'gc', [[1, 0.5]]),
      series('g', 'goroutines', 'dump', [[5, 49]]),
    ],
  };

  it('keeps each source of a kind on its own line, told apart by colour and named by source', () => {
    const lane = buildLane(timeline, HEAP_KINDS);
    expect(lane.series.map((s) => [s.kind, s.sourceId])).toEqual([
      ['live-heap', 'gc'],
      ['live-heap', 'jstat'],
      ['heap-goal', undefined],
      ['gc-pause', undefined],
    ]);
    expect(new Set(lane.series.map((s) => s.color)).size).toBe(4);
    expect(lane.series.find((s) => s.kind === 'heap-goal')?.dash).toBeDefined();
    expect(lane.series.find((s) => s.kind === 'gc-pause')?.dots).toBe(true);
    // the two live-heap lines do not zigzag into one column: t=3 holds both values
    const [a, b] = lane.series;
    expect(lane.rows.map((r) => r.t)).toEqual([1, 2, 3]);
    expect(lane.rows[2][a.key]).toBe(30);
    expect(lane.rows[2][b.key]).toBe(31);
    expect(lane.rows[1][a.key]).toBeUndefined();
  });

  it('draws only the kinds asked for', () => {
    const lane = buildLane(timeline, ['goroutines']);
    expect(lane.series.map((s) => s.kind)).toEqual(['goroutines']);
    expect(lane.rows).toEqual([{ t: 5, [lane.series[0].key]: 49 }]);
  });
});
