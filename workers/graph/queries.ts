import type { HeapHistogramEntry } from '../../contract/inspect.ts';
import { grown } from '../core/grow.ts';
import { childRange, childStart, dominatedBy, type HeapAnalysis, isReachable } from './dominators.ts';
import { getBit, type HeapGraph, isWeakEdge, newBits, nodeAddress, setBit } from './heap-graph.ts';
import { predecessors } from './predecessors.ts';

/** An extra way to group nodes (Go: allocation site, itab type, shape; Java: package…). */
export interface HeapGrouping {
  /** Group index per node (-1: not in any group of this kind). Length nodeCount. */
  of: Int32Array | Uint16Array;
  names: string[];
}

/**
 * How a format names its nodes. Everything is optional but `label`; {@link defaultNaming}
 * gives a sensible fallback from `graph.types`, `graph.address` and `graph.rootLabel`.
 */
export interface HeapNaming {
  /** Display label of a node, e.g. `0xc000123000 obj48{p0,p16}` or `goroutine 7 › main.f`. */
  label(node: number): string;
  /** Kind of a root node, for "roots by kind" (e.g. 'bss', 'data', 'stack', 'finalizer', 'JNI global'). */
  rootKind?(node: number): string;
  /** Extra groupings by name (the histogram's `groupBy`); 'type' (graph.typeId) is always there. */
  groupings?: Record<string, HeapGrouping>;
  /** Object contents read back from the file on demand (for the hex view). */
  contents?(node: number, offset: number, limit: number): Promise<Uint8Array | undefined>;
  /** Extra facts about a node for the inspector (e.g. `{ site: 'main.add main.go:12' }`). */
  details?(node: number): Record<string, string>;
}

/** One row of the dominator tree, a path, a search result: small and structured-clone friendly. */
export interface HeapNodeRow {
  id: number;
  label: string;
  type: string;
  address: number;
  shallowBytes: number;
  retainedBytes: number;
  /** Number of dominator-tree children (0: a leaf). */
  children: number;
  isRoot: boolean;
  reachable: boolean;
  /** In a path to GC roots: the field (or `[index]`) of the next row's object that holds this one, when the format knows it. */
  field?: string;
  /** Go: the byte offset of the pointer in the next row's object (`+0x10`), and its element index in a pointer array. */
  offset?: number;
  index?: number;
}

export interface HeapPage<T> {
  total: number;
  offset: number;
  rows: T[];
}

export interface HeapNodeDetails {
  node: HeapNodeRow;
  /** The immediate dominator (undefined for the super-root and unreachable nodes). */
  dominator?: HeapNodeRow;
  rootLabel?: string;
  /** Group names by grouping, including 'type'. */
  groups: Record<string, string>;
  details: Record<string, string>;
  outgoing: { total: number; rows: (HeapNodeRow & { weak: boolean })[] };
  incoming: { total: number; rows: (HeapNodeRow & { weak: boolean })[] };
  hasContents: boolean;
}

export interface HeapHistogramRow extends HeapHistogramEntry {
  group: number;
}

export type HeapSort = 'retained' | 'shallow';

export function hex(address: number): string {
  return `0x${address.toString(16)}`;
}

/** Labels from `rootLabel`, else `type @ 0xaddress`. */
export function defaultNaming(graph: HeapGraph): HeapNaming {
  return {
    label(node) {
      if (node === 0) return 'GC roots';
      const root = graph.rootLabel.get(node);
      if (root !== undefined && graph.isRoot?.[node]) return root;
      const type = graph.types[graph.typeId[node]] ?? '?';
      const address = nodeAddress(graph, node);
      return address ? `${type} @ ${hex(address)}` : type;
    },
  };
}

/**
 * Per-group retained size, like MAT: the sum over the group's objects that are not dominated
 * by another object of the same group. One iterative walk over the dominator tree.
 */
export function retainedByGroup(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  of: Int32Array | Uint16Array,
  groupCount: number,
): { count: Float64Array; shallow: Float64Array; retained: Float64Array } {
  return retainedByGroups(graph, analysis, [{ of, groupCount }])[0];
}

/**
 * {@link retainedByGroup} for several groupings in one walk over the dominator tree (the walk,
 * not the per-group sums, is what costs on millions of objects). The walk's stack grows with
 * the tree's depth instead of being sized for a chain of every node.
 */
