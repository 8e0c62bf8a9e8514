import type { HeapPathStep, HeapSuspect } from '../../../contract/inspect.ts';
import { english, type Msg, msg } from '../../core/messages.ts';
import {
  bigDropChain,
  dominatedBy,
  dominatedByAny,
  type HeapAnalysis,
  type HeapNaming,
  largestChildren,
  retainedByGroup,
  shortestPathsToRoots,
} from '../../graph/index.ts';
import { mb, pct, shortName } from './analysis.ts';
import { type HprofModel, K_CLASS, K_OBJ_ARRAY } from './parser.ts';
import { T_OBJECT } from './records.ts';
import type { HprofValues } from './values.ts';

/** One step of a path from a GC root: the object and the reference that led to it. */
export type PathStep = HeapPathStep;

/**
 * The contract's HeapSuspect fields a Java object suspect always fills (`id`, `accumulationId`,
 * `holderType`, `pathSteps`, `pathText`); `holder`, `staticField` and the accumulated type and
 * count stay optional there.
 */
export type JavaSuspectExtras = Required<
  Pick<HeapSuspect, 'id' | 'accumulationId' | 'holderType' | 'pathSteps' | 'pathText'>
>;

const typeOf = (m: HprofModel, n: number) => m.graph.types[m.graph.typeId[n]] ?? '?';

/** Map and list internals whose elements are the entries, not what the program put in. */
const ENTRY_TYPE = /^java\.util\.(?:concurrent\.)?[A-Za-z]+\$(?:[A-Za-z]*Node|[A-Za-z]*Entry)$/;

interface Found {
  top: number;
  /** Chain from `top` down to the accumulation point. */
  chain: number[];
  holderIndex: number;
  staticOf?: { cls: string; field: string };
}

/** The static field of `cls` (a class node) whose value is `node`, if any. */
function staticFieldName(m: HprofModel, cls: number, node: number): string | undefined {
  if (cls <= 0 || m.kindOf(cls) !== K_CLASS) return undefined;
  const c = m.classes.get(m.idOf(cls));
  const id = m.idOf(node);
  return c?.statics.find((s) => s.type === T_OBJECT && s.value === id)?.name;
}

/**
 * Whether a node only groups other big holders rather than accumulating: a class object (whose
 * statics are the holders), a class loader, or an array whose big elements are classes (a
 * loader's class vector).
 */
function isStructural(m: HprofModel, a: HeapAnalysis, node: number, minSplit: number): boolean {
  if (m.kindOf(node) === K_CLASS || /ClassLoader$/.test(typeOf(m, node))) return true;
  let big = 0;
  for (const k of dominatedBy(a, node)) {
    if (a.retained[k] < minSplit) continue;
    if (m.kindOf(k) !== K_CLASS) return false;
    big++;
  }
  return big > 0;
}

/**
 * What accumulates below the point: its dominator-tree children, seen through map and list
 * entries (a `ConcurrentHashMap$Node` stands for the value it holds), grouped by class and
 * weighed by retained size. The count is of the top-most objects of that class in the point's
 * subtree, so entries chained in one bucket are all counted.
 */
function accumulated(
  m: HprofModel,
  a: HeapAnalysis,
  point: number,
): { type: number; count: number; sample: number; throughEntries: boolean } | undefined {
  const g = m.graph;
  const { retained } = a;
  const weight = new Map<number, number>();
  const sampleOf = new Map<number, number>();
  let throughEntries = false;
  for (const c of dominatedBy(a, point)) {
    let rep = c;
    if (ENTRY_TYPE.test(typeOf(m, c))) {
      let best = -1;
      for (const k of dominatedBy(a, c))
        if (g.typeId[k] !== g.typeId[c] && (best < 0 || retained[k] > retained[best])) best = k;
      if (best > 0) {
        rep = best;
        throughEntries = true;
      }
    }
    const t = g.typeId[rep];
    weight.set(t, (weight.get(t) ?? 0) + retained[c]);
    const s = sampleOf.get(t);
    if (s === undefined || retained[rep] > retained[s]) sampleOf.set(t, rep);
  }
  let type = -1;
  for (const [t, w] of weight) if (type < 0 || w > (weight.get(type) ?? 0)) type = t;
  if (type < 0) return undefined;
  // top-most objects of the type in the subtree: an iterative walk that stops at each one
  let count = 0;
  const stack: number[] = [point];
  while (stack.length) {
    const v = stack.pop() as number;
    for (const k of dominatedBy(a, v)) {
      if (g.typeId[k] === type) count++;
      else stack.push(k);
    }
  }
  return { type, count, sample: sampleOf.get(type) ?? -1, throughEntries };
}

