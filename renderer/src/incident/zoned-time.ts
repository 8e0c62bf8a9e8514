/**
 * Wall-clock times in a named IANA zone — the incident's own zone ("Asia/Shanghai") or UTC,
 * whatever the machine running the app is set to — for the 24-hour time inputs and the time axis.
 */

import { zoneFormatter as formatter } from '../../../workers/report/format.ts';

/** One check for the UI and for loading a workspace (the schema refuses what the UI would). */
export { isValidTimeZone } from '../../../workers/incident/model.ts';

/** The zone's offset from UTC at instant `ms`, in ms (east positive: Asia/Shanghai → +8 h). */
export function zoneOffsetMs(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(whole))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - whole;
}

/** "YYYY-MM-DDTHH:MM:SS.mmm" of instant `ms` on the wall clock of `tz`. */
export function toZonedInput(ms: number, tz: string): string {
  return new Date(ms + zoneOffsetMs(ms, tz)).toISOString().slice(0, 23);
}

const INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * The instant an ISO local date-time ("2026-11-27T23:15[:00[.000]]") names on the wall clock of
 * `tz`; undefined when the value is incomplete. Around a DST change the earlier of two readings wins; a skipped hour moves forward.
 */
export function fromZonedInput(v: string, tz: string): number | undefined {
  if (!INPUT.test(v)) return undefined;
  const wall = Date.parse(`${v}Z`);
  if (!Number.isFinite(wall)) return undefined;
  // The offsets half a day either side cover any DST change in between.
  const before = wall - zoneOffsetMs(wall - 43_200_000, tz);
  const after = wall - zoneOffsetMs(wall + 43_200_000, tz);
  const want = toWall(wall);
  const candidates = [before, after].filter((t) => toZonedInput(t, tz).slice(0, 19) === want);
  // In a skipped hour nothing matches: read it with the offset from before the change (moves forward).
  return candidates.length ? Math.min(...candidates) : before;
}

function toWall(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

/** A readable "2026-11-27 22:40:10.735 Asia/Shanghai" for instant `ms` in `tz`. */
export function formatZoned(ms: number, tz: string): string {
  return `${toZonedInput(ms, tz).replace('T', ' ')} ${tz}`;
}

/** Zones offered in the pickers (the incident's own zone is always added). */
export const COMMON_ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

/* ---- 24-hour wall-clock text: what the time inputs show and read ---- */

/** What a time input shows: "2026-11-27 23:15:00", plus ".250" when there are milliseconds. */
export function formatWallInput(ms: number, tz: string, withMs: 'auto' | 'never' = 'auto'): string {
  const v = toZonedInput(ms, tz).replace('T', ' ');
  return withMs === 'never' || v.endsWith('.000') ? v.slice(0, 19) : v;
}

export type WallParse =
  | { ok: true; ms: number }
  /** format: not "YYYY-MM-DD HH:MM[:SS[.mmm]]"; range: no such date or time; skipped: DST skips it. */
  | { ok: false; reason: 'empty' | 'format' | 'range' | 'skipped' };

const WALL = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/;

interface WallFields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Digits of milliseconds typed (0 when none). */
  msDigits: number;
}

function wallFields(text: string): WallFields | 'format' | 'range' {
  const m = WALL.exec(text.trim());
  if (!m) return 'format';
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const frac = m[7] ?? '';
  const f: WallFields = { y, mo, d, h, mi, s, ms: Number(frac.padEnd(3, '0') || 0), msDigits: frac.length };
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59)
    return 'range';
  return f;
}

function wallIso(f: WallFields): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(f.y, 4)}-${p(f.mo)}-${p(f.d)}T${p(f.h)}:${p(f.mi)}:${p(f.s)}.${p(f.ms, 3)}`;
}

/**
 * The instant a 24-hour "YYYY-MM-DD HH:MM:SS[.mmm]" (seconds optional; a "T" instead of the space
 * is accepted) names on the wall clock of `tz`. A time the zone's clocks skip (DST starts) is
 * refused rather than moved; in an hour that repeats (DST ends) the earlier reading wins.
 */
export function parseWallInput(text: string, tz: string): WallParse {
  if (!text.trim()) return { ok: false, reason: 'empty' };
  const f = wallFields(text);
  if (typeof f === 'string') return { ok: false, reason: f };
  const iso = wallIso(f);
  const ms = fromZonedInput(iso, tz);
  if (ms === undefined) return { ok: false, reason: 'format' };
  if (toZonedInput(ms, tz) !== iso) return { ok: false, reason: 'skipped' };
  return { ok: true, ms };
}

/** Where each field of "YYYY-MM-DD HH:MM:SS.mmm" ends (the caret just after a field is in it). */
const FIELD_ENDS = [4, 7, 10, 13, 16, 19, 23] as const;

/**
 * ArrowUp / ArrowDown in a time input: `delta` added to the field the caret is in (year … ms),
 * carrying into the others as a clock does (23:59 + 1 min = 00:00 the next day). Wall-clock
 * arithmetic, no zone. Undefined when the text is not a valid time.
 */
export function stepWallInput(text: string, caret: number, delta: number): string | undefined {
  const f = wallFields(text);
  if (typeof f === 'string') return undefined;
  // The typed text may have one-digit fields; find the field from the normalized layout.
  const field = FIELD_ENDS.findIndex((end) => caret <= end);
  const which = field < 0 ? 6 : field;
  let { y, mo, d } = f;
  if (which === 0 || which === 1) {
    // Years and months keep the day, clamped to the new month's length (31 Jan + 1 month = 28 Feb).
    const total = y * 12 + (mo - 1) + (which === 0 ? 12 * delta : delta);
    y = Math.floor(total / 12);
    mo = (total % 12) + 1;
    d = Math.min(d, new Date(Date.UTC(y, mo, 0)).getUTCDate());
  }
  const unit = [0, 0, 86_400_000, 3_600_000, 60_000, 1000, 1][which];
  const at = Date.UTC(y, mo - 1, d, f.h, f.mi, f.s, f.ms) + unit * delta;
  if (at < Date.UTC(1000, 0, 1) || at > Date.UTC(9999, 11, 31, 23, 59, 59, 999)) return undefined;
  const v = new Date(at).toISOString().replace('T', ' ').slice(0, 23);
  return f.msDigits || which === 6 ? v : v.slice(0, 19);
}
