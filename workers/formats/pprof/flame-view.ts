/**
 * What the flame view ships to the renderer: the drawable part of a (cached, full) flame tree at one
 * zoom. A profile with 200 000 distinct stacks builds a tree of millions of nodes; a 1920 px canvas can
 * draw only the nodes at least half a pixel wide, so only those cross the worker boundary. The widths of
 * the children left out are kept per parent as an `elided` remainder, so widths still add up.
 */
import { type FlameTree, fillSubtreeEnds } from './analysis.ts';

/** Which part of the full tree to return. */
export interface FlameViewOptions {
  /** The zoom root: a node id of the full tree (ids are stable for one sample type and filters). */
  root?: number;
  /** Nodes narrower than this fraction of the root's width are left out (e.g. 0.5 px / canvas width). */
  minFraction?: number;
}

/**
 * A pruned subtree in the FlameTree layout (pre-order, node 0 = the zoom root, `depth` and `start`
 * relative to it), plus the link back to the full tree.
 */
export interface PrunedFlameTree extends FlameTree {
  /** Full-tree id of every returned node (zoom requests name these). */
  fullId: Int32Array;
  /** Per node: the summed layout width of its children that were left out (too narrow to draw). */
  elided: Float64Array;
  /** Per node: where the elided remainder starts (the kept children are the widest, so a prefix). */
  elidedStart: Float64Array;
  /** The full-tree id of the zoom root and of its parent (-1 at the top). */
  root: number;
  rootParent: number;
  /** The full tree's root value (for percentages while zoomed). */
  fullValue: number;
  /** Node count of the full tree and of the root's full subtree. */
  fullNodes: number;
  subtreeNodes: number;
  /** Names of the zoom root's ancestors, outermost first (without "total"). */
  rootPath: string[];
}

/** The part of `tree` under `opts.root` whose nodes are at least `opts.minFraction` of the root's width. */
export function pruneFlame(tree: FlameTree, opts: FlameViewOptions = {}): PrunedFlameTree {
  const n = tree.name.length;
  const root =
    Number.isInteger(opts.root) && (opts.root as number) >= 0 && (opts.root as number) < n
      ? (opts.root as number)
      : 0;
  const minFraction = Math.max(
    0,
    Math.min(1, Number.isFinite(opts.minFraction) ? (opts.minFraction as number) : 0),
  );
  const rootEnd = tree.end[root];
  const threshold = tree.width[root] * minFraction;
  // pass 1: which nodes are kept (a node narrower than the threshold has only narrower descendants)
  const keep: number[] = [];
  for (let i = root; i < rootEnd; i++) {
    if (i !== root && (tree.width[i] < threshold || tree.width[i] === 0)) {
      i = tree.end[i] - 1;
      continue;
    }
    keep.push(i);
  }
  const m = keep.length;
  const fullId = Int32Array.from(keep);
  const remap = new Map<number, number>();
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const name = new Int32Array(m);
  const parent = new Int32Array(m);
  const depth = new Int32Array(m);
  const start = new Float64Array(m);
  const width = new Float64Array(m);
  const value = new Float64Array(m);
  const self = new Float64Array(m);
  const base = tree.base ? new Float64Array(m) : undefined;
  const baseSelf = tree.baseSelf ? new Float64Array(m) : undefined;
  const end = new Int32Array(m);
  const elided = new Float64Array(m);
  const elidedStart = new Float64Array(m);
  const keptChildren = new Float64Array(m);
  const allChildren = new Float64Array(m);
  const d0 = tree.depth[root];
  const x0 = tree.start[root];
  let maxDepth = 0;
  for (let k = 0; k < m; k++) {
    const i = keep[k];
    remap.set(i, k);
    const nm = tree.name[i];
    let ni = nameIndex.get(nm);
    if (ni === undefined) {
      ni = nm < 0 ? -1 : names.length;
      if (nm >= 0) names.push(tree.names[nm] ?? '');
      nameIndex.set(nm, ni);
    }
    name[k] = ni;
    parent[k] = k === 0 ? -1 : (remap.get(tree.parent[i]) ?? 0);
    depth[k] = tree.depth[i] - d0;
    if (depth[k] > maxDepth) maxDepth = depth[k];
    start[k] = tree.start[i] - x0;
    width[k] = tree.width[i];
    value[k] = tree.value[i];
    self[k] = tree.self[i];
    if (base && tree.base) base[k] = tree.base[i];
    if (baseSelf && tree.baseSelf) baseSelf[k] = tree.baseSelf[i];
    if (k > 0) keptChildren[parent[k]] += width[k];
  }
  // pass 2: every child width of each kept node (children of the full tree, kept or not)
  for (let k = 0; k < m; k++) {
    const i = keep[k];
    for (let c = i + 1; c < tree.end[i]; c = tree.end[c]) allChildren[k] += tree.width[c];
    const rest = allChildren[k] - keptChildren[k];
    if (rest > 0) {
      elided[k] = rest;
      elidedStart[k] = start[k] + keptChildren[k];
    }
  }
  fillSubtreeEnds(parent, end);
  const rootPath: string[] = [];
  for (let a = tree.parent[root]; a > 0; a = tree.parent[a]) rootPath.push(tree.names[tree.name[a]] ?? '');
  rootPath.reverse();
  return {
    sampleType: tree.sampleType,
    unit: tree.unit,
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
    total: tree.total,
    baseTotal: tree.baseTotal,
    maxDepth,
    fullId,
    elided,
    elidedStart,
    root,
    rootParent: tree.parent[root],
    fullValue: tree.value[0],
    fullNodes: n,
    subtreeNodes: rootEnd - root,
    rootPath,
  };
}

