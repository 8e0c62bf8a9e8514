import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { type Line, lineBatches, type TextLinesState } from '../../core/lines.ts';
import { testJsonOutput, unwrapLogLine } from '../../core/log-prefix.ts';
import { english, type Msg, msg, quoteParams } from '../../core/messages.ts';
import type {
  AncestorBlock,
  Creator,
  DumpKind,
  Frame,
  Goroutine,
  GoroutineDump,
  PanicInfo,
  Stack,
} from './model.ts';

/**
 * Streaming reader for every text shape Go writes goroutines in:
 * - `debug=2` / `runtime.Stack(buf, true)` / panic, `fatal error` and SIGQUIT tracebacks, Go 1.17 →
 *   current (Go 1.22+ `gp=… m=… mp=…` headers, `?` / `{…}` / `...` arguments, inlined `(...)` frames,
 *   generics `F[...]`, `created by F[ in goroutine N]`, both elision lines, ancestor blocks,
 *   `goroutine running on other thread; stack unavailable`, register dumps);
 * - `debug=1` (`goroutine profile: total N`, `N @ pc…` groups, `# labels:`, `#\tpc\tfunc+off\tfile:line`);
 * - all of the above wrapped in log prefixes (RFC 3339, kubectl, journald, Docker JSON-lines), CRLF.
 * Never throws on content: stray lines are counted and quoted in warnings, cut files are marked truncated.
 */

/** Header: `goroutine 18 [chan receive, 5 minutes, locked to thread]:` or Go 1.22+ `goroutine 1 gp=0x… m=0 mp=0x… [running]:`. */
const HEADER = /^goroutine (\d+)((?: [a-z]+=\S+)*) \[(.*)\]:\s*(.*)$/;
/**
 * A header printed right after other text without a newline (`log.Print("dumping all stacks")`
 * with no newline, then `runtime.Stack`): `…dumping all stacksgoroutine 1 [running]:`.
 */
const GLUED_HEADER = /goroutine \d+(?: [a-z]+=\S+)* \[[^\]]*\]:\s*$/;
const ANCESTOR = /^\[originating from goroutine (\d+)\]:\s*$/;
const FILE_LINE = /^\s*(.+):(\d+)(?: \+0x([0-9a-fA-F]+))?(?: (?:fp|sp|pc)=.*)?\s*$/;
const ELIDED = /^\s*\.\.\.(?:additional frames elided|(\d+) frames elided)\.\.\.\s*$/;
const CREATED_BY = /^\s*created by (\S+)(?: in goroutine (\d+))?\s*$/;
const UNAVAILABLE = /^\s*goroutine running on other thread; stack unavailable\s*$/;
const MINUTES = /^(\d+) minutes?$/;
const DEBUG1_TOTAL = /^goroutine profile: total (\d+)\s*$/;
const DEBUG1_GROUP = /^(\d+) @((?: 0x[0-9a-fA-F]+)*)\s*$/;
const DEBUG1_LABELS = /^# labels: (.*)$/;
const DEBUG1_FRAME = /^#\t+0x[0-9a-fA-F]+\t+(\S+?)(?:\+0x[0-9a-fA-F]+)?\t+(.*):(\d+)\s*$/;
const DEBUG1_FRAME_NOFUNC = /^#\t+0x[0-9a-fA-F]+\s*$/;
const REGISTER = /^\s*[a-z][a-z0-9]{0,7}\s+0x[0-9a-fA-F]+\s*$/;
/** `-----` between per-thread sections of GOTRACEBACK=crash output. */
const SEPARATOR = /^-{3,}\s*$/;
const PC_LINE = /^PC=0x[0-9a-fA-F]+ m=\S+ sigcode=\S+/;
/** Go 1.3 and older: older `PC=0x…` lines carry no `m=`. */
const PC_ONLY = /^PC=0x[0-9a-fA-F]+\s*$/;
/** `runtime stack:` opens the system (g0) stack of a fatal error, out of memory or stack overflow. */
const SYSTEM_STACK = /^\s*runtime stack:\s*$/;
/** Go ≤1.2 segmented stacks print this between a goroutine's segments; its stack goes on. */
const SEGMENT_BOUNDARY = /^\s*-+ stack segment boundary -+\s*$/;
/**
 * What `go test` prints around a crashing test binary's traceback (`=== RUN`, `--- FAIL:`,
 * `exit status 2`, `FAIL\tpkg\t0.01s`): it ends a stack, and is no dump text to warn about.
 */
const FRAMING_LINE =
  /^(?:=== (?:RUN|PAUSE|CONT|NAME)\s|\s*--- (?:FAIL|PASS|SKIP): |exit status \d+\s*$|FAIL(?:\s|$)|ok\s+\S+\s+(?:[\d.]+s|\(cached\))|PASS\s*$|coverage: |[\w.-]+ exited with code \d+\s*$|\s{4,}\S+_test\.go:\d+: )/;
