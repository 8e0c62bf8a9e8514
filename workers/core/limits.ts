import { formatBytes } from '../report/format.ts';
import { ParseError } from './errors.ts';

/**
 * Bounds on what hostile or broken input may make a parser spend. A 10 MB `.gz` can inflate to
 * gigabytes and one line can be the whole file: without bounds the process dies (out of memory)
 * instead of saying which file, where and which bound it hit. Every bound is far above what real
 * dumps and logs need; the inflation budget is the one a user may have to raise.
 */
export interface Limits {
  /** Most bytes one compressed stream may inflate to; unset: derived from the compressed size. */
  maxInflatedBytes?: number;
  /** Longest line a text format accepts. */
  maxLineBytes: number;
  /** Most records one artifact may hold; unset: RECORD_CAPS for the record's kind. */
  maxRecords?: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxLineBytes: 64 * 1024 * 1024,
};

/**
 * Most records of each kind an artifact may hold: several times the largest real dumps and logs
 * (a goroutine leak of a million, tens of thousands of Java threads, ten GCs a second for four days),
 * low enough that a bomb stops within seconds and a gigabyte or so of memory.
 */
export const RECORD_CAPS = {
  goroutines: 2_000_000,
  threads: 250_000,
  'GC events': 4_000_000,
  'jstat rows': 1_000_000,
  /** samples of a legacy text heap profile (one per distinct stack: real ones have thousands) */
  'profile samples': 1_000_000,
} as const;

export type RecordKind = keyof typeof RECORD_CAPS;

/** A stream inflating to this many times its compressed size is treated as a bomb… */
export const INFLATE_RATIO = 32;
/** …unless it stays under this floor (small files of very repetitive text compress far better)… */
export const INFLATE_FLOOR = 512 * 1024 * 1024;
/** …and no stream inflates past this without the user raising the budget. */
export const INFLATE_HARD_MAX = 32 * 1024 * 1024 * 1024;

/** The limits a parse runs under: the defaults with whatever the caller overrode. */
export function limitsOf(ctx: { limits?: Partial<Limits> }): Limits {
  return { ...DEFAULT_LIMITS, ...stripUndefined(ctx.limits) };
}

function stripUndefined(l: Partial<Limits> | undefined): Partial<Limits> {
  const out: Partial<Limits> = {};
  if (!l) return out;
  for (const [k, v] of Object.entries(l) as [keyof Limits, number | undefined][])
    if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The inflation budget for a compressed stream of `compressedBytes`: the caller's when set, else
 * INFLATE_RATIO × the compressed size, at least INFLATE_FLOOR, at most INFLATE_HARD_MAX. The gzip
 * trailer's ISIZE is not trusted to raise it: it is the size modulo 4 GiB, the attacker writes it,
 * and in a file cut short it is whatever bytes happen to be last.
 */
export function inflationBudget(compressedBytes: number, limits: Partial<Limits> = {}): number {
  if (limits.maxInflatedBytes !== undefined) return limits.maxInflatedBytes;
  return Math.min(INFLATE_HARD_MAX, Math.max(INFLATE_FLOOR, INFLATE_RATIO * compressedBytes));
}

export type LimitKind = 'inflated' | 'line' | 'records' | 'record-length';

/**
 * A parse stopped at one of the Limits. It names the file, the offset and the bound; `kind` and
 * `limit` let a host offer to reopen with a higher bound ("stops at 512 MiB, continue?").
 */
export class LimitError extends ParseError {
  readonly kind: LimitKind;
  readonly limit: number;

  constructor(
    file: string,
    where: { offset?: number; line?: number },
    kind: LimitKind,
    limit: number,
    found: string,
  ) {
    super(file, where, limitText(kind, limit), found);
    this.name = 'LimitError';
    this.kind = kind;
    this.limit = limit;
  }
}

function limitText(kind: LimitKind, limit: number): string {
  switch (kind) {
    case 'inflated':
      return `at most ${formatBytes(limit)} once decompressed (the inflation budget; raise it to read further)`;
    case 'line':
      return `lines of at most ${formatBytes(limit)} (the line length cap)`;
    case 'records':
      return `at most ${limit} records (the record count cap)`;
    case 'record-length':
      return `a record length of at most ${limit} bytes`;
  }
}

/** Throws a LimitError once `count` passes the cap for `what` (call it as records are added). */
export function checkRecordCount(
  count: number,
  limits: Limits,
  file: string,
  where: { offset?: number; line?: number },
  what: RecordKind,
): void {
  const cap = limits.maxRecords ?? RECORD_CAPS[what];
  if (count > cap) throw new LimitError(file, where, 'records', cap, `more ${what}`);
}