export interface FlameSearchResult {
  /** Matching frame names (up to `limit`), widest first, with their cum (outermost occurrences). */
  frames: { name: string; total: number }[];
  /** Sum over outermost matching nodes of the whole tree (a frame under a matching frame counts once). */
  total: number;
  /** The same as a fraction of the root's value. */
  fraction: number;
  nodes: number;
}

/** Search over the full tree (not only the drawable nodes): what matches and how much it weighs. */
export function flameSearch(tree: FlameTree, text: string, limit = 50): FlameSearchResult {
  let re: RegExp;
  try {
    re = new RegExp(text, 'i');
  } catch {
    return { frames: [], total: 0, fraction: 0, nodes: 0 };
  }
  const match = new Uint8Array(tree.names.length);
  let any = false;
  tree.names.forEach((nm, i) => {
    if (text !== '' && re.test(nm)) {
      match[i] = 1;
      any = true;
    }
  });
  if (!any) return { frames: [], total: 0, fraction: 0, nodes: 0 };
  const perName = new Map<number, number>();
  let total = 0;
  let nodes = 0;
  const n = tree.name.length;
  // outermost matching node of every path: count it and skip its subtree for the total; per name, a
  // frame's cum is its outermost occurrences (the subtree is walked for other names' outermost ones)
  const open = new Int32Array(tree.names.length); // nodes of this name on the current path
  const stackName: number[] = [];
  const stackEnd: number[] = [];
  let matchedAbove = 0;
  for (let i = 1; i < n; i++) {
    while (stackEnd.length > 0 && stackEnd[stackEnd.length - 1] <= i) {
      const nm = stackName.pop() as number;
      stackEnd.pop();
      open[nm]--;
      if (match[nm]) matchedAbove--;
    }
    const nm = tree.name[i];
    if (nm >= 0 && match[nm] === 1) {
      nodes++;
      if (matchedAbove === 0) total += tree.value[i];
      if (open[nm] === 0) perName.set(nm, (perName.get(nm) ?? 0) + tree.value[i]);
      matchedAbove++;
    }
    if (nm < 0) continue; // only the root is nameless
    open[nm]++;
    stackName.push(nm);
    stackEnd.push(tree.end[i]);
  }
  const frames = [...perName.entries()]
    .map(([nm, t]) => ({ name: tree.names[nm] ?? '', total: t }))
    .sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit);
  return { frames, total, fraction: tree.value[0] ? total / tree.value[0] : 0, nodes };
}
