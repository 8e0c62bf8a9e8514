import type { GcEvent, GcEventKind } from './model.ts';

/** Kind ids in column order (the `kind` column holds the index). */
export const KINDS: readonly GcEventKind[] = [
  'go-cycle',
  'young',
  'mixed',
  'full',
  'initial-mark',
  'remark',
  'cleanup',
  'concurrent',
];
const KIND_INDEX = new Map<GcEventKind, number>(KINDS.map((k, i) => [k, i]));
export const KIND_GO = 0;

/** The numeric fields an event may lack: a column each, allocated when the first value arrives. */
export type OptionalField =
  | 'durationMs'
  | 'heapBeforeBytes'
  | 'heapAfterBytes'
  | 'heapLiveBytes'
  | 'goalBytes'
  | 'oldBeforeBytes'
  | 'oldAfterBytes'
  | 'cpuMs'
  | 'cumulativeCpuPercent'
  | 'count'
  | 'id';

const OPTIONAL: readonly OptionalField[] = [
  'durationMs',
  'heapBeforeBytes',
  'heapAfterBytes',
  'heapLiveBytes',
  'goalBytes',
  'oldBeforeBytes',
  'oldAfterBytes',
  'cpuMs',
  'cumulativeCpuPercent',
  'count',
  'id',
];

/**
 * The GC events of one log as columns: a typed array per field (NaN where an event lacks it), so a
 * million Go cycles cost ~90 bytes each instead of an object, its boxed numbers and a name string.
 * Strings (name, cause) are sparse. `event(i)` builds the object form for paging and tests.
 */
export class GcColumns {
  length = 0;
  private cap: number;
  t: Float64Array;
  pauseMs: Float64Array;
  kind: Uint8Array;
  line: Uint32Array;
  private readonly opt: Partial<Record<OptionalField, Float64Array>> = {};
  private readonly names = new Map<number, string>();
  private readonly causes = new Map<number, string>();
  private readonly forced = new Set<number>();

  constructor(capacity = 1024) {
    this.cap = Math.max(16, capacity);
    this.t = new Float64Array(this.cap);
    this.pauseMs = new Float64Array(this.cap);
    this.kind = new Uint8Array(this.cap);
    this.line = new Uint32Array(this.cap);
  }

  static fromEvents(events: readonly GcEvent[]): GcColumns {
    const c = new GcColumns(events.length);
    for (const e of events) c.push(e);
    return c;
  }

  /**
   * Makes room for `n` events in one step: a reader that can estimate its event count (file size
   * over line length) avoids the doubling steps, whose old and new arrays briefly coexist.
   */
  reserve(n: number): void {
    while (this.cap < n) this.grow(Math.max(n, this.cap + 16));
  }

  /** Appends an event with its always-present fields; returns its index. */
  add(kind: number, t: number, pauseMs: number, line: number): number {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.kind[i] = kind;
    this.t[i] = t;
    this.pauseMs[i] = pauseMs;
    this.line[i] = line;
    return i;
  }

  set(field: OptionalField, i: number, v: number): void {
    let col = this.opt[field];
    if (!col) {
      col = new Float64Array(this.cap).fill(Number.NaN);
      this.opt[field] = col;
    }
    col[i] = v;
  }

  /** The field's column (NaN where absent), or undefined when no event has it. */
  column(field: OptionalField): Float64Array | undefined {
    return this.opt[field];
  }

  get(field: OptionalField, i: number): number | undefined {
    const v = this.opt[field]?.[i];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  kindOf(i: number): GcEventKind {
    return KINDS[this.kind[i]];
  }

  setName(i: number, name: string): void {
    this.names.set(i, name);
  }

  setCause(i: number, cause: string, forced = false): void {
    this.causes.set(i, cause);
    if (forced) this.forced.add(i);
  }

  cause(i: number): string | undefined {
    return this.causes.get(i);
  }

  push(e: GcEvent): number {
    const i = this.add(KIND_INDEX.get(e.kind) ?? 0, e.t, e.pauseMs, e.line);
    for (const f of OPTIONAL) {
      const v = e[f];
      if (v !== undefined) this.set(f, i, v);
    }
    if (e.name !== undefined) this.names.set(i, e.name);
    if (e.cause !== undefined) this.causes.set(i, e.cause);
    if (e.forced) this.forced.add(i);
    return i;
  }

  /** The object form of event `i` (absent fields left out). */
  event(i: number): GcEvent {
    const kind = KINDS[this.kind[i]];
    const e: GcEvent = { t: this.t[i], kind, pauseMs: this.pauseMs[i], line: this.line[i] };
    const name = this.names.get(i);
    if (name !== undefined) e.name = name;
    for (const f of OPTIONAL) {
      const v = this.opt[f]?.[i];
      if (v !== undefined && !Number.isNaN(v)) e[f] = v;
    }
    if (name === undefined && kind === 'go-cycle' && e.id !== undefined) e.name = `gc ${e.id}`;
    const cause = this.causes.get(i);
    if (cause !== undefined) e.cause = cause;
    if (this.forced.has(i)) e.forced = true;
    return e;
  }

  toEvents(): GcEvent[] {
    const out: GcEvent[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.event(i);
    return out;
  }

  private grow(to = this.cap * 2): void {
    const cap = to;
    const f64 = (a: Float64Array, fill: number) => {
      const b = new Float64Array(cap);
      b.set(a);
      if (fill !== 0) b.fill(fill, a.length);
      return b;
    };
    this.t = f64(this.t, 0);
    this.pauseMs = f64(this.pauseMs, 0);
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    const line = new Uint32Array(cap);
    line.set(this.line);
    this.line = line;
    for (const f of OPTIONAL) {
      const col = this.opt[f];
      if (col) this.opt[f] = f64(col, Number.NaN);
    }
    this.cap = cap;
  }
}
