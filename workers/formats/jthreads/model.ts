/**
 * The in-worker model of one HotSpot thread dump (`jstack`, `jcmd <pid> Thread.print`, `kill -3`
 * output in a log), JDK 6 → 21. A dump holds at most tens of thousands of threads, so each thread
 * keeps its own frames; identical stacks are grouped by the analysis.
 */
import type { Msg } from '../../core/messages.ts';

export interface JavaFrame {
  /** `pkg.Class.method` as printed (`Outer$Inner.lambda$run$0`, `$$Lambda$5/0x….run`). */
  function: string;
  /** `File.java`, `Native Method` or `Unknown Source`. */
  file: string;
  /** Source line; 0 when none is printed (native or unknown source). */
  line: number;
  /** `java.base@17.0.15` / `app/` loader-and-module prefix (JDK 9+), when printed. */
  module?: string;
}

/** `- locked <0x…> (a pkg.Cls)` and its siblings, under the frame they follow. */
export type LockAction =
  | 'locked'
  | 'waiting to lock'
  | 'waiting on'
  | 'parking to wait for'
  | 'eliminated'
  | 'waiting to re-lock in wait()';

export interface LockLine {
  action: LockAction;
  /** `0x…` object address; empty for `<no object reference available>`. */
  monitor: string;
  /** Class of the object (`java.lang.Object`, `java.lang.Class for pkg.Cls`), '' when not printed. */
  class: string;
  /** Index of the frame the line follows (0 = top of stack). */
  frame: number;
}

export interface JavaThread {
  name: string;
  /** `#N` Java thread id (JDK 8+); -1 for VM-internal threads, which print none. */
  id: number;
  daemon: boolean;
  prio?: number;
  osPrio?: number;
  cpuMs?: number;
  elapsedS?: number;
  tid?: string;
  /** Native thread id as printed (`0x67ba`, JDK 21 decimal). */
  nid?: string;
  /** The text after the ids: `waiting on condition`, `waiting for monitor entry`, `runnable`… */
  headerState: string;
  /** `java.lang.Thread.State:` value (`BLOCKED`…); `VM` for VM-internal threads that have none. */
  state: string;
  /** Parenthesised detail of the state line: `on object monitor`, `parking`, `sleeping`. */
  stateDetail?: string;
  frames: JavaFrame[];
  locks: LockLine[];
  /** `Locked ownable synchronizers:` entries (`jstack -l`, `Thread.print -l`). */
  ownableSynchronizers: { monitor: string; class: string }[];
  /** Other indented lines the JVM prints for some threads (`No compile task`, `Carrying virtual thread #N`). */
  notes?: string[];
  /** 1-based line of the header. */
  line: number;
  /** Cut off (end of file) or missing its state line. */
  partial?: boolean;
}

/** One wait in the JVM's own `Found one Java-level deadlock:` report. */
export interface DeadlockEdge {
  thread: string;
  /** `waiting to lock monitor 0x… (object 0x…, a pkg.Cls)` / `waiting for ownable synchronizer …`. */
  waitsFor: string;
  /** The object address when printed (`object 0x…` or the synchronizer address). */
  monitor: string;
  class: string;
  heldBy: string;
}

export interface ReportedDeadlock {
  edges: DeadlockEdge[];
  /** Line of `Found one Java-level deadlock:`. */
  line: number;
}

export interface ThreadDump {
  file: string;
  threads: JavaThread[];
  /** `Full thread dump <vm> (<version>):`, the part between `dump` and the colon. */
  vm?: string;
  /** `12345:` jcmd prints before the dump. */
  pid?: number;
  /** The `2026-11-27 22:40:22` line (JVM local time, read as UTC unless a log prefix says otherwise). */
  timestampText?: string;
  capturedAtMs?: number;
  /**
   * `unspecified`: from the dump's own timestamp line, the JVM host's local time read as UTC (the
   * user sets the anchor when the host ran elsewhere); `log prefix`: from a zoned log prefix.
   */
  timeZone?: 'unspecified' | 'log prefix';
  jniGlobalRefs?: number;
  jniWeakRefs?: number;
  /** A class histogram printed after the dump (`-XX:+PrintClassHistogram`, `jmap -histo` table). */
  classHistogram?: { classes: number; instances: number; bytes: number };
  deadlocks: ReportedDeadlock[];
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  /** The message of each of `warnings`, in order. */
  warningMsgs: Msg[];
  /** Lines outside the dump (application log lines around a `kill -3` dump). */
  otherLines: number;
}
