import type { ByteSource } from '../../core/byte-source.ts';
import { lastAtOrBelow } from '../../core/sorted-search.ts';
import type { HeapAnalysis } from '../../graph/dominators.ts';
import { EdgeList, type HeapGraph, nodeAddress, sortedOrder } from '../../graph/heap-graph.ts';
import { type HeapGrouping, type HeapNaming, hex } from '../../graph/queries.ts';
import { type ElfSymbols, symbolAt } from '../elf/elf-symbols.ts';
import type { GoHeapDump, MemProfBucket } from './parser.ts';

export type GoRootKind =
  | 'goroutine'
  | 'stack frame'
  | 'data'
  | 'bss'
  | 'finalizer'
  | 'queued finalizer'
  | 'other';

/** What a root pseudo-node stands for, to name it the way a user reads it. */
export type GoRootInfo =
  | {
      kind: 'global';
      segment: 'data' | 'bss';
      offset: number;
      address: number;
      symbol?: string;
      symbolOffset?: number;
    }
  | { kind: 'frame'; goid: number; func: string }
  | { kind: 'goroutine'; goid: number; func?: string; waitReason?: string };

/** The Go dump as a HeapGraph plus what naming needs. Objects are nodes 1..objects, by address. */
export interface GoHeapModel {
  graph: HeapGraph;
  objects: number;
  /** Per node (0 for non-objects): index into `shapes` / `sites` / `dynTypes`, -1 when none. */
  shape: Int32Array;
  site: Int32Array;
  dynType: Int32Array;
  shapes: string[];
  sites: string[];
  dynTypes: string[];
  rootKind: Map<number, GoRootKind>;
  /** Globals, frames and goroutines behind root pseudo-nodes (finalizers are not listed). */
  rootInfo: Map<number, GoRootInfo>;
  /** Goroutine id per goroutine pseudo-node. */
  goroutineNode: Map<number, number>;
  /** Pointer values that pointed into the heap range but at no object. */
  danglingPointers: number;
}

/** `function file:line` of the first non-runtime frame of an allocation stack. */
export function siteName(b: MemProfBucket): string {
  const f = b.frames.find((x) => !x.func.startsWith('runtime.')) ?? b.frames[0];
  if (!f) return `bucket ${hex(b.id)}`;
  const file = f.file.split('/').slice(-1)[0];
  return `${f.func} ${file}:${f.line}`;
}

/**
 * Finds the object containing an address among objects sorted by address: a coarse table of
 * the first object per address bucket narrows each binary search to a few objects (a pointer
 * per object is resolved, so a full 23-step search over 5 M objects was the graph's hot spot).
 */
export class ObjectIndex {
  private readonly shift: number;
  private readonly base: number;
  private readonly first: Uint32Array;
  constructor(
    private readonly addr: Float64Array,
    private readonly size: Float64Array,
  ) {
    const K = addr.length;
    this.base = K ? addr[0] : 0;
    const span = K ? addr[K - 1] - this.base + 1 : 1;
    // about one bucket per 2 objects, buckets at least 64 bytes
    let shift = 6;
    while (span / 2 ** shift > Math.max(1, K / 2)) shift++;
    this.shift = shift;
    const buckets = Math.floor(span / 2 ** shift) + 2;
    this.first = new Uint32Array(buckets);
    let r = 0;
    for (let b = 0; b < buckets; b++) {
      const bStart = this.base + b * 2 ** shift;
      while (r < K && addr[r] < bStart) r++;
      this.first[b] = r;
    }
  }
  /** Sorted index of the object containing `v`, or -1. */
  find(v: number): number {
    const { addr, size } = this;
    const K = addr.length;
    if (K === 0 || v < this.base) return -1;
    const b = Math.floor((v - this.base) / 2 ** this.shift);
    // objects starting at or before v: those with index < first[b + 1] (clamped)
    const hi = b + 1 < this.first.length ? this.first[b + 1] - 1 : K - 1;
    let lo = b < this.first.length ? this.first[b] : K;
    // the containing object may start in an earlier bucket
    if (lo > 0) lo--;
    const best = lastAtOrBelow(addr, v, lo, hi);
    if (best >= 0 && v < addr[best] + Math.max(size[best], 1)) return best;
    return -1;
  }
}

/** Options of {@link buildGoHeapGraph}. */
export interface BuildGoHeapGraphOptions {
  /**
   * Drop the dump's per-object and per-pointer arrays as soon as the graph holds what they
   * carried (the handler does: they would double the memory of a large dump).
   */
  release?: boolean;
}

