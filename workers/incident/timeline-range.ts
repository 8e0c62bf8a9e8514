/**
 * The timeline's window: `range` spans what was observed at real (evidence / user) times, falling back
 * to every time when nothing is real; `fullRange` widens it to projections (projected OOM) outside it.
 */
import { anchorIsReal } from './anchors.ts';
import type { Incident } from './model.ts';
import {
  isProjection,
  isReal,
  type Timeline,
  type TimelineEvent,
  type TimelineSeries,
} from './timeline-model.ts';

interface Span {
  lo: number;
  hi: number;
}

/** Earliest and latest non-projected time (only real ones when `onlyReal`); infinite when none. */
function observedSpan(
  events: TimelineEvent[],
  series: TimelineSeries[],
  incident: Incident,
  onlyReal: boolean,
): Span {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (isProjection(e) || (onlyReal && !isReal(e.anchor))) continue;
    lo = Math.min(lo, e.t);
    hi = Math.max(hi, e.t);
  }
  for (const s of series) {
    if (!s.points.length) continue;
    if (onlyReal && !isReal(s.anchor)) {
      // a mixed series (dumps of several anchors): only its real points count
      if (s.kind !== 'goroutines' && s.kind !== 'goroutine-group') continue;
      s.points.forEach((p, i) => {
        const a = incident.artifacts.find((x) => x.id === s.sources[i]);
        if (!a || !anchorIsReal(a.timeAnchor)) return;
        lo = Math.min(lo, p.t);
        hi = Math.max(hi, p.t);
      });
      continue;
    }
    lo = Math.min(lo, s.points[0].t);
    hi = Math.max(hi, s.points[s.points.length - 1].t);
  }
  return { lo, hi };
}

/** `range` and `fullRange` of sorted events and series (points sorted by time). */
export function timelineRanges(
  events: TimelineEvent[],
  series: TimelineSeries[],
  incident: Incident,
): Pick<Timeline, 'range' | 'fullRange'> {
  let { lo, hi } = observedSpan(events, series, incident, true);
  if (!Number.isFinite(lo)) ({ lo, hi } = observedSpan(events, series, incident, false));
  let fullLo = lo;
  let fullHi = hi;
  for (const e of events) {
    if (!isProjection(e)) continue;
    fullLo = Math.min(fullLo, e.t);
    fullHi = Math.max(fullHi, e.t);
  }
  if (!Number.isFinite(fullLo)) return {};
  // only projections: they are the range
  if (!Number.isFinite(lo)) return { range: { startMs: fullLo, endMs: fullHi } };
  return {
    range: { startMs: lo, endMs: hi },
    ...(fullLo < lo || fullHi > hi ? { fullRange: { startMs: fullLo, endMs: fullHi } } : {}),
  };
}
