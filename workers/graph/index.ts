/**
 * Heap graph engine: one analysis for every heap-dump format (Go heap dumps, Java HPROF).
 *
 * A format parser builds a {@link HeapGraph} (heap-graph.ts: node 0 = virtual super-root whose
 * out-edges are the GC roots; typed arrays; CSR edges via `buildCsr` / `EdgeList`; addresses
 * as an array or, compressed in a `DeltaColumn`, through `addressOf`), then:
 *
 * ```ts
 * const analysis = await analyzeHeap(graph, ctx);            // dominators + retained sizes
 * const naming: HeapNaming = { label: (id) => …, groupings: { site: { of, names } }, contents };
 * const heap = summarizeHeap(graph, analysis, { naming });    // the contract's HeapBlock
 * return { heap, queries: heapQueries(graph, analysis, naming), model: { graph, analysis }, … };
 * ```
 *
 * ## analyzeHeap(graph, ctx, { ignoreWeakEdges?, keepOrder?, scratch? }) → Promise<HeapAnalysis>
 * Semi-NCA dominators (Lengauer–Tarjan semidominators with iterative path compression), no
 * recursion anywhere (a 1,000,000-long chain is fine), in three reused node-sized buffers plus
 * 4 bytes a reference (taken from `scratch`, a parser's finished buffers, when they fit). Progress phases 'dominators' and 'retained' (done/total counted in
 * nodes); yields to the event loop and honours `ctx.signal`.
 * - `idom: Int32Array` immediate dominator per node, -1 for node 0 and unreachable nodes;
 *   `isReachable(analysis, node)` reads reachability from it
 * - `retained: Uint32Array | Float64Array` retained bytes (0 for unreachable nodes)
 * - `domChild` dominator-tree children grouped by dominator: `dominatedBy(analysis, node)`
 * - `order` DFS preorder, only with `keepOrder`
 * - references into a node are not part of it: `predecessors(graph, analysis)` (predecessors.ts)
 *   builds an index on first use (listing only objects referenced other than exactly once)
 * - `objects`, `reachableObjects`, `unreachableObjects`, `totalBytes`, `reachableBytes`,
 *   `unreachableBytes` — counted over real objects (not node 0, not `isRoot` pseudo-nodes)
 *
 * ## heapQueries(graph, analysis, naming?) → OpenedArtifact['queries']
 * Every result is structured-clone friendly; rows are {@link HeapNodeRow}
 * `{ id, label, type, address, shallowBytes, retainedBytes, children, isRoot, reachable }`.
 * - `children(id, { offset=0, limit=100, sort:'retained'|'shallow' })` → `{ total, offset, rows }`
 *   (dominator-tree children; id 0 gives the top of the tree)
 * - `roots({ offset, limit })` → page of the GC roots (super-root's successors), by retained
 * - `node(id, { edgeLimit=200 })` → {@link HeapNodeDetails}: row, dominator, rootLabel, groups
 *   (name per grouping), details, outgoing/incoming edges (first edgeLimit) and `hasContents`
 * - `contents(id, { offset=0, limit=4096 })` → `Uint8Array | undefined` (via `naming.contents`)
 * - `pathsToRoots(id, { max=5, excludeWeak })` → `HeapNodeRow[][]`, shortest paths to distinct
 *   GC roots, each `[id, …, root]` (BFS over the predecessor index)
 * - `histogram({ sort:'retained'|'shallow'|'count'|'name', offset, limit, groupBy='type' })` →
 *   `{ total, offset, rows: [{ group, type, count, shallowBytes, retainedBytes }], groupings }`;
 *   retained per group is MAT's: sum over members not dominated by another member of the group
 * - `instances(groupBy, group, { offset, limit })` → page of the group's objects by retained
 * - `search(text, limit=50)` → rows: `0x…` address (or containing object), `#id`, or a substring
 *   of a type / group name / root label
 *
 * ## summarizeHeap(graph, analysis, { naming, topN=20, histogramN=50, suspectThreshold=0.1,
 *    suspectGroupings, objectSuspects=true }) → HeapBlock (+ unreachableObjects, unreachableBytes, reachableObjects,
 *    rootsByKind)
 * `top` = largest dominator-tree children of the super-root, `root` = label of the GC root on
 * the shortest path; `histogram` by `graph.types`; `suspects` MAT-like: single dominator-tree
 * nodes over the threshold (descending through root pseudo-nodes to the holding object) with
 * the path from the root and the accumulation point, then groups over the threshold.
 *
 * ## bigDropChain(analysis, start, { keep=0.8, minSplit, stopAt }) → { chain, splits, endedBy }
 * MAT's descent from a big node to its accumulation point (follow the biggest child while it
 * keeps `keep` of its parent), with the big siblings left aside on the way and why it stopped
 * (`drop` / `leaf` / the format's `stopAt` rule); the one descent of Java and Go suspects and the
 * summary's accumulation points. `dominatedByAny`
 * marks the dominator subtrees of a set of nodes in one linear pass.
 *
 * ## findLinkedChains(graph, analysis, { kindOf?, minLength=1000 }) → LinkedChain[]
 * Runs of same-kind objects where each references and dominates the next (linked lists), as
 * `{ head, tail, length }`, biggest retained first; iterative (chains.ts).
 */

export { type BigDropChain, type BigDropOptions, bigDropChain, dominatedByAny } from './big-drop.ts';
export { findLinkedChains, type LinkedChain, type LinkedChainOptions } from './chains.ts';
export { DeltaColumn } from './delta-column.ts';
export {
  type AnalyzeOptions,
  analyzeHeap,
  childRange,
  childStart,
  dominatedBy,
  type HeapAnalysis,
  isReachable,
} from './dominators.ts';
export { buildCsr, EdgeList, type HeapGraph, isWeakEdge, nodeAddress } from './heap-graph.ts';
export { buildPredecessors, type Predecessors, predecessors } from './predecessors.ts';
export {
  defaultNaming,
  type HeapGrouping,
  type HeapHistogramRow,
  type HeapNaming,
  type HeapNodeDetails,
  type HeapNodeRow,
  type HeapPage,
  type HeapSort,
  heapQueries,
  hex,
  retainedByGroup,
  shortestPathsToRoots,
} from './queries.ts';
export {
  type HeapBlockExtras,
  largestChildren,
  type SummarizeOptions,
  summarizeHeap,
} from './summary.ts';
