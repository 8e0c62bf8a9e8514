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
  | 'jstat';

export const FORMAT_LABELS: Record<FormatId, string> = {
  'go-heapdump': 'Go heap dump',
  hprof: 'Java HPROF heap dump',
  pprof: 'pprof profile',
  'pprof-text': 'pprof legacy text heap profile',
  'goroutine-dump': 'Goroutine dump',
  'go-gctrace': 'Go gctrace log',
  'jvm-gclog': 'JVM GC log',
  jstat: 'jstat -gc output',
};

/** What a format is evidence of; formats of one kind compare with each other and share a view. */
export type ArtifactKind = 'heap' | 'profile' | 'goroutines' | 'gc';

export const FORMAT_KIND: Record<FormatId, ArtifactKind> = {
  'go-heapdump': 'heap',
  hprof: 'heap',
  pprof: 'profile',
  'pprof-text': 'profile',
  'goroutine-dump': 'goroutines',
  'go-gctrace': 'gc',
  'jvm-gclog': 'gc',
  jstat: 'gc',
};

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

export interface HeapSuspect {
  title: string;
  description: string;
  retainedBytes: number;
  percent: number;
  path: string[];
  accumulationPoint?: string;
  kind: string;
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
  [extra: string]: unknown;
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
  [extra: string]: unknown;
}

export interface GoroutineGroupSummary {
  count: number;
  state: string;
  waitMinutesMax: number;
  function: string;
  createdBy: string;
  frames: { function: string; file: string; line: number }[];
  [extra: string]: unknown;
}

export interface GoroutinesBlock {
  total: number;
  byState: Record<string, number>;
  groups: GoroutineGroupSummary[];
  [extra: string]: unknown;
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

export interface GcBlock {
  cycles: number;
  startMs: number;
  endMs: number;
  maxLiveBytes: number;
  maxGoalBytes: number;
  pauses: { count: number; totalMs: number; maxMs: number; p99Ms: number };
  gcCpuPercent: number;
  events: GcEventSummary[];
  [extra: string]: unknown;
}

export interface InspectResult extends InspectHeader {
  heap?: HeapBlock;
  profile?: ProfileBlock;
  goroutines?: GoroutinesBlock;
  gc?: GcBlock;
}
