import type { TFunction } from 'i18next';
import type React from 'react';
import { type ComponentProps, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Brush,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { GcBlock } from '../../../../contract/inspect.ts';
import type {
  GcMetrics,
  Projection,
  SeriesPoint,
  TrendFit,
} from '../../../../workers/formats/gclog/analysis.ts';
import { useLabel } from '../../i18n/labels.ts';
import { formatBytes, formatCount, formatMs } from '../../lib/format.ts';
import { type ArtifactViewProps, query } from '../view-contract.ts';
import './gc.css';

const MiB = 1024 * 1024;
const MAX_POINTS = 1500;
const SYNC = 'gc-charts';
const MARGIN = { top: 8, right: 48, bottom: 4, left: 8 };
const Y_WIDTH = 80;
type ChartData = ComponentProps<typeof ComposedChart>['data'];
const KIND_COLOR: Record<string, string> = {
  'go-cycle': '#5cb3ff',
  young: '#5cb3ff',
  mixed: '#c792ea',
  full: '#ff6b6b',
  remark: '#ffb454',
  concurrent: '#7fd962',
};

/**
 * A d3 curve that draws every point as a dot (a zero-length segment with a round cap), all in ONE
 * <path>. Recharts' Scatter renders one React element per point, which cost ~200 ms on the UI
 * thread for 1500 pauses; a Line with this curve draws the same dots for the cost of one path.
 */
const dotsCurve = (context: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void }) => ({
  areaStart() {},
  areaEnd() {},
  lineStart() {},
  lineEnd() {},
  point(x: number, y: number) {
    context.moveTo(x, y);
    context.lineTo(x, y);
  },
});

type GridProps = ComponentProps<typeof CartesianGrid>;
type GridAxis = { niceTicks?: readonly unknown[]; scale?: { map(v: never): number | undefined } };
/** Grid lines at the axis' nice ticks. Recharts' default generator re-runs tick-label collision
 *  checks that measure every label with getBoundingClientRect (forced layouts) on each draw. */
const tickCoords = (axis: GridAxis | undefined): number[] => {
  const out: number[] = [];
  for (const v of axis?.niceTicks ?? []) {
    const c = axis?.scale?.map(v as never);
    if (typeof c === 'number' && Number.isFinite(c)) out.push(c);
  }
  return out;
};
const gridX: NonNullable<GridProps['verticalCoordinatesGenerator']> = ({ xAxis }) =>
  tickCoords(xAxis as GridAxis | undefined);
const gridY: NonNullable<GridProps['horizontalCoordinatesGenerator']> = ({ yAxis }) =>
  tickCoords(yAxis as GridAxis | undefined);

const HEAP_SERIES = [
  { key: 'before', name: 'gc_seriesBefore', color: '#6b7686', dash: undefined, width: 1 },
  { key: 'after', name: 'gc_seriesAfter', color: '#5cb3ff', dash: undefined, width: 1 },
  { key: 'live', name: 'gc_seriesLive', color: '#7fd962', dash: undefined, width: 2 },
  { key: 'goal', name: 'gc_seriesGoal', color: '#ffb454', dash: '4 3', width: 1 },
] as const;

interface Range {
  from: number;
  to: number;
}

interface Episode {
  fromMs: number;
  toMs: number;
  count: number;
  value: number;
}

function durationText(ms: number, t: TFunction): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (abs < 7_200_000) return t('gc_durMin', { n: (ms / 60_000).toFixed(1) });
  if (abs < 172_800_000) return t('gc_durHours', { n: (ms / 3_600_000).toFixed(1) });
  return t('gc_durDays', { n: (ms / 86_400_000).toFixed(1) });
}

