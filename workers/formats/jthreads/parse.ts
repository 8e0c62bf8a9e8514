import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { type Line, lineBatches, type TextLinesState } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { type Msg, msg, quoteParams, type WarningSink, warn } from '../../core/messages.ts';
import type {
  DeadlockEdge,
  JavaFrame,
  JavaThread,
  LockAction,
  ReportedDeadlock,
  ThreadDump,
} from './model.ts';

/**
 * Streaming reader for HotSpot thread dumps, JDK 6 → 21: `jstack [-l]`, `jcmd <pid> Thread.print [-l]`
 * and `kill -3` output inside a log (log prefixes — RFC 3339, kubectl, journald, Docker JSON — are
 * stripped), CRLF. Reads the `<pid>:` and timestamp lines, `Full thread dump …:`, the SMR section,
 * thread headers (`"name" #id [daemon] [[osid]] prio= os_prio= cpu= elapsed= tid= nid= state [0x…]`),
 * `java.lang.Thread.State:`, frames, lock lines, `Locked ownable synchronizers:`, VM threads without
 * stacks, `JNI global refs`, and the JVM's `Found one Java-level deadlock:` report.
 * Never throws on content: stray lines are counted and quoted in warnings; cut files are marked truncated.
 */

const STATE_LINE = /^\s*java\.lang\.Thread\.State: (\S+)(?: \((.*)\))?\s*$/;
const FRAME_LINE = /^\s*at (\S+)\((.*)\)\s*$/;
/**
 * Monitors print as `<0x…>` (HotSpot), as bare hex (`<9fff…>`: HP-UX and JDK 5 JVMs; VisualVM's
 * identity hashes) and VisualVM adds `owned by "name" t@N` after the class.
 */
const LOCK_LINE =
  /^\s*- (locked|waiting to lock|waiting on|parking to wait for|eliminated|waiting to re-lock in wait\(\))\s+<(0x[0-9a-fA-F]+|[0-9a-fA-F]+|no object reference available)>(?: \(a (.*?)\))?(?: owned by ".*" t@\d+)?\s*$/;
const OWNABLE_HEADER = /^\s*Locked ownable synchronizers:\s*$/;
const OWNABLE_NONE = /^\s*- None\s*$/;
const OWNABLE_ENTRY = /^\s*- (?:[Ll]ocked )?<(0x[0-9a-fA-F]+|[0-9a-fA-F]+)> \(a (.*)\)\s*$/;
/** VisualVM (and NetBeans) thread dumps: `"main" - Thread t@1`. */
const VISUALVM_HEADER = /^"([\s\S]*)" - Thread t@(\d+)\s*$/;
/**
 * `ThreadInfo.toString()` (what apps and actuator-style endpoints print from
 * `ThreadMXBean.dumpAllThreads`): `"name" [daemon] [prio=N] Id=N STATE[ on lock][ owned by "x" Id=N]`.
 */
const THREADINFO_HEADER =
  /^"([\s\S]*?)"( daemon)?(?: prio=(\d+))? Id=(\d+) (NEW|RUNNABLE|BLOCKED|WAITING|TIMED_WAITING|TERMINATED)(?: (.*))?$/;
