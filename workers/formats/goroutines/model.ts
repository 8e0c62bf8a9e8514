/**
 * The in-worker model of one goroutine dump (debug=2 text, a panic/SIGQUIT traceback, or the
 * aggregated debug=1 profile). Stacks are interned: 100 000 goroutines usually share a few
 * hundred distinct stacks, so each goroutine keeps an index into `stacks` plus its own
 * argument values (one joined string) instead of its own frame objects.
 */

import type { GoroutinePanic } from '../../../contract/inspect.ts';
import type { Msg } from '../../core/messages.ts';

export type DumpKind = 'debug2' | 'debug1' | 'traceback';

export interface Frame {
  function: string;
  file: string;
  line: number;
  /** `+0x…` program-counter offset inside the function, when printed. */
  pcOffset?: number;
  /** Printed as `F(...)`: an inlined call (no pc offset). */
  inlined: boolean;
}

/** One distinct stack (functions + files + lines; argument values live on each goroutine). */
export interface Stack {
  frames: Frame[];
  /** `...additional frames elided...` (Go ≤1.20) or `...N frames elided...` (Go 1.21+). */
  elided: boolean;
  /** N of `...N frames elided...`, when given. */
  elidedFrames?: number;
}

/** Where a goroutine was started: `created by F[ in goroutine N]` + its file line. */
export interface Creator {
  function: string;
  file: string;
  line: number;
}

export interface AncestorBlock {
  /** `[originating from goroutine N]:` */
  id: number;
  frames: Frame[];
}

export interface Goroutine {
  /** Goroutine id; -1 for debug=1 groups (which carry no ids). */
  id: number;
  /** How many goroutines this record stands for: 1 for debug=2, the group count for debug=1. */
  weight: number;
  /** State / wait reason exactly as printed (e.g. `chan receive`, `running`, `IO wait`). */
  state: string;
  /** Whole minutes waited (0 when not shown). */
  waitMinutes: number;
  locked: boolean;
  /** Index into `GoroutineDump.stacks`. */
  stack: number;
  /** Argument text of each frame, joined by `\u0001` (same order as the stack's frames). */
  args: string;
  /** Index into `GoroutineDump.creators`, -1 when the goroutine has no `created by` line. */
  creator: number;
  /** `created by … in goroutine N` (Go 1.21+), else -1. */
  parentId: number;
  /** 1-based line number of the header (for messages and for jumping to the text). */
  line: number;
  /** debug=1 `# labels: {…}` text. */
  labels?: string;
  /** Header extras the parser did not recognise (future Go versions), and gp=/m= fields. */
  headerExtra?: string;
  /** `goroutine running on other thread; stack unavailable`. */
  stackUnavailable?: boolean;
  /** The goroutine was cut off (end of file or a stray line inside its stack). */
  partial?: boolean;
  ancestors?: AncestorBlock[];
}

/** A crash traceback's preamble: the contract's GoroutinePanic. */
export type PanicInfo = GoroutinePanic;

export interface GoroutineDump {
  file: string;
  kind: DumpKind;
  goroutines: Goroutine[];
  stacks: Stack[];
  creators: Creator[];
  /** Sum of weights. */
  total: number;
  /** `goroutine profile: total N` (debug=1), when present. */
  declaredTotal?: number;
  panic?: PanicInfo;
  capturedAtMs?: number;
  /** File modification time as reported by the host (not evidence of capture time). */
  fileModifiedMs?: number;
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  /** Messages of some of `warnings` (matched by their English). */
  warningMsgs?: Msg[];
  /** Lines that were neither dump text nor a known preamble/register line. */
  otherLines: number;
  registerLines: number;
  /**
   * `go test` and docker compose lines around the traceback (`=== RUN`, `exit status 2`,
   * `FAIL\tpkg\t0.01s`, `service-1 exited with code 2`).
   */
  framingLines?: number;
}

export type Similarity = 'exact' | 'anyPointer' | 'anyValue';

export const SIMILARITIES: Similarity[] = ['exact', 'anyPointer', 'anyValue'];
