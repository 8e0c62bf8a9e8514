import type { HeapPathStep } from '../../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { english, type Msg, msg, type WarningSink, warn } from '../../core/messages.ts';
import type { FormatHandler, OpenedArtifact, OpenOptions } from '../../engine/format-handler.ts';
import { analyzeHeap, type HeapAnalysis, isReachable } from '../../graph/dominators.ts';
import { nodeAddress } from '../../graph/heap-graph.ts';
import { formatHeapPath } from '../../graph/path-steps.ts';
import { type HeapFamilyQueries, type HeapNodeRow, heapQueries } from '../../graph/queries.ts';
import { summarizeHeap } from '../../graph/summary.ts';
import { type ElfSymbols, readElfSymbols } from '../elf/elf-symbols.ts';
import { buildGoHeapGraph, type GoHeapModel, goNaming } from './graph.ts';
import { type GoHeapDump, type MemStats, parseGoHeapDump } from './parser.ts';
import { addStepOffsets, foldGroupSuspects, goSuspects } from './suspects.ts';

/** What the Go handler keeps in the worker for comparisons. */
export interface GoHeapdumpModel {
  kind: 'go-heapdump';
  dump: GoHeapDump;
  model: GoHeapModel;
  analysis: HeapAnalysis;
  label: (n: number) => string;
}

export interface MemStatsCheck {
  memStats: MemStats;
  dumpObjects: number;
  dumpBytes: number;
  reachableObjects: number;
  reachableBytes: number;
  notes: string[];
  noteMsgs: Msg[];
}

/** Cross-checks MemStats with the objects in the dump and says why they may differ. */
export function checkMemStats(
  ms: MemStats,
  a: { objects: number; totalBytes: number; reachableObjects: number; reachableBytes: number },
): MemStatsCheck {
  const noteMsgs: Msg[] = [];
  if (ms.HeapObjects === a.objects && ms.HeapAlloc === a.totalBytes) {
    noteMsgs.push(msg('goheap/memStatsMatch'));
  } else {
    noteMsgs.push(
      msg('goheap/memStatsDiffer', {
        msObjects: ms.HeapObjects,
        msBytes: ms.HeapAlloc,
        objects: a.objects,
        bytes: a.totalBytes,
      }),
    );
  }
  if (a.reachableObjects < a.objects) {
    noteMsgs.push(
      msg('goheap/memStatsUnreachable', {
        objects: a.objects - a.reachableObjects,
        bytes: a.totalBytes - a.reachableBytes,
      }),
    );
  }
  const notes = noteMsgs.map(english);
  return {
    memStats: ms,
    dumpObjects: a.objects,
    dumpBytes: a.totalBytes,
    reachableObjects: a.reachableObjects,
    reachableBytes: a.reachableBytes,
    notes,
    noteMsgs,
  };
}

export async function openGoHeapdump(
  source: ByteSource,
  ctx: ParseContext,
  options: OpenOptions = {},
): Promise<OpenedArtifact> {
  const dump = await parseGoHeapDump(source, ctx);
  const symbolWarnings: Msg[] = [];
  let symbols: ElfSymbols | undefined;
  if (options.binary) {
    symbols = await readElfSymbols(options.binary);
    if (symbols.stripped) symbolWarnings.push(msg('goheap/warnStripped', { file: options.binary.name }));
  }
  const objectCount = dump.objAddr.length;
  ctx.onProgress?.({ phase: 'graph', done: 0, total: objectCount });
  // the graph takes over the dump's per-object arrays (peak memory ≤ the dump's size)
  const model = buildGoHeapGraph(dump, symbols, { release: true });
  ctx.onProgress?.({ phase: 'graph', done: objectCount, total: objectCount });
  // the DFS preorder names groups by their top dominator (graph.ts) and compares roots
  const analysis = await analyzeHeap(model.graph, ctx, { keepOrder: true });
  const naming = goNaming(model, source, analysis);
  const sink: WarningSink = { warnings: [...dump.warnings], warningMsgs: [...dump.warningMsgs] };
  for (const m of symbolWarnings) warn(sink, m);
  if (model.danglingPointers > 0) {
    const why = msg(dump.truncated ? 'goheap/danglingTruncated' : 'goheap/danglingUnswept');
    warn(sink, msg('goheap/warnDangling', { count: model.danglingPointers, why }));
  }
  if (dump.otherRoots > 0) warn(sink, msg('goheap/warnOtherRoots', { count: dump.otherRoots }));
  const block = summarizeHeap(model.graph, analysis, {
    naming,
    suspectGroupings: ['site', 'shape'],
    typeSuspects: false,
    objectSuspects: false,
  });
  // Go suspects are named by their holders (globals, frames) and descend to where memory
  // accumulates; the engine's group suspects stay only where they are a finding of their own.
  const found = goSuspects(model, analysis, naming);
  const groups = block.suspects.filter((s) => s.kind.startsWith('group:'));
  const otherGroups = foldGroupSuspects(model, analysis, found, groups);
  for (const s of found.suspects) {
    await addStepOffsets(model, naming, dump.params, s.pathSteps);
    s.pathText = formatHeapPath(s.pathSteps);
  }
  block.suspects = [...found.suspects, ...otherGroups];
  // the dominator pass's leftover buffer served the predecessor index, if anything
  analysis.scratch = undefined;
  const goroutines = Array.from(model.goroutineNode, ([node, goid]) => ({
    node,
    goid,
    label: naming.label(node),
    retainedBytes: analysis.retained[node],
  }))
    .sort((a, b) => b.retainedBytes - a.retainedBytes)
    .slice(0, 50);
  const memStats = dump.memStats ? checkMemStats(dump.memStats, analysis) : undefined;
  if (!dump.memStats && !dump.truncated) warn(sink, msg('goheap/warnNoMemStats'));
  const heap = {
    ...block,
    dumpVersion: dump.version,
    buildVersion: dump.params?.buildVersion,
    arch: dump.params?.arch,
    goroutineCount: dump.goroutines.length,
    userGoroutineCount: dump.goroutines.filter((g) => !g.system).length,
    goroutines,
    segments: dump.segments.map((s) => ({
      kind: s.kind,
      start: s.start,
      size: s.size,
      pointers: s.offsets.length,
    })),
    finalizers: dump.finalizers.length,
    sampledObjects: dump.allocSamples.size,
    ...(memStats ? { memStats } : {}),
  };
  const kept: GoHeapdumpModel = { kind: 'go-heapdump', dump, model, analysis, label: naming.label };
  return {
    truncated: dump.truncated,
    ...(dump.truncatedAt !== undefined ? { truncatedAt: dump.truncatedAt } : {}),
    ...sink,
    capturedAtMs: source.lastModified,
    heap,
    queries: withStepOffsets(heapQueries(model.graph, analysis, naming), model, naming, dump),
    model: kept,
  };
}