/** Builds the graph: objects by address, interior pointers resolved, roots as pseudo-nodes. */
export function buildGoHeapGraph(
  dump: GoHeapDump,
  symbols?: ElfSymbols,
  options: BuildGoHeapGraphOptions = {},
): GoHeapModel {
  const K = dump.objAddr.length;
  let maxRoots = dump.goroutines.length + dump.frames.length + 2 * dump.finalizers.length;
  for (const seg of dump.segments) maxRoots += seg.values.length;
  const cap = K + 1 + maxRoots;
  // sort objects by address (a Go dump lists them span by span: usually sorted already)
  const fa = dump.objAddr;
  let sorted = true;
  for (let i = 1; i < K && sorted; i++) if (fa[i] < fa[i - 1]) sorted = false;
  let perm: Uint32Array | undefined;
  let rank: Uint32Array | undefined; // file index → sorted index
  if (!sorted) {
    perm = sortedOrder(fa);
    rank = new Uint32Array(K);
    for (let r = 0; r < K; r++) rank[perm[r]] = r;
  }
  // node n = sorted index + 1; the node arrays double as the sorted arrays for lookups
  const addressAll = new Float64Array(cap);
  const shallowAll = new Float64Array(cap);
  const contentAll = new Float64Array(cap).fill(-1);
  const shapeAll = new Int32Array(cap).fill(-1);
  for (let r = 0; r < K; r++) {
    const fi = perm ? perm[r] : r;
    addressAll[r + 1] = fa[fi];
    shallowAll[r + 1] = dump.objSize[fi];
    contentAll[r + 1] = dump.objContentOffset[fi];
    shapeAll[r + 1] = dump.objShape[fi];
  }
  perm = undefined;
  if (options.release) {
    dump.objAddr = new Float64Array(0);
    dump.objSize = new Float64Array(0);
    dump.objContentOffset = new Float64Array(0);
    dump.objShape = new Int32Array(0);
  }
  const sAddr = addressAll.subarray(1, K + 1);
  const sSize = shallowAll.subarray(1, K + 1);
  const index = new ObjectIndex(sAddr, sSize);
  const resolve = (v: number): number => {
    const r = index.find(v);
    return r < 0 ? -1 : r + 1;
  };

  const edges = new EdgeList(false, dump.ptrSource.length + maxRoots + dump.rootPtrValue.length + 64);
  let dangling = 0;
  {
    const { ptrSource, ptrValue } = dump;
    const P = ptrSource.length;
    for (let p = 0; p < P; p++) {
      const t = index.find(ptrValue[p]);
      if (t < 0) {
        dangling++;
        continue;
      }
      const src = ptrSource[p];
      edges.push((rank ? rank[src] : src) + 1, t + 1);
    }
  }
  rank = undefined;
  if (options.release) {
    dump.ptrSource = new Uint32Array(0);
    dump.ptrValue = new Float64Array(0);
  }

  // pseudo-nodes
  const rootLabel = new Map<number, string>();
  const rootKind = new Map<number, GoRootKind>();
  const goroutineNode = new Map<number, number>();
  const rootInfo = new Map<number, GoRootInfo>();
  let next = K + 1;
  const addRoot = (kind: GoRootKind, label: string, parent = 0): number => {
    const id = next++;
    rootLabel.set(id, label);
    rootKind.set(id, kind);
    edges.push(parent, id);
    return id;
  };
  for (const g of dump.goroutines) {
    // every goroutine and frame is a root node, even one holding nothing (a leaked goroutine
    // parked in runtime.chanrecv keeps its frames but few heap pointers)
    let user = '';
    for (let f = g.firstFrame; f < g.endFrame && !user; f++) {
      const fn = dump.frames[f].funcName;
      if (!fn.startsWith('runtime.')) user = fn;
    }
    const gl = `goroutine ${g.goid}${user ? ` › ${user}` : ''}${g.waitReason ? ` [${g.waitReason}]` : ''}`;
    const gid = addRoot('goroutine', gl);
    goroutineNode.set(gid, g.goid);
    rootInfo.set(gid, {
      kind: 'goroutine',
      goid: g.goid,
      ...(user ? { func: user } : {}),
      ...(g.waitReason ? { waitReason: g.waitReason } : {}),
    });
    for (const v of g.pointers) {
      const t = resolve(v);
      if (t > 0) edges.push(gid, t);
    }
    for (let f = g.firstFrame; f < g.endFrame; f++) {
      const fr = dump.frames[f];
      const fid = addRoot('stack frame', `goroutine ${g.goid} › ${fr.funcName}`, gid);
      rootInfo.set(fid, { kind: 'frame', goid: g.goid, func: fr.funcName });
      for (let p = fr.firstPtr; p < fr.endPtr; p++) {
        const t = resolve(dump.rootPtrValue[p]);
        if (t > 0) edges.push(fid, t);
      }
    }
  }
  for (const seg of dump.segments) {
    for (let i = 0; i < seg.offsets.length; i++) {
      const t = resolve(seg.values[i]);
      if (t < 0) continue;
      const addr = seg.start + seg.offsets[i];
      const sym = symbols ? symbolAt(symbols, addr) : undefined;
      const where = `${seg.kind}+${hex(seg.offsets[i])} (${hex(addr)})`;
      const label = sym ? `${sym.name}${sym.offset ? `+${hex(sym.offset)}` : ''} [${where}]` : where;
      const id = addRoot(seg.kind, label);
      rootInfo.set(id, {
        kind: 'global',
        segment: seg.kind,
        offset: seg.offsets[i],
        address: addr,
        ...(sym ? { symbol: sym.name, symbolOffset: sym.offset } : {}),
      });
      edges.push(id, t);
    }
  }
  // Registered finalizers keep what the object points to (not the object) and the func value;
  // queued ones keep the object too.
  const finObjects = new Map<number, number>();
  for (const f of dump.finalizers) {
    const obj = resolve(f.obj);
    const fn = resolve(f.fn);
    if (obj < 0 && fn < 0) continue;
    const id = addRoot(
      f.queued ? 'queued finalizer' : 'finalizer',
      `${f.queued ? 'queued finalizer' : 'finalizer'} of ${hex(f.obj)}`,
    );
    if (fn > 0) edges.push(id, fn);
    if (obj > 0 && f.queued) edges.push(id, obj);
    else if (obj > 0) finObjects.set(obj, id);
  }
  if (finObjects.size) {
    const n0 = edges.count;
    for (let e = 0; e < n0; e++) {
      const fid = finObjects.get(edges.from[e]);
      if (fid !== undefined) edges.push(fid, edges.to[e]);
    }
  }

  const nodeCount = next;
  // names
  const shape = shapeAll.subarray(0, nodeCount);
  const site = new Int32Array(nodeCount).fill(-1);
  const dynType = new Int32Array(nodeCount).fill(-1);
  const sites: string[] = [];
  const siteIdx = new Map<string, number>();
  const bucketSite = new Map<number, number>();
  for (const [id, b] of dump.buckets) {
    const name = siteName(b);
    let s = siteIdx.get(name);
    if (s === undefined) {
      s = sites.length;
      sites.push(name);
      siteIdx.set(name, s);
    }
    bucketSite.set(id, s);
  }
  for (const [addr, bucket] of dump.allocSamples) {
    const n = resolve(addr);
    const s = bucketSite.get(bucket);
    if (n > 0 && s !== undefined) site[n] = s;
  }
  const dynTypes: string[] = [];
  const dynIdx = new Map<string, number>();
  for (const [addr, name] of dump.ifaceTargets) {
    const n = resolve(addr);
    if (n < 0) continue;
    let d = dynIdx.get(name);
    if (d === undefined) {
      d = dynTypes.length;
      dynTypes.push(name);
      dynIdx.set(name, d);
    }
    dynType[n] = d;
  }

  const address = addressAll.subarray(0, nodeCount);
  const shallow = shallowAll.subarray(0, nodeCount);
  const contentOffset = contentAll.subarray(0, nodeCount);
  const typeId = new Int32Array(nodeCount);
  const isRoot = new Uint8Array(nodeCount);
  // primary names: dynamic type, else allocation site, else shape
  const types: string[] = [];
  const typeIdx = new Map<string, number>();
  const typeOf = (name: string) => {
    let t = typeIdx.get(name);
    if (t === undefined) {
      t = types.length;
      types.push(name);
      typeIdx.set(name, t);
    }
    return t;
  };
  typeOf('GC roots');
  // type id per dynamic type / site / shape, looked up once per name rather than per object
  const dynTypeId = new Int32Array(dynTypes.length).fill(-1);
  const siteTypeId = new Int32Array(sites.length).fill(-1);
  const shapeTypeId = new Int32Array(dump.shapes.length).fill(-1);
  for (let n = 1; n <= K; n++) {
    const d = dynType[n];
    const st = site[n];
    let t: number;
    if (d >= 0) {
      t = dynTypeId[d];
      if (t < 0) t = dynTypeId[d] = typeOf(dynTypes[d]);
    } else if (st >= 0) {
      t = siteTypeId[st];
      if (t < 0) t = siteTypeId[st] = typeOf(sites[st]);
    } else {
      const sh = shapeAll[n];
      t = shapeTypeId[sh];
      if (t < 0) t = shapeTypeId[sh] = typeOf(dump.shapes[sh]);
    }
    typeId[n] = t;
  }
  for (const [id, kind] of rootKind) {
    isRoot[id] = 1;
    typeId[id] = typeOf(kind);
  }

  const csr = edgesToCsr(nodeCount, edges);
  return {
    graph: {
      nodeCount,
      address,
      shallow,
      typeId,
      types,
      firstEdge: csr.firstEdge,
      edgeTarget: csr.edgeTarget,
      isRoot,
      rootLabel,
      contentOffset,
    },
    objects: K,
    shape,
    site,
    dynType,
    shapes: dump.shapes,
    sites,
    dynTypes,
    rootKind,
    rootInfo,
    goroutineNode,
    danglingPointers: dangling,
  };
}

