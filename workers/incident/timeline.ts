/**
 * The correlated timeline: ONE event model for every source plus numeric series on one absolute
 * time axis. It is derived only from what the incident file keeps (artifact summaries, time
 * anchors, user events), so it still works when the dumps have moved. Pure; cheap to recompute
 * after any edit (changing an anchor moves that artifact's events).
 */
import type { GoroutineGroupSummary, InspectResult } from '../../contract/inspect.ts';
import { type AnchorKind, anchorIsReal, anchorKind } from './anchors.ts';
import { gcTime, snapshotTime } from './artifacts.ts';
import type { EventSeverity, EvidenceRef, Finding, Incident, IncidentArtifact } from './model.ts';

export type DerivedEventKind =
  | 'gc'
  | 'gc-full'
  | 'heap-dump'
  | 'profile'
  | 'goroutine-dump'
  | 'thread-dump'
  | 'memstats'
  | 'log'
  | 'log-line'
  | 'crash'
  | 'oom'
  | `finding:${string}`;

/** One event on the timeline, whatever its source. */
export interface TimelineEvent {
  id: string;
  /** Absolute ms since the epoch. */
  t: number;
  /** 'user' or the artifact id the event comes from. */
  source: string;
  kind: DerivedEventKind | Incident['events'][number]['kind'];
  label: string;
  severity: EventSeverity;
  starred: boolean;
  /** The evidence behind a derived event (artifact + view + item). */
  ref?: EvidenceRef;
  /** A link the user attached (ticket, dashboard). */
  link?: string;
  /** True when the time rests on an assumed anchor (file modification time). */
  assumed: boolean;
  /** What the time rests on (user events: 'user'). */
  anchor: AnchorKind;
}

export type SeriesUnit = 'bytes' | 'ms' | 'count' | 'percent';

export interface SeriesPoint {
  t: number;
  v: number;
}

/** A numeric series: 'live-heap', 'heap-goal', 'gc-pause', 'goroutines', 'goroutine-group', 'memstats-heap'. */
export interface TimelineSeries {
  id: string;
  kind: 'live-heap' | 'heap-goal' | 'gc-pause' | 'goroutines' | 'goroutine-group' | 'memstats-heap';
  label: string;
  unit: SeriesUnit;
  /** Artifact ids the points come from. */
  sources: string[];
  assumed: boolean;
  /** The weakest anchor among the sources. */
  anchor: AnchorKind;
  points: SeriesPoint[];
}

export interface Timeline {
  events: TimelineEvent[];
  series: TimelineSeries[];
  /**
   * Earliest and latest moment of what was observed: events and points whose time is real (evidence
   * or user), not projections; inferred or assumed times never widen it (unless nothing else has a
   * time). Undefined when empty. A projected OOM minutes after a few seconds of evidence would
   * otherwise squeeze the evidence into a sliver of the default view.
   */
  range?: { startMs: number; endMs: number };
  /** `range` widened to the projections (projected OOM), when one lies outside it. */
  fullRange?: { startMs: number; endMs: number };
}

const ANCHOR_STRENGTH: AnchorKind[] = ['evidence', 'user', 'inferred', 'assumed'];
/** The weakest of several anchor kinds (what a series or finding built from them rests on). */
export function weakest(kinds: AnchorKind[]): AnchorKind {
  let i = 0;
  for (const k of kinds) i = Math.max(i, ANCHOR_STRENGTH.indexOf(k));
  return ANCHOR_STRENGTH[i];
}
const isReal = (k: AnchorKind) => k === 'evidence' || k === 'user';

/** Whether an event is a forecast rather than something that happened. */
export function isProjection(e: Pick<TimelineEvent, 'kind'>): boolean {
  return e.kind === 'finding:projected-oom';
}

export interface TimelineOptions {
  /** GC pauses at or above this are shown as events (default 100 ms). */
  pauseEventMs?: number;
  /** Findings to place on the timeline (those with a time). */
  findings?: Finding[];
}

