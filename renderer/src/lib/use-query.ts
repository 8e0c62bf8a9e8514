import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { IDLE, KeyedQueries, QueryMachine, type QueryStatus } from './query-machine.ts';

export { delay, type QueryStatus } from './query-machine.ts';

export interface QueryHandle<T> extends QueryStatus<T> {
  /** Asks again (the Retry of an in-place error). */
  retry(): void;
}

/**
 * One asynchronous query of a view: `const { data, error, loading } = useQuery(() => query(…), [deps])`.
 * A newer request supersedes an older one and unmounting drops the answer in flight; `fn` may
 * return undefined when there is nothing to ask yet, and may wait on its `signal` (aborted when
 * superseded) to debounce: `(signal) => delay(120, signal).then(() => query(…))`. Show the state
 * with `<QueryState>`.
 */
export function useQuery<T>(
  fn: (signal: AbortSignal) => Promise<T> | undefined,
  deps: DependencyList,
): QueryHandle<T> {
  const [status, setStatus] = useState<QueryStatus<T>>({ ...IDLE, loading: true });
  const machine = useRef<QueryMachine<T>>(undefined);
  if (!machine.current) machine.current = new QueryMachine<T>(setStatus);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(fn);
  latest.current = fn;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to ask again
  useEffect(() => {
    const m = machine.current;
    m?.run((signal) => latest.current(signal));
    return () => m?.cancel();
  }, [...deps, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...status, retry };
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * One value per `deps`: a new one whenever they change (unlike `useMemo`, never recomputed for
 * any other reason). The machines below belong to the deps they were made for.
 */
function usePerDeps<V>(make: () => V, deps: DependencyList): V {
  const ref = useRef<{ deps: DependencyList; value: V }>(undefined);
  if (!ref.current || !sameDeps(ref.current.deps, deps)) ref.current = { deps: [...deps], value: make() };
  return ref.current.value;
}

export interface OnDemandHandle<A extends unknown[], T> extends QueryHandle<T> {
  /** Asks (a click on "Paths to GC roots", "Compare"); supersedes the request before it. */
  run(...args: A): void;
  /** Back to idle: nothing asked, nothing shown. */
  reset(): void;
}

/**
 * A query asked for by the user rather than by what is on screen: nothing happens until `run`,
 * then the same states as `useQuery` (loading, the error in place with Retry, a newer `run`
 * drops the older answer, unmounting drops the answer in flight). When `deps` change the answer
 * no longer applies (another object is inspected): the handle is idle again at once. `onData`
 * sees each current answer with the arguments it was asked with (a lookup that selects a row).
 */
export function useQueryOnDemand<A extends unknown[], T>(
  fn: (signal: AbortSignal, ...args: A) => Promise<T> | undefined,
  deps: DependencyList,
  onData?: (data: T, ...args: A) => void,
): OnDemandHandle<A, T> {
  const [state, setState] = useState<{ owner?: QueryMachine<T>; status: QueryStatus<T> }>({
    status: IDLE,
  });
  const machine = usePerDeps(() => {
    const m: QueryMachine<T> = new QueryMachine<T>((status) => setState({ owner: m, status }));
    return m;
  }, deps);
  useEffect(() => () => machine.cancel(), [machine]);
  const latest = useRef({ fn, onData });
  latest.current = { fn, onData };
  const run = useCallback(
    (...args: A) =>
      machine.run(
        (signal) => latest.current.fn(signal, ...args),
        (data) => latest.current.onData?.(data, ...args),
      ),
    [machine],
  );
  const retry = useCallback(() => machine.retry(), [machine]);
  const reset = useCallback(() => machine.reset(), [machine]);
  // an answer for other deps (in the moment before the old machine is cancelled) is not shown
  const status = state.owner === machine ? state.status : IDLE;
  return { ...status, run, retry, reset };
}

export interface LazyQueriesHandle<K, A, T> {
  /** Where the query for `key` stands, with its Retry. */
  get(key: K): QueryHandle<T>;
  /**
   * Asks `fn(arg)` for `key` (expanding one tree node, the next page of its children); `onData`
   * gets the answer if it is still wanted when it comes (then the key is idle again).
   */
  run(key: K, arg: A, onData: (data: T) => void): void;
  /** Forgets `key` (the node was collapsed while its children loaded). */
  reset(key: K): void;
}

/**
 * Queries that accumulate: the children of lazily expanded tree nodes, each node with its own
 * loading state and in-place error with Retry. Changing `deps` (another sort order, another
 * artifact) or unmounting drops every answer still in flight.
 */
export function useLazyQueries<K, A, T>(
  fn: (signal: AbortSignal, arg: A) => Promise<T> | undefined,
  deps: DependencyList,
): LazyQueriesHandle<K, A, T> {
  const [, setVersion] = useState(0);
  const queries = usePerDeps(() => new KeyedQueries<K, T>(() => setVersion((v) => v + 1)), deps);
  useEffect(() => () => queries.resetAll(), [queries]);
  const latest = useRef(fn);
  latest.current = fn;
  const current = useRef(queries);
  current.current = queries;
  const get = useCallback(
    (key: K): QueryHandle<T> => ({ ...queries.status(key), retry: () => queries.retry(key) }),
    [queries],
  );
  const run = useCallback(
    (key: K, arg: A, onData: (data: T) => void) =>
      queries.run(
        key,
        (signal) => latest.current(signal, arg),
        (data) => {
          if (current.current === queries) onData(data);
        },
      ),
    [queries],
  );
  const reset = useCallback((key: K) => queries.reset(key), [queries]);
  return { get, run, reset };
}