export function retainedByGroups(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  groupings: { of: Int32Array | Uint16Array; groupCount: number }[],
): { count: Float64Array; shallow: Float64Array; retained: Float64Array }[] {
  const out = groupings.map((g) => ({
    count: new Float64Array(g.groupCount),
    shallow: new Float64Array(g.groupCount),
    retained: new Float64Array(g.groupCount),
  }));
  const { isRoot } = graph;
  const G = groupings.length;
  for (let k = 0; k < G; k++) countGroups(graph, groupings[k].of, out[k].count, out[k].shallow);
  const ofs = groupings.map((g) => g.of);
  const onPaths = groupings.map((g) => new Int32Array(g.groupCount));
  const sums = out.map((o) => o.retained);
  walkGroups(analysis, isRoot, ofs, onPaths, sums);
  return out;
}

/** Objects and shallow bytes per group (its own function: V8 optimizes it apart from the walk). */
function countGroups(
  graph: HeapGraph,
  of: Int32Array | Uint16Array,
  count: Float64Array,
  shallow: Float64Array,
): void {
  const N = graph.nodeCount;
  const { isRoot } = graph;
  for (let i = 1; i < N; i++) {
    if (isRoot?.[i]) continue;
    const g = of[i];
    if (g < 0) continue;
    count[g]++;
    shallow[g] += graph.shallow[i];
  }
}

/** The walk of {@link retainedByGroups}: adds each group's topmost members' retained sizes to sums. */
function walkGroups(
  analysis: HeapAnalysis,
  isRoot: Uint8Array | undefined,
  ofs: (Int32Array | Uint16Array)[],
  onPaths: Int32Array[],
  sums: Float64Array[],
): void {
  const G = ofs.length;
  const { domChild, idom, retained: ret } = analysis;
  const M = domChild.length;
  // The walk's frames: node, its next child (children run while their idom is the node), and
  // where the next child's own children can start: siblings come in node order and so do
  // their children's ranges, so each search starts where the previous sibling's ended.
  let stack = new Uint32Array(1 << 12);
  let cur = new Uint32Array(1 << 12);
  let after = new Uint32Array(1 << 12);
  stack[0] = 0;
  cur[0] = childStart(analysis, 0);
  after[0] = 0;
  let sp = 1;
  while (sp > 0) {
    const v = stack[sp - 1];
    const c = cur[sp - 1];
    if (c < M && idom[domChild[c]] === v) {
      cur[sp - 1] = c + 1;
      const child = domChild[c];
      const leaf = !getBit(analysis.hasChildren, child);
      if (!isRoot?.[child]) {
        for (let k = 0; k < G; k++) {
          const g = ofs[k][child];
          if (g >= 0) {
            const onPath = onPaths[k];
            if (onPath[g] === 0) sums[k][g] += ret[child];
            // a leaf is entered and left at once: no frame, no search for its children
            if (!leaf) onPath[g]++;
          }
        }
      }
      if (leaf) continue;
      if (sp === stack.length) {
        stack = doubled(stack);
        cur = doubled(cur);
        after = doubled(after);
      }
      stack[sp] = child;
      cur[sp] = childStart(analysis, child, after[sp - 1]);
      after[sp] = 0;
      sp++;
    } else {
      sp--;
      if (sp > 0) after[sp - 1] = c;
      if (v !== 0 && !isRoot?.[v]) {
        for (let k = 0; k < G; k++) {
          const g = ofs[k][v];
          if (g >= 0) onPaths[k][g]--;
        }
      }
    }
  }
}

/** The heap queries every heap dump answers (Go and Java); the renderer's calls are typed by it. */
export type HeapQueries = ReturnType<typeof heapQueries>;

/**
 * What every heap dump answers: the graph's queries, where a format may name the steps of a path to
 * GC roots (fields for HPROF, pointer offsets for Go) after reading them back from the dump.
 */
export type HeapFamilyQueries = Omit<HeapQueries, 'pathsToRoots'> & {
  pathsToRoots(
    id: number,
    opts?: { max?: number; excludeWeak?: boolean },
  ): HeapNodeRow[][] | Promise<HeapNodeRow[][]>;
};

