import type {
  GoroutineGroupSummary,
  GoroutineSuspectSummary,
  GoroutinesBlock,
} from '../../../contract/inspect.ts';
import { english, msg } from '../../core/messages.ts';
import type { Frame, Goroutine, GoroutineDump, Similarity } from './model.ts';
import { isRuntimeFrame, isStdlibFrame, meaningfulIndex, packageOf } from './parse.ts';

/**
 * Grouping goroutines by stack, panicparse-style:
 * - `exact`: same stack, same state, same argument values, same creator, same "locked to thread";
 * - `anyPointer`: as exact, but argument values that look like pointers may differ;
 * - `anyValue` (default): same functions and lines, state and creator; argument values ignored.
 * Wait minutes never split a group; they become a `min~max` range.
 */
export interface Group {
  /** Stable across dumps of the same program (no ids, no addresses), used by compare. */
  key: string;
  count: number;
  /** Goroutine records in the group (indices into `dump.goroutines`). */
  members: number[];
  state: string;
  waitMinutesMin: number;
  waitMinutesMax: number;
  stack: number;
  creator: number;
  locked: number;
  stdlibOnly: boolean;
  /** Index of the meaningful frame (innermost non-stdlib, else non-runtime). */
  fnIndex: number;
  labels: string[];
}

export interface GroupRow {
  key: string;
  count: number;
  state: string;
  waitMinutesMin: number;
  waitMinutesMax: number;
  function: string;
  topFrame: string;
  package: string;
  location: string;
  createdBy: string;
  createdByLocation: string;
  stdlibOnly: boolean;
  depth: number;
  elided: boolean;
  labels: string[];
  /** Wait category (`channel`, `mutex`, `io`, `never wakes`, …), from the state and the stack. */
  waitKind: string;
  /** Up to 5 goroutine ids of the group (none for debug=1). */
  sampleIds: number[];
}

