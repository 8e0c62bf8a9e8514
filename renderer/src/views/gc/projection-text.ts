import type { Projection, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { formatBytes } from '../../lib/format.ts';
import type { ProjectedSegment } from './heap-axis.ts';

export function durationText(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (abs < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (abs < 172_800_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}

/** "+4.44 GiB/h" — and how little log it stands on when that is less than the hour it speaks of. */
export function trendHeadline(fit: TrendFit): { rate: string; extrapolated?: string } {
  const rate = `${fit.slopeBytesPerHour >= 0 ? '+' : ''}${formatBytes(fit.slopeBytesPerHour)}/h`;
  const span = fit.toMs - fit.fromMs;
  return span < 3_600_000
    ? { rate, extrapolated: `extrapolated from ${durationText(span)} of log` }
    : { rate };
}

export function projectionText(
  p: Projection | undefined,
  fmtWhen: (t: number) => string,
  limit: number | undefined,
  segment: ProjectedSegment | undefined,
): string {
  if (!p) return 'Projection: computing…';
  if (p.alreadyReached)
    return `The heap already reached the limit ${formatBytes(limit ?? 0)}${p.reachAtMs !== undefined ? ` at ${fmtWhen(p.reachAtMs)}` : ''}.`;
  if (p.reachAtMs === undefined) return `No projection: ${p.reason}.`;
  const range =
    p.reachEarliestMs !== undefined
      ? ` (between ${fmtWhen(p.reachEarliestMs)} and ${p.reachLatestMs !== undefined ? fmtWhen(p.reachLatestMs) : 'never'})`
      : '';
  const left =
    p.remainingMs === undefined
      ? ''
      : p.remainingMs >= 0
        ? `, ${durationText(p.remainingMs)} after the log ends`
        : `, ${durationText(-p.remainingMs)} before the log ends`;
  const chart =
    segment && !segment.reachOnChart
      ? ` · beyond the chart: its projection stops at ${fmtWhen(segment.to.t)} (${formatBytes(segment.to.bytes)})`
      : '';
  return `Reaches ${formatBytes(limit ?? 0)} at ${fmtWhen(p.reachAtMs)}${left}${range} · confidence ${p.confidence}${chart}`;
}
