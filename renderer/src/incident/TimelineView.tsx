import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Brush,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
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
import { useLabel } from '../i18n/labels.ts';
import { formatBytes, formatCount } from '../lib/format.ts';
import { useStore } from '../state/store.ts';
import { AnchorsPanel } from './AnchorsPanel.tsx';
import { IncidentBanner, useTimeFormat, useTimeline } from './common.tsx';
import { EventList } from './EventList.tsx';
import { IncidentFileActions, IncidentHeader } from './IncidentHeader.tsx';
import { Md } from './md.tsx';
import { NS } from './strings.ts';

const SEV_Y = { info: 0, warning: 1, critical: 2 } as const;
const SEV_COLOR = { info: '#5cb3ff', warning: '#ffb454', critical: '#ff6b6b' } as const;
const CHART_MARGIN = { top: 8, right: 24, bottom: 4, left: 8 };
const Y_WIDTH = 84;

interface ChartClick {
  activeLabel?: string | number;
}

function clickedTime(e: unknown): number | undefined {
  const label = (e as ChartClick | null)?.activeLabel;
  const n = typeof label === 'number' ? label : label !== undefined ? Number(label) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Rows of one lane: the union of the lane's series times, one column per series. */
function laneRows(timeline: Timeline, kinds: string[], key: (kind: string) => string) {
  const rows = new Map<number, Record<string, number>>();
  for (const s of timeline.series) {
    if (!kinds.includes(s.kind)) continue;
    for (const p of s.points) {
      const r = rows.get(p.t) ?? { t: p.t };
      r[key(s.kind)] = p.v;
      rows.set(p.t, r);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

export default function TimelineView() {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const incident = useStore((s) => s.incident);
  const timeline = useTimeline();
  const { fmt, short, tz } = useTimeFormat();
  const [zoom, setZoom] = useState<{ from: number; to: number }>();
  const [selected, setSelected] = useState<number>();
  // a projected OOM far after the evidence is left out of the view until asked for
  const [withProjection, setWithProjection] = useState(false);

  const heapRows = useMemo(
    () => (timeline ? laneRows(timeline, ['live-heap', 'heap-goal', 'memstats-heap'], (k) => k) : []),
    [timeline],
  );
  const grRows = useMemo(
    () => (timeline ? laneRows(timeline, ['goroutines'], () => 'goroutines') : []),
    [timeline],
  );
  /** The events lane carries every moment on the timeline, so its brush can zoom to any of them. */
  const eventRows = useMemo(() => {
    if (!timeline) return [];
    const rows = new Map<number, Record<string, number | string>>();
    for (const r of [...heapRows, ...grRows]) rows.set(r.t, { t: r.t });
    for (const e of timeline.events) {
      if (!withProjection && isProjection(e)) continue;
      const r = rows.get(e.t) ?? { t: e.t };
      r[e.severity] = SEV_Y[e.severity];
      r[`${e.severity}Label`] = r[`${e.severity}Label`] ? `${r[`${e.severity}Label`]}; ${e.label}` : e.label;
      rows.set(e.t, r);
    }
    return [...rows.values()].sort((a, b) => (a.t as number) - (b.t as number));
  }, [timeline, heapRows, grRows, withProjection]);

  if (!incident || !timeline) {
    return (
      <section className="inc-view" data-testid="timeline-view">
        <IncidentBanner />
        <p className="empty">{t('noIncident')}</p>
        <IncidentFileActions />
      </section>
    );
  }

  const range = withProjection ? (timeline.fullRange ?? timeline.range) : timeline.range;
  const domain: [number, number] | undefined = zoom
    ? [zoom.from, zoom.to]
    : range
      ? [range.startMs, Math.max(range.endMs, range.startMs + 1)]
      : undefined;
  const state = selected !== undefined ? stateAt(timeline, selected) : undefined;
  const xAxis = (hide: boolean) => (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={domain ?? ['dataMin', 'dataMax']}
      allowDataOverflow
      tickFormatter={(v: number) => short(v)}
      hide={hide}
      stroke="#9fb0c0"
    />
  );
  const tooltipLabel = (v: unknown) => (typeof v === 'number' ? fmt(v) : String(v));
  const onClick = (e: unknown) => {
    const ms = clickedTime(e);
    if (ms !== undefined) setSelected(ms);
  };
  return (
    <section className="inc-view inc-timeline" data-testid="timeline-view" aria-label={t('laneEvents')}>
      <IncidentBanner />
      <IncidentHeader />
      <div className="inc-timeline-body">
        <div className="inc-chart-col">
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
              {heapRows.length ? (
                <div className="inc-lane" data-testid="lane-heap">
                  <h3>{t('laneHeap')}</h3>
                  <ChartIsland style={{ minHeight: 180 }}>
                    <ResponsiveContainer width="100%" height={180}>
                      <LineChart data={heapRows} syncId="inc" margin={CHART_MARGIN} onClick={onClick}>
                        <CartesianGrid stroke="#2e3a46" />
                        {xAxis(false)}
                        <YAxis
                          width={Y_WIDTH}
                          tickFormatter={(v: number) => formatBytes(v)}
                          stroke="#9fb0c0"
                        />
                        <Tooltip
                          labelFormatter={tooltipLabel}
                          formatter={(v: unknown) => formatBytes(Number(v))}
                          contentStyle={{ background: '#171d23' }}
                        />
                        <Line
                          dataKey="live-heap"
                          name={t('liveHeap')}
                          stroke="#5cb3ff"
                          dot={false}
                          connectNulls
                          isAnimationActive={false}
                        />
                        <Line
                          dataKey="heap-goal"
                          name={t('heapGoal')}
                          stroke="#ffb454"
                          strokeDasharray="4 3"
                          dot={false}
                          connectNulls
                          isAnimationActive={false}
                        />
                        <Line
                          dataKey="memstats-heap"
                          name="MemStats HeapAlloc"
                          stroke="#5fd38d"
                          connectNulls
                          isAnimationActive={false}
                        />
                      </LineChart>
                    </ResponsiveContainer>
                  </ChartIsland>
                </div>
              ) : null}
              {grRows.length ? (
                <div className="inc-lane" data-testid="lane-goroutines">
                  <h3>{t('laneGoroutines')}</h3>
                  <ChartIsland style={{ minHeight: 140 }}>
                    <ResponsiveContainer width="100%" height={140}>
                      <LineChart data={grRows} syncId="inc" margin={CHART_MARGIN} onClick={onClick}>
                        <CartesianGrid stroke="#2e3a46" />
                        {xAxis(false)}
                        <YAxis width={Y_WIDTH} stroke="#9fb0c0" allowDecimals={false} />
                        <Tooltip labelFormatter={tooltipLabel} contentStyle={{ background: '#171d23' }} />
                        <Line
                          dataKey="goroutines"
                          name={t('goroutines')}
                          stroke="#c792ea"
                          isAnimationActive={false}
                        />
                      </LineChart>
                    </ResponsiveContainer>
                  </ChartIsland>
                </div>
              ) : null}
              <div className="inc-lane" data-testid="lane-events">
                <h3>{t('laneEvents')}</h3>
                <div data-testid="timeline-brush">
                  <ChartIsland style={{ minHeight: 170 }}>
                    <ResponsiveContainer width="100%" height={170}>
                      <ComposedChart data={eventRows} margin={CHART_MARGIN} onClick={onClick}>
                        <CartesianGrid stroke="#2e3a46" />
                        <XAxis
                          dataKey="t"
                          type="number"
                          scale="time"
                          domain={['dataMin', 'dataMax']}
                          tickFormatter={(v: number) => short(v)}
                          stroke="#9fb0c0"
                        />
                        <YAxis
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
                          <Scatter
                            key={sev}
                            dataKey={sev}
                            name={sev}
                            fill={SEV_COLOR[sev]}
                            isAnimationActive={false}
                          />
                        ))}
                        <Brush
                          dataKey="t"
                          height={28}
                          stroke="#5cb3ff"
                          fill="#171d23"
                          tickFormatter={(v: number) => short(v)}
                          onChange={(r: { startIndex?: number; endIndex?: number }) => {
                            const a = eventRows[r.startIndex ?? 0]?.t as number | undefined;
                            const b = eventRows[r.endIndex ?? eventRows.length - 1]?.t as number | undefined;
                            if (a === undefined || b === undefined) return;
                            if (r.startIndex === 0 && r.endIndex === eventRows.length - 1) setZoom(undefined);
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
        <EventList timeline={timeline} onSelect={setSelected} selected={selected} />
      </div>
    </section>
  );
}

function StatePanel({ state }: { state: ReturnType<typeof stateAt> }) {
  const { t } = useTranslation(NS);
  const { fmt } = useTimeFormat();
  const dump = (e?: TimelineEvent) => (e ? `${fmt(e.t)} — ${e.label}` : t('none'));
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
