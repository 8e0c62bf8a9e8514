/**
 * The compact, structured-clone-friendly summary of one artifact. It is what `pmwb inspect --json`
 * prints, what the worker returns from `open`, and what an incident file keeps so a moved dump
 * still shows its analysis. Keep it stable: scripts depend on it (schema `pmwb.inspect/1`).
 */
export type FormatId =
  | 'go-heapdump'
  | 'hprof'
  | 'pprof'
  | 'pprof-text'
  | 'goroutine-dump'
  | 'go-gctrace'
  | 'jvm-gclog'
  | 'jstat'
  | 'java-thread-dump'
  | 'applog';

export const FORMAT_LABELS: Record<FormatId, string> = {
  'go-heapdump': 'Go heap dump',
  hprof: 'Java HPROF heap dump',
  pprof: 'pprof profile',
  'pprof-text': 'pprof legacy text profile',
  'goroutine-dump': 'Goroutine dump',
  'go-gctrace': 'Go gctrace log',
  'jvm-gclog': 'JVM GC log',
  jstat: 'jstat -gc output',
  'java-thread-dump': 'Java thread dump',
  applog: 'Application log',
};

/** What a format is evidence of; formats of one kind compare with each other and share a view. */
export type ArtifactKind = 'heap' | 'profile' | 'goroutines' | 'gc' | 'threads' | 'log';

export const FORMAT_KIND: Record<FormatId, ArtifactKind> = {
  'go-heapdump': 'heap',
  hprof: 'heap',
  pprof: 'profile',
  'pprof-text': 'profile',
  'goroutine-dump': 'goroutines',
  'go-gctrace': 'gc',
  'jvm-gclog': 'gc',
  jstat: 'gc',
  'java-thread-dump': 'threads',
  applog: 'log',
};

/**
 * A sentence as data beside its English text (`title` + `titleMsg`, `label` + `labelMsg`, …):
 * a key into the engine's message templates (workers/core/messages.ts) and its parameters —
 * numbers, text from the evidence, or nested messages. Readers that only want English ignore it.
 */
export interface MessageRef {
  key: string;
  params: Record<string, string | number | MessageRef>;
}

export interface InspectHeader {
  schema: 'pmwb.inspect/1';
  file: string;
  format: FormatId;
  bytes: number;
  parseMs: number;
  truncated: boolean;
  /** Where reading stopped when `truncated`. */
  truncatedAt?: number;
  warnings: string[];
  /** `warnings[i]` as a message, where the engine has one (same length as `warnings`; `null` for none). */
  warningMsgs?: (MessageRef | null)[];
  /** Absolute time (ms since epoch) the artifact describes, when the evidence carries one. */
  capturedAtMs?: number;
}

export interface HeapTopEntry {
  id: number;
  label: string;
  type: string;
  shallowBytes: number;
  retainedBytes: number;
  root: string;
}

export interface HeapHistogramEntry {
  type: string;
  count: number;
  shallowBytes: number;
  retainedBytes: number;
}

/**
 * One reference on a suspect's path from its GC root. The first step is the root (a static field,
 * a thread, a global, a goroutine's frame); each later step is an object, reached from the step
 * before it through `field` (Java field, static field or `[index]`), `index` (element of a Go
 * array of pointers) or `offset` (byte offset of the pointer: Go dumps carry no field names).
 */
export interface HeapPathStep {
  /** Node id (for the worker's queries). */
  id: number;
  label: string;
  /** Java class; Go: dynamic type, allocation site or shape; for the root, its kind. */
  type: string;
  /** Field, static field or `[index]` of the previous step that references this one; absent at the root. */
  field?: string;
  /** Element index in the previous step's array of pointers (Go). */
  index?: number;
  /** Byte offset of the pointer in the previous step's object (Go). */
  offset?: number;
}

export interface HeapSuspect {
  title: string;
  description: string;
  titleMsg?: MessageRef;
  descriptionMsg?: MessageRef;
  retainedBytes: number;
  percent: number;
  /** Labels from the GC root to the holder (Go: on to the accumulation point). */
  path: string[];
  accumulationPoint?: string;
  /** `object`, `root`, `group:<grouping>`, or `unreachable` (a dump that is mostly garbage: the unreachable bytes). */
  kind: string;
  /**
   * From the GC root through the holder to one accumulated object, each step named by its field
   * (HPROF) or by the pointer's offset / element index (Go).
   */
  pathSteps?: HeapPathStep[];
  /**
   * `pathSteps` in one line: the root, then field names (`… → IN_FLIGHT_EXPORTS → table → [17] → val`);
   * Go: labels with offsets (`main.orderCache → obj48… → +0x10 main.cacheOrder main.go:131 @ 0x…`).
   */
  pathText?: string;
  /** Heap node of the object that retains the memory (object suspects). */
  id?: number;
  /** Heap node of the accumulation point. */
  accumulationId?: number;
  /** Name of the group whose objects together retain the memory (group suspects). */
  group?: string;
  /** Who holds it, as a user reads it: `static com.example.Cls.FIELD`, `main.orderCache`, `goroutine 31 frame main.f`. */
  holder?: string;
  /** `holder` as a message, when the engine words it (`global at bss+0x48`). */
  holderMsg?: MessageRef;
  // Java suspects
  holderType?: string;
  accumulatedType?: string;
  accumulatedCount?: number;
  /** `Class.field` when a static field holds the memory. */
  staticField?: string;
}

