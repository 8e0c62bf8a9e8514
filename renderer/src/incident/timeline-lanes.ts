/**
 * What the timeline's lanes draw, as data: one column per series (a GC log and a jstat file each
 * keep their own live-heap line instead of being zigzagged into one), with the colour, dash and
 * legend text of each. Pure.
 */
import type { Timeline, TimelineSeries } from '../../../workers/incident/timeline.ts';

export type HeapKind = 'live-heap' | 'heap-goal' | 'memstats-heap' | 'gc-pause';
export const HEAP_KINDS: readonly HeapKind[] = ['live-heap', 'heap-goal', 'memstats-heap', 'gc-pause'];

/** Colours per kind; a second (third…) source of the same kind takes the next one. */
const PALETTE: Record<HeapKind | 'goroutines', readonly string[]> = {
  'live-heap': ['#5cb3ff', '#b7dcff', '#2f8fe0'],
  'heap-goal': ['#ffb454', '#ffd9a3', '#e08a1e'],
  'memstats-heap': ['#5fd38d', '#a6ecc1'],
  'gc-pause': ['#ff8fa3', '#ffc2cd'],
  goroutines: ['#c792ea'],
};
const DASH: Record<HeapKind, string | undefined> = {
  'live-heap': undefined,
  'heap-goal': '4 3',
  'memstats-heap': undefined,
  'gc-pause': undefined,
};

export interface LaneSeries {
  /** Column of the lane's rows holding this series' values. */
  key: string;
  kind: HeapKind | 'goroutines';
  color: string;
  dash?: string;
  /** Drawn as dots (pauses, dump-time MemStats) rather than a line alone. */
  dots: boolean;
  /** The artifact the series comes from, when the lane has more than one source of its kind. */
  sourceId?: string;
}

export interface Lane {
  series: LaneSeries[];
  rows: (Record<string, number> & { t: number })[];
}

/** The series of `kinds` in the timeline, each with its own column, and the rows joining them by time. */
export function buildLane(timeline: Timeline, kinds: readonly (HeapKind | 'goroutines')[]): Lane {
  const picked = timeline.series.filter((s): s is TimelineSeries & { kind: HeapKind | 'goroutines' } =>
    (kinds as readonly string[]).includes(s.kind),
  );
  // draw order: the order of `kinds`, then the timeline's order
  picked.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
  const perKind = new Map<string, number>();
  for (const s of picked) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  const series: LaneSeries[] = picked.map((s, i) => {
    const nth = seen.get(s.kind) ?? 0;
    seen.set(s.kind, nth + 1);
    const colors = PALETTE[s.kind];
    return {
      key: `s${i}`,
      kind: s.kind,
      color: colors[nth % colors.length],
      ...(s.kind !== 'goroutines' && DASH[s.kind] ? { dash: DASH[s.kind] } : {}),
      dots: s.kind === 'gc-pause' || s.kind === 'memstats-heap' || s.kind === 'goroutines',
      ...((perKind.get(s.kind) ?? 0) > 1 && s.sources.length === 1 ? { sourceId: s.sources[0] } : {}),
    };
  });
  const rows = new Map<number, Record<string, number> & { t: number }>();
  picked.forEach((s, i) => {
    for (const p of s.points) {
      const r = rows.get(p.t) ?? { t: p.t };
      r[`s${i}`] = p.v;
      rows.set(p.t, r);
    }
  });
  return { series, rows: [...rows.values()].sort((a, b) => a.t - b.t) };
}
