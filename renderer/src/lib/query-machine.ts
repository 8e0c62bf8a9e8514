/** Where one asynchronous query stands. `data` is kept while a newer request loads (no flicker). */
export interface QueryStatus<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

export const IDLE: QueryStatus<never> = { data: undefined, error: undefined, loading: false };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The React-free core of `useQuery`: each `run` supersedes the one before, so a slow answer to an
 * old request (the user moved on to another node, page or sample type) never overwrites a newer
 * one, and `cancel` (unmount) drops whatever is still in flight.
 */
export class QueryMachine<T> {
  private ticket = 0;
  private controller: AbortController | undefined;
  private current: QueryStatus<T> = IDLE;
  private last:
    | { fn: (signal: AbortSignal) => Promise<T> | undefined; onData?: (data: T) => void }
    | undefined;

  constructor(private readonly onChange: (status: QueryStatus<T>) => void) {}

  get status(): QueryStatus<T> {
    return this.current;
  }

  /**
   * Starts `fn`; a function that returns undefined has nothing to ask yet (idle). `signal` aborts
   * when a newer run or `cancel` supersedes this one (a debounce waits on it, see `delay`).
   * `onData` sees the answer of this run only if it is still the current one when it comes (a
   * lazily expanded tree adds the page to its lines there).
   */
  run(fn: (signal: AbortSignal) => Promise<T> | undefined, onData?: (data: T) => void): void {
    this.cancel();
    this.last = { fn, onData };
    const ticket = this.ticket;
    this.controller = new AbortController();
    let pending: Promise<T> | undefined;
    try {
      pending = fn(this.controller.signal);
    } catch (e) {
      this.set({ data: this.current.data, error: messageOf(e), loading: false });
      return;
    }
    if (!pending) {
      this.set(IDLE);
      return;
    }
    this.set({ data: this.current.data, error: undefined, loading: true });
    pending.then(
      (data) => {
        if (ticket !== this.ticket) return;
        this.set({ data, error: undefined, loading: false });
        onData?.(data);
      },
      (e: unknown) => {
        // a superseded run's failure (its debounce aborted) is not an error of the current one
        if (ticket === this.ticket)
          this.set({ data: this.current.data, error: messageOf(e), loading: false });
      },
    );
  }

  /** Asks again what the last run asked (the Retry of an in-place error); nothing before a first run. */
  retry(): void {
    if (this.last) this.run(this.last.fn, this.last.onData);
  }

  /** Forgets the request in flight: its answer, when it comes, changes nothing. */
  cancel(): void {
    this.ticket++;
    this.controller?.abort();
    this.controller = undefined;
  }

  /**
   * Back to idle, forgetting the data and the last request: what was asked no longer applies (the
   * inspected object changed, the tree was sorted another way).
   */
  reset(): void {
    this.cancel();
    this.last = undefined;
    if (this.current !== IDLE) this.set(IDLE);
  }

  private set(status: QueryStatus<T>): void {
    this.current = status;
    this.onChange(status);
  }
}

/** Waits `ms` unless `signal` aborts first (then rejects): a debounce for typing into a filter. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * Many independent queries told apart by a key: the lazily expanded nodes of a tree, each with its
 * own loading and error state and Retry. A run for one key supersedes only that key's earlier run;
 * `resetAll` (the tree was rebuilt, the view unmounted) drops every answer still in flight.
 */
export class KeyedQueries<K, T> {
  private readonly machines = new Map<K, QueryMachine<T>>();

  constructor(private readonly onChange: (key: K, status: QueryStatus<T>) => void) {}

  status(key: K): QueryStatus<T> {
    return this.machines.get(key)?.status ?? IDLE;
  }

  run(key: K, fn: (signal: AbortSignal) => Promise<T> | undefined, onData?: (data: T) => void): void {
    let m = this.machines.get(key);
    if (!m) {
      m = new QueryMachine<T>((s) => this.onChange(key, s));
      this.machines.set(key, m);
    }
    // once the answer is handed over (added to the tree's lines) the key has nothing left to show
    const owner = m;
    m.run(
      fn,
      onData &&
        ((data) => {
          if (this.machines.get(key) === owner) this.machines.delete(key);
          onData(data);
        }),
    );
  }

  retry(key: K): void {
    this.machines.get(key)?.retry();
  }

  /** Drops one key: its answer in flight changes nothing, its error goes away. */
  reset(key: K): void {
    const m = this.machines.get(key);
    if (!m) return;
    this.machines.delete(key);
    m.reset();
  }

  resetAll(): void {
    for (const key of [...this.machines.keys()]) this.reset(key);
  }
}
