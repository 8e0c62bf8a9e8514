/**
 * The correlated timeline: ONE event model for every source plus numeric series on one absolute
 * time axis. It is derived only from what the incident file keeps (artifact summaries, time
 * anchors, user events), so it still works when the dumps have moved. Pure; cheap to recompute
 * after any edit (changing an anchor moves that artifact's events).
 *
 * The model lives in `timeline-model.ts`, what each source contributes in `timeline-sources.ts`,
 * the window in `timeline-range.ts`; this module puts them together and answers "the state at t".
 */
import type { Incident, IncidentArtifact } from './model.ts';
import type {
  SeriesPoint,
  Timeline,
  TimelineEvent,
  TimelineOptions,
  TimelineSeries,
} from './timeline-model.ts';
import { timelineRanges } from './timeline-range.ts';
import { artifactTimeline, findingEvents, goroutineSeries, userEvents } from './timeline-sources.ts';

export type {
  DerivedEventKind,
  SeriesPoint,
  SeriesUnit,
  Timeline,
  TimelineEvent,
  TimelineOptions,
  TimelineSeries,
} from './timeline-model.ts';
export { groupKey, isProjection, weakest } from './timeline-model.ts';
export { crashMessage } from './timeline-sources.ts';

/** Builds the timeline from an incident (artifact summaries + anchors + user events). */
export function buildTimeline(incident: Incident, options: TimelineOptions = {}): Timeline {
  const pauseEventMs = options.pauseEventMs ?? 100;
  const starred = new Set(incident.starredDerived);
  const events: TimelineEvent[] = [];
  const series: TimelineSeries[] = [];
  const goroutineDumps: { a: IncidentArtifact; t: number }[] = [];
  for (const a of incident.artifacts) {
    const part = artifactTimeline(a, pauseEventMs);
    for (const e of part.events) events.push({ ...e, starred: starred.has(e.id) });
    series.push(...part.series);
    if (part.goroutineDumpAt !== undefined) goroutineDumps.push({ a, t: part.goroutineDumpAt });
  }
  series.push(...goroutineSeries(goroutineDumps));
  events.push(...userEvents(incident));
  events.push(...findingEvents(options.findings ?? [], incident, starred));

  events.sort((x, y) => x.t - y.t || x.id.localeCompare(y.id));
  for (const s of series) s.points.sort((x, y) => x.t - y.t);
  return { events, series, ...timelineRanges(events, series, incident) };
}

/** The state of the system at a moment: what the team sees when they pick a point on the chart. */
export interface StateAt {
  t: number;
  /** Nearest GC cycle (any GC artifact). */
  nearestGc?: { t: number; liveBytes?: number; goalBytes?: number; pauseMs?: number; source: string };
  /** Live heap at t: the last live-heap point at or before t (else the first after). */
  liveHeapBytes?: number;
  /** Goroutine count from the last dump at or before t (else the first after). */
  goroutines?: { count: number; t: number; source: string };
  dumpBefore?: TimelineEvent;
  dumpAfter?: TimelineEvent;
}

/** Index of the last point with p.t <= t, or -1. */
function lastAtOrBefore(points: SeriesPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function atOrNearestBefore(points: SeriesPoint[], t: number): SeriesPoint | undefined {
  if (!points.length) return undefined;
  const i = lastAtOrBefore(points, t);
  return i >= 0 ? points[i] : points[0];
}

const SNAPSHOT_KINDS = new Set(['heap-dump', 'profile', 'goroutine-dump', 'crash']);

/** Computes the state at moment `t` from a built timeline. */
export function stateAt(timeline: Timeline, t: number): StateAt {
  const out: StateAt = { t };
  let best: { d: number; t: number; s: TimelineSeries; i: number } | undefined;
  for (const s of timeline.series) {
    if (s.kind !== 'live-heap' && s.kind !== 'gc-pause') continue;
    const i = lastAtOrBefore(s.points, t);
    for (const j of [i, i + 1]) {
      if (j < 0 || j >= s.points.length) continue;
      const d = Math.abs(s.points[j].t - t);
      if (!best || d < best.d) best = { d, t: s.points[j].t, s, i: j };
    }
  }
  if (best) {
    const src = best.s.sources[0];
    const at = best.t;
    const find = (kind: TimelineSeries['kind']) => {
      const pts = timeline.series.find((s) => s.kind === kind && s.sources[0] === src)?.points;
      if (!pts) return undefined;
      const i = lastAtOrBefore(pts, at);
      return i >= 0 && pts[i].t === at ? pts[i].v : undefined;
    };
    out.nearestGc = { t: at, source: src };
    const live = find('live-heap');
    const goal = find('heap-goal');
    const pause = find('gc-pause');
    if (live !== undefined) out.nearestGc.liveBytes = live;
    if (goal !== undefined) out.nearestGc.goalBytes = goal;
    if (pause !== undefined) out.nearestGc.pauseMs = pause;
  }
  const liveSeries = timeline.series.filter((s) => s.kind === 'live-heap' || s.kind === 'memstats-heap');
  let liveBest: SeriesPoint | undefined;
  for (const s of liveSeries) {
    const p = atOrNearestBefore(s.points, t);
    if (p && (!liveBest || (p.t <= t && (liveBest.t > t || p.t > liveBest.t)))) liveBest = p;
  }
  if (liveBest) out.liveHeapBytes = liveBest.v;
  const gr = timeline.series.find((s) => s.kind === 'goroutines');
  if (gr?.points.length) {
    const i = lastAtOrBefore(gr.points, t);
    const j = Math.max(i, 0);
    out.goroutines = { count: gr.points[j].v, t: gr.points[j].t, source: gr.sources[j] };
  }
  for (const e of timeline.events) {
    if (!SNAPSHOT_KINDS.has(e.kind)) continue;
    if (e.t <= t) out.dumpBefore = e;
    else if (!out.dumpAfter) out.dumpAfter = e;
  }
  return out;
}
