import { type ParseContext, throwIfAborted } from '../core/byte-source.ts';
import { getBit, type HeapGraph, newBits, setBit } from './heap-graph.ts';

/** Options of {@link analyzeHeap}. */
export interface AnalyzeOptions {
  /**
   * Leave weak/soft/phantom edges (`graph.weakEdges`) out of reachability and dominators, as
   * Chrome DevTools does. Default false: every edge keeps its target alive.
   */
  ignoreWeakEdges?: boolean;
  /** Keep the DFS preorder as `order` (4 bytes a node for the artifact's life). */
  keepOrder?: boolean;
  /**
   * Buffers the caller has finished with (a parser's working arrays): the pass works in them
   * instead of allocating while they are still waiting for the garbage collector.
   */
  scratch?: ArrayBuffer[];
}

/**
 * The dominator tree and retained sizes of a {@link HeapGraph}, all in typed arrays: 12 bytes a
 * node (`idom`, `retained` when every size fits in 4 bytes, `domChild`).
 */
export interface HeapAnalysis {
  /** Immediate dominator per node; -1 for the super-root (node 0) and for unreachable nodes. */
  idom: Int32Array;
  /**
   * Retained bytes per node (shallow + everything it dominates); 0 for unreachable nodes.
   * 4 bytes a node while the whole heap is under 4 GiB, else doubles.
   */
  retained: Float64Array | Uint32Array;
  /** Nodes in DFS preorder from the super-root (reachable nodes only), with `keepOrder`. */
  order?: Uint32Array;
  /**
   * Dominator-tree children of every node, grouped by their dominator in node order (so by
   * `idom[domChild[k]]` ascending): read a node's with {@link dominatedBy} / {@link childRange}.
   */
  domChild: Uint32Array;
  /** One bit a node: set when the node dominates another (a walk skips the leaves' searches). */
  hasChildren: Uint8Array;
  /** Real objects (not the super-root, not root pseudo-nodes). */
  objects: number;
  reachableObjects: number;
  unreachableObjects: number;
  totalBytes: number;
  reachableBytes: number;
  unreachableBytes: number;
  /** Millisecond timings per phase. */
  timings: { reverse: number; dominators: number; retained: number };
  /** A buffer the pass has finished with: the predecessor index is built in it when it fits. */
  scratch?: ArrayBuffer;
}

/** Whether a node is reachable from the super-root (on the path of every edge analyzeHeap followed). */
export function isReachable(a: HeapAnalysis, node: number): boolean {
  return node === 0 || a.idom[node] >= 0;
}

/**
 * Where the dominator-tree children of `node` start in `domChild`, searching from `from` (a
 * known lower bound); they run while `idom[domChild[k]] === node`.
 */
export function childStart(a: HeapAnalysis, node: number, from = 0): number {
  const { domChild, idom } = a;
  // galloping from `from` (a known lower bound), then binary search: cheap when it is close
  let lo = from;
  let step = 1;
  while (lo + step < domChild.length && idom[domChild[lo + step - 1]] < node) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(domChild.length, lo + step);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idom[domChild[mid]] < node) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range of `domChild` holding the dominator-tree children of `node`. */
export function childRange(a: HeapAnalysis, node: number): [number, number] {
  if (!getBit(a.hasChildren, node)) return [0, 0];
  const from = childStart(a, node);
  if (from === a.domChild.length || a.idom[a.domChild[from]] !== node) return [from, from];
  return [from, childStart(a, node + 1)];
}

/** The dominator-tree children of `node` (a view, in node order). */
export function dominatedBy(a: HeapAnalysis, node: number): Uint32Array {
  const [from, to] = childRange(a, node);
  return a.domChild.subarray(from, to);
}

/** Lets the event loop run (so a cancel message can arrive) and checks for cancellation. */
export async function yieldToLoop(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  throwIfAborted(signal);
}

const STEP = 1 << 18;

/**
 * Depth-first preorder numbers from the super-root, iterative (a parent pointer per node instead
 * of a stack). Writes `dfn` (node → number, -1 when unreachable), `parent` (node → DFS parent
 * node) and uses `cursor` (node → next edge) as scratch; returns how many nodes it numbered.
 * Deterministic: running it twice numbers the same way.
 */
