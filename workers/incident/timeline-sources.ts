/**
 * What each source puts on the timeline: the events and series one artifact's summary yields (one
 * function per summary block), the goroutine series across dumps, the user's events and the findings
 * that carry a time. Each function returns its events without `starred` (the caller marks them).
 */
import type { InspectResult } from '../../contract/inspect.ts';
import { type Msg, msg } from '../core/messages.ts';
import { type AnchorKind, anchorKind } from './anchors.ts';
import { gcTime, snapshotTime } from './artifacts.ts';
import type { EventSeverity, EvidenceRef, Finding, Incident, IncidentArtifact } from './model.ts';
import {
  type DerivedEventKind,
  groupKey,
  type SeriesPoint,
  type SeriesUnit,
  type TimelineEvent,
  type TimelineSeries,
  weakest,
} from './timeline-model.ts';

/** An event before the caller marks it starred or not. */
export type DerivedEvent = Omit<TimelineEvent, 'starred'>;

/** What one artifact adds to the timeline. */
export interface ArtifactTimeline {
  events: DerivedEvent[];
  series: TimelineSeries[];
  /** When the artifact is a goroutine dump (crash tracebacks included): its moment on the axis. */
  goroutineDumpAt?: number;
}

/** The artifact an event comes from and what its time rests on. */
interface Origin {
  a: IncidentArtifact;
  anchor: AnchorKind;
  assumed: boolean;
}

/** The fields every event of an artifact shares: id (`<artifact>:<key>`), source, evidence ref, anchor. */
function derived(
  o: Origin,
  e: {
    key: string;
    t: number;
    kind: DerivedEventKind;
    label: string;
    labelMsg?: Msg;
    severity: EventSeverity;
    view: string;
    item?: string;
  },
): DerivedEvent {
  const ref: EvidenceRef = {
    artifactId: o.a.id,
    file: o.a.name,
    view: e.view,
    ...(e.item !== undefined ? { item: e.item } : {}),
  };
  return {
    id: `${o.a.id}:${e.key}`,
    t: e.t,
    source: o.a.id,
    kind: e.kind,
    label: e.label,
    ...(e.labelMsg ? { labelMsg: e.labelMsg } : {}),
    severity: e.severity,
    ref,
    assumed: o.assumed,
    anchor: o.anchor,
  };
}

const fmtMiB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

/** Panic / fatal message of a goroutine dump that is a crash traceback, if any. */
export function crashMessage(result: InspectResult): string | undefined {
  return result.goroutines?.panic?.message;
}

/** The runtime's MemStats of a Go heap dump (checked against its objects) or a legacy text profile, numbers only. */
function memStatsOf(result: InspectResult): Record<string, number> | undefined {
  const cand = result.heap?.memStats?.memStats ?? result.profile?.memStats;
  if (!cand) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(cand)) if (typeof v === 'number') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** How far a user moved an application log from its own clock (its last line to the chosen moment). */
function logShift(a: IncidentArtifact): number {
  const last = a.summary.log?.lastMs;
  const at = a.timeAnchor.capturedAtMs;
  return a.timeAnchor.source === 'user' && last !== undefined && at !== undefined ? at - last : 0;
}

/** A GC event worth its own marker: out of memory, a full / forced collection, or a long pause. */
function gcEvent(
  o: Origin,
  ev: NonNullable<InspectResult['gc']>['events'][number],
  i: number,
  t: number,
  pauseEventMs: number,
): DerivedEvent | undefined {
  const liveB = ev.heapLiveBytes ?? ev.heapAfterBytes;
  const full = /full|forced|emergency|compact/i.test(ev.kind);
  if (/oom|outofmemory|out of memory/i.test(`${ev.kind} ${ev.cause ?? ''}`)) {
    return derived(o, {
      key: `oom:${i}`,
      t,
      kind: 'oom',
      label: `Out of memory (${ev.cause ?? ev.kind})`,
      labelMsg: msg('timeline/oom', { cause: ev.cause ?? ev.kind }),
      severity: 'critical',
      view: 'gc',
      item: String(i),
    });
  }
  if (!full && ev.pauseMs < pauseEventMs) return undefined;
  const what = full ? ev.kind : `GC pause ${ev.pauseMs.toFixed(1)} ms`;
  const heap = liveB !== undefined ? `, live ${fmtMiB(liveB)}` : '';
  return derived(o, {
    key: `gc:${i}`,
    t,
    kind: full ? 'gc-full' : 'gc',
    label: `${what}${ev.cause ? ` (${ev.cause})` : ''}${full ? `, pause ${ev.pauseMs.toFixed(1)} ms` : ''}${heap}`,
    labelMsg: msg(full ? 'timeline/gcFull' : 'timeline/gcPause', {
      kind: ev.kind === 'full' ? msg('timeline/kindFull') : ev.kind,
      cause: ev.cause ? msg('timeline/cause', { cause: ev.cause }) : '',
      pause: ev.pauseMs,
      live: liveB !== undefined ? msg('timeline/live', { bytes: liveB }) : '',
    }),
    severity: ev.pauseMs >= pauseEventMs * 5 ? 'critical' : 'warning',
    view: 'gc',
    item: String(i),
  });
}