/**
 * `docker compose up` / `docker compose logs` put `service-1  | ` (v1: `service_1  | `) before every
 * line of a container's output, `service-1  |` alone before its blank lines.
 */
const COMPOSE_PREFIX = /^[A-Za-z0-9][\w.-]*\s+\|(?: |$)/;
/** Lines that start a dump or crash: seeing one after a compose prefix turns prefix stripping on. */
const DUMP_START = /^(?:goroutine \d+ |panic: |fatal error: |SIG[A-Z0-9]+: |runtime: |goroutine profile: )/;

/** Wait reasons and states the Go runtime prints (1.17 → current); anything else gets a warning. */
export const KNOWN_STATES = new Set([
  'idle',
  'runnable',
  'running',
  'syscall',
  'waiting',
  'dead',
  'copystack',
  'preempted',
  'GC assist marking',
  'IO wait',
  'chan receive (nil chan)',
  'chan send (nil chan)',
  'dumping heap',
  'garbage collection',
  'garbage collection scan',
  'panicwait',
  'select',
  'select (no cases)',
  'GC assist wait',
  'GC sweep wait',
  'GC scavenge wait',
  'chan receive',
  'chan send',
  'finalizer wait',
  'force gc (idle)',
  'semacquire',
  'sleep',
  'sync.Cond.Wait',
  'sync.Mutex.Lock',
  'sync.RWMutex.RLock',
  'sync.RWMutex.Lock',
  'sync.WaitGroup.Wait',
  'trace reader (blocked)',
  'wait for GC cycle',
  'GC worker (idle)',
  'GC worker (active)',
  'debug call',
  'GC mark termination',
  'stopping the world',
  'flushing proc caches',
  'trace goroutine status',
  'trace proc status',
  'page trace flush',
  'coroutine',
  'GC weak to strong wait',
  'GOMAXPROCS updater (idle)',
  'synctest.Run',
  'synctest.Wait',
  'chan receive (durable)',
  'chan send (durable)',
  'select (durable)',
  'sync.WaitGroup.Wait (durable)',
  'cleanup wait',
  'unknown',
]);

const MAX_QUOTED = 3;
/** Which preamble names the crash when several appear: panic/fatal error over a signal over `runtime:` notes. */
function preambleRank(kind: string): number {
  if (kind === 'panic' || kind === 'fatal error') return 3;
  if (kind.startsWith('SIG')) return 2;
  return kind === 'signal' ? 1 : 0;
}
const MAX_PREAMBLE_LINES = 40;
/** Frames of the system stack kept for the crash summary. */
const MAX_SYSTEM_FRAMES = 64;

type Mode = 'outside' | 'body' | 'file' | 'creatorFile' | 'ancestor' | 'ancestorFile' | 'debug1' | 'system';

interface Pending {
  id: number;
  weight: number;
  state: string;
  waitMinutes: number;
  locked: boolean;
  line: number;
  /** Position in the stack trie (the frames read so far). */
  node: TrieNode;
  depth: number;
  args: string;
  elided: boolean;
  elidedFrames?: number;
  creator?: Creator;
  parentId: number;
  labels?: string;
  headerExtra?: string;
  stackUnavailable?: boolean;
  partial?: boolean;
  ancestors?: AncestorBlock[];
}

interface TrieNode {
  frame?: Frame;
  parent?: TrieNode;
  children: TrieNode[];
  /** Replaces the linear scan once a node has many children. */
  byKey?: Map<string, TrieNode>;
  /** Stack id per elision marker ('' = not elided) for stacks ending here. */
  stackIds?: Map<string, number>;
}

export interface ParseOptions {
  /** Year for journald prefixes (which carry none). */
  yearHint?: number;
  /** Read size (tests use tiny chunks to cross every boundary). */
  chunkSize?: number;
}

export async function parseGoroutineDump(
  source: ByteSource,
  ctx: ParseContext = {},
  options: ParseOptions = {},
): Promise<GoroutineDump> {
  const p = new DumpParser(source.name);
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state, options.chunkSize)) {
    for (const line of batch) p.feed(line.text, line, state.endedWithoutNewline, options.yearHint);
    checkRecordCount(p.count, limits, source.name, batch[batch.length - 1], 'goroutines');
  }
  return p.finish(source);
}

/** The current line's number and byte offset. */
type LineRef = Pick<Line, 'no' | 'offset'>;

/** Splits `pkg/path.(*T).Method[...]` into its package path (`pkg/path`). */
export function packageOf(fn: string): string {
  const slash = fn.lastIndexOf('/');
  const dot = fn.indexOf('.', slash + 1);
  return dot < 0 ? fn : fn.slice(0, dot);
}

class DumpParser {
  private readonly goroutines: Goroutine[] = [];

