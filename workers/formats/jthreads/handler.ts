import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { throwIfAborted } from '../../core/byte-source.ts';
import type { FormatHandler, OpenedArtifact } from '../../engine/format-handler.ts';
import { type Analysis, analyze, frameText, summarize } from './analyze.ts';
import { compareThreadDumps, type ThreadComparison } from './compare.ts';
import type { ThreadDump } from './model.ts';
import { parseThreadDump } from './parse.ts';

/** What stays in the worker for one open Java thread dump. */
export class ThreadDumpModel {
  constructor(
    readonly dump: ThreadDump,
    readonly analysis: Analysis,
  ) {}
}

export interface ThreadRow {
  index: number;
  name: string;
  id: number;
  daemon: boolean;
  state: string;
  stateDetail?: string;
  headerState: string;
  topFrame: string;
  cpuMs?: number;
  line: number;
}

export interface ThreadDetail extends ThreadRow {
  tid?: string;
  nid?: string;
  prio?: number;
  elapsedS?: number;
  /** The stack as the JVM printed it: frames with their lock lines beneath, text only. */
  lines: { kind: 'frame' | 'lock'; text: string; monitor?: string }[];
  ownableSynchronizers: { monitor: string; class: string }[];
  notes: string[];
  /** Locks this thread holds that others wait for, and the lock it waits for with its holder. */
  holds: { monitor: string; class: string; waiters: string[] }[];
  waitsFor?: { monitor: string; class: string; owner: string | null; action: string };
  partial: boolean;
}

export interface ThreadFilter {
  state?: string;
  /** Case-insensitive substring of the name or any frame. */
  text?: string;
  /** Group key (`groups` rows) to list its threads. */
  group?: string;
  offset?: number;
  limit?: number;
}

/** The queries a thread-dump view calls; the renderer's calls are typed by them. */
export type ThreadDumpQueries = ReturnType<typeof threadDumpQueries>;

function threadDumpQueries(dump: ThreadDump, analysis: Analysis, block: ReturnType<typeof summarize>) {
  const threads = dump.threads;
  const row = (i: number): ThreadRow => {
    const t = threads[i];
    return {
      index: i,
      name: t.name,
      id: t.id,
      daemon: t.daemon,
      state: t.state,
      ...(t.stateDetail !== undefined ? { stateDetail: t.stateDetail } : {}),
      headerState: t.headerState,
      topFrame: t.frames.length ? frameText(t.frames[0]) : '',
      ...(t.cpuMs !== undefined ? { cpuMs: t.cpuMs } : {}),
      line: t.line,
    };
  };
  return {
    /** A page of threads: `{ total, rows }`. */
    threads: (filter: ThreadFilter = {}) => {
      let idx: number[];
      if (filter.group !== undefined)
        idx = analysis.groups.find((g) => g.key === filter.group)?.threads ?? [];
      else idx = threads.map((_, i) => i);
      if (filter.state) idx = idx.filter((i) => threads[i].state === filter.state);
      const q = filter.text?.trim().toLowerCase();
      if (q) {
        idx = idx.filter(
          (i) =>
            threads[i].name.toLowerCase().includes(q) ||
            threads[i].frames.some((f) => f.function.toLowerCase().includes(q)),
        );
      }
      const offset = Math.max(0, filter.offset ?? 0);
      const limit = Math.min(Math.max(1, filter.limit ?? 500), 5000);
      return { total: idx.length, rows: idx.slice(offset, offset + limit).map(row) };
    },
    /** Groups by identical stack, with their keys for `threads({ group })`. */
    groups: () =>
      analysis.groups.map((g) => ({
        key: g.key,
        count: g.count,
        state: g.state,
        topFrame: g.frames.length ? frameText(g.frames[0]) : '',
        frames: g.frames.map(frameText),
        threadNames: g.threads.slice(0, 200).map((i) => threads[i].name),
        firstThread: g.threads[0],
      })),
    /** One thread's stack with its lock lines, and its place in the lock graph. */
    thread: (index: number): ThreadDetail | undefined => {
      const t = threads[index];
      if (!t) return undefined;
      const lines: ThreadDetail['lines'] = [];
      let k = 0;
      t.frames.forEach((f, fi) => {
        lines.push({ kind: 'frame', text: `at ${frameText(f)}` });
        while (k < t.locks.length && t.locks[k].frame === fi) {
          const l = t.locks[k++];
          lines.push({
            kind: 'lock',
            text: `- ${l.action} <${l.monitor || 'no object reference available'}>${l.class ? ` (a ${l.class})` : ''}`,
            ...(l.monitor ? { monitor: l.monitor } : {}),
          });
        }
      });
      const holds = analysis.locks
        .filter((l) => l.owner === index)
        .map((l) => ({ monitor: l.monitor, class: l.class, waiters: l.waiters.map((w) => threads[w].name) }));
      const wait = analysis.locks.find((l) => l.waiters.includes(index) || l.notifyWaiters.includes(index));
      const action = t.locks.find((l) => wait && l.monitor === wait.monitor && l.action !== 'locked')?.action;
      return {
        ...row(index),
        ...(t.tid !== undefined ? { tid: t.tid } : {}),
        ...(t.nid !== undefined ? { nid: t.nid } : {}),
        ...(t.prio !== undefined ? { prio: t.prio } : {}),
        ...(t.elapsedS !== undefined ? { elapsedS: t.elapsedS } : {}),
        lines,
        ownableSynchronizers: t.ownableSynchronizers,
        notes: t.notes ?? [],
        holds,
        ...(wait
          ? {
              waitsFor: {
                monitor: wait.monitor,
                class: wait.class,
                owner: wait.owner >= 0 ? threads[wait.owner].name : null,
                action: action ?? 'waiting',
              },
            }
          : {}),
        partial: t.partial === true,
      };
    },
    /** Thread index by name (first match), for links from lock and deadlock lists. */
    indexOf: (name: string) => threads.findIndex((t) => t.name === name),
    convoys: () => analysis.convoys,
    locks: () => block.locks,
  };
}

export async function openThreadDump(source: ByteSource, ctx: ParseContext = {}): Promise<OpenedArtifact> {
  const dump = await parseThreadDump(source, ctx);
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ phase: 'analyze', done: source.size, total: source.size });
  const analysis = analyze(dump);
  const block = summarize(dump, analysis);
  const model = new ThreadDumpModel(dump, analysis);
  const queries = threadDumpQueries(dump, analysis, block);
  return {
    truncated: dump.truncated,
    ...(dump.truncatedAt !== undefined ? { truncatedAt: dump.truncatedAt } : {}),
    warnings: dump.warnings,
    warningMsgs: dump.warningMsgs,
    ...(dump.capturedAtMs !== undefined ? { capturedAtMs: dump.capturedAtMs } : {}),
    threads: block,
    queries,
    model,
  };
}

export function compareOpenedThreadDumps(base: OpenedArtifact, current: OpenedArtifact): ThreadComparison {
  if (!(base.model instanceof ThreadDumpModel) || !(current.model instanceof ThreadDumpModel))
    throw new Error('not a Java thread dump');
  return compareThreadDumps(base.model.dump, current.model.dump);
}

export const jthreadsHandler: FormatHandler = {
  format: 'java-thread-dump',
  open: (source, ctx) => openThreadDump(source, ctx),
  compare: compareOpenedThreadDumps,
};
