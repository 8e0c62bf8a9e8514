import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { parseRfc3339, unwrapLogLine } from '../../core/log-prefix.ts';
import { msg, warn } from '../../core/messages.ts';
import { GcColumns } from './columns.ts';
import { finishTruncation } from './go-gctrace.ts';
import { JVM_COLLECTORS } from './jvm-collectors.ts';
import { type HeapBlocks, heapBlockEvents, newHeapBlocks, readHeapBlockLine } from './jvm-heap-blocks.ts';
import {
  emptyParsed,
  type GcEvent,
  type GcEventKind,
  LINE_CHUNK,
  noteUnknown,
  num,
  type ParsedGcLog,
  sizeBytes,
} from './model.ts';

const SIZE = '(\\d+(?:[.,]\\d+)?)([BKMGT])';
const PARENS = String.raw`((?: \((?:[^()]|\([^()]*\))*\))*)`;

// ---- unified logging (JDK 9+) ----
/** A line that starts with a decoration JDK 9+ writes: clock, pid/tid, level (padded), tags. */
const UL_DECORATED =
  /^\[(?:\d{4}-\d\d-\d\dT[^\]]*|\d+(?:[.,]\d+)?s|\d+ms|\d+ns|\d+|(?:info|debug|trace|warning|error|develop) *|gc[\w,\s]*|safepoint[\w,\s]*)\]/;
/** Any other leading `[…]` groups (hostname), accepted when the message after them is GC output. */
const UL_ANY_DECORATIONS = /^(?:\[[^[\]]*\])+ ?/;
/** The messages that say a line is unified GC output whatever its decorations (`:none` has none). */
const UL_GC_MESSAGE = new RegExp(String.raw`^(?:GC\(\d+\) |Using (?:${JVM_COLLECTORS})\s*$)`);
/** A unified line glued after other output on the same line (stderr written into a stdout log). */
const UL_GLUED = /\[(?:\d+[.,]\d+s|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.,]\d+[+-]\d{4})\](?:\[| GC\(\d+\) )/;
const UL_PAUSE = new RegExp(
  String.raw`^(Pause [A-Za-z][A-Za-z ]*?)${PARENS}(?: ${SIZE}->${SIZE}\(${SIZE}\))? (\d+(?:[.,]\d+)?)ms$`,
);
const UL_CYCLE = /^(Concurrent (?:Mark |Undo )?Cycle) (\d+(?:[.,]\d+)?)ms$/;
const UL_ZGC = new RegExp(
  String.raw`^((?:Garbage|Major|Minor) Collection)${PARENS} ${SIZE}\(\d+%\)->${SIZE}\(\d+%\)(?: (\d+(?:[.,]\d+)?)(ms|s))?$`,
);
const UL_SHEN_CLEANUP = new RegExp(
  String.raw`^(Concurrent cleanup) ${SIZE}->${SIZE}\(${SIZE}\) (\d+(?:[.,]\d+)?)ms$`,
);
const UL_OLD_REGIONS = /^Old regions: (\d+)->(\d+)/;
/** ZGC's heap table (gc*): live bytes found by marking, at Mark End (`Live:  -  11M (72%) …`). */
const UL_ZGC_LIVE = new RegExp(`^Live:\\s+-\\s+${SIZE} \\(\\d+%\\)`);
const UL_OLD_GEN = /^(?:ParOldGen|PSOldGen|Tenured|OldGen|Old): (\d+)K->(\d+)K/;
const UL_CPU = /^User=(\d+(?:[.,]\d+)?)s Sys=(\d+(?:[.,]\d+)?)s Real=(\d+(?:[.,]\d+)?)s/;
const UL_USING = new RegExp(`^Using (${JVM_COLLECTORS})`);
const UL_REGION = new RegExp(`^Heap [Rr]egion [Ss]ize: ${SIZE}`);
// G1/Parallel/Serial `Heap Max Capacity: 64M`; ZGC (gc,init) `Max Capacity: 64M`
const UL_MAXCAP = new RegExp(`^(?:Heap )?Max Capacity: ${SIZE}$`);
/** ZGC: a thread waited for memory (`Allocation Stall (main) 11.451ms`). */
const UL_STALL = /^Allocation Stall \(.*\) (\d+(?:[.,]\d+)?)ms$/;
const UL_COOPS = /^Heap address: 0x[0-9a-f]+, size: (\d+) MB/;
const SP_OLD = /Total time for which application threads were stopped: (\d+(?:[.,]\d+)?) seconds/;
// JDK 17 updates add `Cleanup: N ns` before `At safepoint`
const SP_NEW =
  /^Safepoint "[^"]*", Time since last: \d+ ns, Reaching safepoint: \d+ ns, (?:Cleanup: \d+ ns, )?At safepoint: \d+ ns, Total: (\d+) ns/;