async function depthFirst(
  graph: HeapGraph,
  weak: Uint8Array | undefined,
  dfn: Int32Array,
  parent: Int32Array,
  cursor: Uint32Array,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { firstEdge, edgeTarget, nodeCount } = graph;
  if (nodeCount === 0) return 0;
  dfn.fill(-1);
  dfn[0] = 0;
  parent[0] = -1;
  cursor[0] = firstEdge[0];
  let n = 1;
  let v = 0;
  let steps = 0;
  while (v >= 0) {
    const e = cursor[v];
    if (e < firstEdge[v + 1]) {
      cursor[v] = e + 1;
      if (weak && getBit(weak, e)) continue;
      const t = edgeTarget[e];
      if (dfn[t] < 0) {
        dfn[t] = n++;
        parent[t] = v;
        cursor[t] = firstEdge[t];
        v = t;
      }
    } else {
      v = parent[v];
    }
    if (++steps === STEP) {
      steps = 0;
      await yieldToLoop(signal);
    }
  }
  return n;
}

/**
 * Dominators by semi-NCA (Georgiadis et al.): semidominators as in Lengauer–Tarjan with path
 * compression, then each idom as the nearest common ancestor of parent and semidominator.
 * Everything iterative over typed arrays: a million-long chain is fine.
 *
 * Memory is what limits the size of dump one can open, so the pass works in three node-sized
 * Uint32 buffers it reuses phase by phase, plus the predecessors in DFS numbers (4 bytes an
 * edge, at least a node): no stacks (the DFS backtracks through parent pointers, path
 * compression reverses the pointers it climbs), no parent or semidominator arrays (once a
 * vertex is done its predecessor list is not read again, so its first two slots keep them), and
 * no node → number map while the semidominators are computed (the DFS runs again afterwards).
 * Progress phases: 'dominators' and 'retained' (done/total in nodes).
 */
export async function analyzeHeap(
  graph: HeapGraph,
  ctx: ParseContext = {},
  options: AnalyzeOptions = {},
): Promise<HeapAnalysis> {
  const N = graph.nodeCount;
  const { shallow, isRoot } = graph;
  const weak = options.ignoreWeakEdges ? graph.weakEdges : undefined;
  const signal = ctx.signal;
  const t0 = performance.now();
  ctx.onProgress?.({ phase: 'dominators', done: 0, total: N });

  // three buffers of N + 2 slots, each holding one array after another
  const spare = [...(options.scratch ?? [])].sort((a, b) => a.byteLength - b.byteLength);
  const take = (bytes: number): ArrayBuffer => {
    const i = spare.findIndex((b) => b.byteLength >= bytes);
    return i < 0 ? new ArrayBuffer(bytes) : spare.splice(i, 1)[0];
  };
  const B1 = take((N + 2) * 4);
  const B2 = take((N + 2) * 4);
  const B3 = take((N + 2) * 4);

  // 1. DFS preorder (node space: dfn in B1, parent in B2, cursor in B3).
  const dfn = new Int32Array(B1, 0, N);
  const parentNode = new Int32Array(B2, 0, N);
  const n = await depthFirst(graph, weak, dfn, parentNode, new Uint32Array(B3, 0, N), signal);

  // 2. Everything below is in DFS numbers. ancestor[w] starts as the DFS parent (B3).
  const ancestor = new Int32Array(B3, 0, Math.max(n, 1));
  dfsParents(dfn, parentNode, ancestor);
  // predecessors of each vertex (edges the DFS could follow from reachable vertices), as DFS
  // numbers: counts in B2 (the parents are read), the lists in their own buffer, sized so the
  // second DFS can use it as its node-sized array
  const predFirst = new Uint32Array(B2, 0, n + 2);
  predFirst.fill(0);
  const m = countPredecessors(graph, weak, dfn, predFirst);
  prefixSums(predFirst, 2, n + 2);
  const P = take(Math.max(m, N + 2) * 4);
  const pred = new Uint32Array(P, 0, m);
  listPredecessors(graph, weak, dfn, predFirst, pred);
  await yieldToLoop(signal);
  const t1 = performance.now();

  // 3. Semidominators, from the last vertex up, STEP vertices at a time. `best` (B1, dfn is
  // done with) is the path-compression label as a semidominator value.
  const best = new Int32Array(B1, 0, Math.max(n, 1));
  for (let hi = n - 1; hi > 0; ) {
    const lo = Math.max(1, hi & ~(STEP - 1));
    semidominators(predFirst, pred, ancestor, best, hi, lo);
    if ((lo & (STEP - 1)) === 0) {
      ctx.onProgress?.({ phase: 'dominators', done: n - lo, total: n });
      await yieldToLoop(signal);
    }
    hi = lo - 1;
  }

  // 4. idom = NCA(parent, semi) in the dominator tree built so far (preorder), into B1.
  const idomD = best;
  immediateDominators(predFirst, pred, idomD, n);
  const t2 = performance.now();
  ctx.onProgress?.({ phase: 'dominators', done: n, total: n });
  await yieldToLoop(signal);

  // 5. The node → number map again (P dfn, B2 parents, B3 cursors), then number → node (B2).
  ctx.onProgress?.({ phase: 'retained', done: 0, total: n });
  const dfn2 = new Int32Array(P, 0, N);
  await depthFirst(graph, weak, dfn2, new Int32Array(B2, 0, N), new Uint32Array(B3, 0, N), signal);
  const vertex = new Uint32Array(B2, 0, n);
  // idom per node (B3)
  const idom = new Int32Array(B3, 0, N);
  nodeDominators(dfn2, vertex, idomD, idom);

  // 6. Retained sizes (B1), children before their dominators (reverse preorder).
  const counts = countObjects(shallow, isRoot, idom);
  const reachableAll = sumInOrder(shallow, vertex);
  const retained: Float64Array | Uint32Array =
    reachableAll < 2 ** 32 ? new Uint32Array(B1, 0, N) : new Float64Array(N);
  retainedSizes(shallow, vertex, idom, retained);

  // 7. Dominator-tree children grouped by dominator (counting sort; counts in P).
  let order: Uint32Array | undefined;
  let domChild: Uint32Array;
  if (options.keepOrder) {
    order = vertex;
    domChild = new Uint32Array(Math.max(0, n - 1));
  } else {
    domChild = new Uint32Array(B2, 0, Math.max(0, n - 1));
  }
  const start = new Uint32Array(P, 0, N + 2);
  const hasChildren = newBits(N);
  groupChildren(idom, start, hasChildren, domChild);
  const { objects, reachableObjects, totalBytes, reachableBytes } = counts;

  const t3 = performance.now();
  ctx.onProgress?.({ phase: 'retained', done: n, total: n });
  return {
    idom,
    retained,
    ...(order ? { order } : {}),
    domChild,
    hasChildren,
    objects,
    reachableObjects,
    unreachableObjects: objects - reachableObjects,
    totalBytes,
    reachableBytes,
    unreachableBytes: totalBytes - reachableBytes,
    timings: { reverse: t1 - t0, dominators: t2 - t1, retained: t3 - t2 },
    scratch: P,
  };
}