  get count(): number {
    return this.goroutines.length;
  }
  private readonly stacks: Stack[] = [];
  private readonly creators: Creator[] = [];
  private readonly root: TrieNode = { children: [] };
  private readonly creatorIndex = new Map<string, number>();
  private readonly states = new Map<string, string>();
  private readonly warnings: string[] = [];
  private readonly unknownStates = new Map<string, number>();
  private readonly strayInStack: Msg[] = [];
  private strayInStackCount = 0;
  private readonly otherQuoted: Msg[] = [];
  private otherLines = 0;
  private registerLines = 0;
  private framingLines = 0;
  /** Lines carry a docker compose `service  | ` prefix (seen before a line that starts a dump). */
  private compose = false;
  /** Inside a system stack: the next line should be the file line of the frame just read. */
  private systemFile = false;
  private mode: Mode = 'outside';
  private cur: Pending | undefined;
  private pendingFrame: { function: string; args: string; inlined: boolean } | undefined;
  private pendingCreator: { function: string; parentId: number } | undefined;
  private ancestor: AncestorBlock | undefined;
  private kind: DumpKind = 'debug2';
  private declaredTotal: number | undefined;
  private panic: PanicInfo | undefined;
  private panicOpen = false;
  private preambleLines = 0;
  private capturedAtMs: number | undefined;
  private truncatedAt: number | undefined;
  private truncatedReasonMsg: Msg | undefined;
  private readonly warningMsgs: Msg[] = [];
  private headers = 0;

  constructor(private readonly file: string) {}

  feed(line: string, l: LineRef, unterminated: boolean, yearHint: number | undefined): void {
    if (line.charCodeAt(0) === 123 /* { */) {
      const t = testJsonOutput(line);
      if (t === null) {
        this.framingLines++;
        return;
      }
      if (t) {
        // `go test -json` (test2json): one output line per event; a cut event line is no cut dump
        for (const part of t.text.split('\n')) this.feedText(part, l, false, yearHint, t.timeMs);
        return;
      }
    }
    this.feedText(line, l, unterminated, yearHint, undefined);
  }

  private feedText(
    line: string,
    l: LineRef,
    unterminated: boolean,
    yearHint: number | undefined,
    eventTimeMs: number | undefined,
  ): void {
    const raw = this.stripCompose(line);
    // Only lines starting with a digit, `{`, an upper-case letter or a space can carry a log prefix
    // (RFC 3339, Docker JSON, journald); frames, file lines and headers never do.
    const c = raw.charCodeAt(0);
    const u =
      eventTimeMs !== undefined
        ? { text: raw, timeMs: eventTimeMs }
        : (c >= 48 && c <= 57) || c === 123 || (c >= 65 && c <= 90) || c === 32
          ? unwrapLogLine(raw, yearHint)
          : { text: raw, timeMs: undefined };
    const text = u.text;
    if (unterminated) {
      // The file stops without a newline: the last line may be cut anywhere. Keep it only when it is
      // a complete header or blank; otherwise drop it and say so.
      const header = HEADER.exec(text);
      const midFrame = this.mode === 'file' || this.mode === 'creatorFile' || this.mode === 'ancestorFile';
      if (!header && (text.trim() !== '' || midFrame)) {
        this.markTruncated(l.offset, msg('goroutines/cutLine', { line: l.no, text: clip(text) }));
        if (this.cur) this.cur.partial = true;
        return;
      }
    }
    // only a line ending in ':' can hold a glued header: keeps the regex off frame lines
    if (text.charCodeAt(text.length - 1) === 58 && !text.startsWith('goroutine ')) {
      const g = GLUED_HEADER.exec(text);
      if (g && g.index > 0) {
        this.line(text.slice(0, g.index), l, u.timeMs);
        this.line(text.slice(g.index), l, u.timeMs);
        return;
      }
    }
    this.line(text, l, u.timeMs);
  }

  /**
   * Removes a docker compose prefix once one has been seen in front of a line that starts a dump;
   * before that, only lines read between goroutines (where a crash begins) are tested.
   */
  private stripCompose(raw: string): string {
    if (this.compose) {
      const m = COMPOSE_PREFIX.exec(raw);
      return m ? raw.slice(m[0].length) : raw;
    }
    if (this.mode !== 'outside' || raw.indexOf('|') < 1) return raw;
    const m = COMPOSE_PREFIX.exec(raw);
    if (!m) return raw;
    const rest = raw.slice(m[0].length);
    if (!DUMP_START.test(unwrapLogLine(rest).text)) return raw;
    this.compose = true;
    return rest;
  }