const THREADINFO_LOCK = /^\s*- {1,2}(blocked on|waiting on|locked) (\S+)@([0-9a-f]+)\s*$/;
const THREADINFO_SYNCS = /^\s*Number of locked synchronizers = \d+\s*$/;
const THREADINFO_SYNC = /^\s*- (\S+)@([0-9a-f]+)\s*$/;
/** A class histogram after the dump (`-XX:+PrintClassHistogram` on SIGQUIT, `jmap -histo`). */
const HISTOGRAM_HEAD = /^\s*num\s+#instances\s+#bytes\s+class name/;
const HISTOGRAM_TOTAL = /^Total\s+(\d+)\s+(\d+)\s*$/;
/** `java.base@17.0.15/` or `app//` in front of a `StackTraceElement.toString()` class name. */
const FRAME_MODULE = /^((?:[\w.$-]+\/)?[\w.$-]+@[^/\s(]*\/|[\w.$-]*\/\/)/;
/** Lines a thread name may span when it contains newlines (each is printed as is). */
const MAX_NAME_LINES = 8;
const NOTE_LINE =
  /^\s*(No compile task|Compiling: .*|Carrying virtual thread #\d+.*|JavaThread state: .*)\s*$/;
const FULL_DUMP = /^Full thread dump ?(.*):\s*$/;
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\s*$/;
const PID_LINE = /^(\d+):\s*$/;
const JNI = /^JNI global ref(?:erence)?s: (\d+)(?:, weak refs: (\d+))?\s*$/;
const SMR_START = /^Threads class SMR info:\s*$/;
const DEADLOCK_START = /^Found one Java-level deadlock:\s*$/;
const DEADLOCK_STACKS = /^Java stack information for the threads listed above:\s*$/;
const DEADLOCK_END = /^Found (?:a total of )?(\d+|one) (?:Java-level )?deadlocks?\.\s*$/;
const DEADLOCK_THREAD = /^"(.*)":\s*$/;
const DEADLOCK_HELD = /^\s+which is held by "(.*)"\s*$/;
const RULE = /^=+\s*$/;
const HEAP_START = /^Heap\s*$/;
/** Where the thread name may end: `" ` before a header token. */
const NAME_END = /" (?=#\d|daemon |prio=|os_prio=|tid=|\[\d+\] )/g;

const MAX_QUOTED = 3;
/** Frames kept per thread (a runaway recursion prints 1024 frames; the top is what matters). */
const MAX_FRAMES = 2048;

type Mode =
  | 'outside'
  | 'thread'
  | 'ownable'
  | 'smr'
  | 'deadlock'
  | 'deadlockStacks'
  | 'heap'
  | 'histogram'
  | 'done';

export interface ParseOptions {
  /** Year for journald prefixes (which carry none). */
  yearHint?: number;
  /** Read size (tests use tiny chunks to cross every boundary). */
  chunkSize?: number;
}

type LineRef = Pick<Line, 'no' | 'offset'>;

export async function parseThreadDump(
  source: ByteSource,
  ctx: ParseContext = {},
  options: ParseOptions = {},
): Promise<ThreadDump> {
  const p = new ThreadDumpParser(source.name);
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state, options.chunkSize)) {
    for (const line of batch) p.feed(line.text, line, state.endedWithoutNewline, options.yearHint);
    checkRecordCount(p.count, limits, source.name, batch[batch.length - 1], 'threads');
  }
  if (state.gzipTruncated) p.markTruncated(state.bytes, msg('jthreads/cutGzip'));
  return p.finish(source);
}

export interface ParsedHeader {
  name: string;
  id: number;
  daemon: boolean;
  fields: Record<string, string>;
  osThread?: string;
  headerState: string;
  /** Which writer printed it: HotSpot (`tid= nid=`), VisualVM (`- Thread t@N`), `ThreadInfo.toString()`. */
  style: 'hotspot' | 'visualvm' | 'threadinfo';
  /** The Java state, when the header carries it (`ThreadInfo.toString()`). */
  state?: string;
}

/**
 * A thread header line, or undefined when the line is none: HotSpot's (a quoted name and tid= or
 * nid=), VisualVM's or `ThreadInfo.toString()`'s. A name may itself hold quotes, newlines and
 * header-like text (`new Thread(r, "x\n\"y\" #9 tid=0x1 nid=0x1")`): the header is where the
 * rest parses as one with no quote in its state, so such a name cannot forge a thread.
 */
export function parseHeader(text: string): ParsedHeader | undefined {
  if (text.charCodeAt(0) !== 34 /* " */) return undefined;
  NAME_END.lastIndex = 0;
  for (let m = NAME_END.exec(text); m; m = NAME_END.exec(text)) {
    const h = hotspotHeader(text, m.index);
    if (h) return h;
  }
  const v = VISUALVM_HEADER.exec(text);
  if (v)
    return { name: v[1], id: Number(v[2]), daemon: false, fields: {}, headerState: '', style: 'visualvm' };
  const t = THREADINFO_HEADER.exec(text);
  if (t) {
    const fields: Record<string, string> = t[3] !== undefined ? { prio: t[3] } : {};
    return {
      name: t[1],
      id: Number(t[4]),
      daemon: t[2] !== undefined,
      fields,
      headerState: (t[6] ?? '').trim(),
      style: 'threadinfo',
      state: t[5],
    };
  }
  return undefined;
}