/** A Java thread in a heap dump: its Thread object's retained size and stack (HPROF). */
export interface JavaHeapThread {
  serial: number;
  name: string;
  /** Heap node of the Thread object (0 when the dump has none). */
  id: number;
  retainedBytes: number;
  frames: string[];
}

export interface HeapBlock {
  objects: number;
  edges: number;
  totalBytes: number;
  reachableBytes: number;
  gcRoots: number;
  top: HeapTopEntry[];
  histogram: HeapHistogramEntry[];
  suspects: HeapSuspect[];
  unreachableObjects?: number;
  unreachableBytes?: number;
  reachableObjects?: number;
  /** Root count by kind, e.g. { bss: 12, goroutine: 30 } (Go) or { Thread: 9 } (Java). */
  rootsByKind?: Record<string, number>;
  // Go heap dumps (go-heapdump)
  dumpVersion?: string;
  buildVersion?: string;
  arch?: string;
  goroutineCount?: number;
  userGoroutineCount?: number;
  /** Goroutines retaining the most, biggest first (at most 50). */
  goroutines?: { node: number; goid: number; label: string; retainedBytes: number }[];
  segments?: { kind: string; start: number; size: number; pointers: number }[];
  finalizers?: number;
  sampledObjects?: number;
  /** The dump's MemStats record cross-checked with the objects in it. */
  memStats?: GoMemStatsCheck;
  // Java heap dumps (hprof)
  gcRootsByKind?: Record<string, number>;
  threads?: JavaHeapThread[];
  unclosedResources?: JavaUnclosedResources;
  duplicateStrings?: JavaDuplicateStrings;
  /** How shallow sizes were counted (which object header and reference sizes). */
  shallowSizeConvention?: string;
  shallowSizeConventionMsg?: MessageRef;
  hprof?: { version: string; idSize: number; oopSize: number; classes: number; gzip: boolean };
  /** Java: what the unreachable part of the dump is made of, by class (MAT's unreachable objects histogram). */
  unreachableHistogram?: { type: string; count: number; shallowBytes: number }[];
}

export interface GoMemStatsCheck {
  memStats: Record<string, number>;
  dumpObjects: number;
  dumpBytes: number;
  reachableObjects: number;
  reachableBytes: number;
  notes: string[];
  /** `notes[i]` as a message (same length as `notes`). */
  noteMsgs?: MessageRef[];
}

/** Streams, readers and channels still reachable and not closed, grouped by type and owner. */
export interface JavaUnclosedResources {
  open: number;
  closed: number;
  /** System.in/out/err and what wraps them: open for the JVM's whole life, not a leak. */
  standard: number;
  groups: JavaUnclosedGroup[];
}

/** Open streams of one type held by one owner. */
export interface JavaUnclosedGroup {
  /** Stream class, e.g. java.io.BufferedInputStream. */
  type: string;
  /** Class of the object that holds the stream (wrappers skipped), e.g. …OrderAggregate. */
  owner: string;
  /** Field of the owner that holds it, when readable. */
  field?: string;
  count: number;
  retainedBytes: number;
  /** Heap node of one such stream. */
  sample: number;
  description: string;
  descriptionMsg?: MessageRef;
}

/** java.lang.String instances with equal contents, top by waste. */
export interface JavaDuplicateStrings {
  total: number;
  wastedBytes: number;
  top: JavaDuplicateString[];
}

/** One string value and how many copies of it the heap holds. */
export interface JavaDuplicateString {
  value: string;
  count: number;
  wastedBytes: number;
}

export interface ProfileTopEntry {
  function: string;
  flat: number;
  cum: number;
}

export interface ProfileBlock {
  sampleTypes: { type: string; unit: string }[];
  totals: Record<string, number>;
  top: Record<string, ProfileTopEntry[]>;
  timeNanos?: number;
  durationNanos?: number;
  defaultSampleType?: string;
  samples?: number;
  functions?: number;
  periodType?: { type: string; unit: string };
  period?: number;
  comments?: string[];
  dropFrames?: string;
  /** The runtime.MemStats trailer of a legacy text heap profile. */
  memStats?: Record<string, number | string>;
}