// The passes of analyzeHeap, one loop each: V8 optimizes a hot loop by compiling its whole
// function, and a function of many loops was compiled again (and thrown away) for each next
// loop it reached with no type feedback yet — more CPU than the loops themselves on a 100 MB dump.

/** ancestor[dfn[v]] = dfn[parent of v] for every reachable node but the super-root. */
function dfsParents(dfn: Int32Array, parentNode: Int32Array, ancestor: Int32Array): void {
  const N = dfn.length;
  for (let v = 0; v < N; v++) {
    const w = dfn[v];
    if (w > 0) ancestor[w] = dfn[parentNode[v]];
  }
}

/** Counts each reachable vertex's predecessors into predFirst[dfn + 2]; returns the total. */
function countPredecessors(
  graph: HeapGraph,
  weak: Uint8Array | undefined,
  dfn: Int32Array,
  predFirst: Uint32Array,
): number {
  const { firstEdge, edgeTarget, nodeCount: N } = graph;
  let m = 0;
  for (let v = 0; v < N; v++) {
    if (dfn[v] < 0) continue;
    const end = firstEdge[v + 1];
    for (let e = firstEdge[v]; e < end; e++) {
      if (weak && getBit(weak, e)) continue;
      predFirst[dfn[edgeTarget[e]] + 2]++;
      m++;
    }
  }
  return m;
}

/** Running sums of a[from - 1 .. to) in place. */
function prefixSums(a: Uint32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) a[i] += a[i - 1];
}

/** Places each predecessor (a DFS number) in its vertex's list; predFirst[w + 1] ends as w's end. */
function listPredecessors(
  graph: HeapGraph,
  weak: Uint8Array | undefined,
  dfn: Int32Array,
  predFirst: Uint32Array,
  pred: Uint32Array,
): void {
  const { firstEdge, edgeTarget, nodeCount: N } = graph;
  for (let v = 0; v < N; v++) {
    const u = dfn[v];
    if (u < 0) continue;
    const end = firstEdge[v + 1];
    for (let e = firstEdge[v]; e < end; e++) {
      if (weak && getBit(weak, e)) continue;
      pred[predFirst[dfn[edgeTarget[e]] + 1]++] = u;
    }
  }
}

/**
 * eval(u) of the semidominator pass: vertices above w are linked into the forest (ancestor[x] =
 * parent, compressed as it goes); w and below are tree roots. The minimum `best` on the path from
 * u to the vertex below its root, compressing that path to point at the root. The climb reverses
 * pointers so the way back down needs no stack.
 */