  private line(text: string, l: LineRef, timeMs: number | undefined): void {
    // Fast path: most lines are frames or file lines inside a goroutine.
    if (this.mode === 'file' || this.mode === 'ancestorFile') {
      const m = FILE_LINE.exec(text);
      if (m && !text.startsWith('goroutine ')) {
        this.addFrame(m[1], Number(m[2]), m[3]);
        this.mode = this.mode === 'file' ? 'body' : 'ancestor';
        return;
      }
      // A frame without its file line: keep the frame with an unknown location.
      this.addFrame('?', 0, undefined);
      this.mode = this.mode === 'file' ? 'body' : 'ancestor';
      if (this.cur) this.cur.partial = true;
      this.stray(l, text, msg('goroutines/expectFileLine'));
      if (text.trim() === '' || text.startsWith('goroutine ')) {
        // fall through to normal handling below
      } else return;
    }
    if (this.mode === 'creatorFile') {
      const m = FILE_LINE.exec(text);
      this.mode = 'body';
      if (m && !text.startsWith('goroutine ')) {
        this.setCreator(m[1], Number(m[2]));
        return;
      }
      this.setCreator('?', 0);
      this.stray(l, text, msg('goroutines/expectCreatorFile'));
      if (!(text.trim() === '' || text.startsWith('goroutine '))) return;
    }

    if (text.startsWith('goroutine ')) {
      const h = HEADER.exec(text);
      if (h) {
        this.header(h, l, timeMs);
        return;
      }
      const t = DEBUG1_TOTAL.exec(text);
      if (t) {
        this.endGoroutine();
        this.kind = 'debug1';
        this.declaredTotal = Number(t[1]);
        this.mode = 'outside';
        if (timeMs !== undefined && this.capturedAtMs === undefined) this.capturedAtMs = timeMs;
        return;
      }
    }

    if (text.trim() === '' || SEPARATOR.test(text)) {
      this.endGoroutine();
      this.mode = 'outside';
      this.panicOpen = false;
      return;
    }

    switch (this.mode) {
      case 'body':
        this.bodyLine(text, l);
        return;
      case 'ancestor':
        this.ancestorLine(text, l);
        return;
      case 'debug1':
        this.debug1Line(text, l);
        return;
      case 'system':
        this.systemLine(text, l);
        return;
      default:
        this.outsideLine(text, l, timeMs);
    }
  }

