import type {
  JavaDuplicateStrings,
  JavaUnclosedGroup,
  JavaUnclosedResources,
} from '../../../contract/inspect.ts';
import { formatBytes } from '../../core/format-number.ts';
import { english, type Msg, msg } from '../../core/messages.ts';
import { sortedOrder } from '../../graph/heap-graph.ts';
import { type HeapAnalysis, type HeapNaming, isReachable, predecessors } from '../../graph/index.ts';
import { type HprofModel, K_CLASS, K_INSTANCE, K_PRIM_ARRAY } from './parser.ts';
import type { HprofValues } from './values.ts';

export const pct = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;

export const mb = formatBytes;

/** `com.example.order.domain.OrderAggregate` → `OrderAggregate`. */
export function shortName(cls: string): string {
  const i = cls.lastIndexOf('.');
  return i >= 0 ? cls.slice(i + 1) : cls;
}

const typeOf = (m: HprofModel, n: number) => m.graph.types[m.graph.typeId[n]] ?? '?';

/** Names threads from their java.lang.Thread `name` field and relabels thread roots with them. */
export async function nameThreads(m: HprofModel, values: HprofValues): Promise<void> {
  const g = m.graph;
  const stringType = g.types.indexOf('java.lang.String');
  // java.lang.Thread's only String field is `name`: take it from the edges (no field read)
  const nameNodes = new Map<number, number>();
  for (const t of m.threads) {
    const node = m.nodeOf(t.objectId);
    if (node <= 0) continue;
    for (let e = g.firstEdge[node]; e < g.firstEdge[node + 1]; e++) {
      if (g.typeId[g.edgeTarget[e]] === stringType) {
        nameNodes.set(node, g.edgeTarget[e]);
        break;
      }
    }
  }
  const names = await values.strings([...nameNodes.values()]);
  const bySerial = new Map<number, string>();
  for (const t of m.threads) {
    const node = m.nodeOf(t.objectId);
    const sn = nameNodes.get(node);
    const name = sn !== undefined ? names.get(sn) : undefined;
    if (name !== undefined) {
      t.name = name;
      bySerial.set(t.serial, name);
    }
  }
  for (const [node, label] of m.graph.rootLabel) {
    const next = label.replace(/[Tt]hread #(\d+)/, (all, serial: string) => {
      const name = bySerial.get(Number(serial));
      return name !== undefined ? `${all[0]}hread "${name}"` : all;
    });
    if (next !== label) m.graph.rootLabel.set(node, next);
  }
}

/** Java naming for the shared heap queries: class objects, thread names, root kinds. */
export function javaNaming(m: HprofModel, values: HprofValues): HeapNaming {
  const g = m.graph;
  return {
    label(node) {
      if (node === 0) return 'GC roots';
      let base: string;
      if (m.kindOf(node) === K_CLASS) base = `class ${m.classes.get(m.idOf(node))?.name ?? '?'}`;
      else base = `${typeOf(m, node)} @ 0x${m.idOf(node).toString(16)}`;
      // GC root objects say which root they are (thread objects by their thread name)
      const kind = m.rootKindOf.get(node);
      if (!kind) return base;
      return `${base} · ${kind === 'Thread' ? (g.rootLabel.get(node) ?? kind) : kind}`;
    },
    rootKind(node) {
      return m.rootKindOf.get(node) ?? 'root object';
    },
    async contents(node, offset, limit) {
      const d = (await values.data([node], offset + limit)).get(node);
      return d?.subarray(offset, offset + limit);
    },
    details(node) {
      const d: Record<string, string> = {};
      const root = g.rootLabel.get(node);
      if (root) d.gcRoot = root;
      const res = m.resources.get(node);
      if (res !== undefined) d.resource = res ? 'open (not closed)' : 'closed';
      if (m.kindOf(node) === K_CLASS) {
        const c = m.classes.get(m.idOf(node));
        if (c) d.statics = String(c.statics.length);
      }
      return d;
    },
  };
}

/** The contract's group, its description a message of this engine's catalogue. */
export interface UnclosedGroup extends JavaUnclosedGroup {
  descriptionMsg?: Msg;
}

