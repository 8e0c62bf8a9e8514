import { grown } from '../../core/grow.ts';
import { type Msg, msg, type WarningSink, warn } from '../../core/messages.ts';
import type { PprofModel } from './model.ts';

/** Granularity of a top table: pprof's default (functions) or `-lines`. */
export type TopBy = 'function' | 'fileline';

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
  /** pprof's "(inline)" / "(partial-inline)" marker: how the node is reached from its callers. */
  inline?: 'inline' | 'partial-inline';
}

export interface TopTable {
  sampleType: string;
  unit: string;
  /** Sum of |value| over the samples kept by the filters (pprof's report total). */
  total: number;
  rows: TopRow[];
}

export interface Filters {
  /** Keep only samples with a frame matching this regex (function name, file or binary). */
  focus?: string;
  /** Drop samples with a frame matching this regex. */
  ignore?: string;
}

export function sampleIndex(model: PprofModel, sampleType?: string): number {
  if (sampleType === undefined || sampleType === '') return model.defaultIndex;
  const i = model.sampleTypes.findIndex((s) => s.type === sampleType);
  if (i < 0) {
    throw new Error(
      `no sample type "${sampleType}" in ${model.file} (has ${model.sampleTypes.map((s) => s.type).join(', ')})`,
    );
  }
  return i;
}

