import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { msg, warn } from '../../core/messages.ts';
import { KIND_GO } from './columns.ts';
import { emptyParsed, LINE_CHUNK, noteUnknown, type ParsedGcLog } from './model.ts';

const MB = 1024 * 1024;
/** Prefixed lines per run used to anchor @S to the wall clock. */
const ANCHOR_SAMPLES = 1000;

// Go 1.20: scav 0 KiB work, 8 KiB total, 92% util ; Go 1.23: scav 0 KiB work (bg), 0 KiB work (eager), 8 KiB now, 92% util
const SCAV_120 = /(?:^|\s)scav (\d+) KiB work, (\d+) KiB total, (\d+)% util/;
const SCAV_123 = /(?:^|\s)scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util/;
// before Go 1.13 (also in the Go 1.9 corpus file)
const SCVG_OLD =
  /(?:^|\s)scvg(\d+): inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)/;
const SCVG_OTHER = /(?:^|\s)scvg\d*: /;
/** `GODEBUG=schedtrace=N`: the scheduler's lines, often asked for together with gctrace. */
const SCHED = /^SCHED \d+ms: /;
/** Printed before a cycle the runtime forced after two minutes without one (forcegcperiod). */
const GC_FORCED = /(?:^|\s)GC forced\s*$/;
const OOM = /(?:fatal error: )?runtime: out of memory|fatal error: out of memory/;
const GOMEMLIMIT = /GOMEMLIMIT[=:]\s*"?(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB|k|m|g)?"?/i;

const MEM_UNITS: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** One process run in the log (a log may span restarts). */
interface Run {
  /** Absolute process start, estimated from the timestamp prefixes of its first lines. */
  anchor?: number;
  samples: number;
  /** Relative offset that keeps an un-anchored series continuous across restarts. */
  shift: number;
  /** Index of the run's first cycle in the columns. */
  firstEvent: number;
}

/** The last line read: where a cut file stopped. */
interface LastLine {
  no: number;
  offset: number;
  recognised: boolean;
}

/** Reads a `GODEBUG=gctrace=1` log (Go 1.5 … 1.23+), with scavenger lines and application output around it. */
export async function parseGoGctrace(source: ByteSource, ctx: ParseContext): Promise<ParsedGcLog> {
  const p = emptyParsed('go-gctrace');
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const segments: Run[] = [{ samples: 0, shift: 0, firstEvent: 0 }];
  const { restarts, lastLine } = await readLines(source, ctx, p, state, segments);
  placeInTime(p, segments);
  if (restarts > 0) warn(p, msg('gc/warnRestarts', { count: restarts }));
  const cols = p.cols;
  if (cols.length > 0) {
    const last = cols.length - 1;
    p.firstMs = cols.t[0];
    p.lastMs = cols.t[last] + (cols.get('durationMs', last) ?? 0);
  }
  finishTruncation(p, state, lastLine);
  return p;
}

/** Reserves the columns once: one cycle a line at most, so size / (first lines' length) bounds the count. */
function presize(p: ParsedGcLog, source: ByteSource, batch: { offset: number }[]): void {
  const last = batch[batch.length - 1];
  const perLine = last.offset / (batch.length - 1);
  if (perLine > 0 && source.size > 0)
    p.cols.reserve(Math.min(50_000_000, Math.ceil((source.size / perLine) * 1.02)));
}

/**
 * The hot loop: every line once — a `gc N @…` cycle into the columns (a new run when the
 * numbering restarts; the first prefixed lines of a run sample its wall-clock anchor), scavenger
 * lines, out-of-memory marks and GOMEMLIMIT settings; anything else is noted as unknown. Times
 * stay relative to each run's start here.
 */