export interface GoroutineGroupSummary {
  count: number;
  state: string;
  waitMinutesMax: number;
  function: string;
  createdBy: string;
  frames: { function: string; file: string; line: number }[];
  key?: string;
  topFrame?: string;
  createdByLocation?: string;
  stdlibOnly?: boolean;
  waitMinutesMin?: number;
}

export interface GoroutineSuspectSummary {
  key: string;
  rank: number;
  score: number;
  kind: 'never-wakes' | 'blocked-channel' | 'lock-contention' | 'growing' | 'long-wait';
  /** Wait category (`channel`, `mutex`, `never wakes`, …). */
  category: string;
  title: string;
  explanation: string;
  titleMsg?: MessageRef;
  explanationMsg?: MessageRef;
  count: number;
  state: string;
  function: string;
  createdBy: string;
  waitMinutesMax: number;
  /** Growth between dumps (compare only). */
  growth?: number[];
}

/** The preamble of a crash traceback: what panicked, and where. */
export interface GoroutinePanic {
  /** `panic`, `fatal error`, `SIGQUIT`, `signal`, `throw`. */
  kind: string;
  /** Message without the `panic: ` prefix; several lines joined by newlines (nested panics). */
  message: string;
  /** The preamble lines as printed (panic lines, `[signal …]`, `SIGQUIT: quit`, PC=…). */
  text: string[];
  /** `[signal SIGSEGV: segmentation violation code=… addr=… pc=…]`. */
  signal?: string;
  /** Id of the first goroutine after the preamble (the one that panicked). */
  goroutineId?: number;
  /** Innermost non-runtime function of that goroutine. */
  function?: string;
  /**
   * Functions of the `runtime stack:` block (the system stack of a fatal error, out of memory or
   * stack overflow; Go ≤1.3: the signalled thread's frames), innermost first, at most 64.
   */
  systemStack?: string[];
}

export interface GoroutinesBlock {
  total: number;
  byState: Record<string, number>;
  groups: GoroutineGroupSummary[];
  dumpKind?: 'debug2' | 'debug1' | 'traceback';
  similarity?: string;
  groupCount?: number;
  uniqueStacks?: number;
  byWaitReason?: Record<string, number>;
  /** Goroutines by how long they have waited: `<1m`, `1-9m`, `10-59m`, `≥60m`. */
  waitHistogram?: Record<string, number>;
  longWaits?: { key: string; function: string; state: string; count: number; waitMinutesMax: number }[];
  lockedToThread?: number;
  partialGoroutines?: number;
  suspects?: GoroutineSuspectSummary[];
  panic?: GoroutinePanic;
  declaredTotal?: number;
  capturedAtMs?: number;
  /** The file's modification time, the capture time of last resort. */
  fileModifiedMs?: number;
  /** The highest goroutine id in the dump (orders dumps of one run when their files have no times). */
  maxGoroutineId?: number;
}

export interface GcEventSummary {
  /** ms since epoch when absolute, else ms since process start. */
  t: number;
  kind: string;
  pauseMs: number;
  heapBeforeBytes?: number;
  heapAfterBytes?: number;
  heapLiveBytes?: number;
  goalBytes?: number;
  cause?: string;
}

/** One row of the per-kind pause table (GCeasy's "pause time by cause", by collection kind). */
export interface GcKindRow {
  /** Internal id (`young`, `initial-mark`, …). */
  kind: string;
  /** What a person calls it ("Initial mark"). */
  label: string;
  /** Collections (jstat intervals count the collections they stand for). */
  count: number;
  totalPauseMs: number;
  maxPauseMs: number;
  meanPauseMs: number;
}

export interface GcBlock {
  cycles: number;
  startMs: number;
  endMs: number;
  maxLiveBytes: number;
  maxGoalBytes: number;
  pauses: { count: number; totalMs: number; maxMs: number; p99Ms: number };
  gcCpuPercent: number;
  events: GcEventSummary[];
  /** Per collection kind, in the order young, mixed, full, initial mark, remark, cleanup, concurrent. */
  byKind?: GcKindRow[];
  eventsTotal?: number;
  /** `events` keeps maxima of a longer list (the rest is paged through the worker). */
  eventsDownsampled?: boolean;
  /** Event times are ms since the epoch (else since process start). */
  absolute?: boolean;
  processStartMs?: number;
  collector?: string;
  metrics?: GcMetrics;
  trend?: GcTrendFit;
  projection?: GcProjection;
  limitBytes?: number;
  backToBackFull?: GcEpisode[];
  thrashing?: GcEpisode[];
  scavenges?: number;
  oom?: { t?: number; line: number; text: string }[];
  unknownLines?: number;
}

