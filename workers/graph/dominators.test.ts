import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCsr, type HeapGraph, isWeakEdge } from './heap-graph.ts';
import {
  analyzeHeap,
  dominatedBy,
  heapQueries,
  isReachable,
  largestChildren,
  predecessors,
  retainedByGroup,
  summarizeHeap,
} from './index.ts';

/** A graph from an edge list; node 0 is the super-root. */
function makeGraph(n: number, edges: [number, number][], sizes?: number[], weak?: number[]): HeapGraph {
  const from = new Uint32Array(edges.map((e) => e[0]));
  const to = new Uint32Array(edges.map((e) => e[1]));
  const csr = buildCsr(n, from, to, edges.length, weak ? new Uint8Array(weak) : undefined);
  const shallow = new Float64Array(n);
  for (let i = 1; i < n; i++) shallow[i] = sizes ? sizes[i] : 8 * i;
  return {
    nodeCount: n,
    address: new Float64Array(n).map((_, i) => (i ? 0x1000 + i * 16 : 0)),
    shallow,
    typeId: new Int32Array(n).map((_, i) => i % 3),
    types: ['A', 'B', 'C'],
    firstEdge: csr.firstEdge,
    edgeTarget: csr.edgeTarget,
    weakEdges: csr.weakEdges,
    isRoot: new Uint8Array(n),
    rootLabel: new Map(),
  };
}

function succ(g: HeapGraph, v: number): number[] {
  return Array.from(g.edgeTarget.subarray(g.firstEdge[v], g.firstEdge[v + 1]));
}

/** Nodes reachable from 0 when `removed` is taken out (removed = -1: nothing removed). */
function reachFrom0(g: HeapGraph, removed: number): Uint8Array {
  const seen = new Uint8Array(g.nodeCount);
  if (removed === 0) return seen;
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (const t of succ(g, v)) {
      if (t !== removed && !seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  return seen;
}

/** Naive dominators: Dom(n) = {n} ∪ ∩ Dom(preds), iterated to a fixpoint, as bitsets. */
function naiveIdom(g: HeapGraph): Int32Array {
  const n = g.nodeCount;
  const reach = reachFrom0(g, -1);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const t of succ(g, v)) preds[t].push(v);
  const dom: boolean[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === 0 ? j === 0 : reach[j] === 1)),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (let v = 1; v < n; v++) {
      if (!reach[v]) continue;
      const next = Array.from({ length: n }, () => true);
      for (const p of preds[v]) {
        if (!reach[p]) continue;
        for (let j = 0; j < n; j++) next[j] = next[j] && dom[p][j];
      }
      next[v] = true;
      for (let j = 0; j < n; j++) {
        if (next[j] !== dom[v][j]) {
          dom[v] = next;
          changed = true;
          break;
        }
      }
    }
  }
  // idom = the strict dominator with the most dominators itself (closest)
  const idom = new Int32Array(n).fill(-1);
  for (let v = 1; v < n; v++) {
    if (!reach[v]) continue;
    let best = -1;
    let bestDepth = -1;
    for (let d = 0; d < n; d++) {
      if (d === v || !dom[v][d]) continue;
      const depth = dom[d].filter(Boolean).length;
      if (depth > bestDepth) {
        bestDepth = depth;
        best = d;
      }
    }
    idom[v] = best;
  }
  return idom;
}

/** Naive retained size: bytes that become unreachable when the node is removed. */
function naiveRetained(g: HeapGraph, v: number): number {
  const all = reachFrom0(g, -1);
  const without = reachFrom0(g, v);
  let sum = 0;
  for (let i = 0; i < g.nodeCount; i++) if (all[i] && !without[i]) sum += g.shallow[i];
  return sum;
}

/** Cooper–Harvey–Kennedy iterative dominators: a second, independent algorithm for big graphs. */
function chkIdom(g: HeapGraph): Int32Array {
  const n = g.nodeCount;
  const seen = new Uint8Array(n);
  const post: number[] = [];
  const stack: [number, number][] = [[0, g.firstEdge[0]]];
  seen[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top[1] < g.firstEdge[top[0] + 1]) {
      const t = g.edgeTarget[top[1]++];
      if (!seen[t]) {
        seen[t] = 1;
        stack.push([t, g.firstEdge[t]]);
      }
    } else {
      post.push(top[0]);
      stack.pop();
    }
  }
  const rpo = post.reverse();
  const num = new Int32Array(n).fill(-1);
  rpo.forEach((v, i) => {
    num[v] = i;
  });
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const t of succ(g, v)) preds[t].push(v);
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const meet = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (num[x] > num[y]) x = idom[x];
      while (num[y] > num[x]) y = idom[y];
    }
    return x;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of rpo) {
      if (b === 0) continue;
      let d = -1;
      for (const p of preds[b]) if (idom[p] >= 0) d = d < 0 ? p : meet(p, d);
      if (idom[b] !== d) {
        idom[b] = d;
        changed = true;
      }
    }
  }
  idom[0] = -1;
  return idom;
}

