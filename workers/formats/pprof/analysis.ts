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

/** Byte-wise (UTF-8 order) string comparison like Go's `<` on strings. */
function goLess(a: string, b: string): number {
  if (a === b) return 0;
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
  // edges caller→callee: bit 1 = has an inline edge, bit 2 = has a non-inline edge (pprof's In edges)
  const edges = withInline
    ? new Map<number, { inline: boolean; stamp: number; weight: number }>()
    : undefined;
  // only nodes that are ever an inlined frame can get a label: track edges into those alone
  const everInlined = new Uint8Array(n);
  if (edges) for (let f = 0; f < frameInline.length; f++) if (frameInline[f]) everInlined[table[f]] = 1;
  for (let s = 0; s < model.sampleCount; s++) {
    if (mask && !mask[s]) continue;
    const w = values[s * nt + ti];
    if (w === 0) continue;
    total += Math.abs(w);
    const start = sampleStart[s];
    const end = sampleStart[s + 1];
    if (end === start) continue;
    let parent = -1;
    for (let k = end - 1; k >= start; k--) {
      const frame = sampleFrames[k];
      const node = table[frame];
      if (seen[node] !== s) {
        seen[node] = s;
        cum[node] += w;
      }
      if (edges && everInlined[node] && parent >= 0 && parent !== node) {
        const key = parent * n + node;
        const e = edges.get(key);
        const inl = frameInline[frame] === 1;
        if (!e) edges.set(key, { inline: inl, stamp: s, weight: w });
        else if (e.stamp !== s) {
          e.stamp = s;
          e.weight += w;
          if (!inl) e.inline = false;
        }
      }
      parent = node;
    }
    flat[table[sampleFrames[start]]] += w;
  }
  let inline: Uint8Array | undefined;
  if (edges) {
    inline = new Uint8Array(n);
    // pprof drops edges lighter than -edgefraction (0.001) of the flat sum before labelling
    let flatSum = 0;
    for (let i = 0; i < n; i++) flatSum += flat[i];
    const cutoff = Math.abs(Math.trunc(flatSum * 0.001));
    for (const [key, e] of edges) {
      if (Math.abs(e.weight) < cutoff) continue;
      const dest = key % n;
      inline[dest] |= e.inline ? 1 : 2;
    }
    for (let i = 0; i < n; i++) if (!everInlined[i]) inline[i] = 0;
  }
  return { flat, cum, total, inline };
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
  const rows: (TopRow & { key: string })[] = [];
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === 0 && cum[i] === 0) continue;
    const row: TopRow & { key: string } = {
      name: table.names[i],
      flat: flat[i],
      cum: cum[i],
      key: table.keys[i],
    };
    const inl = inline?.[i] ?? 0;
    if (inl & 1) row.inline = inl & 2 ? 'partial-inline' : 'inline';
    rows.push(row);
  }
  sortTop(rows);
  return {
    sampleType: model.sampleTypes[ti].type,
    unit: model.sampleTypes[ti].unit,
    total,
    rows: rows.map(({ key: _key, ...r }) => r),
  };
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

interface RawTree {
  nameOf: number[];
  parentOf: number[];
  value: number[];
  self: number[];
  base: number[];
  baseSelf: number[];
  children: Map<number, number>[];
}

