import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Brush,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Finding } from '../../../workers/incident/model.ts';
import {
  isProjection,
  stateAt,
  type Timeline,
  type TimelineEvent,
} from '../../../workers/incident/timeline.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { findingSentence } from '../../../workers/report/postmortem.ts';
import { ChartIsland } from '../components/ChartIsland.tsx';
import { dotsCurve, gridX, gridY } from '../components/fast-chart.ts';
import { useEngineText } from '../i18n/engine-text.tsx';
import { useLabel } from '../i18n/labels.ts';
import { formatBytes, formatCount } from '../lib/format.ts';
import { useStore } from '../state/store.ts';
import { AnchorsPanel } from './AnchorsPanel.tsx';
import { IncidentBanner, useTimeFormat, useTimeline } from './common.tsx';
import { EventList } from './EventList.tsx';
import { layoutMarkers, type Marker } from './event-markers.ts';
import { IncidentFileActions, IncidentHeader } from './IncidentHeader.tsx';
import { Md } from './md.tsx';
import { NS } from './strings.ts';
import { timeTicks } from './time-ticks.ts';
import { buildLane, HEAP_KINDS, type LaneSeries } from './timeline-lanes.ts';
import { toZonedInput } from './zoned-time.ts';

const SEV_Y = { info: 0, warning: 1, critical: 2 } as const;
const SEV_COLOR = { info: '#5cb3ff', warning: '#ffb454', critical: '#ff6b6b' } as const;
const Y_WIDTH = 84;
/** Width of the heap lane's right axis (GC pauses); the other lanes keep the room free so all align. */
const Y_RIGHT = 72;
const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 8 };
const ALIGNED_MARGIN = { ...CHART_MARGIN, right: CHART_MARGIN.right + Y_RIGHT };
/** Room one tick label needs on the time axis, px ("11-28 00:00", "12:00:05.130"). */
const TICK_ROOM = 120;
const MARKER_ROWS = 3;
const MARKER_ROW_PX = 22;

/** Width of an element, following resizes (0 until it is laid out). */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

interface ChartClick {
  activeLabel?: string | number;
}

