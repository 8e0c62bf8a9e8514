import type { JavaHeapThread } from '../../../contract/inspect.ts';
import { english, msg } from '../../core/messages.ts';
import type { FormatHandler } from '../../engine/format-handler.ts';
import {
  analyzeHeap,
  type HeapAnalysis,
  type HeapNodeRow,
  heapQueries,
  summarizeHeap,
} from '../../graph/index.ts';
import type { HeapQueries } from '../../graph/queries.ts';
import {
  classHistogram,
  duplicateStrings,
  javaNaming,
  nameThreads,
  pct,
  unclosedResources,
} from './analysis.ts';
import { type HprofModel, parseHprof } from './parser.ts';
import {
  describeJavaSuspects,
  planJavaSuspects,
  unreachableHistogram,
  unreachableSuspect,
  withoutCoveredGroups,
} from './suspects.ts';
import { HprofValues } from './values.ts';

/** What an opened HPROF artifact keeps in the worker (for queries and comparisons). */
export interface HprofArtifactModel {
  hprof: HprofModel;
  analysis: HeapAnalysis;
  histogram: Map<string, { count: number; shallowBytes: number }>;
}

export interface HprofCompareRow {
  type: string;
  baseCount: number;
  count: number;
  deltaCount: number;
  baseBytes: number;
  bytes: number;
  deltaBytes: number;
}

/** The Java-only lists a heap view shows beside the graph (computed once at open). */
interface JavaLists {
  threads: JavaHeapThread[];
  unclosed: Awaited<ReturnType<typeof unclosedResources>>;
  dups: Awaited<ReturnType<typeof duplicateStrings>>;
}

/** The Java heap queries: the graph's, plus decoded field values and the Java-only lists. */
function hprofQueries(graph: HeapQueries, values: HprofValues, lists: JavaLists) {
  return {
    ...graph,
    /** The engine's paths to GC roots, each row named by the field of the next row that holds it. */
    pathsToRoots: async (id: number, opts: { max?: number; excludeWeak?: boolean } = {}) => {
      const paths = graph.pathsToRoots(id, opts);
      const pairs: [number, number][] = [];
      for (const p of paths) for (let i = 0; i + 1 < p.length; i++) pairs.push([p[i + 1].id, p[i].id]);
      const names = await values.referenceNames(pairs);
      let k = 0;
      return paths.map((p) =>
        p.map((r, i): HeapNodeRow => {
          const field = i + 1 < p.length ? names[k++] : undefined;
          return field ? { ...r, field } : r;
        }),
      );
    },
    /** Decoded fields of an instance (or statics of a class), for the inspector. */
    fields: async (id: number) => (await values.fields([id])).get(id) ?? [],
    /** Contents of a java.lang.String instance. */
    stringValue: async (id: number) => (await values.strings([id])).get(id),
    threads: () => lists.threads,
    unclosedResources: () => lists.unclosed,
    duplicateStrings: () => lists.dups,
  };
}

/** The queries a Java heap view calls; the renderer's calls are typed by them. */
export type HprofQueries = ReturnType<typeof hprofQueries>;

export interface HprofComparison {
  rows: HprofCompareRow[];
  totalDeltaBytes: number;
  grown: number;
}