/** A path row and how the next row (toward the root) holds it: pointer offset, element index. */
export type GoPathRow = HeapNodeRow & Pick<HeapPathStep, 'offset' | 'index'>;

/**
 * The engine's queries, with `pathsToRoots` rows saying where in the next object (toward the
 * root) the pointer sits: read back from the dump on demand, since the graph keeps no offsets.
 */
function withStepOffsets(
  queries: ReturnType<typeof heapQueries>,
  model: GoHeapModel,
  naming: ReturnType<typeof goNaming>,
  dump: GoHeapDump,
): HeapFamilyQueries {
  const paths = queries.pathsToRoots as unknown as (id: number, o?: object) => HeapNodeRow[][];
  return {
    ...queries,
    async pathsToRoots(
      id: number,
      opts: { max?: number; excludeWeak?: boolean } = {},
    ): Promise<GoPathRow[][]> {
      const out: GoPathRow[][] = [];
      for (const p of paths(id, opts)) {
        // steps run root first; rows run from the object up to the root
        const steps: HeapPathStep[] = p.map((r) => ({ label: r.label, id: r.id, type: r.type })).reverse();
        await addStepOffsets(model, naming, dump.params, steps);
        out.push(
          p.map((r, k) => {
            const s = steps[p.length - 1 - k];
            return {
              ...r,
              ...(s.offset !== undefined ? { offset: s.offset } : {}),
              ...(s.index !== undefined ? { index: s.index } : {}),
            };
          }),
        );
      }
      return out;
    },
  };
}

export interface GroupDelta {
  name: string;
  baseCount: number;
  count: number;
  baseBytes: number;
  bytes: number;
  countDelta: number;
  bytesDelta: number;
}

function groupTotals(
  m: GoHeapdumpModel,
  of: Int32Array,
  names: string[],
): Map<string, { count: number; bytes: number }> {
  const out = new Map<string, { count: number; bytes: number }>();
  const g = m.model.graph;
  for (let n = 1; n <= m.model.objects; n++) {
    if (!isReachable(m.analysis, n)) continue;
    const gi = of[n];
    const name = gi >= 0 ? names[gi] : '(unnamed)';
    const t = out.get(name) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += g.shallow[n];
    out.set(name, t);
  }
  return out;
}

function deltas(
  base: Map<string, { count: number; bytes: number }>,
  cur: Map<string, { count: number; bytes: number }>,
  limit = 50,
): GroupDelta[] {
  const names = new Set([...base.keys(), ...cur.keys()]);
  const rows: GroupDelta[] = [];
  for (const name of names) {
    const b = base.get(name) ?? { count: 0, bytes: 0 };
    const c = cur.get(name) ?? { count: 0, bytes: 0 };
    if (b.count === c.count && b.bytes === c.bytes) continue;
    rows.push({
      name,
      baseCount: b.count,
      count: c.count,
      baseBytes: b.bytes,
      bytes: c.bytes,
      countDelta: c.count - b.count,
      bytesDelta: c.bytes - b.bytes,
    });
  }
  rows.sort((x, y) => y.bytesDelta - x.bytesDelta);
  return rows.slice(0, limit);
}