const arbGraph = fc
  .integer({ min: 1, max: 24 })
  .chain((n) =>
    fc
      .array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 })
      .map((edges) => ({ n, edges: edges as [number, number][] })),
  );

describe('analyzeHeap', () => {
  it('matches naive dominators and retained sizes on random graphs (cycles, self-loops, unreachable)', async () => {
    await fc.assert(
      fc.asyncProperty(arbGraph, async ({ n, edges }) => {
        const g = makeGraph(n, edges);
        const a = await analyzeHeap(g);
        const want = naiveIdom(g);
        const reach = reachFrom0(g, -1);
        for (let v = 0; v < n; v++) {
          expect(isReachable(a, v)).toBe(reach[v] === 1);
          expect(a.idom[v]).toBe(want[v]);
          if (v > 0 && reach[v]) expect(a.retained[v]).toBe(naiveRetained(g, v));
          if (!reach[v]) expect(a.retained[v]).toBe(0);
        }
        let unreachableBytes = 0;
        for (let v = 1; v < n; v++) if (!reach[v]) unreachableBytes += g.shallow[v];
        expect(a.unreachableBytes).toBe(unreachableBytes);
      }),
      { numRuns: 300 },
    );
  });

  it('largestChildren equals sorting every dominator-tree child; retainedByGroup matches MAT per group', async () => {
    await fc.assert(
      fc.asyncProperty(arbGraph, fc.nat(6), async ({ n, edges }, k) => {
        // sizes with many ties
        const g = makeGraph(
          n,
          edges,
          Array.from({ length: n }, (_, i) => 8 * (i % 4)),
        );
        const a = await analyzeHeap(g);
        for (let v = 0; v < n; v++) {
          const all = Array.from(dominatedBy(a, v)).sort((x, y) => a.retained[y] - a.retained[x] || x - y);
          expect(largestChildren(a, v, k)).toEqual(all.slice(0, k));
        }
        // per group: sum of retained over members with no member among their strict dominators
        const r = retainedByGroup(g, a, g.typeId, g.types.length);
        const want = new Float64Array(g.types.length);
        for (let v = 1; v < n; v++) {
          if (!isReachable(a, v)) continue;
          let d = a.idom[v];
          let covered = false;
          while (d > 0) {
            if (g.typeId[d] === g.typeId[v]) covered = true;
            d = a.idom[d];
          }
          if (!covered) want[g.typeId[v]] += a.retained[v];
        }
        expect(Array.from(r.retained)).toEqual(Array.from(want));
      }),
      { numRuns: 200 },
    );
  });

  it('predecessors list every reference (with its weak flag) to every node, after either analysis', async () => {
    const arbWeakGraph = arbGraph.chain(({ n, edges }) =>
      fc.array(fc.nat(3), { minLength: edges.length, maxLength: edges.length }).map((w) => ({
        n,
        edges,
        weak: w.map((x) => (x === 0 ? 1 : 0)),
      })),
    );
    await fc.assert(
      fc.asyncProperty(arbWeakGraph, fc.boolean(), async ({ n, edges, weak }, ignoreWeakEdges) => {
        const g = makeGraph(n, edges, undefined, weak);
        const a = await analyzeHeap(g, {}, { ignoreWeakEdges });
        const preds = predecessors(g, a);
        for (let v = 0; v < n; v++) {
          const want: string[] = [];
          for (let u = 0; u < n; u++)
            for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++)
              if (g.edgeTarget[e] === v) want.push(`${u}${isWeakEdge(g, e) ? 'w' : ''}`);
          const got: string[] = [];
          preds.forEach(v, (u, w) => {
            got.push(`${u}${w ? 'w' : ''}`);
          });
          expect(got.sort()).toEqual(want.sort());
          expect(preds.count(v)).toBe(want.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches Cooper–Harvey–Kennedy on larger random graphs (long compression paths)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 50, max: 3000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        async (n, deg, seed) => {
          // a long chain (deep DFS) with random extra edges, mostly backwards and across
          let x = seed | 1;
          const rnd = (k: number) => {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return (x >>> 0) % k;
          };
          const edges: [number, number][] = [];
          for (let i = 0; i + 1 < n; i++) if (rnd(10) > 0) edges.push([i, i + 1]);
          for (let k = 0; k < n * deg; k++) edges.push([rnd(n), rnd(n)]);
          const g = makeGraph(n, edges);
          const a = await analyzeHeap(g);
          expect(Array.from(a.idom)).toEqual(Array.from(chkIdom(g)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('handles a 1,000,000-long linked list without recursion', async () => {
    const n = 1_000_001;
    const from = new Uint32Array(n - 1);
    const to = new Uint32Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    const csr = buildCsr(n, from, to, n - 1);
    const g: HeapGraph = {
      nodeCount: n,
      address: new Float64Array(n),
      shallow: new Float64Array(n).fill(16),
      typeId: new Int32Array(n),
      types: ['node'],
      firstEdge: csr.firstEdge,
      edgeTarget: csr.edgeTarget,
      isRoot: new Uint8Array(n),
      rootLabel: new Map(),
    };
    g.shallow[0] = 0;
    const a = await analyzeHeap(g);
    expect(a.idom[n - 1]).toBe(n - 2);
    expect(a.retained[1]).toBe(16 * (n - 1));
    expect(a.retained[n - 1]).toBe(16);
    // MAT-like retained per type: only the head of the chain counts
    const s = summarizeHeap(g, a);
    expect(s.histogram[0]).toMatchObject({ type: 'node', count: n - 1, retainedBytes: 16 * (n - 1) });
  });

  it('can leave weak edges out', async () => {
    // 0 → 1 → 2 strong, 0 → 3 -(weak)→ 4
    const g = makeGraph(
      5,
      [
        [0, 1],
        [1, 2],
        [0, 3],
        [3, 4],
      ],
      undefined,
      [0, 0, 0, 1],
    );
    const follow = await analyzeHeap(g);
    expect(isReachable(follow, 4)).toBe(true);
    const ignore = await analyzeHeap(g, {}, { ignoreWeakEdges: true });
    expect(isReachable(ignore, 4)).toBe(false);
    expect(ignore.unreachableObjects).toBe(1);
  });
});

describe('heapQueries and summarizeHeap', () => {
  // 0 → 1 (root) → 2 (big holder) → 3..6 ; 0 → 7 → 3 (shared) ; 8 unreachable
  const edges: [number, number][] = [
    [0, 1],
    [1, 2],
    [2, 3],
    [2, 4],
    [2, 5],
    [2, 6],
    [0, 7],
    [7, 3],
  ];
  const sizes = [0, 16, 64, 100, 1000, 1000, 1000, 32, 50];

  it('pages dominator children, paths to roots and histogram', async () => {
    const g = makeGraph(9, edges, sizes);
    const a = await analyzeHeap(g);
    const q = heapQueries(g, a) as unknown as {
      children: (id: number, o?: object) => { total: number; rows: { id: number; retainedBytes: number }[] };
      pathsToRoots: (id: number, o?: object) => { id: number }[][];
      histogram: (o?: object) => { rows: { type: string; retainedBytes: number; count: number }[] };
      search: (t: string) => { id: number }[];
    };
    const top = q.children(0);
    expect(top.rows.map((r) => r.id)).toEqual([1, 3, 7]);
    expect(top.rows[0].retainedBytes).toBe(16 + 64 + 3000);
    expect(q.children(2, { limit: 2, offset: 1 }).rows.map((r) => r.id)).toEqual([5, 6]);
    const paths = q.pathsToRoots(3);
    expect(paths.map((p) => p.map((r) => r.id))).toEqual([
      [3, 7],
      [3, 2, 1],
    ]);
    expect(q.pathsToRoots(3, { max: 1 }).map((p) => p.map((r) => r.id))).toEqual([[3, 7]]);
    expect(q.search('0x1040').map((r) => r.id)).toEqual([4]);
    const s = summarizeHeap(g, a, { suspectThreshold: 0.5 });
    expect(s.objects).toBe(8);
    expect(s.totalBytes).toBe(3262);
    expect(s.reachableBytes).toBe(3212);
    expect(s.unreachableObjects).toBe(1);
    expect(s.gcRoots).toBe(2);
    expect(s.top[0]).toMatchObject({ id: 1, retainedBytes: 3080 });
    // node 2 (type C, 0x1020) dominates three 1000-byte children: the accumulation point
    const single = s.suspects.find((x) => x.kind === 'object');
    expect(single).toMatchObject({
      retainedBytes: 3080,
      accumulationPoint: 'C @ 0x1020',
      path: ['B @ 0x1010'],
    });
    // group B = nodes 1, 4, 7: 4 sits under 1 in the dominator tree, so B retains 3080 + 32
    expect(s.suspects.find((x) => x.kind === 'group:type')).toMatchObject({ retainedBytes: 3112 });
  });
});
