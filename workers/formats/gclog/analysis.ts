import type { GcBlock, GcEventSummary } from '../../../contract/inspect.ts';
import { type GcEvent, type GcEventKind, PAUSE_KINDS, type ParsedGcLog } from './model.ts';

/** Above this many events the block carries a downsampled list (maxima kept); the rest is paged. */
export const BLOCK_EVENTS_MAX = 10_000;
/** A window of GC work this busy is thrashing (share of wall-clock time, %). */
export const THRASH_PERCENT = 40;

export interface PauseStats {
  count: number;
  totalMs: number;
  maxMs: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface GcMetrics {
  pauses: PauseStats;
  byKind: Partial<Record<GcEventKind, { count: number; totalPauseMs: number; maxPauseMs: number }>>;
  spanMs: number;
  /** Share of wall-clock time the application was not paused, %. */
  throughputPercent: number;
  /** Go: the runtime's own cumulative GC CPU share (last `P%`). JVM/jstat: pause-time share. */
  gcCpuPercent: number;
  gcCpuBasis: 'go-runtime' | 'pause-time';
  allocationRateBytesPerSec?: number;
  promotionRateBytesPerSec?: number;
  maxHeapBytes: number;
  safepoints?: { count: number; totalMs: number; maxMs: number };
}

export interface TrendFit {
  /** Which heap figure is fitted: Go live heap (H2), JVM heap after full GCs, or after every GC. */
  basis: 'live' | 'after-full' | 'after-gc';
  n: number;
  /** Least-squares slope, bytes per hour. */
  slopeBytesPerHour: number;
  /** Fitted value at `fromMs`. */
  interceptBytes: number;
  fromMs: number;
  toMs: number;
  /** Coefficient of determination of the fit. */
  r2: number;
  /** Standard error of the slope, bytes per hour. */
  slopeStdErrBytesPerHour: number;
  rising: boolean;
}

export interface Projection {
  limitBytes?: number;
  limitSource?: string;
  fit?: TrendFit;
  /** When the fitted line reaches the limit (same clock as events). */
  reachAtMs?: number;
  /** Range from the slope ± 2 standard errors (high end absent when the slope could be ≤ 0). */
  reachEarliestMs?: number;
  reachLatestMs?: number;
  /** Time from the end of the log to `reachAtMs`. */
  remainingMs?: number;
  alreadyReached: boolean;
  confidence: 'high' | 'medium' | 'low' | 'none';
  reason: string;
}

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

export function pauseStats(events: readonly GcEvent[]): PauseStats {
  const ps: number[] = [];
  for (const e of events) if (PAUSE_KINDS.has(e.kind)) ps.push(e.pauseMs);
  const sorted = Float64Array.from(ps).sort();
  let total = 0;
  for (const x of ps) total += x;
  return {
    count: ps.length,
    totalMs: r3(total),
    maxMs: sorted.length ? sorted[sorted.length - 1] : 0,
    minMs: sorted.length ? sorted[0] : 0,
    meanMs: ps.length ? r3(total / ps.length) : 0,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/** Per-event GC share of the interval since the previous event, %. */
function intervalShares(p: ParsedGcLog): Float64Array {
  const ev = p.events;
  const out = new Float64Array(ev.length);
  const start = p.processStartMs ?? 0;
  for (let i = 1; i < ev.length; i++) {
    const a = ev[i - 1];
    const b = ev[i];
    const dt = b.t - a.t;
    if (dt <= 0) {
      out[i] = out[i - 1];
      continue;
    }
    if (b.cumulativeCpuPercent !== undefined && a.cumulativeCpuPercent !== undefined) {
      const ta = a.t - (p.absolute ? start : 0);
      const tb = b.t - (p.absolute ? start : 0);
      const s = (b.cumulativeCpuPercent * tb - a.cumulativeCpuPercent * ta) / dt;
      out[i] = Math.min(100, Math.max(0, s));
    } else {
      out[i] = Math.min(100, (b.pauseMs / dt) * 100);
    }
  }
  return out;
}

export function computeMetrics(p: ParsedGcLog): GcMetrics {
  const ev = p.events;
  const pauses = pauseStats(ev);
  const byKind: GcMetrics['byKind'] = {};
  let maxHeap = 0;
  for (const e of ev) {
    const k = byKind[e.kind] ?? { count: 0, totalPauseMs: 0, maxPauseMs: 0 };
    byKind[e.kind] = k;
    k.count += e.count ?? 1;
    k.totalPauseMs = r3(k.totalPauseMs + e.pauseMs);
    k.maxPauseMs = Math.max(k.maxPauseMs, e.pauseMs);
    maxHeap = Math.max(maxHeap, e.heapBeforeBytes ?? 0, e.heapAfterBytes ?? 0);
  }
  const first = p.firstMs ?? ev[0]?.t ?? 0;
  const last = Math.max(
    p.lastMs ?? 0,
    ev.length ? ev[ev.length - 1].t + (ev[ev.length - 1].durationMs ?? ev[ev.length - 1].pauseMs) : 0,
  );
  const spanMs = Math.max(0, last - first);
  const throughput = spanMs > 0 ? Math.max(0, 100 - (pauses.totalMs / spanMs) * 100) : 100;
  const lastCum = ev.length ? ev[ev.length - 1].cumulativeCpuPercent : undefined;
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
    for (const e of ev) {
      if (e.heapBeforeBytes !== undefined && prevAfter !== undefined) {
        alloc += Math.max(0, e.heapBeforeBytes - prevAfter);
        have = true;
      }
      const after = e.kind === 'go-cycle' ? e.heapLiveBytes : e.heapAfterBytes;
      if (after !== undefined) prevAfter = after;
      if (
        (e.kind === 'young' || e.kind === 'mixed') &&
        e.oldBeforeBytes !== undefined &&
        e.oldAfterBytes !== undefined
      ) {
        promo += Math.max(0, e.oldAfterBytes - e.oldBeforeBytes);
        havePromo = true;
      }
    }
    if (have) m.allocationRateBytesPerSec = Math.round(alloc / (spanMs / 1000));
    if (havePromo) m.promotionRateBytesPerSec = Math.round(promo / (spanMs / 1000));
  }
  if (p.safepoints) m.safepoints = p.safepoints;
  return m;
}

function basisValue(e: GcEvent, basis: TrendFit['basis']): number | undefined {
  if (basis === 'live') return e.kind === 'go-cycle' ? e.heapLiveBytes : undefined;
  if (basis === 'after-full') return e.heapLiveBytes;
  return e.heapAfterBytes;
}

/** The heap figure a leak shows in, per event (undefined when the event does not carry it). */
function trendPoints(
  p: ParsedGcLog,
  fromMs = -Infinity,
  toMs = Infinity,
): { basis: TrendFit['basis']; t: number[]; y: number[] } {
  const ev = p.events.filter((e) => e.t >= fromMs && e.t <= toMs);
  const go = ev.filter((e) => e.kind === 'go-cycle' && e.heapLiveBytes !== undefined);
  if (go.length) return { basis: 'live', t: go.map((e) => e.t), y: go.map((e) => e.heapLiveBytes as number) };
  // Heap after full GCs is the cleanest leak signal, but only when full GCs run through the log;
  // when they cluster at the end (the OOM spiral) the heap after every GC carries the trend.
  const full = ev.filter((e) => e.heapLiveBytes !== undefined);
  const spanAll = ev.length > 1 ? ev[ev.length - 1].t - ev[0].t : 0;
  const spanFull = full.length > 1 ? full[full.length - 1].t - full[0].t : 0;
  if (full.length >= 3 && spanFull >= 0.5 * spanAll)
    return { basis: 'after-full', t: full.map((e) => e.t), y: full.map((e) => e.heapLiveBytes as number) };
  const after = ev.filter((e) => e.heapAfterBytes !== undefined);
  return { basis: 'after-gc', t: after.map((e) => e.t), y: after.map((e) => e.heapAfterBytes as number) };
}

/** Ordinary least squares of heap against time. */
export function fitTrend(p: ParsedGcLog, fromMs?: number, toMs?: number): TrendFit | undefined {
  const { basis, t, y } = trendPoints(p, fromMs, toMs);
  const n = t.length;
  if (n < 3) return undefined;
  const t0 = t[0];
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += t[i] - t0;
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = t[i] - t0 - mx;
    const dy = y[i] - my;
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
    toMs: t[n - 1],
    r2: Math.round(r2 * 10000) / 10000,
    slopeStdErrBytesPerHour: Math.round(se * H),
    rising: slope > 0 && slope - 2 * se > 0,
  };
}

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
  if (!fit) return { ...base, reason: 'fewer than 3 heap points to fit' };
  if (!limitBytes || limitBytes <= 0)
    return { ...base, reason: 'no limit: enter one (GOMEMLIMIT, -Xmx or the container limit)' };
  // last fitted value and the first time it reached the limit, in one pass without copies
  let lastY = 0;
  let firstReach: number | undefined;
  for (const e of p.events) {
    if (e.t < fit.fromMs || e.t > fit.toMs) continue;
    const y = basisValue(e, fit.basis);
    if (y === undefined) continue;
    lastY = y;
    if (firstReach === undefined && y >= limitBytes) firstReach = e.t;
  }
  const end = p.lastMs ?? fit.toMs;
  if (lastY >= limitBytes) {
    return {
      ...base,
      alreadyReached: true,
      reachAtMs: firstReach,
      remainingMs: 0,
      confidence: 'high',
      reason: 'the heap already reached the limit',
    };
  }
  const H = 3_600_000;
  const slope = fit.slopeBytesPerHour / H;
  if (slope <= 0) return { ...base, reason: 'the heap trend is not rising' };
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
    reason: `least-squares fit of ${fit.basis} heap over ${fit.n} points, R² ${fit.r2.toFixed(2)}; extrapolated ${(ahead / span).toFixed(1)}× the fitted span`,
  };
}