/** Streams, readers and channels that are still reachable and not closed, grouped by owner. */
export async function unclosedResources(
  m: HprofModel,
  a: HeapAnalysis,
  values: HprofValues,
): Promise<JavaUnclosedResources & { groups: UnclosedGroup[] }> {
  const { retained } = a;
  const preds = predecessors(m.graph, a);
  let open = 0;
  let closed = 0;
  // System.in/out/err and what they wrap stay open for the JVM's whole life: not a leak.
  let standard = 0;
  // Groups by stream type and owner kind, keyed by numbers: a leaking heap has a hundred thousand
  // open streams, and a string key per stream was most of this function's garbage. An owner is
  // its type (instances), its class node (class objects, as -node - 2) or -1 (a GC root).
  const groups = new Map<number, Map<number, UnclosedGroup & { ownerNode: number }>>();
  const ownerNames = new Map<number, string>();
  let next = -1;
  const firstStrongReferrer = (s: number, weak: boolean) => {
    if (weak || s === 0) return;
    next = s;
    return false;
  };
  for (let i = 0; i < m.resources.size; i++) {
    const node = m.resources.nodeAt(i);
    if (!isReachable(a, node)) continue;
    if (!m.resources.stateAt(i)) {
      closed++;
      continue;
    }
    // walk up through wrapping streams to the first non-stream holder
    let cur = node;
    let owner = -1;
    for (let hops = 0; hops < 8 && owner < 0; hops++) {
      next = -1;
      preds.forEach(cur, firstStrongReferrer);
      if (next < 0) break;
      if (m.resources.has(next) || /Stream|Reader|Channel/.test(typeOf(m, next))) cur = next;
      else owner = next;
    }
    const ownerCode = owner <= 0 ? -1 : m.kindOf(owner) === K_CLASS ? -owner - 2 : m.graph.typeId[owner];
    let ownerType = ownerNames.get(ownerCode);
    if (ownerType === undefined) {
      ownerType =
        owner > 0
          ? m.kindOf(owner) === K_CLASS
            ? `class ${m.classes.get(m.idOf(owner))?.name}`
            : typeOf(m, owner)
          : 'GC root';
      ownerNames.set(ownerCode, ownerType);
    }
    if (ownerType === 'class java.lang.System') {
      standard++;
      continue;
    }
    open++;
    const typeId = m.graph.typeId[node];
    let byOwner = groups.get(typeId);
    if (!byOwner) {
      byOwner = new Map();
      groups.set(typeId, byOwner);
    }
    let gr = byOwner.get(ownerCode);
    if (!gr) {
      gr = {
        type: typeOf(m, node),
        owner: ownerType,
        count: 0,
        retainedBytes: 0,
        sample: node,
        ownerNode: owner,
        description: '',
      };
      byOwner.set(ownerCode, gr);
    }
    gr.count++;
    gr.retainedBytes += retained[node];
  }
  const list = [...groups.values()]
    .flatMap((byOwner) => [...byOwner.values()])
    .sort((x, y) => y.count - x.count || y.retainedBytes - x.retainedBytes);
  // name the holding field from one sample owner per group
  const owners = list
    .filter((g) => g.ownerNode > 0 && m.kindOf(g.ownerNode) === K_INSTANCE)
    .map((g) => g.ownerNode);
  const fields = await values.fields(owners);
  for (const gr of list) {
    const fs = fields.get(gr.ownerNode);
    if (fs) {
      // the field pointing at the stream or at the wrapper that leads to it
      const f = fs.find(
        (x) =>
          x.ref !== undefined &&
          (x.ref === gr.sample || m.resources.has(x.ref) || /Stream|Reader|Channel/.test(x.type)),
      );
      if (f) gr.field = f.name;
    }
    gr.descriptionMsg = msg(gr.count === 1 ? 'hprof/unclosedOne' : 'hprof/unclosedMany', {
      count: gr.count,
      type: shortName(gr.type),
      owner: `${shortName(gr.owner)}${gr.field ? `.${gr.field}` : ''}`,
      bytes: gr.retainedBytes,
    });
    gr.description = english(gr.descriptionMsg);
  }
  return { open, closed, standard, groups: list.map(({ ownerNode: _o, ...g }) => g) };
}