function hotspotHeader(text: string, nameEnd: number): ParsedHeader | undefined {
  const name = text.slice(1, nameEnd);
  const tokens = text.slice(nameEnd + 2).split(' ');
  let id = -1;
  let daemon = false;
  let osThread: string | undefined;
  const fields: Record<string, string> = {};
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '') continue;
    if (t.charCodeAt(0) === 35 /* # */ && /^#\d+$/.test(t)) id = Number(t.slice(1));
    else if (t === 'daemon') daemon = true;
    else if (/^\[\d+\]$/.test(t) && !('tid' in fields)) osThread = t.slice(1, -1);
    else {
      const eq = t.indexOf('=');
      if (eq > 0 && /^[a-z_]+$/.test(t.slice(0, eq))) fields[t.slice(0, eq)] = t.slice(eq + 1);
      else break;
    }
  }
  if (!('tid' in fields) && !('nid' in fields)) return undefined;
  let headerState = tokens.slice(i).join(' ').trim();
  // the stack's address: `[0x…]`, JDK 1.4 `[1920f000..1920fd8c]`
  headerState = headerState.replace(/\s*\[(?:0x)?[0-9a-fA-F]+(?:\.\.[0-9a-fA-F]+)?\]$/, '').trim();
  if (headerState.includes('"')) return undefined;
  return {
    name,
    id,
    daemon,
    fields,
    ...(osThread !== undefined ? { osThread } : {}),
    headerState,
    style: 'hotspot',
  };
}

/** `java.base@17.0.15/Thread.java:840`, `Native Method`, `app//Main.java:5`, `Unknown Source`. */
export function parseLocation(fn: string, loc: string): JavaFrame {
  // StackTraceElement.toString() (ThreadInfo dumps) puts loader/module in front of the class
  const mod = FRAME_MODULE.exec(fn);
  if (mod) {
    const frame = parseLocation(fn.slice(mod[0].length), loc);
    const m = mod[0].replace(/\/+$/, '');
    return m && !frame.module ? { ...frame, module: m } : frame;
  }
  const slash = loc.lastIndexOf('/');
  const module = slash >= 0 ? loc.slice(0, slash) : undefined;
  const rest = slash >= 0 ? loc.slice(slash + 1) : loc;
  const colon = rest.lastIndexOf(':');
  let file = rest;
  let line = 0;
  if (colon > 0 && /^\d+$/.test(rest.slice(colon + 1))) {
    file = rest.slice(0, colon);
    line = Number(rest.slice(colon + 1));
  }
  return { function: fn, file, line, ...(module ? { module } : {}) };
}

function num(s: string | undefined, suffix: string): number | undefined {
  if (s === undefined || !s.endsWith(suffix)) return undefined;
  const v = Number(s.slice(0, s.length - suffix.length));
  return Number.isFinite(v) ? v : undefined;
}

class ThreadDumpParser {
  private readonly threads: JavaThread[] = [];

  get count(): number {
    return this.threads.length;
  }
  private readonly deadlocks: ReportedDeadlock[] = [];
  /** Warnings met while reading (more follow at the end), with their messages. */
  private readonly found: WarningSink = { warnings: [], warningMsgs: [] };
  private readonly stray: Msg[] = [];
  private strayCount = 0;
  private readonly otherQuoted: Msg[] = [];
  private otherLines = 0;
  private mode: Mode = 'outside';
  private cur: JavaThread | undefined;
  private deadlock: ReportedDeadlock | undefined;
  private deadlockThread: string | undefined;
  private deadlockWait: Omit<DeadlockEdge, 'heldBy' | 'thread'> | undefined;
  private vm: string | undefined;
  private pid: number | undefined;
  private timestampText: string | undefined;
  private capturedAtMs: number | undefined;
  private prefixTime = false;
  private jni: { global: number; weak?: number } | undefined;
  private fullDumpLine = 0;
  private extraDumps = 0;
  private truncatedAt: number | undefined;
  private truncatedReason: Msg | undefined;
  /** HotSpot headers with a `#N` id (JDK 8+), whose dumps always end with `JNI global refs`. */
  private hotspotIds = 0;
  private visualvmHeaders = 0;
  private histogram: { classes: number; instances: number; bytes: number } | undefined;
  /** A line opening a quoted name that has not closed yet (the name holds a newline). */
  private pendingName: { text: string; lines: number; l: LineRef; timeMs: number | undefined } | undefined;