// ---- JDK 8 PrintGCDetails ----
const J8_PREFIX = /^(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.,]\d+[+-]\d{4}): )?(?:(\d+[.,]\d+): )?(?:#(\d+): )?/;
// `[GC Worker Start (ms): …]` is a G1 detail line, not a collection
const J8_EVENT_START = /^\[(?:GC\b(?! Worker)|Full GC\b|Pause |Concurrent |CMS-concurrent-)/;
const J8_HEAD =
  /^\[(Full GC|GC pause|GC remark|GC cleanup|GC concurrent-[\w-]+|GC|Pause [A-Z][a-z]+(?: [A-Z][A-Za-z]*)*|Concurrent [a-z]+(?: [a-z]+)*|CMS-concurrent-[\w-]+)(?=[ ,:[\]])/;
/** A nested phase's own date/uptime stamp (`…secs]0.969: [CMS`, `[GC2014-03-12T21:18:26.029-0500: 13295.637: [ParNew`). */
const EMBEDDED_STAMP =
  /(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.,]\d+[+-]\d{4}: ?(?:\d+[.,]\d+: ?)?|\d+[.,]\d+: ?)(?=\[)/g;
/** A CMS concurrent phase that finished while a collection was being logged, written inside its record. */
const J8_CONCURRENT_INSIDE =
  /\[(CMS-concurrent-[\w-]+): (\d+(?:[.,]\d+)?)\/(\d+(?:[.,]\d+)?) secs\](?:\s*\[Times: [^\]]*\])?/g;
/** A G1 concurrent phase that ended while a pause was being logged (`(young)…: [GC concurrent-root-region-scan-end, 0.0157 secs]`). */
const J8_G1_CONCURRENT_INSIDE = /\[GC concurrent-([\w-]+)(?:, (\d+(?:[.,]\d+)?) secs)?\]/g;
/** CMS gave up: the young collection became a stop-the-world collection of the old generation. */
const J8_CMS_FAILURE = /\[CMS\s*:?\s*\((concurrent mode failure|concurrent mode interrupted)\):/;
const J8_CAUSES = /^((?: \((?:[^()]|\([^()]*\))*\))*)/;
const J8_TIMES = /\[Times: user=(\d+(?:[.,]\d+)?) sys=(\d+(?:[.,]\d+)?), real=(\d+(?:[.,]\d+)?) secs\]/;
const J8_G1_HEAP = new RegExp(String.raw`Heap: ${SIZE}\(${SIZE}\)->${SIZE}\(${SIZE}\)`);
const J8_G1_EDEN = new RegExp(
  String.raw`Eden: ${SIZE}\(${SIZE}\)->${SIZE}\(${SIZE}\) Survivors: ${SIZE}->${SIZE}`,
);
const J8_TRANSITION = new RegExp(String.raw`${SIZE}->${SIZE}\(${SIZE}\)`, 'g');
const J8_YOUNG_GEN = /\[(PSYoungGen|ParNew|DefNew|ASParNew|ASPSYoungGen): (\d+)K->(\d+)K\((\d+)K\)/;
const J8_OLD_GEN = /\[(ParOldGen|PSOldGen|Tenured|CMS|ASCMS): (\d+)K->(\d+)K\((\d+)K\)/;
const J8_GEN_LABEL =
  /(?:PSYoungGen|ParOldGen|PSOldGen|ParNew|DefNew|Tenured|CMS|Metaspace|PSPermGen|Perm|CMS Perm|class space|Survivors|Eden):\s*$/;
const J8_STAT = /^\s*[A-Z][\w ()<>:,.=-]*?\s+\d+ us\b/;
const J8_HEADER =
  /^(?:OpenJDK|Java HotSpot|Memory: |CommandLine flags: |Heap$|\{Heap|Regions: |Humongous object|Max TLAB|GC threads|Heuristics |Shenandoah |Pacer |Initialize |Reference processing|Soft Max|Trigger: |Free: |Adaptive CSet|Collectable Garbage|Cancelling GC|Failed to|All times|all workers|Allocation pacing|Under allocation|Pacing delays|Degenerated|Full GCs|Good progress|Bad progress|Concurrent GCs|Pause Degenerated|, \[Metaspace|Status: |Reserved region|Heap Regions|Region state|Heap after (?:GC|gc)|Desired survivor|- age |\}$|\}\s*\{Heap|No shared spaces configured|\/proc\/meminfo:|\s)/;
/** -XX:+UseGCLogFileRotation's own lines at the top and bottom of each file. */
const J8_ROTATION = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GC log file (?:created|has reached the maximum size)/;

const XMX = /-Xmx(\d+)([kKmMgGtT]?)\b/;
const MAXHEAP = /-XX:MaxHeapSize=(\d+)([kKmMgG]?)\b/;
const SHEN_INIT = new RegExp(`Initialize Shenandoah heap: .*?${SIZE} max`);
// ZGC logs `Out Of Memory (main)` when it gives a thread the OutOfMemoryError
const OOM = /java\.lang\.OutOfMemoryError|OutOfMemoryError:|(?:^|\] )Out Of Memory \(/;

interface Pending {
  text: string;
  line: number;
  relMs?: number;
  absMs?: number;
  id?: number;
  depth: number;
  lines: number;
}

/** Everything the line readers build up while reading one log. */
interface JvmReadState {
  p: ParsedGcLog;
  /** Events as objects while reading (details arrive after them); columns at the end. */
  events: GcEvent[];
  /** Per event: uptime ms and absolute ms (NaN when unknown), resolved into `t` at the end. */
  rel: number[];
  abs: number[];
  /** Absolute process start, once a line carried both clocks. */
  anchor?: number;
  regionBytes: number;
  limit?: { bytes: number; source: string; rank: number };
  /** Unified logging: old-generation figures printed before a collection's summary line. */
  details: Map<number, { oldBefore?: number; oldAfter?: number; zLive?: number }>;
  lastEventOfId: Map<number, number>;
  /** Shenandoah: the cycle event of each GC id, which its second cleanup completes. */
  cleanupOfId: Map<number, number>;
  heapBlocks: HeapBlocks;
  seen: Set<string>;
  duplicates: number;
  sp: { count: number; totalMs: number; maxMs: number };
  /** ZGC allocation stalls: threads that waited for memory. */
  stalls: { count: number; totalMs: number; maxMs: number };
  firstRel: number;
  lastRel: number;
  firstAbs: number;
  lastAbs: number;
  /** JDK 8: an event record still open over several lines. */
  pending?: Pending;
  /** JDK 8 G1: indented lines after the summary belong to it. */
  detailTarget?: GcEvent;
  /** The line just read continued a JDK 8 record that is still open. */
  continuedOpen: boolean;
  /** Unified logging written with `:none` decorations (bare `GC(0) Pause Young …` lines). */
  undecorated: boolean;
  /** `[host]`, when a hostname decoration leads the lines. */
  hostDecoration?: string;
  /** Unified lines read, and how many of them carried a clock decoration. */
  unifiedLines: number;
  clockedLines: number;
}

/**
 * Reads a JVM GC log: unified logging (JDK 9–21, any decorations, G1/Parallel/Serial/CMS/ZGC/Shenandoah)
 * or JDK 6–8 `-XX:+PrintGCDetails` (with or without date stamps, events spread over several lines).
 */
export async function parseJvmGcLog(source: ByteSource, ctx: ParseContext): Promise<ParsedGcLog> {
  const st = newReadState();
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  let lastLine = { no: 0, offset: 0, recognised: true };
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state, LINE_CHUNK)) {
    throwIfAborted(ctx.signal);
    checkRecordCount(st.events.length, limits, source.name, batch[0], 'GC events');
    for (const l of batch) {
      st.p.lines = l.no;
      const recognised = readLine(st, l.text, l.no);
      if (recognised) st.p.recognisedLines++;
      else noteUnknown(st.p, l.no, l.text);
      lastLine = { no: l.no, offset: l.offset, recognised: recognised && !st.continuedOpen };
    }
  }
  const openAtEnd = st.pending !== undefined;
  flushPending(st);
  addHeapBlockEvents(st);
  resolveTimes(st);
  finish(st, state, lastLine, openAtEnd);
  return st.p;
}

function newReadState(): JvmReadState {
  return {
    p: emptyParsed('jvm-gclog'),
    events: [],
    rel: [],
    abs: [],
    regionBytes: 0,
    details: new Map(),
    lastEventOfId: new Map(),
    cleanupOfId: new Map(),
    heapBlocks: newHeapBlocks(),
    seen: new Set(),
    duplicates: 0,
    sp: { count: 0, totalMs: 0, maxMs: 0 },
    stalls: { count: 0, totalMs: 0, maxMs: 0 },
    firstRel: Number.NaN,
    lastRel: Number.NaN,
    firstAbs: Number.NaN,
    lastAbs: Number.NaN,
    continuedOpen: false,
    undecorated: false,
    unifiedLines: 0,
    clockedLines: 0,
  };
}

/** One line of either dialect; false when it is not GC output. */
function readLine(st: JvmReadState, raw: string, no: number): boolean {
  st.continuedOpen = false;
  let text = raw;
  let wrapTime: number | undefined;
  if (!text.startsWith('[') && !/^\d/.test(text) && text.length > 0) {
    const u = unwrapLogLine(text);
    text = u.text;
    wrapTime = u.timeMs;
  }
  if (OOM.test(text)) st.p.oomMarks.push({ line: no, text: text.slice(0, 200), t: wrapTime });
  const ul = unifiedText(st, text);
  if (ul !== undefined) {
    flushPending(st);
    st.detailTarget = undefined;
    readUnifiedLine(st, ul, no, wrapTime);
    return true;
  }
  return readJdk8Line(st, text, no, wrapTime);
}

/** The unified-logging line in `text` (from its decorations on), or undefined when it is not one. */
function unifiedText(st: JvmReadState, text: string): string | undefined {
  if (UL_DECORATED.test(text)) return text;
  if (text.startsWith('[')) {
    if (st.hostDecoration !== undefined && text.startsWith(st.hostDecoration)) return text;
    const d = UL_ANY_DECORATIONS.exec(text);
    if (!d || !UL_GC_MESSAGE.test(text.slice(d[0].length))) return undefined;
    // `:hostname` first: its other lines (start-up, details) start with the same host
    st.hostDecoration = text.slice(0, text.indexOf(']') + 1);
    return text;
  }
  // `-Xlog:…:none`: no decorations at all; once a bare GC line was seen, the others are its messages
  if (st.undecorated || UL_GC_MESSAGE.test(text)) {
    if (/^\d+[.,]\d+: |^\d{4}-\d\d-\d\dT/.test(text)) return undefined;
    st.undecorated = true;
    return text;
  }
  const glued = UL_GLUED.exec(text);
  return glued && glued.index > 0 ? text.slice(glued.index) : undefined;
}

function setLimit(st: JvmReadState, bytes: number, source: string, rank: number): void {
  if (bytes > 0 && Number.isFinite(bytes) && (!st.limit || rank >= st.limit.rank))
    st.limit = { bytes, source, rank };
}

function pushEvent(st: JvmReadState, ev: GcEvent, relMs: number | undefined, absMs: number | undefined) {
  st.events.push(ev);
  st.rel.push(relMs ?? Number.NaN);
  st.abs.push(absMs ?? Number.NaN);
  if (ev.id !== undefined) st.lastEventOfId.set(ev.id, st.events.length - 1);
}

function noteTime(st: JvmReadState, relMs: number | undefined, absMs: number | undefined): void {
  if (relMs !== undefined) {
    if (Number.isNaN(st.firstRel)) st.firstRel = relMs;
    st.lastRel = relMs;
  }
  if (absMs !== undefined) {
    if (Number.isNaN(st.firstAbs)) st.firstAbs = absMs;
    st.lastAbs = absMs;
    if (st.anchor === undefined && relMs !== undefined) st.anchor = absMs - relMs;
  }
}

function noteSafepoint(st: JvmReadState, ms: number): void {
  const sp = st.sp;
  st.sp = { count: sp.count + 1, totalMs: sp.totalMs + ms, maxMs: Math.max(sp.maxMs, ms) };
}

function isDuplicate(st: JvmReadState, id: number, rest: string): boolean {
  const key = `${id}|${rest}`;
  if (st.seen.has(key)) {
    st.duplicates++;
    return true;
  }
  if (st.seen.size > 100_000) st.seen.clear();
  st.seen.add(key);
  return false;
}

// ---- unified logging ----

/** `[…][…]` decorations: the clocks and tags they carry, and where the message starts. */
function readDecorations(
  text: string,
  wrapTime: number | undefined,
): { pos: number; relMs?: number; absMs?: number; tags: string } {
  let pos = 0;
  let relMs: number | undefined;
  let absMs: number | undefined = wrapTime;
  let tags = '';
  // JDK order: time, utctime, uptime, timemillis, uptimemillis, timenanos, uptimenanos, hostname, …
  // Of two nanosecond clocks the first is timenanos (a monotonic clock of no known origin): the
  // uptime decorations win over it, and uptimenanos after it.
  const nanos: number[] = [];
  while (text.charCodeAt(pos) === 91 /* [ */) {
    const close = text.indexOf(']', pos);
    if (close < 0) break;
    const d = text.slice(pos + 1, close).trim();
    pos = close + 1;
    if (/^\d{4}-\d\d-\d\dT/.test(d)) absMs = parseRfc3339(d);
    else if (/^\d+(?:[.,]\d+)?s$/.test(d)) relMs = round3(num(d.slice(0, -1)) * 1000);
    else if (/^\d+ms$/.test(d)) {
      const v = Number(d.slice(0, -2));
      if (v > 1e12) absMs = v;
      else relMs = v;
    } else if (/^\d+ns$/.test(d)) nanos.push(Number(d.slice(0, -2)) / 1e6);
    else if (/^[a-z][a-z0-9_,\s]*$/.test(d) && !/^(info|debug|trace|warning|error|develop)$/.test(d))
      tags = d;
  }
  if (relMs === undefined && nanos.length > 0) relMs = nanos[nanos.length > 1 ? 1 : 0];
  if (pos > 0 && text.charCodeAt(pos) === 32) pos++;
  return { pos, relMs, absMs, tags };
}

function readUnifiedLine(st: JvmReadState, text: string, line: number, wrapTime: number | undefined): void {
  const { pos, relMs, absMs, tags } = readDecorations(text, wrapTime);
  noteTime(st, relMs, absMs);
  st.unifiedLines++;
  if (relMs !== undefined || absMs !== undefined) st.clockedLines++;
  const msg = text.slice(pos).trim();
  const g = /^GC\((\d+)\) /.exec(msg);
  if (g) readCollectionLine(st, Number(g[1]), msg.slice(g[0].length).trim(), line, relMs, absMs);
  else if (tags.startsWith('safepoint')) readSafepointLine(st, msg);
  else readHeaderLine(st, msg);
}

/** Which kind a unified `Pause …` line is, and its subtype (`Normal`, `Concurrent Start`, …). */
function unifiedPauseKind(
  name: string,
  parens: string[],
  collector: string | undefined,
): { kind: GcEventKind; subtype?: string } {
  if (name === 'Pause Young') {
    if (parens[0] && /^(Normal|Concurrent Start|Prepare Mixed|Mixed)$/.test(parens[0])) {
      const subtype = parens.shift();
      return { kind: subtype === 'Mixed' ? 'mixed' : 'young', subtype };
    }
    return { kind: 'young' };
  }
  if (name === 'Pause Mixed') return { kind: 'mixed' };
  // JDK 9/10 G1 piggybacks its initial mark on a young pause; CMS's is a phase of its own
  if (name === 'Pause Initial Mark')
    return { kind: collector === 'Concurrent Mark Sweep' ? 'initial-mark' : 'young' };
  if (name === 'Pause Cleanup') return { kind: 'cleanup' };
  if (name === 'Pause Full' || name.startsWith('Pause Degenerated')) return { kind: 'full' };
  return { kind: 'remark' };
}

/** A `GC(n) …` line: a collection's summary, or one of its details. */
function readCollectionLine(
  st: JvmReadState,
  id: number,
  rest: string,
  line: number,
  relMs: number | undefined,
  absMs: number | undefined,
): void {
  let m: RegExpExecArray | null;
  m = rest.startsWith('Pause ') ? UL_PAUSE.exec(rest) : null;
  if (m) {
    if (isDuplicate(st, id, rest)) return;
    const name = m[1].trim();
    const parens = splitParens(m[2]);
    const { kind, subtype } = unifiedPauseKind(name, parens, st.p.collector);
    const pauseMs = num(m[9]);
    const ev: GcEvent = { t: 0, kind, name: subtype ? `${name} (${subtype})` : name, pauseMs, id, line };
    if (parens.length) ev.cause = parens.join(', ');
    if (m[3] !== undefined) {
      ev.heapBeforeBytes = sizeBytes(m[3], m[4]);
      ev.heapAfterBytes = sizeBytes(m[5], m[6]);
      ev.goalBytes = sizeBytes(m[7], m[8]);
      if (kind === 'full') ev.heapLiveBytes = ev.heapAfterBytes;
    }
    const d = st.details.get(id);
    if (d && (kind === 'young' || kind === 'mixed')) {
      ev.oldBeforeBytes = d.oldBefore;
      ev.oldAfterBytes = d.oldAfter;
    }
    st.details.delete(id);
    // the summary line is written at the end of the pause
    pushEvent(
      st,
      ev,
      relMs !== undefined ? relMs - pauseMs : undefined,
      absMs !== undefined ? absMs - pauseMs : undefined,
    );
    return;
  }
  m = UL_CYCLE.exec(rest);
  if (m) {
    if (isDuplicate(st, id, rest)) return;
    const durationMs = num(m[2]);
    pushEvent(
      st,
      { t: 0, kind: 'concurrent', name: m[1], pauseMs: 0, durationMs, id, line },
      relMs !== undefined ? relMs - durationMs : undefined,
      absMs !== undefined ? absMs - durationMs : undefined,
    );
    return;
  }
  m = UL_ZGC.exec(rest);
  if (m) {
    if (isDuplicate(st, id, rest)) return;
    const parens = splitParens(m[2]);
    const durationMs = m[7] !== undefined ? num(m[7]) * (m[8] === 's' ? 1000 : 1) : undefined;
    const after = sizeBytes(m[5], m[6]);
    const zLive = st.details.get(id)?.zLive;
    st.details.delete(id);
    pushEvent(
      st,
      {
        t: 0,
        kind: m[1] === 'Minor Collection' ? 'young' : 'concurrent',
        name: m[1],
        pauseMs: 0,
        durationMs,
        heapBeforeBytes: sizeBytes(m[3], m[4]),
        heapAfterBytes: after,
        // gc* prints what marking found live; without it, the heap after relocation stands in
        heapLiveBytes: m[1] === 'Minor Collection' ? undefined : (zLive ?? after),
        cause: parens.join(', ') || undefined,
        id,
        line,
      },
      relMs !== undefined && durationMs !== undefined ? relMs - durationMs : relMs,
      absMs !== undefined && durationMs !== undefined ? absMs - durationMs : absMs,
    );
    return;
  }
  m = UL_SHEN_CLEANUP.exec(rest);
  if (m) {
    // Shenandoah cleans up twice in a cycle that evacuates (after final mark and at the end): one cycle
    const prevIdx = st.cleanupOfId.get(id);
    const prev = prevIdx !== undefined ? st.events[prevIdx] : undefined;
    if (prev) {
      prev.heapAfterBytes = sizeBytes(m[4], m[5]);
      prev.goalBytes = sizeBytes(m[6], m[7]);
      prev.durationMs = round3((prev.durationMs ?? 0) + num(m[8]));
      return;
    }
    if (isDuplicate(st, id, rest)) return;
    st.cleanupOfId.set(id, st.events.length);
    pushEvent(
      st,
      {
        t: 0,
        kind: 'concurrent',
        name: m[1],
        pauseMs: 0,
        durationMs: num(m[8]),
        heapBeforeBytes: sizeBytes(m[2], m[3]),
        heapAfterBytes: sizeBytes(m[4], m[5]),
        goalBytes: sizeBytes(m[6], m[7]),
        id,
        line,
      },
      relMs,
      absMs,
    );
    return;
  }
  m = UL_OLD_REGIONS.exec(rest);
  if (m && st.regionBytes > 0) {
    st.details.set(id, { oldBefore: Number(m[1]) * st.regionBytes, oldAfter: Number(m[2]) * st.regionBytes });
    return;
  }
  m = UL_OLD_GEN.exec(rest);
  if (m) {
    st.details.set(id, { oldBefore: Number(m[1]) * 1024, oldAfter: Number(m[2]) * 1024 });
    return;
  }
  m = UL_ZGC_LIVE.exec(rest);
  if (m) {
    st.details.set(id, { ...st.details.get(id), zLive: sizeBytes(m[1], m[2]) });
    return;
  }
  if (readHeapBlockLine(st.heapBlocks, id, rest, line, relMs, absMs)) return;
  m = UL_CPU.exec(rest);
  if (m) {
    const idx = st.lastEventOfId.get(id);
    if (idx !== undefined) {
      const ev = st.events[idx];
      if (ev.cpuMs === undefined) ev.cpuMs = Math.round((num(m[1]) + num(m[2])) * 1000);
    }
  }
  // anything else is another detail of a collection
}

function readSafepointLine(st: JvmReadState, msg: string): void {
  const a = SP_OLD.exec(msg);
  const b = a ? null : SP_NEW.exec(msg);
  if (a) noteSafepoint(st, num(a[1]) * 1000);
  else if (b) noteSafepoint(st, Number(b[1]) / 1e6);
}

/** Start-up lines: the collector, region size and the heap limit the log states; ZGC stalls. */
function readHeaderLine(st: JvmReadState, msg: string): void {
  const stall = UL_STALL.exec(msg);
  if (stall) {
    const ms = num(stall[1]);
    const s = st.stalls;
    st.stalls = { count: s.count + 1, totalMs: s.totalMs + ms, maxMs: Math.max(s.maxMs, ms) };
    return;
  }
  const using = UL_USING.exec(msg);
  if (using) st.p.collector = using[1] === 'The Z Garbage Collector' ? 'ZGC' : using[1];
  const region = UL_REGION.exec(msg);
  if (region) st.regionBytes = sizeBytes(region[1], region[2]);
  const maxCap = UL_MAXCAP.exec(msg);
  if (maxCap) setLimit(st, sizeBytes(maxCap[1], maxCap[2]), 'Heap Max Capacity', 2);
  const coops = UL_COOPS.exec(msg);
  if (coops) setLimit(st, Number(coops[1]) * 1024 * 1024, 'heap reservation (gc,heap,coops)', 1);
  readLimitFlags(st, msg);
}

function readLimitFlags(st: JvmReadState, text: string): void {
  const x = XMX.exec(text);
  if (x) setLimit(st, sizeBytes(x[1], x[2] || 'B'), '-Xmx', 3);
  const mh = MAXHEAP.exec(text);
  if (mh) setLimit(st, sizeBytes(mh[1], mh[2] || 'B'), '-XX:MaxHeapSize', 3);
}

// ---- JDK 6–8 PrintGCDetails ----

function flushPending(st: JvmReadState): void {
  const pd = st.pending;
  if (!pd) return;
  st.pending = undefined;
  for (const ev of parseJdk8Record(pd.text, pd.line, pd.id)) {
    pushEvent(st, ev, pd.relMs, pd.absMs);
    st.detailTarget = ev;
  }
}

function readJdk8Line(st: JvmReadState, text: string, no: number, wrapTime: number | undefined): boolean {
  const pre = J8_PREFIX.exec(text) as RegExpExecArray;
  const body = stripEmbeddedStamps(text.slice(pre[0].length));
  const absMs = pre[1] ? parseRfc3339(pre[1]) : wrapTime;
  const relMs = pre[2] ? num(pre[2]) * 1000 : undefined;
  const id = pre[3] !== undefined ? Number(pre[3]) : undefined;
  const pending = st.pending;
  if (pending && pending.depth > 0 && body.startsWith('[GC concurrent-') && bracketDepth(body) === 0) {
    // G1 logs a concurrent phase on its own line in the middle of a pause's record: not its end
    noteTime(st, relMs, absMs);
    for (const ev of parseJdk8Record(body, no, id)) pushEvent(st, ev, relMs, absMs);
    st.continuedOpen = true;
    return true;
  }
  if (pending) {
    if (
      J8_EVENT_START.test(body) &&
      (pre[1] || pre[2]) &&
      pending.depth > 0 &&
      !body.startsWith('[GC (CMS')
    ) {
      // a new event while the previous one is still open: the old one was cut short
      flushPending(st);
    } else {
      const more = stripEmbeddedStamps(text.trim());
      pending.text += ` ${more}`;
      pending.depth += bracketDepth(more);
      pending.lines++;
      if (pending.depth <= 0 || pending.lines > 400) flushPending(st);
      st.continuedOpen = st.pending !== undefined;
      return true;
    }
  }
  if (J8_EVENT_START.test(body)) {
    st.detailTarget = undefined;
    noteTime(st, relMs, absMs);
    st.pending = { text: body, line: no, relMs, absMs, id, depth: bracketDepth(body), lines: 1 };
    if (st.pending.depth <= 0) flushPending(st);
    return true;
  }
  // G1's indented details; some log shippers strip the indentation
  if (st.detailTarget && /^\s*\[/.test(text)) {
    applyJdk8Detail(st.detailTarget, text);
    return true;
  }
  const sp = SP_OLD.exec(body);
  if (sp) {
    noteTime(st, relMs, absMs);
    noteSafepoint(st, num(sp[1]) * 1000);
    return true;
  }
  // -XX:+PrintGCApplicationConcurrentTime: the time between safepoints, not GC work
  if (/^Application time: \d+(?:[.,]\d+)? seconds/.test(body)) {
    noteTime(st, relMs, absMs);
    return true;
  }
  if (J8_ROTATION.test(text)) return true;
  if (/^\s*\d+[.,]\d+: \[G1Ergonomics/.test(text) || (pre[0] !== '' && body.startsWith('['))) {
    noteTime(st, relMs, absMs);
    return true;
  }
  if (
    J8_HEADER.test(text) ||
    (pre[0] !== '' && J8_HEADER.test(body)) ||
    J8_STAT.test(text) ||
    text.trim() === ''
  ) {
    readLimitFlags(st, text);
    const si = SHEN_INIT.exec(text);
    if (si) setLimit(st, sizeBytes(si[1], si[2]), 'Shenandoah max heap', 2);
    return true;
  }
  return OOM.test(text);
}

/**
 * JDK 8 stamps every nested phase (`[GC2016-01-11T05:13:23.505-0800: 221063.690: [ParNew …`);
 * without them a record reads like one flat event. A stamp glued to a word becomes a space.
 */
function stripEmbeddedStamps(s: string): string {
  if (!s.includes(': [')) return s;
  return s.replace(EMBEDDED_STAMP, (_m, offset: number, whole: string) =>
    offset > 0 && whole.charCodeAt(offset - 1) !== 32 ? ' ' : '',
  );
}

// ---- finishing ----

/** Collections seen only in `gc+heap=debug` blocks (no pause lines): events without a pause. */
function addHeapBlockEvents(st: JvmReadState): void {
  const found = heapBlockEvents(st.heapBlocks, (id) => st.lastEventOfId.has(id));
  for (const { ev, relMs, absMs } of found) pushEvent(st, ev, relMs, absMs);
  if (found.length > 0) warn(st.p, msg('gc/warnHeapBlocksOnly', { count: found.length }));
}

/** Event times on one clock: absolute when the log anchors it, else uptime; then start order. */
function resolveTimes(st: JvmReadState): void {
  const p = st.p;
  const { rel, abs, anchor, events } = st;
  const absolute =
    anchor !== undefined || (!Number.isNaN(st.firstAbs) && events.every((_, i) => !Number.isNaN(abs[i])));
  for (let i = 0; i < events.length; i++) {
    const r = rel[i];
    const a = abs[i];
    let t: number;
    if (absolute) t = !Number.isNaN(a) ? a : anchor !== undefined && !Number.isNaN(r) ? anchor + r : 0;
    else t = Number.isNaN(r) ? 0 : r;
    events[i].t = Math.round(t * 1000) / 1000;
  }
  // Unified logging writes a pause when it ends, so a log's lines are in end order; sort by start.
  if (events.some((e, i) => i > 0 && e.t < events[i - 1].t))
    events.sort((a, b) => a.t - b.t || a.line - b.line);
  p.cols = GcColumns.fromEvents(events);
  p.absolute = absolute;
  if (absolute) {
    if (anchor !== undefined) p.processStartMs = Math.round(anchor);
    p.firstMs = !Number.isNaN(st.firstAbs) ? st.firstAbs : undefined;
    p.lastMs = !Number.isNaN(st.lastAbs) ? st.lastAbs : undefined;
  } else {
    p.firstMs = Number.isNaN(st.firstRel) ? undefined : st.firstRel;
    p.lastMs = Number.isNaN(st.lastRel) ? undefined : st.lastRel;
  }
}

function finish(
  st: JvmReadState,
  state: TextLinesState,
  lastLine: { no: number; offset: number; recognised: boolean },
  openAtEnd: boolean,
): void {
  const p = st.p;
  if (st.limit) {
    p.logLimitBytes = st.limit.bytes;
    p.logLimitSource = st.limit.source;
  }
  const sp = st.sp;
  if (sp.count > 0) p.safepoints = { count: sp.count, totalMs: round3(sp.totalMs), maxMs: round3(sp.maxMs) };
  if (st.duplicates > 0) warn(p, msg('gc/warnDuplicates', { count: st.duplicates }));
  const stalls = st.stalls;
  if (stalls.count > 0)
    warn(
      p,
      msg('gc/warnAllocationStalls', {
        count: stalls.count,
        totalMs: round3(stalls.totalMs),
        maxMs: round3(stalls.maxMs),
      }),
    );
  // pid, tid, level, tags, hostname or none: the events have an order but no time
  if (st.unifiedLines > 0 && st.clockedLines === 0 && st.events.length > 0) {
    p.noClock = true;
    warn(p, msg('gc/warnNoClock'));
  }
  finishTruncation(p, state, lastLine);
  if (openAtEnd && !p.truncated) {
    p.truncated = true;
    p.truncatedAt = state.bytes;
    warn(p, msg('gc/warnOpenEvent'));
  }
}

function splitParens(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') {
      if (depth > 0) cur += ch;
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth > 0) cur += ch;
      else {
        out.push(cur);
        cur = '';
      }
    } else if (depth > 0) cur += ch;
  }
  return out;
}

function bracketDepth(s: string): number {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // PrintHeapAtGC's address ranges `[0x…, 0x…)` close with a parenthesis
    if (c === 91 && !(s.charCodeAt(i + 1) === 48 && s.charCodeAt(i + 2) === 120)) d++;
    else if (c === 93) d--;
  }
  return d;
}

/** One JDK 8 event record (possibly several lines joined) → events. */
export function parseJdk8Record(raw: string, line: number, id?: number): GcEvent[] {
  const h = J8_HEAD.exec(raw);
  if (!h) return [];
  const head = h[1];
  const { rec, inside } =
    head.startsWith('CMS-concurrent-') || head.startsWith('GC concurrent-')
      ? { rec: raw, inside: [] }
      : takeConcurrentInside(raw, line);
  const causes = splitParens(J8_CAUSES.exec(rec.slice(h[0].length))?.[1] ?? '');
  // every [Times: …] out, not all after the first: a CMS remark with a young collection scavenged
  // before it has the young one's [Times] in the middle and its own remark after
  const main = rec.replace(/\[Times: [^\]]*\]/g, '');
  const what = jdk8Kind(head, causes, main);
  if (!what) return inside; // a concurrent phase without its own event
  const { kind, name, cause } = what;
  const ev: GcEvent = { t: 0, kind, name, pauseMs: 0, line };
  if (id !== undefined) ev.id = id;
  if (cause) ev.cause = cause;
  readJdk8Duration(ev, main);
  readJdk8Heap(ev, rec, normaliseGenerations(main));
  if (kind === 'full' && ev.heapAfterBytes !== undefined) ev.heapLiveBytes = ev.heapAfterBytes;
  const times = J8_TIMES.exec(rec);
  if (times) ev.cpuMs = Math.round((num(times[1]) + num(times[2])) * 1000);
  const out = [ev];
  const scavenge = kind === 'remark' ? scavengeBeforeRemark(main, cause, line) : undefined;
  if (scavenge) out.unshift(scavenge);
  return out.concat(inside);
}

/**
 * Takes out CMS concurrent phases that ended while a collection was being written
 * (`[CMS[CMS-concurrent-sweep: 1.180/1.376 secs] [Times: …] (concurrent mode failure): …`):
 * their times are not the collection's. A concurrent mark among them is an event of its own.
 */
function takeConcurrentInside(rec: string, line: number): { rec: string; inside: GcEvent[] } {
  if (!rec.includes('[CMS-concurrent-') && !rec.includes('[GC concurrent-')) return { rec, inside: [] };
  const inside: GcEvent[] = [];
  const rest = rec
    .replace(J8_CONCURRENT_INSIDE, (_m, name: string, _cpu: string, wall: string) => {
      if (name === 'CMS-concurrent-mark')
        inside.push({ t: 0, kind: 'concurrent', name, pauseMs: 0, durationMs: num(wall) * 1000, line });
      return '';
    })
    .replace(J8_G1_CONCURRENT_INSIDE, (_m, phase: string, secs: string | undefined) => {
      if (phase === 'mark-end' && secs !== undefined)
        inside.push({
          t: 0,
          kind: 'concurrent',
          name: 'GC concurrent-mark-end',
          pauseMs: 0,
          durationMs: num(secs) * 1000,
          line,
        });
      return '';
    });
  return { rec: rest, inside };
}

function jdk8Kind(
  head: string,
  causes: string[],
  main: string,
): { kind: GcEventKind; name: string; cause?: string } | undefined {
  const failure = J8_CMS_FAILURE.exec(main)?.[1];
  const promotionFailed = main.includes('(promotion failed)');
  if (head === 'Full GC')
    return { kind: 'full', name: failure ? `Full GC (${failure})` : head, cause: causes[0] };
  if (head === 'GC pause') {
    // JDK 7 and JDK 8 without PrintGCCause: `[GC pause (young) (initial-mark)`, no cause first
    const caused = causes.length > 0 && !/^(young|mixed|partial|initial-mark)$/.test(causes[0]);
    const types = caused ? causes.slice(1) : causes;
    return {
      kind: causes.includes('mixed') || causes.includes('partial') ? 'mixed' : 'young',
      name: `GC pause (${types.join(') (')})`,
      cause: caused ? causes[0] : undefined,
    };
  }
  if (head === 'GC remark') return { kind: 'remark', name: head };
  if (head === 'GC cleanup') return { kind: 'cleanup', name: head };
  if (head === 'GC') {
    const cause = causes[0];
    // a ParNew that could not promote, finished by a stop-the-world collection of the old generation
    if (failure || (promotionFailed && /\[CMS\b/.test(main))) {
      const what = [promotionFailed ? 'promotion failed' : '', failure ?? ''].filter(Boolean).join(', ');
      return { kind: 'full', name: `Full GC (${what})`, cause };
    }
    if (cause === 'CMS Initial Mark' || main.includes('CMS-initial-mark:'))
      return { kind: 'initial-mark', name: 'CMS Initial Mark', cause };
    if (cause === 'CMS Final Remark' || main.includes('CMS-remark:'))
      return { kind: 'remark', name: 'CMS Final Remark', cause };
    return { kind: 'young', name: 'GC', cause };
  }
  if (head.startsWith('Pause ')) {
    if (/, start\]/.test(main)) return undefined;
    const full = head.startsWith('Pause Full') || head.startsWith('Pause Degenerated');
    return { kind: full ? 'full' : 'remark', name: head, cause: causes[0] };
  }
  if (head === 'GC concurrent-mark-end' || head === 'CMS-concurrent-mark')
    return { kind: 'concurrent', name: head };
  if (head === 'Concurrent cleanup' && /->/.test(main)) return { kind: 'concurrent', name: head };
  return undefined;
}

/** The outermost "…, N secs]" (last in the main part) or Shenandoah's "N ms]". */
function readJdk8Duration(ev: GcEvent, main: string): void {
  let lastSecs: string | undefined;
  for (const m of main.matchAll(/(\d+(?:[.,]\d+)?) secs\]/g)) lastSecs = m[1];
  const ms = /(\d+(?:[.,]\d+)?) ms\]\s*$/.exec(main.trim());
  if (ev.kind === 'concurrent') {
    const conc = /: (\d+(?:[.,]\d+)?)\/(\d+(?:[.,]\d+)?) secs\]/.exec(main);
    if (conc) ev.durationMs = num(conc[2]) * 1000;
    else if (lastSecs !== undefined) ev.durationMs = num(lastSecs) * 1000;
    else if (ms) ev.durationMs = num(ms[1]);
  } else if (lastSecs !== undefined) ev.pauseMs = round3(num(lastSecs) * 1000);
  else if (ms) ev.pauseMs = num(ms[1]);
}