function edgesToCsr(nodeCount: number, edges: EdgeList): { firstEdge: Uint32Array; edgeTarget: Uint32Array } {
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edges.count; e++) firstEdge[edges.from[e] + 1]++;
  for (let i = 0; i < nodeCount; i++) firstEdge[i + 1] += firstEdge[i];
  const fill = firstEdge.slice(0, nodeCount);
  const edgeTarget = new Uint32Array(edges.count);
  for (let e = 0; e < edges.count; e++) edgeTarget[fill[edges.from[e]]++] = edges.to[e];
  return { firstEdge, edgeTarget };
}

/** Group by the root that holds each object: its top dominator below the super-root. */
export function rootGrouping(
  model: GoHeapModel,
  analysis: HeapAnalysis,
  label: (n: number) => string,
): HeapGrouping {
  const { graph } = model;
  // One node-sized array: of[v] ≥ 0 is v's group; ≤ -2 encodes v's top dominator t as -(t + 2)
  // while no object below t has been met (groups are made at their first object, in preorder,
  // as before); pseudo-nodes go back to -1 at the end.
  const of = new Int32Array(graph.nodeCount).fill(-1);
  const names: string[] = [];
  const idx = new Map<number, number>();
  const order = analysis.order ?? new Uint32Array(0);
  for (let i = 1; i < order.length; i++) {
    const v = order[i];
    const d = analysis.idom[v];
    let x = d === 0 ? -(v + 2) : of[d];
    if (x <= -2 && !graph.isRoot?.[v]) {
      const t = -x - 2;
      let g = idx.get(t);
      if (g === undefined) {
        g = names.length;
        names.push(graph.isRoot?.[t] ? label(t) : `${label(t)} (held by several roots)`);
        idx.set(t, g);
      }
      x = g;
    }
    of[v] = x;
  }
  for (const id of model.rootKind.keys()) of[id] = -1;
  return { of, names };
}

