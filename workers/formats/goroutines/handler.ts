import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { throwIfAborted } from '../../core/byte-source.ts';
import type { FormatHandler, OpenedArtifact } from '../../engine/format-handler.ts';
import {
  createdByTree,
  filterGroups,
  findSuspects,
  type Group,
  type GroupFilter,
  groupDetail,
  groupGoroutines,
  summarize,
} from './analyze.ts';
import { type ComparedDump, compareDumps, type GoroutineComparison } from './compare.ts';
import { type GoroutineDump, SIMILARITIES, type Similarity } from './model.ts';
import { parseGoroutineDump } from './parse.ts';

/** What stays in the worker for one open goroutine dump. */
export class GoroutineModel {
  private readonly cache = new Map<Similarity, Group[]>();

  constructor(readonly dump: GoroutineDump) {}

  groups(similarity: Similarity = 'anyValue'): Group[] {
    const s = SIMILARITIES.includes(similarity) ? similarity : 'anyValue';
    let g = this.cache.get(s);
    if (!g) {
      g = groupGoroutines(this.dump, s);
      this.cache.set(s, g);
    }
    return g;
  }

  compared(): ComparedDump {
    return { dump: this.dump, groups: this.groups('anyValue') };
  }
}

/** The queries a goroutine view calls; the renderer's calls are typed by them. */
export type GoroutineQueries = ReturnType<typeof goroutineQueries>;

function goroutineQueries(
  dump: GoroutineDump,
  model: GoroutineModel,
  groups: Group[],
  suspects: ReturnType<typeof findSuspects>,
  block: ReturnType<typeof summarize>,
) {
  return {
    /** A page of groups: `{ total, goroutines, rows }`. */
    groups: (filter: GroupFilter = {}, similarity: Similarity = 'anyValue') => {
      const rows = filterGroups(dump, model.groups(similarity), filter);
      const offset = Math.max(0, filter.offset ?? 0);
      const limit = Math.min(Math.max(1, filter.limit ?? 500), 5000);
      let goroutines = 0;
      for (const r of rows) goroutines += r.count;
      return { total: rows.length, goroutines, rows: rows.slice(offset, offset + limit) };
    },
    /** Full stack, merged arguments, ids and ancestors of one group. */
    group: (key: string, similarity: Similarity = 'anyValue') => {
      const g = model.groups(similarity).find((x) => x.key === key);
      return g ? groupDetail(dump, g) : undefined;
    },
    suspects: () => suspects,
    createdByTree: (similarity: Similarity = 'anyValue') => createdByTree(dump, model.groups(similarity)),
    /** Group key → count (default similarity), for count-over-time series across dumps. */
    countsByKey: () => {
      const out: Record<string, number> = {};
      for (const g of groups) out[g.key] = g.count;
      return out;
    },
    states: () => ({ byState: block.byState, byWaitReason: block.byWaitReason }),
  };
}

export async function openGoroutineDump(source: ByteSource, ctx: ParseContext = {}): Promise<OpenedArtifact> {
  const dump = await parseGoroutineDump(source, ctx);
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ phase: 'group', done: source.size, total: source.size });
  const model = new GoroutineModel(dump);
  const groups = model.groups('anyValue');
  const suspects = findSuspects(dump, groups);
  const block = summarize(dump, groups, suspects);
  const queries = goroutineQueries(dump, model, groups, suspects, block);
  return {
    truncated: dump.truncated,
    ...(dump.truncatedAt !== undefined ? { truncatedAt: dump.truncatedAt } : {}),
    warnings: dump.warnings,
    ...(dump.warningMsgs ? { warningMsgs: dump.warningMsgs } : {}),
    ...(dump.capturedAtMs !== undefined ? { capturedAtMs: dump.capturedAtMs } : {}),
    goroutines: block,
    queries,
    model,
  };
}

/** Compares two or more opened goroutine dumps, oldest first. */
export function compareGoroutineDumps(opened: OpenedArtifact[]): GoroutineComparison {
  const dumps = opened.map((o) => {
    if (!(o.model instanceof GoroutineModel)) throw new Error('not a goroutine dump');
    return o.model.compared();
  });
  if (dumps.length < 2) throw new Error('a comparison needs at least two goroutine dumps');
  return compareDumps(dumps);
}

export const goroutinesHandler: FormatHandler = {
  format: 'goroutine-dump',
  open: (source, ctx) => openGoroutineDump(source, ctx),
  compare: (base, current) => compareGoroutineDumps([base, current]),
};