/** Runs of ≥3 full collections with no other collection between them (or 2 less than 1 s apart). */
export function backToBackFull(events: readonly GcEvent[]): Episode[] {
  const out: Episode[] = [];
  let run: GcEvent[] = [];
  const close = () => {
    const quick = run.length === 2 && run[1].t - (run[0].t + run[0].pauseMs) < 1000;
    if (run.length >= 3 || quick) {
      const before = run[0].heapBeforeBytes ?? 0;
      const after = run[run.length - 1].heapAfterBytes ?? before;
      out.push({
        fromMs: run[0].t,
        toMs: run[run.length - 1].t + run[run.length - 1].pauseMs,
        count: run.length,
        value: before > 0 ? Math.round(((before - after) / before) * 1000) / 10 : 0,
      });
    }
    run = [];
  };
  for (const e of events) {
    if (e.kind === 'full') run.push(e);
    else if (e.kind === 'young' || e.kind === 'mixed') close();
  }
  close();
  return out;
}

/** Stretches where the GC share of time stays at or above THRASH_PERCENT over ≥3 consecutive intervals. */
export function thrashing(events: readonly GcEvent[], shares: Float64Array): Episode[] {
  const out: Episode[] = [];
  let from = -1;
  let sum = 0;
  const close = (to: number) => {
    const n = to - from + 1;
    if (from >= 0 && n >= 3)
      out.push({
        fromMs: events[from - 1 >= 0 ? from - 1 : from].t,
        toMs: events[to].t,
        count: n,
        value: Math.round((sum / n) * 10) / 10,
      });
    from = -1;
    sum = 0;
  };
  for (let i = 1; i < events.length; i++) {
    if (shares[i] >= THRASH_PERCENT) {
      if (from < 0) from = i;
      sum += shares[i];
    } else if (from >= 0) close(i - 1);
  }
  if (from >= 0) close(events.length - 1);
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
    backToBackFull: backToBackFull(p.events),
    thrashing: thrashing(p.events, shares),
    shares,
  };
}