/**
 * Generation labels as the heap readers expect them: `[CMS (concurrent mode failure): ` → `[CMS: `,
 * `[ParNew (promotion failed) …tenuring lines…: ` → `[ParNew: `.
 */
function normaliseGenerations(main: string): string {
  return main.replace(J8_CMS_FAILURE, '[CMS:').replace(/\[(ParNew|DefNew)\b[^[\]]*?:\s*(?=\d+K->)/g, '[$1: ');
}

function readJdk8Heap(ev: GcEvent, rec: string, main: string): void {
  const g1 = J8_G1_HEAP.exec(rec);
  if (g1) {
    applyG1Heap(ev, g1, rec);
    return;
  }
  for (const t of main.matchAll(J8_TRANSITION)) {
    const before = main.slice(Math.max(0, (t.index ?? 0) - 24), t.index);
    if (J8_GEN_LABEL.test(before)) continue;
    ev.heapBeforeBytes = sizeBytes(t[1], t[2]);
    ev.heapAfterBytes = sizeBytes(t[3], t[4]);
    ev.goalBytes = sizeBytes(t[5], t[6]);
    break;
  }
  if (ev.heapAfterBytes === undefined) {
    // CMS initial mark / remark: "] 18533K(31680K), 0.001 secs]"
    const occ = /\] (\d+)K\((\d+)K\), \d+(?:[.,]\d+)? secs\]/.exec(main);
    if (occ) {
      ev.heapAfterBytes = Number(occ[1]) * 1024;
      ev.goalBytes = Number(occ[2]) * 1024;
    }
  }
  const yg = J8_YOUNG_GEN.exec(main);
  const og = J8_OLD_GEN.exec(main);
  if (og) {
    ev.oldBeforeBytes = Number(og[2]) * 1024;
    ev.oldAfterBytes = Number(og[3]) * 1024;
  } else if (
    yg &&
    ev.heapBeforeBytes !== undefined &&
    ev.heapAfterBytes !== undefined &&
    ev.kind === 'young'
  ) {
    ev.oldBeforeBytes = Math.max(0, ev.heapBeforeBytes - Number(yg[2]) * 1024);
    ev.oldAfterBytes = Math.max(0, ev.heapAfterBytes - Number(yg[3]) * 1024);
  }
}