/**
 * The paged queries a heap view calls through the worker (`OpenedArtifact.queries`).
 * Node ids are HeapGraph indices; node 0 is the super-root ("GC roots").
 */
export function heapQueries(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  naming: HeapNaming = defaultNaming(graph),
) {
  const { retained } = analysis;
  const row = (id: number): HeapNodeRow => {
    const [from, to] = childRange(analysis, id);
    return {
      id,
      label: naming.label(id),
      type: graph.types[graph.typeId[id]] ?? '?',
      address: nodeAddress(graph, id),
      shallowBytes: graph.shallow[id],
      retainedBytes: retained[id],
      children: to - from,
      isRoot: id === 0 || graph.isRoot?.[id] === 1 || graph.rootLabel.has(id),
      reachable: isReachable(analysis, id),
    };
  };
  const checkNode = (id: number): void => {
    if (!Number.isInteger(id) || id < 0 || id >= graph.nodeCount) throw new Error(`no heap node ${id}`);
  };
  const page = <T>(items: ArrayLike<number>, offset: number, limit: number, map: (i: number) => T) => {
    const from = Math.max(0, Math.min(offset, items.length));
    const to = Math.min(items.length, from + Math.max(0, limit));
    const rows: T[] = [];
    for (let i = from; i < to; i++) rows.push(map(items[i]));
    return { total: items.length, offset: from, rows };
  };

  const sortedChildren = new Map<string, Uint32Array>();
  const childrenSorted = (id: number, sort: HeapSort): Uint32Array => {
    const key = `${id}:${sort}`;
    let kids = sortedChildren.get(key);
    if (!kids) {
      kids = dominatedBy(analysis, id).slice();
      const by = sort === 'shallow' ? graph.shallow : retained;
      kids.sort((a, b) => by[b] - by[a] || retained[b] - retained[a] || a - b);
      if (sortedChildren.size > 64) sortedChildren.clear();
      sortedChildren.set(key, kids);
    }
    return kids;
  };

  const groupings = (): Record<string, HeapGrouping> => ({
    type: { of: graph.typeId, names: graph.types },
    ...(naming.groupings ?? {}),
  });
  const histCache = new Map<string, HeapHistogramRow[]>();
  const histogramRows = (groupBy: string): HeapHistogramRow[] => {
    let rows = histCache.get(groupBy);
    if (!rows) {
      const g = groupings()[groupBy];
      if (!g) throw new Error(`unknown grouping ${groupBy}`);
      const r = retainedByGroup(graph, analysis, g.of, g.names.length);
      rows = [];
      for (let i = 0; i < g.names.length; i++) {
        if (r.count[i] === 0) continue;
        rows.push({
          group: i,
          type: g.names[i],
          count: r.count[i],
          shallowBytes: r.shallow[i],
          retainedBytes: r.retained[i],
        });
      }
      histCache.set(groupBy, rows);
    }
    return rows;
  };

  return {
    /** A page of a node's dominator-tree children. */
    children(
      id: number,
      opts: { offset?: number; limit?: number; sort?: HeapSort } = {},
    ): HeapPage<HeapNodeRow> {
      checkNode(id);
      const kids = childrenSorted(id, opts.sort ?? 'retained');
      return page(kids, opts.offset ?? 0, opts.limit ?? 100, row);
    },
    /** The GC roots: the super-root's graph successors, biggest retained first. */
    roots(opts: { offset?: number; limit?: number } = {}): HeapPage<HeapNodeRow> {
      const targets = Array.from(new Set(graph.edgeTarget.subarray(graph.firstEdge[0], graph.firstEdge[1])));
      targets.sort((a, b) => retained[b] - retained[a] || a - b);
      return page(targets, opts.offset ?? 0, opts.limit ?? 100, row);
    },
    /** Everything the inspector shows about one node. */
    node(id: number, opts: { edgeLimit?: number } = {}): HeapNodeDetails {
      checkNode(id);
      const limit = opts.edgeLimit ?? 200;
      const outgoing: (HeapNodeRow & { weak: boolean })[] = [];
      const outEnd = graph.firstEdge[id + 1];
      for (let e = graph.firstEdge[id]; e < outEnd && outgoing.length < limit; e++) {
        outgoing.push({ ...row(graph.edgeTarget[e]), weak: isWeakEdge(graph, e) });
      }
      const incoming: (HeapNodeRow & { weak: boolean })[] = [];
      const preds = predecessors(graph, analysis);
      preds.forEach(id, (source, weak) => {
        incoming.push({ ...row(source), weak });
        return incoming.length < limit;
      });
      const groups: Record<string, string> = {};
      for (const [name, g] of Object.entries(groupings())) {
        const gi = g.of[id];
        if (gi >= 0 && gi < g.names.length) groups[name] = g.names[gi];
      }
      const dom = analysis.idom[id];
      return {
        node: row(id),
        dominator: dom >= 0 ? row(dom) : undefined,
        rootLabel: graph.rootLabel.get(id),
        groups,
        details: naming.details?.(id) ?? {},
        outgoing: { total: outEnd - graph.firstEdge[id], rows: outgoing },
        incoming: { total: preds.count(id), rows: incoming },
        hasContents: naming.contents !== undefined && id !== 0 && !graph.isRoot?.[id],
      };
    },
    /** Object bytes (for hex + ASCII), read back from the file. */
    async contents(
      id: number,
      opts: { offset?: number; limit?: number } = {},
    ): Promise<Uint8Array | undefined> {
      checkNode(id);
      if (!naming.contents) return undefined;
      return naming.contents(id, opts.offset ?? 0, Math.min(opts.limit ?? 4096, 1 << 20));
    },
    /** Shortest paths from a node up to distinct GC roots; each path starts at the node. */
    pathsToRoots(id: number, opts: { max?: number; excludeWeak?: boolean } = {}): HeapNodeRow[][] {
      checkNode(id);
      return shortestPathsToRoots(graph, analysis, id, opts).map((p) => p.map(row));
    },
    /** Groups (by 'type' or one of the naming's groupings) with count, shallow and retained bytes. */
    histogram(
      opts: {
        sort?: 'retained' | 'shallow' | 'count' | 'name';
        offset?: number;
        limit?: number;
        groupBy?: string;
      } = {},
    ): HeapPage<HeapHistogramRow> & { groupings: string[] } {
      const all = histogramRows(opts.groupBy ?? 'type').slice();
      const sort = opts.sort ?? 'retained';
      all.sort((a, b) =>
        sort === 'name'
          ? a.type.localeCompare(b.type)
          : sort === 'count'
            ? b.count - a.count
            : sort === 'shallow'
              ? b.shallowBytes - a.shallowBytes
              : b.retainedBytes - a.retainedBytes,
      );
      const from = Math.max(0, opts.offset ?? 0);
      return {
        total: all.length,
        offset: from,
        rows: all.slice(from, from + (opts.limit ?? 100)),
        groupings: Object.keys(groupings()),
      };
    },
    /** Objects of one histogram group, biggest retained first. */
    instances(
      groupBy: string,
      group: number,
      opts: { offset?: number; limit?: number } = {},
    ): HeapPage<HeapNodeRow> {
      const g = groupings()[groupBy];
      if (!g) throw new Error(`unknown grouping ${groupBy}`);
      const ids: number[] = [];
      for (let i = 1; i < graph.nodeCount; i++) if (g.of[i] === group && !graph.isRoot?.[i]) ids.push(i);
      ids.sort((a, b) => retained[b] - retained[a] || a - b);
      return page(ids, opts.offset ?? 0, opts.limit ?? 100, row);
    },
    /** Finds nodes by hex address (exact or containing), node id (`#12`), or type/label text. */
    search(text: string, limit = 50): HeapNodeRow[] {
      return searchNodes(graph, analysis, naming, text, limit).map(row);
    },
  };
}

