import type { HeapPathStep, HeapSuspect } from '../../../contract/inspect.ts';
import { formatCount as count, formatBytes as fmtBytes } from '../../core/format-number.ts';
import { english, type Msg, type MsgParam, msg, quoteParams } from '../../core/messages.ts';
import { bigDropChain } from '../../graph/big-drop.ts';
import { findLinkedChains, type LinkedChain } from '../../graph/chains.ts';
import { childRange, dominatedBy, type HeapAnalysis } from '../../graph/dominators.ts';
import { nodeAddress } from '../../graph/heap-graph.ts';
import { type HeapNaming, hex, retainedByGroups, shortestPathsToRoots } from '../../graph/queries.ts';
import { largestChildren } from '../../graph/summary.ts';
import type { GoHeapModel } from './graph.ts';
import type { DumpParams } from './parser.ts';

/** A Go leak suspect: the contract's fields plus what the views and findings read. */
export interface GoSuspect extends HeapSuspect {
  kind: 'root' | 'object' | 'chain';
  /** Who holds it, as a user reads it: `main.orderCache`, `goroutine 31 frame main.batchLoader`. */
  holder: string;
  holderKind: 'global' | 'stack frame' | 'goroutine' | 'finalizer' | 'other';
  /** The first object below the root (the heap view's "Inspect the holder"). */
  id: number;
  accumulationId: number;
  /** Objects in the linked chain (kind 'chain'). */
  chainLength?: number;
  /** Shape / allocation-site groups that are part of this finding rather than findings of their own. */
  includes?: string[];
  pathSteps: HeapPathStep[];
}

