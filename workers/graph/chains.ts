import type { HeapAnalysis } from './dominators.ts';
import type { HeapGraph } from './heap-graph.ts';

/** A run of objects of one kind, each referencing and dominating the next (a linked list). */
export interface LinkedChain {
  /** First node: it dominates every other node of the chain. */
  head: number;
  /** Last node. */
  tail: number;
  /** Nodes in the chain, head and tail included. */
  length: number;
}

export interface LinkedChainOptions {
  /**
   * Kind per node: consecutive nodes must share it (-1: never in a chain). Default `graph.typeId`.
   * Go dumps pass the pointer shape: an allocation-site name is only known for sampled objects.
   */
  kindOf?: ArrayLike<number>;
  /** Shortest chain reported (default 1,000). */
  minLength?: number;
}

/**
 * Long linked chains in the dominator tree. MAT's descent from a big node follows the biggest
 * child while it holds most of its parent, so down a linked list it steps one node at a time
 * and stops near the tail, naming a node that holds almost nothing; a chain reported as one
 * finding with its length names what accumulates. Node `v`'s link is the dominator-tree child
 * of the same kind that `v` references directly (the biggest when several do); a node has at
 * most one predecessor link (its immediate dominator), so links form simple paths and each is
 * walked once from its head: no recursion, two node-sized arrays.
 */
export function findLinkedChains(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  opts: LinkedChainOptions = {},
): LinkedChain[] {
  const kind = opts.kindOf ?? graph.typeId;
  const minLength = Math.max(2, opts.minLength ?? 1000);
  const { idom, retained } = analysis;
  const { firstEdge, edgeTarget, isRoot } = graph;
  const N = graph.nodeCount;
  const next = new Int32Array(N).fill(-1);
  const linked = new Uint8Array(N);
  for (let v = 1; v < N; v++) {
    const k = kind[v];
    if (k < 0 || isRoot?.[v] || idom[v] < 0) continue;
    let best = -1;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) {
      const t = edgeTarget[e];
      if (t === v || idom[t] !== v || kind[t] !== k) continue;
      if (best < 0 || retained[t] > retained[best]) best = t;
    }
    if (best >= 0) {
      next[v] = best;
      linked[best] = 1;
    }
  }
  const chains: LinkedChain[] = [];
  for (let v = 1; v < N; v++) {
    if (next[v] < 0 || linked[v]) continue;
    let length = 1;
    let tail = v;
    while (next[tail] >= 0) {
      tail = next[tail];
      length++;
    }
    if (length >= minLength) chains.push({ head: v, tail, length });
  }
  chains.sort((a, b) => retained[b.head] - retained[a.head] || a.head - b.head);
  return chains;
}
