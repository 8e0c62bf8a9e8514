import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../workers/incident/model.ts';
import {
  isProjection,
  stateAt,
  type Timeline,
  type TimelineEvent,
} from '../../../workers/incident/timeline.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { findingSentence } from '../../../workers/report/postmortem.ts';
import {
  createHoverStore,
  type LaneAxis,
  LaneChart,
  type LaneDraw,
  SeriesTooltip,
} from '../components/LaneChart.tsx';
import { byteTicks, countTicks } from '../components/lane-geometry.ts';
import { TimeBrush } from '../components/TimeBrush.tsx';
import { useWidth } from '../components/use-width.ts';
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
const SEVERITIES = ['info', 'warning', 'critical'] as const;
/** Each severity's events as dots on its own row of the events lane. */
const EVENT_DRAW: LaneDraw[] = SEVERITIES.map((sev) => ({
  key: sev,
  color: SEV_COLOR[sev],
  axis: 'left',
  shape: 'dots',
  dotSize: 10,
}));
/** Room one tick label needs on the time axis, px ("11-28 00:00", "12:00:05.130"). */
const TICK_ROOM = 120;
const MARKER_ROWS = 3;
const MARKER_ROW_PX = 22;

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
  const hover = useMemo(createHoverStore, []);

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
  /** One row per moment with events: each severity's row value, and its events' labels joined. */
  const eventRows = useMemo(() => {
    if (!timeline) return [];
    const rows = new Map<number, Record<string, number | string> & { t: number }>();
    for (const e of timeline.events) {
      if (hidden(e)) continue;
      const r = rows.get(e.t) ?? { t: e.t };
      r[e.severity] = SEV_Y[e.severity];
      const text = engine.text(e.labelMsg, e.label);
      const key = `${e.severity}Label`;
      r[key] = r[key] ? `${r[key]}; ${text}` : text;
      rows.set(e.t, r);
    }
    return [...rows.values()].sort((a, b) => a.t - b.t);
  }, [timeline, hidden, engine.text]);
  const heapDraw = useMemo(
    (): LaneDraw[] =>
      (heap?.series ?? []).map((s) =>
        s.kind === 'gc-pause'
          ? { key: s.key, color: s.color, axis: 'right', shape: 'dots' }
          : {
              key: s.key,
              color: s.color,
              ...(s.dash ? { dash: s.dash } : {}),
              axis: 'left',
              shape: s.dots ? 'line+dots' : 'line',
            },
      ),
    [heap],
  );
  const grDraw = useMemo(
    (): LaneDraw[] =>
      (gr?.series ?? []).map((s) => ({ key: s.key, color: s.color, axis: 'left', shape: 'line+dots' })),
    [gr],
  );
  const heapAxes = useMemo(() => {
    const pauses = new Set(heap?.series.filter((s) => s.kind === 'gc-pause').map((s) => s.key));
    let bytes = 0;
    let ms = 0;
    for (const r of heap?.rows ?? [])
      for (const s of heap?.series ?? []) {
        const v = r[s.key];
        if (v === undefined) continue;
        if (pauses.has(s.key)) ms = Math.max(ms, v);
        else bytes = Math.max(bytes, v);
      }
    const left: LaneAxis = { ticks: byteTicks(bytes * 1.05), format: (v) => formatBytes(v) };
    const right: LaneAxis | undefined = pauses.size
      ? { ticks: countTicks(ms * 1.05), format: (v) => `${v} ms` }
      : undefined;
    return { left, right };
  }, [heap]);
  const grAxis = useMemo((): LaneAxis => {
    let max = 0;
    for (const r of gr?.rows ?? []) for (const s of gr?.series ?? []) max = Math.max(max, r[s.key] ?? 0);
    return { ticks: countTicks(max * 1.05, 5, true), format: (v) => formatCount(v) };
  }, [gr]);
  const eventAxis = useMemo(
    (): LaneAxis => ({
      ticks: [0, 1, 2],
      domain: [-0.5, 2.5],
      format: (v) => label('eventSeverity', SEVERITIES[v] ?? ''),
    }),
    [label],
  );

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
  const plotWidth = Math.max(0, lanesWidth - CHART_MARGIN.left - Y_WIDTH - CHART_MARGIN.right - Y_RIGHT);
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
  /** What every lane shares: its width and margins, the time axis, the hover and a click's pick. */
  const lane = {
    width: lanesWidth,
    margin: CHART_MARGIN,
    leftWidth: Y_WIDTH,
    rightWidth: Y_RIGHT,
    domain: domain ?? ([0, 1] as const),
    xTicks: axis?.ticks ?? [],
    xLabel: tickLabel,
    hover,
    onPick: (t: number) => setSelected(t),
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
                  <LaneChart
                    id="heap"
                    label={t('laneHeap')}
                    {...lane}
                    height={180}
                    rows={heap.rows}
                    series={heapDraw}
                    left={heapAxes.left}
                    right={heapAxes.right}
                    tooltip={(row) => (
                      <SeriesTooltip
                        time={fmt(row.t)}
                        row={row}
                        items={heap.series.map((s) => ({
                          key: s.key,
                          color: s.color,
                          name: seriesName(s),
                          format: s.kind === 'gc-pause' ? (v: number) => `${v.toFixed(2)} ms` : formatBytes,
                        }))}
                      />
                    )}
                  />
                </div>
              ) : null}
              {gr.rows.length ? (
                <div className="inc-lane" data-testid="lane-goroutines">
                  <h3>{t('laneGoroutines')}</h3>
                  <LaneLegend series={gr.series} name={seriesName} testId="goroutine-legend" />
                  <LaneChart
                    id="goroutines"
                    label={t('laneGoroutines')}
                    {...lane}
                    height={140}
                    rows={gr.rows}
                    series={grDraw}
                    left={grAxis}
                    tooltip={(row) => (
                      <SeriesTooltip
                        time={fmt(row.t)}
                        row={row}
                        items={gr.series.map((s) => ({
                          key: s.key,
                          color: s.color,
                          name: seriesName(s),
                          format: formatCount,
                        }))}
                      />
                    )}
                  />
                </div>
              ) : null}
              <div className="inc-lane" data-testid="lane-events">
                <h3>{t('laneEvents')}</h3>
                <EventMarkers
                  markers={markers}
                  timeline={timeline}
                  left={CHART_MARGIN.left + Y_WIDTH}
                  width={plotWidth}
                  onPick={(m, first) => {
                    setSelected(first);
                    setHighlight(m.numbers);
                  }}
                />
                <LaneChart
                  id="events"
                  label={t('laneEvents')}
                  {...lane}
                  height={140}
                  rows={eventRows}
                  series={EVENT_DRAW}
                  left={eventAxis}
                  tooltip={(row) => (
                    <>
                      <strong>{fmt(row.t)}</strong>
                      <ul>
                        {SEVERITIES.filter((sev) => row[sev] !== undefined).map((sev) => (
                          <li key={sev} style={{ color: SEV_COLOR[sev] }}>
                            {label('eventSeverity', sev)}: {String(row[`${sev}Label`] ?? '')}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                />
                <div data-testid="timeline-brush">
                  <TimeBrush
                    full={[range.startMs, Math.max(range.endMs, range.startMs + 1)]}
                    shown={domain ?? [range.startMs, range.endMs]}
                    left={CHART_MARGIN.left + Y_WIDTH}
                    width={plotWidth}
                    label={(v) => toZonedInput(v, tz)}
                    onChange={setZoom}
                  />
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
