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

  constructor(private readonly onChange: (status: QueryStatus<T>) => void) {}

  get status(): QueryStatus<T> {
    return this.current;
  }

  /**
   * Starts `fn`; a function that returns undefined has nothing to ask yet (idle). `signal` aborts
   * when a newer run or `cancel` supersedes this one (a debounce waits on it, see `delay`).
   */
  run(fn: (signal: AbortSignal) => Promise<T> | undefined): void {
    this.cancel();
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
        if (ticket === this.ticket) this.set({ data, error: undefined, loading: false });
      },
      (e: unknown) => {
        // a superseded run's failure (its debounce aborted) is not an error of the current one
        if (ticket === this.ticket)
          this.set({ data: this.current.data, error: messageOf(e), loading: false });
      },
    );
  }

  /** Forgets the request in flight: its answer, when it comes, changes nothing. */
  cancel(): void {
    this.ticket++;
    this.controller?.abort();
    this.controller = undefined;
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
