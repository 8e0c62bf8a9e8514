import type {
  GcBlock,
  GcEventSummary,
  GcKindRow,
  GcMetrics,
  GcPauseStats,
  GcProjection,
  GcTrendFit,
} from '../../../contract/inspect.ts';
import { english, type MessageKey, type Msg, msg } from '../../core/messages.ts';
import { type GcColumns, KINDS } from './columns.ts';
import { GC_KIND_LABEL, type GcEventKind, PAUSE_KINDS, type ParsedGcLog, PHASE_KINDS } from './model.ts';

// The shapes the analysis returns are the contract's (they cross the worker boundary as they are).
export type { GcMetrics };
export type PauseStats = GcPauseStats;
export type TrendFit = GcTrendFit;
export type Projection = GcProjection;

/** Above this many events the block carries a downsampled list (maxima kept); the rest is paged. */
export const BLOCK_EVENTS_MAX = 10_000;
/** A window of GC work this busy is thrashing (share of wall-clock time, %). */
export const THRASH_PERCENT = 40;

export interface Episode {
  fromMs: number;
  toMs: number;
  count: number;
  /** Back-to-back full GCs: heap reclaimed by the run, % of heap before. Thrashing: GC share, %. */
  value: number;
}

export interface SeriesPoint {
  t: number;
  kind: GcEventKind;
  pauseMs: number;
  before?: number;
  after?: number;
  live?: number;
  goal?: number;
  /** GC CPU share of the interval ending at this event, %. */
  gcShare?: number;
}