/** java.lang.String instances with equal contents (hash of the backing array), top by waste. */
export async function duplicateStrings(
  m: HprofModel,
  a: HeapAnalysis,
  values: HprofValues,
  limit = 20,
): Promise<JavaDuplicateStrings> {
  const g = m.graph;
  const stringType = g.types.indexOf('java.lang.String');
  if (stringType < 0) return { total: 0, wastedBytes: 0, top: [] };
  // One key per reachable String (content hash × length, no string per object) in a typed
  // array, sorted: equal keys form runs. A Map entry with an object per distinct string cost
  // ~100 bytes each on heaps of mostly unique strings.
  const arrayOf = (n: number): number => {
    for (let e = g.firstEdge[n]; e < g.firstEdge[n + 1]; e++)
      if (m.kindOf(g.edgeTarget[e]) === K_PRIM_ARRAY) return g.edgeTarget[e];
    return -1;
  };
  /** The backing array of a reachable String, else -1 (its hash, 0 when not hashed, is looked up once). */
  const stringArray = (n: number): number =>
    g.typeId[n] !== stringType || !isReachable(a, n) ? -1 : arrayOf(n);
  // sized by the String objects (a count of types, no lookups), filled in one pass: each hashed
  // String costs one search of the sparse hashes, not two (each pass its own function: V8 compiles
  // a hot loop with its whole function, and compiled this one again per loop)
  const upper = countOfType(g.typeId, g.nodeCount, stringType);
  const keys = new Float64Array(upper);
  const nodes = new Uint32Array(upper);
  const k = stringKeys(m, stringArray, keys, nodes);
  const order = sortedOrder(keys.subarray(0, k));
  const dups: { count: number; bytes: number; sample: number }[] = [];
  for (let i = 0; i < k; ) {
    let j = i + 1;
    while (j < k && keys[order[j]] === keys[order[i]]) j++;
    if (j - i > 1) {
      // the first in node order (object id order) is the sample
      let first = order[i];
      for (let x = i + 1; x < j; x++) if (order[x] < first) first = order[x];
      const sample = nodes[first];
      dups.push({ count: j - i, bytes: g.shallow[sample] + g.shallow[arrayOf(sample)], sample });
    }
    i = j;
  }
  let total = 0;
  let wasted = 0;
  for (const d of dups) {
    total++;
    wasted += (d.count - 1) * d.bytes;
  }
  // by first occurrence, then by waste (a stable sort: ties stay in node order)
  dups.sort((x, y) => x.sample - y.sample);
  dups.sort((x, y) => (y.count - 1) * y.bytes - (x.count - 1) * x.bytes);
  const top = dups.slice(0, limit);
  const text = await values.strings(top.map((d) => d.sample));
  return {
    total,
    wastedBytes: wasted,
    top: top.map((d) => ({
      value: (text.get(d.sample) ?? '?').slice(0, 200),
      count: d.count,
      wastedBytes: (d.count - 1) * d.bytes,
    })),
  };
}

function countOfType(typeId: ArrayLike<number>, nodeCount: number, type: number): number {
  let k = 0;
  for (let n = 1; n < nodeCount; n++) if (typeId[n] === type) k++;
  return k;
}

/**
 * One key per hashed String: content hash × length (the array's shallow size stands for it), into
 * keys/nodes from 0; returns how many.
 */
function stringKeys(
  m: HprofModel,
  stringArray: (n: number) => number,
  keys: Float64Array,
  nodes: Uint32Array,
): number {
  const g = m.graph;
  let k = 0;
  for (let n = 1; n < g.nodeCount; n++) {
    const arr = stringArray(n);
    if (arr < 0) continue;
    const hash = m.hashOf(arr);
    if (hash === 0) continue;
    // the array's shallow size stands for its length (the parser keeps no lengths)
    keys[k] = hash * 1048576 + Math.min(g.shallow[arr], 1048575);
    nodes[k++] = n;
  }
  return k;
}

/** Full class histogram (count and shallow bytes per class), for comparing two dumps. */
export function classHistogram(m: HprofModel): Map<string, { count: number; shallowBytes: number }> {
  const g = m.graph;
  const counts = new Float64Array(g.types.length);
  const bytes = new Float64Array(g.types.length);
  for (let n = 1; n < g.nodeCount; n++) {
    counts[g.typeId[n]]++;
    bytes[g.typeId[n]] += g.shallow[n];
  }
  const out = new Map<string, { count: number; shallowBytes: number }>();
  for (let t = 0; t < g.types.length; t++)
    if (counts[t]) out.set(g.types[t], { count: counts[t], shallowBytes: bytes[t] });
  return out;
}
