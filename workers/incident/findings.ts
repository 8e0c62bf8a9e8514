/**
 * Findings: computed statements about the incident, each with its numbers and references to the
 * evidence. They are derived from the persisted summaries (via the timeline) and feed the timeline,
 * the postmortem's root-cause section and the checklist suggestions. Pure functions.
 */
import type { GcEventSummary, HeapBlock, HeapPathStep, ThreadsBlock } from '../../contract/inspect.ts';
import { isMsg } from '../core/messages.ts';
import { formatHeapPath } from '../graph/path-steps.ts';
import { anchorRateSafe } from './anchors.ts';
import { gcTime, snapshotTime } from './artifacts.ts';
import type { EvidenceRef, Finding, Incident, IncidentArtifact } from './model.ts';
import { buildTimeline, crashMessage, groupKey, type SeriesPoint, type Timeline } from './timeline.ts';

export interface FindingOptions {
  /** Memory limit to project the OOM against (bytes); else taken from the GC evidence when it has one. */
  limitBytes?: number;
  /** GC pause threshold (default 100 ms). */
  pauseThresholdMs?: number;
  /** GC CPU threshold, percent (default 25). */
  gcCpuThresholdPercent?: number;
  /** A goroutine group is reported when it grew by at least this many between dumps (default 10). */
  goroutineGrowthMin?: number;
  /** Heap growth window (absolute ms); default: the whole live-heap series. */
  growthFrom?: number;
  growthTo?: number;
}

const ref = (a: IncidentArtifact, view: string, item?: string): EvidenceRef => ({
  artifactId: a.id,
  file: a.name,
  view,
  ...(item !== undefined ? { item } : {}),
});

/** Rates are never computed over a span shorter than this (two dumps a few ms apart are one moment). */
export const MIN_RATE_SPAN_MS = 1000;

/** Least-squares slope (v per ms) and intercept of points. */
export function linearFit(points: SeriesPoint[]): { slope: number; intercept: number } | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  let st = 0;
  let sv = 0;
  for (const p of points) {
    st += p.t;
    sv += p.v;
  }
  const mt = st / n;
  const mv = sv / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  if (den === 0) return undefined;
  const slope = num / den;
  return { slope, intercept: mv - slope * mt };
}

export interface HeapGrowth {
  fromMs: number;
  toMs: number;
  startBytes: number;
  endBytes: number;
  /** Fitted growth rate. */
  bytesPerMinute: number;
  points: number;
}

/** Heap growth rate between two times, from a live-heap series (least squares over the window). */
export function heapGrowth(points: SeriesPoint[], fromMs?: number, toMs?: number): HeapGrowth | undefined {
  const win = points.filter(
    (p) => (fromMs === undefined || p.t >= fromMs) && (toMs === undefined || p.t <= toMs),
  );
  const fit = linearFit(win);
  if (!fit) return undefined;
  const first = win[0];
  const last = win[win.length - 1];
  return {
    fromMs: first.t,
    toMs: last.t,
    startBytes: first.v,
    endBytes: last.v,
    bytesPerMinute: fit.slope * 60_000,
    points: win.length,
  };
}

/** A finite number above zero, else undefined (an unset or zero limit is no limit). */
function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}

const RESOURCE_TYPE =
  /(InputStream|OutputStream|Reader|Writer|Socket|Channel|Connection|RandomAccessFile|ZipFile|FileDescriptor)\b/;
