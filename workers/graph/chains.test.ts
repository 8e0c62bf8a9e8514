import { describe, expect, it } from 'vitest';
import { findLinkedChains } from './chains.ts';
import { analyzeHeap } from './dominators.ts';
import { buildCsr, type HeapGraph } from './heap-graph.ts';

/** node 0 → list head; list nodes 1..len (kind 0) each → a payload (kind 1) and the next node. */
function listGraph(len: number, opts: { back?: boolean; extraRoot?: number } = {}): HeapGraph {
  const n = 1 + 2 * len;
  const from: number[] = [0];
  const to: number[] = [1];
  for (let i = 1; i <= len; i++) {
    from.push(i);
    to.push(len + i); // payload
    if (i < len) {
      from.push(i);
      to.push(i + 1);
      if (opts.back) {
        from.push(i + 1);
        to.push(i);
      }
    }
  }
  if (opts.extraRoot !== undefined) {
    from.push(0);
    to.push(opts.extraRoot);
  }
  const csr = buildCsr(n, Uint32Array.from(from), Uint32Array.from(to), from.length);
  const shallow = new Float64Array(n);
  const typeId = new Int32Array(n);
  for (let i = 1; i <= len; i++) {
    shallow[i] = 48;
    shallow[len + i] = 96;
    typeId[len + i] = 1;
  }
  return {
    nodeCount: n,
    address: new Float64Array(n).map((_, i) => (i ? 0x1000 + i * 128 : 0)),
    shallow,
    typeId,
    types: ['node', 'payload'],
    firstEdge: csr.firstEdge,
    edgeTarget: csr.edgeTarget,
    isRoot: new Uint8Array(n),
    rootLabel: new Map(),
  };
}

describe('findLinkedChains', () => {
  it('finds a 4,096-node list as one chain from its head, with its length', async () => {
    const g = listGraph(4096);
    const a = await analyzeHeap(g);
    const chains = findLinkedChains(g, a);
    expect(chains).toEqual([{ head: 1, tail: 4096, length: 4096 }]);
    expect(a.retained[chains[0].head]).toBe(4096 * (48 + 96));
  });

  it('a doubly linked list is still one chain; a shorter one is under the minimum', async () => {
    const g = listGraph(1500, { back: true });
    const a = await analyzeHeap(g);
    expect(findLinkedChains(g, a).map((c) => c.length)).toEqual([1500]);
    expect(findLinkedChains(g, a, { minLength: 2000 })).toEqual([]);
  });

  it('a node held from elsewhere too breaks the chain where dominance stops', async () => {
    // a second root holds node 1001: nodes 1..1000 no longer dominate it
    const g = listGraph(3000, { extraRoot: 1001 });
    const a = await analyzeHeap(g);
    expect(findLinkedChains(g, a)).toEqual([
      { head: 1001, tail: 3000, length: 2000 },
      { head: 1, tail: 1000, length: 1000 },
    ]);
  });

  it('walks a 1,000,000-long chain without recursion', async () => {
    const g = listGraph(1_000_000);
    const a = await analyzeHeap(g);
    const [c] = findLinkedChains(g, a);
    expect(c).toEqual({ head: 1, tail: 1_000_000, length: 1_000_000 });
  });
});
