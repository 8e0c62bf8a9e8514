import type { FormatId } from '../../contract/inspect.ts';
import type { GcComparison, GcQueries } from '../formats/gclog/handler.ts';
import type { GoHeapCompare } from '../formats/go-heapdump/handler.ts';
import type { GoroutineComparison } from '../formats/goroutines/compare.ts';
import type { GoroutineQueries } from '../formats/goroutines/handler.ts';
import type { HprofComparison, HprofQueries } from '../formats/hprof/handler.ts';
import type { ThreadComparison } from '../formats/jthreads/compare.ts';
import type { ThreadDumpQueries } from '../formats/jthreads/handler.ts';
import type { ProfileDiff } from '../formats/pprof/analysis.ts';
import type { FlameViewOptions, PprofQueries, PrunedFlameTree } from '../formats/pprof/handler.ts';
import type { HeapFamilyQueries } from '../graph/queries.ts';

/**
 * Every query family the worker answers, typed by the handlers' own query objects: a view names
 * the family it speaks, and the name, arguments and result of each call follow from it. `heap` is
 * what every heap dump answers; `hprof` adds the Java-only queries.
 */
export interface QueryMap {
  heap: HeapFamilyQueries;
  hprof: HprofQueries;
  profile: PprofQueries;
  goroutines: GoroutineQueries;
  gc: GcQueries;
  threads: ThreadDumpQueries;
}

export type QueryFamily = keyof QueryMap;
export type QueryName<F extends QueryFamily> = keyof QueryMap[F] & string;
type QueryFn<F extends QueryFamily, N extends QueryName<F>> = QueryMap[F][N] extends (
  ...args: infer A
) => infer R
  ? (...args: A) => R
  : never;
export type QueryArgs<F extends QueryFamily, N extends QueryName<F>> = Parameters<QueryFn<F, N>>;
/** What the call resolves to once it has crossed the worker boundary. */
export type QueryResult<F extends QueryFamily, N extends QueryName<F>> = Awaited<ReturnType<QueryFn<F, N>>>;

/** The formats that answer each family; the engine refuses a family the artifact doesn't speak. */
export const FAMILY_FORMATS: Record<QueryFamily, readonly FormatId[]> = {
  heap: ['go-heapdump', 'hprof'],
  hprof: ['hprof'],
  profile: ['pprof', 'pprof-text'],
  goroutines: ['goroutine-dump'],
  gc: ['go-gctrace', 'jvm-gclog', 'jstat'],
  threads: ['java-thread-dump'],
};

/** What `compare(base, current)` returns per comparison family. */
export interface CompareMap {
  'go-heap': GoHeapCompare;
  hprof: HprofComparison;
  /** A heap view that serves both: narrow by `'rows' in result` (Java compares by class). */
  heap: GoHeapCompare | HprofComparison;
  profile: ProfileDiff;
  goroutines: GoroutineComparison;
  gc: GcComparison;
  threads: ThreadComparison;
}

export type CompareFamily = keyof CompareMap;

export const COMPARE_FORMATS: Record<CompareFamily, readonly FormatId[]> = {
  'go-heap': ['go-heapdump'],
  hprof: ['hprof'],
  heap: ['go-heapdump', 'hprof'],
  profile: FAMILY_FORMATS.profile,
  goroutines: FAMILY_FORMATS.goroutines,
  gc: FAMILY_FORMATS.gc,
  threads: FAMILY_FORMATS.threads,
};

/** Comparison views asked for on demand (a pprof diff flame graph at one zoom). */
export interface CompareViewMap {
  profile: { args: [sampleType?: string, view?: FlameViewOptions]; result: PrunedFlameTree };
}
