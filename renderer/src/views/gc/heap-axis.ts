import type { Projection, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { byteTicks } from '../../components/lane-geometry.ts';

/** How far past the log's end the chart draws a projection, in log spans. */
export const PROJECTION_SPANS = 3;
/** The limit counts as near (drawn without asking) within this factor of the highest plotted value. */
export const LIMIT_NEAR = 1.5;

const HOUR = 3_600_000;

export interface ProjectedSegment {
  from: { t: number; bytes: number };
  to: { t: number; bytes: number };
  /** Where the text's reach time is: on the chart, or beyond its right edge (then `to` is that edge). */
  reachOnChart: boolean;
}

/**
 * The fitted line from its first point to where the text says the limit is reached, unless that
 * is more than PROJECTION_SPANS log spans past the end: then it stops at the chart's edge and
 * `reachOnChart` is false, so the text can say where the chart's projection stops.
 */
export function projectedSegment(
  fit: TrendFit | undefined,
  projection: Projection | undefined,
  startMs: number,
  endMs: number,
): ProjectedSegment | undefined {
  if (!fit) return undefined;
  const slope = fit.slopeBytesPerHour / HOUR;
  const at = (t: number) => fit.interceptBytes + slope * (t - fit.fromMs);
  const edge = endMs + PROJECTION_SPANS * Math.max(1, endMs - startMs);
  const reach = projection?.reachAtMs;
  const to = reach === undefined ? fit.toMs : Math.min(reach, edge);
  return {
    from: { t: fit.fromMs, bytes: at(fit.fromMs) },
    to: { t: to, bytes: at(to) },
    reachOnChart: reach === undefined || reach <= edge,
  };
}

/**
 * The heap axis: scaled to the plotted heap and the projection; the limit widens it only when it is
 * near (within LIMIT_NEAR of the highest value) or when asked for (`showLimit`).
 */
export function heapAxis(
  dataMax: number,
  segment: ProjectedSegment | undefined,
  limit: number | undefined,
  showLimit: boolean,
): { ticks: number[]; max: number; limitShown: boolean; limitNear: boolean } {
  const top = Math.max(dataMax, segment?.to.bytes ?? 0, segment?.from.bytes ?? 0);
  const limitNear = limit !== undefined && limit <= LIMIT_NEAR * top;
  const limitShown = limit !== undefined && (limitNear || showLimit);
  const ticks = byteTicks((limitShown ? Math.max(top, limit) : top) * 1.05);
  return { ticks, max: ticks[ticks.length - 1], limitShown, limitNear };
}
