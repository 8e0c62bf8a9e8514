import type { HeapAnalysis } from './dominators.ts';
import { getBit, type HeapGraph, isWeakEdge, newBits, setBit } from './heap-graph.ts';

/** Who references a node: for incoming references and paths to GC roots. */
export interface Predecessors {
  /** Number of references to `node` (a source referencing it twice counts twice). */
  count(node: number): number;
  /** Calls `fn(source, weak)` for each reference to `node`, in source order, until it returns false. */
  forEach(node: number, fn: (source: number, weak: boolean) => unknown): void;
}

const cache = new WeakMap<HeapAnalysis, Predecessors>();

/**
 * The predecessor index of a graph, built on first use and kept with its analysis.
 *
 * Most heap objects are referenced exactly once, and then the referrer is the object's
 * immediate dominator: every path to it ends with that one reference. Only the others (no
 * reference or several, or unreachable) are listed, so the index costs about 4 bytes a
 * reference into a shared object instead of 4 bytes a node plus 4 a reference.
 */
export function predecessors(graph: HeapGraph, analysis: HeapAnalysis): Predecessors {
  let p = cache.get(analysis);
  if (!p) {
    p = buildPredecessors(graph, analysis);
    cache.set(analysis, p);
  }
  return p;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export function buildPredecessors(graph: HeapGraph, analysis: HeapAnalysis): Predecessors {
  const N = graph.nodeCount;
  const { firstEdge, edgeTarget } = graph;
  const { idom } = analysis;
  // referenced once / more than once
  const listed = listedNodes(edgeTarget, idom, N);
  // rank of a listed node among listed nodes: counts before each 32-node word
  // (little-endian words: bit v of the bitset is bit v & 31 of word v >> 5)
  const words = new Uint32Array(listed.buffer, listed.byteOffset, listed.byteLength >>> 2);
  const wordCount = words.length;
  const before = new Uint32Array(wordCount + 1);
  for (let w = 0; w < wordCount; w++) before[w + 1] = before[w] + popcount(words[w]);
  const rank = (v: number): number => rankOf(words, before, v);
  const X = before[wordCount];
  const listedRefs = countListedRefs(edgeTarget, listed);
  // in the buffer the dominator pass left over when both arrays fit in it
  const spare = analysis.scratch;
  const fits = spare !== undefined && spare.byteLength >= (X + 2 + listedRefs) * 4;
  // used or not, nothing else wants it: let it go with the index built
  analysis.scratch = undefined;
  const first = fits ? new Uint32Array(spare, 0, X + 2) : new Uint32Array(X + 2);
  const source = fits ? new Uint32Array(spare, (X + 2) * 4, listedRefs) : new Uint32Array(listedRefs);
  // counts at rank + 2, starts at rank + 1 after the sums, ends there after placing
  first.fill(0);
  countByRank(edgeTarget, listed, words, before, first);
  for (let i = 2; i < X + 2; i++) first[i] += first[i - 1];
  const weak = graph.weakEdges ? newBits(listedRefs) : undefined;
  placeSources(graph, listed, words, before, first, source, weak);
  const weakFrom = (from: number, to: number): boolean => {
    if (!graph.weakEdges) return false;
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++)
      if (edgeTarget[e] === to) return isWeakEdge(graph, e);
    return false;
  };
  return {
    count(node) {
      if (!getBit(listed, node)) return 1;
      const r = rank(node);
      return first[r + 1] - first[r];
    },
    forEach(node, fn) {
      if (!getBit(listed, node)) {
        fn(idom[node], weakFrom(idom[node], node));
        return;
      }
      const r = rank(node);
      for (let s = first[r]; s < first[r + 1]; s++) if (fn(source[s], getBit(weak, s)) === false) return;
    },
  };
}

// buildPredecessors' passes, a function each: V8 optimizes a hot loop by compiling its whole
// function, and one function of several loops was compiled again for each next loop.

/** Nodes referenced never or several times, or unreachable (their idom says nothing). */
function listedNodes(edgeTarget: Uint32Array, idom: Int32Array, N: number): Uint8Array {
  const once = newBits(N);
  const listed = newBits(N);
  for (let e = 0; e < edgeTarget.length; e++) {
    const t = edgeTarget[e];
    if (getBit(once, t)) setBit(listed, t);
    else setBit(once, t);
  }
  for (let v = 0; v < N; v++) if (v === 0 || !getBit(once, v) || idom[v] < 0) setBit(listed, v);
  return listed;
}

function countListedRefs(edgeTarget: Uint32Array, listed: Uint8Array): number {
  let n = 0;
  for (let e = 0; e < edgeTarget.length; e++) if (getBit(listed, edgeTarget[e])) n++;
  return n;
}

/** Rank of a listed node among listed nodes (counts before each 32-node word, then bits below). */
function rankOf(words: Uint32Array, before: Uint32Array, v: number): number {
  return before[v >>> 5] + popcount(words[v >>> 5] & ((1 << (v & 31)) - 1));
}

function countByRank(
  edgeTarget: Uint32Array,
  listed: Uint8Array,
  words: Uint32Array,
  before: Uint32Array,
  first: Uint32Array,
): void {
  for (let e = 0; e < edgeTarget.length; e++) {
    const t = edgeTarget[e];
    if (getBit(listed, t)) first[rankOf(words, before, t) + 2]++;
  }
}

function placeSources(
  graph: HeapGraph,
  listed: Uint8Array,
  words: Uint32Array,
  before: Uint32Array,
  first: Uint32Array,
  source: Uint32Array,
  weak: Uint8Array | undefined,
): void {
  const { firstEdge, edgeTarget, nodeCount: N } = graph;
  for (let v = 0; v < N; v++) {
    const end = firstEdge[v + 1];
    for (let e = firstEdge[v]; e < end; e++) {
      const t = edgeTarget[e];
      if (!getBit(listed, t)) continue;
      const slot = first[rankOf(words, before, t) + 1]++;
      source[slot] = v;
      if (weak && isWeakEdge(graph, e)) setBit(weak, slot);
    }
  }
}
