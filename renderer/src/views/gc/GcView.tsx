import type React from 'react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesPoint } from '../../../../workers/formats/gclog/analysis.ts';
import { GC_KIND_LABEL, type GcEventKind } from '../../../../workers/formats/gclog/model.ts';
import { createHoverStore, type LaneAxis } from '../../components/LaneChart.tsx';
import { countTicks, spanTicks } from '../../components/lane-geometry.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { TimeBrush } from '../../components/TimeBrush.tsx';
import { useWidth } from '../../components/use-width.ts';
import { timeTicks } from '../../incident/time-ticks.ts';
import { formatBytes, formatMs } from '../../lib/format.ts';
import { delay, useQuery } from '../../lib/use-query.ts';
import { type ArtifactViewProps, query } from '../view-contract.ts';
import { type ChartFrame, GcChart, type GcSeries, MARGIN, Y_WIDTH } from './GcChart.tsx';
import { GcProjectionPanel } from './GcProjectionPanel.tsx';
import { GcKindTable, GcSummary } from './GcSummary.tsx';
import { heapAxis, projectedSegment } from './heap-axis.ts';
import './gc.css';
import { EngineText } from '../../i18n/engine-text.tsx';

const MiB = 1024 * 1024;
const MAX_POINTS = 1500;
const KIND_COLOR: Record<string, string> = {
  'go-cycle': '#5cb3ff',
  young: '#5cb3ff',
  mixed: '#c792ea',
  full: '#ff6b6b',
  'initial-mark': '#e6c07b',
  remark: '#ffb454',
  cleanup: '#56b6c2',
  concurrent: '#7fd962',
};
const kindLabel = (k: string) => GC_KIND_LABEL[k as GcEventKind] ?? 'Other';
/** A collection kind in the UI language (`GC_KIND_LABEL` keeps the English for the CLI and report). */
export function useKindLabel(): (k: string) => string {
  const { t } = useTranslation('views');
  return useCallback((k: string) => t(`gc_kind_${k}`, { defaultValue: kindLabel(k) }), [t]);
}

const CPU_AXIS = {
  ticks: [0, 20, 40, 60, 80, 100],
  domain: [0, 100] as const,
  format: (v: number) => `${v} %`,
};

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

