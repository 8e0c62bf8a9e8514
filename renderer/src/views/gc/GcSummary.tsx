import { useTranslation } from 'react-i18next';
import type { GcBlock, GcKindRow } from '../../../../contract/inspect.ts';
import type { GcMetrics, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { useLabel } from '../../i18n/labels.ts';
import { formatBytes, formatCount, formatMs } from '../../lib/format.ts';
import { trendHeadline } from './projection-text.ts';

export function Card({
  title,
  value,
  sub,
  note,
  warn,
  testId,
  rawSub,
}: {
  title: string;
  value: string;
  sub?: string;
  /** A caveat printed with the value (e.g. how little log a rate stands on). */
  note?: string;
  warn?: boolean;
  testId?: string;
  /** The sub line is data from the log (the collector's name). */
  rawSub?: boolean;
}) {
  return (
    <div className={`gc-card${warn ? ' gc-card-warn' : ''}`} data-testid={testId}>
      <div className="gc-card-title">{title}</div>
      <div className="gc-card-value">{value}</div>
      {note && <div className="gc-card-note">{note}</div>}
      {sub && (
        <div className="gc-card-sub" data-raw={rawSub || undefined}>
          {sub}
        </div>
      )}
    </div>
  );
}

/** The KPI cards above the charts. */
export function GcSummary({
  gc,
  metrics,
  fit,
  format,
}: {
  gc: GcBlock;
  metrics: GcMetrics | undefined;
  fit: TrendFit | undefined;
  format: string;
}) {
  const { t } = useTranslation('views');
  const label = useLabel();
  const trend = fit ? trendHeadline(fit, t) : undefined;
  const rows = gc.byKind ?? [];
  const worst = rows.reduce<GcKindRow | undefined>(
    (a, r) => (r.totalPauseMs > (a?.totalPauseMs ?? 0) ? r : a),
    undefined,
  );
  return (
    <section className="gc-cards" aria-label={t('gc_summary')} data-testid="gc-summary">
      <Card
        title={t('gc_cycles')}
        value={formatCount(gc.cycles)}
        sub={gc.collector ? String(gc.collector) : label('format', format)}
        rawSub={gc.collector !== undefined}
      />
      <Card
        title={t('gc_pauses')}
        value={`${formatCount(gc.pauses.count)} · ${formatMs(gc.pauses.totalMs)}`}
        sub={`${t('gc_max')} ${formatMs(gc.pauses.maxMs)} · p50 ${formatMs(metrics?.pauses.p50Ms ?? 0)} · p95 ${formatMs(metrics?.pauses.p95Ms ?? 0)} · p99 ${formatMs(gc.pauses.p99Ms)}`}
      />
      <Card
        title={t('gc_mostPause')}
        value={
          worst
            ? `${t(`gc_kind_${worst.kind}`, { defaultValue: worst.label })} · ${formatMs(worst.totalPauseMs)}`
            : '—'
        }
        sub={
          worst
            ? `${formatCount(worst.count)} × · ${t('gc_max')} ${formatMs(worst.maxPauseMs)} · ${t('gc_ofPauseTime', { pct: gc.pauses.totalMs > 0 ? Math.round((worst.totalPauseMs / gc.pauses.totalMs) * 100) : 0 })}`
            : t('gc_noPauses')
        }
        testId="gc-kind-kpi"
      />
      <Card
        title={t('gc_throughput')}
        value={`${(metrics?.throughputPercent ?? 0).toFixed(2)} %`}
        sub={`GC CPU ${gc.gcCpuPercent.toFixed(1)} %${metrics?.gcCpuBasis === 'pause-time' ? t('gc_basisPause') : t('gc_basisRuntime')}`}
        warn={(metrics?.throughputPercent ?? 100) < 95}
      />
      <Card
        title={t('gc_allocation')}
        value={
          metrics?.allocationRateBytesPerSec !== undefined
            ? `${formatBytes(metrics.allocationRateBytesPerSec)}/s`
            : '—'
        }
        sub={
          metrics?.promotionRateBytesPerSec !== undefined
            ? `${t('gc_promotion')} ${formatBytes(metrics.promotionRateBytesPerSec)}/s`
            : `${t('gc_promotion')} —`
        }
      />
      <Card
        title={t('gc_trend')}
        value={trend?.rate ?? '—'}
        note={trend?.extrapolated}
        sub={
          fit
            ? `R² ${fit.r2.toFixed(2)} · ${t('gc_points', { n: fit.n })} · ${t(`gc_basis_${fit.basis}`, { defaultValue: fit.basis })}`
            : t('gc_notEnough')
        }
        warn={fit?.rising === true || trend?.extrapolated !== undefined}
        testId="gc-trend"
      />
      <Card
        title={t('gc_maxLive')}
        value={formatBytes(gc.maxLiveBytes)}
        sub={`${t('gc_goalCapacity')} ${formatBytes(gc.maxGoalBytes)}`}
      />
    </section>
  );
}

/** Pauses per collection kind (GCeasy's "pause time by kind"): count, total, max, mean, share. */
export function GcKindTable({ rows, totalPauseMs }: { rows: GcKindRow[]; totalPauseMs: number }) {
  const { t } = useTranslation('views');
  if (rows.length === 0) return null;
  return (
    <table className="gc-kind-table" data-testid="gc-kind-table">
      <caption>{t('gc_byKind')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('hp_kind')}</th>
          <th scope="col">{t('gr_colCount')}</th>
          <th scope="col">{t('gc_totalPause')}</th>
          <th scope="col">{t('gc_maxCol')}</th>
          <th scope="col">{t('gc_mean')}</th>
          <th scope="col">{t('gc_share')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.kind} data-kind={r.kind}>
            <th scope="row">{t(`gc_kind_${r.kind}`, { defaultValue: r.label })}</th>
            <td>{formatCount(r.count)}</td>
            <td>{formatMs(r.totalPauseMs)}</td>
            <td>{formatMs(r.maxPauseMs)}</td>
            <td>{formatMs(r.meanPauseMs)}</td>
            <td>{totalPauseMs > 0 ? `${((r.totalPauseMs / totalPauseMs) * 100).toFixed(1)} %` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