export interface GoSuspectOptions {
  /** A suspect retains at least this fraction of the reachable heap (default 0.1, as MAT). */
  threshold?: number;
  /** Descend while the biggest child keeps this fraction of its parent (default 0.8, as MAT). */
  keep?: number;
  /** Shortest linked chain reported as a chain (default 1,000). */
  minChainLength?: number;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** The holder named as a user reads it, and a hint when the dump alone cannot name it. */
export function goHolder(
  model: GoHeapModel,
  node: number,
  label: (n: number) => string,
): {
  name: string;
  kind: GoSuspect['holderKind'];
  where?: string;
  hint?: string;
  /** `name`, `where` and `hint` as messages (where the engine words them). */
  nameMsg?: Msg;
  whereMsg?: Msg;
  hintMsg?: Msg;
} {
  const info = model.rootInfo.get(node);
  if (info?.kind === 'global') {
    const where = `${info.segment}+${hex(info.offset)}, address ${hex(info.address)}`;
    const whereMsg = msg('goheap/where', {
      segment: `${info.segment}+${hex(info.offset)}`,
      address: hex(info.address),
    });
    if (info.symbol) {
      const off = info.symbolOffset ? `+${hex(info.symbolOffset)}` : '';
      return { name: `${info.symbol}${off}`, kind: 'global', where, whereMsg };
    }
    return {
      name: `global at ${info.segment}+${hex(info.offset)}`,
      kind: 'global',
      where,
      hint:
        'The dump has no variable names: open it with the service binary (its ELF symbol table, ' +
        '`pmwb inspect DUMP --binary BIN`, or drop the binary beside the dump) to name this global.',
      nameMsg: msg('goheap/globalAt', { segment: `${info.segment}+${hex(info.offset)}` }),
      whereMsg,
      hintMsg: msg('goheap/hintBinary'),
    };
  }
  if (info?.kind === 'frame')
    return {
      name: `goroutine ${info.goid} frame ${info.func}`,
      kind: 'stack frame',
      nameMsg: msg('goheap/frame', { goid: String(info.goid), func: info.func }),
    };
  if (info?.kind === 'goroutine')
    return {
      name: `goroutine ${info.goid}${info.func ? ` (${info.func})` : ''}`,
      kind: 'goroutine',
      nameMsg: msg('goheap/goroutine', {
        goid: String(info.goid),
        func: info.func ? msg('goheap/goroutineFunc', { func: info.func }) : '',
      }),
    };
  const kind = model.rootKind.get(node);
  return {
    name: label(node),
    kind: kind === 'finalizer' || kind === 'queued finalizer' ? 'finalizer' : 'other',
  };
}

/** {@link objectDetail} as a message (a label string for a node that is not an object). */
function objectDetailMsg(model: GoHeapModel, n: number, label: (n: number) => string): MsgParam {
  if (n > model.objects) return label(n);
  return msg('goheap/object', {
    bytes: model.graph.shallow[n],
    address: hex(nodeAddress(model.graph, n)),
    shape: model.shapes[model.shape[n]] ?? '?',
    site: model.site[n] >= 0 ? msg('goheap/objectSite', { site: model.sites[model.site[n]] }) : '',
    type: model.dynType[n] >= 0 ? msg('goheap/objectType', { type: model.dynTypes[model.dynType[n]] }) : '',
  });
}

/** `a 40,960-byte object (shape obj40960{…}, allocated at main.f main.go:12, type *T)`. */
function objectDetail(model: GoHeapModel, n: number, label: (n: number) => string): string {
  if (n > model.objects) return label(n);
  const parts = [`shape ${model.shapes[model.shape[n]] ?? '?'}`];
  if (model.site[n] >= 0) parts.push(`allocated at ${model.sites[model.site[n]]}`);
  if (model.dynType[n] >= 0) parts.push(`type ${model.dynTypes[model.dynType[n]]}`);
  return `a ${count(model.graph.shallow[n])}-byte object at ${hex(nodeAddress(model.graph, n))} (${parts.join(', ')})`;
}

interface Found {
  /** Where the finding starts (a top retainer or one part of a split): its retained is claimed. */
  start: number;
  /** One of several parts a node's memory split into (its title names the part). */
  part?: boolean;
  point: number;
  chain?: LinkedChain;
}

/**
 * MAT-style suspects named by their holders. From every top retainer over the threshold, descend
 * the dominator tree while the biggest child keeps `keep` of its parent; where memory splits
 * between several children over the threshold, each becomes a suspect of its own; a long linked
 * chain stops the descent at its head (a suspect with its length). Chains over the threshold
 * that no descent met are suspects too.
 */
export function goSuspects(
  model: GoHeapModel,
  analysis: HeapAnalysis,
  naming: HeapNaming,
  opts: GoSuspectOptions = {},
): { suspects: GoSuspect[]; starts: number[] } {
  const { graph } = model;
  const { retained } = analysis;
  const threshold = opts.threshold ?? 0.1;
  const keep = opts.keep ?? 0.8;
  const base = analysis.reachableBytes;
  if (base === 0 || threshold <= 0) return { suspects: [], starts: [] };
  const minBytes = threshold * base;
  const fanout = Math.floor(1 / threshold) + 1;
  const chains = findLinkedChains(graph, analysis, {
    kindOf: model.shape,
    minLength: opts.minChainLength ?? 1000,
  });
  const chainAt = new Map(chains.map((c) => [c.head, c]));

  const work = largestChildren(analysis, 0, fanout).filter((id) => retained[id] >= minBytes);
  const parts = new Set<number>();
  const found: Found[] = [];
  const seen = new Set<number>();
  while (work.length) {
    const start = work.shift() as number;
    // a long linked chain is an accumulation point of its own: the descent stops at its head
    const { chain, endedBy } = bigDropChain(analysis, start, { keep, stopAt: (n) => chainAt.has(n) });
    const v = chain[chain.length - 1];
    if (endedBy === 'drop') {
      // the memory splits between several children over the threshold: each is a suspect
      const big = largestChildren(analysis, v, fanout).filter((k) => retained[k] >= minBytes);
      if (big.length >= 2) {
        work.push(...big);
        for (const k of big) parts.add(k);
        continue;
      }
    }
    if (seen.has(v)) continue;
    seen.add(v);
    found.push({ start, point: v, chain: chainAt.get(v), part: parts.has(start) });
  }
  for (const c of chains) {
    if (retained[c.head] >= minBytes && !seen.has(c.head)) {
      seen.add(c.head);
      found.push({ start: c.head, point: c.head, chain: c });
    }
  }

  const described = found.map((f) => ({
    s: describeSuspect(model, analysis, naming, f, base),
    start: f.start,
  }));
  described.sort((a, b) => b.s.retainedBytes - a.s.retainedBytes);
  return { suspects: described.map((d) => d.s), starts: described.map((d) => d.start) };
}

function describeSuspect(
  model: GoHeapModel,
  analysis: HeapAnalysis,
  naming: HeapNaming,
  f: Found,
  base: number,
): GoSuspect {
  const { graph } = model;
  const { retained } = analysis;
  const label = naming.label;
  // [root, …, point]; the holder is the innermost root pseudo-node (a frame inside its goroutine)
  const pathIds = (shortestPathsToRoots(graph, analysis, f.point, { max: 1 })[0] ?? [f.point]).reverse();
  let r = 0;
  while (r + 1 < pathIds.length && graph.isRoot?.[pathIds[r + 1]]) r++;
  const holderNode = pathIds[r];
  const isRootHolder = graph.isRoot?.[holderNode] === 1;
  const holder = goHolder(model, holderNode, label);
  // held by several roots: the shortest path names one of them
  const soleHolder = isRootHolder && isDominatedBy(analysis, f.point, holderNode);
  // parts of one holder's split memory are told apart by the object each starts at
  const partOf = f.part && !graph.isRoot?.[f.start] ? ` › ${label(f.start)}` : '';
  const holderText = soleHolder ? holder.name : `${holder.name} (and other roots)`;
  const firstObject = pathIds[r + 1] ?? f.point;
  const bytes = f.chain ? retained[f.chain.head] : retained[f.start];
  const share = pct(bytes, base);
  const heldBy =
    holder.kind === 'global'
      ? `Held by the global ${holder.hint ? `at ${holder.where}` : `${holder.name} (${holder.where})`}${soleHolder ? '' : ' and other roots'}.`
      : `Held by ${holderText}${holder.kind === 'stack frame' ? ' (a local variable or argument of that frame)' : ''}.`;
  const hint = holder.hint ? ` ${holder.hint}` : '';
  const kids = dominatedBy(analysis, f.point).length;
  // the same sentences as messages, for the UI's language
  const holderName: MsgParam = holder.nameMsg ?? holder.name;
  const holderMsg: MsgParam = soleHolder ? holderName : msg('goheap/andOtherRoots', { holder: holderName });
  const heldByMsg =
    holder.kind === 'global'
      ? msg('goheap/heldByGlobal', {
          global: holder.hint
            ? msg('goheap/globalHint', { where: holder.whereMsg ?? holder.where ?? '' })
            : msg('goheap/globalNamed', { name: holder.name, where: holder.whereMsg ?? holder.where ?? '' }),
          others: soleHolder ? '' : msg('goheap/otherRoots'),
        })
      : msg('goheap/heldBy', {
          holder: holderMsg,
          frame: holder.kind === 'stack frame' ? msg('goheap/frameNote') : '',
        });
  const hintMsg: MsgParam = holder.hintMsg ? msg('goheap/hint', { hint: holder.hintMsg }) : hint;
  let titleMsg: Msg;
  let descriptionMsg: Msg;
  let title: string;
  let description: string;
  if (f.chain) {
    const c = f.chain;
    title = `${holderText}${partOf}: linked chain of ${count(c.length)} objects (${model.shapes[model.shape[c.head]] ?? '?'}) retains ${fmtBytes(bytes)} (${share} % of the reachable heap)`;
    description =
      `A linked chain of ${count(c.length)} objects, each holding and dominating the next, from ` +
      `${objectDetail(model, c.head, label)} to the object at ${hex(nodeAddress(graph, c.tail))}: ` +
      `a list or queue that only grows. ${heldBy}${hint}`;
    titleMsg = msg('goheap/chainTitle', {
      holder: holderMsg,
      part: partOf,
      length: c.length,
      shape: model.shapes[model.shape[c.head]] ?? '?',
      bytes,
      share,
    });
    descriptionMsg = msg('goheap/chainDescription', {
      length: c.length,
      head: objectDetailMsg(model, c.head, label),
      tail: hex(nodeAddress(graph, c.tail)),
      heldBy: heldByMsg,
      hint: hintMsg,
    });
  } else {
    title = `${holderText}${partOf} retains ${fmtBytes(bytes)} (${share} % of the reachable heap)`;
    const where =
      f.point > model.objects
        ? `The memory is held directly by ${label(f.point)}, spread over ${count(kids)} objects.`
        : kids === 0
          ? `The memory is ${objectDetail(model, f.point, label)} itself.`
          : `The memory accumulates in ${objectDetail(model, f.point, label)}, which dominates ` +
            `${count(kids)} objects (${fmtBytes(retained[f.point])}).`;
    description = `${heldBy} ${where}${hint}`;
    titleMsg = msg('goheap/title', { holder: holderMsg, part: partOf, bytes, share });
    descriptionMsg = msg('goheap/description', {
      heldBy: heldByMsg,
      where:
        f.point > model.objects
          ? msg('goheap/heldDirectly', { label: label(f.point), kids })
          : kids === 0
            ? msg('goheap/itself', { object: objectDetailMsg(model, f.point, label) })
            : msg('goheap/accumulates', {
                object: objectDetailMsg(model, f.point, label),
                kids,
                bytes: retained[f.point],
              }),
      hint: hintMsg,
    });
  }
  return {
    kind: f.chain ? 'chain' : soleHolder ? 'root' : 'object',
    title,
    description,
    titleMsg,
    descriptionMsg,
    retainedBytes: bytes,
    percent: share,
    path: pathIds.map(label),
    pathSteps: pathIds
      .slice(r)
      .map((n, i) =>
        i === 0
          ? { label: holder.name, id: n, type: model.rootKind.get(n) ?? 'object' }
          : { label: label(n), id: n, type: graph.types[graph.typeId[n]] ?? '?' },
      ),
    accumulationPoint: label(f.point),
    holder: holderText,
    ...(typeof holderMsg === 'object' ? { holderMsg } : {}),
    holderKind: holder.kind,
    id: firstObject,
    accumulationId: f.point,
    ...(f.chain ? { chainLength: f.chain.length } : {}),
  };
}

/** Whether `d` dominates `v` (walks v's dominators: suspects are few and paths short). */
function isDominatedBy(analysis: HeapAnalysis, v: number, d: number): boolean {
  for (let x = v; x > 0; x = analysis.idom[x]) if (x === d) return true;
  return d === 0;
}

/**
 * Group suspects (many objects of one shape or allocation site) that lie inside the dominator
 * subtrees of object suspects are the same finding: they are dropped and named in the
 * suspect's `includes`. A group stays a suspect of its own when less than `keep` of its retained
 * bytes sits inside suspects.
 */
export function foldGroupSuspects(
  model: GoHeapModel,
  analysis: HeapAnalysis,
  found: { suspects: GoSuspect[]; starts: number[] },
  groups: (HeapSuspect & { group?: string })[],
  keep = 0.8,
): HeapSuspect[] {
  const { suspects, starts } = found;
  if (suspects.length === 0 || groups.length === 0) return groups;
  const { graph } = model;
  const N = graph.nodeCount;
  const groupings: Record<string, { of: Int32Array; names: string[] }> = {
    shape: { of: model.shape, names: model.shapes },
    site: { of: model.site, names: model.sites },
  };
  const keys = Object.keys(groupings);
  // which suspect's subtree each node is in (the innermost when subtrees nest)
  const owner = new Int32Array(N).fill(-1);
  starts.forEach((start, i) => {
    if (owner[start] < 0) owner[start] = i;
  });
  if (analysis.order) {
    // a node's dominators are its DFS-tree ancestors: in preorder they come first
    const { order, idom } = analysis;
    for (let k = 1; k < order.length; k++) {
      const v = order[k];
      if (owner[v] < 0 && idom[v] > 0) owner[v] = owner[idom[v]];
    }
  } else {
    starts.forEach((start, i) => {
      forSubtree(analysis, start, (v) => {
        if (owner[v] < 0) owner[v] = i;
      });
    });
  }
  const masked = keys.map((k) => {
    const of = groupings[k].of;
    const m = new Int32Array(N);
    for (let v = 0; v < N; v++) m[v] = owner[v] >= 0 ? of[v] : -1;
    return m;
  });
  const inside = retainedByGroups(
    graph,
    analysis,
    masked.map((of, i) => ({ of, groupCount: groupings[keys[i]].names.length })),
  );
  const kept: HeapSuspect[] = [];
  const folded: { key: string; gi: number; title: string; titleMsg?: Msg; bytes: Float64Array }[] = [];
  for (const g of groups) {
    const key = g.kind.replace(/^group:/, '');
    const i = keys.indexOf(key);
    const gi = i >= 0 && g.group !== undefined ? groupings[key].names.indexOf(g.group) : -1;
    if (gi < 0 || inside[i].retained[gi] < keep * g.retainedBytes) kept.push(g);
    else {
      // the group's title without its share, as a message when the engine worded it
      const t = g.titleMsg;
      const titleMsg =
        t?.key === 'heap/groupTitle'
          ? msg(
              'goheap/includedGroup',
              Object.fromEntries(Object.entries(t.params).filter(([k]) => k !== 'percent')),
            )
          : undefined;
      folded.push({
        key,
        gi,
        title: g.title,
        ...(titleMsg ? { titleMsg } : {}),
        bytes: new Float64Array(suspects.length),
      });
    }
  }
  const includeMsgs = new Map<GoSuspect, Msg[]>();
  if (folded.length) {
    // name each folded group in the suspect whose subtree holds most of the group's own bytes
    for (let v = 1; v < N; v++) {
      const o = owner[v];
      if (o < 0) continue;
      for (const f of folded) if (groupings[f.key].of[v] === f.gi) f.bytes[o] += graph.shallow[v];
    }
    for (const f of folded) {
      let best = 0;
      for (let k = 1; k < suspects.length; k++) if (f.bytes[k] > f.bytes[best]) best = k;
      const s = suspects[best];
      if (!s) continue;
      s.includes ??= [];
      s.includes.push(f.title.replace(/ \([\d.]+ %\)$/, ''));
      const msgs = includeMsgs.get(s) ?? [];
      if (f.titleMsg) msgs.push(f.titleMsg);
      includeMsgs.set(s, msgs);
    }
  }
  for (const s of suspects) {
    if (!s.includes) continue;
    const msgs = includeMsgs.get(s) ?? [];
    if (s.descriptionMsg && msgs.length === s.includes.length) {
      // the first five named, then how many more (their English is the message's)
      const more = msgs.length > 5 ? msg('goheap/includesMore', { count: msgs.length - 5 }) : '';
      s.descriptionMsg = msg('goheap/partOfFinding', {
        description: s.descriptionMsg,
        ...quoteParams(msgs, 5),
        more,
      });
      s.description = english(s.descriptionMsg);
    } else {
      s.description += ` Part of this finding: ${s.includes.join('; ')}.`;
      // a group the engine did not word: its English title stays English in every language
      delete s.descriptionMsg;
    }
  }
  return kept;
}

/** Calls `visit` on `root` and every node it dominates, with a typed stack (subtrees can be deep). */
function forSubtree(analysis: HeapAnalysis, root: number, visit: (v: number) => void): void {
  const { domChild } = analysis;
  let stack = new Uint32Array(1024);
  let sp = 0;
  stack[sp++] = root;
  while (sp > 0) {
    const v = stack[--sp];
    visit(v);
    const [from, to] = childRange(analysis, v);
    if (sp + (to - from) > stack.length) {
      const bigger = new Uint32Array(Math.max(stack.length * 2, sp + (to - from)));
      bigger.set(stack.subarray(0, sp));
      stack = bigger;
    }
    for (let k = from; k < to; k++) stack[sp++] = domChild[k];
  }
}

/** Reads `length` pointer words of `bytes` as numbers. */
function words(bytes: Uint8Array, ptrSize: number, bigEndian: boolean): Float64Array {
  const n = Math.floor(bytes.length / ptrSize);
  const out = new Float64Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    const o = i * ptrSize;
    if (ptrSize === 4) out[i] = dv.getUint32(o, !bigEndian);
    else {
      const lo = dv.getUint32(bigEndian ? o + 4 : o, !bigEndian);
      const hi = dv.getUint32(bigEndian ? o : o + 4, !bigEndian);
      out[i] = hi * 2 ** 32 + lo;
    }
  }
  return out;
}