export default function GcView({ artifact, engine }: ArtifactViewProps) {
  const { t } = useTranslation('views');
  const gcKind = useKindLabel();
  const gc = artifact.result.gc;
  const absolute = gc?.absolute === true;
  const metrics = gc?.metrics;
  const [zoom, setZoom] = useState<Range>();
  const [drag, setDrag] = useState<{ a: number; b?: number }>();
  const [limitMiB, setLimitMiB] = useState<string>(() =>
    typeof gc?.limitBytes === 'number' ? String(Math.round(gc.limitBytes / MiB)) : '',
  );
  const [fitVisible, setFitVisible] = useState(false);
  const [showLimit, setShowLimit] = useState(false);
  // chart points for the visible range (the worker downsamples keeping maxima)
  const seriesQuery = useQuery(
    () => query(engine, artifact.id, 'gc', 'series', zoom?.from, zoom?.to, MAX_POINTS),
    [engine, artifact.id, zoom],
  );
  const points = seriesQuery.data?.points ?? NO_POINTS;
  // projection against the entered limit (MiB), optionally fitted over the visible range only
  const projectQuery = useQuery(
    (signal) => {
      const mib = Number(limitMiB);
      const bytes =
        limitMiB.trim() !== '' && Number.isFinite(mib) && mib > 0 ? Math.round(mib * MiB) : undefined;
      return delay(150, signal).then(() =>
        query(
          engine,
          artifact.id,
          'gc',
          'project',
          bytes,
          fitVisible ? zoom?.from : undefined,
          fitVisible ? zoom?.to : undefined,
        ),
      );
    },
    [engine, artifact.id, limitMiB, fitVisible, zoom],
  );
  // an unchanged projection keeps its identity: a new object would redraw all three charts
  const projection = useSameJson(projectQuery.data ?? gc?.projection);
  const hover = useMemo(createHoverStore, []);

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

  const start = gc?.startMs ?? 0;
  const end = gc?.endMs ?? 0;
  const fit = projection?.fit;
  const limit = projection?.limitBytes;
  const segment = useMemo(() => projectedSegment(fit, projection, start, end), [fit, projection, start, end]);

  const domain: [number, number] = zoom
    ? [zoom.from, zoom.to]
    : [start, Math.max(end, segment ? segment.to.t : end)];

  const heapRows = useMemo(
    () => points.map((p) => ({ t: p.t, before: p.before, after: p.after, live: p.live, goal: p.goal })),
    [points],
  );
  const dataMax = useMemo(() => {
    let m = 0;
    for (const p of points) m = Math.max(m, p.before ?? 0, p.after ?? 0, p.live ?? 0, p.goal ?? 0);
    return m;
  }, [points]);
  const axis = useMemo(
    () => heapAxis(dataMax, segment, limit, showLimit),
    [dataMax, segment, limit, showLimit],
  );
  // the charts' axes keep their identity between renders (a drag re-renders the view on every move)
  const heapY = useMemo(
    (): LaneAxis => ({ ticks: axis.ticks, domain: [0, axis.max], format: formatBytes }),
    [axis],
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
  const pauseY = useMemo((): LaneAxis => {
    const max = points.reduce((m, p) => Math.max(m, p.pauseMs), 0);
    return { ticks: countTicks(max * 1.05), format: (v) => `${v} ms` };
  }, [points]);
  const heapSeries = useMemo(
    (): GcSeries[] =>
      HEAP_SERIES.map((l) => ({
        key: l.key,
        name: t(l.name),
        color: l.color,
        ...(l.dash ? { dash: l.dash } : {}),
        width: l.width,
        axis: 'left',
        shape: 'line',
        format: formatBytes,
      })),
    [t],
  );
  const pauseSeries = useMemo(
    (): GcSeries[] =>
      pauseKinds.map((k) => ({
        key: k,
        name: gcKind(k),
        color: KIND_COLOR[k] ?? '#c3cad4',
        axis: 'left',
        shape: 'dots',
        format: formatMs,
      })),
    [pauseKinds, gcKind],
  );
  const cpuSeries = useMemo(
    (): GcSeries[] => [
      {
        key: 'share',
        name: t('gc_seriesCpu'),
        color: '#c792ea',
        axis: 'left',
        shape: 'line',
        format: (v) => `${v.toFixed(1)} %`,
      },
    ],
    [t],
  );
  const [brushRef, brushWidth] = useWidth<HTMLDivElement>();

  // Drag-to-zoom from the pointer's x over the plot area (works over empty parts of the axis too).
  const timeAt = (e: React.MouseEvent<HTMLElement>): number => {
    const r = e.currentTarget.getBoundingClientRect();
    const left = MARGIN.left + Y_WIDTH;
    const width = Math.max(1, r.width - left - MARGIN.right);
    const f = Math.min(1, Math.max(0, (e.clientX - r.left - left) / width));
    return domain[0] + f * (domain[1] - domain[0]);
  };
  const xAxis = useMemo(() => {
    const [d0, d1] = domain;
    if (absolute) {
      const tt = timeTicks(d0, d1, 'UTC', 6);
      const labels = new Map(tt.ticks.map((t, i) => [t, tt.labels[i]]));
      return { ticks: tt.ticks, label: (t: number) => labels.get(t) ?? fmtTime(t) };
    }
    const ticks = spanTicks(d0, d1, 6);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1000;
    const digits = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
    return { ticks, label: (t: number) => `${(t / 1000).toFixed(digits)} s` };
  }, [domain[0], domain[1], absolute, fmtTime]);
  const frame: ChartFrame = {
    domain,
    ticks: xAxis.ticks,
    tickLabel: xAxis.label,
    fmtTime,
    hover,
    drag,
    dragHandlers: {
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
    },
  };

  if (!gc) return <p className="gc-empty">{t('gc_noData')}</p>;
  return (
    <div className="gc-view" data-testid="gc-view">
      <QueryState query={seriesQuery} />
      <QueryState query={{ ...projectQuery, loading: false }} />
      <GcSummary gc={gc} metrics={metrics} fit={fit} format={artifact.result.format} />
      <GcKindTable rows={gc.byKind ?? []} totalPauseMs={gc.pauses.totalMs} />
      <GcProjectionPanel
        limitMiB={limitMiB}
        onLimitMiB={setLimitMiB}
        fitVisible={fitVisible}
        onFitVisible={setFitVisible}
        projection={projection}
        segment={segment}
        fmtWhen={fmtWhen}
        fmtTime={fmtTime}
        backToBack={(gc.backToBackFull as Episode[] | undefined) ?? []}
        thrashing={(gc.thrashing as Episode[] | undefined) ?? []}
      />

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
        {limit !== undefined && !axis.limitNear && (
          <label className="gc-show-limit">
            <input
              type="checkbox"
              checked={showLimit}
              onChange={(e) => setShowLimit(e.target.checked)}
              data-testid="gc-show-limit"
            />
            {t('gc_showLimit', { limit: formatBytes(limit) })}
          </label>
        )}
        {gc.eventsDownsampled === true && <span className="gc-hint">{t('gc_downsampled')}</span>}
      </div>

      <GcChart
        frame={frame}
        testId="gc-heap-chart"
        caption={t('gc_heap')}
        height={280}
        rows={heapRows}
        series={heapSeries}
        axis={heapY}
        legend={[
          ...HEAP_SERIES.map((l) => ({ name: t(l.name), color: l.color, dashed: l.dash !== undefined })),
          ...(segment ? [{ name: t('gc_projected'), color: '#ff6b6b', dashed: true }] : []),
          ...(axis.limitShown && limit !== undefined ? [{ name: t('gc_limitShort'), color: '#ff6b6b' }] : []),
        ]}
        attrs={{
          'data-y-max': String(axis.max),
          'data-limit-shown': String(axis.limitShown),
          'data-projection-end': segment ? String(segment.to.t) : '',
        }}
        extra={({ x, y, plot }) => (
          <>
            {segment ? (
              <line
                className="gc-projection"
                x1={x(segment.from.t)}
                y1={y(segment.from.bytes)}
                x2={x(segment.to.t)}
                y2={y(segment.to.bytes)}
                stroke="#ff6b6b"
                strokeDasharray="8 4"
                strokeWidth={2}
              />
            ) : null}
            {axis.limitShown && limit !== undefined ? (
              <>
                <line
                  x1={plot.left}
                  x2={plot.left + plot.width}
                  y1={y(limit)}
                  y2={y(limit)}
                  stroke="#ff6b6b"
                />
                <text x={plot.left + 6} y={y(limit) + 16} fill="#ff6b6b">
                  {`${t('gc_limitShort')} ${formatBytes(limit)}`}
                </text>
              </>
            ) : null}
          </>
        )}
      />
      <div ref={brushRef}>
        {heapRows.length > 2 && brushWidth > 0 ? (
          <TimeBrush
            full={[start, Math.max(end, segment ? segment.to.t : end, start + 1)]}
            shown={domain}
            left={MARGIN.left + Y_WIDTH}
            width={Math.max(0, brushWidth - MARGIN.left - Y_WIDTH - MARGIN.right)}
            label={fmtTime}
            onChange={setZoom}
          />
        ) : null}
      </div>

      <GcChart
        frame={frame}
        testId="gc-pause-chart"
        caption={t('gc_pausesCaption')}
        height={200}
        rows={pauseRows}
        series={pauseSeries}
        axis={pauseY}
        legend={pauseKinds.map((k) => ({ name: gcKind(k), color: KIND_COLOR[k] ?? '#c3cad4' }))}
      />

      <GcChart
        frame={frame}
        testId="gc-cpu-chart"
        caption={t('gc_cpuCaption', { pct: (metrics?.throughputPercent ?? 0).toFixed(2) })}
        height={180}
        rows={cpuRows}
        series={cpuSeries}
        axis={CPU_AXIS}
        extra={({ y, plot }) => (
          <>
            <line
              x1={plot.left}
              x2={plot.left + plot.width}
              y1={y(40)}
              y2={y(40)}
              stroke="#ffb454"
              strokeDasharray="4 3"
            />
            <text x={plot.left + plot.width - 6} y={y(40) - 6} fill="#ffb454" textAnchor="end">
              {t('gc_thrashingLine')}
            </text>
          </>
        )}
      />

      {artifact.result.warnings.length > 0 && (
        <details className="gc-warnings">
          <summary>{t('gc_notes', { count: artifact.result.warnings.length })}</summary>
          <ul>
            {artifact.result.warnings.map((w, i) => (
              <li key={w}>
                <EngineText msg={artifact.result.warningMsgs?.[i] ?? undefined} text={w} />
              </li>
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

const NO_POINTS: SeriesPoint[] = [];

/** The value seen before while it is the same JSON (so memos and charts downstream keep theirs). */
function useSameJson<T>(value: T): T {
  const kept = useRef(value);
  if (!sameJson(kept.current, value)) kept.current = value;
  return kept.current;
}