export interface GroupFilter {
  state?: string;
  /** Substring of any frame function or the creator (case-insensitive). */
  text?: string;
  /** Package path prefix of the meaningful function (e.g. `main`, `net/http`). */
  package?: string;
  hideStdlib?: boolean;
  sort?: 'count' | 'wait' | 'function' | 'state' | 'createdBy';
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface FrameDetail extends Frame {
  /** Argument text; differing values across the group's goroutines are merged into `*`. */
  args: string;
  stdlib: boolean;
  runtime: boolean;
}

export interface GroupDetail extends GroupRow {
  frames: FrameDetail[];
  elidedFrames?: number;
  states: Record<string, number>;
  lockedCount: number;
  /** Ids of the group's goroutines (first 1000). */
  ids: number[];
  /** Parent goroutine ids from `created by … in goroutine N` (first 20 distinct). */
  parentIds: number[];
  /** First goroutine's `[originating from goroutine N]` blocks, if any. */
  ancestors: { id: number; frames: Frame[] }[];
  /** 1-based line of the first member's header in the file. */
  firstLine: number;
  partialCount: number;
}

const POINTER_MIN = 0x100000;
const POINTER_RE = /0x[0-9a-f]+/g;

function argKey(args: string, similarity: Similarity): string {
  if (similarity === 'anyValue') return '';
  if (similarity === 'exact') return args;
  return args.replace(POINTER_RE, (m) => (Number.parseInt(m, 16) >= POINTER_MIN ? '*' : m));
}

/** `pkg.F` `file:line` of a creator, without the parent's goroutine id (so keys match across dumps). */
function creatorKey(dump: GoroutineDump, c: number): string {
  if (c < 0) return '';
  const cr = dump.creators[c];
  return `${cr.function} ${cr.file}:${cr.line}`;
}

function stackKey(dump: GoroutineDump, s: number): string {
  const st = dump.stacks[s];
  let k = '';
  for (const f of st.frames) k += `${f.function} ${f.file}:${f.line}\n`;
  if (st.elided) k += '…';
  return k;
}

export function groupGoroutines(dump: GoroutineDump, similarity: Similarity = 'anyValue'): Group[] {
  const byKey = new Map<string, Group>();
  const stackKeys = new Map<number, string>();
  const stdlibOnly = new Map<number, boolean>();
  const fnIndexes = new Map<number, number>();
  const fnIndexOf = (stack: number) => {
    let v = fnIndexes.get(stack);
    if (v === undefined) {
      v = meaningfulIndex(dump.stacks[stack].frames);
      fnIndexes.set(stack, v);
    }
    return v;
  };
  const gs = dump.goroutines;
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i];
    let key = `${g.state}|${g.creator}|${g.stack}`;
    if (similarity !== 'anyValue') key += `|${argKey(g.args, similarity)}`;
    if (similarity === 'exact' && g.locked) key += '|locked';
    if (g.labels !== undefined) key += `|${g.labels}`;
    let grp = byKey.get(key);
    if (!grp) {
      let std = stdlibOnly.get(g.stack);
      if (std === undefined) {
        const frames = dump.stacks[g.stack].frames;
        std = frames.length > 0 && frames.every(isStdlibFrame);
        if (std && g.creator >= 0) {
          const c = dump.creators[g.creator];
          std = isStdlibFrame({ function: c.function, file: c.file, line: c.line, inlined: false });
        }
        stdlibOnly.set(g.stack, std);
      }
      let sk = stackKeys.get(g.stack);
      if (sk === undefined) {
        sk = stackKey(dump, g.stack);
        stackKeys.set(g.stack, sk);
      }
      // The public key names functions and lines (no ids, no addresses) so it matches across dumps.
      let stable = `${g.state}|${creatorKey(dump, g.creator)}|${sk}`;
      if (key.length > 0) stable += key.slice(`${g.state}|${g.creator}|${g.stack}`.length);
      grp = {
        key: stable,
        count: 0,
        members: [],
        state: g.state,
        waitMinutesMin: g.waitMinutes,
        waitMinutesMax: g.waitMinutes,
        stack: g.stack,
        creator: g.creator,
        locked: 0,
        stdlibOnly: std,
        fnIndex: fnIndexOf(g.stack),
        labels: [],
      };
      byKey.set(key, grp);
    }
    grp.count += g.weight;
    grp.members.push(i);
    if (g.waitMinutes < grp.waitMinutesMin) grp.waitMinutesMin = g.waitMinutes;
    if (g.waitMinutes > grp.waitMinutesMax) grp.waitMinutesMax = g.waitMinutes;
    if (g.locked) grp.locked += g.weight;
    if (g.labels !== undefined && grp.labels.length < 20 && !grp.labels.includes(g.labels))
      grp.labels.push(g.labels);
  }
  const groups = [...byKey.values()];
  // Biggest first; standard-library-only groups after the others of the same size (panicparse order).
  groups.sort(
    (a, b) =>
      b.count - a.count || Number(a.stdlibOnly) - Number(b.stdlibOnly) || b.waitMinutesMax - a.waitMinutesMax,
  );
  return groups;
}

export function groupRow(dump: GoroutineDump, g: Group): GroupRow {
  const st = dump.stacks[g.stack];
  const fn = g.fnIndex >= 0 ? st.frames[g.fnIndex] : undefined;
  const cr = g.creator >= 0 ? dump.creators[g.creator] : undefined;
  const sampleIds: number[] = [];
  for (const m of g.members) {
    const id = dump.goroutines[m].id;
    if (id >= 0) sampleIds.push(id);
    if (sampleIds.length >= 5) break;
  }
  return {
    key: g.key,
    count: g.count,
    state: g.state,
    waitMinutesMin: g.waitMinutesMin,
    waitMinutesMax: g.waitMinutesMax,
    function: fn?.function ?? '',
    topFrame: st.frames[0]?.function ?? '',
    package: fn ? packageOf(fn.function) : '',
    location: fn ? `${fn.file}:${fn.line}` : '',
    createdBy: cr?.function ?? '',
    createdByLocation: cr ? `${cr.file}:${cr.line}` : '',
    stdlibOnly: g.stdlibOnly,
    depth: st.frames.length,
    elided: st.elided,
    labels: g.labels,
    waitKind: groupCategory(dump, g),
    sampleIds,
  };
}

