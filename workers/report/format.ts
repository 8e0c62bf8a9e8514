/** Number and time formatting for generated text (same in every language: units are international). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 50331648 → "48.0 MiB". */
export function formatBytes(b: number): string {
  let v = Math.abs(b);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const s = u === 0 ? String(Math.round(v)) : v.toFixed(1);
  return `${b < 0 ? '-' : ''}${s} ${UNITS[u]}`;
}

/** Milliseconds as "150.2 ms" / "2.5 s". */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

export function formatPercent(p: number): string {
  return `${Math.round(p * 10) / 10} %`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

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