/** Largest object whose contents are read back to find the pointer of a path step. */
const MAX_STEP_READ = 16 << 20;

/**
 * Fills in how each object step of a suspect's path is held: the byte offset of the pointer in
 * the previous object (read back from the dump: the graph keeps no offsets), and an element
 * index when the previous object is an array of pointers (every word nil or a heap pointer).
 * Go dumps carry no field names; frames and globals point at their object directly.
 */
export async function addStepOffsets(
  model: GoHeapModel,
  naming: HeapNaming,
  params: DumpParams | undefined,
  steps: HeapPathStep[],
): Promise<void> {
  const { graph } = model;
  const ptrSize = params?.ptrSize ?? 8;
  const bigEndian = params?.bigEndian ?? false;
  const inHeap = (v: number) => v !== 0 && (!params || (v >= params.heapStart && v < params.heapEnd));
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1].id;
    const cur = steps[i].id;
    if (prev === undefined || cur === undefined || prev < 1 || prev > model.objects) continue;
    const size = graph.shallow[prev];
    if (size > MAX_STEP_READ || !naming.contents) continue;
    const bytes = await naming.contents(prev, 0, size);
    if (!bytes) continue;
    const w = words(bytes, ptrSize, bigEndian);
    const lo = nodeAddress(graph, cur);
    const hi = lo + Math.max(graph.shallow[cur], 1);
    let at = -1;
    let pointerArray = w.length >= 4;
    for (let k = 0; k < w.length; k++) {
      if (at < 0 && w[k] >= lo && w[k] < hi) at = k;
      if (w[k] !== 0 && !inHeap(w[k])) pointerArray = false;
      if (at >= 0 && !pointerArray) break;
    }
    if (at < 0) continue;
    steps[i].offset = at * ptrSize;
    if (pointerArray) steps[i].index = at;
  }
}