export interface GoHeapCompare {
  kind: 'heap-compare';
  baseObjects: number;
  objects: number;
  /** Reachable objects of the second dump at addresses (and sizes) not in the first. */
  newObjects: number;
  newBytes: number;
  /** Reachable objects of the first dump no longer present. */
  goneObjects: number;
  goneBytes: number;
  reachableBytesDelta: number;
  byRoot: GroupDelta[];
  bySite: GroupDelta[];
  byShape: GroupDelta[];
  /** Retained bytes per root label (goroutines, frames, globals), biggest growth first. */
  rootRetained: GroupDelta[];
  largestNew: { id: number; label: string; bytes: number; retainedBytes: number }[];
}

/** Compares two dumps of one process: Go does not move objects, so addresses match. */
export function compareGoHeapdumps(base: GoHeapdumpModel, cur: GoHeapdumpModel): GoHeapCompare {
  const bg = base.model.graph;
  const cg = cur.model.graph;
  let i = 1;
  let newObjects = 0;
  let newBytes = 0;
  const newIds: number[] = [];
  const bEnd = base.model.objects;
  const seenBase = new Uint8Array(bEnd + 1);
  for (let n = 1; n <= cur.model.objects; n++) {
    const a = nodeAddress(cg, n);
    while (i <= bEnd && nodeAddress(bg, i) < a) i++;
    const same =
      i <= bEnd &&
      nodeAddress(bg, i) === a &&
      bg.shallow[i] === cg.shallow[n] &&
      isReachable(base.analysis, i);
    if (same) seenBase[i] = 1;
    if (!isReachable(cur.analysis, n) || same) continue;
    newObjects++;
    newBytes += cg.shallow[n];
    newIds.push(n);
  }
  let goneObjects = 0;
  let goneBytes = 0;
  for (let n = 1; n <= bEnd; n++) {
    if (isReachable(base.analysis, n) && !seenBase[n]) {
      goneObjects++;
      goneBytes += bg.shallow[n];
    }
  }
  newIds.sort((x, y) => cur.analysis.retained[y] - cur.analysis.retained[x]);
  const rootTotals = (m: GoHeapdumpModel) => {
    const out = new Map<string, { count: number; bytes: number }>();
    for (const [id, l] of m.model.graph.rootLabel) {
      out.set(l, { count: 1, bytes: m.analysis.retained[id] });
    }
    return out;
  };
  const grouping = (m: GoHeapdumpModel, key: 'shape' | 'site') =>
    key === 'shape'
      ? groupTotals(m, m.model.shape, m.model.shapes)
      : groupTotals(m, m.model.site, m.model.sites);
  const rootOf = (m: GoHeapdumpModel) => {
    // by the top dominator below the super-root
    const g = m.model.graph;
    const top = new Int32Array(g.nodeCount).fill(-1);
    const out = new Map<string, { count: number; bytes: number }>();
    const order = m.analysis.order ?? new Uint32Array(0);
    for (let k = 1; k < order.length; k++) {
      const v = order[k];
      const d = m.analysis.idom[v];
      top[v] = d === 0 ? v : top[d];
      if (g.isRoot?.[v]) continue;
      const name = g.isRoot?.[top[v]] ? m.label(top[v]) : 'held by several roots';
      const t = out.get(name) ?? { count: 0, bytes: 0 };
      t.count++;
      t.bytes += g.shallow[v];
      out.set(name, t);
    }
    return out;
  };
  return {
    kind: 'heap-compare',
    baseObjects: base.model.objects,
    objects: cur.model.objects,
    newObjects,
    newBytes,
    goneObjects,
    goneBytes,
    reachableBytesDelta: cur.analysis.reachableBytes - base.analysis.reachableBytes,
    byRoot: deltas(rootOf(base), rootOf(cur)),
    bySite: deltas(grouping(base, 'site'), grouping(cur, 'site')),
    byShape: deltas(grouping(base, 'shape'), grouping(cur, 'shape')),
    rootRetained: deltas(rootTotals(base), rootTotals(cur)),
    largestNew: newIds.slice(0, 20).map((id) => ({
      id,
      label: cur.label(id),
      bytes: cg.shallow[id],
      retainedBytes: cur.analysis.retained[id],
    })),
  };
}

export const goHeapdumpHandler: FormatHandler = {
  format: 'go-heapdump',
  open: (source, ctx, options) => openGoHeapdump(source, ctx, options),
  compare(base, current) {
    const b = base.model as GoHeapdumpModel | undefined;
    const c = current.model as GoHeapdumpModel | undefined;
    if (b?.kind !== 'go-heapdump' || c?.kind !== 'go-heapdump')
      throw new Error('both artifacts must be Go heap dumps');
    return compareGoHeapdumps(b, c);
  },
};
