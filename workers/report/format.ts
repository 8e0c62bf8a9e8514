/** Number and time formatting for generated text (same in every language: units are international). */

export { formatBytes, formatCount, formatMs, formatPercent } from '../core/format-number.ts';

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter of wall-clock parts (year … second, 24-hour) in the IANA zone `tz`, cached per zone;
 * throws a RangeError for a zone this runtime does not know.
 */
export function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormatters.set(tz, f);
  }
  return f;
}

/** A moment in a time zone: "2026-11-20 09:02:00 UTC" / "2026-11-20 17:02:00 Asia/Shanghai". */
export function formatTime(ms: number, timeZone = 'UTC'): string {
  if (!Number.isFinite(ms)) return '?';
  let dtf: Intl.DateTimeFormat;
  try {
    dtf = zoneFormatter(timeZone);
  } catch {
    return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  }
  const p: Record<string, string> = {};
  for (const part of dtf.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${timeZone}`;
}

/** Duration in minutes, one decimal: "12.5 min". */
export function formatMinutes(ms: number): string {
  return `${(Math.round((ms / 60_000) * 10) / 10).toString()} min`;
}