  constructor(private readonly file: string) {}

  feed(raw: string, l: LineRef, unterminated: boolean, yearHint: number | undefined): void {
    // Stack lines start with a tab or spaces and headers with `"`: only other lines can carry a prefix.
    const c = raw.charCodeAt(0);
    const u =
      (c >= 48 && c <= 57) || c === 123 || (c >= 65 && c <= 90)
        ? unwrapLogLine(raw, yearHint)
        : { text: raw, timeMs: undefined };
    if (unterminated && u.text.trim() !== '') {
      // The file stops without a newline: the last line may be cut anywhere; do not trust it.
      this.markTruncated(l.offset, msg('jthreads/cutLine', { line: l.no, text: clip(u.text) }));
      if (this.cur) this.cur.partial = true;
      return;
    }
    this.line(u.text, l, u.timeMs);
  }

  private line(text: string, l: LineRef, timeMs: number | undefined): void {
    if (this.mode === 'done') return;
    if (this.pendingName && this.continueName(text)) return;
    if (this.mode === 'histogram') {
      this.histogramLine(text);
      return;
    }
    if (this.mode === 'thread' || this.mode === 'ownable') {
      if (this.threadLine(text, l)) return;
    }
    if (text.trim() === '') {
      if (this.mode === 'thread' || this.mode === 'ownable' || this.mode === 'heap' || this.mode === 'smr')
        this.mode = 'outside';
      return;
    }
    const first = text.charCodeAt(0);
    if (first === 34 /* " */) {
      const h = parseHeader(text) ?? this.bareNameHeader(text);
      if (h) {
        if (this.mode === 'deadlock' || this.mode === 'deadlockStacks') this.endDeadlock();
        this.header(h, l, timeMs);
        return;
      }
      if (this.mode !== 'deadlock' && this.mode !== 'deadlockStacks' && text.indexOf('"', 1) < 0) {
        // `"evil` — a name with a newline in it: its header ends on a later line.
        this.pendingName = { text, lines: 1, l, timeMs };
        return;
      }
    }
    switch (this.mode) {
      case 'smr':
        if (/^\}\s*$/.test(text)) this.mode = 'outside';
        return;
      case 'heap':
        return;
      case 'deadlock':
        if (this.deadlockLine(text)) return;
        break;
      case 'deadlockStacks':
        if (DEADLOCK_END.test(text)) this.endDeadlock();
        else if (DEADLOCK_START.test(text)) this.startDeadlock(l);
        return;
    }
    this.outsideLine(text, l, timeMs);
  }

  /**
   * The next line after an unclosed quoted name: the header when the joined lines parse as one,
   * more of the name while no quote closes it; otherwise the held lines were no header after all.
   */
  private continueName(text: string): boolean {
    const p = this.pendingName!;
    const joined = `${p.text}\n${text}`;
    const h = parseHeader(joined);
    if (h) {
      this.pendingName = undefined;
      this.header(h, p.l, p.timeMs);
      return true;
    }
    if (!text.includes('"') && text.trim() !== '' && p.lines < MAX_NAME_LINES) {
      p.text = joined;
      p.lines++;
      return true;
    }
    this.pendingName = undefined;
    const held = p.text.split('\n');
    for (let i = 0; i < held.length; i++)
      this.outsideLine(held[i], { no: p.l.no + i, offset: p.l.offset }, p.timeMs);
    return false;
  }

  /**
   * In a VisualVM-style dump (Spring Boot's text thread dump too) a thread whose id is not known is
   * printed as its quoted name alone.
   */
  private bareNameHeader(text: string): ParsedHeader | undefined {
    if (this.visualvmHeaders === 0 || this.mode === 'deadlock' || this.mode === 'deadlockStacks')
      return undefined;
    const m = /^"(.*)"\s*$/.exec(text);
    if (!m) return undefined;
    return { name: m[1], id: -1, daemon: false, fields: {}, headerState: '', style: 'visualvm' };
  }

  private histogramLine(text: string): void {
    const h = this.histogram!;
    const t = HISTOGRAM_TOTAL.exec(text);
    if (t) {
      h.instances = Number(t[1]);
      h.bytes = Number(t[2]);
      this.mode = 'outside';
    } else if (/^\s*\d+:\s/.test(text)) h.classes++;
  }

  /** A line inside a thread's block; false when it is not one (the caller handles it). */
  private threadLine(text: string, l: LineRef): boolean {
    const cur = this.cur;
    if (!cur) return false;
    if (this.mode === 'ownable') {
      const e = OWNABLE_ENTRY.exec(text);
      if (e) {
        cur.ownableSynchronizers.push({ monitor: monitorId(e[1]), class: e[2] });
        return true;
      }
      if (OWNABLE_NONE.test(text)) return true;
      const ts = THREADINFO_SYNC.exec(text);
      if (ts) {
        cur.ownableSynchronizers.push({ monitor: `0x${ts[2]}`, class: ts[1] });
        return true;
      }
      this.mode = 'thread';
    }
    // A log prefix (kubectl --timestamps) may have eaten the tab in front of stack lines.
    const indented = text.charCodeAt(0) === 9 || text.charCodeAt(0) === 32;
    const f = FRAME_LINE.exec(text);
    if (f) {
      if (cur.frames.length < MAX_FRAMES) cur.frames.push(parseLocation(f[1], f[2]));
      return true;
    }
    const k = LOCK_LINE.exec(text);
    if (k) {
      if (cur.frames.length <= MAX_FRAMES)
        cur.locks.push({
          action: k[1] as LockAction,
          monitor: monitorId(k[2]),
          class: k[3] ?? '',
          frame: Math.max(0, cur.frames.length - 1),
        });
      return true;
    }
    const ti = THREADINFO_LOCK.exec(text);
    if (ti) {
      if (cur.frames.length <= MAX_FRAMES) {
        const top = cur.frames[cur.frames.length - 1]?.function ?? '';
        const action: LockAction =
          ti[1] === 'blocked on'
            ? 'waiting to lock'
            : ti[1] === 'locked'
              ? 'locked'
              : top.endsWith('.park')
                ? 'parking to wait for'
                : 'waiting on';
        cur.locks.push({
          action,
          monitor: `0x${ti[3]}`,
          class: ti[2],
          frame: Math.max(0, cur.frames.length - 1),
        });
      }
      return true;
    }
    const s = STATE_LINE.exec(text);
    if (s) {
      cur.state = s[1];
      if (s[2] !== undefined) cur.stateDetail = s[2];
      return true;
    }
    if (OWNABLE_HEADER.test(text) || THREADINFO_SYNCS.test(text)) {
      this.mode = 'ownable';
      return true;
    }
    const n = NOTE_LINE.exec(text);
    if (n) {
      if (!cur.notes) cur.notes = [];
      if (cur.notes.length < 8) cur.notes.push(n[1]);
      return true;
    }
    if (!indented || text.trim() === '') return false;
    // `...` after the frames ThreadInfo.toString() keeps (8), `... N more`-style elisions
    if (/^\s+\.\.\.\s*$/.test(text)) return true;
    this.strayLine(l, text, msg('jthreads/expectFrame'));
    return true;
  }

  private header(h: ParsedHeader, l: LineRef, timeMs: number | undefined): void {
    if (timeMs !== undefined && this.capturedAtMs === undefined) {
      this.capturedAtMs = timeMs;
      this.prefixTime = true;
    }
    const f = h.fields;
    if (h.style === 'hotspot' && h.id >= 0) this.hotspotIds++;
    if (h.style === 'visualvm') this.visualvmHeaders++;
    const t: JavaThread = {
      name: h.name,
      id: h.id,
      daemon: h.daemon,
      headerState: h.headerState,
      state: h.state ?? '',
      frames: [],
      locks: [],
      ownableSynchronizers: [],
      line: l.no,
    };
    const prio = f.prio !== undefined ? Number(f.prio) : Number.NaN;
    if (Number.isFinite(prio)) t.prio = prio;
    const osPrio = f.os_prio !== undefined ? Number(f.os_prio) : Number.NaN;
    if (Number.isFinite(osPrio)) t.osPrio = osPrio;
    const cpu = num(f.cpu, 'ms');
    if (cpu !== undefined) t.cpuMs = cpu;
    const elapsed = num(f.elapsed, 's');
    if (elapsed !== undefined) t.elapsedS = elapsed;
    if (f.tid !== undefined) t.tid = f.tid;
    if (f.nid !== undefined) t.nid = f.nid;
    else if (h.osThread !== undefined) t.nid = h.osThread;
    this.closeThread();
    this.threads.push(t);
    this.cur = t;
    this.mode = 'thread';
  }

  private closeThread(): void {
    const cur = this.cur;
    if (!cur) return;
    if (cur.state === '' && this.hotspotIds === 0) {
      // JDK 1.4 (and HP-UX JDK 5) print no `java.lang.Thread.State:` line: the header says it
      const s = stateFromHeader(cur);
      if (s) {
        cur.state = s.state;
        if (s.detail) cur.stateDetail = s.detail;
      }
    }
    if (cur.state === '') {
      if (cur.id < 0 && cur.frames.length === 0) cur.state = 'VM';
      else {
        cur.state = 'UNKNOWN';
        cur.partial = true;
      }
    }
    this.cur = undefined;
  }

  private outsideLine(text: string, l: LineRef, timeMs: number | undefined): void {
    this.closeThread();
    const fd = FULL_DUMP.exec(text);
    if (fd) {
      if (this.fullDumpLine > 0 && this.threads.length > 0) {
        this.extraDumps++;
        warn(this.found, msg('jthreads/warnMoreDumps', { first: this.fullDumpLine, next: l.no }));
        this.mode = 'done';
        return;
      }
      this.vm = fd[1];
      this.fullDumpLine = l.no;
      if (timeMs !== undefined && this.capturedAtMs === undefined) {
        this.capturedAtMs = timeMs;
        this.prefixTime = true;
      }
      this.mode = 'outside';
      return;
    }
    const ts = TIMESTAMP.exec(text);
    if (ts && this.threads.length === 0) {
      this.timestampText = text.trim();
      if (timeMs !== undefined) {
        this.capturedAtMs = timeMs;
        this.prefixTime = true;
      } else if (!this.prefixTime) {
        this.capturedAtMs = Date.UTC(+ts[1], +ts[2] - 1, +ts[3], +ts[4], +ts[5], +ts[6]);
      }
      return;
    }
    if (this.threads.length === 0 && this.pid === undefined) {
      const p = PID_LINE.exec(text);
      if (p) {
        this.pid = Number(p[1]);
        return;
      }
    }
    if (SMR_START.test(text)) {
      this.mode = 'smr';
      return;
    }
    const j = JNI.exec(text);
    if (j) {
      this.jni = { global: Number(j[1]), ...(j[2] !== undefined ? { weak: Number(j[2]) } : {}) };
      this.mode = 'outside';
      return;
    }
    if (DEADLOCK_START.test(text)) {
      this.startDeadlock(l);
      return;
    }
    if (DEADLOCK_END.test(text)) return;
    if (HEAP_START.test(text) && this.threads.length > 0) {
      this.mode = 'heap';
      return;
    }
    if (
      (OWNABLE_HEADER.test(text) || THREADINFO_SYNCS.test(text)) &&
      this.threads.length > 0 &&
      this.mode === 'outside'
    ) {
      // JDK 8 (and ThreadInfo.toString()) print a blank line between a stack and its synchronizers.
      this.cur = this.threads[this.threads.length - 1];
      this.mode = 'ownable';
      return;
    }
    if (HISTOGRAM_HEAD.test(text) && this.threads.length > 0) {
      this.histogram = { classes: 0, instances: 0, bytes: 0 };
      this.mode = 'histogram';
      return;
    }
    if (this.histogram && /^-{10,}\s*$/.test(text)) return;
    if (/^\s/.test(text) && this.threads.length > 0 && this.fullDumpLine > 0 && this.jni === undefined) {
      this.strayLine(l, text, msg('jthreads/expectHeader'));
      return;
    }
    this.otherLines++;
    if (this.otherQuoted.length < MAX_QUOTED)
      this.otherQuoted.push(msg('file/line', { line: l.no, text: clip(text) }));
  }

  private startDeadlock(l: LineRef): void {
    this.closeThread();
    this.endDeadlock();
    this.deadlock = { edges: [], line: l.no };
    this.deadlocks.push(this.deadlock);
    this.mode = 'deadlock';
  }

  private endDeadlock(): void {
    this.deadlock = undefined;
    this.deadlockThread = undefined;
    this.deadlockWait = undefined;
    this.mode = 'outside';
  }

  private deadlockLine(text: string): boolean {
    if (RULE.test(text)) return true;
    if (DEADLOCK_STACKS.test(text)) {
      this.mode = 'deadlockStacks';
      return true;
    }
    const t = DEADLOCK_THREAD.exec(text);
    if (t) {
      this.deadlockThread = t[1];
      this.deadlockWait = undefined;
      return true;
    }
    const trimmed = text.trim();
    if (/^\s/.test(text) && trimmed.startsWith('waiting')) {
      const waitsFor = trimmed.replace(/,\s*$/, '');
      const obj = /object (0x[0-9a-fA-F]+)/.exec(waitsFor) ?? /(0x[0-9a-fA-F]+)/.exec(waitsFor);
      const cls = /\ba ([^,)]+)\)/.exec(waitsFor);
      this.deadlockWait = { waitsFor, monitor: obj ? obj[1].toLowerCase() : '', class: cls ? cls[1] : '' };
      return true;
    }
    const held = DEADLOCK_HELD.exec(text);
    if (held && this.deadlock && this.deadlockThread !== undefined && this.deadlockWait) {
      this.deadlock.edges.push({ thread: this.deadlockThread, ...this.deadlockWait, heldBy: held[1] });
      this.deadlockWait = undefined;
      return true;
    }
    if (DEADLOCK_END.test(text)) {
      this.endDeadlock();
      return true;
    }
    // Other lines of the report (`which is held by UNKNOWN_owner_addr=…`, JDK notes) are kept out.
    return /^\s/.test(text);
  }

  private strayLine(l: LineRef, text: string, expected: Msg): void {
    this.strayCount++;
    if (this.stray.length < MAX_QUOTED)
      this.stray.push(msg('file/lineExpected', { line: l.no, expected, text: clip(text) }));
  }

  markTruncated(offset: number, reason: Msg): void {
    if (this.truncatedAt === undefined) {
      this.truncatedAt = offset;
      this.truncatedReason = reason;
    }
  }

  finish(source: ByteSource): ThreadDump {
    if (this.pendingName) this.continueName('"');
    const last = this.cur;
    this.closeThread();
    if ((this.mode === 'deadlock' || this.mode === 'deadlockStacks') && this.deadlock) {
      this.markTruncated(source.size, msg('jthreads/cutDeadlock', { line: this.deadlock.line }));
    }
    if (last?.partial && this.truncatedAt === undefined) {
      this.markTruncated(source.size, msg('jthreads/cutThread', { name: clip(last.name), line: last.line }));
    }
    // A JVM always has threads: a "Full thread dump" banner with none after it was cut.
    if (this.fullDumpLine > 0 && this.threads.length === 0) {
      this.markTruncated(source.size, msg('jthreads/cutBeforeFirst'));
    }
    if (this.mode === 'histogram') {
      this.markTruncated(source.size, msg('jthreads/cutHistogram'));
    }
    // Only HotSpot's own dump ends with JNI global refs, and only since threads have `#N` ids (JDK 8;
    // VisualVM, ThreadInfo.toString() and JDK 1.4-7 print none); a class histogram after the dump
    // shows it was written whole.
    if (
      this.fullDumpLine > 0 &&
      this.hotspotIds > 0 &&
      this.jni === undefined &&
      this.histogram === undefined &&
      this.extraDumps === 0
    ) {
      this.markTruncated(source.size, msg('jthreads/cutJni'));
    }
    const out = { warnings: [...this.found.warnings], warningMsgs: [...this.found.warningMsgs] };
    if (this.truncatedAt !== undefined && this.truncatedReason)
      warn(out, msg('jthreads/warnTruncated', { reason: this.truncatedReason }), true);
    if (this.threads.length === 0) warn(out, msg('jthreads/warnNoThread'));
    if (this.strayCount > 0) {
      const s = this.strayCount > 1 ? 's' : '';
      warn(out, msg('jthreads/warnStray', { count: this.strayCount, s, ...quoteParams(this.stray) }));
    }
    if (this.otherLines > 0) {
      const s = this.otherLines > 1 ? 's' : '';
      warn(out, msg('file/warnOutside', { count: this.otherLines, s, ...quoteParams(this.otherQuoted) }));
    }
    const partial = this.threads.filter((t) => t.partial).length;
    if (partial > 0 && this.truncatedAt === undefined)
      warn(out, msg('jthreads/warnPartial', { count: partial, s: partial > 1 ? 's' : '' }));
    return {
      file: this.file,
      threads: this.threads,
      ...(this.vm !== undefined ? { vm: this.vm } : {}),
      ...(this.pid !== undefined ? { pid: this.pid } : {}),
      ...(this.timestampText !== undefined ? { timestampText: this.timestampText } : {}),
      ...(this.capturedAtMs !== undefined ? { capturedAtMs: this.capturedAtMs } : {}),
      ...(this.capturedAtMs !== undefined
        ? { timeZone: this.prefixTime ? 'log prefix' : 'unspecified' }
        : {}),
      ...(this.jni !== undefined ? { jniGlobalRefs: this.jni.global } : {}),
      ...(this.jni?.weak !== undefined ? { jniWeakRefs: this.jni.weak } : {}),
      ...(this.histogram !== undefined ? { classHistogram: this.histogram } : {}),
      deadlocks: this.deadlocks.filter((d) => d.edges.length > 0),
      truncated: this.truncatedAt !== undefined,
      ...(this.truncatedAt !== undefined ? { truncatedAt: this.truncatedAt } : {}),
      ...out,
      otherLines: this.otherLines,
    };
  }
}

