import { type ParseContext, throwIfAborted } from '../core/byte-source.ts';
import type { HeapGraph } from './heap-graph.ts';

/** Options of {@link analyzeHeap}. */
export interface AnalyzeOptions {
  /**
   * Leave weak/soft/phantom edges (`graph.edgeWeak`) out of reachability and dominators, as
   * Chrome DevTools does. Default false: every edge keeps its target alive.
   */
  ignoreWeakEdges?: boolean;
}

/** The dominator tree and retained sizes of a {@link HeapGraph}, all in typed arrays. */
export interface HeapAnalysis {
  /** Immediate dominator per node; -1 for the super-root (node 0) and for unreachable nodes. */
  idom: Int32Array;
  /** Retained bytes per node (shallow + everything it dominates); 0 for unreachable nodes. */
  retained: Float64Array;
  /** 1 when the node is reachable from the super-root. */
  reachable: Uint8Array;
  /** Nodes in DFS preorder from the super-root (reachable nodes only); `order[0] === 0`. */
  order: Uint32Array;
  /** Dominator-tree children as CSR: children of n are domChild[domFirst[n] .. domFirst[n+1]). */
  domFirst: Uint32Array;
  domChild: Uint32Array;
  /** Reverse edges as CSR: predecessors of n are revSource[revFirst[n] .. revFirst[n+1]). */
  revFirst: Uint32Array;
  revSource: Uint32Array;
  /** Per reverse edge: 1 when weak (only when the graph has `edgeWeak`). */
  revWeak?: Uint8Array;
  /** Real objects (not the super-root, not root pseudo-nodes). */
  objects: number;
  reachableObjects: number;
  unreachableObjects: number;
  totalBytes: number;
  reachableBytes: number;
  unreachableBytes: number;
  /** Millisecond timings per phase. */
  timings: { reverse: number; dominators: number; retained: number };
}

/** Lets the event loop run (so a cancel message can arrive) and checks for cancellation. */
export async function yieldToLoop(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  throwIfAborted(signal);
}

const STEP = 1 << 18;

/** Builds the reverse-edge CSR of a graph with a counting sort. */
export function buildReverse(graph: HeapGraph): {
  revFirst: Uint32Array;
  revSource: Uint32Array;
  revWeak?: Uint8Array;
} {
  const n = graph.nodeCount;
  const { firstEdge, edgeTarget, edgeWeak } = graph;
  const m = edgeTarget.length;
  const revFirst = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) revFirst[edgeTarget[e] + 1]++;
  for (let i = 0; i < n; i++) revFirst[i + 1] += revFirst[i];
  const fill = revFirst.slice(0, n);
  const revSource = new Uint32Array(m);
  const revWeak = edgeWeak ? new Uint8Array(m) : undefined;
  for (let v = 0; v < n; v++) {
    const end = firstEdge[v + 1];
    for (let e = firstEdge[v]; e < end; e++) {
      const slot = fill[edgeTarget[e]]++;
      revSource[slot] = v;
      if (revWeak && edgeWeak) revWeak[slot] = edgeWeak[e];
    }
  }
  return { revFirst, revSource, revWeak };
}

/**
 * Dominators by semi-NCA (Georgiadis et al.): semidominators as in Lengauer–Tarjan with
 * iterative path compression, then each idom as the nearest common ancestor of parent and
 * semidominator. Everything iterative over typed arrays: a million-long chain is fine.
 * Progress phases: 'dominators' and 'retained' (done/total in nodes).
 */