export function filterGroups(dump: GoroutineDump, groups: Group[], filter: GroupFilter = {}): GroupRow[] {
  const text = filter.text?.trim().toLowerCase();
  const pkg = filter.package?.trim();
  let rows: GroupRow[] = [];
  for (const g of groups) {
    if (filter.hideStdlib && g.stdlibOnly) continue;
    if (filter.state && g.state !== filter.state) continue;
    const row = groupRow(dump, g);
    if (pkg && !(row.package === pkg || row.package.startsWith(`${pkg}/`) || row.package.startsWith(pkg)))
      continue;
    if (text) {
      const frames = dump.stacks[g.stack].frames;
      const hit =
        row.createdBy.toLowerCase().includes(text) ||
        row.state.toLowerCase().includes(text) ||
        frames.some((f) => f.function.toLowerCase().includes(text) || f.file.toLowerCase().includes(text));
      if (!hit) continue;
    }
    rows.push(row);
  }
  const dir = filter.descending === false ? -1 : 1;
  switch (filter.sort) {
    case 'wait':
      rows.sort((a, b) => dir * (b.waitMinutesMax - a.waitMinutesMax) || b.count - a.count);
      break;
    case 'function':
      rows.sort((a, b) => -dir * a.function.localeCompare(b.function) || b.count - a.count);
      break;
    case 'state':
      rows.sort((a, b) => -dir * a.state.localeCompare(b.state) || b.count - a.count);
      break;
    case 'createdBy':
      rows.sort((a, b) => -dir * a.createdBy.localeCompare(b.createdBy) || b.count - a.count);
      break;
    default:
      if (dir < 0) rows = rows.reverse();
  }
  return rows;
}

export function groupDetail(dump: GoroutineDump, g: Group): GroupDetail {
  const row = groupRow(dump, g);
  const st = dump.stacks[g.stack];
  const merged: string[][] = [];
  const states: Record<string, number> = {};
  const ids: number[] = [];
  const parents: number[] = [];
  let partialCount = 0;
  for (let k = 0; k < g.members.length; k++) {
    const m = dump.goroutines[g.members[k]];
    states[m.state] = (states[m.state] ?? 0) + m.weight;
    if (m.id >= 0 && ids.length < 1000) ids.push(m.id);
    if (m.parentId >= 0 && parents.length < 20 && !parents.includes(m.parentId)) parents.push(m.parentId);
    if (m.partial) partialCount++;
    const args = m.args.split('\u0001');
    for (let i = 0; i < st.frames.length; i++) {
      const parts = splitArgs(args[i] ?? '');
      if (k === 0) merged[i] = parts;
      else {
        const have = merged[i];
        for (let j = 0; j < Math.max(have.length, parts.length); j++) {
          if (have[j] !== parts[j]) have[j] = '*';
        }
      }
    }
  }
  const first = dump.goroutines[g.members[0]];
  ids.sort((a, b) => a - b);
  return {
    ...row,
    frames: st.frames.map((f, i) => ({
      ...f,
      args: (merged[i] ?? []).join(', '),
      stdlib: isStdlibFrame(f),
      runtime: isRuntimeFrame(f.function),
    })),
    ...(st.elidedFrames !== undefined ? { elidedFrames: st.elidedFrames } : {}),
    states,
    lockedCount: g.locked,
    ids,
    parentIds: parents,
    ancestors: first.ancestors?.map((a) => ({ id: a.id, frames: a.frames })) ?? [],
    firstLine: first.line,
    partialCount,
  };
}