/**
 * MAT-grade leak suspects in Java words. From each big dominator of the heap, descend by "big
 * drop" (a class loader → its class vector → a class → a static field → a collection → its
 * backing array) to the accumulation point, and name the memory by the last static field crossed
 * on the way: `static com.example.Cls.FIELD (java.util.concurrent.ConcurrentHashMap) retains …`.
 * Big memory left aside on a descent (a second static under the same class loader) is a suspect
 * of its own once it retains half the threshold. Each suspect carries its path from the GC root
 * with the field names of every reference.
 */
export async function javaSuspects(
  m: HprofModel,
  a: HeapAnalysis,
  naming: HeapNaming,
  values: HprofValues,
  threshold = 0.1,
): Promise<(HeapSuspect & JavaSuspectExtras)[]> {
  return describeJavaSuspects(m, a, planJavaSuspects(m, a, threshold), naming, values);
}

/** Where the suspects are, before anything is read back from the dump or labelled. */
export interface JavaSuspectPlan {
  drafts: {
    f: Found;
    holder: number;
    point: number;
    acc: ReturnType<typeof accumulated>;
    /** From the GC root to one accumulated object. */
    nodes: number[];
  }[];
  /** The objects whose records name the references on the paths (to read in one batch). */
  sources: number[];
}

/** The graph half of {@link javaSuspects}: descents, holders, accumulation points and paths. */
export function planJavaSuspects(m: HprofModel, a: HeapAnalysis, threshold = 0.1): JavaSuspectPlan {
  const g = m.graph;
  const { retained, idom } = a;
  const base = a.reachableBytes;
  if (base === 0 || threshold <= 0) return { drafts: [], sources: [] };
  const min = threshold * base;
  const minSplit = (threshold / 2) * base;
  const queue = largestChildren(a, 0, Math.floor(1 / threshold) + 1).filter((n) => retained[n] >= min);
  const found: Found[] = [];
  const seenPoint = new Set<number>();
  for (let qi = 0; qi < queue.length && found.length < 20; qi++) {
    const top = queue[qi];
    const { chain, splits } = bigDropChain(a, top, { minSplit });
    // the holder: the last static field crossed, else where the descent started
    let holderIndex = 0;
    let staticOf: Found['staticOf'];
    for (let i = 0; i < chain.length; i++) {
      const prev = i === 0 ? idom[chain[0]] : chain[i - 1];
      const field = staticFieldName(m, prev, chain[i]);
      if (field) {
        holderIndex = i;
        staticOf = { cls: m.classes.get(m.idOf(prev))?.name ?? '?', field };
      }
    }
    // Below the holder, the first object array is the collection's backing array: what its
    // elements hold is the accumulation, even when one element alone keeps most of it.
    let end = chain.length;
    for (let i = holderIndex; i < chain.length; i++) {
      if (m.kindOf(chain[i]) === K_OBJ_ARRAY) {
        end = i + 1;
        break;
      }
    }
    const kept = chain.slice(0, end);
    // memory left aside above the accumulation point is worth a descent of its own
    const above = new Set(kept.slice(0, -1));
    for (const s of splits) if (above.has(idom[s])) queue.push(s);
    const point = kept[kept.length - 1];
    if (seenPoint.has(point)) continue;
    seenPoint.add(point);
    // A descent that stops at a class (its statics share the memory), at a class vector (its
    // classes do) or at a class loader found no accumulation: each big static is one of its own.
    if (staticOf === undefined && isStructural(m, a, point, minSplit)) {
      for (const k of dominatedBy(a, point)) if (retained[k] >= minSplit) queue.push(k);
      continue;
    }
    found.push({ top, chain: kept, holderIndex, staticOf });
  }

  const drafts = found.map((f) => {
    const holder = f.chain[f.holderIndex];
    const point = f.chain[f.chain.length - 1];
    const acc = dominatedBy(a, point).length > 0 ? accumulated(m, a, point) : undefined;
    const end = acc && acc.sample > 0 ? acc.sample : point;
    const up = shortestPathsToRoots(g, a, end, { max: 1, excludeWeak: true })[0] ??
      shortestPathsToRoots(g, a, end, { max: 1 })[0] ?? [end];
    return { f, holder, point, acc, nodes: up.reverse() };
  });
  const sources = new Set<number>();
  for (const d of drafts) for (let i = 0; i + 1 < d.nodes.length; i++) sources.add(d.nodes[i]);
  return { drafts, sources: [...sources] };
}

