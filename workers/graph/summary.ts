import type { HeapBlock, HeapHistogramEntry, HeapSuspect, HeapTopEntry } from '../../contract/inspect.ts';
import { english, type Msg, msg } from '../core/messages.ts';
import { dominatedBy, type HeapAnalysis } from './dominators.ts';
import type { HeapGraph } from './heap-graph.ts';
import { defaultNaming, type HeapNaming, retainedByGroups, shortestPathsToRoots } from './queries.ts';

export interface SummarizeOptions {
  naming?: HeapNaming;
  /** Entries in `top` (default 20). */
  topN?: number;
  /** Rows in `histogram` (default 50, by retained bytes). */
  histogramN?: number;
  /** A suspect retains at least this fraction of the reachable heap (default 0.1, MAT uses 10 %). */
  suspectThreshold?: number;
  /** Groupings (names in `naming.groupings`) also checked for group suspects. */
  suspectGroupings?: string[];
  /** Check `graph.types` groups for suspects too (default true). */
  typeSuspects?: boolean;
  /** At most this many group suspects (default 5). */
  maxGroupSuspects?: number;
  /** Single-node suspects (default true); false when the format finds its own (Go). */
  objectSuspects?: boolean;
}

/** Extra fields this module adds to the contract's HeapBlock (through its index signature). */
export interface HeapBlockExtras {
  unreachableObjects: number;
  unreachableBytes: number;
  reachableObjects: number;
  /** Root count by `naming.rootKind`, e.g. { bss: 12, stack: 30 }. */
  rootsByKind: Record<string, number>;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** A suspect's title and description in English with the messages they are made from. */
const groupText = (titleMsg: Msg, descriptionMsg: Msg) => ({
  title: english(titleMsg),
  description: english(descriptionMsg),
  titleMsg,
  descriptionMsg,
});

/**
 * The accumulation point below `start` (as MAT): follow the biggest dominator-tree child while
 * it keeps at least `keep` of the current node's retained size; stop where the size spreads out.
 */
export function accumulationPoint(analysis: HeapAnalysis, start: number, keep = 0.8): number {
  const { retained } = analysis;
  let v = start;
  for (;;) {
    let best = -1;
    for (const k of dominatedBy(analysis, v)) {
      if (best < 0 || retained[k] > retained[best]) best = k;
    }
    if (best < 0 || retained[best] < keep * retained[v]) return v;
    v = best;
  }
}

/**
 * The `k` dominator-tree children of `node` with the largest retained sizes, largest first (ties:
 * lower id first), in one pass without sorting all the children.
 */
export function largestChildren(analysis: HeapAnalysis, node: number, k: number): number[] {
  const { retained } = analysis;
  const best: number[] = [];
  if (k <= 0) return best;
  // a before b in the result
  const before = (a: number, b: number) =>
    retained[a] > retained[b] || (retained[a] === retained[b] && a < b);
  for (const id of dominatedBy(analysis, node)) {
    if (best.length === k && !before(id, best[k - 1])) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && before(id, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = id;
  }
  return best;
}

/** Builds the contract's `heap` block (contract/inspect.ts) from a graph and its analysis. */
export function summarizeHeap(
  graph: HeapGraph,
  analysis: HeapAnalysis,
  opts: SummarizeOptions = {},
): HeapBlock & HeapBlockExtras {
  const naming = opts.naming ?? defaultNaming(graph);
  const topN = opts.topN ?? 20;
  const threshold = opts.suspectThreshold ?? 0.1;
  const { retained } = analysis;
  const typeOf = (id: number) => graph.types[graph.typeId[id]] ?? '?';

  let edges = 0;
  for (let i = 1; i < graph.nodeCount; i++) {
    if (!graph.isRoot?.[i]) edges += graph.firstEdge[i + 1] - graph.firstEdge[i];
  }
  const rootTargets = new Set(graph.edgeTarget.subarray(graph.firstEdge[0], graph.firstEdge[1]));
  const rootsByKind: Record<string, number> = {};
  for (const r of rootTargets) {
    const kind = naming.rootKind?.(r) ?? (graph.isRoot?.[r] ? typeOf(r) : 'root object');
    rootsByKind[kind] = (rootsByKind[kind] ?? 0) + 1;
  }

  const rootLabelOf = (id: number): string => {
    const path = shortestPathsToRoots(graph, analysis, id, { max: 1 })[0];
    if (!path) return '';
    return naming.label(path[path.length - 1]);
  };

  // the biggest children of the super-root: every one that can be a suspect (at most
  // 1/threshold of them retain ≥ threshold of the heap) and the top N, without sorting them all
  // (a Java heap can have a million)
  const topIds =
    threshold > 0
      ? largestChildren(analysis, 0, Math.max(topN, Math.floor(1 / threshold) + 1))
      : Array.from(dominatedBy(analysis, 0)).sort((a, b) => retained[b] - retained[a] || a - b);
  const top: HeapTopEntry[] = topIds.slice(0, topN).map((id) => ({
    id,
    label: naming.label(id),
    type: typeOf(id),
    shallowBytes: graph.shallow[id],
    retainedBytes: retained[id],
    root: rootLabelOf(id),
  }));

  const groupSets: { name: string; of: Int32Array | Uint16Array; names: string[] }[] =
    opts.typeSuspects === false ? [] : [{ name: 'type', of: graph.typeId, names: graph.types }];
  for (const g of opts.suspectGroupings ?? []) {
    const grp = naming.groupings?.[g];
    if (grp && g !== 'type') groupSets.push({ name: g, ...grp });
  }
  // the histogram's types and every suspect grouping in one walk of the dominator tree
  const [byType, ...byGroup] = retainedByGroups(graph, analysis, [
    { of: graph.typeId, groupCount: graph.types.length },
    ...groupSets.filter((gs) => gs.name !== 'type').map((gs) => ({ of: gs.of, groupCount: gs.names.length })),
  ]);
  const histAll: HeapHistogramEntry[] = [];
  for (let t = 0; t < graph.types.length; t++) {
    if (byType.count[t] === 0) continue;
    histAll.push({
      type: graph.types[t],
      count: byType.count[t],
      shallowBytes: byType.shallow[t],
      retainedBytes: byType.retained[t],
    });
  }
  histAll.sort((a, b) => b.retainedBytes - a.retainedBytes || b.shallowBytes - a.shallowBytes);

  // Suspects: single dominator-tree nodes (descending through pseudo-root chains), then groups.
  const base = analysis.reachableBytes;
  const suspects: HeapSuspect[] = [];
  const minBytes = threshold * base;
  const seenPoint = new Set<number>();
  for (const id of opts.objectSuspects === false ? [] : topIds) {
    if (retained[id] < minBytes || base === 0) break;
    // Skip through pseudo-nodes (goroutine → frame) to the first real object that holds the bulk.
    let holder = id;
    while (graph.isRoot?.[holder]) {
      let best = -1;
      for (const k of dominatedBy(analysis, holder)) {
        if (best < 0 || retained[k] > retained[best]) best = k;
      }
      if (best < 0 || retained[best] < minBytes) break;
      holder = best;
    }
    const point = accumulationPoint(analysis, holder);
    if (seenPoint.has(point)) continue;
    seenPoint.add(point);
    const path = (shortestPathsToRoots(graph, analysis, holder, { max: 1 })[0] ?? [holder]).reverse();
    const kids = dominatedBy(analysis, point).length;
    const rootName = naming.label(path[0]);
    const titleMsg = msg('heap/objectTitle', {
      holder: naming.label(holder),
      bytes: retained[holder],
      percent: pct(retained[holder], base),
    });
    const descriptionMsg = msg('heap/objectDescription', {
      type: typeOf(holder),
      root: rootName,
      bytes: retained[holder],
      accumulation:
        point !== holder || kids > 1
          ? msg('heap/objectAccumulation', { point: naming.label(point), kids, pointBytes: retained[point] })
          : '',
    });
    suspects.push({
      kind: graph.isRoot?.[id] ? 'root' : 'object',
      title: english(titleMsg),
      description: english(descriptionMsg),
      titleMsg,
      descriptionMsg,
      retainedBytes: retained[holder],
      percent: pct(retained[holder], base),
      path: path.map((p) => naming.label(p)),
      accumulationPoint: naming.label(point),
      id: holder,
      accumulationId: point,
    } as HeapSuspect);
  }
  const groupSuspects: HeapSuspect[] = [];
  let nextGroup = 0;
  for (const gs of groupSets) {
    const r = gs.name === 'type' ? byType : byGroup[nextGroup++];
    for (let t = 0; t < gs.names.length; t++) {
      if (r.count[t] < 2 || r.retained[t] < minBytes || base === 0) continue;
      groupSuspects.push({
        kind: `group:${gs.name}`,
        ...groupText(
          msg('heap/groupTitle', {
            count: r.count[t],
            grouping: gs.name,
            group: gs.names[t],
            bytes: r.retained[t],
            percent: pct(r.retained[t], base),
          }),
          msg('heap/groupDescription', { grouping: gs.name, bytes: r.retained[t], shallow: r.shallow[t] }),
        ),
        retainedBytes: r.retained[t],
        percent: pct(r.retained[t], base),
        path: [],
        group: gs.names[t],
      } as HeapSuspect);
    }
  }
  // single objects first (biggest first), then the biggest groups
  suspects.sort((a, b) => b.retainedBytes - a.retainedBytes);
  groupSuspects.sort((a, b) => b.retainedBytes - a.retainedBytes);
  suspects.push(...groupSuspects.slice(0, opts.maxGroupSuspects ?? 5));

  return {
    objects: analysis.objects,
    edges,
    totalBytes: analysis.totalBytes,
    reachableBytes: analysis.reachableBytes,
    gcRoots: rootTargets.size,
    top,
    histogram: histAll.slice(0, opts.histogramN ?? 50),
    suspects,
    unreachableObjects: analysis.unreachableObjects,
    unreachableBytes: analysis.unreachableBytes,
    reachableObjects: analysis.reachableObjects,
    rootsByKind,
  };
}