/** A GC log: its notable cycles as events, and the live heap, heap goal and pause series. */
function gcTimeline(o: Origin, gc: NonNullable<InspectResult['gc']>, pauseEventMs: number): ArtifactTimeline {
  const { a, assumed, anchor } = o;
  const events: DerivedEvent[] = [];
  const live: SeriesPoint[] = [];
  const goal: SeriesPoint[] = [];
  const pause: SeriesPoint[] = [];
  gc.events.forEach((ev, i) => {
    const t = gcTime(a, ev.t);
    const liveB = ev.heapLiveBytes ?? ev.heapAfterBytes;
    if (liveB !== undefined) live.push({ t, v: liveB });
    if (ev.goalBytes !== undefined) goal.push({ t, v: ev.goalBytes });
    pause.push({ t, v: ev.pauseMs });
    const e = gcEvent(o, ev, i, t, pauseEventMs);
    if (e) events.push(e);
  });
  const base = { sources: [a.id], assumed, anchor };
  const parts: [TimelineSeries['kind'], string, SeriesUnit, SeriesPoint[]][] = [
    ['live-heap', `Live heap (${a.name})`, 'bytes', live],
    ['heap-goal', `Heap goal / capacity (${a.name})`, 'bytes', goal],
    ['gc-pause', `GC pause (${a.name})`, 'ms', pause],
  ];
  const series: TimelineSeries[] = [];
  for (const [kind, label, unit, points] of parts)
    if (points.length) series.push({ id: `${a.id}:${kind}`, kind, label, unit, points, ...base });
  return { events, series };
}

function heapDumpEvent(
  o: Origin,
  heap: NonNullable<InspectResult['heap']>,
  truncated: boolean,
): DerivedEvent {
  return derived(o, {
    key: 'heap-dump',
    t: snapshotTime(o.a),
    kind: 'heap-dump',
    label: `Heap dump ${o.a.name}: ${heap.objects.toLocaleString('en-US')} objects, ${fmtMiB(heap.reachableBytes)} reachable${truncated ? ' (truncated)' : ''}`,
    labelMsg: msg('timeline/heapDump', {
      file: o.a.name,
      objects: heap.objects,
      reachable: heap.reachableBytes,
      truncated: truncated ? msg('timeline/truncated') : '',
    }),
    severity: 'info',
    view: 'heap',
  });
}

function profileEvent(o: Origin, profile: NonNullable<InspectResult['profile']>): DerivedEvent {
  return derived(o, {
    key: 'profile',
    t: snapshotTime(o.a),
    kind: 'profile',
    label: `Profile ${o.a.name} (${profile.sampleTypes.map((s) => s.type).join(', ')})`,
    labelMsg: msg('timeline/profile', {
      file: o.a.name,
      types: profile.sampleTypes.map((s) => s.type).join(', '),
    }),
    severity: 'info',
    view: 'profile',
  });
}