function compileFilter(pattern: string | undefined, what: string): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new Error(
      `${what} is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Which samples pass the focus/ignore filters (pprof's FilterSamplesByName: a location matches when
 * any of its lines' function names or file names, or its binary, matches). Undefined = all pass.
 */
export function sampleMask(model: PprofModel, filters: Filters = {}): Uint8Array | undefined {
  const focus = compileFilter(filters.focus, 'focus');
  const ignore = compileFilter(filters.ignore, 'ignore');
  if (!focus && !ignore) return undefined;
  const nFrames = model.frameFunc.length;
  // a frame matches when any frame of its location matches
  const matchFrame = (re: RegExp): Uint8Array => {
    const byLoc = new Map<number, boolean>();
    for (let f = 0; f < nFrames; f++) {
      if (model.frameText[f].some((s) => re.test(s))) byLoc.set(model.frameLoc[f], true);
    }
    const out = new Uint8Array(nFrames);
    for (let f = 0; f < nFrames; f++) out[f] = byLoc.get(model.frameLoc[f]) ? 1 : 0;
    return out;
  };
  const fMatch = focus ? matchFrame(focus) : undefined;
  const iMatch = ignore ? matchFrame(ignore) : undefined;
  const mask = new Uint8Array(model.sampleCount);
  for (let s = 0; s < model.sampleCount; s++) {
    let focused = !fMatch;
    let ignored = false;
    for (let k = model.sampleStart[s]; k < model.sampleStart[s + 1]; k++) {
      const f = model.sampleFrames[k];
      if (fMatch?.[f]) focused = true;
      if (iMatch?.[f]) ignored = true;
    }
    mask[s] = focused && !ignored ? 1 : 0;
  }
  return mask;
}

/** Characters where UTF-16 order and code point order part: surrogates and U+E000 up. */
const WIDE = /[\uD800-\uFFFF]/;

/** Byte-wise (UTF-8 order) string comparison like Go's `<` on strings. */
export function goLess(a: string, b: string): number {
  if (a === b) return 0;
  // without surrogates, UTF-16 order (JavaScript's `<`) is code point order, which is UTF-8 order
  if (!WIDE.test(a) && !WIDE.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : 1;
}

/**
 * (caller, callee) node pairs → edge slot, open addressing over typed arrays (a Map of objects keyed by
 * `parent * n + node` cost seconds and most of the GC time on 200k-stack profiles).
 */
const EDGE_SKETCH = 1 << 18;

function edgeBucket(a: number, b: number): number {
  return ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 14) & (EDGE_SKETCH - 1);
}

class EdgeTable {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  stamp: Int32Array;
  /** 1 while every sample that crossed the edge crossed it as an inlined call. */
  inline: Uint8Array;
  size = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(capacity = 1024) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.weight = new Float64Array(capacity);
    this.stamp = new Int32Array(capacity);
    this.inline = new Uint8Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
  }

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  }

  /** The edge's index, or -1 when absent (then `add` it). */
  find(a: number, b: number): number {
    let h = EdgeTable.hash(a, b) & this.mask;
    for (;;) {
      const e = this.slots[h];
      if (e < 0) return -1;
      if (this.from[e] === a && this.to[e] === b) return e;
      h = (h + 1) & this.mask;
    }
  }

  add(a: number, b: number, weight: number, stamp: number, inline: boolean): void {
    if (this.size === this.from.length) this.grow();
    const e = this.size++;
    this.from[e] = a;
    this.to[e] = b;
    this.weight[e] = weight;
    this.stamp[e] = stamp;
    this.inline[e] = inline ? 1 : 0;
    this.place(e);
  }

  private place(e: number): void {
    let h = EdgeTable.hash(this.from[e], this.to[e]) & this.mask;
    while (this.slots[h] >= 0) h = (h + 1) & this.mask;
    this.slots[h] = e;
  }

  private grow(): void {
    const cap = this.from.length * 2;
    this.from = grown(this.from, cap);
    this.to = grown(this.to, cap);
    this.weight = grown(this.weight, cap);
    this.stamp = grown(this.stamp, cap);
    this.inline = grown(this.inline, cap);
    this.slots = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    for (let e = 0; e < this.size; e++) this.place(e);
  }
}

/**
 * Flat and cum per node, with pprof's semantics: flat goes to the leaf frame, cum to every node on the
 * stack once per sample (recursion counted once), samples whose value is 0 skipped.
 */
export function nodeValues(
  model: PprofModel,
  ti: number,
  by: TopBy,
  mask?: Uint8Array,
  withInline = false,
): { flat: Float64Array; cum: Float64Array; total: number; inline?: Uint8Array } {
  const table = by === 'function' ? model.frameFunc : model.frameLine;
  const n = by === 'function' ? model.funcs.names.length : model.lines.names.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const nt = model.sampleTypes.length;
  let total = 0;
  const { sampleStart, sampleFrames, values, frameInline } = model;
  // edges caller→callee (pprof's In edges), needed only for the "(inline)" labels; only nodes that are
  // ever an inlined frame can get a label, so only edges into those are tracked
  const edges = withInline && frameInline.includes(1) ? new EdgeTable() : undefined;
  const everInlined = new Uint8Array(n);
  if (edges) for (let f = 0; f < frameInline.length; f++) if (frameInline[f]) everInlined[table[f]] = 1;
  // pprof drops edges lighter than -edgefraction (0.001) of the flat sum before labelling; the flat sum
  // is the sum of the kept samples' values
  let flatSum = 0;
  for (let s = 0; s < model.sampleCount; s++) {
    if (mask && !mask[s]) continue;
    if (sampleStart[s + 1] > sampleStart[s]) flatSum += values[s * nt + ti];
  }
  const cutoff = Math.abs(Math.trunc(flatSum * 0.001));
  // Random stacks have millions of distinct edges, almost all far below the cutoff. A sketch bounds each
  // edge's |weight| from above (sum of |w| over every crossing of every edge hashed to the bucket), so
  // only edges in buckets that reach the cutoff need the exact, per-sample deduplicated table.
  const sketch = edges ? new Float64Array(EDGE_SKETCH) : undefined;
  for (let s = 0; s < model.sampleCount; s++) {
    if (mask && !mask[s]) continue;
    const w = values[s * nt + ti];
    if (w === 0) continue;
    total += Math.abs(w);
    const start = sampleStart[s];
    const end = sampleStart[s + 1];
    if (end === start) continue;
    let parent = -1;
    const aw = Math.abs(w);
    for (let k = end - 1; k >= start; k--) {
      const node = table[sampleFrames[k]];
      if (seen[node] !== s) {
        seen[node] = s;
        cum[node] += w;
      }
      if (sketch && everInlined[node] === 1 && parent >= 0 && parent !== node) {
        sketch[edgeBucket(parent, node)] += aw;
      }
      parent = node;
    }
    flat[table[sampleFrames[start]]] += w;
  }
  let inline: Uint8Array | undefined;
  if (edges && sketch) {
    for (let s = 0; s < model.sampleCount; s++) {
      if (mask && !mask[s]) continue;
      const w = values[s * nt + ti];
      if (w === 0) continue;
      let parent = -1;
      for (let k = sampleStart[s + 1] - 1; k >= sampleStart[s]; k--) {
        const frame = sampleFrames[k];
        const node = table[frame];
        if (
          everInlined[node] === 1 &&
          parent >= 0 &&
          parent !== node &&
          sketch[edgeBucket(parent, node)] >= cutoff
        ) {
          const e = edges.find(parent, node);
          const inl = frameInline[frame] === 1;
          if (e < 0) edges.add(parent, node, w, s, inl);
          else if (edges.stamp[e] !== s) {
            edges.stamp[e] = s;
            edges.weight[e] += w;
            if (!inl) edges.inline[e] = 0;
          }
        }
        parent = node;
      }
    }
    inline = new Uint8Array(n);
    for (let e = 0; e < edges.size; e++) {
      if (Math.abs(edges.weight[e]) < cutoff) continue;
      inline[edges.to[e]] |= edges.inline[e] === 1 ? 1 : 2;
    }
  }
  return { flat, cum, total, inline };
}

/**
 * Flat and cum per node for every sample type in one pass over the samples: `flat[node * nt + t]`.
 * Adding a zero value changes nothing, so this equals `nodeValues` per type.
 */
export function nodeValuesAll(
  model: PprofModel,
  by: TopBy,
): { flat: Float64Array; cum: Float64Array; totals: Float64Array } {
  const table = by === 'function' ? model.frameFunc : model.frameLine;
  const n = by === 'function' ? model.funcs.names.length : model.lines.names.length;
  const nt = model.sampleTypes.length;
  const flat = new Float64Array(n * nt);
  const cum = new Float64Array(n * nt);
  const totals = new Float64Array(nt);
  const seen = new Int32Array(n).fill(-1);
  const { sampleStart, sampleFrames, values } = model;
  for (let s = 0; s < model.sampleCount; s++) {
    const vo = s * nt;
    let any = false;
    for (let t = 0; t < nt; t++) {
      const w = values[vo + t];
      if (w !== 0) {
        any = true;
        totals[t] += Math.abs(w);
      }
    }
    const start = sampleStart[s];
    const end = sampleStart[s + 1];
    if (!any || end === start) continue;
    for (let k = end - 1; k >= start; k--) {
      const node = table[sampleFrames[k]];
      if (seen[node] === s) continue;
      seen[node] = s;
      const o = node * nt;
      for (let t = 0; t < nt; t++) cum[o + t] += values[vo + t];
    }
    const o = table[sampleFrames[start]] * nt;
    for (let t = 0; t < nt; t++) flat[o + t] += values[vo + t];
  }
  return { flat, cum, totals };
}

/** Sorts rows like pprof's FlatNameOrder: |flat| desc, name, |cum| desc, then the node key. */
export function sortTop<T extends { name: string; flat: number; cum: number; key?: string }>(rows: T[]): T[] {
  return rows.sort((l, r) => {
    const lf = Math.abs(l.flat);
    const rf = Math.abs(r.flat);
    if (lf !== rf) return rf - lf;
    const byName = goLess(l.name, r.name);
    if (byName !== 0) return byName;
    const lc = Math.abs(l.cum);
    const rc = Math.abs(r.cum);
    if (lc !== rc) return rc - lc;
    return goLess(l.key ?? '', r.key ?? '');
  });
}

function topRows(
  names: string[],
  keys: string[],
  flat: ArrayLike<number>,
  cum: ArrayLike<number>,
  n: number,
  stride: number,
  offset: number,
  inline?: Uint8Array,
): TopRow[] {
  const rows: (TopRow & { key: string })[] = [];
  for (let i = 0; i < n; i++) {
    const fl = flat[i * stride + offset];
    const cu = cum[i * stride + offset];
    if (fl === 0 && cu === 0) continue;
    const row: TopRow & { key: string } = { name: names[i], flat: fl, cum: cu, key: keys[i] };
    const inl = inline?.[i] ?? 0;
    if (inl & 1) row.inline = inl & 2 ? 'partial-inline' : 'inline';
    rows.push(row);
  }
  sortTop(rows);
  return rows.map(({ key: _key, ...r }) => r);
}

/** `go tool pprof -top -nodefraction=0 [-lines] -sample_index=<type>` as data. */
export function top(
  model: PprofModel,
  sampleType?: string,
  by: TopBy = 'function',
  filters: Filters = {},
  inlineLabels = true,
): TopTable {
  const ti = sampleIndex(model, sampleType);
  const mask = sampleMask(model, filters);
  const { flat, cum, total, inline } = nodeValues(model, ti, by, mask, inlineLabels);
  const table = by === 'function' ? model.funcs : model.lines;
  return {
    sampleType: model.sampleTypes[ti].type,
    unit: model.sampleTypes[ti].unit,
    total,
    rows: topRows(table.names, table.keys, flat, cum, flat.length, 1, 0, inline),
  };
}

/** The unfiltered function top of every sample type (without inline labels), in one pass. */
export function topAll(model: PprofModel): TopTable[] {
  const { flat, cum, totals } = nodeValuesAll(model, 'function');
  const nt = model.sampleTypes.length;
  const n = model.funcs.names.length;
  return model.sampleTypes.map((st, t) => ({
    sampleType: st.type,
    unit: st.unit,
    total: totals[t],
    rows: topRows(model.funcs.names, model.funcs.keys, flat, cum, n, nt, t),
  }));
}

/** Sum of |value| per sample type over all samples (pprof's total). */
export function totals(model: PprofModel): Record<string, number> {
  const nt = model.sampleTypes.length;
  const out: Record<string, number> = {};
  model.sampleTypes.forEach((st, t) => {
    let sum = 0;
    for (let s = 0; s < model.sampleCount; s++) sum += Math.abs(model.values[s * nt + t]);
    out[st.type] = (out[st.type] ?? 0) + sum;
  });
  return out;
}

/**
 * A flame graph (icicle) as flat arrays in pre-order: node 0 is the root ("total"); children follow
 * their parent, widest first. `start` is the node's left edge in value units, so the renderer lays out
 * any zoom without walking the tree. For a diff, `base` holds the base profile's value per node and the
 * layout width is value + base.
 */
export interface FlameTree {
  sampleType: string;
  unit: string;
  /** Names for `name` indexes. */
  names: string[];
  name: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  /** Layout width: the cum value (for a diff, current + base). */
  width: Float64Array;
  value: Float64Array;
  self: Float64Array;
  base?: Float64Array;
  baseSelf?: Float64Array;
  /** Index one past the node's last descendant (pre-order), for zoom and subtree walks. */
  end: Int32Array;
  total: number;
  baseTotal?: number;
  maxDepth: number;
}

/** A call tree under construction: node arrays grow by doubling, children found by (parent, name) hash. */
class RawTree {
  size = 1;
  nameOf = new Int32Array(1024).fill(-1);
  parentOf = new Int32Array(1024).fill(-1);
  value = new Float64Array(1024);
  self = new Float64Array(1024);
  base: Float64Array | undefined;
  baseSelf: Float64Array | undefined;
  private slots = new Int32Array(2048);
  private mask = 2047;

  constructor(diff: boolean) {
    if (diff) {
      this.base = new Float64Array(1024);
      this.baseSelf = new Float64Array(1024);
    }
  }

  private static hash(parent: number, name: number): number {
    return (Math.imul(parent, 0x9e3779b1) ^ Math.imul(name + 1, 0x85ebca6b)) >>> 0;
  }

  /** The child of `parent` named `name`, created when missing. Slot values are node + 1 (0 = empty). */
  child(parent: number, name: number): number {
    let h = RawTree.hash(parent, name) & this.mask;
    for (;;) {
      const c = this.slots[h] - 1;
      if (c < 0) break;
      if (this.parentOf[c] === parent && this.nameOf[c] === name) return c;
      h = (h + 1) & this.mask;
    }
    if (this.size === this.nameOf.length) {
      this.grow();
      return this.child(parent, name);
    }
    const c = this.size++;
    this.nameOf[c] = name;
    this.parentOf[c] = parent;
    this.slots[h] = c + 1;
    return c;
  }

  private grow(): void {
    const cap = this.nameOf.length * 2;
    this.nameOf = grown(this.nameOf, cap);
    this.parentOf = grown(this.parentOf, cap);
    this.value = grown(this.value, cap);
    this.self = grown(this.self, cap);
    if (this.base) this.base = grown(this.base, cap);
    if (this.baseSelf) this.baseSelf = grown(this.baseSelf, cap);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    for (let c = 1; c < this.size; c++) {
      let h = RawTree.hash(this.parentOf[c], this.nameOf[c]) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = c + 1;
    }
  }
}

/** Adds every sample of `model` for sample type `ti` into the tree, function names mapped by `nameMap`. */
function addToTree(
  tree: RawTree,
  model: PprofModel,
  ti: number,
  mask: Uint8Array | undefined,
  nameMap: Int32Array,
  asBase: boolean,
): number {
  const nt = model.sampleTypes.length;
  const { sampleStart, sampleFrames, values, frameFunc } = model;
  let total = 0;
  for (let s = 0; s < model.sampleCount; s++) {
    if (mask && !mask[s]) continue;
    const w = values[s * nt + ti];
    if (w === 0) continue;
    total += Math.abs(w);
    const val = asBase ? tree.base! : tree.value;
    val[0] += w;
    let node = 0;
    for (let k = sampleStart[s + 1] - 1; k >= sampleStart[s]; k--) {
      node = tree.child(node, nameMap[frameFunc[sampleFrames[k]]]);
      // the arrays may have been replaced by a growth
      (asBase ? tree.base! : tree.value)[node] += w;
    }
    (asBase ? tree.baseSelf! : tree.self)[node] += w;
  }
  return total;
}

function layout(
  tree: RawTree,
  names: string[],
  sampleType: string,
  unit: string,
  total: number,
  diff: { baseTotal: number } | undefined,
): FlameTree {
  const n = tree.size;
  const rawWidth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rawWidth[i] = Math.abs(tree.value[i]) + (diff && tree.base ? Math.abs(tree.base[i]) : 0);
  }
  // names ranked in Go's byte order once, so sibling sorting compares integers
  const order = Int32Array.from(names, (_, i) => i).sort((a, b) => goLess(names[a], names[b]));
  const rank = new Int32Array(names.length);
  for (let r = 0, prev = -1; r < order.length; r++) {
    if (prev < 0 || names[order[r]] !== names[prev]) rank[order[r]] = r;
    else rank[order[r]] = rank[prev];
    prev = order[r];
  }
  // children in CSR, in creation order, then sorted widest first, by name, by creation
  const childStart = new Int32Array(n + 1);
  for (let c = 1; c < n; c++) childStart[tree.parentOf[c] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const kids = new Int32Array(Math.max(0, n - 1));
  const fill = childStart.slice(0, n);
  for (let c = 1; c < n; c++) kids[fill[tree.parentOf[c]]++] = c;
  const nameOf = tree.nameOf;
  const cmp = (a: number, b: number): number =>
    rawWidth[b] - rawWidth[a] || rank[nameOf[a]] - rank[nameOf[b]] || a - b;
  for (let i = 0; i < n; i++) {
    const lo = childStart[i];
    const hi = childStart[i + 1];
    if (hi - lo === 2) {
      if (cmp(kids[lo], kids[lo + 1]) > 0) {
        const t = kids[lo];
        kids[lo] = kids[lo + 1];
        kids[lo + 1] = t;
      }
    } else if (hi - lo > 2) kids.subarray(lo, hi).sort(cmp);
  }
  const name = new Int32Array(n);
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const start = new Float64Array(n);
  const width = new Float64Array(n);
  const value = new Float64Array(n);
  const self = new Float64Array(n);
  const base = diff ? new Float64Array(n) : undefined;
  const baseSelf = diff ? new Float64Array(n) : undefined;
  const end = new Int32Array(n);
  let maxDepth = 0;
  // iterative pre-order DFS over raw nodes; the new parent index, depth and left edge travel with them
  const stackRaw = new Int32Array(n);
  const stackPar = new Int32Array(n);
  const stackDepth = new Int32Array(n);
  const stackX = new Float64Array(n);
  let sp: number;
  stackRaw[0] = 0;
  stackPar[0] = -1;
  stackDepth[0] = 0;
  stackX[0] = 0;
  sp = 1;
  let next = 0;
  while (sp > 0) {
    sp--;
    const raw = stackRaw[sp];
    const d = stackDepth[sp];
    const x = stackX[sp];
    const i = next++;
    name[i] = nameOf[raw];
    parent[i] = stackPar[sp];
    depth[i] = d;
    start[i] = x;
    width[i] = rawWidth[raw];
    value[i] = tree.value[raw];
    self[i] = tree.self[raw];
    if (base && baseSelf && tree.base && tree.baseSelf) {
      base[i] = tree.base[raw];
      baseSelf[i] = tree.baseSelf[raw];
    }
    if (d > maxDepth) maxDepth = d;
    const lo = childStart[raw];
    const hi = childStart[raw + 1];
    // push in reverse so the widest child is visited first; left edges accumulate in sorted order
    let cx = x;
    for (let j = lo; j < hi; j++) {
      const k = kids[j];
      const slot = sp + (hi - 1 - j);
      stackRaw[slot] = k;
      stackPar[slot] = i;
      stackDepth[slot] = d + 1;
      stackX[slot] = cx;
      cx += rawWidth[k];
    }
    sp += hi - lo;
  }
  fillSubtreeEnds(parent, end);
  return {
    sampleType,
    unit,
    names,
    name,
    parent,
    depth,
    start,
    width,
    value,
    self,
    base,
    baseSelf,
    end,
    total,
    baseTotal: diff?.baseTotal,
    maxDepth,
  };
}

/** The flame graph of one sample type (function granularity, inlined frames as their own nodes). */
export function flame(model: PprofModel, sampleType?: string, filters: Filters = {}): FlameTree {
  const ti = sampleIndex(model, sampleType);
  const mask = sampleMask(model, filters);
  const tree = new RawTree(false);
  const ident = Int32Array.from(model.funcs.names, (_, i) => i);
  const total = addToTree(tree, model, ti, mask, ident, false);
  const st = model.sampleTypes[ti];
  return layout(tree, model.funcs.names, st.type, st.unit, total, undefined);
}

/** A diff flame graph (`-diff_base`): one tree over both profiles, matched by function name. */
export function diffFlame(
  base: PprofModel,
  current: PprofModel,
  sampleType: string,
  filters: Filters = {},
): FlameTree {
  const ti = sampleIndex(current, sampleType);
  const bi = sampleIndex(base, sampleType);
  const names: string[] = [...current.funcs.names];
  const byName = new Map<string, number>();
  names.forEach((nm, i) => {
    if (!byName.has(nm)) byName.set(nm, i);
  });
  const curMap = Int32Array.from(current.funcs.names, (nm) => byName.get(nm)!);
  const baseMap = Int32Array.from(base.funcs.names, (nm) => {
    let id = byName.get(nm);
    if (id === undefined) {
      id = names.length;
      names.push(nm);
      byName.set(nm, id);
    }
    return id;
  });
  const tree = new RawTree(true);
  const total = addToTree(tree, current, ti, sampleMask(current, filters), curMap, false);
  const baseTotal = addToTree(tree, base, bi, sampleMask(base, filters), baseMap, true);
  const st = current.sampleTypes[ti];
  return layout(tree, names, st.type, st.unit, total, { baseTotal });
}

export interface CallTreeNode {
  id: number;
  name: string;
  self: number;
  total: number;
  children: number;
}

/** Children of one node of a flame tree (the call tree view pages through these). */
export function treeChildren(tree: FlameTree, id: number): CallTreeNode[] {
  const out: CallTreeNode[] = [];
  if (id < 0 || id >= tree.name.length) return out;
  const childCount = (c: number) => {
    let k = 0;
    for (let j = c + 1; j < tree.end[c]; j = tree.end[j]) k++;
    return k;
  };
  for (let c = id + 1; c < tree.end[id]; c = tree.end[c]) {
    out.push({
      id: c,
      name: tree.names[tree.name[c]] ?? '',
      self: tree.self[c],
      total: tree.value[c],
      children: childCount(c),
    });
  }
  return out.sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || goLess(a.name, b.name));
}

export interface DiffRow {
  function: string;
  flatBase: number;
  flat: number;
  flatDelta: number;
  cumBase: number;
  cum: number;
  cumDelta: number;
}

export interface ProfileDiff {
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
  totals: Record<string, { base: number; current: number; delta: number }>;
  /** Per sample type: every function whose flat or cum changed or is present, sorted like -diff_base -top. */
  functions: Record<string, DiffRow[]>;
  warnings: string[];
  /** The message of each of `warnings`, in order. */
  warningMsgs: Msg[];
}

/**
 * `go tool pprof -top -diff_base=base current` for every shared sample type. The diff flame graph is
 * not part of it: it is built for one sample type when asked and shipped pruned to the drawable part
 * (`compareView`), since two profiles of 50 000 stacks made four trees of 1.2 M nodes (304 MB to copy).
 */
export function compareProfiles(base: PprofModel, current: PprofModel): ProfileDiff {
  const sink: WarningSink = { warnings: [], warningMsgs: [] };
  const shared = current.sampleTypes.filter((st) =>
    base.sampleTypes.some((b) => b.type === st.type && b.unit === st.unit),
  );
  if (shared.length === 0) {
    throw new Error(
      `${base.file} and ${current.file} share no sample type (${base.sampleTypes.map((s) => s.type).join(', ')} vs ${current.sampleTypes.map((s) => s.type).join(', ')})`,
    );
  }
  const skipped = current.sampleTypes.filter((st) => !shared.includes(st)).map((s) => s.type);
  if (skipped.length > 0) warn(sink, msg('pprof/warnSkippedTypes', { types: skipped.join(', ') }));
  const totalsOut: ProfileDiff['totals'] = {};
  const functions: ProfileDiff['functions'] = {};
  for (const st of shared) {
    const cur = top(current, st.type);
    const old = top(base, st.type);
    const rows = new Map<string, DiffRow>();
    const get = (name: string) => {
      let r = rows.get(name);
      if (!r) {
        r = { function: name, flatBase: 0, flat: 0, flatDelta: 0, cumBase: 0, cum: 0, cumDelta: 0 };
        rows.set(name, r);
      }
      return r;
    };
    for (const r of cur.rows) {
      const d = get(r.name);
      d.flat += r.flat;
      d.cum += r.cum;
    }
    for (const r of old.rows) {
      const d = get(r.name);
      d.flatBase += r.flat;
      d.cumBase += r.cum;
    }
    const list = [...rows.values()];
    for (const r of list) {
      r.flatDelta = r.flat - r.flatBase;
      r.cumDelta = r.cum - r.cumBase;
    }
    list.sort((l, r) => {
      const lf = Math.abs(l.flatDelta);
      const rf = Math.abs(r.flatDelta);
      if (lf !== rf) return rf - lf;
      const n = goLess(l.function, r.function);
      if (n !== 0) return n;
      return Math.abs(r.cumDelta) - Math.abs(l.cumDelta);
    });
    functions[st.type] = list;
    totalsOut[st.type] = { base: old.total, current: cur.total, delta: cur.total - old.total };
  }
  const def = current.sampleTypes[current.defaultIndex];
  return {
    sampleTypes: shared.map((s) => ({ type: s.type, unit: s.unit })),
    defaultSampleType: shared.includes(def) ? def.type : shared[shared.length - 1].type,
    totals: totalsOut,
    functions,
    ...sink,
  };
}

/**
 * end[i] = one past the last descendant of node i, for nodes in pre-order with `parent` links:
 * computed from the parents in reverse pre-order, no recursion.
 */
export function fillSubtreeEnds(parent: ArrayLike<number>, end: Int32Array): void {
  const n = end.length;
  for (let i = 0; i < n; i++) end[i] = i + 1;
  for (let i = n - 1; i > 0; i--) if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
}
