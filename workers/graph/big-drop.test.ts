import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCsr, type HeapGraph } from './heap-graph.ts';
import { analyzeHeap, bigDropChain, dominatedByAny } from './index.ts';

function makeGraph(n: number, edges: [number, number][], sizes: number[]): HeapGraph {
  const from = new Uint32Array(edges.map((e) => e[0]));
  const to = new Uint32Array(edges.map((e) => e[1]));
  const csr = buildCsr(n, from, to, edges.length);
  return {
    nodeCount: n,
    shallow: new Float64Array(sizes),
    typeId: new Int32Array(n),
    types: ['T'],
    firstEdge: csr.firstEdge,
    edgeTarget: csr.edgeTarget,
    rootLabel: new Map(),
  };
}

describe('bigDropChain', () => {
  // 1 loader → 2 class vector → 3 class A (→ 4 static map → 5 table → 6..9 entries of 100)
  //                           → 10 class B (→ 11 ring of 60)
  const edges: [number, number][] = [
    [0, 1],
    [1, 2],
    [2, 3],
    [2, 10],
    [3, 4],
    [4, 5],
    [5, 6],
    [5, 7],
    [5, 8],
    [5, 9],
    [10, 11],
  ];
  const sizes = [0, 8, 8, 8, 8, 8, 100, 100, 100, 100, 8, 60];

  it('follows the child that keeps most of its parent, and stops where the memory spreads', async () => {
    const a = await analyzeHeap(makeGraph(12, edges, sizes), {});
    const { chain, splits } = bigDropChain(a, 1, { minSplit: 50 });
    // class A holds 440 of the vector's 516 (85 %): followed; the table's biggest entry holds 100 of 408
    expect(chain).toEqual([1, 2, 3, 4, 5]);
    // class B (68 bytes) was left aside on the way
    expect(splits).toEqual([10]);
    // with a stricter "keep", the descent stops at the class vector
    expect(bigDropChain(a, 1, { keep: 0.9 }).chain).toEqual([1, 2]);
    // nothing left aside counts when under minSplit
    expect(bigDropChain(a, 1, { minSplit: 100 }).splits).toEqual([]);
  });

  it('says why it stopped, and stops where the format says (a Go linked chain’s head)', async () => {
    const a = await analyzeHeap(makeGraph(12, edges, sizes), {});
    // the table's entries share its memory
    expect(bigDropChain(a, 1).endedBy).toBe('drop');
    // class B's ring dominates nothing
    expect(bigDropChain(a, 10)).toEqual({ chain: [10, 11], splits: [], endedBy: 'leaf' });
    // a format rule ends the descent at the static map, before its table
    const stopped = bigDropChain(a, 1, { stopAt: (n) => n === 4, minSplit: 50 });
    expect(stopped).toEqual({ chain: [1, 2, 3, 4], splits: [10], endedBy: 'stop' });
    // the rule is asked about the start too
    expect(bigDropChain(a, 4, { stopAt: (n) => n === 4 }).chain).toEqual([4]);
  });

  it('marks dominator subtrees in one pass, whatever the depth', async () => {
    const a = await analyzeHeap(makeGraph(12, edges, sizes), {});
    const inside = dominatedByAny(a, [4, 10]);
    expect([...inside]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    // a 100,000-long chain: every node under the head, none above it
    const n = 100_001;
    const long: [number, number][] = [];
    for (let i = 0; i + 1 < n; i++) long.push([i, i + 1]);
    const b = await analyzeHeap(makeGraph(n, long, new Array(n).fill(8)), {});
    const deep = dominatedByAny(b, [50_000]);
    expect(deep[49_999]).toBe(0);
    expect(deep[50_000]).toBe(1);
    expect(deep[n - 1]).toBe(1);
  });

  it('agrees with walking each node up its dominators (random graphs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n - 1 })), {
              maxLength: 3 * n,
            }),
            fc.array(fc.integer({ min: 1, max: n - 1 }), { maxLength: 4 }),
          ),
        ),
        async ([n, edges, heads]) => {
          const a = await analyzeHeap(makeGraph(n, edges, new Array(n).fill(8)), {});
          const got = dominatedByAny(a, heads);
          const set = new Set(heads);
          for (let v = 0; v < n; v++) {
            let inside = 0;
            // a head marks itself (even unreachable); others are inside when a dominator is a head
            for (let u = v; u > 0; u = a.idom[u]) {
              if (set.has(u)) {
                inside = 1;
                break;
              }
              if (a.idom[u] < 0) break;
            }
            expect(got[v]).toBe(inside);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