/** The words of {@link javaSuspects}: reference names read back from the dump, labels, titles. */
export async function describeJavaSuspects(
  m: HprofModel,
  a: HeapAnalysis,
  plan: JavaSuspectPlan,
  naming: HeapNaming,
  values: HprofValues,
): Promise<(HeapSuspect & JavaSuspectExtras)[]> {
  const g = m.graph;
  const { retained } = a;
  const base = a.reachableBytes;
  const { drafts } = plan;
  // every reference name of every path in one read of the dump
  const pairs: [number, number][] = [];
  for (const d of drafts) for (let i = 1; i < d.nodes.length; i++) pairs.push([d.nodes[i - 1], d.nodes[i]]);
  const names = await values.referenceNames(pairs);

  let k = 0;
  const out: (HeapSuspect & JavaSuspectExtras)[] = [];
  for (const { f, holder, point, acc, nodes } of drafts) {
    const pathSteps: PathStep[] = nodes.map((n, i) => {
      const field = i > 0 ? names[k++] : undefined;
      return { id: n, label: naming.label(n), type: typeOf(m, n), ...(field ? { field } : {}) };
    });
    const pathText = pathSteps
      .map((s, i) => (i === 0 || m.kindOf(s.id) === K_CLASS || !s.field ? s.label : s.field))
      .join(' → ');
    const holderType = typeOf(m, holder);
    const percent = pct(retained[holder], base);
    const bytes = retained[holder];
    const accType = acc ? g.types[acc.type] : undefined;
    const what = acc
      ? msg('hprof/titleWhat', {
          count: acc.count,
          type: shortName(accType ?? '?'),
          values: acc.throughEntries ? msg('hprof/titleValues') : '',
        })
      : '';
    const st = f.staticOf;
    const titleMsg = st
      ? msg('hprof/staticTitle', { holder: `${st.cls}.${st.field}`, holderType, bytes, percent, what })
      : msg('hprof/objectTitle', { holder: naming.label(holder), bytes, percent, what });
    const root = g.rootLabel.get(f.top);
    const where = st
      ? msg('hprof/whereStatic', { field: `${shortName(st.cls)}.${st.field}` })
      : root
        ? msg('hprof/whereRoot', { root })
        : '';
    const descriptionMsg = acc
      ? msg(acc.count === 1 ? 'hprof/descriptionOne' : 'hprof/descriptionMany', {
          count: acc.count,
          type: shortName(accType ?? '?'),
          holderType: shortName(holderType),
          where,
          bytes,
          percent,
        })
      : msg('hprof/descriptionHolder', { holderType: shortName(holderType), where, bytes, percent });
    const labelPath = (shortestPathsToRoots(g, a, holder, { max: 1 })[0] ?? [holder]).reverse();
    out.push({
      kind: 'object',
      title: english(titleMsg),
      description: english(descriptionMsg),
      titleMsg,
      descriptionMsg,
      retainedBytes: retained[holder],
      percent,
      path: labelPath.map((p) => naming.label(p)),
      accumulationPoint: naming.label(point),
      id: holder,
      accumulationId: point,
      holderType,
      ...(st
        ? { holder: `static ${st.cls}.${st.field}`, staticField: `${shortName(st.cls)}.${st.field}` }
        : {}),
      ...(acc && accType ? { accumulatedType: accType, accumulatedCount: acc.count } : {}),
      pathSteps,
      pathText,
    });
  }
  out.sort((x, y) => y.retainedBytes - x.retainedBytes);
  return out;
}

/**
 * Group suspects ("5,326 objects of type Object[] retain 98 %") that only restate an object
 * suspect are dropped: a group's retained size is recounted without the objects inside the
 * suspects' holders and on their descents (a class vector, a backing array), and only what is
 * still over the threshold stays, with the recounted numbers.
 */
const withTitle = (titleMsg: Msg) => ({ title: english(titleMsg), titleMsg });