function clickedTime(e: unknown): number | undefined {
  const label = (e as ChartClick | null)?.activeLabel;
  const n = typeof label === 'number' ? label : label !== undefined ? Number(label) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export default function TimelineView() {
  const { t } = useTranslation(NS);
  const engine = useEngineText();
  const label = useLabel();
  const incident = useStore((s) => s.incident);
  const timeline = useTimeline();
  const { fmt, short, tz } = useTimeFormat();
  const [zoom, setZoom] = useState<{ from: number; to: number }>();
  const [selected, setSelected] = useState<number>();
  const [highlight, setHighlight] = useState<number[]>();
  // a projected OOM far after the evidence is left out of the view until asked for
  const [withProjection, setWithProjection] = useState(false);
  const [lanesRef, lanesWidth] = useWidth<HTMLDivElement>();

  const heap = useMemo(() => (timeline ? buildLane(timeline, HEAP_KINDS) : undefined), [timeline]);
  const gr = useMemo(() => (timeline ? buildLane(timeline, ['goroutines']) : undefined), [timeline]);
  /** A projection beyond the evidence (projected OOM) stays off the chart until asked for. */
  const hidden = useCallback(
    (e: TimelineEvent) =>
      !withProjection &&
      isProjection(e) &&
      (!timeline?.range || e.t < timeline.range.startMs || e.t > timeline.range.endMs),
    [timeline, withProjection],
  );
  /** The events lane carries every moment on the timeline, so its brush can zoom to any of them. */
  const eventRows = useMemo(() => {
    if (!timeline) return [];
    const rows = new Map<number, Record<string, number | string>>();
    for (const r of [...(heap?.rows ?? []), ...(gr?.rows ?? [])]) rows.set(r.t, { t: r.t });
    for (const e of timeline.events) {
      if (hidden(e)) continue;
      const r = rows.get(e.t) ?? { t: e.t };
      r[e.severity] = SEV_Y[e.severity];
      const label = engine.text(e.labelMsg, e.label);
      r[`${e.severity}Label`] = r[`${e.severity}Label`] ? `${r[`${e.severity}Label`]}; ${label}` : label;
      rows.set(e.t, r);
    }
    return [...rows.values()].sort((a, b) => (a.t as number) - (b.t as number));
  }, [timeline, heap, gr, hidden, engine.text]);

  const range = timeline
    ? withProjection
      ? (timeline.fullRange ?? timeline.range)
      : timeline.range
    : undefined;
  const domain: [number, number] | undefined = zoom
    ? [zoom.from, zoom.to]
    : range
      ? [range.startMs, Math.max(range.endMs, range.startMs + 1)]
      : undefined;
  const plotWidth = Math.max(0, lanesWidth - ALIGNED_MARGIN.left - Y_WIDTH - ALIGNED_MARGIN.right);
  const axis = useMemo(
    () =>
      domain
        ? timeTicks(
            domain[0],
            domain[1],
            tz,
            Math.max(3, Math.min(12, Math.floor(plotWidth / TICK_ROOM) + 1)),
          )
        : undefined,
    [domain?.[0], domain?.[1], tz, plotWidth],
  );
  const tickLabel = useMemo(() => {
    const m = new Map<number, string>();
    axis?.ticks.forEach((tick, i) => {
      m.set(tick, axis.labels[i]);
    });
    return (v: number) => m.get(v) ?? short(v);
  }, [axis, short]);
  const markers = useMemo(() => {
    if (!timeline || !domain || plotWidth <= 0) return [];
    const [d0, d1] = domain;
    const items = timeline.events.flatMap((e, i) =>
      hidden(e) || e.t < d0 || e.t > d1 ? [] : [{ x: ((e.t - d0) / (d1 - d0)) * plotWidth, n: i + 1 }],
    );
    return layoutMarkers(items, { width: plotWidth, rows: MARKER_ROWS });
  }, [timeline, domain?.[0], domain?.[1], plotWidth, hidden]);

  if (!incident || !timeline || !heap || !gr) {
    return (
      <section className="inc-view" data-testid="timeline-view">
        <IncidentBanner />
        <p className="empty">{t('noIncident')}</p>
        <IncidentFileActions />
      </section>
    );
  }

  const state = selected !== undefined ? stateAt(timeline, selected) : undefined;
  // The brush follows the zoom (a reset from the button, or the projection toggle, widens it again).
  const last = eventRows.length - 1;
  const brushStart = zoom
    ? Math.max(
        0,
        eventRows.findIndex((r) => (r.t as number) >= zoom.from),
      )
    : 0;
  const brushEndAt = zoom ? eventRows.findLastIndex((r) => (r.t as number) <= zoom.to) : last;
  const brushEnd = Math.max(brushStart, brushEndAt < 0 ? last : brushEndAt);
  const xAxis = (hide: boolean) => (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={domain ?? ['dataMin', 'dataMax']}
      allowDataOverflow
      ticks={axis?.ticks}
      // the ticks are spaced to fit already; recharts would measure every label to thin them
      interval={0}
      tickFormatter={tickLabel}
      hide={hide}
      stroke="#9fb0c0"
    />
  );
  const grid = (
    <CartesianGrid
      stroke="#2e3a46"
      verticalCoordinatesGenerator={gridX}
      horizontalCoordinatesGenerator={gridY}
    />
  );
  const tooltipLabel = (v: unknown) => (typeof v === 'number' ? fmt(v) : String(v));
  const onClick = (e: unknown) => {
    const ms = clickedTime(e);
    if (ms !== undefined) setSelected(ms);
  };
  const artifactName = (id: string) => incident.artifacts.find((a) => a.id === id)?.name ?? id;
  const seriesName = (s: LaneSeries) => {
    const name =
      s.kind === 'live-heap'
        ? t('liveHeap')
        : s.kind === 'heap-goal'
          ? t('heapGoal')
          : s.kind === 'memstats-heap'
            ? t('memstatsHeap')
            : s.kind === 'gc-pause'
              ? t('gcPause')
              : t('goroutines');
    return s.sourceId ? t('seriesFrom', { series: name, file: artifactName(s.sourceId) }) : name;
  };
  const hasPauses = heap.series.some((s) => s.kind === 'gc-pause');
  return (
    <section className="inc-view inc-timeline" data-testid="timeline-view" aria-label={t('laneEvents')}>
      <IncidentBanner />
      <IncidentHeader />
      <div className="inc-timeline-body">
        <div className="inc-chart-col" ref={lanesRef}>
          {range ? (
            <>
              <p
                className="inc-range"
                data-testid="timeline-range"
                data-from={domain?.[0]}
                data-to={domain?.[1]}
              >
                {t('showing', {
                  from: fmt(domain?.[0] ?? range.startMs),
                  to: fmt(domain?.[1] ?? range.endMs),
                })}{' '}
                {zoom ? (
                  <button type="button" onClick={() => setZoom(undefined)} data-testid="reset-zoom">
                    {t('resetZoom')}
                  </button>
                ) : null}
                {timeline.fullRange ? (
                  <button
                    type="button"
                    aria-pressed={withProjection}
                    onClick={() => {
                      setZoom(undefined);
                      setWithProjection(!withProjection);
                    }}
                    data-testid="toggle-projection"
                  >
                    {withProjection
                      ? t('hideProjection')
                      : t('showProjection', { at: fmt(timeline.fullRange.endMs) })}
                  </button>
                ) : null}
              </p>
              <p className="muted">{t('clickHint')}</p>
              {heap.rows.length ? (
                <div className="inc-lane" data-testid="lane-heap">
                  <h3 id="lane-heap-title">{t('laneHeap')}</h3>
                  <LaneLegend series={heap.series} name={seriesName} testId="heap-legend" />
                  <ChartIsland style={{ minHeight: 180 }}>
                    <ResponsiveContainer width="100%" height={180}>
                      <ComposedChart
                        data={heap.rows}
                        syncId="inc"
                        margin={hasPauses ? CHART_MARGIN : ALIGNED_MARGIN}
                        onClick={onClick}
                      >
                        {grid}
                        {xAxis(false)}
                        <YAxis
                          interval={0}
                          yAxisId="bytes"
                          width={Y_WIDTH}
                          tickFormatter={(v: number) => formatBytes(v)}
                          stroke="#9fb0c0"
                        />
                        {hasPauses ? (
                          <YAxis
                            interval={0}
                            yAxisId="ms"
                            orientation="right"
                            width={Y_RIGHT}
                            tickFormatter={(v: number) => `${v} ms`}
                            stroke="#9fb0c0"
                          />
                        ) : null}
                        <Tooltip
                          labelFormatter={tooltipLabel}
                          formatter={(v: unknown, _n: unknown, item: unknown) => {
                            const key = (item as { dataKey?: unknown }).dataKey;
                            const s = heap.series.find((x) => x.key === key);
                            return s?.kind === 'gc-pause'
                              ? `${Number(v).toFixed(2)} ms`
                              : formatBytes(Number(v));
                          }}
                          contentStyle={{ background: '#171d23' }}
                        />
                        {heap.series.map((s) =>
                          s.kind === 'gc-pause' ? (
                            <Line
                              key={s.key}
                              yAxisId="ms"
                              dataKey={s.key}
                              name={seriesName(s)}
                              type={dotsCurve}
                              stroke={s.color}
                              strokeWidth={6}
                              strokeLinecap="round"
                              dot={false}
                              isAnimationActive={false}
                            />
                          ) : (
                            <Line
                              key={s.key}
                              yAxisId="bytes"
                              dataKey={s.key}
                              name={seriesName(s)}
                              stroke={s.color}
                              strokeDasharray={s.dash}
                              dot={s.dots ? { r: 3, fill: s.color } : false}
                              connectNulls
                              isAnimationActive={false}
                            />
                          ),
                        )}
                      </ComposedChart>
                    </ResponsiveContainer>
                  </ChartIsland>
                </div>
              ) : null}
              {gr.rows.length ? (
                <div className="inc-lane" data-testid="lane-goroutines">
                  <h3>{t('laneGoroutines')}</h3>
                  <LaneLegend series={gr.series} name={seriesName} testId="goroutine-legend" />
                  <ChartIsland style={{ minHeight: 140 }}>
                    <ResponsiveContainer width="100%" height={140}>
                      <ComposedChart data={gr.rows} syncId="inc" margin={ALIGNED_MARGIN} onClick={onClick}>
                        {grid}
                        {xAxis(false)}
                        <YAxis width={Y_WIDTH} stroke="#9fb0c0" allowDecimals={false} />
                        <Tooltip labelFormatter={tooltipLabel} contentStyle={{ background: '#171d23' }} />
                        {gr.series.map((s) => (
                          <Line
                            key={s.key}
                            dataKey={s.key}
                            name={seriesName(s)}
                            stroke={s.color}
                            connectNulls
                            isAnimationActive={false}
                          />
                        ))}
                      </ComposedChart>
                    </ResponsiveContainer>
                  </ChartIsland>
                </div>
              ) : null}
              <div className="inc-lane" data-testid="lane-events">
                <h3>{t('laneEvents')}</h3>
                <EventMarkers
                  markers={markers}
                  timeline={timeline}
                  left={ALIGNED_MARGIN.left + Y_WIDTH}
                  width={plotWidth}
                  onPick={(m, first) => {
                    setSelected(first);
                    setHighlight(m.numbers);
                  }}
                />
                <div data-testid="timeline-brush">
                  <ChartIsland style={{ minHeight: 170 }}>
                    <ResponsiveContainer width="100%" height={170}>
                      <ComposedChart data={eventRows} margin={ALIGNED_MARGIN} onClick={onClick}>
                        {grid}
                        {xAxis(false)}
                        <YAxis
                          interval={0}
                          width={Y_WIDTH}
                          domain={[-0.5, 2.5]}
                          ticks={[0, 1, 2]}
                          tickFormatter={(v: number) => {
                            const sev = ['info', 'warning', 'critical'][v];
                            return sev ? label('eventSeverity', sev) : '';
                          }}
                          stroke="#9fb0c0"
                        />
                        <Tooltip
                          labelFormatter={tooltipLabel}
                          formatter={(_v: unknown, name: unknown, item: unknown) => {
                            const p = (item as { payload?: Record<string, unknown> }).payload;
                            return [String(p?.[`${String(name)}Label`] ?? ''), String(name)];
                          }}
                          contentStyle={{ background: '#171d23', maxWidth: 480, whiteSpace: 'normal' }}
                        />
                        {(['info', 'warning', 'critical'] as const).map((sev) => (
                          // every dot of a severity in one path: a Scatter's element per point made
                          // opening this tab a 70-110 ms task
                          <Line
                            key={sev}
                            dataKey={sev}
                            name={sev}
                            type={dotsCurve}
                            stroke={SEV_COLOR[sev]}
                            strokeWidth={10}
                            strokeLinecap="round"
                            dot={false}
                            isAnimationActive={false}
                          />
                        ))}
                        <Brush
                          dataKey="t"
                          height={28}
                          stroke="#5cb3ff"
                          fill="#171d23"
                          tickFormatter={(v: number) => toZonedInput(v, tz).slice(11, 23)}
                          startIndex={brushStart}
                          endIndex={brushEnd}
                          onChange={(r: { startIndex?: number; endIndex?: number }) => {
                            const a = eventRows[r.startIndex ?? 0]?.t as number | undefined;
                            const b = eventRows[r.endIndex ?? eventRows.length - 1]?.t as number | undefined;
                            if (a === undefined || b === undefined) return;
                            if (r.startIndex === 0 && r.endIndex === last) setZoom(undefined);
                            else setZoom({ from: a, to: Math.max(b, a + 1) });
                          }}
                        />
                      </ComposedChart>
                    </ResponsiveContainer>
                  </ChartIsland>
                </div>
              </div>
            </>
          ) : (
            <p className="empty">{t('noData')}</p>
          )}
          {state ? <StatePanel state={state} /> : null}
          <AnchorsPanel />
          <FindingsList findings={incident.findings} tz={tz} onSelect={setSelected} />
        </div>
        <EventList timeline={timeline} onSelect={setSelected} selected={selected} highlight={highlight} />
      </div>
    </section>
  );
}

/** The series a lane draws, each with its colour and dash, named in the UI language. */
function LaneLegend({
  series,
  name,
  testId,
}: {
  series: LaneSeries[];
  name: (s: LaneSeries) => string;
  testId: string;
}) {
  const { t } = useTranslation(NS);
  return (
    <ul className="inc-legend" aria-label={t('legend')} data-testid={testId}>
      {series.map((s) => (
        <li key={s.key} data-testid="legend-item" data-kind={s.kind} data-color={s.color}>
          <svg width="26" height="12" aria-hidden="true" className="inc-legend-swatch">
            {s.kind === 'gc-pause' ? (
              <circle cx="13" cy="6" r="3.5" fill={s.color} />
            ) : (
              <>
                <line
                  x1="1"
                  y1="6"
                  x2="25"
                  y2="6"
                  stroke={s.color}
                  strokeWidth="2"
                  strokeDasharray={s.dash}
                />
                {s.dots ? <circle cx="13" cy="6" r="3" fill={s.color} /> : null}
              </>
            )}
          </svg>
          {name(s)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The events lane's numbered markers, above the plot: each stands for one event ("7") or a run of
 * neighbours ("7–12") by their numbers in the event list, laid out so none overlaps another. The
 * events' own labels (text from the evidence) are only ever rendered as text.
 */
function EventMarkers({
  markers,
  timeline,
  left,
  width,
  onPick,
}: {
  markers: Marker[];
  timeline: Timeline;
  left: number;
  width: number;
  onPick: (m: Marker, firstT: number) => void;
}) {
  const { t } = useTranslation(NS);
  const engine = useEngineText();
  const rows = markers.reduce((n, m) => Math.max(n, m.row + 1), 1);
  const sevRank = { info: 0, warning: 1, critical: 2 } as const;
  return (
    <fieldset
      className="inc-markers"
      aria-label={t('eventMarkers')}
      data-testid="event-markers"
      style={{ marginLeft: left, width, height: rows * MARKER_ROW_PX + 6 }}
    >
      {markers.map((m) => {
        const events = m.numbers.map((n) => timeline.events[n - 1]).filter((e) => e !== undefined);
        const worst = events.reduce<TimelineEvent['severity']>(
          (w, e) => (sevRank[e.severity] > sevRank[w] ? e.severity : w),
          'info',
        );
        const labels = events
          .slice(0, 8)
          .map((e) => engine.text(e.labelMsg, e.label))
          .join('; ');
        const lo = Math.min(...m.numbers);
        const hi = Math.max(...m.numbers);
        const text =
          lo === hi
            ? t('eventMarker', { n: lo, labels, interpolation: { escapeValue: false } })
            : t('eventMarkerRange', { from: lo, to: hi, labels, interpolation: { escapeValue: false } });
        const centre = (m.fromX + m.toX) / 2;
        return (
          <span key={m.numbers[0]}>
            <span
              className="inc-marker-stem"
              aria-hidden="true"
              style={{ left: centre, height: m.row * MARKER_ROW_PX + 6 }}
            />
            <button
              type="button"
              className={`inc-marker inc-marker-${worst}`}
              data-testid="event-marker"
              data-numbers={m.numbers.join(',')}
              style={{ left: m.left, width: m.width, bottom: m.row * MARKER_ROW_PX + 4 }}
              title={text}
              aria-label={text}
              onClick={() => onPick(m, events[0]?.t ?? 0)}
            >
              {m.text}
            </button>
          </span>
        );
      })}
    </fieldset>
  );
}

function StatePanel({ state }: { state: ReturnType<typeof stateAt> }) {
  const { t } = useTranslation(NS);
  const engine = useEngineText();
  const { fmt } = useTimeFormat();
  const dump = (e?: TimelineEvent) => (e ? `${fmt(e.t)} — ${engine.text(e.labelMsg, e.label)}` : t('none'));
  return (
    <section className="inc-state" data-testid="state-panel" aria-live="polite">
      <h3>{t('stateAt', { time: fmt(state.t) })}</h3>
      <dl>
        <dt>{t('nearestGc')}</dt>
        <dd data-testid="state-gc">
          {state.nearestGc
            ? `${fmt(state.nearestGc.t)}${state.nearestGc.liveBytes !== undefined ? ` · live ${formatBytes(state.nearestGc.liveBytes)}` : ''}${state.nearestGc.goalBytes !== undefined ? ` · goal ${formatBytes(state.nearestGc.goalBytes)}` : ''}${state.nearestGc.pauseMs !== undefined ? ` · pause ${state.nearestGc.pauseMs.toFixed(2)} ms` : ''}`
            : t('none')}
        </dd>
        <dt>{t('liveHeapAt')}</dt>
        <dd data-testid="state-heap">
          {state.liveHeapBytes !== undefined ? formatBytes(state.liveHeapBytes) : t('none')}
        </dd>
        <dt>{t('goroutineCount')}</dt>
        <dd data-testid="state-goroutines">
          {state.goroutines
            ? `${formatCount(state.goroutines.count)} (${fmt(state.goroutines.t)})`
            : t('none')}
        </dd>
        <dt>{t('dumpBefore')}</dt>
        <dd data-testid="state-dump-before">{dump(state.dumpBefore)}</dd>
        <dt>{t('dumpAfter')}</dt>
        <dd data-testid="state-dump-after">{dump(state.dumpAfter)}</dd>
      </dl>
    </section>
  );
}

function FindingsList({
  findings,
  tz,
  onSelect,
}: {
  findings: Finding[];
  tz: string;
  onSelect: (t: number) => void;
}) {
  const { t, i18n } = useTranslation(NS);
  const label = useLabel();
  const m = messages(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  return (
    <section className="inc-findings" data-testid="findings">
      <h3>{t('findings')}</h3>
      {findings.length === 0 ? <p className="muted">{t('noFindings')}</p> : null}
      <ul>
        {findings.map((f) => (
          <li key={f.id} className={`inc-sev-${f.severity}`} data-testid="finding" data-kind={f.kind}>
            <span className="badge">{label('findingKind', f.kind)}</span>{' '}
            <Md inline text={findingSentence(f, m, tz)} />
            {f.t !== undefined ? (
              <button type="button" className="inc-link" onClick={() => onSelect(f.t!)}>
                {t('select')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
