import type { GcEventKind } from '../../../contract/inspect.ts';
import type { Msg } from '../../core/messages.ts';
import { GcColumns } from './columns.ts';

/**
 * The GC series model shared by the Go gctrace, JVM (unified and JDK 8) and jstat readers.
 * One event per collection (or per jstat interval), in log order.
 */

/**
 * - `go-cycle`: one Go GC cycle (`gc N @…`).
 * - `young`, `mixed`, `full`: JVM stop-the-world collections.
 * - `initial-mark`: CMS initial mark (JDK 8 `CMS Initial Mark`, unified `Pause Initial Mark` under CMS).
 * - `cleanup`: G1 Cleanup (`Pause Cleanup`, JDK 8 `GC cleanup`).
 * - `remark`: another stop-the-world phase of a concurrent cycle (G1/CMS remark, Shenandoah
 *   init/final mark and update-refs, ZGC mark start/end and relocate start).
 * - `concurrent`: a concurrent cycle (G1 concurrent mark cycle, ZGC cycle, Shenandoah cleanup with
 *   heap figures, CMS concurrent phases); its duration is not a pause.
 */
export type { GcEventKind } from '../../../contract/inspect.ts';

/** What a person calls each kind (legends, tables, the report); ids stay internal. */
export const GC_KIND_LABEL: Readonly<Record<GcEventKind, string>> = {
  'go-cycle': 'GC cycle',
  young: 'Young',
  mixed: 'Mixed',
  full: 'Full',
  'initial-mark': 'Initial mark',
  remark: 'Remark',
  cleanup: 'Cleanup',
  concurrent: 'Concurrent',
};

/** Phases of a concurrent cycle: stop-the-world, but not collections of their own. */
export const PHASE_KINDS: ReadonlySet<GcEventKind> = new Set(['initial-mark', 'remark', 'cleanup']);

export const PAUSE_KINDS: ReadonlySet<GcEventKind> = new Set([
  'go-cycle',
  'young',
  'mixed',
  'full',
  'initial-mark',
  'remark',
  'cleanup',
]);

export interface GcEvent {
  /** ms since epoch when `absolute`, else ms since process (JVM) start. */
  t: number;
  kind: GcEventKind;
  /** The log's own name for the event ("Pause Young (Normal)", "GC pause (young)"); Go cycles use `gc <id>`. */
  name?: string;
  /** Stop-the-world time, ms (0 for concurrent events). */
  pauseMs: number;
  /** Wall-clock duration of a concurrent cycle, ms. */
  durationMs?: number;
  heapBeforeBytes?: number;
  heapAfterBytes?: number;
  /** Go: marked live heap (H2). JVM: heap after a full collection. */
  heapLiveBytes?: number;
  /** Go: heap goal. JVM: committed heap capacity after the event. */
  goalBytes?: number;
  /** Old generation before/after (JVM young collections; for the promotion rate). */
  oldBeforeBytes?: number;
  oldAfterBytes?: number;
  /** GC CPU time (user + sys for the JVM; d+e+f+h for Go), ms. */
  cpuMs?: number;
  /** Go: cumulative share of CPU spent in GC since program start (the `P%` field). */
  cumulativeCpuPercent?: number;
  cause?: string;
  forced?: boolean;
  /** jstat intervals stand for several collections. */
  count?: number;
  /** GC id (`GC(12)`, `#12`, `gc 12`). */
  id?: number;
  /** 1-based line of the event's summary line. */
  line: number;
}

export interface ScavengeEvent {
  t: number;
  line: number;
  /** KiB released by this scavenger report (1.20+: work; older `scvg`: released MB → KiB). */
  releasedKiB: number;
  /** KiB retained / total as reported, when given. */
  totalKiB?: number;
  utilPercent?: number;
}

export interface SafepointStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** What a reader hands to the analysis. */
export interface ParsedGcLog {
  format: 'go-gctrace' | 'jvm-gclog' | 'jstat';
  /** The events, in start order, as columns (what the analysis reads). */
  cols: GcColumns;
  /** The same events as objects, built on first use (tests, small logs); never needed for analysis. */
  readonly events: readonly GcEvent[];
  /** Whether event times are absolute (ms since epoch). */
  absolute: boolean;
  /** The log has no clock at all (unified logging without a time decoration): every event is at 0. */
  noClock?: boolean;
  /** Absolute process start when a timestamp anchored it. */
  processStartMs?: number;
  /** First and last time seen on any recognised line (same clock as the events). */
  firstMs?: number;
  lastMs?: number;
  /** Heap limit the log itself states (-Xmx, MaxHeapSize, Heap Max Capacity). */
  logLimitBytes?: number;
  logLimitSource?: string;
  collector?: string;
  scavenges: ScavengeEvent[];
  safepoints?: SafepointStats;
  /** OutOfMemoryError (or Go `out of memory`) lines found, with their times where known. */
  oomMarks: { t?: number; line: number; text: string }[];
  lines: number;
  recognisedLines: number;
  unknownLines: number;
  unknownSamples: { line: number; text: string }[];
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  /** The message of each of `warnings`, in order (see workers/core/messages.ts `warn`). */
  warningMsgs: Msg[];
}

export function emptyParsed(format: ParsedGcLog['format']): ParsedGcLog {
  let cache: GcEvent[] | undefined;
  return {
    format,
    cols: new GcColumns(),
    get events(): readonly GcEvent[] {
      if (!cache || cache.length !== this.cols.length) cache = this.cols.toEvents();
      return cache;
    },
    absolute: false,
    scavenges: [],
    oomMarks: [],
    lines: 0,
    recognisedLines: 0,
    unknownLines: 0,
    unknownSamples: [],
    truncated: false,
    warnings: [],
    warningMsgs: [],
  };
}

export const MAX_UNKNOWN_SAMPLES = 5;

/**
 * Bytes read per batch of lines. Small enough that a chunk's decoded text stays out of V8's
 * large-object space: 4 MiB strings there are freed only by full collections, so a million-line
 * log piled up hundreds of MB of dead chunks between them.
 */
export const LINE_CHUNK = 64 * 1024;

export function noteUnknown(p: ParsedGcLog, line: number, text: string): void {
  p.unknownLines++;
  if (p.unknownSamples.length < MAX_UNKNOWN_SAMPLES) {
    p.unknownSamples.push({ line, text: text.length > 160 ? `${text.slice(0, 160)}…` : text });
  }
}

/** Parses a number that may use a decimal comma (`2,048`). */
export function num(s: string): number {
  return Number(s.replace(',', '.'));
}

const UNIT: Record<string, number> = {
  B: 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};

/** `14M`, `2048.0K`, `0.0B`, `3953M` → bytes. */
export function sizeBytes(value: string, unit: string): number {
  return Math.round(num(value) * (UNIT[unit.toUpperCase()[0]] ?? 1));
}