function applyG1Heap(ev: GcEvent, g1: RegExpExecArray, text: string): void {
  ev.heapBeforeBytes = sizeBytes(g1[1], g1[2]);
  ev.heapAfterBytes = sizeBytes(g1[5], g1[6]);
  ev.goalBytes = sizeBytes(g1[7], g1[8]);
  const eden = J8_G1_EDEN.exec(text);
  if (eden) {
    const youngBefore = sizeBytes(eden[1], eden[2]) + sizeBytes(eden[9], eden[10]);
    const youngAfter = sizeBytes(eden[5], eden[6]) + sizeBytes(eden[11], eden[12]);
    ev.oldBeforeBytes = Math.max(0, ev.heapBeforeBytes - youngBefore);
    ev.oldAfterBytes = Math.max(0, ev.heapAfterBytes - youngAfter);
  }
}

/** CMS with -XX:+CMSScavengeBeforeRemark: a young collection is nested in the remark record. */
function scavengeBeforeRemark(main: string, cause: string | undefined, line: number): GcEvent | undefined {
  if (!/\[(ParNew|DefNew): /.test(main)) return undefined;
  const y =
    /\[(?:ParNew|DefNew): (\d+)K->(\d+)K\((\d+)K\), [\d.,]+ secs\] (\d+)K->(\d+)K\((\d+)K\), (\d+(?:[.,]\d+)?) secs\]/.exec(
      main,
    );
  if (!y) return undefined;
  return {
    t: 0,
    kind: 'young',
    name: 'GC',
    cause: cause ? `${cause} (scavenge before remark)` : 'scavenge before remark',
    pauseMs: round3(num(y[7]) * 1000),
    heapBeforeBytes: Number(y[4]) * 1024,
    heapAfterBytes: Number(y[5]) * 1024,
    goalBytes: Number(y[6]) * 1024,
    line,
  };
}

function applyJdk8Detail(ev: GcEvent, text: string): void {
  const g1 = J8_G1_HEAP.exec(text);
  if (g1) {
    applyG1Heap(ev, g1, text);
    if (ev.kind === 'full') ev.heapLiveBytes = ev.heapAfterBytes;
  }
  const times = J8_TIMES.exec(text);
  if (times && ev.cpuMs === undefined) ev.cpuMs = Math.round((num(times[1]) + num(times[2])) * 1000);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