export interface GcAnalysis {
  metrics: GcMetrics;
  trend?: TrendFit;
  projection: Projection;
  backToBackFull: Episode[];
  thrashing: Episode[];
  shares: Float64Array;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Which kind indices are pauses (typed-array lookup instead of a Set per event). */
const IS_PAUSE = Uint8Array.from(KINDS, (k) => (PAUSE_KINDS.has(k) ? 1 : 0));
const IS_PHASE = Uint8Array.from(KINDS, (k) => (PHASE_KINDS.has(k) ? 1 : 0));

export function pauseStats(c: GcColumns): PauseStats {
  let n = 0;
  for (let i = 0; i < c.length; i++) n += IS_PAUSE[c.kind[i]];
  const sorted = new Float64Array(n);
  let total = 0;
  for (let i = 0, j = 0; i < c.length; i++) {
    if (!IS_PAUSE[c.kind[i]]) continue;
    sorted[j++] = c.pauseMs[i];
    total += c.pauseMs[i];
  }
  sorted.sort();
  return {
    count: n,
    totalMs: r3(total),
    maxMs: sorted.length ? sorted[sorted.length - 1] : 0,
    minMs: sorted.length ? sorted[0] : 0,
    meanMs: n ? r3(total / n) : 0,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/** Per-event GC share of the interval since the previous event, %. */
function intervalShares(p: ParsedGcLog): Float64Array {
  const c = p.cols;
  const out = new Float64Array(c.length);
  const start = p.absolute ? (p.processStartMs ?? 0) : 0;
  const cum = c.column('cumulativeCpuPercent');
  for (let i = 1; i < c.length; i++) {
    const dt = c.t[i] - c.t[i - 1];
    if (dt <= 0) {
      out[i] = out[i - 1];
      continue;
    }
    const ca = cum ? cum[i - 1] : Number.NaN;
    const cb = cum ? cum[i] : Number.NaN;
    if (!Number.isNaN(ca) && !Number.isNaN(cb)) {
      const s = (cb * (c.t[i] - start) - ca * (c.t[i - 1] - start)) / dt;
      out[i] = Math.min(100, Math.max(0, s));
    } else {
      out[i] = Math.min(100, (c.pauseMs[i] / dt) * 100);
    }
  }
  return out;
}

/** Value of a column at i, undefined when the column or the value is absent. */
function at(col: Float64Array | undefined, i: number): number | undefined {
  if (!col) return undefined;
  const v = col[i];
  return Number.isNaN(v) ? undefined : v;
}

export function computeMetrics(p: ParsedGcLog): GcMetrics {
  const c = p.cols;
  const n = c.length;
  const pauses = pauseStats(c);
  const count = new Float64Array(KINDS.length);
  const total = new Float64Array(KINDS.length);
  const max = new Float64Array(KINDS.length);
  const counts = c.column('count');
  const before = c.column('heapBeforeBytes');
  const after = c.column('heapAfterBytes');
  let maxHeap = 0;
  for (let i = 0; i < n; i++) {
    const k = c.kind[i];
    count[k] += at(counts, i) ?? 1;
    total[k] += c.pauseMs[i];
    if (c.pauseMs[i] > max[k]) max[k] = c.pauseMs[i];
    const b = at(before, i) ?? 0;
    const a = at(after, i) ?? 0;
    if (b > maxHeap) maxHeap = b;
    if (a > maxHeap) maxHeap = a;
  }
  const byKind: GcMetrics['byKind'] = {};
  for (let k = 0; k < KINDS.length; k++)
    if (count[k] > 0) byKind[KINDS[k]] = { count: count[k], totalPauseMs: r3(total[k]), maxPauseMs: max[k] };
  const first = p.firstMs ?? (n ? c.t[0] : 0);
  const last = Math.max(p.lastMs ?? 0, n ? c.t[n - 1] + (c.get('durationMs', n - 1) ?? c.pauseMs[n - 1]) : 0);
  // without a clock the pauses would fill a span made of themselves: 100 % GC, a false alarm
  const spanMs = p.noClock ? 0 : Math.max(0, last - first);
  const throughput = spanMs > 0 ? Math.max(0, 100 - (pauses.totalMs / spanMs) * 100) : 100;
  const lastCum = n ? c.get('cumulativeCpuPercent', n - 1) : undefined;
  const m: GcMetrics = {
    pauses,
    byKind,
    spanMs: r3(spanMs),
    throughputPercent: r3(throughput),
    gcCpuPercent: lastCum !== undefined ? lastCum : r3(100 - throughput),
    gcCpuBasis: lastCum !== undefined ? 'go-runtime' : 'pause-time',
    maxHeapBytes: maxHeap,
  };
  if (spanMs > 0) {
    // allocation: heap growth between the end of one collection and the start of the next
    let alloc = 0;
    let have = false;
    let prevAfter: number | undefined;
    let promo = 0;
    let havePromo = false;
    const live = c.column('heapLiveBytes');
    const oldBefore = c.column('oldBeforeBytes');
    const oldAfter = c.column('oldAfterBytes');
    const YOUNG = KINDS.indexOf('young');
    const MIXED = KINDS.indexOf('mixed');
    for (let i = 0; i < n; i++) {
      const b = at(before, i);
      if (b !== undefined && prevAfter !== undefined) {
        alloc += Math.max(0, b - prevAfter);
        have = true;
      }
      const k = c.kind[i];
      const a = k === KIND_GO_INDEX ? at(live, i) : at(after, i);
      if (a !== undefined) prevAfter = a;
      const ob = at(oldBefore, i);
      const oa = at(oldAfter, i);
      if ((k === YOUNG || k === MIXED) && ob !== undefined && oa !== undefined) {
        promo += Math.max(0, oa - ob);
        havePromo = true;
      }
    }
    if (have) m.allocationRateBytesPerSec = Math.round(alloc / (spanMs / 1000));
    if (havePromo) m.promotionRateBytesPerSec = Math.round(promo / (spanMs / 1000));
  }
  if (p.safepoints) m.safepoints = p.safepoints;
  return m;
}

const KIND_GO_INDEX = KINDS.indexOf('go-cycle');

/** The heap column a basis fits, and which events carry it. */
function basisColumn(c: GcColumns, basis: TrendFit['basis']): Float64Array | undefined {
  if (basis === 'live' || basis === 'after-full') return c.column('heapLiveBytes');
  return c.column('heapAfterBytes');
}

function basisValue(c: GcColumns, basis: TrendFit['basis'], col: Float64Array | undefined, i: number) {
  if (basis === 'live' && c.kind[i] !== KIND_GO_INDEX) return undefined;
  return at(col, i);
}

/** First and one-past-last event index with fromMs ≤ t ≤ toMs (events are in time order). */
function window(c: GcColumns, fromMs: number, toMs: number): [number, number] {
  let lo = 0;
  while (lo < c.length && c.t[lo] < fromMs) lo++;
  let hi = c.length;
  while (hi > lo && c.t[hi - 1] > toMs) hi--;
  return [lo, hi];
}

/** The heap figure a leak shows in: Go live heap, else heap after full GCs, else after every GC. */
function trendBasis(c: GcColumns, lo: number, hi: number): TrendFit['basis'] {
  const live = c.column('heapLiveBytes');
  let go = 0;
  let full = 0;
  let firstFull = -1;
  let lastFull = -1;
  for (let i = lo; i < hi; i++) {
    if (live === undefined || Number.isNaN(live[i])) continue;
    if (c.kind[i] === KIND_GO_INDEX) go++;
    full++;
    if (firstFull < 0) firstFull = i;
    lastFull = i;
  }
  if (go > 0) return 'live';
  // Heap after full GCs is the cleanest leak signal, but only when full GCs run through the log;
  // when they cluster at the end (the OOM spiral) the heap after every GC carries the trend.
  const spanAll = hi - lo > 1 ? c.t[hi - 1] - c.t[lo] : 0;
  const spanFull = full > 1 ? c.t[lastFull] - c.t[firstFull] : 0;
  return full >= 3 && spanFull >= 0.5 * spanAll ? 'after-full' : 'after-gc';
}

/** Ordinary least squares of heap against time, in two passes over the columns (no copies). */
export function fitTrend(p: ParsedGcLog, fromMs = -Infinity, toMs = Infinity): TrendFit | undefined {
  const c = p.cols;
  const [lo, hi] = window(c, fromMs, toMs);
  const basis = trendBasis(c, lo, hi);
  const col = basisColumn(c, basis);
  let n = 0;
  let t0 = 0;
  let tLast = 0;
  let sx = 0;
  let sy = 0;
  for (let i = lo; i < hi; i++) {
    const y = basisValue(c, basis, col, i);
    if (y === undefined) continue;
    if (n === 0) t0 = c.t[i];
    tLast = c.t[i];
    sx += c.t[i] - t0;
    sy += y;
    n++;
  }
  if (n < 3) return undefined;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = lo; i < hi; i++) {
    const y = basisValue(c, basis, col, i);
    if (y === undefined) continue;
    const dx = c.t[i] - t0 - mx;
    const dy = y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx; // bytes per ms
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const r2 = syy > 0 ? Math.max(0, Math.min(1, 1 - sse / syy)) : 0;
  const se = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : 0;
  const H = 3_600_000;
  return {
    basis,
    n,
    slopeBytesPerHour: Math.round(slope * H),
    interceptBytes: Math.round(intercept),
    fromMs: t0,
    toMs: tLast,
    r2: Math.round(r2 * 10000) / 10000,
    slopeStdErrBytesPerHour: Math.round(se * H),
    rising: slope > 0 && slope - 2 * se > 0,
  };
}

const BASIS_MSG = {
  live: 'gc/basisLive',
  'after-full': 'gc/basisAfterFull',
  'after-gc': 'gc/basisAfterGc',
} as const satisfies Record<TrendFit['basis'], MessageKey>;

/** A projection's reason: the English text and the message it is made from. */
const because = (m: Msg) => ({ reason: english(m), reasonMsg: m });

export function project(
  p: ParsedGcLog,
  limitBytes: number | undefined,
  limitSource: string | undefined,
  fit: TrendFit | undefined,
): Projection {
  const base: Projection = {
    limitBytes,
    limitSource,
    fit,
    alreadyReached: false,
    confidence: 'none',
    reason: '',
  };
  if (!fit) return { ...base, ...because(msg('gc/reasonFewPoints')) };
  if (!limitBytes || limitBytes <= 0) return { ...base, ...because(msg('gc/reasonNoLimit')) };
  // last fitted value and the first time it reached the limit, in one pass without copies
  let lastY = 0;
  let firstReach: number | undefined;
  const c = p.cols;
  const col = basisColumn(c, fit.basis);
  const [from, to] = window(c, fit.fromMs, fit.toMs);
  for (let i = from; i < to; i++) {
    const y = basisValue(c, fit.basis, col, i);
    if (y === undefined) continue;
    lastY = y;
    if (firstReach === undefined && y >= limitBytes) firstReach = c.t[i];
  }
  const end = p.lastMs ?? fit.toMs;
  if (lastY >= limitBytes) {
    return {
      ...base,
      alreadyReached: true,
      reachAtMs: firstReach,
      remainingMs: 0,
      confidence: 'high',
      ...because(msg('gc/reasonReached')),
    };
  }
  const H = 3_600_000;
  const slope = fit.slopeBytesPerHour / H;
  if (slope <= 0) return { ...base, ...because(msg('gc/reasonNotRising')) };
  const reachAt = fit.fromMs + (limitBytes - fit.interceptBytes) / slope;
  const se = fit.slopeStdErrBytesPerHour / H;
  const hi = slope + 2 * se;
  const lo = slope - 2 * se;
  const span = Math.max(1, fit.toMs - fit.fromMs);
  let confidence: Projection['confidence'] =
    fit.r2 >= 0.8 && fit.n >= 10 ? 'high' : fit.r2 >= 0.5 && fit.n >= 5 ? 'medium' : 'low';
  const ahead = reachAt - fit.toMs;
  if (ahead > 10 * span) confidence = confidence === 'high' ? 'medium' : 'low';
  if (!fit.rising) confidence = 'low';
  return {
    ...base,
    reachAtMs: Math.round(reachAt),
    reachEarliestMs: Math.round(fit.fromMs + (limitBytes - fit.interceptBytes) / hi),
    reachLatestMs: lo > 0 ? Math.round(fit.fromMs + (limitBytes - fit.interceptBytes) / lo) : undefined,
    remainingMs: Math.round(reachAt - end),
    confidence,
    ...because(
      msg('gc/reasonFit', {
        basis: msg(BASIS_MSG[fit.basis]),
        n: fit.n,
        r2: fit.r2,
        ahead: ahead / span,
      }),
    ),
  };
}

/** Runs of ≥3 full collections with no other collection between them (or 2 less than 1 s apart). */
export function backToBackFull(c: GcColumns): Episode[] {
  const out: Episode[] = [];
  const FULL = KINDS.indexOf('full');
  const YOUNG = KINDS.indexOf('young');
  const MIXED = KINDS.indexOf('mixed');
  let run: number[] = [];
  const close = () => {
    const [a, z] = [run[0], run[run.length - 1]];
    const quick = run.length === 2 && c.t[z] - (c.t[a] + c.pauseMs[a]) < 1000;
    if (run.length >= 3 || quick) {
      const before = c.get('heapBeforeBytes', a) ?? 0;
      const after = c.get('heapAfterBytes', z) ?? before;
      out.push({
        fromMs: c.t[a],
        toMs: c.t[z] + c.pauseMs[z],
        count: run.length,
        value: before > 0 ? Math.round(((before - after) / before) * 1000) / 10 : 0,
      });
    }
    run = [];
  };
  for (let i = 0; i < c.length; i++) {
    const k = c.kind[i];
    if (k === FULL) run.push(i);
    else if ((k === YOUNG || k === MIXED) && run.length) close();
  }
  if (run.length) close();
  return out;
}

/** Stretches where the GC share of time stays at or above THRASH_PERCENT over ≥3 consecutive intervals. */
export function thrashing(c: GcColumns, shares: Float64Array): Episode[] {
  const t = c.t;
  const out: Episode[] = [];
  let from = -1;
  let sum = 0;
  const close = (to: number) => {
    const n = to - from + 1;
    if (from >= 0 && n >= 3)
      out.push({
        fromMs: t[from - 1 >= 0 ? from - 1 : from],
        toMs: t[to],
        count: n,
        value: Math.round((sum / n) * 10) / 10,
      });
    from = -1;
    sum = 0;
  };
  for (let i = 1; i < c.length; i++) {
    if (shares[i] >= THRASH_PERCENT) {
      if (from < 0) from = i;
      sum += shares[i];
    } else if (from >= 0) close(i - 1);
  }
  if (from >= 0) close(c.length - 1);
  return out;
}

export function analyse(p: ParsedGcLog, limitBytes?: number, limitSource?: string): GcAnalysis {
  const metrics = computeMetrics(p);
  const trend = fitTrend(p);
  const shares = intervalShares(p);
  const limit = limitBytes ?? p.logLimitBytes;
  const source = limitBytes !== undefined ? (limitSource ?? 'given') : p.logLimitSource;
  return {
    metrics,
    trend,
    projection: project(p, limit, source, trend),
    backToBackFull: backToBackFull(p.cols),
    thrashing: thrashing(p.cols, shares),
    shares,
  };
}

/**
 * Picks at most ~`maxPoints` events for drawing: the range is cut into buckets and each bucket
 * keeps its longest pause and its highest heap, so spikes survive downsampling.
 */
export function downsample(c: GcColumns, maxPoints: number, fromMs = -Infinity, toMs = Infinity): number[] {
  const [lo, hi] = window(c, fromMs, toMs);
  const n = hi - lo;
  const out: number[] = [];
  if (n <= maxPoints) {
    for (let i = lo; i < hi; i++) out.push(i);
    return out;
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const t0 = c.t[lo];
  const width = (c.t[hi - 1] - t0) / buckets || 1;
  const before = c.column('heapBeforeBytes');
  const after = c.column('heapAfterBytes');
  const live = c.column('heapLiveBytes');
  let i = lo;
  for (let b = 0; b < buckets && i < hi; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + (b + 1) * width;
    let maxPause = -1;
    let maxHeap = -1;
    let iPause = -1;
    let iHeap = -1;
    for (; i < hi && c.t[i] < end; i++) {
      if (c.pauseMs[i] > maxPause) {
        maxPause = c.pauseMs[i];
        iPause = i;
      }
      const h = Math.max(at(before, i) ?? 0, at(after, i) ?? 0, at(live, i) ?? 0);
      if (h > maxHeap) {
        maxHeap = h;
        iHeap = i;
      }
    }
    if (iPause >= 0 && iHeap >= 0 && iPause !== iHeap)
      out.push(Math.min(iPause, iHeap), Math.max(iPause, iHeap));
    else if (iPause >= 0) out.push(iPause);
  }
  return out;
}

export function summary(c: GcColumns, i: number): GcEventSummary {
  const s: GcEventSummary = { t: c.t[i], kind: c.kindOf(i), pauseMs: c.pauseMs[i] };
  const before = c.get('heapBeforeBytes', i);
  const after = c.get('heapAfterBytes', i);
  const live = c.get('heapLiveBytes', i);
  const goal = c.get('goalBytes', i);
  const cause = c.cause(i);
  if (before !== undefined) s.heapBeforeBytes = before;
  if (after !== undefined) s.heapAfterBytes = after;
  if (live !== undefined) s.heapLiveBytes = live;
  if (goal !== undefined) s.goalBytes = goal;
  if (cause !== undefined) s.cause = cause;
  return s;
}

export function seriesPoints(p: ParsedGcLog, shares: Float64Array, idx: number[]): SeriesPoint[] {
  const c = p.cols;
  return idx.map((i) => {
    const pt: SeriesPoint = {
      t: c.t[i],
      kind: c.kindOf(i),
      pauseMs: c.pauseMs[i],
      gcShare: Math.round(shares[i] * 10) / 10,
    };
    const before = c.get('heapBeforeBytes', i);
    const after = c.get('heapAfterBytes', i);
    const live = c.get('heapLiveBytes', i);
    const goal = c.get('goalBytes', i);
    if (before !== undefined) pt.before = before;
    if (after !== undefined) pt.after = after;
    if (live !== undefined) pt.live = live;
    if (goal !== undefined) pt.goal = goal;
    return pt;
  });
}

/** The per-kind table, in GC_KIND_LABEL's order (collections first, then concurrent-cycle phases). */
export function kindRows(byKind: GcMetrics['byKind']): GcKindRow[] {
  const out: GcKindRow[] = [];
  for (const kind of Object.keys(GC_KIND_LABEL) as GcEventKind[]) {
    const k = byKind[kind];
    if (!k || k.count === 0) continue;
    out.push({
      kind,
      label: GC_KIND_LABEL[kind],
      count: k.count,
      totalPauseMs: k.totalPauseMs,
      maxPauseMs: k.maxPauseMs,
      meanPauseMs: r3(k.totalPauseMs / k.count),
    });
  }
  return out;
}

export function buildBlock(p: ParsedGcLog, a: GcAnalysis): GcBlock {
  const c = p.cols;
  const n = c.length;
  let maxLive = 0;
  let maxGoal = 0;
  let cycles = 0;
  const FULL = KINDS.indexOf('full');
  const counts = c.column('count');
  const live = c.column('heapLiveBytes');
  const after = c.column('heapAfterBytes');
  const goal = c.column('goalBytes');
  for (let i = 0; i < n; i++) {
    const k = c.kind[i];
    if (!IS_PHASE[k]) cycles += at(counts, i) ?? 1;
    const l = at(live, i) ?? (k === FULL ? at(after, i) : undefined);
    if (l !== undefined && l > maxLive) maxLive = l;
    const g = at(goal, i);
    if (g !== undefined && g > maxGoal) maxGoal = g;
  }
  if (maxLive === 0) for (let i = 0; i < n; i++) maxLive = Math.max(maxLive, at(after, i) ?? 0);
  const idx =
    n > BLOCK_EVENTS_MAX ? downsample(c, BLOCK_EVENTS_MAX / 2) : Array.from({ length: n }, (_, i) => i);
  const m = a.metrics;
  return {
    cycles,
    startMs: p.firstMs ?? (n ? c.t[0] : 0),
    endMs: p.lastMs ?? (n ? c.t[n - 1] : 0),
    maxLiveBytes: maxLive,
    maxGoalBytes: maxGoal,
    pauses: {
      count: m.pauses.count,
      totalMs: m.pauses.totalMs,
      maxMs: m.pauses.maxMs,
      p99Ms: m.pauses.p99Ms,
    },
    gcCpuPercent: m.gcCpuPercent,
    byKind: kindRows(m.byKind),
    events: idx.map((i) => summary(c, i)),
    eventsTotal: n,
    eventsDownsampled: idx.length < n,
    absolute: p.absolute,
    ...(p.processStartMs !== undefined ? { processStartMs: p.processStartMs } : {}),
    ...(p.collector ? { collector: p.collector } : {}),
    metrics: m,
    trend: a.trend,
    projection: a.projection,
    limitBytes: a.projection.limitBytes,
    backToBackFull: a.backToBackFull,
    thrashing: a.thrashing,
    scavenges: p.scavenges.length,
    oom: p.oomMarks,
    unknownLines: p.unknownLines,
  };
}