  private header(h: RegExpExecArray, l: LineRef, timeMs: number | undefined): void {
    this.endGoroutine();
    this.headers++;
    if (timeMs !== undefined && this.capturedAtMs === undefined) this.capturedAtMs = timeMs;
    const parts = h[3].split(', ');
    let state = parts[0];
    const extras: string[] = [];
    if (state.endsWith(' (scan)')) {
      state = state.slice(0, -7);
      extras.push('scan');
    }
    let waitMinutes = 0;
    let locked = false;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i];
      const mm = MINUTES.exec(part);
      if (mm) waitMinutes = Number(mm[1]);
      else if (part === 'locked to thread') locked = true;
      else extras.push(part);
    }
    if (h[2]) extras.unshift(h[2].trim());
    if (h[4]) extras.push(h[4]);
    if (state === '') state = 'unknown';
    const interned = this.states.get(state);
    if (interned === undefined) {
      state = own(state);
      this.states.set(state, state);
      if (!KNOWN_STATES.has(state)) this.unknownStates.set(state, l.no);
    } else state = interned;
    this.cur = {
      id: Number(h[1]),
      weight: 1,
      state,
      waitMinutes,
      locked,
      line: l.no,
      node: this.root,
      depth: 0,
      args: '',
      elided: false,
      parentId: -1,
      ...(extras.length ? { headerExtra: extras.join(', ') } : {}),
    };
    if (this.panic && this.panic.goroutineId === undefined) this.panic.goroutineId = this.cur.id;
    this.panicOpen = false;
    this.mode = 'body';
  }

  private bodyLine(text: string, l: LineRef): void {
    const cur = this.cur!;
    const frame = frameLine(text);
    if (frame) {
      this.pendingFrame = frame;
      this.mode = 'file';
      return;
    }
    const c = CREATED_BY.exec(text);
    if (c) {
      this.pendingCreator = { function: c[1], parentId: c[2] !== undefined ? Number(c[2]) : -1 };
      this.mode = 'creatorFile';
      return;
    }
    const e = ELIDED.exec(text);
    if (e) {
      cur.elided = true;
      if (e[1] !== undefined) cur.elidedFrames = Number(e[1]);
      return;
    }
    if (UNAVAILABLE.test(text)) {
      cur.stackUnavailable = true;
      return;
    }
    const a = ANCESTOR.exec(text.trim());
    if (a) {
      this.ancestor = { id: Number(a[1]), frames: [] };
      if (!cur.ancestors) cur.ancestors = [];
      cur.ancestors.push(this.ancestor);
      this.mode = 'ancestor';
      return;
    }
    if (REGISTER.test(text)) {
      this.registerLines++;
      this.endGoroutine();
      this.mode = 'outside';
      return;
    }
    if (SEGMENT_BOUNDARY.test(text)) return;
    if (FRAMING_LINE.test(text)) {
      this.framingLines++;
      this.endGoroutine();
      this.mode = 'outside';
      return;
    }
    this.stray(l, text, msg('goroutines/expectFrame'));
  }

  /**
   * A stack that belongs to no goroutine: `runtime stack:` (the g0 stack of a fatal error, out of
   * memory or stack overflow), or the signalled thread's frames Go ≤1.3 printed with no header.
   * Its functions go to the crash summary.
   */
  private systemLine(text: string, l: LineRef): void {
    if (this.systemFile) {
      this.systemFile = false;
      if (FILE_LINE.test(text) && !frameLine(text)) return;
    }
    const frame = frameLine(text);
    if (frame) {
      this.systemFile = true;
      const p = this.panic;
      if (p) {
        if (!p.systemStack) p.systemStack = [];
        if (p.systemStack.length < MAX_SYSTEM_FRAMES) p.systemStack.push(own(frame.function));
      }
      return;
    }
    if (CREATED_BY.test(text)) {
      this.systemFile = true;
      return;
    }
    if (REGISTER.test(text)) {
      this.registerLines++;
      this.mode = 'outside';
      return;
    }
    this.stray(l, text, msg('goroutines/expectFrame'));
  }

  private ancestorLine(text: string, l: LineRef): void {
    const frame = frameLine(text);
    if (frame) {
      this.pendingFrame = frame;
      this.mode = 'ancestorFile';
      return;
    }
    const a = ANCESTOR.exec(text.trim());
    if (a && this.cur) {
      this.ancestor = { id: Number(a[1]), frames: [] };
      if (!this.cur.ancestors) this.cur.ancestors = [];
      this.cur.ancestors.push(this.ancestor);
      return;
    }
    if (ELIDED.test(text)) return;
    // `created by` inside an ancestor block describes the ancestor; it does not change this goroutine.
    if (CREATED_BY.test(text)) {
      this.pendingFrame = { function: `created by ${CREATED_BY.exec(text)![1]}`, args: '', inlined: false };
      this.mode = 'ancestorFile';
      return;
    }
    this.stray(l, text, msg('goroutines/expectAncestor'));
  }

  private debug1Line(text: string, l: LineRef): void {
    const cur = this.cur!;
    if (text.charCodeAt(0) === 35 /* # */) {
      const f = DEBUG1_FRAME.exec(text);
      if (f) {
        this.pushFrame(cur, f[1], f[2], Number(f[3]), false, undefined, '');
        return;
      }
      const lab = DEBUG1_LABELS.exec(text);
      if (lab) {
        cur.labels = lab[1];
        return;
      }
      if (DEBUG1_FRAME_NOFUNC.test(text)) return;
    }
    const g = DEBUG1_GROUP.exec(text);
    if (g) {
      this.debug1Group(g, l);
      return;
    }
    this.stray(l, text, msg('goroutines/expectPcFrame'));
  }

  private debug1Group(g: RegExpExecArray, l: LineRef): void {
    this.endGoroutine();
    this.headers++;
    this.cur = {
      id: -1,
      weight: Number(g[1]),
      state: 'unknown',
      waitMinutes: 0,
      locked: false,
      line: l.no,
      node: this.root,
      depth: 0,
      args: '',
      elided: false,
      parentId: -1,
    };
    this.mode = 'debug1';
  }

  private outsideLine(text: string, l: LineRef, timeMs: number | undefined): void {
    if (this.kind === 'debug1' || this.declaredTotal !== undefined) {
      const g = DEBUG1_GROUP.exec(text);
      if (g) {
        this.debug1Group(g, l);
        return;
      }
    }
    const trimmed = text.trimStart();
    if (trimmed.startsWith('panic: ')) {
      this.preamble('panic', text, trimmed.slice(7), timeMs);
      return;
    }
    if (trimmed.startsWith('fatal error: ')) {
      this.preamble('fatal error', text, trimmed.slice(13), timeMs);
      return;
    }
    const sig = /^(SIG[A-Z0-9]+): (.*)$/.exec(trimmed);
    if (sig) {
      this.preamble(sig[1], text, sig[2], timeMs);
      return;
    }
    if (trimmed.startsWith('[signal ')) {
      this.preamble('signal', text, undefined, timeMs);
      if (this.panic) this.panic.signal = trimmed.replace(/^\[|\]$/g, '');
      return;
    }
    if (trimmed.startsWith('runtime: ')) {
      this.preamble('runtime', text, trimmed.slice(9), timeMs);
      return;
    }
    if ((PC_LINE.test(trimmed) || PC_ONLY.test(trimmed)) && this.panic) {
      this.addPreambleText(text);
      return;
    }
    if (REGISTER.test(text)) {
      this.registerLines++;
      return;
    }
    if (this.panicOpen && this.panic && this.preambleLines < MAX_PREAMBLE_LINES) {
      // A multi-line panic value (`panic(fmt.Errorf("a\nb"))`) continues until the first blank line.
      this.panic.message += `\n${text}`;
      this.addPreambleText(text);
      return;
    }
    if (this.panic && SYSTEM_STACK.test(text)) {
      this.mode = 'system';
      this.systemFile = false;
      return;
    }
    if (this.panic && this.headers === 0 && frameLine(text)) {
      this.mode = 'system';
      this.systemFile = false;
      this.systemLine(text, l);
      return;
    }
    if (FRAMING_LINE.test(text)) {
      this.framingLines++;
      return;
    }
    this.otherLines++;
    if (this.otherQuoted.length < MAX_QUOTED)
      this.otherQuoted.push(msg('file/line', { line: l.no, text: clip(text) }));
  }

  private preamble(
    kind: string,
    text: string,
    message: string | undefined,
    timeMs: number | undefined,
  ): void {
    if (timeMs !== undefined && this.capturedAtMs === undefined) this.capturedAtMs = timeMs;
    if (!this.panic) {
      this.panic = { kind, message: message ?? '', text: [] };
      this.kind = 'traceback';
    } else if (message !== undefined) {
      if (kind === this.panic.kind) this.panic.message += `\n${message}`;
      else if (preambleRank(kind) > preambleRank(this.panic.kind)) {
        this.panic.kind = kind;
        this.panic.message = message;
      }
    }
    this.addPreambleText(text);
    this.panicOpen = kind === 'panic' || kind === 'fatal error';
  }

  private addPreambleText(text: string): void {
    if (!this.panic || this.preambleLines >= MAX_PREAMBLE_LINES) return;
    this.panic.text.push(text);
    this.preambleLines++;
  }

  private addFrame(file: string, line: number, off: string | undefined): void {
    const pf = this.pendingFrame;
    this.pendingFrame = undefined;
    if (!pf) return;
    if (this.mode === 'ancestorFile') {
      const frame: Frame = { function: pf.function, file, line, inlined: pf.inlined };
      if (off !== undefined) frame.pcOffset = Number.parseInt(off, 16);
      this.ancestor?.frames.push(frame);
      return;
    }
    const cur = this.cur;
    if (!cur) return;
    this.pushFrame(cur, pf.function, file, line, pf.inlined, off, pf.args);
  }

  private setCreator(file: string, line: number): void {
    const pc = this.pendingCreator;
    this.pendingCreator = undefined;
    if (!pc || !this.cur) return;
    this.cur.creator = { function: own(pc.function), file: own(file), line };
    this.cur.parentId = pc.parentId;
  }

  private stray(l: LineRef, text: string, expected: Msg): void {
    this.strayInStackCount++;
    if (this.strayInStack.length < MAX_QUOTED) {
      this.strayInStack.push(msg('file/lineExpected', { line: l.no, expected, text: clip(text) }));
    }
  }

  /**
   * Extends the goroutine's path in the stack trie. Goroutines mostly share a few stacks, so this
   * is a short scan of a node's children comparing line numbers first; no per-goroutine frame arrays
   * and no stack-sized key strings.
   */
  private pushFrame(
    cur: Pending,
    fn: string,
    file: string,
    line: number,
    inlined: boolean,
    off: string | undefined,
    args: string,
  ): void {
    const node = cur.node;
    let child: TrieNode | undefined;
    if (node.byKey) child = node.byKey.get(`${line}\u0002${fn}\u0002${file}\u0002${inlined}`);
    else {
      for (const c of node.children) {
        const f = c.frame!;
        if (f.line === line && f.function === fn && f.file === file && f.inlined === inlined) {
          child = c;
          break;
        }
      }
    }
    if (!child) {
      const frame: Frame = { function: own(fn), file: own(file), line, inlined };
      if (off !== undefined) frame.pcOffset = Number.parseInt(off, 16);
      child = { frame, parent: node, children: [] };
      node.children.push(child);
      if (node.byKey) node.byKey.set(`${line}\u0002${fn}\u0002${file}\u0002${inlined}`, child);
      else if (node.children.length > 16) {
        node.byKey = new Map();
        for (const c of node.children) {
          const f = c.frame!;
          node.byKey.set(`${f.line}\u0002${f.function}\u0002${f.file}\u0002${f.inlined}`, c);
        }
      }
    }
    cur.node = child;
    cur.args = cur.depth === 0 ? args : `${cur.args}\u0001${args}`;
    cur.depth++;
  }

  /** A warning with its message (its English in `warnings`). */
  private warn(m: Msg): void {
    this.warnings.push(english(m));
    this.warningMsgs.push(m);
  }

  private markTruncated(offset: number, reasonMsg: Msg): void {
    if (this.truncatedAt === undefined) {
      this.truncatedAt = offset;
      this.truncatedReasonMsg = reasonMsg;
    }
  }

  private endGoroutine(): void {
    if (this.mode === 'file' || this.mode === 'ancestorFile') this.addFrame('?', 0, undefined);
    if (this.mode === 'creatorFile') this.setCreator('?', 0);
    const cur = this.cur;
    this.cur = undefined;
    this.ancestor = undefined;
    if (!cur) return;
    const node = cur.node;
    const ek = cur.elided ? `…${cur.elidedFrames ?? ''}` : '';
    if (!node.stackIds) node.stackIds = new Map();
    let stack = node.stackIds.get(ek);
    if (stack === undefined) {
      const frames: Frame[] = [];
      for (let n: TrieNode | undefined = node; n?.frame; n = n.parent) frames.push(n.frame);
      frames.reverse();
      stack = this.stacks.length;
      this.stacks.push({
        frames,
        elided: cur.elided,
        ...(cur.elidedFrames !== undefined ? { elidedFrames: cur.elidedFrames } : {}),
      });
      node.stackIds.set(ek, stack);
    }
    let creator = -1;
    if (cur.creator) {
      const ck = `${cur.creator.function}\u0002${cur.creator.file}:${cur.creator.line}`;
      const found = this.creatorIndex.get(ck);
      if (found === undefined) {
        creator = this.creators.length;
        this.creators.push(cur.creator);
        this.creatorIndex.set(ck, creator);
      } else creator = found;
    }
    const g: Goroutine = {
      id: cur.id,
      weight: cur.weight,
      state: cur.state,
      waitMinutes: cur.waitMinutes,
      locked: cur.locked,
      stack,
      args: own(cur.args),
      creator,
      parentId: cur.parentId,
      line: cur.line,
    };
    if (cur.labels !== undefined) g.labels = own(cur.labels);
    if (cur.headerExtra !== undefined) g.headerExtra = own(cur.headerExtra);
    if (cur.stackUnavailable) g.stackUnavailable = true;
    if (cur.partial) g.partial = true;
    if (cur.ancestors) g.ancestors = cur.ancestors;
    this.goroutines.push(g);
  }

  finish(source: ByteSource): GoroutineDump {
    // A goroutine still open at end of file is complete only if it has a stack (or says it has none).
    const open = this.cur;
    const midFrame = this.mode === 'file' || this.mode === 'creatorFile' || this.mode === 'ancestorFile';
    if (open && (midFrame || (open.depth === 0 && !open.stackUnavailable && open.id >= 0))) {
      open.partial = true;
      this.markTruncated(
        source.size,
        msg(midFrame ? 'goroutines/endsMidFrame' : 'goroutines/endsBeforeFrame', {
          id: String(open.id),
          line: open.line,
        }),
      );
    }
    this.endGoroutine();
    const warnings = this.warnings;
    let total = 0;
    for (const g of this.goroutines) total += g.weight;
    if (this.declaredTotal !== undefined && this.declaredTotal !== total) {
      this.warn(msg('goroutines/warnTotal', { declared: this.declaredTotal, total }));
      if (total < this.declaredTotal) this.markTruncated(source.size, msg('goroutines/endsBeforeTotal'));
    }
    if (this.truncatedAt !== undefined && this.truncatedReasonMsg) {
      const m = msg('goroutines/warnTruncated', { reason: this.truncatedReasonMsg });
      warnings.unshift(english(m));
      this.warningMsgs.unshift(m);
    }
    if (this.headers === 0) this.warn(msg('goroutines/warnNoGoroutine'));
    if (this.unknownStates.size > 0) {
      const list = [...this.unknownStates]
        .slice(0, 5)
        .map(([state, line]) => msg('goroutines/stateAt', { state, line }));
      const s = this.unknownStates.size > 1 ? 's' : '';
      this.warn(msg('goroutines/warnUnknownStates', { s, ...quoteParams(list, 5, 'file/comma') }));
    }
    if (this.strayInStackCount > 0) {
      const s = this.strayInStackCount > 1 ? 's' : '';
      this.warn(
        msg('goroutines/warnStray', { count: this.strayInStackCount, s, ...quoteParams(this.strayInStack) }),
      );
    }
    if (this.otherLines > 0) {
      const s = this.otherLines > 1 ? 's' : '';
      this.warn(msg('file/warnOutside', { count: this.otherLines, s, ...quoteParams(this.otherQuoted) }));
    }
    const partial = this.goroutines.filter((g) => g.partial).length;
    if (partial > 0 && this.truncatedAt === undefined) {
      this.warn(
        msg(partial > 1 ? 'goroutines/warnPartialMany' : 'goroutines/warnPartialOne', { count: partial }),
      );
    }
    if (this.panic && this.panic.goroutineId !== undefined) {
      const g = this.goroutines.find((x) => x.id === this.panic!.goroutineId);
      if (g) this.panic.function = meaningfulFunction(this.stacks[g.stack].frames);
    }
    return {
      file: this.file,
      kind: this.kind,
      goroutines: this.goroutines,
      stacks: this.stacks,
      creators: this.creators,
      total,
      ...(this.declaredTotal !== undefined ? { declaredTotal: this.declaredTotal } : {}),
      ...(this.panic ? { panic: this.panic } : {}),
      ...(this.capturedAtMs !== undefined ? { capturedAtMs: this.capturedAtMs } : {}),
      ...(source.lastModified !== undefined ? { fileModifiedMs: Math.round(source.lastModified) } : {}),
      truncated: this.truncatedAt !== undefined,
      ...(this.truncatedAt !== undefined ? { truncatedAt: this.truncatedAt } : {}),
      warnings,
      warningMsgs: this.warningMsgs,
      otherLines: this.otherLines,
      registerLines: this.registerLines,
      ...(this.framingLines > 0 ? { framingLines: this.framingLines } : {}),
    };
  }
}