/** Splits `0xc000?, {0x1, 0x2}, ...` at top-level commas. */
function splitArgs(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (c === 44 && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

// ---------------------------------------------------------------------------
// States, wait reasons, suspects

/** Coarse wait category of a state string. */
export function waitCategory(state: string): string {
  const s = state.replace(/ \(durable\)$/, '');
  if (s === 'chan receive (nil chan)' || s === 'chan send (nil chan)' || s === 'select (no cases)')
    return 'never wakes';
  if (s === 'chan receive' || s === 'chan send') return 'channel';
  if (s === 'select') return 'select';
  if (s === 'sync.Mutex.Lock' || s === 'sync.RWMutex.Lock' || s === 'sync.RWMutex.RLock') return 'mutex';
  if (s === 'sync.WaitGroup.Wait') return 'waitgroup';
  if (s === 'sync.Cond.Wait') return 'cond';
  if (s === 'semacquire') return 'semaphore';
  if (s === 'IO wait') return 'io';
  if (s === 'sleep') return 'sleep';
  if (s === 'syscall') return 'syscall';
  if (s === 'running' || s === 'runnable' || s === 'preempted') return 'running';
  if (s === 'unknown') return 'unknown';
  if (/GC|garbage|finalizer|sweep|scaveng|trace|force gc|cleanup/i.test(s)) return 'runtime';
  return 'other';
}

const FRAME_CATEGORIES: [RegExp, string][] = [
  [/^runtime\.block$/, 'never wakes'],
  [/^sync\.\(\*(RW)?Mutex\)\.(R?Lock|lockSlow|rLock)/, 'mutex'],
  [/^sync\.\(\*WaitGroup\)\.Wait/, 'waitgroup'],
  [/^sync\.\(\*Cond\)\.Wait/, 'cond'],
  [/^runtime\.(chanrecv|chansend)/, 'channel'],
  [/^runtime\.selectgo/, 'select'],
  [/^internal\/poll\.runtime_pollWait/, 'io'],
  [/^time\.Sleep/, 'sleep'],
];

/**
 * The wait category of a group, from its state and, where the state is coarse (`semacquire` before
 * Go 1.20+ named mutex waits, `unknown` in debug=1), from the functions on its stack.
 */
export function groupCategory(dump: GoroutineDump, g: Pick<Group, 'state' | 'stack'>): string {
  const cat = waitCategory(g.state);
  if (cat !== 'semaphore' && cat !== 'unknown' && cat !== 'other') return cat;
  const frames = dump.stacks[g.stack].frames;
  for (let i = 0; i < Math.min(frames.length, 8); i++) {
    for (const [re, c] of FRAME_CATEGORIES) if (re.test(frames[i].function)) return c;
  }
  return cat;
}

/** A ranked leak suspect: the shape the goroutines summary carries across the worker boundary. */
export type Suspect = GoroutineSuspectSummary;

const LEAK_WEIGHT: Record<string, number> = {
  'never wakes': 8,
  channel: 1,
  select: 0.8,
  mutex: 1,
  waitgroup: 0.9,
  cond: 0.9,
  semaphore: 0.9,
  io: 0.15,
  /** debug=1 records no state: a big shared stack is still a pile-up worth a look. */
  unknown: 0.8,
};

/** How many goroutines must share a stack before a blocking wait is called a pile-up. */
export const PILEUP_MIN = 3;

export function findSuspects(dump: GoroutineDump, groups: Group[], limit = 20): Suspect[] {
  const out: Suspect[] = [];
  for (const g of groups) {
    const cat = groupCategory(dump, g);
    const weight = LEAK_WEIGHT[cat];
    if (weight === undefined) continue;
    const row = groupRow(dump, g);
    const where = row.function || row.topFrame;
    const minutes = g.waitMinutesMax;
    const range =
      g.waitMinutesMin === g.waitMinutesMax
        ? String(g.waitMinutesMax)
        : `${g.waitMinutesMin}~${g.waitMinutesMax}`;
    const wait = g.waitMinutesMax > 0 ? msg('goroutines/waitMinutes', { minutes: range }) : '';
    const created = row.createdBy
      ? msg('goroutines/createdBy', { createdBy: row.createdBy, location: row.createdByLocation })
      : '';
    const std = g.stdlibOnly ? 0.2 : 1;
    let score = g.count * weight * std * (1 + Math.log2(1 + minutes));
    if (cat === 'never wakes') {
      // `select {}` in main.main (goroutine 1, no creator) is the usual "block forever" idiom.
      if (g.count === 1 && g.creator < 0) continue;
      const titleMsg = msg('goroutines/neverWakesTitle', {
        count: g.count,
        s: g.count > 1 ? 's' : '',
        where,
        state: g.state,
      });
      const explanationMsg = msg('goroutines/neverWakesExplanation', {
        state: g.state,
        why: msg(g.state.startsWith('select') ? 'goroutines/whySelect' : 'goroutines/whyNilChannel'),
        wait,
        created,
      });
      out.push({
        ...base(row, g),
        score,
        category: cat,
        kind: 'never-wakes',
        title: english(titleMsg),
        explanation: english(explanationMsg),
        titleMsg,
        explanationMsg,
      });
      continue;
    }
    const many = g.count >= PILEUP_MIN;
    const long = minutes >= 10;
    if (!many && !(long && g.count >= 2)) continue;
    if (cat === 'io' && g.count < 50) continue;
    const isLock = cat === 'mutex' || cat === 'semaphore' || cat === 'waitgroup' || cat === 'cond';
    if (isLock && g.count >= PILEUP_MIN) score *= 1.1;
    const share = dump.total > 0 ? (100 * g.count) / dump.total : 0;
    const titleMsg =
      cat === 'mutex'
        ? msg('goroutines/mutexTitle', {
            count: g.count,
            where,
            state: g.state,
            lock: g.state === 'semacquire' ? ', sync.Mutex.Lock' : '',
          })
        : msg(cat === 'semaphore' ? 'goroutines/semaphoreTitle' : 'goroutines/blockedTitle', {
            count: g.count,
            where,
            state: g.state,
          });
    const explanationMsg = msg('goroutines/pileupExplanation', {
      count: g.count,
      share,
      total: dump.total,
      state: g.state,
      wait,
      created,
      advice: msg(
        cat === 'unknown'
          ? 'goroutines/adviceUnknown'
          : cat === 'mutex' || cat === 'semaphore'
            ? 'goroutines/adviceLock'
            : cat === 'io'
              ? 'goroutines/adviceIo'
              : 'goroutines/adviceChannel',
      ),
      stdlib: g.stdlibOnly ? msg('goroutines/adviceStdlib') : '',
    });
    out.push({
      ...base(row, g),
      score,
      category: cat,
      kind:
        cat === 'mutex' || cat === 'semaphore'
          ? 'lock-contention'
          : long && !many
            ? 'long-wait'
            : 'blocked-channel',
      title: english(titleMsg),
      explanation: english(explanationMsg),
      titleMsg,
      explanationMsg,
    });
  }
  out.sort((a, b) => b.score - a.score || b.count - a.count);
  return out.slice(0, limit).map((s, i) => ({ ...s, rank: i + 1, score: Math.round(s.score * 100) / 100 }));
}

function base(
  row: GroupRow,
  g: Group,
): Omit<Suspect, 'score' | 'kind' | 'title' | 'explanation' | 'titleMsg' | 'explanationMsg' | 'category'> {
  return {
    key: g.key,
    rank: 0,
    count: g.count,
    state: g.state,
    function: row.function || row.topFrame,
    createdBy: row.createdBy,
    waitMinutesMax: g.waitMinutesMax,
  };
}

export interface CreatedByNode {
  /** Creator function (`(no creator)` for goroutine 1 and runtime goroutines). */
  creator: string;
  /** First `go` statement location seen; `locations` has them all. */
  location: string;
  locations: string[];
  count: number;
  /** Functions of the parent goroutines (`created by … in goroutine N`, Go 1.21+). */
  parents: { id: number; function: string }[];
  children: { key: string; function: string; state: string; count: number; waitMinutesMax: number }[];
}

/** Which functions start the goroutines that pile up: creator → groups it started, biggest first. */
export function createdByTree(dump: GoroutineDump, groups: Group[]): CreatedByNode[] {
  const byId = new Map<number, Goroutine>();
  for (const g of dump.goroutines) if (g.id >= 0) byId.set(g.id, g);
  const nodes = new Map<string, CreatedByNode>();
  for (const g of groups) {
    const cr = g.creator >= 0 ? dump.creators[g.creator] : undefined;
    const name = cr?.function ?? '(no creator)';
    const loc = cr ? `${cr.file}:${cr.line}` : '';
    let node = nodes.get(name);
    if (!node) {
      node = { creator: name, location: loc, locations: [], count: 0, parents: [], children: [] };
      nodes.set(name, node);
    }
    if (loc && !node.locations.includes(loc)) node.locations.push(loc);
    node.count += g.count;
    const row = groupRow(dump, g);
    node.children.push({
      key: g.key,
      function: row.function || row.topFrame,
      state: g.state,
      count: g.count,
      waitMinutesMax: g.waitMinutesMax,
    });
    for (const m of g.members) {
      if (node.parents.length >= 5) break;
      const pid = dump.goroutines[m].parentId;
      if (pid < 0 || node.parents.some((p) => p.id === pid)) continue;
      const parent = byId.get(pid);
      const fn = parent
        ? (dump.stacks[parent.stack].frames[meaningfulIndex(dump.stacks[parent.stack].frames)]?.function ??
          '')
        : '';
      node.parents.push({ id: pid, function: fn || '(not in dump)' });
    }
  }
  const out = [...nodes.values()];
  for (const n of out) n.children.sort((a, b) => b.count - a.count);
  out.sort((a, b) => b.count - a.count);
  return out;
}

// ---------------------------------------------------------------------------
// The summary block (what `pmwb inspect --json` prints)

const BLOCK_GROUPS = 200;

export function summarize(dump: GoroutineDump, groups: Group[], suspects: Suspect[]): GoroutinesBlock {
  const byState: Record<string, number> = {};
  const byWaitReason: Record<string, number> = {};
  const waitHistogram: Record<string, number> = { '<1m': 0, '1-9m': 0, '10-59m': 0, '≥60m': 0 };
  let locked = 0;
  let partial = 0;
  for (const g of dump.goroutines) {
    byState[g.state] = (byState[g.state] ?? 0) + g.weight;
    const m = g.waitMinutes;
    waitHistogram[m < 1 ? '<1m' : m < 10 ? '1-9m' : m < 60 ? '10-59m' : '≥60m'] += g.weight;
    if (g.locked) locked += g.weight;
    if (g.partial) partial += g.weight;
  }
  // By kind of wait, from state and stack (Go ≤1.19 prints a mutex wait as plain `semacquire`).
  for (const g of groups) {
    const cat = groupCategory(dump, g);
    byWaitReason[cat] = (byWaitReason[cat] ?? 0) + g.count;
  }
  const summaries: GoroutineGroupSummary[] = groups.slice(0, BLOCK_GROUPS).map((g) => {
    const row = groupRow(dump, g);
    return {
      count: g.count,
      state: g.state,
      waitMinutesMax: g.waitMinutesMax,
      function: row.function,
      createdBy: row.createdBy,
      frames: dump.stacks[g.stack].frames.map((f) => ({ function: f.function, file: f.file, line: f.line })),
      key: g.key,
      waitMinutesMin: g.waitMinutesMin,
      topFrame: row.topFrame,
      createdByLocation: row.createdByLocation,
      stdlibOnly: g.stdlibOnly,
      ...(g.labels.length ? { labels: g.labels } : {}),
    };
  });
  const longWaits = groups
    .filter((g) => g.waitMinutesMax >= 10)
    .sort((a, b) => b.waitMinutesMax - a.waitMinutesMax)
    .slice(0, 10)
    .map((g) => {
      const row = groupRow(dump, g);
      return {
        key: g.key,
        function: row.function,
        state: g.state,
        count: g.count,
        waitMinutesMax: g.waitMinutesMax,
      };
    });
  let maxId = -1;
  for (const g of dump.goroutines) if (g.id > maxId) maxId = g.id;
  return {
    total: dump.total,
    byState,
    groups: summaries,
    dumpKind: dump.kind,
    similarity: 'anyValue',
    groupCount: groups.length,
    uniqueStacks: dump.stacks.length,
    byWaitReason,
    waitHistogram,
    longWaits,
    lockedToThread: locked,
    partialGoroutines: partial,
    suspects,
    ...(dump.panic
      ? {
          panic: {
            kind: dump.panic.kind,
            message: dump.panic.message,
            text: dump.panic.text,
            ...(dump.panic.signal ? { signal: dump.panic.signal } : {}),
            ...(dump.panic.goroutineId !== undefined ? { goroutineId: dump.panic.goroutineId } : {}),
            ...(dump.panic.function ? { function: dump.panic.function } : {}),
            ...(dump.panic.systemStack ? { systemStack: dump.panic.systemStack } : {}),
          },
        }
      : {}),
    ...(dump.declaredTotal !== undefined ? { declaredTotal: dump.declaredTotal } : {}),
    // Goroutine ids only grow within a process: the incident orders untimed dumps by this.
    ...(maxId >= 0 ? { maxGoroutineId: maxId } : {}),
    ...(dump.capturedAtMs !== undefined ? { capturedAtMs: dump.capturedAtMs } : {}),
    ...(dump.fileModifiedMs !== undefined ? { fileModifiedMs: dump.fileModifiedMs } : {}),
  };
}