/**
 * The Java state a pre-JDK 6 header implies (`waiting for monitor entry` is BLOCKED…); undefined
 * for VM-internal threads (no stack) and texts with no clear state.
 */
function stateFromHeader(t: JavaThread): { state: string; detail?: string } | undefined {
  if (t.frames.length === 0) return undefined;
  const h = t.headerState;
  const top = t.frames[0].function;
  if (/^runnable\b/.test(h)) return { state: 'RUNNABLE' };
  if (/^waiting for monitor entry\b/.test(h)) return { state: 'BLOCKED', detail: 'on object monitor' };
  if (top === 'java.lang.Thread.sleep') return { state: 'TIMED_WAITING', detail: 'sleeping' };
  if (top === 'java.lang.Object.wait') return { state: 'WAITING', detail: 'on object monitor' };
  if (/^(in Object\.wait\(\)|waiting on (condition|monitor))\b/.test(h)) return { state: 'WAITING' };
  return undefined;
}

/** `0x…` as printed, bare hex (HP-UX, VisualVM) with the prefix; '' when no object is named. */
function monitorId(s: string): string {
  if (s.startsWith('0x')) return s.toLowerCase();
  return /^[0-9a-fA-F]+$/.test(s) ? `0x${s.toLowerCase()}` : '';
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
