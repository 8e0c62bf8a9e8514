import { frameText } from './analyze.ts';
import type { JavaThread, ThreadDump } from './model.ts';

export interface StuckThread {
  name: string;
  state: string;
  topFrame: string;
  /** The whole stack is the same in both dumps (not only the top frame). */
  sameStack: boolean;
  cpuMsBase?: number;
  cpuMsCurrent?: number;
}

export interface ThreadComparison {
  base: { file: string; total: number; capturedAtMs?: number };
  current: { file: string; total: number; capturedAtMs?: number };
  /** Threads in the newer dump only / the older only (matched by name and `#id`). */
  newThreads: { name: string; state: string; topFrame: string }[];
  goneThreads: { name: string; state: string; topFrame: string }[];
  /** Threads in the same state at the same top frame in both dumps (RUNNABLE ones burn CPU there). */
  stuck: StuckThread[];
  byState: { state: string; base: number; current: number }[];
}

function key(t: JavaThread): string {
  return `${t.name}\u0001${t.id}`;
}

const top = (t: JavaThread) => (t.frames.length ? frameText(t.frames[0]) : '');

/** Two dumps of one JVM, older first. */
export function compareThreadDumps(base: ThreadDump, current: ThreadDump): ThreadComparison {
  const before = new Map<string, JavaThread>();
  for (const t of base.threads) before.set(key(t), t);
  const seen = new Set<string>();
  const newThreads: ThreadComparison['newThreads'] = [];
  const stuck: StuckThread[] = [];
  for (const t of current.threads) {
    const k = key(t);
    const b = before.get(k);
    if (!b) {
      newThreads.push({ name: t.name, state: t.state, topFrame: top(t) });
      continue;
    }
    seen.add(k);
    if (t.frames.length === 0 || b.state !== t.state || top(b) !== top(t)) continue;
    const sameStack =
      b.frames.length === t.frames.length &&
      b.frames.every((f, i) => frameText(f) === frameText(t.frames[i]));
    stuck.push({
      name: t.name,
      state: t.state,
      topFrame: top(t),
      sameStack,
      ...(b.cpuMs !== undefined ? { cpuMsBase: b.cpuMs } : {}),
      ...(t.cpuMs !== undefined ? { cpuMsCurrent: t.cpuMs } : {}),
    });
  }
  const goneThreads = base.threads
    .filter((t) => !seen.has(key(t)))
    .map((t) => ({ name: t.name, state: t.state, topFrame: top(t) }));
  const states = new Map<string, { state: string; base: number; current: number }>();
  const row = (s: string) => {
    let r = states.get(s);
    if (!r) {
      r = { state: s, base: 0, current: 0 };
      states.set(s, r);
    }
    return r;
  };
  for (const t of base.threads) row(t.state).base++;
  for (const t of current.threads) row(t.state).current++;
  // BLOCKED first, then threads not RUNNABLE: those are the ones stuck waiting.
  const rank = (s: string) => (s === 'BLOCKED' ? 0 : s === 'RUNNABLE' ? 2 : 1);
  stuck.sort((a, b) => rank(a.state) - rank(b.state) || a.name.localeCompare(b.name));
  return {
    base: {
      file: base.file,
      total: base.threads.length,
      ...(base.capturedAtMs !== undefined ? { capturedAtMs: base.capturedAtMs } : {}),
    },
    current: {
      file: current.file,
      total: current.threads.length,
      ...(current.capturedAtMs !== undefined ? { capturedAtMs: current.capturedAtMs } : {}),
    },
    newThreads,
    goneThreads,
    stuck,
    byState: [...states.values()].sort((a, b) => b.current + b.base - (a.current + a.base)),
  };
}