export const hprofHandler: FormatHandler = {
  format: 'hprof',
  async open(source, ctx) {
    const m = await parseHprof(source, ctx);
    const values = new HprofValues(m);
    const analysis = await analyzeHeap(m.graph, ctx, { scratch: m.spare.splice(0) });
    // The suspects' paths are known from the graph alone: their records join the strings and
    // threads in the one read-back pass (a gzip dump is re-inflated once, not twice).
    const plan = planJavaSuspects(m, analysis);
    values.prefetchAlso(plan.sources);
    await nameThreads(m, values);
    const naming = javaNaming(m, values);
    const heap = summarizeHeap(m.graph, analysis, { naming });
    const suspects = await describeJavaSuspects(m, analysis, plan, naming, values);
    // The engine's single-object suspects are the same big dominators, described without the
    // static fields: the Java suspects above replace them. Its group suspects stay unless they
    // only restate a Java suspect (the class vector's Object[], the entries of the leaking map).
    const groups = heap.suspects.filter((s) => {
      if (s.id !== undefined) return false;
      // Class objects together "retain" whatever their static fields reach; the suspects above
      // already name the static field that holds the memory, so that group only repeats them.
      return s.group !== 'java.lang.Class';
    });
    const unreachable = unreachableHistogram(m, analysis);
    const garbage = unreachableSuspect(analysis, unreachable);
    heap.suspects = [
      ...(garbage ? [garbage] : []),
      ...suspects,
      ...withoutCoveredGroups(m, analysis, suspects, groups),
    ];
    heap.unreachableHistogram = unreachable;
    const unclosed = await unclosedResources(m, analysis, values);
    const dups = await duplicateStrings(m, analysis, values);
    // the dominator pass's leftover buffer served the predecessor index, if anything
    analysis.scratch = undefined;
    const threads = m.threads.map((t): JavaHeapThread => {
      const node = m.nodeOf(t.objectId);
      return {
        serial: t.serial,
        name: t.name ?? `#${t.serial}`,
        id: node,
        retainedBytes: node > 0 ? analysis.retained[node] : 0,
        frames: t.frames.slice(0, 40),
      };
    });
    heap.gcRootsByKind = m.roots.byKind;
    heap.threads = threads;
    heap.unclosedResources = unclosed;
    heap.duplicateStrings = dups;
    heap.shallowSizeConvention = m.sizing.convention;
    heap.shallowSizeConventionMsg = m.sizing.conventionMsg;
    heap.hprof = {
      version: m.version,
      idSize: m.idSize,
      oopSize: m.sizing.oopSize,
      classes: m.classes.size,
      gzip: m.gzip,
    };
    const queries = hprofQueries(heapQueries(m.graph, analysis, naming), values, { threads, unclosed, dups });
    const warnings = [...m.warnings];
    const warningMsgs = [...m.warningMsgs];
    if (unclosed.open > 0) {
      const g = unclosed.groups[0];
      const w = msg('hprof/warnUnclosed', { description: g.descriptionMsg ?? g.description });
      warnings.push(english(w));
      warningMsgs.push(w);
    }
    // the full class histogram serves only comparisons: counted on the first one
    let histogram: HprofArtifactModel['histogram'] | undefined;
    const model: HprofArtifactModel = {
      hprof: m,
      analysis,
      get histogram() {
        histogram ??= classHistogram(m);
        return histogram;
      },
    };
    return {
      truncated: m.truncated,
      ...(m.truncatedAt !== undefined ? { truncatedAt: m.truncatedAt } : {}),
      warnings,
      warningMsgs,
      ...(m.timestampMs > 0 ? { capturedAtMs: m.timestampMs } : {}),
      heap,
      queries,
      model,
    };
  },
  compare(base, current) {
    const b = (base.model as HprofArtifactModel | undefined)?.histogram;
    const c = (current.model as HprofArtifactModel | undefined)?.histogram;
    if (!b || !c) return { rows: [], totalDeltaBytes: 0, grown: 0 };
    return compareHistograms(b, c);
  },
};

/** Compares two dumps by class (Java addresses move between dumps, so never by object). */
export function compareHistograms(
  base: Map<string, { count: number; shallowBytes: number }>,
  current: Map<string, { count: number; shallowBytes: number }>,
): HprofComparison {
  const rows: HprofCompareRow[] = [];
  const types = new Set([...base.keys(), ...current.keys()]);
  let total = 0;
  for (const type of types) {
    const x = base.get(type) ?? { count: 0, shallowBytes: 0 };
    const y = current.get(type) ?? { count: 0, shallowBytes: 0 };
    const row = {
      type,
      baseCount: x.count,
      count: y.count,
      deltaCount: y.count - x.count,
      baseBytes: x.shallowBytes,
      bytes: y.shallowBytes,
      deltaBytes: y.shallowBytes - x.shallowBytes,
    };
    total += row.deltaBytes;
    if (row.deltaCount !== 0 || row.deltaBytes !== 0) rows.push(row);
  }
  rows.sort((p, q) => Math.abs(q.deltaBytes) - Math.abs(p.deltaBytes) || p.type.localeCompare(q.type));
  return { rows, totalDeltaBytes: total, grown: rows.filter((r) => r.deltaCount > 0).length };
}

export { pct };