async function readLines(
  source: ByteSource,
  ctx: ParseContext,
  p: ParsedGcLog,
  state: TextLinesState,
  segments: Run[],
): Promise<{ restarts: number; lastLine: LastLine }> {
  let lastN = -1;
  let lastRelT = 0;
  let lastNo = 0;
  let lastOffset = 0;
  let lastRecognised = true;
  let restarts = 0;
  let split: SplitCycle | undefined;
  let periodicNext = false;
  const cols = p.cols;
  let sized = false;
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state, LINE_CHUNK)) {
    throwIfAborted(ctx.signal);
    checkRecordCount(cols.length, limits, source.name, batch[0], 'GC events');
    if (!sized && batch.length > 100) {
      sized = true;
      presize(p, source, batch);
    }
    for (const l of batch) {
      p.lines = l.no;
      const raw = l.text;
      // Fast path: find "gc N @" and match from there (sticky); the prefix is parsed only while
      // the current run still needs a wall-clock anchor.
      const at = cycleAt(raw);
      const text = raw;
      let recognised = false;
      let c = at >= 0 ? readCycle(raw, at) : undefined;
      let cycleLine = l.no;
      let prefixed = at > 0 ? raw : undefined;
      if (!c && split) {
        // the rest of a cycle line that another writer cut in two (see SplitCycle)
        const joined = joinSplit(split, raw);
        if (joined) {
          c = joined;
          cycleLine = split.no;
          prefixed = split.at > 0 ? split.raw : undefined;
          split = undefined;
        } else if (++split.waited > SPLIT_WAIT) {
          dropSplit(p, split);
          split = undefined;
        }
      }
      if (!c && (at === 0 || (at > 0 && isCycleStart(raw, at)))) {
        if (split) dropSplit(p, split);
        split = { raw, at, no: l.no, waited: 0 };
        p.recognisedLines++;
        lastNo = l.no;
        lastOffset = l.offset;
        lastRecognised = false;
        continue;
      }
      if (c) {
        recognised = true;
        const n = c.n;
        const relT = c.relT;
        if (n <= lastN && (n === 1 || relT < lastRelT)) {
          restarts++;
          const prev = segments[segments.length - 1];
          segments.push({ samples: 0, shift: prev.shift + lastRelT, firstEvent: cols.length });
          warn(p, msg('gc/warnRestart', { line: l.no, n, last: lastN }));
        }
        lastN = n;
        lastRelT = relT;
        const seg = segments[segments.length - 1];
        // A prefix is stamped when the line arrives, after the cycle began at @S: the smallest
        // (prefix − @S) over the first lines is the best estimate of the process start.
        if (prefixed !== undefined && seg.samples < ANCHOR_SAMPLES) {
          const timeMs = unwrapLogLine(prefixed).timeMs;
          if (timeMs !== undefined) {
            seg.samples++;
            seg.anchor = seg.anchor === undefined ? timeMs - relT : Math.min(seg.anchor, timeMs - relT);
          }
        }
        const i = cols.add(KIND_GO, relT, round3(c.pauseMs), cycleLine);
        cols.set('id', i, n);
        cols.set('durationMs', i, round3(c.clockMs));
        cols.set('heapBeforeBytes', i, c.h0 * MB);
        cols.set('heapAfterBytes', i, c.h1 * MB);
        cols.set('heapLiveBytes', i, c.h2 * MB);
        cols.set('goalBytes', i, c.goal * MB);
        cols.set('cpuMs', i, round3(c.cpuMs));
        cols.set('cumulativeCpuPercent', i, c.percent);
        if (c.forced) cols.setCause(i, 'forced', true);
        else if (periodicNext) cols.setCause(i, 'periodic');
        periodicNext = false;
      } else if (text.includes('scav') || text.includes('scvg')) {
        const t = lastRelT;
        const s123 = SCAV_123.exec(text);
        const s120 = s123 ? null : SCAV_120.exec(text);
        const sOld = s123 || s120 ? null : SCVG_OLD.exec(text);
        if (s123) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(s123[1]) + Number(s123[2]),
            totalKiB: Number(s123[3]),
            utilPercent: Number(s123[4]),
          });
          recognised = true;
        } else if (s120) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(s120[1]),
            totalKiB: Number(s120[2]),
            utilPercent: Number(s120[3]),
          });
          recognised = true;
        } else if (sOld) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(sOld[5]) * 1024,
            totalKiB: Number(sOld[4]) * 1024,
          });
          recognised = true;
        } else if (SCVG_OTHER.test(text)) recognised = true;
      }
      if (!recognised) {
        if (GC_FORCED.test(text)) {
          periodicNext = true;
          recognised = true;
        } else if (SCHED.test(text)) {
          recognised = true;
        } else if (OOM.test(text)) {
          p.oomMarks.push({ t: lastRelT, line: l.no, text: text.slice(0, 200) });
          recognised = true;
        } else {
          const g = /gomemlimit/i.test(text) ? GOMEMLIMIT.exec(text) : null;
          if (g) {
            const unit = (g[2] ?? 'b').toLowerCase();
            const bytes = Number(g[1]) * (MEM_UNITS[unit] ?? 1);
            if (bytes > 0 && Number.isFinite(bytes)) {
              p.logLimitBytes = Math.round(bytes);
              p.logLimitSource = `GOMEMLIMIT (line ${l.no})`;
            }
            recognised = true;
          }
        }
      }
      if (recognised) p.recognisedLines++;
      else if (text.trim() !== '') noteUnknown(p, l.no, text);
      lastNo = l.no;
      lastOffset = l.offset;
      lastRecognised = recognised;
    }
  }
  if (split) dropSplit(p, split);
  return { restarts, lastLine: { no: lastNo, offset: lastOffset, recognised: lastRecognised } };
}