/** A runtime MemStats snapshot (in a profile or a Go heap dump): one event and a one-point HeapAlloc series. */
function memStatsTimeline(o: Origin, ms: Record<string, number>): ArtifactTimeline {
  const { a, assumed, anchor } = o;
  const t = snapshotTime(a);
  const heapAlloc = ms.HeapAlloc ?? ms.heapAlloc ?? ms.heapAllocBytes;
  const events = [
    derived(o, {
      key: 'memstats',
      t,
      kind: 'memstats',
      label: `MemStats ${a.name}${heapAlloc !== undefined ? `: HeapAlloc ${fmtMiB(heapAlloc)}` : ''}`,
      labelMsg: msg('timeline/memStats', {
        file: a.name,
        heapAlloc: heapAlloc !== undefined ? msg('timeline/memStatsHeapAlloc', { bytes: heapAlloc }) : '',
      }),
      severity: 'info',
      view: 'profile',
      item: 'memstats',
    }),
  ];
  if (heapAlloc === undefined) return { events, series: [] };
  const series: TimelineSeries = {
    id: `${a.id}:memstats-heap`,
    kind: 'memstats-heap',
    label: `MemStats HeapAlloc (${a.name})`,
    unit: 'bytes',
    sources: [a.id],
    assumed,
    anchor,
    points: [{ t, v: heapAlloc }],
  };
  return { events, series: [series] };
}

/** A goroutine dump, or a crash when it is a panic / fatal traceback. */
function goroutineDumpEvent(o: Origin, r: InspectResult, total: number): DerivedEvent {
  const t = snapshotTime(o.a);
  const crash = crashMessage(r);
  if (crash)
    return derived(o, {
      key: 'crash',
      t,
      kind: 'crash',
      label: `Crash: ${crash} (${total} goroutines)`,
      labelMsg: msg('timeline/crash', { message: crash, count: total }),
      severity: 'critical',
      view: 'goroutines',
    });
  return derived(o, {
    key: 'goroutine-dump',
    t,
    kind: 'goroutine-dump',
    label: `Goroutine dump ${o.a.name}: ${total} goroutines`,
    labelMsg: msg('timeline/goroutineDump', { file: o.a.name, count: total }),
    severity: 'info',
    view: 'goroutines',
  });
}

function threadDumpEvent(o: Origin, threads: NonNullable<InspectResult['threads']>): DerivedEvent {
  const blocked = threads.byState.BLOCKED ?? 0;
  const dl = threads.deadlocks.length;
  return derived(o, {
    key: 'thread-dump',
    t: snapshotTime(o.a),
    kind: 'thread-dump',
    label: `Thread dump ${o.a.name}: ${threads.total} threads${blocked ? `, ${blocked} BLOCKED` : ''}${dl ? `, ${dl} deadlock${dl > 1 ? 's' : ''}` : ''}`,
    labelMsg: msg('timeline/threadDump', {
      file: o.a.name,
      count: threads.total,
      blocked: blocked ? msg('timeline/blocked', { count: blocked }) : '',
      deadlocks: dl ? msg(dl > 1 ? 'timeline/deadlockMany' : 'timeline/deadlockOne', { count: dl }) : '',
    }),
    severity: dl ? 'critical' : blocked ? 'warning' : 'info',
    view: 'threads',
  });
}

/** An application log's lines, on its own clock (absolute; a user anchor shifts them all). */
function logEvents(o: Origin, log: NonNullable<InspectResult['log']>): DerivedEvent[] {
  const shift = logShift(o.a);
  return log.events.map((l) => {
    const alarm = l.level === 'ERROR' || l.level === 'FATAL' || l.level === 'PANIC' || l.level === 'CRIT';
    return derived(o, {
      key: `log:${l.line}`,
      t: l.t + shift,
      kind: l.proposed ? 'log' : 'log-line',
      label: `${o.a.name}:${l.line}${l.level ? ` ${l.level}` : ''} ${l.text}`,
      severity: !l.proposed
        ? 'info'
        : alarm || /\b(OOM|out of memory|killed)\b/i.test(l.text)
          ? 'critical'
          : 'warning',
      view: 'log',
      item: String(l.line),
    });
  });
}