function newRawTree(): RawTree {
  return {
    nameOf: [-1],
    parentOf: [-1],
    value: [0],
    self: [0],
    base: [0],
    baseSelf: [0],
    children: [new Map()],
  };
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
    let node = 0;
    if (asBase) tree.base[0] += w;
    else tree.value[0] += w;
    for (let k = sampleStart[s + 1] - 1; k >= sampleStart[s]; k--) {
      const nm = nameMap[frameFunc[sampleFrames[k]]];
      let child = tree.children[node].get(nm);
      if (child === undefined) {
        child = tree.nameOf.length;
        tree.nameOf.push(nm);
        tree.parentOf.push(node);
        tree.value.push(0);
        tree.self.push(0);
        tree.base.push(0);
        tree.baseSelf.push(0);
        tree.children.push(new Map());
        tree.children[node].set(nm, child);
      }
      node = child;
      if (asBase) tree.base[node] += w;
      else tree.value[node] += w;
    }
    if (asBase) tree.baseSelf[node] += w;
    else tree.self[node] += w;
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
  const n = tree.nameOf.length;
  const widthOf = (i: number) => Math.abs(tree.value[i]) + (diff ? Math.abs(tree.base[i]) : 0);
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
  // iterative pre-order DFS: stack of [raw node, new parent index, depth, left edge]
  const stack: [number, number, number, number][] = [[0, -1, 0, 0]];
  const newIndex = new Int32Array(n);
  let next = 0;
  while (stack.length > 0) {
    const [raw, par, d, x] = stack.pop()!;
    const i = next++;
    newIndex[raw] = i;
    name[i] = tree.nameOf[raw];
    parent[i] = par;
    depth[i] = d;
    start[i] = x;
    width[i] = widthOf(raw);
    value[i] = tree.value[raw];
    self[i] = tree.self[raw];
    if (base && baseSelf) {
      base[i] = tree.base[raw];
      baseSelf[i] = tree.baseSelf[raw];
    }
    if (d > maxDepth) maxDepth = d;
    const kids = [...tree.children[raw].values()].sort((a, b) => {
      const dw = widthOf(b) - widthOf(a);
      return dw !== 0 ? dw : goCompare(names[tree.nameOf[a]], names[tree.nameOf[b]]);
    });
    let cx = x;
    const frames: [number, number, number, number][] = [];
    for (const k of kids) {
      frames.push([k, i, d + 1, cx]);
      cx += widthOf(k);
    }
    for (let j = frames.length - 1; j >= 0; j--) stack.push(frames[j]);
  }
  // end[i]: one past the last descendant, computed from parents in reverse pre-order
  for (let i = 0; i < n; i++) end[i] = i + 1;
  for (let i = n - 1; i > 0; i--) if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
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

function goCompare(a: string | undefined, b: string | undefined): number {
  return goLess(a ?? '', b ?? '');
}

/** The flame graph of one sample type (function granularity, inlined frames as their own nodes). */
export function flame(model: PprofModel, sampleType?: string, filters: Filters = {}): FlameTree {
  const ti = sampleIndex(model, sampleType);
  const mask = sampleMask(model, filters);
  const tree = newRawTree();
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
  const tree = newRawTree();
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
  /** Per sample type: the diff flame graph. */
  flame: Record<string, FlameTree>;
  warnings: string[];
}

/** `go tool pprof -top -diff_base=base current` for every shared sample type, plus diff flame graphs. */
export function compareProfiles(base: PprofModel, current: PprofModel): ProfileDiff {
  const warnings: string[] = [];
  const shared = current.sampleTypes.filter((st) =>
    base.sampleTypes.some((b) => b.type === st.type && b.unit === st.unit),
  );
  if (shared.length === 0) {
    throw new Error(
      `${base.file} and ${current.file} share no sample type (${base.sampleTypes.map((s) => s.type).join(', ')} vs ${current.sampleTypes.map((s) => s.type).join(', ')})`,
    );
  }
  const skipped = current.sampleTypes.filter((st) => !shared.includes(st)).map((s) => s.type);
  if (skipped.length > 0)
    warnings.push(`Sample types only in one profile are not compared: ${skipped.join(', ')}.`);
  const totalsOut: ProfileDiff['totals'] = {};
  const functions: ProfileDiff['functions'] = {};
  const flames: ProfileDiff['flame'] = {};
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
    flames[st.type] = diffFlame(base, current, st.type);
  }
  const def = current.sampleTypes[current.defaultIndex];
  return {
    sampleTypes: shared.map((s) => ({ type: s.type, unit: s.unit })),
    defaultSampleType: shared.includes(def) ? def.type : shared[shared.length - 1].type,
    totals: totalsOut,
    functions,
    flame: flames,
    warnings,
  };
}