function evalMin(ancestor: Int32Array, best: Int32Array, u: number, w: number): number {
  if (u <= w) return u;
  if (ancestor[u] <= w) return best[u];
  let back = -1;
  let x = u;
  while (ancestor[x] > w) {
    const next = ancestor[x];
    ancestor[x] = back;
    back = x;
    x = next;
  }
  const root = ancestor[x];
  let low = best[x];
  while (back >= 0) {
    const down = ancestor[back];
    if (best[back] > low) best[back] = low;
    else low = best[back];
    ancestor[back] = root;
    back = down;
  }
  return best[u];
}

/** Semidominators of vertices hi down to lo (lo ≥ 1), into best. */
function semidominators(
  predFirst: Uint32Array,
  pred: Uint32Array,
  ancestor: Int32Array,
  best: Int32Array,
  hi: number,
  lo: number,
): void {
  for (let w = hi; w >= lo; w--) {
    let s = w;
    const from = predFirst[w];
    const end = predFirst[w + 1];
    for (let r = from; r < end; r++) {
      const c = evalMin(ancestor, best, pred[r], w);
      if (c < s) s = c;
    }
    best[w] = s;
    // link(parent, w): ancestor[w] already is the parent (w was never on a compressed path).
    // w's predecessors are not read again: keep its parent and semidominator in their slots
    // (a vertex with one predecessor has it as parent and as semidominator).
    pred[from] = ancestor[w];
    if (end - from > 1) pred[from + 1] = s;
  }
}

/** idom = NCA(parent, semi) in the dominator tree built so far (preorder), in place of best. */
function immediateDominators(predFirst: Uint32Array, pred: Uint32Array, idomD: Int32Array, n: number): void {
  if (n > 0) idomD[0] = 0;
  for (let w = 1; w < n; w++) {
    const from = predFirst[w];
    const parent = pred[from];
    const s = predFirst[w + 1] - from > 1 ? pred[from + 1] : parent;
    let x = parent;
    while (x > s) x = idomD[x];
    idomD[w] = x;
  }
}

/** vertex[number] = node, and each node's idom as a node (-1 for node 0 and unreachable ones). */
function nodeDominators(dfn: Int32Array, vertex: Uint32Array, idomD: Int32Array, idom: Int32Array): void {
  const N = dfn.length;
  for (let v = 0; v < N; v++) if (dfn[v] >= 0) vertex[dfn[v]] = v;
  for (let v = 0; v < N; v++) {
    const w = dfn[v];
    idom[v] = w > 0 ? vertex[idomD[w]] : -1;
  }
}

/** Real objects (not node 0, not root pseudo-nodes) and their bytes, in all and reachable. */
function countObjects(
  shallow: Float64Array | Uint32Array,
  isRoot: Uint8Array | undefined,
  idom: Int32Array,
): { objects: number; reachableObjects: number; totalBytes: number; reachableBytes: number } {
  const N = idom.length;
  let totalBytes = 0;
  let reachableBytes = 0;
  let objects = 0;
  let reachableObjects = 0;
  for (let v = 1; v < N; v++) {
    if (isRoot?.[v]) continue;
    objects++;
    totalBytes += shallow[v];
    if (idom[v] >= 0) {
      reachableObjects++;
      reachableBytes += shallow[v];
    }
  }
  return { objects, reachableObjects, totalBytes, reachableBytes };
}

function sumInOrder(shallow: Float64Array | Uint32Array, vertex: Uint32Array): number {
  let sum = 0;
  for (let w = 0; w < vertex.length; w++) sum += shallow[vertex[w]];
  return sum;
}

/** Retained sizes, children before their dominators (reverse preorder). */
function retainedSizes(
  shallow: Float64Array | Uint32Array,
  vertex: Uint32Array,
  idom: Int32Array,
  retained: Float64Array | Uint32Array,
): void {
  const n = vertex.length;
  retained.fill(0);
  for (let w = 0; w < n; w++) retained[vertex[w]] = shallow[vertex[w]];
  for (let w = n - 1; w > 0; w--) {
    const v = vertex[w];
    retained[idom[v]] += retained[v];
  }
}

/** Dominator-tree children grouped by dominator (a counting sort, counts in `start`). */
function groupChildren(
  idom: Int32Array,
  start: Uint32Array,
  hasChildren: Uint8Array,
  domChild: Uint32Array,
): void {
  const N = idom.length;
  start.fill(0);
  for (let v = 1; v < N; v++) {
    if (idom[v] < 0) continue;
    start[idom[v] + 2]++;
    setBit(hasChildren, idom[v]);
  }
  prefixSums(start, 2, N + 2);
  for (let v = 1; v < N; v++) if (idom[v] >= 0) domChild[start[idom[v] + 1]++] = v;
}
