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
  private current: QueryStatus<T> = IDLE;

  constructor(private readonly onChange: (status: QueryStatus<T>) => void) {}

  get status(): QueryStatus<T> {
    return this.current;
  }

  /** Starts `fn`; a function that returns undefined has nothing to ask yet (idle). */
  run(fn: () => Promise<T> | undefined): void {
    const ticket = ++this.ticket;
    let pending: Promise<T> | undefined;
    try {
      pending = fn();
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
        if (ticket === this.ticket)
          this.set({ data: this.current.data, error: messageOf(e), loading: false });
      },
    );
  }

  /** Forgets the request in flight: its answer, when it comes, changes nothing. */
  cancel(): void {
    this.ticket++;
  }

  private set(status: QueryStatus<T>): void {
    this.current = status;
    this.onChange(status);
  }
}
