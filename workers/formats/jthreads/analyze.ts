import type {
  ThreadConvoySummary,
  ThreadDeadlockSummary,
  ThreadGroupSummary,
  ThreadLockSummary,
  ThreadPoolSummary,
  ThreadsBlock,
} from '../../../contract/inspect.ts';
import type { JavaFrame, ThreadDump } from './model.ts';

/** Frames shown per group in the summary block (the full stack is a query away). */
const SUMMARY_FRAMES = 12;
/** Names listed per group / pool / lock in the summary block. */
const SUMMARY_NAMES = 50;

export interface ThreadGroup {
  key: string;
  count: number;
  state: string;
  frames: JavaFrame[];
  /** Indexes into `ThreadDump.threads`. */
  threads: number[];
  topFrame: string;
}

export function frameText(f: JavaFrame): string {
  const loc = f.line > 0 ? `${f.file}:${f.line}` : f.file;
  return `${f.function}(${f.module ? `${f.module}/` : ''}${loc})`;
}

/** Threads with identical state and stack (VM threads without a stack group by state alone). */
export function groupThreads(dump: ThreadDump): ThreadGroup[] {
  const byKey = new Map<string, ThreadGroup>();
  dump.threads.forEach((t, i) => {
    let key = t.state;
    for (const f of t.frames) key += `\u0001${f.function}\u0002${f.file}\u0002${f.line}`;
    let g = byKey.get(key);
    if (!g) {
      g = {
        key,
        count: 0,
        state: t.state,
        frames: t.frames,
        threads: [],
        topFrame: t.frames.length ? t.frames[0].function : '',
      };
      byKey.set(key, g);
    }
    g.count++;
    g.threads.push(i);
  });
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export interface LockInfo {
  monitor: string;
  class: string;
  /** 'monitor' for `synchronized`, 'synchronizer' for java.util.concurrent locks (AQS). */
  kind: 'monitor' | 'synchronizer';
  /** Index of the owning thread, -1 when no thread shows it held. */
  owner: number;
  /** Threads that want it: BLOCKED `waiting to lock`, or parked on a held/unknown synchronizer. */
  waiters: number[];
  /** Threads in `Object.wait()` / `Condition.await()` on it (waiting for a notify, not for the lock). */
  notifyWaiters: number[];
}

const CONDITION = /ConditionObject$|\$ConditionNode$/;

/**
 * Who holds each monitor and who waits for it. A thread that shows `- locked <X>` and also
 * `- waiting on <X>` is in `X.wait()`: it released X, so it is not X's owner.
 */
export function lockGraph(dump: ThreadDump): LockInfo[] {
  const locks = new Map<string, LockInfo>();
  const get = (monitor: string, cls: string, kind: LockInfo['kind']): LockInfo => {
    let l = locks.get(monitor);
    if (!l) {
      l = { monitor, class: cls, kind, owner: -1, waiters: [], notifyWaiters: [] };
      locks.set(monitor, l);
    }
    if (!l.class && cls) l.class = cls;
    return l;
  };
  dump.threads.forEach((t, i) => {
    const waitingOn = new Set<string>();
    for (const k of t.locks) if (k.action === 'waiting on' && k.monitor) waitingOn.add(k.monitor);
    for (const k of t.locks) {
      if (!k.monitor) continue;
      switch (k.action) {
        case 'locked':
          if (!waitingOn.has(k.monitor)) get(k.monitor, k.class, 'monitor').owner = i;
          break;
        case 'waiting to lock':
        case 'waiting to re-lock in wait()':
          get(k.monitor, k.class, 'monitor').waiters.push(i);
          break;
        case 'waiting on':
          get(k.monitor, k.class, 'monitor').notifyWaiters.push(i);
          break;
        case 'parking to wait for': {
          const l = get(k.monitor, k.class, 'synchronizer');
          if (CONDITION.test(k.class)) l.notifyWaiters.push(i);
          else l.waiters.push(i);
          break;
        }
        default:
          break;
      }
    }
    for (const s of t.ownableSynchronizers) get(s.monitor, s.class, 'synchronizer').owner = i;
  });
  return [...locks.values()].sort(
    (a, b) =>
      b.waiters.length - a.waiters.length ||
      Number(b.owner >= 0) - Number(a.owner >= 0) ||
      b.notifyWaiters.length - a.notifyWaiters.length ||
      a.monitor.localeCompare(b.monitor),
  );
}

/** A deadlock: the contract's row (thread names in cycle order, source, wait-for edges). */
export type Deadlock = ThreadDeadlockSummary;

/**
 * Cycles in the wait-for graph (thread → owner of the lock it waits for) merged with the JVM's own
 * report. Each thread waits for at most one lock, so the graph is a functional graph: follow each
 * chain once, iteratively, colouring visited threads.
 */
export function findDeadlocks(dump: ThreadDump, locks: LockInfo[]): Deadlock[] {
  const n = dump.threads.length;
  const next = new Int32Array(n).fill(-1);
  const via: (LockInfo | undefined)[] = new Array(n);
  for (const l of locks) {
    if (l.owner < 0) continue;
    for (const w of l.waiters) {
      if (w !== l.owner && next[w] < 0) {
        next[w] = l.owner;
        via[w] = l;
      }
    }
  }
  const color = new Uint8Array(n); // 0 new, 1 on current path, 2 done
  const out: Deadlock[] = [];
  for (let s = 0; s < n; s++) {
    if (color[s]) continue;
    const path: number[] = [];
    let v = s;
    while (v >= 0 && color[v] === 0) {
      color[v] = 1;
      path.push(v);
      v = next[v];
    }
    if (v >= 0 && color[v] === 1) {
      const cycle = path.slice(path.indexOf(v));
      out.push({
        threads: cycle.map((i) => dump.threads[i].name),
        source: 'detected',
        edges: cycle.map((i) => ({
          thread: dump.threads[i].name,
          monitor: via[i]!.monitor,
          class: via[i]!.class,
          heldBy: dump.threads[next[i]].name,
        })),
      });
    }
    for (const p of path) color[p] = 2;
  }
  for (const r of dump.deadlocks) {
    const names = r.edges.map((e) => e.thread);
    const key = [...names].sort().join('\u0001');
    const same = out.find((d) => [...d.threads].sort().join('\u0001') === key);
    if (same) same.source = 'both';
    else
      out.push({
        threads: names,
        source: 'jvm',
        edges: r.edges.map((e) => ({
          thread: e.thread,
          monitor: e.monitor,
          class: e.class,
          heldBy: e.heldBy,
        })),
      });
  }
  return out;
}

/** `order-export-worker-3` → `order-export-worker`, `pool-2-thread-7` → `pool-2-thread`, `GC Thread#0` → `GC Thread`. */
export function poolName(name: string): string | undefined {
  const m = /^(.*?\D)[-_#. ]?\d+$/.exec(name);
  if (!m) return undefined;
  const base = m[1].replace(/[-_#. ]+$/, '');
  return base === '' ? undefined : base;
}

export interface Pool {
  name: string;
  threads: number[];
  byState: Record<string, number>;
}

/** Threads sharing a name up to a trailing number (at least two of them). */
export function findPools(dump: ThreadDump): Pool[] {
  const pools = new Map<string, Pool>();
  dump.threads.forEach((t, i) => {
    const p = poolName(t.name);
    if (p === undefined) return;
    let pool = pools.get(p);
    if (!pool) {
      pool = { name: p, threads: [], byState: {} };
      pools.set(p, pool);
    }
    pool.threads.push(i);
    pool.byState[t.state] = (pool.byState[t.state] ?? 0) + 1;
  });
  return [...pools.values()]
    .filter((p) => p.threads.length >= 2)
    .sort((a, b) => b.threads.length - a.threads.length || a.name.localeCompare(b.name));
}

/** A convoy: the contract's row plus the owner's thread index (for the detail query). */
export interface Convoy extends ThreadConvoySummary {
  ownerIndex: number;
}

/** Held locks with threads waiting for them, most waiters first. */
export function findConvoys(dump: ThreadDump, locks: LockInfo[]): Convoy[] {
  return locks
    .filter((l) => l.owner >= 0 && l.waiters.length > 0)
    .map((l) => {
      const o = dump.threads[l.owner];
      return {
        monitor: l.monitor,
        class: l.class,
        owner: o.name,
        ownerState: o.state,
        ownerTopFrame: o.frames.length ? o.frames[0].function : '',
        ownerFrames: o.frames.slice(0, SUMMARY_FRAMES).map(frameText),
        waiters: l.waiters.map((w) => dump.threads[w].name),
        ownerIndex: l.owner,
      };
    });
}

export interface Analysis {
  groups: ThreadGroup[];
  locks: LockInfo[];
  deadlocks: Deadlock[];
  pools: Pool[];
  convoys: Convoy[];
}

export function analyze(dump: ThreadDump): Analysis {
  const locks = lockGraph(dump);
  return {
    groups: groupThreads(dump),
    locks,
    deadlocks: findDeadlocks(dump, locks),
    pools: findPools(dump),
    convoys: findConvoys(dump, locks),
  };
}

export function byState(dump: ThreadDump): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of dump.threads) out[t.state] = (out[t.state] ?? 0) + 1;
  return out;
}

const names = (dump: ThreadDump, idx: number[]) =>
  idx.slice(0, SUMMARY_NAMES).map((i) => dump.threads[i].name);

/** The `threads` block of `pmwb inspect --json`. */
export function summarize(dump: ThreadDump, a: Analysis): ThreadsBlock {
  const groups: ThreadGroupSummary[] = a.groups.map((g) => ({
    count: g.count,
    state: g.state,
    topFrame: g.topFrame,
    frames: g.frames
      .slice(0, SUMMARY_FRAMES)
      .map((f) => ({ function: f.function, file: f.file, line: f.line })),
    threadNames: names(dump, g.threads),
  }));
  const locks: ThreadLockSummary[] = a.locks
    .filter((l) => l.owner >= 0 || l.waiters.length > 0)
    .map((l) => ({
      monitor: l.monitor,
      class: l.class,
      kind: l.kind,
      owner: l.owner >= 0 ? dump.threads[l.owner].name : null,
      waiters: names(dump, l.waiters),
      notifyWaiters: names(dump, l.notifyWaiters),
    }));
  const deadlocks: ThreadDeadlockSummary[] = a.deadlocks.map((d) => ({
    threads: d.threads,
    source: d.source,
    edges: d.edges,
  }));
  const pools: ThreadPoolSummary[] = a.pools.map((p) => ({
    name: p.name,
    count: p.threads.length,
    byState: p.byState,
    threadNames: names(dump, p.threads),
  }));
  return {
    total: dump.threads.length,
    byState: byState(dump),
    groups,
    locks,
    deadlocks,
    pools,
    convoys: a.convoys.map(({ ownerIndex: _, ...c }) => c),
    daemon: dump.threads.filter((t) => t.daemon).length,
    ...(dump.vm !== undefined ? { vm: dump.vm } : {}),
    ...(dump.pid !== undefined ? { pid: dump.pid } : {}),
    ...(dump.timestampText !== undefined ? { timestampText: dump.timestampText } : {}),
    ...(dump.timeZone !== undefined ? { timeZone: dump.timeZone } : {}),
    ...(dump.jniGlobalRefs !== undefined ? { jniGlobalRefs: dump.jniGlobalRefs } : {}),
    ...(dump.classHistogram !== undefined ? { classHistogram: dump.classHistogram } : {}),
  };
}