function searchNodes(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  naming: HeapNaming,
  text: string,
  limit: number,
): number[] {
  const q = text.trim();
  if (!q) return [];
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (i: number) => {
    if (!seen.has(i) && out.length < limit) {
      seen.add(i);
      out.push(i);
    }
  };
  const idMatch = /^#(\d+)$/.exec(q);
  if (idMatch) {
    const id = Number(idMatch[1]);
    if (id < graph.nodeCount) add(id);
    return out;
  }
  const hexMatch = /^(?:0x)?([0-9a-f]+)$/i.exec(q);
  if (hexMatch && /^0x/i.test(q)) {
    const addr = Number.parseInt(hexMatch[1], 16);
    // exact, else the object containing the address
    let best = -1;
    for (let i = 1; i < graph.nodeCount; i++) {
      const a = nodeAddress(graph, i);
      if (a === addr) {
        best = i;
        break;
      }
      if (a && a < addr && addr < a + graph.shallow[i]) best = i;
    }
    if (best >= 0) add(best);
    return out;
  }
  const needle = q.toLowerCase();
  const typeHit = new Uint8Array(graph.types.length);
  for (let t = 0; t < graph.types.length; t++)
    if (graph.types[t].toLowerCase().includes(needle)) typeHit[t] = 1;
  const candidates: number[] = [];
  for (let i = 1; i < graph.nodeCount; i++) if (typeHit[graph.typeId[i]]) candidates.push(i);
  for (const [id, l] of graph.rootLabel) if (l.toLowerCase().includes(needle)) candidates.push(id);
  candidates.sort((a, b) => analysis.retained[b] - analysis.retained[a] || a - b);
  for (const c of candidates) {
    if (out.length >= limit) break;
    add(c);
  }
  if (out.length < limit && naming.groupings) {
    for (const g of Object.values(naming.groupings)) {
      const hit = new Uint8Array(g.names.length);
      let any = false;
      for (let t = 0; t < g.names.length; t++) {
        if (g.names[t].toLowerCase().includes(needle)) {
          hit[t] = 1;
          any = true;
        }
      }
      if (!any) continue;
      const more: number[] = [];
      for (let i = 1; i < graph.nodeCount; i++) if (g.of[i] >= 0 && hit[g.of[i]]) more.push(i);
      more.sort((a, b) => analysis.retained[b] - analysis.retained[a] || a - b);
      for (const c of more) {
        if (out.length >= limit) break;
        add(c);
      }
    }
  }
  return out;
}

