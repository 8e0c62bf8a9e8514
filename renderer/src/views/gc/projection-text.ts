import type { TFunction } from 'i18next';
import type { Projection, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { engineString } from '../../i18n/engine-text.tsx';
import { i18next } from '../../i18n/index.ts';
import { formatBytes } from '../../lib/format.ts';
import type { ProjectedSegment } from './heap-axis.ts';

/** The English texts, for callers outside the UI (tests); the view passes its own `t`. */
const english: TFunction = i18next.getFixedT('en', 'views');

export function durationText(ms: number, t: TFunction = english): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (abs < 7_200_000) return t('gc_durMin', { n: (ms / 60_000).toFixed(1) });
  if (abs < 172_800_000) return t('gc_durHours', { n: (ms / 3_600_000).toFixed(1) });
  return t('gc_durDays', { n: (ms / 86_400_000).toFixed(1) });
}

/** "+4.44 GiB/h" — and how little log it stands on when that is less than the hour it speaks of. */
export function trendHeadline(
  fit: TrendFit,
  t: TFunction = english,
): { rate: string; extrapolated?: string } {
  const rate = `${fit.slopeBytesPerHour >= 0 ? '+' : ''}${formatBytes(fit.slopeBytesPerHour)}/h`;
  const span = fit.toMs - fit.fromMs;
  return span < 3_600_000
    ? { rate, extrapolated: t('gc_extrapolated', { d: durationText(span, t) }) }
    : { rate };
}

export function projectionText(
  p: Projection | undefined,
  fmtWhen: (t: number) => string,
  limit: number | undefined,
  segment: ProjectedSegment | undefined,
  t: TFunction = english,
  lng = 'en',
): string {
  if (!p) return t('gc_projComputing');
  if (p.alreadyReached)
    return t('gc_projReached', {
      limit: formatBytes(limit ?? 0),
      at: p.reachAtMs !== undefined ? t('gc_projAt', { when: fmtWhen(p.reachAtMs) }) : '',
    });
  if (p.reachAtMs === undefined)
    return t('gc_projNone', { reason: engineString(lng, p.reasonMsg, p.reason) });
  const range =
    p.reachEarliestMs !== undefined
      ? t('gc_projRange', {
          from: fmtWhen(p.reachEarliestMs),
          to: p.reachLatestMs !== undefined ? fmtWhen(p.reachLatestMs) : t('gc_never'),
        })
      : '';
  const left =
    p.remainingMs === undefined
      ? ''
      : p.remainingMs >= 0
        ? t('gc_projAfterEnd', { d: durationText(p.remainingMs, t) })
        : t('gc_projBeforeEnd', { d: durationText(-p.remainingMs, t) });
  const chart =
    segment && !segment.reachOnChart
      ? t('gc_projBeyond', { when: fmtWhen(segment.to.t), bytes: formatBytes(segment.to.bytes) })
      : '';
  return t('gc_projReaches', {
    limit: formatBytes(limit ?? 0),
    when: fmtWhen(p.reachAtMs),
    left,
    range,
    confidence: t(`gc_conf_${p.confidence}`, { defaultValue: String(p.confidence) }),
    chart,
  });
}