/**
 * Picks at most ~`maxPoints` events for drawing: the range is cut into buckets and each bucket
 * keeps its longest pause and its highest heap, so spikes survive downsampling.
 */
export function downsample(
  events: readonly GcEvent[],
  maxPoints: number,
  fromMs = -Infinity,
  toMs = Infinity,
): number[] {
  let lo = 0;
  while (lo < events.length && events[lo].t < fromMs) lo++;
  let hi = events.length;
  while (hi > lo && events[hi - 1].t > toMs) hi--;
  const n = hi - lo;
  const out: number[] = [];
  if (n <= maxPoints) {
    for (let i = lo; i < hi; i++) out.push(i);
    return out;
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const t0 = events[lo].t;
  const width = (events[hi - 1].t - t0) / buckets || 1;
  let i = lo;
  for (let b = 0; b < buckets && i < hi; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + (b + 1) * width;
    let maxPause = -1;
    let maxHeap = -1;
    let iPause = -1;
    let iHeap = -1;
    for (; i < hi && events[i].t < end; i++) {
      const e = events[i];
      if (e.pauseMs > maxPause) {
        maxPause = e.pauseMs;
        iPause = i;
      }
      const h = Math.max(e.heapBeforeBytes ?? 0, e.heapAfterBytes ?? 0, e.heapLiveBytes ?? 0);
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

export function summary(e: GcEvent): GcEventSummary {
  const s: GcEventSummary = { t: e.t, kind: e.kind, pauseMs: e.pauseMs };
  if (e.heapBeforeBytes !== undefined) s.heapBeforeBytes = e.heapBeforeBytes;
  if (e.heapAfterBytes !== undefined) s.heapAfterBytes = e.heapAfterBytes;
  if (e.heapLiveBytes !== undefined) s.heapLiveBytes = e.heapLiveBytes;
  if (e.goalBytes !== undefined) s.goalBytes = e.goalBytes;
  if (e.cause !== undefined) s.cause = e.cause;
  return s;
}

export function seriesPoints(p: ParsedGcLog, shares: Float64Array, idx: number[]): SeriesPoint[] {
  return idx.map((i) => {
    const e = p.events[i];
    const pt: SeriesPoint = {
      t: e.t,
      kind: e.kind,
      pauseMs: e.pauseMs,
      gcShare: Math.round(shares[i] * 10) / 10,
    };
    if (e.heapBeforeBytes !== undefined) pt.before = e.heapBeforeBytes;
    if (e.heapAfterBytes !== undefined) pt.after = e.heapAfterBytes;
    if (e.heapLiveBytes !== undefined) pt.live = e.heapLiveBytes;
    if (e.goalBytes !== undefined) pt.goal = e.goalBytes;
    return pt;
  });
}

export function buildBlock(p: ParsedGcLog, a: GcAnalysis): GcBlock {
  const ev = p.events;
  let maxLive = 0;
  let maxGoal = 0;
  let cycles = 0;
  for (const e of ev) {
    if (e.kind !== 'remark') cycles += e.count ?? 1;
    const live = e.heapLiveBytes ?? (e.kind === 'full' ? e.heapAfterBytes : undefined);
    if (live !== undefined) maxLive = Math.max(maxLive, live);
    if (e.goalBytes !== undefined) maxGoal = Math.max(maxGoal, e.goalBytes);
  }
  if (maxLive === 0) for (const e of ev) maxLive = Math.max(maxLive, e.heapAfterBytes ?? 0);
  const idx = ev.length > BLOCK_EVENTS_MAX ? downsample(ev, BLOCK_EVENTS_MAX / 2) : ev.map((_, i) => i);
  const m = a.metrics;
  return {
    cycles,
    startMs: p.firstMs ?? ev[0]?.t ?? 0,
    endMs: p.lastMs ?? ev[ev.length - 1]?.t ?? 0,
    maxLiveBytes: maxLive,
    maxGoalBytes: maxGoal,
    pauses: {
      count: m.pauses.count,
      totalMs: m.pauses.totalMs,
      maxMs: m.pauses.maxMs,
      p99Ms: m.pauses.p99Ms,
    },
    gcCpuPercent: m.gcCpuPercent,
    events: idx.map((i) => summary(ev[i])),
    eventsTotal: ev.length,
    eventsDownsampled: idx.length < ev.length,
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