/** Key that identifies "the same" goroutine group across dumps. */
export function groupKey(g: Pick<GoroutineGroupSummary, 'function' | 'createdBy' | 'state'>): string {
  return `${g.function} | ${g.state} | ${g.createdBy}`;
}

/** Panic / fatal message of a goroutine dump that is a crash traceback, if any. */
export function crashMessage(result: InspectResult): string | undefined {
  const g = result.goroutines;
  if (!g) return undefined;
  for (const k of ['panic', 'panicMessage', 'fatal', 'fatalError', 'crash']) {
    const v = g[k];
    if (typeof v === 'string' && v) return v;
    if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
      return (v as { message: string }).message;
    }
  }
  if (g.kind === 'traceback' || g.traceback === true)
    return typeof g.header === 'string' ? g.header : 'crash';
  return undefined;
}

function memStatsOf(result: InspectResult): Record<string, number> | undefined {
  let cand = (result.profile?.memStats ??
    result.heap?.memStats ??
    (result as unknown as Record<string, unknown>).memStats) as unknown;
  if (!cand || typeof cand !== 'object') return undefined;
  // The Go heap-dump block nests the runtime's MemStats one level down.
  const inner = (cand as Record<string, unknown>).memStats;
  if (inner && typeof inner === 'object') cand = inner;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(cand as Record<string, unknown>)) if (typeof v === 'number') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** How far a user moved an application log from its own clock (its last line to the chosen moment). */
function logShift(a: IncidentArtifact): number {
  const last = a.summary.log?.lastMs;
  const at = a.timeAnchor.capturedAtMs;
  return a.timeAnchor.source === 'user' && last !== undefined && at !== undefined ? at - last : 0;
}

const fmtMiB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