/** `pkg.F[...](0xc000?, {…}, ...)` → function and argument text; undefined if the line is no frame. */
export function frameLine(text: string): { function: string; args: string; inlined: boolean } | undefined {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end < 3 || text.charCodeAt(end - 1) !== 41 /* ) */) return undefined;
  let start = 0;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  const open = text.lastIndexOf('(', end - 1);
  if (open <= start) return undefined;
  const fn = text.slice(start, open);
  // `(*T).m` contains parentheses, so find the argument list as the last `(` whose prefix is a name.
  if (/\s/.test(fn)) return undefined;
  if (fn.startsWith('created') || fn === 'goroutine') return undefined;
  const args = text.slice(open + 1, end - 1);
  return { function: fn, args, inlined: args === '...' };
}

const RUNTIME_PREFIXES = ['runtime.', 'runtime/internal/', 'internal/runtime/', 'internal/poll.runtime_'];

/** Runtime plumbing that tops almost every parked stack (`runtime.gopark`, `sync.runtime_Semacquire`…). */
export function isRuntimeFrame(fn: string): boolean {
  if (fn === 'panic' || fn === 'goexit') return true;
  for (const p of RUNTIME_PREFIXES) if (fn.startsWith(p)) return true;
  return /^(sync|internal\/sync|sync\/atomic)\.runtime_/.test(fn);
}

