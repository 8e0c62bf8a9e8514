/**
 * The heap as flat typed arrays, shared by every heap-dump format (Go heap dumps, HPROF).
 * Never one JS object per heap object: a 2 GB dump has tens of millions of them.
 *
 * Node 0 is the virtual super-root. Its out-edges lead to the GC roots. A format may model
 * roots as pseudo-nodes (Go: one node per goroutine stack frame or data/bss slot, shallow 0,
 * `isRoot` set) or point the super-root straight at root objects (Java, as MAT does) and
 * describe them in `rootLabel`.
 */
export interface HeapGraph {
  /** Number of nodes, including the super-root at index 0. */
  nodeCount: number;
  /** Address or object id per node (0 for the super-root and pseudo-nodes). */
  address: Float64Array;
  /** Shallow size in bytes per node. */
  shallow: Float64Array;
  /** Index into `types` per node. */
  typeId: Int32Array;
  /** Type or group names: a Java class, a Go allocation site / itab type / shape, or a root kind. */
  types: string[];
  /** CSR: out-edges of node i are edgeTarget[firstEdge[i] .. firstEdge[i+1]). Length nodeCount + 1. */
  firstEdge: Uint32Array;
  edgeTarget: Uint32Array;
  /** Per edge: 1 when the reference is weak/soft/phantom (Java), else 0. Optional. */
  edgeWeak?: Uint8Array;
  /** Per node: 1 for pseudo-nodes that stand for a root (a stack frame, a global slot). */
  isRoot: Uint8Array;
  /** Human label of root nodes and root objects, e.g. `goroutine 7 › main.stackHolder`. */
  rootLabel: Map<number, string>;
  /** File offset of each node's contents for on-demand reads (-1 when none). */
  contentOffset?: Float64Array;
}

/**
 * Turns an edge list into CSR with a counting sort: two passes, no per-node arrays.
 * `from`/`to` may be longer than `edgeCount` (growable buffers).
 */
export function buildCsr(
  nodeCount: number,
  from: Uint32Array,
  to: Uint32Array,
  edgeCount: number,
  weak?: Uint8Array,
): { firstEdge: Uint32Array; edgeTarget: Uint32Array; edgeWeak?: Uint8Array } {
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) firstEdge[from[e] + 1]++;
  for (let i = 0; i < nodeCount; i++) firstEdge[i + 1] += firstEdge[i];
  const fill = firstEdge.slice(0, nodeCount);
  const edgeTarget = new Uint32Array(edgeCount);
  const edgeWeak = weak ? new Uint8Array(edgeCount) : undefined;
  for (let e = 0; e < edgeCount; e++) {
    const slot = fill[from[e]]++;
    edgeTarget[slot] = to[e];
    if (edgeWeak && weak) edgeWeak[slot] = weak[e];
  }
  return { firstEdge, edgeTarget, edgeWeak };
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
    const n = this.from.length * 2;
    const f = new Uint32Array(n);
    f.set(this.from);
    this.from = f;
    const t = new Uint32Array(n);
    t.set(this.to);
    this.to = t;
    if (this.weak) {
      const w = new Uint8Array(n);
      w.set(this.weak);
      this.weak = w;
    }
  }
}