/** Builds the timeline from an incident (artifact summaries + anchors + user events). */
export function buildTimeline(incident: Incident, options: TimelineOptions = {}): Timeline {
  const pauseEventMs = options.pauseEventMs ?? 100;
  const starred = new Set(incident.starredDerived);
  const events: TimelineEvent[] = [];
  const series: TimelineSeries[] = [];
  const add = (e: Omit<TimelineEvent, 'starred'>) => events.push({ ...e, starred: starred.has(e.id) });

  const goroutineDumps: { a: IncidentArtifact; t: number }[] = [];

  for (const a of incident.artifacts) {
    const r = a.summary;
    const anchor = anchorKind(a.timeAnchor);
    const assumed = anchor === 'assumed';
    const ref = (view: string, item?: string): EvidenceRef => ({
      artifactId: a.id,
      file: a.name,
      view,
      ...(item !== undefined ? { item } : {}),
    });
    if (r.gc) {
      const live: SeriesPoint[] = [];
      const goal: SeriesPoint[] = [];
      const pause: SeriesPoint[] = [];
      r.gc.events.forEach((ev, i) => {
        const t = gcTime(a, ev.t);
        const liveB = ev.heapLiveBytes ?? ev.heapAfterBytes;
        if (liveB !== undefined) live.push({ t, v: liveB });
        if (ev.goalBytes !== undefined) goal.push({ t, v: ev.goalBytes });
        pause.push({ t, v: ev.pauseMs });
        const full = /full|forced|emergency|compact/i.test(ev.kind);
        if (/oom|outofmemory|out of memory/i.test(`${ev.kind} ${ev.cause ?? ''}`)) {
          add({
            id: `${a.id}:oom:${i}`,
            t,
            source: a.id,
            kind: 'oom',
            label: `Out of memory (${ev.cause ?? ev.kind})`,
            severity: 'critical',
            ref: ref('gc', String(i)),
            assumed,
            anchor,
          });
        } else if (full || ev.pauseMs >= pauseEventMs) {
          const what = full ? ev.kind : `GC pause ${ev.pauseMs.toFixed(1)} ms`;
          const heap = liveB !== undefined ? `, live ${fmtMiB(liveB)}` : '';
          add({
            id: `${a.id}:gc:${i}`,
            t,
            source: a.id,
            kind: full ? 'gc-full' : 'gc',
            label: `${what}${ev.cause ? ` (${ev.cause})` : ''}${full ? `, pause ${ev.pauseMs.toFixed(1)} ms` : ''}${heap}`,
            severity: ev.pauseMs >= pauseEventMs * 5 ? 'critical' : 'warning',
            ref: ref('gc', String(i)),
            assumed,
            anchor,
          });
        }
      });
      const base = { sources: [a.id], assumed, anchor };
      if (live.length)
        series.push({
          id: `${a.id}:live-heap`,
          kind: 'live-heap',
          label: `Live heap (${a.name})`,
          unit: 'bytes',
          points: live,
          ...base,
        });
      if (goal.length)
        series.push({
          id: `${a.id}:heap-goal`,
          kind: 'heap-goal',
          label: `Heap goal / capacity (${a.name})`,
          unit: 'bytes',
          points: goal,
          ...base,
        });
      if (pause.length)
        series.push({
          id: `${a.id}:gc-pause`,
          kind: 'gc-pause',
          label: `GC pause (${a.name})`,
          unit: 'ms',
          points: pause,
          ...base,
        });
    }
    if (r.heap) {
      const t = snapshotTime(a);
      add({
        id: `${a.id}:heap-dump`,
        t,
        source: a.id,
        kind: 'heap-dump',
        label: `Heap dump ${a.name}: ${r.heap.objects.toLocaleString('en-US')} objects, ${fmtMiB(r.heap.reachableBytes)} reachable${r.truncated ? ' (truncated)' : ''}`,
        severity: 'info',
        ref: ref('heap'),
        assumed,
        anchor,
      });
    }
    if (r.profile) {
      const t = snapshotTime(a);
      add({
        id: `${a.id}:profile`,
        t,
        source: a.id,
        kind: 'profile',
        label: `Profile ${a.name} (${r.profile.sampleTypes.map((s) => s.type).join(', ')})`,
        severity: 'info',
        ref: ref('profile'),
        assumed,
        anchor,
      });
    }
    const ms = memStatsOf(r);
    if (ms) {
      const t = snapshotTime(a);
      const heapAlloc = ms.HeapAlloc ?? ms.heapAlloc ?? ms.heapAllocBytes;
      add({
        id: `${a.id}:memstats`,
        t,
        source: a.id,
        kind: 'memstats',
        label: `MemStats ${a.name}${heapAlloc !== undefined ? `: HeapAlloc ${fmtMiB(heapAlloc)}` : ''}`,
        severity: 'info',
        ref: ref('profile', 'memstats'),
        assumed,
        anchor,
      });
      if (heapAlloc !== undefined)
        series.push({
          id: `${a.id}:memstats-heap`,
          kind: 'memstats-heap',
          label: `MemStats HeapAlloc (${a.name})`,
          unit: 'bytes',
          sources: [a.id],
          assumed,
          anchor,
          points: [{ t, v: heapAlloc }],
        });
    }
    if (r.goroutines) {
      const t = snapshotTime(a);
      const crash = crashMessage(r);
      if (crash) {
        add({
          id: `${a.id}:crash`,
          t,
          source: a.id,
          kind: 'crash',
          label: `Crash: ${crash} (${r.goroutines.total} goroutines)`,
          severity: 'critical',
          ref: ref('goroutines'),
          assumed,
          anchor,
        });
      } else {
        add({
          id: `${a.id}:goroutine-dump`,
          t,
          source: a.id,
          kind: 'goroutine-dump',
          label: `Goroutine dump ${a.name}: ${r.goroutines.total} goroutines`,
          severity: 'info',
          ref: ref('goroutines'),
          assumed,
          anchor,
        });
      }
      goroutineDumps.push({ a, t });
    }
    if (r.threads) {
      const blocked = r.threads.byState.BLOCKED ?? 0;
      const dl = r.threads.deadlocks.length;
      add({
        id: `${a.id}:thread-dump`,
        t: snapshotTime(a),
        source: a.id,
        kind: 'thread-dump',
        label: `Thread dump ${a.name}: ${r.threads.total} threads${blocked ? `, ${blocked} BLOCKED` : ''}${dl ? `, ${dl} deadlock${dl > 1 ? 's' : ''}` : ''}`,
        severity: dl ? 'critical' : blocked ? 'warning' : 'info',
        ref: ref('threads'),
        assumed,
        anchor,
      });
    }
    if (r.log) {
      // An application log's own clock: its lines are absolute (a user anchor shifts them all).
      const shift = logShift(a);
      for (const l of r.log.events) {
        const alarm = l.level === 'ERROR' || l.level === 'FATAL' || l.level === 'PANIC' || l.level === 'CRIT';
        add({
          id: `${a.id}:log:${l.line}`,
          t: l.t + shift,
          source: a.id,
          kind: l.proposed ? 'log' : 'log-line',
          label: `${a.name}:${l.line}${l.level ? ` ${l.level}` : ''} ${l.text}`,
          severity: !l.proposed
            ? 'info'
            : alarm || /\b(OOM|out of memory|killed)\b/i.test(l.text)
              ? 'critical'
              : 'warning',
          ref: ref('log', String(l.line)),
          assumed,
          anchor,
        });
      }
    }
  }

  // Goroutine totals and per-group counts across dumps, one series each (crash tracebacks included).
  if (goroutineDumps.length) {
    goroutineDumps.sort((x, y) => x.t - y.t);
    series.push({
      id: 'goroutines',
      kind: 'goroutines',
      label: 'Goroutines',
      unit: 'count',
      sources: goroutineDumps.map((d) => d.a.id),
      assumed: goroutineDumps.some((d) => d.a.timeAnchor.assumed),
      anchor: weakest(goroutineDumps.map((d) => anchorKind(d.a.timeAnchor))),
      points: goroutineDumps.map((d) => ({ t: d.t, v: d.a.summary.goroutines?.total ?? 0 })),
    });
    const groups = new Map<string, TimelineSeries>();
    for (const d of goroutineDumps) {
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
    series.push(...groups.values());
  }

  for (const u of incident.events) {
    events.push({
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
    });
  }

  for (const f of options.findings ?? []) {
    if (f.t === undefined) continue;
    const id = `finding:${f.id}`;
    events.push({
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

  events.sort((x, y) => x.t - y.t || x.id.localeCompare(y.id));
  for (const s of series) s.points.sort((x, y) => x.t - y.t);
  const span = (onlyReal: boolean) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      if (isProjection(e) || (onlyReal && !isReal(e.anchor))) continue;
      lo = Math.min(lo, e.t);
      hi = Math.max(hi, e.t);
    }
    for (const s of series) {
      if (!s.points.length) continue;
      if (onlyReal && !isReal(s.anchor)) {
        // a mixed series (dumps of several anchors): only its real points count
        if (s.kind !== 'goroutines' && s.kind !== 'goroutine-group') continue;
        s.points.forEach((p, i) => {
          const a = incident.artifacts.find((x) => x.id === s.sources[i]);
          if (!a || !anchorIsReal(a.timeAnchor)) return;
          lo = Math.min(lo, p.t);
          hi = Math.max(hi, p.t);
        });
        continue;
      }
      lo = Math.min(lo, s.points[0].t);
      hi = Math.max(hi, s.points[s.points.length - 1].t);
    }
    return { lo, hi };
  };
  let { lo, hi } = span(true);
  if (!Number.isFinite(lo)) ({ lo, hi } = span(false));
  let fullLo = lo;
  let fullHi = hi;
  for (const e of events) {
    if (!isProjection(e)) continue;
    fullLo = Math.min(fullLo, e.t);
    fullHi = Math.max(fullHi, e.t);
  }
  if (!Number.isFinite(fullLo)) return { events, series };
  // only projections: they are the range
  if (!Number.isFinite(lo)) return { events, series, range: { startMs: fullLo, endMs: fullHi } };
  return {
    events,
    series,
    range: { startMs: lo, endMs: hi },
    ...(fullLo < lo || fullHi > hi ? { fullRange: { startMs: fullLo, endMs: fullHi } } : {}),
  };
}

/** The state of the system at a moment: what the team sees when they pick a point on the chart. */
export interface StateAt {
  t: number;
  /** Nearest GC cycle (any GC artifact). */
  nearestGc?: { t: number; liveBytes?: number; goalBytes?: number; pauseMs?: number; source: string };
  /** Live heap at t: the last live-heap point at or before t (else the first after). */
  liveHeapBytes?: number;
  /** Goroutine count from the last dump at or before t (else the first after). */
  goroutines?: { count: number; t: number; source: string };
  dumpBefore?: TimelineEvent;
  dumpAfter?: TimelineEvent;
}

/** Index of the last point with p.t <= t, or -1. */
function lastAtOrBefore(points: SeriesPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function atOrNearestBefore(points: SeriesPoint[], t: number): SeriesPoint | undefined {
  if (!points.length) return undefined;
  const i = lastAtOrBefore(points, t);
  return i >= 0 ? points[i] : points[0];
}

const SNAPSHOT_KINDS = new Set(['heap-dump', 'profile', 'goroutine-dump', 'crash']);

/** Computes the state at moment `t` from a built timeline. */
export function stateAt(timeline: Timeline, t: number): StateAt {
  const out: StateAt = { t };
  let best: { d: number; t: number; s: TimelineSeries; i: number } | undefined;
  for (const s of timeline.series) {
    if (s.kind !== 'live-heap' && s.kind !== 'gc-pause') continue;
    const i = lastAtOrBefore(s.points, t);
    for (const j of [i, i + 1]) {
      if (j < 0 || j >= s.points.length) continue;
      const d = Math.abs(s.points[j].t - t);
      if (!best || d < best.d) best = { d, t: s.points[j].t, s, i: j };
    }
  }
  if (best) {
    const src = best.s.sources[0];
    const at = best.t;
    const find = (kind: TimelineSeries['kind']) => {
      const pts = timeline.series.find((s) => s.kind === kind && s.sources[0] === src)?.points;
      if (!pts) return undefined;
      const i = lastAtOrBefore(pts, at);
      return i >= 0 && pts[i].t === at ? pts[i].v : undefined;
    };
    out.nearestGc = { t: at, source: src };
    const live = find('live-heap');
    const goal = find('heap-goal');
    const pause = find('gc-pause');
    if (live !== undefined) out.nearestGc.liveBytes = live;
    if (goal !== undefined) out.nearestGc.goalBytes = goal;
    if (pause !== undefined) out.nearestGc.pauseMs = pause;
  }
  const liveSeries = timeline.series.filter((s) => s.kind === 'live-heap' || s.kind === 'memstats-heap');
  let liveBest: SeriesPoint | undefined;
  for (const s of liveSeries) {
    const p = atOrNearestBefore(s.points, t);
    if (p && (!liveBest || (p.t <= t && (liveBest.t > t || p.t > liveBest.t)))) liveBest = p;
  }
  if (liveBest) out.liveHeapBytes = liveBest.v;
  const gr = timeline.series.find((s) => s.kind === 'goroutines');
  if (gr?.points.length) {
    const i = lastAtOrBefore(gr.points, t);
    const j = Math.max(i, 0);
    out.goroutines = { count: gr.points[j].v, t: gr.points[j].t, source: gr.sources[j] };
  }
  for (const e of timeline.events) {
    if (!SNAPSHOT_KINDS.has(e.kind)) continue;
    if (e.t <= t) out.dumpBefore = e;
    else if (!out.dumpAfter) out.dumpAfter = e;
  }
  return out;
}
