import { type QueryHandle, useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, type OpenArtifact, query } from '../view-contract.ts';

/** Goroutine dumps among the open artifacts, oldest first (capture time, else file time, else open order). */
export function goroutineDumps(artifact: OpenArtifact, others: OpenArtifact[]): OpenArtifact[] {
  const all = [...others.filter((o) => o.result.format === 'goroutine-dump'), artifact];
  const time = (a: OpenArtifact) => {
    return a.result.capturedAtMs ?? a.result.goroutines?.fileModifiedMs;
  };
  return all
    .map((a, i) => ({ a, i, t: time(a) }))
    .sort((x, y) => (x.t !== undefined && y.t !== undefined ? x.t - y.t : x.i - y.i))
    .map((x) => x.a);
}

const dumpKind = (a: OpenArtifact) => a.result.goroutines?.dumpKind;

/**
 * The dump a comparison starts from: the latest earlier dump of the same kind (a `debug=2` dump
 * against the previous `debug=2` one), not a crash traceback that may be another process. A crash
 * itself is compared with the latest dump before it. Falls back to the nearest dump of any kind.
 */
export function defaultBase(artifact: OpenArtifact, candidates: OpenArtifact[]): OpenArtifact | undefined {
  if (candidates.length === 0) return undefined;
  const ordered = goroutineDumps(artifact, candidates);
  const at = ordered.indexOf(artifact);
  const before = ordered.slice(0, at).reverse();
  const after = ordered.slice(at + 1);
  const kind = dumpKind(artifact);
  const sameKind = (a: OpenArtifact) => dumpKind(a) === kind;
  const notCrash = (a: OpenArtifact) => dumpKind(a) !== 'traceback';
  const prefs: ((a: OpenArtifact) => boolean)[] =
    kind === 'traceback' ? [notCrash, () => true] : [sameKind, notCrash, () => true];
  for (const pref of prefs) {
    const hit = before.find(pref) ?? after.find(pref);
    if (hit) return hit;
  }
  return undefined;
}

export interface Series {
  /** Dumps in time order (including this one). */
  dumps: OpenArtifact[];
  /** Per dump: group key → count. */
  counts: Record<string, number>[];
}

/**
 * Count per group over every open goroutine dump: the sparkline in the groups table (data is
 * undefined when fewer than two comparable dumps are open).
 */
export function useSeries(
  engine: EngineRemote,
  artifact: OpenArtifact,
  others: OpenArtifact[],
): QueryHandle<Series | undefined> {
  const dumps = goroutineDumps(artifact, others);
  const ids = dumps.map((d) => d.id).join(',');
  return useQuery(async () => {
    if (dumps.length < 2) return undefined;
    const counts = await Promise.all(dumps.map((d) => query(engine, d.id, 'goroutines', 'countsByKey')));
    // Only dumps that look like the same program: the same kind family (debug=1 keys differ)
    // and at least one group in common with this dump.
    const self = dumps.indexOf(artifact);
    const mine = new Set(Object.keys(counts[self]));
    const debug1 = (a: OpenArtifact) => a.result.goroutines?.dumpKind === 'debug1';
    const keep = dumps
      .map((d, i) => ({ d, c: counts[i], i }))
      .filter(
        ({ d, c, i }) =>
          i === self || (debug1(d) === debug1(artifact) && Object.keys(c).some((k) => mine.has(k))),
      );
    return keep.length > 1 ? { dumps: keep.map((x) => x.d), counts: keep.map((x) => x.c) } : undefined;
    // the id list is the identity of `dumps`
  }, [engine, ids]);
}

export function seriesFor(series: Series | undefined, key: string): number[] | undefined {
  return series?.counts.map((c) => c[key] ?? 0);
}