/** Where `gc N @` starts: at the line start or after a space or tab (`BenchmarkX-12 \tgc 3 @…`); -1 if nowhere. */
function cycleAt(raw: string): number {
  if (raw.startsWith('gc ')) return 0;
  const sp = raw.indexOf(' gc ');
  if (sp >= 0) return sp + 1;
  const tab = raw.indexOf('\tgc ');
  return tab >= 0 ? tab + 1 : -1;
}

/**
 * The runtime prints a cycle line in several writes; output of the program written between two of
 * them lands inside it: `…28->29->292026/12/05 16:21:25 round 2: holding 120 buffers` and, on
 * the next line, ` MB, 29 MB goal, … 2 P` (or `gc 2026/12/05 …` then `5 @0.107s …`). A line that
 * starts with `gc ` but is no whole cycle waits a few lines for its tail.
 */
interface SplitCycle {
  raw: string;
  at: number;
  no: number;
  waited: number;
}
const SPLIT_WAIT = 3;
const CYCLE_START = /^gc \d+ @\d+(?:\.\d+)?s \d+%: /y;
/** What the text written into a cycle line starts with: a date, a letter or an opening bracket. */
const INSERTED_START = /^(?:\d{4}[-/]\d{2}[-/]\d{2}[T ]|[A-Za-z[{(<"'])/;

/** A cut head whose tail never came: an unknown line after all. */
function dropSplit(p: ParsedGcLog, split: SplitCycle): void {
  p.recognisedLines--;
  noteUnknown(p, split.no, split.raw);
}

function isCycleStart(raw: string, at: number): boolean {
  CYCLE_START.lastIndex = at;
  return CYCLE_START.test(raw);
}

/**
 * Joins a cut cycle line with its tail: the head ends where the inserted text begins, the first
 * place that starts like a line of its own (a date, a letter, a bracket), so `…->29` +
 * `2026/12/05 …` is not read as `…->292` or `…->292026`. Undefined when no cut makes a whole cycle
 * line.
 */
function joinSplit(split: SplitCycle, tail: string): Cycle | undefined {
  if (tail.length === 0 || tail.startsWith('gc ')) return undefined;
  const head = split.raw.slice(split.at);
  for (let k = 3; k < head.length; k++) {
    if (!INSERTED_START.test(head.slice(k))) continue;
    const c = readCycle(head.slice(0, k) + tail, 0);
    if (c) return c;
  }
  return undefined;
}

/**
 * Times: absolute when every run was anchored by a timestamp prefix (cycles, scavenges and OOM
 * marks move to the wall clock); otherwise relative, each run shifted to continue the previous one.
 */
function placeInTime(p: ParsedGcLog, segments: Run[]): void {
  const cols = p.cols;
  const anchored = segments.every((s) => s.anchor !== undefined);
  for (let si = 0; si < segments.length; si++) {
    const seg = segments[si];
    const end = si + 1 < segments.length ? segments[si + 1].firstEvent : cols.length;
    const base = anchored ? (seg.anchor as number) : seg.shift;
    for (let i = seg.firstEvent; i < end; i++) cols.t[i] = Math.round((cols.t[i] + base) * 1000) / 1000;
  }
  if (anchored && cols.length > 0) {
    p.absolute = true;
    p.processStartMs = Math.round(segments[0].anchor as number);
    const base = segments[0].anchor as number;
    for (const s of p.scavenges) s.t += base;
    for (const o of p.oomMarks) if (o.t !== undefined) o.t += base;
  }
}

/** A last line without a newline that is not a complete record means the file was cut. */
export function finishTruncation(
  p: ParsedGcLog,
  state: TextLinesState,
  lastLine: { no: number; offset: number; recognised: boolean },
): void {
  if (state.gzipTruncated) {
    p.truncated = true;
    p.truncatedAt = state.bytes;
    warn(p, msg('gc/warnGzipCut', { bytes: state.bytes }));
  } else if (state.endedWithoutNewline && !lastLine.recognised) {
    p.truncated = true;
    p.truncatedAt = lastLine.offset;
    warn(p, msg('gc/warnCutLine', { line: lastLine.no, offset: lastLine.offset }));
  }
}

/** One cycle's figures, read from a `gc N @…` line. */
interface Cycle {
  n: number;
  relT: number;
  percent: number;
  pauseMs: number;
  clockMs: number;
  cpuMs: number;
  h0: number;
  h1: number;
  h2: number;
  goal: number;
  forced: boolean;
}

// The scanner: a million lines through a regex with 13 groups cost a substring per group and an
// array per line; reading the characters in place costs neither. `decimal` leaves its end in END.
let END = 0;
const CYCLE: Cycle = {
  n: 0,
  relT: 0,
  percent: 0,
  pauseMs: 0,
  clockMs: 0,
  cpuMs: 0,
  h0: 0,
  h1: 0,
  h2: 0,
  goal: 0,
  forced: false,
};

/** The decimal number at `i` (NaN when none), its end in END; digits/10^k rounds exactly like Number(). */
function decimal(s: string, i: number): number {
  const start = i;
  let m = 0;
  let scale = 1;
  let c = s.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  END = i;
  if (i === start) return Number.NaN;
  if (c === 46 /* . */) {
    const dot = i;
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      scale *= 10;
      c = s.charCodeAt(++i);
    }
    END = i;
    if (i === dot + 1) return Number.NaN;
  }
  // beyond 15 digits the integer accumulation is no longer exact
  return i - start > 16 ? Number(s.slice(start, i)) : m / scale;
}

/**
 * `gc 1 @0.016s 19%: 0.053+36+0.016 ms clock, 0.21+36/4.9/39+0.066 ms cpu, 3->3->3 MB, 4 MB goal,
 * [66 MB stacks, ][0 MB globals, ]4 P[ (forced)]` at `at`; undefined when the line is not one.
 * The returned object is reused by the next call.
 */
export function readCycle(s: string, at: number): Cycle | undefined {
  const c = CYCLE;
  if (!s.startsWith('gc ', at)) return undefined;
  c.n = decimal(s, at + 3);
  let i = END;
  if (!s.startsWith(' @', i)) return undefined;
  c.relT = decimal(s, i + 2) * 1000;
  i = END;
  if (!s.startsWith('s ', i)) return undefined;
  c.percent = decimal(s, i + 2);
  i = END;
  if (!s.startsWith('%: ', i)) return undefined;
  // clock: sweep termination + concurrent mark + mark termination; STW = first + last
  const first = decimal(s, i + 3);
  i = END;
  let last = first;
  let sum = first;
  let terms = 1;
  while (s.charCodeAt(i) === 43 /* + */) {
    last = decimal(s, i + 1);
    i = END;
    sum += last;
    terms++;
  }
  c.pauseMs = terms >= 2 ? first + last : first;
  c.clockMs = sum;
  if (!s.startsWith(' ms clock, ', i)) return undefined;
  // cpu: d + e/f/g + h: assist, background, idle; GC CPU = all but idle
  sum = decimal(s, i + 11);
  i = END;
  let busy = sum; // without the 4th term (idle), added in the same order as the log
  terms = 1;
  for (let ch = s.charCodeAt(i); ch === 43 || ch === 47; ch = s.charCodeAt(i)) {
    const v = decimal(s, i + 1);
    i = END;
    sum += v;
    terms++;
    if (terms !== 4) busy += v;
  }
  c.cpuMs = terms === 5 ? busy : sum;
  if (!s.startsWith(' ms cpu, ', i)) return undefined;
  c.h0 = decimal(s, i + 9);
  i = END;
  if (!s.startsWith('->', i)) return undefined;
  c.h1 = decimal(s, i + 2);
  i = END;
  if (!s.startsWith('->', i)) return undefined;
  c.h2 = decimal(s, i + 2);
  i = END;
  if (!s.startsWith(' MB, ', i)) return undefined;
  c.goal = decimal(s, i + 5);
  i = END;
  if (!s.startsWith(' MB goal, ', i)) return undefined;
  decimal(s, i + 10);
  i = END;
  if (s.startsWith(' MB stacks, ', i)) {
    decimal(s, i + 12);
    i = END;
  }
  if (s.startsWith(' MB globals, ', i)) {
    decimal(s, i + 13);
    i = END;
  }
  if (!s.startsWith(' P', i)) return undefined;
  c.forced = s.startsWith(' (forced)', i + 2);
  if (Number.isNaN(c.n + c.relT + c.percent + c.pauseMs + c.cpuMs + c.h0 + c.h1 + c.h2 + c.goal))
    return undefined;
  return c;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
