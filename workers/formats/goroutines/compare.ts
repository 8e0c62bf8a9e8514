import type { MessageRef } from '../../../contract/inspect.ts';
import { english, msg } from '../../core/messages.ts';
import { type Group, groupRow } from './analyze.ts';
import type { GoroutineDump } from './model.ts';
import { isRuntimeFrame } from './parse.ts';

/** One dump as the comparison sees it: the parsed dump and its default (`anyValue`) groups. */
export interface ComparedDump {
  dump: GoroutineDump;
  groups: Group[];
}

export type GroupStatus = 'new' | 'grown' | 'shrunk' | 'gone' | 'same';

export interface ComparedGroup {
  key: string;
  function: string;
  state: string;
  createdBy: string;
  /** Count in each dump, oldest first (the series for the timeline and the sparkline). */
  counts: number[];
  base: number;
  current: number;
  delta: number;
  status: GroupStatus;
  /** Grew in every step between consecutive dumps. */
  monotonic: boolean;
  stdlibOnly: boolean;
}

export interface GoroutineComparison {
  kind: 'goroutine-compare';
  /** How groups were matched: by the full group key, or (dumps of different kinds) by non-runtime frames. */
  matchedBy: 'group' | 'frames';
  dumps: { file: string; total: number; capturedAtMs?: number; kind: string }[];
  totals: number[];
  totalDelta: number;
  summary: Record<GroupStatus, number>;
  groups: ComparedGroup[];
  /** Goroutine ids present in every dump (long-lived); null when a dump has no ids (debug=1). */
  persistentIds: { count: number; sample: number[] } | null;
  /** Groups that grow between dumps, ranked by growth: the leak signal. */
  growing: {
    key: string;
    function: string;
    state: string;
    counts: number[];
    growth: number;
    explanation: string;
    explanationMsg?: MessageRef;
  }[];
}

function looseKey(c: ComparedDump, g: Group): string {
  const frames = c.dump.stacks[g.stack].frames;
  let k = '';
  for (const f of frames) {
    if (isRuntimeFrame(f.function)) continue;
    k += `${f.function} ${f.file}:${f.line}\n`;
  }
  return k;
}

/** Compares two or more dumps of the same process, oldest first. */
export function compareDumps(dumps: ComparedDump[]): GoroutineComparison {
  const sameKind = dumps.every((d) => (d.dump.kind === 'debug1') === (dumps[0].dump.kind === 'debug1'));
  const keyOf = (c: ComparedDump, g: Group) => (sameKind ? g.key : looseKey(c, g));
  const table = new Map<string, ComparedGroup>();
  dumps.forEach((c, di) => {
    for (const g of c.groups) {
      const k = keyOf(c, g);
      let row = table.get(k);
      if (!row) {
        const r = groupRow(c.dump, g);
        row = {
          key: g.key,
          function: r.function || r.topFrame,
          state: g.state,
          createdBy: r.createdBy,
          counts: dumps.map(() => 0),
          base: 0,
          current: 0,
          delta: 0,
          status: 'same',
          monotonic: false,
          stdlibOnly: g.stdlibOnly,
        };
        table.set(k, row);
      }
      row.counts[di] += g.count;
      if (di === dumps.length - 1) row.key = g.key;
    }
  });
  const summary: Record<GroupStatus, number> = { new: 0, grown: 0, shrunk: 0, gone: 0, same: 0 };
  const groups = [...table.values()];
  for (const row of groups) {
    row.base = row.counts[0];
    row.current = row.counts[row.counts.length - 1];
    row.delta = row.current - row.base;
    row.status =
      row.base === 0
        ? 'new'
        : row.current === 0
          ? 'gone'
          : row.delta > 0
            ? 'grown'
            : row.delta < 0
              ? 'shrunk'
              : 'same';
    let mono = row.counts.length > 1;
    for (let i = 1; i < row.counts.length; i++) if (row.counts[i] <= row.counts[i - 1]) mono = false;
    row.monotonic = mono;
    summary[row.status]++;
  }
  groups.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.current - a.current);

  let persistentIds: GoroutineComparison['persistentIds'] = null;
  if (dumps.every((d) => d.dump.kind !== 'debug1')) {
    let ids: Set<number> | undefined;
    for (const d of dumps) {
      const here = new Set<number>();
      for (const g of d.dump.goroutines) if (!ids || ids.has(g.id)) here.add(g.id);
      ids = here;
    }
    const all = [...(ids ?? [])].sort((a, b) => a - b);
    persistentIds = { count: all.length, sample: all.slice(0, 50) };
  }

  const growing = groups
    .filter((g) => g.delta > 0 && g.counts.length > 1)
    .map((g) => {
      const steps = g.counts.join(' → ');
      const growth = g.delta;
      const explanationMsg = msg('goroutines/growing', {
        function: g.function,
        state: g.state,
        steps,
        dumps: g.counts.length,
        monotonic: g.monotonic ? msg('goroutines/growingMonotonic') : '',
        created: g.createdBy ? msg('goroutines/growingCreatedBy', { createdBy: g.createdBy }) : '',
      });
      return {
        key: g.key,
        function: g.function,
        state: g.state,
        counts: g.counts,
        growth,
        explanation: english(explanationMsg),
        explanationMsg,
      };
    })
    .sort((a, b) => Number(isMono(b.counts)) - Number(isMono(a.counts)) || b.growth - a.growth);

  const totals = dumps.map((d) => d.dump.total);
  return {
    kind: 'goroutine-compare',
    matchedBy: sameKind ? 'group' : 'frames',
    dumps: dumps.map((d) => ({
      file: d.dump.file,
      total: d.dump.total,
      kind: d.dump.kind,
      ...(d.dump.capturedAtMs !== undefined ? { capturedAtMs: d.dump.capturedAtMs } : {}),
    })),
    totals,
    totalDelta: totals[totals.length - 1] - totals[0],
    summary,
    groups,
    persistentIds,
    growing,
  };
}

function isMono(c: number[]): boolean {
  for (let i = 1; i < c.length; i++) if (c[i] <= c[i - 1]) return false;
  return true;
}
