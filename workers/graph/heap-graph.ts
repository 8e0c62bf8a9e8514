/**
 * The heap as flat typed arrays, shared by every heap-dump format (Go heap dumps, HPROF).
 * Never one JS object per heap object: a 2 GB dump has tens of millions of them.
 *
 * Node 0 is the virtual super-root. Its out-edges lead to the GC roots. A format may model
 * roots as pseudo-nodes (Go: one node per goroutine stack frame or data/bss slot, shallow 0,
 * `isRoot` set) or point the super-root straight at root objects (Java, as MAT does) and
 * describe them in `rootLabel`.
 */

import { grown } from '../core/grow.ts';
export interface HeapGraph {
  /** Number of nodes, including the super-root at index 0. */
  nodeCount: number;
  /**
   * Address or object id per node (0 for the super-root and pseudo-nodes), scaled down by
   * 2^`addressShift` when a format stores aligned ids in 4 bytes. Read it with
   * {@link nodeAddress}: a format may keep addresses compressed and give `addressOf` instead.
   */
  address?: Float64Array | Uint32Array;
  /** Bits dropped from every address in `address` (Java ids are 8-byte aligned: 3). Default 0. */
  addressShift?: number;
  /** The address of a node, for formats that do not keep the `address` array. */
  addressOf?: (node: number) => number;
  /** Shallow size in bytes per node (a format may use Uint32Array when every size fits). */
  shallow: Float64Array | Uint32Array;
  /** Index into `types` per node (2 bytes a node while there are fewer than 65,536 types). */
  typeId: Int32Array | Uint16Array;
  /**
   * Type or group names: a Java class, a Go allocation site / itab type / shape, or a root kind.
   * Two entries may carry the same name (two Java classes of one name from different loaders).
   */
  types: string[];
  /** CSR: out-edges of node i are edgeTarget[firstEdge[i] .. firstEdge[i+1]). Length nodeCount + 1. */
  firstEdge: Uint32Array;
  edgeTarget: Uint32Array;
  /**
   * Weak/soft/phantom references (Java), one bit per edge (bit e & 7 of byte e >> 3): read with
   * {@link isWeakEdge}. Absent when no edge is weak.
   */
  weakEdges?: Uint8Array;
  /**
   * Per node: 1 for pseudo-nodes that stand for a root (a stack frame, a global slot). Absent
   * when the format has none (Java roots are real objects).
   */
  isRoot?: Uint8Array;
  /** Human label of root nodes and root objects, e.g. `goroutine 7 › main.stackHolder`. */
  rootLabel: Map<number, string>;
  /**
   * File offset of each node's contents for on-demand reads (-1 when none; a format may use
   * Uint32Array when every offset fits, and then marks "none" by its node kind).
   */
  contentOffset?: Float64Array | Uint32Array;
}

/** The address of a node, scaled back up when the graph stores it shifted. */
export function nodeAddress(g: HeapGraph, node: number): number {
  if (!g.address) return g.addressOf?.(node) ?? 0;
  const a = g.address[node];
  return g.addressShift ? a * 2 ** g.addressShift : a;
}

/** A bitset for `n` flags (whole 32-bit words, so it can be read a word at a time). */
export function newBits(n: number): Uint8Array {
  return new Uint8Array(((n + 31) >>> 5) << 2);
}

export function setBit(bits: Uint8Array, i: number): void {
  bits[i >>> 3] |= 1 << (i & 7);
}

export function getBit(bits: Uint8Array | undefined, i: number): boolean {
  return bits !== undefined && ((bits[i >>> 3] >>> (i & 7)) & 1) === 1;
}

/** Whether edge `e` (an index into `edgeTarget`) is a weak/soft/phantom reference. */
export function isWeakEdge(g: HeapGraph, e: number): boolean {
  return getBit(g.weakEdges, e);
}

/**
 * Turns an edge list into CSR with a counting sort: two passes, no per-node arrays.
 * `from`/`to` may be longer than `edgeCount` (growable buffers); `weak` has a byte per edge.
 */
export function buildCsr(
  nodeCount: number,
  from: Uint32Array,
  to: Uint32Array,
  edgeCount: number,
  weak?: Uint8Array,
): { firstEdge: Uint32Array; edgeTarget: Uint32Array; weakEdges?: Uint8Array } {
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) firstEdge[from[e] + 1]++;
  for (let i = 0; i < nodeCount; i++) firstEdge[i + 1] += firstEdge[i];
  const fill = firstEdge.slice(0, nodeCount);
  const edgeTarget = new Uint32Array(edgeCount);
  const weakEdges = weak ? newBits(edgeCount) : undefined;
  for (let e = 0; e < edgeCount; e++) {
    const slot = fill[from[e]]++;
    edgeTarget[slot] = to[e];
    if (weakEdges && weak?.[e]) setBit(weakEdges, slot);
  }
  return { firstEdge, edgeTarget, weakEdges };
}

