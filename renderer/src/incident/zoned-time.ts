/**
 * Wall-clock times in a named IANA zone for `datetime-local` inputs: the incident's own zone
 * ("Asia/Shanghai") or UTC, whatever the machine running the app is set to.
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

/** `datetime-local` value (with milliseconds) of instant `ms` on the wall clock of `tz`. */
export function toZonedInput(ms: number, tz: string): string {
  return new Date(ms + zoneOffsetMs(ms, tz)).toISOString().slice(0, 23);
}

/**
 * The form a `datetime-local` input reports its value in (HTML's normalized local date and time:
 * no `.000`, no `:00` seconds), so a controlled input and its DOM value agree.
 */
export function normalizeLocal(v: string): string {
  return v.replace(/\.0{1,3}$/, '').replace(/(T\d{2}:\d{2}):00$/, '$1');
}

/** `toZonedInput` in the normalized form, optionally without milliseconds. */
export function toInputValue(ms: number, tz: string, withMs = true): string {
  const v = toZonedInput(ms, tz);
  return normalizeLocal(withMs ? v : v.slice(0, 19));
}

const INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * The instant a `datetime-local` value names on the wall clock of `tz`; undefined when the value is
 * incomplete. Around a DST change the earlier of two readings wins; a skipped hour moves forward.
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
