import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { IDLE, QueryMachine, type QueryStatus } from './query-machine.ts';

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
