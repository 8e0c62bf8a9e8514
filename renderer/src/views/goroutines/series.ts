import { useEffect, useState } from 'react';
import type { GoroutinesBlock } from '../../../../workers/model/inspect.ts';
import { type EngineRemote, type OpenArtifact, query } from '../view-contract.ts';

/** Goroutine dumps among the open artifacts, oldest first (capture time, else file time, else open order). */
export function goroutineDumps(artifact: OpenArtifact, others: OpenArtifact[]): OpenArtifact[] {
  const all = [...others.filter((o) => o.result.format === 'goroutine-dump'), artifact];
  const time = (a: OpenArtifact) => {
    const b = a.result.goroutines as GoroutinesBlock | undefined;
    return a.result.capturedAtMs ?? (b?.fileModifiedMs as number | undefined);
  };
  return all
    .map((a, i) => ({ a, i, t: time(a) }))
    .sort((x, y) => (x.t !== undefined && y.t !== undefined ? x.t - y.t : x.i - y.i))
    .map((x) => x.a);
}

export interface Series {
  /** Dumps in time order (including this one). */
  dumps: OpenArtifact[];
  /** Per dump: group key → count. */
  counts: Record<string, number>[];
}

/** Count per group over every open goroutine dump: the sparkline in the groups table. */
export function useSeries(
  engine: EngineRemote,
  artifact: OpenArtifact,
  others: OpenArtifact[],
): Series | undefined {
  const dumps = goroutineDumps(artifact, others);
  const ids = dumps.map((d) => d.id).join(',');
  const [series, setSeries] = useState<Series>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the id list is the identity of `dumps`
  useEffect(() => {
    if (dumps.length < 2) {
      setSeries(undefined);
      return;
    }
    let live = true;
    Promise.all(dumps.map((d) => query<Record<string, number>>(engine, d.id, 'countsByKey')))
      .then((counts) => {
        if (live) setSeries({ dumps, counts });
      })
      .catch(() => {
        if (live) setSeries(undefined);
      });
    return () => {
      live = false;
    };
  }, [engine, ids]);
  return series;
}

export function seriesFor(series: Series | undefined, key: string): number[] | undefined {
  return series?.counts.map((c) => c[key] ?? 0);
}