const CACHE_LIKE = /\bmap\b|map\[|HashMap|ConcurrentHashMap|Cache|cache|LinkedHashMap/;

/** Computes every finding the evidence supports, ordered by severity then time. */
export function computeFindings(
  incident: Incident,
  options: FindingOptions = {},
  timeline?: Timeline,
): Finding[] {
  const tl = timeline ?? buildTimeline(incident);
  const pauseThr = options.pauseThresholdMs ?? 100;
  const cpuThr = options.gcCpuThresholdPercent ?? 25;
  const growthMin = options.goroutineGrowthMin ?? 10;
  const out: Finding[] = [];

  for (const a of incident.artifacts) {
    const gc = a.summary.gc;
    if (gc) {
      const live = tl.series.find((s) => s.kind === 'live-heap' && s.sources[0] === a.id);
      const growth = live ? heapGrowth(live.points, options.growthFrom, options.growthTo) : undefined;
      if (
        growth &&
        growth.toMs - growth.fromMs >= MIN_RATE_SPAN_MS &&
        growth.bytesPerMinute > 0 &&
        growth.endBytes > growth.startBytes * 1.1
      ) {
        out.push({
          id: `${a.id}:heap-growth`,
          kind: 'heap-growth',
          severity: growth.endBytes > growth.startBytes * 2 ? 'critical' : 'warning',
          t: growth.fromMs,
          tEnd: growth.toMs,
          subject: 'live heap',
          numbers: {
            bytesPerMinute: Math.round(growth.bytesPerMinute),
            startBytes: growth.startBytes,
            endBytes: growth.endBytes,
            durationMs: growth.toMs - growth.fromMs,
            cycles: growth.points,
          },
          evidence: [ref(a, 'gc', 'live-heap')],
        });
        const limit = options.limitBytes ?? positive(gc.limitBytes) ?? num(gc.projection?.limitBytes);
        const projected = options.limitBytes === undefined ? num(gc.projection?.reachAtMs) : undefined;
        if (limit && growth.endBytes < limit) {
          const at =
            projected !== undefined
              ? gcTime(a, projected)
              : growth.toMs + (limit - growth.endBytes) / (growth.bytesPerMinute / 60_000);
          out.push({
            id: `${a.id}:projected-oom`,
            kind: 'projected-oom',
            severity: 'critical',
            t: at,
            subject: 'memory limit',
            numbers: {
              limitBytes: limit,
              atMs: Math.round(at),
              bytesPerMinute: Math.round(growth.bytesPerMinute),
              lastLiveBytes: growth.endBytes,
              minutesAfterLastCycle: (at - growth.toMs) / 60_000,
            },
            evidence: [ref(a, 'gc', 'live-heap')],
          });
        } else if (limit && growth.endBytes >= limit) {
          out.push({
            id: `${a.id}:projected-oom`,
            kind: 'projected-oom',
            severity: 'critical',
            t: growth.toMs,
            subject: 'memory limit',
            numbers: {
              limitBytes: limit,
              atMs: growth.toMs,
              bytesPerMinute: Math.round(growth.bytesPerMinute),
              lastLiveBytes: growth.endBytes,
              minutesAfterLastCycle: 0,
            },
            evidence: [ref(a, 'gc', 'live-heap')],
          });
        }
      }
      // Pause threshold crossing.
      const i = gc.events.findIndex((e) => e.pauseMs >= pauseThr);
      if (i >= 0) {
        const over = gc.events.filter((e) => e.pauseMs >= pauseThr).length;
        out.push({
          id: `${a.id}:gc-pause`,
          kind: 'gc-threshold',
          severity: 'warning',
          t: gcTime(a, gc.events[i].t),
          subject: 'GC pause',
          numbers: {
            thresholdMs: pauseThr,
            pauseMs: gc.events[i].pauseMs,
            cyclesOver: over,
            maxPauseMs: gc.pauses.maxMs,
            cycle: i,
          },
          evidence: [ref(a, 'gc', String(i))],
          facts: { metric: 'pause' },
        });
      }
      // GC CPU threshold: the stop-the-world time share in a 10-cycle window.
      const cpuAt = gcCpuCrossing(gc.events, cpuThr);
      if (cpuAt !== undefined || gc.gcCpuPercent >= cpuThr) {
        const idx = cpuAt?.index ?? gc.events.length - 1;
        const t = idx >= 0 ? gcTime(a, gc.events[idx].t) : gcTime(a, gc.endMs);
        out.push({
          id: `${a.id}:gc-cpu`,
          kind: 'gc-threshold',
          severity: 'critical',
          t,
          subject: 'GC CPU',
          numbers: {
            thresholdPercent: cpuThr,
            percent: cpuAt?.percent ?? gc.gcCpuPercent,
            overallPercent: gc.gcCpuPercent,
            cycle: idx,
          },
          evidence: [ref(a, 'gc', String(idx))],
          facts: { metric: 'cpu' },
        });
      }
      // Back-to-back full collections (the parser's detection): the collector is thrashing.
      const storms = [...(gc.backToBackFull ?? []), ...(gc.thrashing ?? [])];
      if (storms.length) {
        const first = storms.reduce((m, x) => Math.min(m, x.fromMs), Number.POSITIVE_INFINITY);
        out.push({
          id: `${a.id}:gc-storm`,
          kind: 'gc-threshold',
          severity: 'critical',
          t: gcTime(a, first),
          subject: 'back-to-back full GC',
          numbers: { runs: storms.length, collections: storms.reduce((n, x) => n + (num(x.count) ?? 0), 0) },
          evidence: [ref(a, 'gc', 'full')],
          facts: { metric: 'full-gc' },
        });
      }
      const ooms = gc.oom ?? [];
      if (ooms.length) {
        const at = num(ooms[0].t);
        out.push({
          id: `${a.id}:oom`,
          kind: 'oom',
          severity: 'critical',
          ...(at !== undefined ? { t: gcTime(a, at) } : {}),
          subject: 'OutOfMemoryError',
          numbers: { count: ooms.length },
          evidence: [ref(a, 'gc', 'oom')],
        });
      }
      for (const [k, e] of gc.events.entries()) {
        if (ooms.length) break;
        if (/oom|outofmemory|out of memory/i.test(`${e.kind} ${e.cause ?? ''}`)) {
          out.push({
            id: `${a.id}:oom:${k}`,
            kind: 'oom',
            severity: 'critical',
            t: gcTime(a, e.t),
            subject: e.cause ?? e.kind,
            numbers: { heapBeforeBytes: e.heapBeforeBytes ?? 0, heapAfterBytes: e.heapAfterBytes ?? 0 },
            evidence: [ref(a, 'gc', String(k))],
          });
          break;
        }
      }
    }
    if (a.summary.heap) out.push(...heapFindings(a, a.summary.heap));
    const crash = crashMessage(a.summary);
    if (crash) {
      const g = a.summary.goroutines!;
      const panicking = g.groups.find((x) => /panic|running/.test(x.state)) ?? g.groups[0];
      out.push({
        id: `${a.id}:crash`,
        kind: 'crash',
        severity: 'critical',
        t: snapshotTime(a),
        subject: crash,
        numbers: { goroutines: g.total },
        evidence: [ref(a, 'goroutines')],
        facts: { message: crash, ...(panicking ? { function: panicking.function } : {}) },
      });
    }
  }

  for (const a of incident.artifacts)
    if (a.summary.threads) out.push(...threadFindings(a, a.summary.threads));
  out.push(...goroutineGrowth(incident, growthMin));
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((x, y) => rank[x.severity] - rank[y.severity] || (x.t ?? 0) - (y.t ?? 0));
}

/** The first cycle where GC pauses over the last 10 cycles take `thr` % of the wall clock or more. */
function gcCpuCrossing(
  events: GcEventSummary[],
  thr: number,
): { index: number; percent: number } | undefined {
  const W = 10;
  for (let i = W; i < events.length; i++) {
    const span = events[i].t - events[i - W].t;
    if (span <= 0) continue;
    let pause = 0;
    for (let j = i - W + 1; j <= i; j++) pause += events[j].pauseMs;
    const pct = (pause / span) * 100;
    if (pct >= thr) return { index: i, percent: Math.round(pct * 10) / 10 };
  }
  return undefined;
}

interface SuspectLike {
  kind: string;
  title: string;
  description: string;
  retainedBytes: number;
  percent: number;
  path: string[];
  accumulationPoint?: string;
  staticField?: unknown;
  holderType?: unknown;
  accumulatedType?: unknown;
  accumulatedCount?: unknown;
  id?: unknown;
  /** Who holds it as a user reads it (`main.orderCache`, `goroutine 31 frame main.f`, `static …`). */
  holder?: unknown;
  /** Messages of the suspect's words (checked with isMsg: a saved incident may hold anything). */
  holderMsg?: unknown;
  titleMsg?: unknown;
  descriptionMsg?: unknown;
  chainLength?: unknown;
  pathSteps?: unknown;
  /** The path from the GC root on one line (Java: field names `… → table → [17] → val`). */
  pathText?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isGroupSuspect = (s: SuspectLike) => s.kind.startsWith('group') || s.path.length === 0;
const isStackRoot = (root: string) => /stack|goroutine|frame|thread|local/i.test(root);
const isStep = (x: unknown): x is HeapPathStep =>
  typeof x === 'object' && x !== null && typeof (x as { label?: unknown }).label === 'string';
/** The suspect's path with how each step holds the next (`main.orderCache → +0x10 …`) when known. */
function suspectPath(s: SuspectLike): { root: string; text: string } | undefined {
  if (Array.isArray(s.pathSteps) && s.pathSteps.length > 0 && s.pathSteps.every(isStep)) {
    return { root: s.pathSteps[0].label, text: formatHeapPath(s.pathSteps) };
  }
  return s.path.length ? { root: s.path[0], text: s.path.join(' → ') } : undefined;
}

function heapFindings(a: IncidentArtifact, heap: HeapBlock): Finding[] {
  const out: Finding[] = [];
  const t = snapshotTime(a);
  const total = heap.reachableBytes || heap.totalBytes || 1;
  const pct = (b: number) => Math.round((b / total) * 1000) / 10;
  const all = heap.suspects as SuspectLike[];
  // A dump that is mostly garbage says so first: its "reachable heap" is a small part of what the
  // process held, so percentages of it mislead unless the reader knows (MAT's unreachable histogram).
  const unreachable = all.find((s) => s.kind === 'unreachable');
  const suspects = all.filter((s) => s !== unreachable);
  if (unreachable) {
    const dumpBytes = heap.reachableBytes + unreachable.retainedBytes;
    out.push({
      id: `${a.id}:unreachable`,
      kind: 'unreachable-heap',
      severity: 'warning',
      t,
      subject: a.name,
      numbers: {
        unreachableBytes: unreachable.retainedBytes,
        dumpBytes,
        percent: unreachable.percent,
        reachableBytes: heap.reachableBytes,
      },
      evidence: [ref(a, 'heap', 'unreachable')],
      facts: {
        classes: (heap.unreachableHistogram ?? [])
          .slice(0, 3)
          .map((h) => `${h.count.toLocaleString('en-US')} ${h.type}`)
          .join(', '),
      },
    });
  }
  // The primary culprit: the biggest single-object suspect (it names holder, field and what accumulates)
  // unless it is held by a stack frame; else the largest dominator child of the root.
  const primary = suspects
    .filter((s) => !isGroupSuspect(s) && !isStackRoot(s.path[0] ?? ''))
    .sort((x, y) => y.retainedBytes - x.retainedBytes)[0];
  const top = heap.top.find((e) => !isStackRoot(e.root)) ?? heap.top[0];
  if (primary || top) {
    const retained = primary?.retainedBytes ?? top!.retainedBytes;
    const staticField = str(primary?.staticField);
    const subject =
      staticField ??
      str(primary?.holder) ??
      (top && primary?.path[0] === top.root ? top.label : undefined) ??
      top?.label ??
      primary!.title;
    const steps = primary ? suspectPath(primary) : undefined;
    const path = steps
      ? [steps.root]
      : [top!.root, top!.label].filter((x, i, arr) => x && arr.indexOf(x) === i);
    const chainLength = num(primary?.chainLength);
    const accumulatedType = str(primary?.accumulatedType);
    const accumulatedCount = num(primary?.accumulatedCount);
    const accumulation = primary?.accumulationPoint;
    const text = `${subject} ${top?.type ?? ''} ${str(primary?.holderType) ?? ''} ${accumulation ?? ''} ${primary?.description ?? ''}`;
    const cacheLike = CACHE_LIKE.test(text);
    out.push({
      id: `${a.id}:top-retainer`,
      kind: 'top-retainer',
      severity: retained / total > 0.3 ? 'critical' : 'warning',
      t,
      subject,
      // the holder as the engine worded it (`global at bss+0x48`), for a draft in another language
      ...(subject === str(primary?.holder) && isMsg(primary?.holderMsg)
        ? { subjectMsg: primary.holderMsg }
        : {}),
      numbers: {
        retainedBytes: retained,
        percent: primary?.percent ?? pct(retained),
        reachableBytes: heap.reachableBytes,
        ...(accumulatedCount !== undefined ? { accumulatedCount } : {}),
        ...(chainLength !== undefined ? { chainLength } : {}),
        ...(top ? { nodeId: top.id } : {}),
      },
      evidence: [ref(a, 'heap', String(num(primary?.id) ?? top?.id ?? subject))],
      facts: {
        type: str(primary?.holderType) ?? (top && top.label === subject ? top.type : '') ?? '',
        root: path[0] ?? '',
        // the path down to what accumulates, with field names or pointer offsets, when the format gives one
        path: str(primary?.pathText) ?? steps?.text ?? path.join(' → '),
        cacheLike: cacheLike ? 'yes' : 'no',
        ...(accumulatedType ? { accumulatedType } : {}),
        ...(accumulation && accumulation !== subject && !/ @ 0x/.test(accumulation) ? { accumulation } : {}),
        ...(accumulation && / @ 0x/.test(accumulation) && !/^(obj|java\.lang\.Object\[\])/.test(accumulation)
          ? { accumulation: accumulation.replace(/ @ 0x[0-9a-f]+$/, '') }
          : {}),
        ...(staticField ? { staticField } : {}),
      },
    });
  }
  // Further single-object suspects (at most three), not the primary and not stack-held.
  suspects
    .filter((s) => s !== primary && !isGroupSuspect(s) && !isStackRoot(s.path[0] ?? ''))
    .slice(0, 3)
    .forEach((s, i) => {
      out.push({
        id: `${a.id}:suspect:${i}`,
        kind: 'leak-suspect',
        severity: s.percent >= 30 ? 'critical' : 'warning',
        t,
        subject: s.title,
        ...(isMsg(s.titleMsg) ? { subjectMsg: s.titleMsg } : {}),
        ...(isMsg(s.descriptionMsg) ? { factMsgs: { description: s.descriptionMsg } } : {}),
        numbers: {
          retainedBytes: s.retainedBytes,
          percent: s.percent,
          ...(num(s.chainLength) !== undefined ? { chainLength: num(s.chainLength) as number } : {}),
        },
        evidence: [ref(a, 'heap', String(num(s.id) ?? s.title))],
        facts: {
          kind: s.kind,
          description: s.description,
          path: str(s.pathText) ?? suspectPath(s)?.text ?? '',
          ...(s.accumulationPoint ? { accumulationPoint: s.accumulationPoint } : {}),
          cacheLike: CACHE_LIKE.test(`${s.title} ${s.accumulationPoint ?? ''}`) ? 'yes' : 'no',
        },
      });
    });
  // Stack-rooted large objects (a frame keeping a big slice alive).
  for (const e of heap.top) {
    if (isStackRoot(e.root) && e.retainedBytes >= 1 << 20 && e.retainedBytes >= total * 0.05) {
      // a suspect from the same root names the frame that holds it (`goroutine 21 frame main.f`)
      const holder = str(suspects.find((s) => s.path[0] === e.root && str(s.holder))?.holder);
      out.push({
        id: `${a.id}:stack:${e.id}`,
        kind: 'stack-held-memory',
        severity: 'warning',
        t,
        subject: e.label || e.type,
        numbers: { retainedBytes: e.retainedBytes, nodeId: e.id },
        evidence: [ref(a, 'heap', String(e.id))],
        facts: { root: holder ?? e.root, type: e.type },
      });
    }
  }
  // Unclosed resources: the parser's own analysis when it has one, else many reachable stream/socket objects.
  const ur = heap.unclosedResources as
    | { groups?: { type: string; owner?: string; field?: string; count: number; retainedBytes: number }[] }
    | undefined;
  if (ur?.groups) {
    for (const g of ur.groups) {
      if (g.count < 10) continue;
      out.push({
        id: `${a.id}:unclosed:${g.type}:${g.owner ?? ''}`,
        kind: 'unclosed-resource',
        severity: 'critical',
        t,
        subject: g.type,
        numbers: { count: g.count, retainedBytes: g.retainedBytes },
        evidence: [ref(a, 'heap', g.type)],
        facts: {
          ...(g.owner ? { holder: g.owner.replace(/^class /, '') } : {}),
          ...(g.field ? { field: g.field } : {}),
        },
      });
    }
  } else {
    const holders = heap.histogram.filter(
      (h) => !RESOURCE_TYPE.test(h.type) && !/^(java|javax|jdk|sun)\./.test(h.type),
    );
    for (const h of heap.histogram) {
      if (!RESOURCE_TYPE.test(h.type) || h.count < 100) continue;
      const holder = holders
        .filter((x) => Math.abs(x.count - h.count) <= Math.max(1, h.count * 0.02))
        .sort((x, y) => y.retainedBytes - x.retainedBytes)[0];
      out.push({
        id: `${a.id}:unclosed:${h.type}`,
        kind: 'unclosed-resource',
        severity: 'critical',
        t,
        subject: h.type,
        numbers: { count: h.count, retainedBytes: h.retainedBytes },
        evidence: [ref(a, 'heap', h.type)],
        ...(holder ? { facts: { holder: holder.type } } : {}),
      });
    }
  }
  // An HPROF written at OutOfMemoryError: a thread is inside OutOfMemoryError.<init>.
  const threads = heap.threads as { name?: string; frames?: string[] }[] | undefined;
  for (const th of Array.isArray(threads) ? threads : []) {
    const frames = Array.isArray(th.frames) ? th.frames : [];
    const i = frames.findIndex(
      (f) => typeof f === 'string' && f.startsWith('java.lang.OutOfMemoryError.<init>'),
    );
    if (i < 0) continue;
    const at = frames[i + 1] ?? '';
    out.push({
      id: `${a.id}:oom`,
      kind: 'oom',
      severity: 'critical',
      t,
      subject: 'java.lang.OutOfMemoryError',
      numbers: { reachableBytes: heap.reachableBytes },
      evidence: [ref(a, 'heap', `thread ${th.name ?? ''}`)],
      facts: { thread: th.name ?? '', frame: at },
    });
    break;
  }
  return out;
}

/**
 * Goroutine groups that grew between dumps. Dumps are compared within one kind (debug=1 and
 * debug=2 of the same moment are two views of one state); a group is matched by its function and
 * creator (and state where the kind records it). When several kinds show the same growth, the most
 * detailed one (with states and creators) is kept.
 */
export function goroutineGrowth(incident: Incident, minGrowth = 10): Finding[] {
  const byKind = new Map<string, { a: IncidentArtifact; t: number }[]>();
  for (const a of incident.artifacts) {
    if (!a.summary.goroutines || crashMessage(a.summary)) continue;
    const kind = str(a.summary.goroutines.dumpKind) ?? 'dump';
    const list = byKind.get(kind) ?? [];
    list.push({ a, t: snapshotTime(a) });
    byKind.set(kind, list);
  }
  const all: Finding[] = [];
  for (const dumpsUnsorted of byKind.values()) {
    const gid = (a: IncidentArtifact) => num(a.summary.goroutines?.maxGoroutineId) ?? 0;
    const dumps = dumpsUnsorted.sort(
      (x, y) => x.t - y.t || gid(x.a) - gid(y.a) || x.a.name.localeCompare(y.a.name),
    );
    if (dumps.length < 2) continue;
    const counts = dumps.map((d) => {
      const m = new Map<string, number>();
      for (const g of d.a.summary.goroutines!.groups) m.set(groupKey(g), (m.get(groupKey(g)) ?? 0) + g.count);
      return m;
    });
    const keys = new Set(counts.flatMap((m) => [...m.keys()]));
    for (const k of keys) {
      const series = counts.map((m) => m.get(k) ?? 0);
      const first = series[0];
      const last = series[series.length - 1];
      const monotonic = series.every((v, i) => i === 0 || v >= series[i - 1]);
      if (last - first < minGrowth || !monotonic) continue;
      const lastDump = dumps[dumps.length - 1];
      const g = lastDump.a.summary.goroutines!.groups.find((x) => groupKey(x) === k)!;
      // A rate needs a span whose both ends are real (or inferred in a known order), of a second or more.
      const spanMs = lastDump.t - dumps[0].t;
      const rated =
        spanMs >= MIN_RATE_SPAN_MS &&
        anchorRateSafe(dumps[0].a.timeAnchor) &&
        anchorRateSafe(lastDump.a.timeAnchor);
      all.push({
        id: `goroutines:${k}`,
        kind: 'goroutine-growth',
        severity: last - first >= 50 ? 'critical' : 'warning',
        t: dumps[0].t,
        tEnd: lastDump.t,
        subject: g.function,
        numbers: {
          first,
          last,
          growth: last - first,
          dumps: dumps.length,
          ...(rated ? { perMinute: Math.round(((last - first) / (spanMs / 60_000)) * 10) / 10 } : {}),
          waitMinutesMax: g.waitMinutesMax,
          totalLast: lastDump.a.summary.goroutines!.total,
        },
        evidence: dumps.map((d) => ref(d.a, 'goroutines', g.function)),
        facts: { state: g.state, createdBy: g.createdBy, counts: series.join(' → ') },
      });
    }
  }
  // One finding per function: prefer the view that knows state and creator, then more dumps.
  const detail = (f: Finding) =>
    (f.facts?.state && f.facts.state !== 'unknown' ? 2 : 0) + (f.facts?.createdBy ? 1 : 0);
  const best = new Map<string, Finding>();
  for (const f of all) {
    const prev = best.get(f.subject);
    if (
      !prev ||
      detail(f) > detail(prev) ||
      (detail(f) === detail(prev) && f.numbers.dumps > prev.numbers.dumps)
    ) {
      best.set(f.subject, f);
    }
  }
  return [...best.values()].sort((x, y) => y.numbers.growth - x.numbers.growth);
}

/** A Java thread dump: deadlocks (critical) and held monitors with threads BLOCKED behind them. */
export function threadFindings(a: IncidentArtifact, threads: ThreadsBlock): Finding[] {
  const out: Finding[] = [];
  const t = snapshotTime(a);
  threads.deadlocks.forEach((d, i) => {
    out.push({
      id: `${a.id}:deadlock:${i}`,
      kind: 'deadlock',
      severity: 'critical',
      t,
      subject: d.threads.join(' ↔ '),
      numbers: { threads: d.threads.length },
      evidence: [ref(a, 'threads', d.threads[0])],
      facts: {
        source: d.source,
        cycle: d.edges
          .map((e) => `"${e.thread}" waits for ${e.monitor} (${e.class}) held by "${e.heldBy}"`)
          .join('; '),
      },
    });
  });
  for (const l of threads.locks) {
    if (!l.owner || l.waiters.length === 0) continue;
    out.push({
      id: `${a.id}:lock-convoy:${l.monitor}`,
      kind: 'lock-convoy',
      severity: l.waiters.length >= 2 ? 'warning' : 'info',
      t,
      subject: `${l.class || 'monitor'} <${l.monitor}> held by "${l.owner}"`,
      numbers: { waiters: l.waiters.length, threads: threads.total },
      evidence: [ref(a, 'threads', l.owner)],
      facts: { owner: l.owner, monitor: l.monitor, class: l.class, waiters: l.waiters.join(', ') },
    });
  }
  return out;
}