/** Kinds of collection a GC log records (JVM young/mixed/full, CMS/G1 phases, a Go cycle). */
export type GcEventKind =
  | 'go-cycle'
  | 'young'
  | 'mixed'
  | 'full'
  | 'initial-mark'
  | 'remark'
  | 'cleanup'
  | 'concurrent';

export interface GcPauseStats {
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
  pauses: GcPauseStats;
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

export interface GcTrendFit {
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

export interface GcProjection {
  limitBytes?: number;
  limitSource?: string;
  fit?: GcTrendFit;
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
  reasonMsg?: MessageRef;
}

/** A run of back-to-back full GCs, or a stretch of GC thrashing. */
export interface GcEpisode {
  fromMs: number;
  toMs: number;
  count: number;
  /** Back-to-back full GCs: heap reclaimed by the run, % of heap before. Thrashing: GC share, %. */
  value: number;
}

/** Threads with one state and one stack (a Java thread dump). */
export interface ThreadGroupSummary {
  count: number;
  state: string;
  /** Innermost frame's function. */
  topFrame: string;
  /** Top frames first; `line` 0 when none is printed (native method, unknown source). */
  frames: { function: string; file: string; line: number }[];
  threadNames: string[];
}

/** A monitor or java.util.concurrent lock: who holds it, who waits to get it. */
export interface ThreadLockSummary {
  /** Object address as printed (`0x00000000fc4d6dc8`). */
  monitor: string;
  class: string;
  owner: string | null;
  kind?: 'monitor' | 'synchronizer';
  /** Threads BLOCKED on it (or parked on a held lock). */
  waiters: string[];
  /** Threads in Object.wait() on it. */
  notifyWaiters?: string[];
}

export interface ThreadDeadlockSummary {
  /** Cycle order: each waits for a lock the next one holds (the last for the first's). */
  threads: string[];
  /** `jvm`: the JVM's own "Found one Java-level deadlock" report; `detected`: the wait-for graph. */
  source: 'jvm' | 'detected' | 'both';
  edges: { thread: string; monitor: string; class: string; heldBy: string }[];
}

/** A held lock with threads queued for it. */
export interface ThreadConvoySummary {
  monitor: string;
  class: string;
  owner: string;
  ownerState: string;
  /** Where the holder is (its top frame) and its stack, to read what it does while holding the lock. */
  ownerTopFrame: string;
  ownerFrames: string[];
  waiters: string[];
}

export interface ThreadPoolSummary {
  /** Name up to the trailing number (`order-export-worker` for `order-export-worker-1..4`). */
  name: string;
  count: number;
  byState: Record<string, number>;
  threadNames: string[];
}

export interface ThreadsBlock {
  total: number;
  /** `java.lang.Thread.State` → count; `VM` for VM-internal threads (no Java state). */
  byState: Record<string, number>;
  groups: ThreadGroupSummary[];
  locks: ThreadLockSummary[];
  deadlocks: ThreadDeadlockSummary[];
  pools: ThreadPoolSummary[];
  /** Locks held while other threads queue for them, most waiters first. */
  convoys?: ThreadConvoySummary[];
  daemon?: number;
  vm?: string;
  pid?: number;
  timestampText?: string;
  timeZone?: 'unspecified' | 'log prefix';
  jniGlobalRefs?: number;
  classHistogram?: { classes: number; instances: number; bytes: number };
}

/** One timestamped line of an application log. */
export interface LogLineSummary {
  /** 1-based line number. */
  line: number;
  /** Absolute ms since the epoch. */
  t: number;
  /** Level as the line gives it, upper-cased (ERROR, WARN, INFO, …), when it gives one. */
  level?: string;
  /** The message (prefix removed), at most 300 characters. */
  text: string;
  /** Proposed for the timeline: ERROR/FATAL/WARN, or OOM / killed / timeout in the text. */
  proposed: boolean;
}

/** A plain application log (`app.log`, `stdout.log`): its timestamped lines as evidence. */
export interface LogBlock {
  lines: number;
  timedLines: number;
  firstMs?: number;
  lastMs?: number;
  /** Lines per level. */
  levels: Record<string, number>;
  proposedTotal: number;
  /** Proposed lines first (up to 1000), then the first other timed lines (up to 1000), by line number. */
  events: LogLineSummary[];
  /** True when more lines qualified than `events` keeps. */
  eventsCapped: boolean;
}

/** The summary blocks, one by artifact kind (a result carries the one of its kind). */
export interface InspectBlocks {
  heap?: HeapBlock;
  profile?: ProfileBlock;
  goroutines?: GoroutinesBlock;
  gc?: GcBlock;
  threads?: ThreadsBlock;
  log?: LogBlock;
}

export interface InspectResult extends InspectHeader, InspectBlocks {}
