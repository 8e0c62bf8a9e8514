import { dominatedBy, type HeapAnalysis } from './dominators.ts';

/** Where a descent by "big drop" went: the chain it followed and the big memory it left aside. */
export interface BigDropChain {
  /** Dominator-tree nodes from the start down to the accumulation point (its last entry). */
  chain: number[];
  /**
   * Children of chain nodes that were not followed but retain at least `minSplit` bytes: memory
   * the chain's top node holds apart from the accumulation, each worth a descent of its own.
   */
  splits: number[];
  /**
   * Why the descent stopped at the last node: `drop` (its biggest child keeps less than `keep` of
   * it: the memory spreads over its children), `leaf` (it dominates nothing), `stop` (the
   * format's `stopAt` rule).
   */
  endedBy: 'drop' | 'leaf' | 'stop';
}

export interface BigDropOptions {
  /** Follow the biggest child while it keeps at least this fraction of its parent (default 0.8, as MAT). */
  keep?: number;
  /** Children passed by on the way that retain at least this many bytes come back as `splits` (default none). */
  minSplit?: number;
  /**
   * A format's own accumulation points: the descent ends at a node for which this is true,
   * before looking at its children (Go: the head of a long linked chain, which is the finding).
   */
  stopAt?: (node: number) => boolean;
}

/**
 * MAT's descent to the accumulation point: from `start`, follow the biggest dominator-tree child
 * (ties: the lower id) while it keeps at least `keep` of its parent's retained size ("big drop":
 * stop where the biggest child holds less). A class loader, its class vector, a class, a static
 * field, a collection and its backing array each keep almost all of their parent, so the chain
 * goes through them to the array whose many elements share the memory. Children of the chain's
 * nodes not followed but retaining `minSplit` bytes or more come back as `splits`. The one
 * descent of every heap format: Java (hprof suspects), Go (heap-dump suspects, with `stopAt` at
 * linked chains) and the generic summary's accumulation points.
 */
export function bigDropChain(analysis: HeapAnalysis, start: number, opts: BigDropOptions = {}): BigDropChain {
  const keep = opts.keep ?? 0.8;
  const minSplit = opts.minSplit ?? Number.POSITIVE_INFINITY;
  const { stopAt } = opts;
  const { retained } = analysis;
  const chain = [start];
  const splits: number[] = [];
  let v = start;
  // a dominator tree has no cycles, and each step goes one level down: bounded by its depth
  for (;;) {
    if (stopAt?.(v)) return { chain, splits, endedBy: 'stop' };
    let best = -1;
    const kids = dominatedBy(analysis, v);
    for (const k of kids) if (best < 0 || retained[k] > retained[best]) best = k;
    if (best < 0) return { chain, splits, endedBy: 'leaf' };
    if (retained[best] < keep * retained[v]) return { chain, splits, endedBy: 'drop' };
    for (const k of kids) if (k !== best && retained[k] >= minSplit) splits.push(k);
    chain.push(best);
    v = best;
  }
}

/**
 * Marks every node dominated by (or equal to) one of `heads`: 1 inside their dominator subtrees,
 * 0 elsewhere. Each node's dominator chain is walked only up to the first node already decided,
 * so the whole pass is linear in the node count however deep the tree is.
 */
export function dominatedByAny(analysis: HeapAnalysis, heads: Iterable<number>): Uint8Array {
  const { idom } = analysis;
  const n = idom.length;
  // 0 undecided, 1 outside, 2 inside
  const state = new Uint8Array(n);
  for (const h of heads) if (h > 0 && h < n) state[h] = 2;
  state[0] = 1;
  let stack = new Uint32Array(256);
  for (let v = 1; v < n; v++) {
    if (state[v]) continue;
    let sp = 0;
    let u = v;
    while (u >= 0 && state[u] === 0) {
      if (sp === stack.length) {
        const bigger = new Uint32Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      stack[sp++] = u;
      u = idom[u];
    }
    // an unreachable node (idom -1) is outside every subtree
    const s = u < 0 ? 1 : state[u];
    while (sp > 0) state[stack[--sp]] = s;
  }
  // decided states become the answer in place (no second node-sized array)
  for (let v = 0; v < n; v++) state[v] = state[v] === 2 ? 1 : 0;
  return state;
}