export default function GcView({ artifact, engine }: ArtifactViewProps) {
  const { t } = useTranslation('views');
  const label = useLabel();
  const gc = artifact.result.gc as GcBlock | undefined;
  const absolute = gc?.absolute === true;
  const metrics = gc?.metrics as GcMetrics | undefined;
  const [points, setPoints] = useState<SeriesPoint[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [zoom, setZoom] = useState<Range>();
  const [drag, setDrag] = useState<{ a: number; b?: number }>();
  const [limitMiB, setLimitMiB] = useState<string>(() =>
    typeof gc?.limitBytes === 'number' ? String(Math.round((gc.limitBytes as number) / MiB)) : '',
  );
  const [fitVisible, setFitVisible] = useState(false);
  const [projection, setProjection] = useState<Projection | undefined>(
    gc?.projection as Projection | undefined,
  );
  const [error, setError] = useState<string>();
  // The charts are first drawn one per task (each is tens of ms of recharts work on the UI thread;
  // all three in one commit made one long task). Later updates redraw them together.
  // The heap chart mounts at once, still empty, while the worker computes the points: the first
  // chart pays ~40 ms of one-off recharts start-up (code compilation, store set-up), which then
  // no longer adds to the task that draws 1500 points.
  const [drawn, setDrawn] = useState(1);
  useEffect(() => {
    if (!loaded || drawn >= 3) return;
    const timer = setTimeout(() => setDrawn((d) => d + 1), 16);
    return () => clearTimeout(timer);
  }, [loaded, drawn]);

  const fmtTime = useCallback(
    (t: number) => {
      if (absolute) return new Date(t).toISOString().slice(11, 23);
      return `${(t / 1000).toFixed(t < 10_000 ? 3 : 1)} s`;
    },
    [absolute],
  );
  const fmtWhen = useCallback(
    (ms: number) =>
      absolute
        ? new Date(ms).toISOString().replace('T', ' ').slice(0, 23)
        : t('gc_afterStart', { s: (ms / 1000).toFixed(3) }),
    [absolute, t],
  );

  // chart points for the visible range (the worker downsamples keeping maxima)
  useEffect(() => {
    let live = true;
    query<{ points: SeriesPoint[] }>(engine, artifact.id, 'series', zoom?.from, zoom?.to, MAX_POINTS)
      .then((r) => {
        if (!live) return;
        setPoints(r.points);
        setLoaded(true);
      })
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [engine, artifact.id, zoom]);

  // projection against the entered limit (MiB), optionally fitted over the visible range only
  useEffect(() => {
    let live = true;
    const mib = Number(limitMiB);
    const bytes =
      limitMiB.trim() !== '' && Number.isFinite(mib) && mib > 0 ? Math.round(mib * MiB) : undefined;
    const timer = setTimeout(() => {
      query<Projection>(
        engine,
        artifact.id,
        'project',
        bytes,
        fitVisible ? zoom?.from : undefined,
        fitVisible ? zoom?.to : undefined,
      )
        // an unchanged projection keeps its identity: a new object would redraw all three charts
        .then((p) => live && setProjection((old) => (sameJson(old, p) ? old : p)))
        .catch((e: unknown) => live && setError(String(e)));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, artifact.id, limitMiB, fitVisible, zoom]);

  const start = gc?.startMs ?? 0;
  const end = gc?.endMs ?? 0;
  const span = Math.max(1, end - start);
  const fit: TrendFit | undefined = projection?.fit;
  const limit = projection?.limitBytes;

  // the fitted line from the first fitted point to the limit (or the end of the log)
  const projected = useMemo(() => {
    if (!fit) return [];
    const slope = fit.slopeBytesPerHour / 3_600_000;
    const at = (t: number) => fit.interceptBytes + slope * (t - fit.fromMs);
    const stop =
      projection?.reachAtMs !== undefined ? Math.min(projection.reachAtMs, end + 3 * span) : fit.toMs;
    return [
      { t: fit.fromMs, proj: at(fit.fromMs) },
      { t: stop, proj: at(stop) },
    ];
  }, [fit, projection?.reachAtMs, end, span]);

  const domain: [number, number] = zoom
    ? [zoom.from, zoom.to]
    : [start, Math.max(end, projected.length ? projected[projected.length - 1].t : end)];

  const heapRows = useMemo(
    () =>
      points.map((p) => ({
        t: p.t,
        before: p.before !== undefined ? p.before / MiB : undefined,
        after: p.after !== undefined ? p.after / MiB : undefined,
        live: p.live !== undefined ? p.live / MiB : undefined,
        goal: p.goal !== undefined ? p.goal / MiB : undefined,
      })),
    [points],
  );
  const projSegment = useMemo(
    () =>
      projected.length === 2
        ? ([
            { x: projected[0].t, y: projected[0].proj / MiB },
            { x: projected[1].t, y: projected[1].proj / MiB },
          ] as const)
        : undefined,
    [projected],
  );
  // one column per collection kind, so each kind is one dotted Line over the same rows
  const pauseRows = useMemo(
    () =>
      points
        .filter((p) => p.pauseMs > 0)
        .map((p) => ({ t: p.t, [p.kind in KIND_COLOR ? p.kind : 'other']: p.pauseMs })),
    [points],
  );
  const pauseKinds = useMemo(() => {
    const seen = new Set<string>();
    for (const p of points) if (p.pauseMs > 0) seen.add(p.kind in KIND_COLOR ? p.kind : 'other');
    return [...seen];
  }, [points]);
  const cpuRows = useMemo(() => points.map((p) => ({ t: p.t, share: p.gcShare })), [points]);

  // Drag-to-zoom from the pointer's x over the plot area (works over empty parts of the axis too).
  const timeAt = (e: React.MouseEvent<HTMLElement>): number => {
    const r = e.currentTarget.getBoundingClientRect();
    const left = MARGIN.left + Y_WIDTH;
    const width = Math.max(1, r.width - left - MARGIN.right);
    const f = Math.min(1, Math.max(0, (e.clientX - r.left - left) / width));
    return domain[0] + f * (domain[1] - domain[0]);
  };
  const dragHandlers = {
    onMouseDown: (e: React.MouseEvent<HTMLElement>) => {
      if (e.button === 0) setDrag({ a: timeAt(e) });
    },
    onMouseMove: (e: React.MouseEvent<HTMLElement>) => {
      if (drag) setDrag({ a: drag.a, b: timeAt(e) });
    },
    onMouseUp: () => {
      if (drag?.b !== undefined && Math.abs(drag.b - drag.a) > (domain[1] - domain[0]) / 500) {
        setZoom({ from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) });
      }
      setDrag(undefined);
    },
    onMouseLeave: () => setDrag(undefined),
  };

  if (!gc) return <p className="gc-empty">{t('gc_noData')}</p>;
  const b2b = (gc.backToBackFull as Episode[] | undefined) ?? [];
  const thrash = (gc.thrashing as Episode[] | undefined) ?? [];
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      domain={domain}
      allowDataOverflow
      // every tick of the ~5 nice ticks: with the default 'preserveEnd' recharts measures each tick
      // label (and again for the grid) with getBoundingClientRect, forcing layouts on every draw
      interval={0}
      tickFormatter={fmtTime}
      stroke="#9aa4b2"
      fontSize={13}
    />
  );

  /** One of the synchronized charts: shared time axis, grid, tooltip, drag-to-zoom and its area. */
  const chart = (
    {
      testId,
      caption,
      height,
      data,
      formatValue,
      legend,
      order,
    }: {
      order: number;
      testId: string;
      caption: string;
      height: number;
      data: ChartData;
      formatValue: (v: number) => string;
      legend?: { name: string; color: string; dashed?: boolean }[];
    },
    series: ReactNode,
  ) => (
    <figure className="gc-chart" data-testid={testId}>
      <figcaption>
        {caption}
        {legend && (
          <ul className="gc-legend" aria-label={t('gc_seriesOf', { caption })}>
            {legend.map((l) => (
              <li key={l.name}>
                <span
                  className={`gc-legend-swatch${l.dashed ? ' gc-legend-dashed' : ''}`}
                  style={{ borderColor: l.color }}
                />
                {l.name}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
      <div className="gc-plot" {...dragHandlers}>
        {drawn <= order ? (
          <div className="gc-plot-pending" style={{ height }} aria-busy="true" />
        ) : (
          <ResponsiveContainer width="100%" height={height}>
            <ComposedChart data={data} syncId={SYNC} margin={MARGIN}>
              <CartesianGrid
                stroke="#2a3240"
                verticalCoordinatesGenerator={gridX}
                horizontalCoordinatesGenerator={gridY}
              />
              {xAxis}
              <Tooltip
                labelFormatter={(v) => fmtTime(Number(v))}
                formatter={(v) => (typeof v === 'number' ? formatValue(v) : String(v))}
                contentStyle={{ background: '#151a22', border: '1px solid #3a4350' }}
              />
              {series}
              {drag?.b !== undefined && (
                <ReferenceArea x1={drag.a} x2={drag.b} fill="#5cb3ff" fillOpacity={0.2} />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );

  return (
    <div className="gc-view" data-testid="gc-view">
      {error && (
        <p className="gc-error" role="alert">
          {error}
        </p>
      )}
      <section className="gc-cards" aria-label={t('gc_summary')} data-testid="gc-summary">
        <Card
          title={t('gc_cycles')}
          value={formatCount(gc.cycles)}
          sub={gc.collector ? String(gc.collector) : label('format', artifact.result.format)}
          rawSub={gc.collector !== undefined}
        />
        <Card
          title={t('gc_pauses')}
          value={`${formatCount(gc.pauses.count)} · ${formatMs(gc.pauses.totalMs)}`}
          sub={`${t('gc_max')} ${formatMs(gc.pauses.maxMs)} · p50 ${formatMs(metrics?.pauses.p50Ms ?? 0)} · p95 ${formatMs(metrics?.pauses.p95Ms ?? 0)} · p99 ${formatMs(gc.pauses.p99Ms)}`}
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
          value={
            fit ? `${fit.slopeBytesPerHour >= 0 ? '+' : ''}${formatBytes(fit.slopeBytesPerHour)}/h` : '—'
          }
          sub={
            fit
              ? `R² ${fit.r2.toFixed(2)} · ${t('gc_points', { n: fit.n })} · ${t(`gc_basis_${fit.basis}`, { defaultValue: fit.basis })}`
              : t('gc_notEnough')
          }
          warn={fit?.rising === true}
          testId="gc-trend"
        />
        <Card
          title={t('gc_maxLive')}
          value={formatBytes(gc.maxLiveBytes)}
          sub={`${t('gc_goalCapacity')} ${formatBytes(gc.maxGoalBytes)}`}
        />
      </section>

      <section className="gc-projection" aria-label={t('gc_projectionAria')} data-testid="gc-projection">
        <label className="gc-limit">
          {t('gc_limit')}
          <input
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={limitMiB}
            onChange={(e) => setLimitMiB(e.target.value)}
            data-testid="gc-limit-input"
            aria-label={t('gc_limitAria')}
          />
        </label>
        <label className="gc-fit-visible">
          <input type="checkbox" checked={fitVisible} onChange={(e) => setFitVisible(e.target.checked)} />
          {t('gc_fitVisible')}
        </label>
        <p className="gc-projection-text" data-testid="gc-projection-reach" aria-live="polite">
          {projectionText(projection, fmtWhen, limit, t)}
        </p>
        {projection?.reason && <p className="gc-projection-reason">{projection.reason}</p>}
        {(b2b.length > 0 || thrash.length > 0) && (
          <ul className="gc-alerts" data-testid="gc-alerts">
            {b2b.map((e) => (
              <li key={`b${e.fromMs}`} className="gc-alert">
                {t('gc_b2b', { n: e.count, from: fmtTime(e.fromMs), to: fmtTime(e.toMs), pct: e.value })}
              </li>
            ))}
            {thrash.map((e) => (
              <li key={`t${e.fromMs}`} className="gc-alert">
                {t('gc_thrashing', {
                  n: e.count,
                  pct: e.value,
                  from: fmtTime(e.fromMs),
                  to: fmtTime(e.toMs),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="gc-zoombar">
        <span data-testid="gc-zoom-range">
          {zoom
            ? t('gc_zoomed', { from: fmtTime(zoom.from), to: fmtTime(zoom.to) })
            : t('gc_wholeLog', { from: fmtTime(start), to: fmtTime(end) })}
        </span>
        <span className="gc-hint">{t('gc_dragHint')}</span>
        <button type="button" onClick={() => setZoom(undefined)} disabled={!zoom} data-testid="gc-zoom-reset">
          {t('resetZoom')}
        </button>
        {gc.eventsDownsampled === true && <span className="gc-hint">{t('gc_downsampled')}</span>}
      </div>

      {chart(
        {
          order: 0,
          testId: 'gc-heap-chart',
          caption: t('gc_heapCaption'),
          height: 300,
          data: heapRows,
          formatValue: (v) => `${v.toFixed(1)} MiB`,
          legend: [
            ...HEAP_SERIES.map((l) => ({ name: t(l.name), color: l.color, dashed: l.dash !== undefined })),
            ...(projSegment ? [{ name: t('gc_projected'), color: '#ff6b6b', dashed: true }] : []),
          ],
        },
        <>
          <YAxis
            interval={0}
            width={Y_WIDTH}
            stroke="#9aa4b2"
            fontSize={13}
            tickFormatter={(v: number) => v.toFixed(0)}
          />
          {HEAP_SERIES.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={t(l.name)}
              stroke={l.color}
              strokeWidth={l.width}
              strokeDasharray={l.dash}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          {projSegment && (
            // a segment, not a Line with its own `data`: that makes recharts merge a second data set
            <ReferenceLine
              segment={projSegment}
              stroke="#ff6b6b"
              strokeDasharray="8 4"
              strokeWidth={2}
              ifOverflow="extendDomain"
            />
          )}
          {limit !== undefined && (
            <ReferenceLine
              y={limit / MiB}
              stroke="#ff6b6b"
              ifOverflow="extendDomain"
              label={{
                value: `${t('gc_limitShort')} ${formatBytes(limit)}`,
                fill: '#ff6b6b',
                position: 'insideTopLeft',
              }}
            />
          )}
          {heapRows.length > 2 && (
            <Brush
              dataKey="t"
              height={22}
              stroke="#5cb3ff"
              fill="#151a22"
              tickFormatter={fmtTime}
              onChange={(r: { startIndex?: number; endIndex?: number }) => {
                if (r.startIndex === undefined || r.endIndex === undefined) return;
                const a = heapRows[r.startIndex]?.t;
                const b = heapRows[r.endIndex]?.t;
                if (a !== undefined && b !== undefined && b > a) setZoom({ from: a, to: b });
              }}
            />
          )}
        </>,
      )}

      {chart(
        {
          order: 1,
          testId: 'gc-pause-chart',
          caption: t('gc_pausesCaption'),
          height: 200,
          data: pauseRows,
          formatValue: formatMs,
          legend: pauseKinds.map((k) => ({
            name: t(`gc_kind_${k}`, { defaultValue: k }),
            color: KIND_COLOR[k] ?? '#c3cad4',
          })),
        },
        <>
          <YAxis interval={0} width={Y_WIDTH} stroke="#9aa4b2" fontSize={13} />
          {pauseKinds.map((k) => (
            <Line
              key={k}
              dataKey={k}
              name={t(`gc_kind_${k}`, { defaultValue: k })}
              type={dotsCurve}
              stroke={KIND_COLOR[k] ?? '#c3cad4'}
              strokeWidth={6}
              strokeLinecap="round"
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </>,
      )}

      {chart(
        {
          order: 2,
          testId: 'gc-cpu-chart',
          caption: t('gc_cpuCaption', { pct: (metrics?.throughputPercent ?? 0).toFixed(2) }),
          height: 180,
          data: cpuRows,
          formatValue: (v) => `${v.toFixed(1)} %`,
        },
        <>
          <YAxis interval={0} width={Y_WIDTH} domain={[0, 100]} stroke="#9aa4b2" fontSize={13} />
          <ReferenceLine
            y={40}
            stroke="#ffb454"
            strokeDasharray="4 3"
            label={{ value: t('gc_thrashingLine'), fill: '#ffb454', position: 'insideTopRight' }}
          />
          <Line
            dataKey="share"
            name="GC %"
            stroke="#c792ea"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </>,
      )}

      {artifact.result.warnings.length > 0 && (
        <details className="gc-warnings">
          <summary>{t('gc_notes', { count: artifact.result.warnings.length })}</summary>
          <ul>
            {artifact.result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function projectionText(
  p: Projection | undefined,
  fmtWhen: (t: number) => string,
  limit: number | undefined,
  t: TFunction,
): string {
  if (!p) return t('gc_projComputing');
  if (p.alreadyReached)
    return t('gc_projReached', {
      limit: formatBytes(limit ?? 0),
      at: p.reachAtMs !== undefined ? t('gc_projAt', { when: fmtWhen(p.reachAtMs) }) : '',
    });
  if (p.reachAtMs === undefined) return t('gc_projNone', { reason: p.reason });
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
  return t('gc_projReaches', {
    limit: formatBytes(limit ?? 0),
    when: fmtWhen(p.reachAtMs),
    left,
    range,
    confidence: t(`gc_conf_${p.confidence}`, { defaultValue: String(p.confidence) }),
  });
}

function Card({
  title,
  value,
  sub,
  warn,
  testId,
  rawSub,
}: {
  title: string;
  value: string;
  sub?: string;
  warn?: boolean;
  testId?: string;
  /** The sub line is data from the log (the collector's name). */
  rawSub?: boolean;
}) {
  return (
    <div className={`gc-card${warn ? ' gc-card-warn' : ''}`} data-testid={testId}>
      <div className="gc-card-title">{title}</div>
      <div className="gc-card-value">{value}</div>
      {sub && (
        <div className="gc-card-sub" data-raw={rawSub || undefined}>
          {sub}
        </div>
      )}
    </div>
  );
}