/**
 * Standard library: the package path's first element has no dot, it is not `main`, and the file
 * lives under a GOROOT-like `…/src/<dotless>/` directory (or a -trimpath `<dotless>/…` path).
 */
export function isStdlibFrame(f: Frame): boolean {
  const fn = f.function;
  if (isRuntimeFrame(fn)) return true;
  const pkg = packageOf(fn);
  const first = pkg.split('/')[0];
  if (first.includes('.') || pkg === 'main' || first === 'main') return false;
  if (f.file === '?' || f.file === '') return true;
  const file = f.file.replace(/\\/g, '/');
  const src = file.lastIndexOf('/src/');
  let rel: string | undefined;
  if (src >= 0) rel = file.slice(src + 5);
  else if (!file.startsWith('/') && !/^[A-Za-z]:/.test(file)) rel = file; // -trimpath
  if (rel === undefined) return false;
  const seg = rel.split('/')[0];
  return rel.includes('/') && !seg.includes('.');
}

/** The frame a human means by "where it is stuck": innermost user frame, else innermost non-runtime frame. */
export function meaningfulIndex(frames: Frame[]): number {
  for (let i = 0; i < frames.length; i++) if (!isStdlibFrame(frames[i])) return i;
  for (let i = 0; i < frames.length; i++) if (!isRuntimeFrame(frames[i].function)) return i;
  // All runtime (GC workers, finalizers, idle Ms): the first frame that is not parking machinery,
  // e.g. `runtime.forcegchelper` rather than `runtime.gopark`.
  for (let i = 0; i < frames.length; i++) if (!PARKING.test(frames[i].function)) return i;
  return frames.length > 0 ? 0 : -1;
}

const PARKING =
  /^runtime\.(gopark|goparkunlock|park_m|mcall|mPark|futex|futexsleep|notesleep|notetsleepg|stoplockedm|stopm|schedule|findRunnable|semacquire1?|chanrecv[12]?|chansend1?|selectgo|block|netpollblock|usleep|timeSleep|goexit|goexit1)$/;

export function meaningfulFunction(frames: Frame[]): string {
  const i = meaningfulIndex(frames);
  return i < 0 ? '' : frames[i].function;
}

/**
 * A copy of `s` that does not keep alive the multi-megabyte decoded chunk it was sliced from
 * (V8 substrings and concatenations reference their parents; flattening a fresh concatenation
 * copies the characters). Without this, every goroutine's argument text pins its whole chunk and a
 * 150 MB dump keeps ~300 MB of UTF-16 alive.
 */
export function own(s: string): string {
  if (s.length < 13) return s; // V8 copies short substrings anyway
  const t = `\u0001${s}`;
  t.charCodeAt(1);
  return t.slice(1);
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