/** Everything one artifact's summary puts on the timeline, block by block. */
export function artifactTimeline(a: IncidentArtifact, pauseEventMs: number): ArtifactTimeline {
  const r = a.summary;
  const anchor = anchorKind(a.timeAnchor);
  const o: Origin = { a, anchor, assumed: anchor === 'assumed' };
  const out: ArtifactTimeline = { events: [], series: [] };
  const take = (part: ArtifactTimeline) => {
    out.events.push(...part.events);
    out.series.push(...part.series);
  };
  if (r.gc) take(gcTimeline(o, r.gc, pauseEventMs));
  if (r.heap) out.events.push(heapDumpEvent(o, r.heap, r.truncated));
  if (r.profile) out.events.push(profileEvent(o, r.profile));
  const ms = memStatsOf(r);
  if (ms) take(memStatsTimeline(o, ms));
  if (r.goroutines) {
    const e = goroutineDumpEvent(o, r, r.goroutines.total);
    out.events.push(e);
    out.goroutineDumpAt = e.t;
  }
  if (r.threads) out.events.push(threadDumpEvent(o, r.threads));
  if (r.log) out.events.push(...logEvents(o, r.log));
  return out;
}

/**
 * Goroutine totals and per-group counts across dumps, one series each (crash tracebacks included);
 * a series' anchor is the weakest of its dumps'.
 */
export function goroutineSeries(dumps: { a: IncidentArtifact; t: number }[]): TimelineSeries[] {
  if (!dumps.length) return [];
  const sorted = [...dumps].sort((x, y) => x.t - y.t);
  const total: TimelineSeries = {
    id: 'goroutines',
    kind: 'goroutines',
    label: 'Goroutines',
    unit: 'count',
    sources: sorted.map((d) => d.a.id),
    assumed: sorted.some((d) => d.a.timeAnchor.assumed),
    anchor: weakest(sorted.map((d) => anchorKind(d.a.timeAnchor))),
    points: sorted.map((d) => ({ t: d.t, v: d.a.summary.goroutines?.total ?? 0 })),
  };
  const groups = new Map<string, TimelineSeries>();
  for (const d of sorted) {
    const perKey = new Map<string, number>();
    for (const g of d.a.summary.goroutines?.groups ?? []) {
      const k = groupKey(g);
      perKey.set(k, (perKey.get(k) ?? 0) + g.count);
    }
    for (const [k, v] of perKey) {
      let s = groups.get(k);
      if (!s) {
        s = {
          id: `group:${k}`,
          kind: 'goroutine-group',
          label: k,
          unit: 'count',
          sources: [],
          assumed: false,
          anchor: 'evidence',
          points: [],
        };
        groups.set(k, s);
      }
      s.sources.push(d.a.id);
      s.assumed ||= d.a.timeAnchor.assumed;
      s.anchor = weakest([s.anchor, anchorKind(d.a.timeAnchor)]);
      s.points.push({ t: d.t, v });
    }
  }
  return [total, ...groups.values()];
}

/** The events the user added (deploy, alert, restart…): their own times, starred as they set. */
export function userEvents(incident: Incident): TimelineEvent[] {
  return incident.events.map((u) => ({
    id: u.id,
    t: u.t,
    source: 'user',
    kind: u.kind,
    label: u.label,
    severity: u.severity,
    starred: u.starred,
    ...(u.ref ? { link: u.ref } : {}),
    assumed: false,
    anchor: 'user',
  }));
}

/** Findings that carry a time; each rests on the weakest anchor among its evidence. */
export function findingEvents(
  findings: Finding[],
  incident: Incident,
  starred: ReadonlySet<string>,
): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const f of findings) {
    if (f.t === undefined) continue;
    const id = `finding:${f.id}`;
    out.push({
      id,
      t: f.t,
      source: f.evidence[0]?.artifactId ?? 'findings',
      kind: `finding:${f.kind}`,
      label: `${f.kind}: ${f.subject}`,
      severity: f.severity,
      starred: starred.has(id),
      ...(f.evidence[0] ? { ref: f.evidence[0] } : {}),
      assumed: f.evidence.some(
        (e) => incident.artifacts.find((a) => a.id === e.artifactId)?.timeAnchor.assumed,
      ),
      anchor: weakest(
        f.evidence.map((e) => {
          const a = incident.artifacts.find((x) => x.id === e.artifactId);
          return a ? anchorKind(a.timeAnchor) : 'evidence';
        }),
      ),
    });
  }
  return out;
}
