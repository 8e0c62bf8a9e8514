import type { ProfileBlock } from '../../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import type { Msg } from '../../core/messages.ts';
import type { FormatHandler, OpenedArtifact } from '../../engine/format-handler.ts';
import {
  compareProfiles,
  diffFlame,
  type Filters,
  type FlameTree,
  flame,
  type TopBy,
  type TopTable,
  top,
  topAll,
  totals,
  treeChildren,
} from './analysis.ts';
import { decodeProfile } from './decode.ts';
import { type FlameViewOptions, flameSearch, type PrunedFlameTree, pruneFlame } from './flame-view.ts';
import { parseLegacyText } from './legacy-text.ts';
import type { PprofModel } from './model.ts';

export type { CallTreeNode, DiffRow, FlameTree, ProfileDiff, TopRow, TopTable } from './analysis.ts';
export type { FlameSearchResult, FlameViewOptions, PrunedFlameTree } from './flame-view.ts';

/** The summary block (the `profile` contract) plus extras the UI and timeline use. */
export function profileBlock(model: PprofModel): ProfileBlock {
  const topBy: ProfileBlock['top'] = {};
  const tables = topAll(model);
  model.sampleTypes.forEach((st, t) => {
    if (topBy[st.type]) return;
    topBy[st.type] = tables[t].rows.map((r) => ({ function: r.name, flat: r.flat, cum: r.cum }));
  });
  return {
    sampleTypes: model.sampleTypes.map((s) => ({ type: s.type, unit: s.unit })),
    totals: totals(model),
    top: topBy,
    ...(model.timeNanos !== undefined ? { timeNanos: model.timeNanos } : {}),
    ...(model.durationNanos !== undefined ? { durationNanos: model.durationNanos } : {}),
    defaultSampleType: model.sampleTypes[model.defaultIndex].type,
    samples: model.sampleCount,
    functions: model.funcs.names.length,
    ...(model.periodType ? { periodType: model.periodType, period: model.period } : {}),
    ...(model.comments.length > 0 ? { comments: model.comments } : {}),
    ...(model.dropFrames ? { dropFrames: model.dropFrames } : {}),
    ...(model.memStats ? { memStats: model.memStats } : {}),
  };
}

/** The queries a profile view calls; the renderer's calls are typed by them. */
export type PprofQueries = ReturnType<typeof queriesFor>;

/** Queries the view calls through the worker. Trees are cached per (sample type, filters). */
function queriesFor(model: PprofModel) {
  const cache = new Map<string, FlameTree>();
  const cachedFlame = (sampleType?: string, focus?: string, ignore?: string): FlameTree => {
    const key = `${sampleType ?? ''}\u0000${focus ?? ''}\u0000${ignore ?? ''}`;
    let t = cache.get(key);
    if (!t) {
      t = flame(model, sampleType, { focus, ignore });
      if (cache.size > 8) cache.delete(cache.keys().next().value as string);
      cache.set(key, t);
    }
    return t;
  };
  // the view asks again for the same table when switching tabs or sample types back and forth
  const topCache = new Map<string, TopTable>();
  const cachedTop = (sampleType?: string, by?: TopBy, focus?: string, ignore?: string): TopTable => {
    const key = `${sampleType ?? ''}\u0000${by ?? 'function'}\u0000${focus ?? ''}\u0000${ignore ?? ''}`;
    let t = topCache.get(key);
    if (!t) {
      t = top(model, sampleType, by ?? 'function', { focus, ignore } satisfies Filters);
      if (topCache.size > 16) topCache.delete(topCache.keys().next().value as string);
      topCache.set(key, t);
    }
    return t;
  };
  return {
    top: cachedTop,
    /**
     * The full tree, or with `view` only the nodes drawable at that zoom (root node, minimum fraction of
     * its width), the narrower children's widths kept per parent as `elided`.
     */
    flame: (sampleType?: string, focus?: string, ignore?: string, view?: FlameViewOptions) =>
      view
        ? pruneFlame(cachedFlame(sampleType, focus, ignore), view)
        : cachedFlame(sampleType, focus, ignore),
    /** Frames matching `text` (a case-insensitive regexp) over the whole tree, with their totals. */
    flameSearch: (sampleType?: string, focus?: string, ignore?: string, text?: string) =>
      flameSearch(cachedFlame(sampleType, focus, ignore), text ?? ''),
    callTree: (sampleType?: string, nodeId?: number, focus?: string, ignore?: string) =>
      treeChildren(cachedFlame(sampleType, focus, ignore), nodeId ?? 0),
  };
}

function opened(
  model: PprofModel,
  parsed: { truncated: boolean; truncatedAt?: number; warnings: string[]; warningMsgs: Msg[] },
): OpenedArtifact {
  const timeMs = model.timeNanos !== undefined ? Math.round(model.timeNanos / 1e6) : undefined;
  return {
    truncated: parsed.truncated,
    ...(parsed.truncatedAt !== undefined ? { truncatedAt: parsed.truncatedAt } : {}),
    warnings: parsed.warnings,
    warningMsgs: parsed.warningMsgs,
    ...(timeMs !== undefined && timeMs > 0 ? { capturedAtMs: timeMs } : {}),
    profile: profileBlock(model),
    queries: queriesFor(model),
    model,
  };
}

function modelOf(a: OpenedArtifact): PprofModel {
  const m = a.model as PprofModel | undefined;
  if (!m || !Array.isArray(m.sampleTypes)) throw new Error('not a pprof profile');
  return m;
}

/** Diff flame trees by current model, then by base model and sample type (kept for zooming). */
const diffTrees = new WeakMap<PprofModel, WeakMap<PprofModel, Map<string, FlameTree>>>();

/**
 * The diff flame graph of one sample type, pruned to what is drawable at the view's zoom
 * (`compareView(base, current, sampleType, view)`); the full tree stays in the worker.
 */
function diffFlameView(base: OpenedArtifact, current: OpenedArtifact, ...args: unknown[]): PrunedFlameTree {
  const b = modelOf(base);
  const c = modelOf(current);
  const sampleType = typeof args[0] === 'string' ? args[0] : c.sampleTypes[c.defaultIndex].type;
  const view = (args[1] ?? {}) as FlameViewOptions;
  let byBase = diffTrees.get(c);
  if (!byBase) {
    byBase = new WeakMap();
    diffTrees.set(c, byBase);
  }
  let trees = byBase.get(b);
  if (!trees) {
    trees = new Map();
    byBase.set(b, trees);
  }
  const tree = trees.get(sampleType) ?? diffFlame(b, c, sampleType);
  trees.set(sampleType, tree);
  return pruneFlame(tree, view);
}

/** The pprof handlers differ only in how they read the file (protobuf, or Go's legacy text). */
function profileHandler(
  format: FormatHandler['format'],
  read: typeof decodeProfile | typeof parseLegacyText,
): FormatHandler {
  return {
    format,
    async open(source: ByteSource, ctx: ParseContext) {
      const r = await read(source, ctx);
      return opened(r.model, r);
    },
    compare: (base, current) => compareProfiles(modelOf(base), modelOf(current)),
    compareView: diffFlameView,
  };
}

export const pprofHandler = profileHandler('pprof', decodeProfile);
export const pprofTextHandler = profileHandler('pprof-text', parseLegacyText);

export const pprofHandlers: FormatHandler[] = [pprofHandler, pprofTextHandler];