/** The naming a heap view uses for a Go dump. */
export function goNaming(model: GoHeapModel, source: ByteSource, analysis: HeapAnalysis): HeapNaming {
  const { graph } = model;
  const label = (n: number): string => {
    if (n === 0) return 'GC roots';
    const r = graph.rootLabel.get(n);
    if (r !== undefined) return r;
    return `${graph.types[graph.typeId[n]]} @ ${hex(nodeAddress(graph, n))}`;
  };
  const groupings: Record<string, HeapGrouping> = {
    shape: { of: model.shape, names: model.shapes },
    site: { of: model.site, names: model.sites },
    dynamicType: { of: model.dynType, names: model.dynTypes },
  };
  groupings.root = rootGrouping(model, analysis, label);
  return {
    label,
    rootKind: (n) => model.rootKind.get(n) ?? 'object',
    groupings,
    async contents(n, offset, limit) {
      const off = graph.contentOffset?.[n] ?? -1;
      if (off < 0 || n === 0 || graph.isRoot?.[n]) return undefined;
      const size = graph.shallow[n];
      const from = Math.max(0, Math.min(offset, size));
      const len = Math.max(0, Math.min(limit, size - from));
      return source.read(off + from, len);
    },
    details(n) {
      const d: Record<string, string> = {};
      if (n > 0 && n <= model.objects) {
        d.address = hex(nodeAddress(graph, n));
        d.size = `${graph.shallow[n]} bytes (size class)`;
        d.shape = model.shapes[model.shape[n]] ?? '';
        if (model.site[n] >= 0) d['allocation site'] = model.sites[model.site[n]];
        if (model.dynType[n] >= 0) d['dynamic type'] = model.dynTypes[model.dynType[n]];
        d['file offset'] = String(graph.contentOffset?.[n] ?? -1);
      } else if (model.rootKind.has(n)) {
        d['root kind'] = model.rootKind.get(n) ?? '';
        const g = model.goroutineNode.get(n);
        if (g !== undefined) d.goroutine = String(g);
      }
      return d;
    },
  };
}