/** A growable pair of Uint32 arrays for collecting edges while parsing. */
export class EdgeList {
  from: Uint32Array;
  to: Uint32Array;
  weak?: Uint8Array;
  count = 0;

  /** `capacity`: the expected number of edges when known (no regrowth up to it). */
  constructor(trackWeak = false, capacity = 1 << 16) {
    const cap = Math.max(16, capacity);
    this.from = new Uint32Array(cap);
    this.to = new Uint32Array(cap);
    if (trackWeak) this.weak = new Uint8Array(cap);
  }

  push(from: number, to: number, weak = 0): void {
    if (this.count === this.from.length) this.grow();
    this.from[this.count] = from;
    this.to[this.count] = to;
    if (this.weak) this.weak[this.count] = weak;
    this.count++;
  }

  private grow(): void {
    this.from = grown(this.from, this.count + 1);
    this.to = grown(this.to, this.count + 1);
    if (this.weak) this.weak = grown(this.weak, this.count + 1);
  }
}

/**
 * The permutation that sorts non-negative keys (addresses, object ids; doubles or 32-bit
 * integers) ascending: an LSD radix sort on their bit patterns, 16 bits a pass, skipping passes
 * where every key has the same digit. Linear time; a comparator sort of 5 M keys took 1.6 s.
 * Returns the identity when the keys are already sorted.
 */
export function sortedOrder(ids: Float64Array | Uint32Array): Uint32Array {
  return radixOrder(ids, 0).order;
}

/**
 * {@link sortedOrder}, with `room` spare slots behind the order's length in its buffer, and the
 * sort's other working array (same size) handed back for reuse instead of left to the collector
 * (undefined when the keys were sorted already).
 */
export function radixOrder(
  ids: Float64Array | Uint32Array,
  room: number,
): { order: Uint32Array; spare?: Uint32Array } {
  const n = ids.length;
  let order = new Uint32Array(new ArrayBuffer((n + room) * 4), 0, n);
  identity(order);
  if (ascending(ids)) return { order };
  // little-endian: for doubles word 2i is the low half, 2i+1 the high half
  const wide = ids instanceof Float64Array;
  const words = wide ? new Uint32Array(ids.buffer, ids.byteOffset, n * 2) : ids;
  const stride = wide ? 2 : 1;
  let tmp = new Uint32Array(new ArrayBuffer((n + room) * 4), 0, n);
  const countArr = new Uint32Array(65536);
  for (let pass = 0; pass < 2 * stride; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    if (!countDigits(words, stride, word, shift, order, countArr)) continue;
    placeByDigit(words, stride, word, shift, order, tmp, countArr);
    const sw = order;
    order = tmp;
    tmp = sw;
  }
  return { order, spare: tmp };
}

// The sort's loops, a function each: V8 compiles a hot loop with its whole function, and one
// function of five loops was compiled again for each loop it reached without type feedback.

function identity(order: Uint32Array): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
}

function ascending(ids: Float64Array | Uint32Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i] < ids[i - 1]) return false;
  return true;
}

/**
 * Counts the 16-bit digit (`word`, `shift`) of every key into `counts` as running starts; false
 * when every key has the same digit (the pass would not move anything).
 */
function countDigits(
  words: Uint32Array,
  stride: number,
  word: number,
  shift: number,
  order: Uint32Array,
  counts: Uint32Array,
): boolean {
  const n = order.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(words[stride * order[i] + word] >>> shift) & 0xffff]++;
  if (counts[(words[stride * order[0] + word] >>> shift) & 0xffff] === n) return false;
  let sum = 0;
  for (let d = 0; d < 65536; d++) {
    const c = counts[d];
    counts[d] = sum;
    sum += c;
  }
  return true;
}

function placeByDigit(
  words: Uint32Array,
  stride: number,
  word: number,
  shift: number,
  order: Uint32Array,
  into: Uint32Array,
  starts: Uint32Array,
): void {
  const n = order.length;
  for (let i = 0; i < n; i++) {
    const o = order[i];
    into[starts[(words[stride * o + word] >>> shift) & 0xffff]++] = o;
  }
}