/**
 * BFS over references backwards from `id` until `max` distinct GC roots (successors of the
 * super-root) are found. Each path is [id, …, root]. A node that is itself a root gives [id].
 * Memory grows with what the search visits (8 bytes a visited node: the queue holds each node
 * with the queue slot it was reached from) plus a bit a node: summaries call this once per top
 * entry, and most searches stop after a few hundred nodes.
 */
export function shortestPathsToRoots(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  id: number,
  opts: { max?: number; excludeWeak?: boolean } = {},
): number[][] {
  const max = opts.max ?? 5;
  if (id === 0) return [[0]];
  const preds = predecessors(graph, analysis);
  // one bitset per graph, reused: the search clears the bits it set (a fresh one per call left
  // a node-sized bitset per top entry for the collector)
  let seen = searchBits.get(graph);
  if (!seen) {
    seen = newBits(graph.nodeCount);
    searchBits.set(graph, seen);
  }
  let queue = new Uint32Array(1024);
  let from = new Int32Array(1024);
  let head = 0;
  let tail = 0;
  const bits = seen;
  queue[tail] = id;
  from[tail++] = -1;
  setBit(bits, id);
  const paths: number[][] = [];
  while (head < tail && paths.length < max) {
    const slot = head++;
    const x = queue[slot];
    let isGcRoot = false;
    preds.forEach(x, (p, weak) => {
      if (opts.excludeWeak && weak) return;
      if (p === 0) {
        isGcRoot = true;
        return;
      }
      if (getBit(bits, p)) return;
      setBit(bits, p);
      if (tail === queue.length) {
        queue = doubled(queue);
        from = doubled(from);
      }
      queue[tail] = p;
      from[tail++] = slot;
    });
    if (isGcRoot) {
      // slots point one step back toward id: [x, …, id], reversed to [id, …, x]
      const rev: number[] = [];
      for (let k = slot; k !== -1; k = from[k]) rev.push(queue[k]);
      paths.push(rev.reverse());
    }
  }
  for (let k = 0; k < tail; k++) seen[queue[k] >>> 3] = 0;
  return paths;
}

const searchBits = new WeakMap<HeapGraph, Uint8Array>();

/** A copy of a growable work array with twice the room. */
function doubled<T extends Uint32Array | Int32Array>(a: T): T {
  return grown(a, a.length * 2);
}
