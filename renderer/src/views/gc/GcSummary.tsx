import type { GcBlock, GcKindRow } from '../../../../contract/inspect.ts';
import type { GcMetrics, TrendFit } from '../../../../workers/formats/gclog/analysis.ts';
import { formatBytes, formatCount, formatMs } from '../../lib/format.ts';
import { trendHeadline } from './projection-text.ts';

export function Card({
  title,
  value,
  sub,
  note,
  warn,
  testId,
}: {
  title: string;
  value: string;
  sub?: string;
  /** A caveat printed with the value (e.g. how little log a rate stands on). */
  note?: string;
  warn?: boolean;
  testId?: string;
}) {
  return (
    <div className={`gc-card${warn ? ' gc-card-warn' : ''}`} data-testid={testId}>
      <div className="gc-card-title">{title}</div>
      <div className="gc-card-value">{value}</div>
      {note && <div className="gc-card-note">{note}</div>}
      {sub && <div className="gc-card-sub">{sub}</div>}
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
  const trend = fit ? trendHeadline(fit) : undefined;
  const rows = gc.byKind ?? [];
  const worst = rows.reduce<GcKindRow | undefined>(
    (a, r) => (r.totalPauseMs > (a?.totalPauseMs ?? 0) ? r : a),
    undefined,
  );
  return (
    <section className="gc-cards" aria-label="GC summary" data-testid="gc-summary">
      <Card
        title="Cycles"
        value={formatCount(gc.cycles)}
        sub={gc.collector ? String(gc.collector) : format}
      />
      <Card
        title="Pauses"
        value={`${formatCount(gc.pauses.count)} · ${formatMs(gc.pauses.totalMs)}`}
        sub={`max ${formatMs(gc.pauses.maxMs)} · p50 ${formatMs(metrics?.pauses.p50Ms ?? 0)} · p95 ${formatMs(metrics?.pauses.p95Ms ?? 0)} · p99 ${formatMs(gc.pauses.p99Ms)}`}
      />
      <Card
        title="Most pause time"
        value={worst ? `${worst.label} · ${formatMs(worst.totalPauseMs)}` : '—'}
        sub={
          worst
            ? `${formatCount(worst.count)} × · max ${formatMs(worst.maxPauseMs)} · ${gc.pauses.totalMs > 0 ? Math.round((worst.totalPauseMs / gc.pauses.totalMs) * 100) : 0} % of pause time`
            : 'no pauses'
        }
        testId="gc-kind-kpi"
      />
      <Card
        title="Throughput"
        value={`${(metrics?.throughputPercent ?? 0).toFixed(2)} %`}
        sub={`GC CPU ${gc.gcCpuPercent.toFixed(1)} %${metrics?.gcCpuBasis === 'pause-time' ? ' (pause time)' : ' (runtime)'}`}
        warn={(metrics?.throughputPercent ?? 100) < 95}
      />
      <Card
        title="Allocation"
        value={
          metrics?.allocationRateBytesPerSec !== undefined
            ? `${formatBytes(metrics.allocationRateBytesPerSec)}/s`
            : '—'
        }
        sub={
          metrics?.promotionRateBytesPerSec !== undefined
            ? `promotion ${formatBytes(metrics.promotionRateBytesPerSec)}/s`
            : 'promotion —'
        }
      />
      <Card
        title="Live heap trend"
        value={trend?.rate ?? '—'}
        note={trend?.extrapolated}
        sub={fit ? `R² ${fit.r2.toFixed(2)} · ${fit.n} points · ${fit.basis}` : 'not enough points'}
        warn={fit?.rising === true || trend?.extrapolated !== undefined}
        testId="gc-trend"
      />
      <Card
        title="Max live / goal"
        value={formatBytes(gc.maxLiveBytes)}
        sub={`goal/capacity ${formatBytes(gc.maxGoalBytes)}`}
      />
    </section>
  );
}

/** Pauses per collection kind (GCeasy's "pause time by kind"): count, total, max, mean, share. */
export function GcKindTable({ rows, totalPauseMs }: { rows: GcKindRow[]; totalPauseMs: number }) {
  if (rows.length === 0) return null;
  return (
    <table className="gc-kind-table" data-testid="gc-kind-table">
      <caption>Pauses by kind</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Count</th>
          <th scope="col">Total pause</th>
          <th scope="col">Max</th>
          <th scope="col">Mean</th>
          <th scope="col">Share of pause time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.kind} data-kind={r.kind}>
            <th scope="row">{r.label}</th>
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