export function withoutCoveredGroups(
  m: HprofModel,
  a: HeapAnalysis,
  objects: { id: number; accumulationId: number }[],
  groups: HeapSuspect[],
  threshold = 0.1,
): HeapSuspect[] {
  const g = m.graph;
  const typeGroups = groups.filter((s) => s.kind === 'group:type');
  if (objects.length === 0 || typeGroups.length === 0) return groups;
  const holders = objects.map((o) => o.id);
  const covered = dominatedByAny(a, holders);
  // the descent above each holder: its dominator chain up to the top of the tree, each node once
  // (holders deep in one chain, a linked list's entries, walked it again each)
  const walked = new Uint8Array(g.nodeCount);
  for (const h of holders) {
    for (let v = a.idom[h]; v > 0 && walked[v] === 0; v = a.idom[v]) {
      walked[v] = 1;
      covered[v] = 1;
    }
  }
  const outside = g.types.length;
  const of = outside < 0xffff ? new Uint16Array(g.nodeCount) : new Int32Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) of[n] = covered[n] ? outside : g.typeId[n];
  const r = retainedByGroup(g, a, of, outside + 1);
  const base = a.reachableBytes;
  const count = new Float64Array(outside);
  for (let n = 1; n < g.nodeCount; n++) if (!covered[n] && a.idom[n] >= 0) count[g.typeId[n]]++;
  const kept: HeapSuspect[] = [];
  for (const s of groups) {
    if (s.kind !== 'group:type') {
      kept.push(s);
      continue;
    }
    const name = (s as { group?: string }).group;
    const t = g.types.indexOf(name ?? '');
    if (t < 0) continue;
    const bytes = r.retained[t];
    if (count[t] < 2 || bytes < threshold * base) continue;
    const percent = pct(bytes, base);
    kept.push({
      ...s,
      ...withTitle(msg('hprof/typeGroupTitle', { count: count[t], type: name ?? '', bytes, percent })),
      retainedBytes: bytes,
      percent,
    });
  }
  return kept;
}

/** What the unreachable part of a dump is made of, by class (MAT's unreachable objects histogram). */
export function unreachableHistogram(
  m: HprofModel,
  a: HeapAnalysis,
  limit = 20,
): { type: string; count: number; shallowBytes: number }[] {
  const g = m.graph;
  const count = new Float64Array(g.types.length);
  const bytes = new Float64Array(g.types.length);
  for (let n = 1; n < g.nodeCount; n++) {
    if (a.idom[n] >= 0) continue;
    count[g.typeId[n]]++;
    bytes[g.typeId[n]] += g.shallow[n];
  }
  const rows: { type: string; count: number; shallowBytes: number }[] = [];
  for (let t = 0; t < g.types.length; t++)
    if (count[t] > 0) rows.push({ type: g.types[t], count: count[t], shallowBytes: bytes[t] });
  rows.sort((x, y) => y.shallowBytes - x.shallowBytes || x.type.localeCompare(y.type));
  return rows.slice(0, limit);
}

/**
 * A dump that is mostly garbage says so before anything else: the reachable heap (and every
 * percentage of it) is then a small part of what the JVM held, and the big classes are among
 * the unreachable objects. Undefined when at least half of the dump is reachable.
 */
export function unreachableSuspect(
  a: HeapAnalysis,
  histogram: { type: string; count: number; shallowBytes: number }[],
): HeapSuspect | undefined {
  const total = a.reachableBytes + a.unreachableBytes;
  if (total === 0 || a.unreachableBytes < 0.5 * total) return undefined;
  const percent = pct(a.unreachableBytes, total);
  const big = histogram
    .slice(0, 3)
    .map((h) => `${h.count.toLocaleString('en')} ${shortName(h.type)} (${mb(h.shallowBytes)})`)
    .join(', ');
  const titleMsg = msg('hprof/unreachableTitle', {
    unreachable: a.unreachableBytes,
    total,
    percent,
    big,
  });
  const descriptionMsg = msg('hprof/unreachableDescription', { reachable: a.reachableBytes });
  return {
    kind: 'unreachable',
    title: english(titleMsg),
    description: english(descriptionMsg),
    titleMsg,
    descriptionMsg,
    retainedBytes: a.unreachableBytes,
    percent,
    path: [],
  };
}