export async function analyzeHeap(
  graph: HeapGraph,
  ctx: ParseContext = {},
  options: AnalyzeOptions = {},
): Promise<HeapAnalysis> {
  const N = graph.nodeCount;
  const { firstEdge, edgeTarget, shallow, isRoot } = graph;
  const weak = options.ignoreWeakEdges ? graph.edgeWeak : undefined;
  const t0 = performance.now();
  const { revFirst, revSource, revWeak } = buildReverse(graph);
  const t1 = performance.now();
  ctx.onProgress?.({ phase: 'dominators', done: 0, total: N });

  // 1. Iterative DFS preorder from the super-root.
  const dfn = new Int32Array(N).fill(-1);
  const vertex = new Uint32Array(N);
  const parent = new Int32Array(N);
  const stack = new Uint32Array(N);
  // cursor's buffer is sized for the retained sizes (8 bytes a node) that end up in it: the
  // half not written before then is not resident
  const cursor = new Uint32Array(new ArrayBuffer(N * 8), 0, N);
  let n = 0;
  if (N > 0) {
    dfn[0] = 0;
    vertex[0] = 0;
    parent[0] = -1;
    n = 1;
    stack[0] = 0;
    cursor[0] = firstEdge[0];
    let sp = 1;
    let steps = 0;
    while (sp > 0) {
      const v = stack[sp - 1];
      const e = cursor[sp - 1];
      if (e < firstEdge[v + 1]) {
        cursor[sp - 1] = e + 1;
        if (weak?.[e]) continue;
        const t = edgeTarget[e];
        if (dfn[t] < 0) {
          dfn[t] = n;
          vertex[n] = t;
          parent[n] = dfn[v];
          n++;
          stack[sp] = t;
          cursor[sp] = firstEdge[t];
          sp++;
        }
      } else {
        sp--;
      }
      if (++steps === STEP) {
        steps = 0;
        await yieldToLoop(ctx.signal);
      }
    }
  }

  // 2. Semidominators, in DFS numbers, from the last vertex up. The DFS cursors are done
  // with: their buffer holds the semidominators (one working array fewer at the peak).
  const semi = new Int32Array(cursor.buffer, 0, n);
  const label = new Int32Array(n);
  // sized for the dominator-tree offsets (N + 1) that end up in its buffer
  const ancestor = new Int32Array(N + 1).fill(-1);
  for (let i = 0; i < n; i++) {
    semi[i] = i;
    label[i] = i;
  }
  const cstack = stack; // reused as the compression stack
  const evalNode = (v: number): number => {
    if (ancestor[v] < 0) return v;
    let sp = 0;
    let x = v;
    while (ancestor[ancestor[x]] >= 0) {
      cstack[sp++] = x;
      x = ancestor[x];
    }
    while (sp > 0) {
      const y = cstack[--sp];
      const a = ancestor[y];
      if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
      ancestor[y] = ancestor[a];
    }
    return label[v];
  };
  for (let w = n - 1; w > 0; w--) {
    const node = vertex[w];
    let s = semi[w];
    const end = revFirst[node + 1];
    for (let r = revFirst[node]; r < end; r++) {
      if (weak && revWeak?.[r]) continue;
      const u = dfn[revSource[r]];
      if (u < 0) continue;
      const cand = semi[evalNode(u)];
      if (cand < s) s = cand;
    }
    semi[w] = s;
    ancestor[w] = parent[w];
    if ((w & (STEP - 1)) === 0) {
      ctx.onProgress?.({ phase: 'dominators', done: n - w, total: n });
      await yieldToLoop(ctx.signal);
    }
  }

  // 3. idom = NCA(parent, semi) in the tree built so far (preorder).
  const idomD = label; // reuse: label is no longer needed
  if (n > 0) idomD[0] = 0;
  for (let w = 1; w < n; w++) {
    let x = parent[w];
    const s = semi[w];
    while (x > s) x = idomD[x];
    idomD[w] = x;
  }
  const t2 = performance.now();
  ctx.onProgress?.({ phase: 'dominators', done: n, total: n });
  await yieldToLoop(ctx.signal);

  // 4. Retained sizes bottom-up in reverse preorder; dominator-tree children CSR.
  ctx.onProgress?.({ phase: 'retained', done: 0, total: n });
  // parent and the compression stack are done with: their buffers hold idom and domChild
  const idom = parent.fill(-1);
  // the semidominators (in cursor's buffer) are done with
  const retained = new Float64Array(cursor.buffer, 0, N).fill(0);
  const reachable = new Uint8Array(N);
  const order = vertex.subarray(0, n);
  for (let w = 0; w < n; w++) {
    const node = vertex[w];
    reachable[node] = 1;
    retained[node] = shallow[node];
    if (w > 0) idom[node] = vertex[idomD[w]];
  }
  for (let w = n - 1; w > 0; w--) retained[vertex[idomD[w]]] += retained[vertex[w]];
  const domFirst = new Uint32Array(ancestor.buffer, 0, N + 1).fill(0);
  for (let w = 1; w < n; w++) domFirst[idom[vertex[w]] + 1]++;
  for (let i = 0; i < N; i++) domFirst[i + 1] += domFirst[i];
  // dfn is done with: its buffer holds the fill cursors
  const fill = new Uint32Array(dfn.buffer, 0, N);
  fill.set(domFirst.subarray(0, N));
  const domChild = new Uint32Array(stack.buffer, 0, Math.max(0, n - 1));
  for (let w = 1; w < n; w++) {
    const node = vertex[w];
    domChild[fill[idom[node]]++] = node;
  }

  let objects = 0;
  let reachableObjects = 0;
  let totalBytes = 0;
  let reachableBytes = 0;
  for (let i = 1; i < N; i++) {
    if (isRoot[i]) continue;
    objects++;
    totalBytes += shallow[i];
    if (reachable[i]) {
      reachableObjects++;
      reachableBytes += shallow[i];
    }
  }
  const t3 = performance.now();
  ctx.onProgress?.({ phase: 'retained', done: n, total: n });
  return {
    idom,
    retained,
    reachable,
    order,
    domFirst,
    domChild,
    revFirst,
    revSource,
    revWeak,
    objects,
    reachableObjects,
    unreachableObjects: objects - reachableObjects,
    totalBytes,
    reachableBytes,
    unreachableBytes: totalBytes - reachableBytes,
    timings: { reverse: t1 - t0, dominators: t2 - t1, retained: t3 - t2 },
  };
}
