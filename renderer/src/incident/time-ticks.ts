/**
 * Ticks and labels for a time axis: the spacing comes from the span shown (50 ms to months), the
 * label precision from the spacing, so two neighbouring labels never read the same ("12:00:05"
 * twice for a sub-second span). Ticks sit on round wall-clock values of the zone the UI shows
 * times in (whole seconds, minutes, hours; midnights for day steps). Pure.
 */
import { fromZonedInput, toZonedInput, zoneOffsetMs } from './zoned-time.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Tick spacings, in ms: 1-2-5 below a second, then the clock's own round numbers. */
const STEPS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
] as const;

export interface TimeTicks {
  /** Instants of the ticks, ascending, all within [from, to]. */
  ticks: number[];
  /** One label per tick; neighbours always differ. */
  labels: string[];
  /** The spacing chosen, in ms. */
  step: number;
}

/** The smallest spacing that puts at most `maxTicks` ticks on `span` ms. */
export function tickStep(span: number, maxTicks: number): number {
  const intervals = Math.max(1, maxTicks - 1);
  for (const s of STEPS) if (span / s <= intervals) return s;
  // Beyond the table (years): whole multiples of 28 days.
  return Math.ceil(span / intervals / (28 * DAY)) * 28 * DAY;
}

/** Digits of the fraction of a second a spacing needs: 100 ms → 1, 20 ms → 2, 5 ms → 3. */
function fractionDigits(step: number): number {
  if (step >= SECOND) return 0;
  if (step % 100 === 0) return 1;
  if (step % 10 === 0) return 2;
  return 3;
}

/** The label of a tick at `step` spacing, from its wall-clock "YYYY-MM-DDTHH:MM:SS.mmm". */
function clockLabel(wall: string, step: number): string {
  if (step >= DAY) return wall.slice(0, 10);
  if (step >= MINUTE) return wall.slice(11, 16);
  const digits = fractionDigits(step);
  return digits ? wall.slice(11, 20 + digits) : wall.slice(11, 19);
}

/** "+05:30" / "-04:00": the zone's offset at `ms`, to tell apart two readings of a repeated hour. */
function offsetLabel(ms: number, tz: string): string {
  const off = zoneOffsetMs(ms, tz) / MINUTE;
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Day ticks: midnights on the zone's wall clock whose day number is a multiple of the step. */
function dayTicks(from: number, to: number, tz: string, step: number): number[] {
  const days = step / DAY;
  const out: number[] = [];
  // Wall-clock days since the epoch of `from`'s local date, and on from there.
  let day = Math.floor(Date.parse(`${toZonedInput(from, tz).slice(0, 10)}T00:00:00Z`) / DAY);
  day = Math.ceil(day / days) * days;
  for (;;) {
    const wall = new Date(day * DAY).toISOString().slice(0, 19);
    const t = fromZonedInput(wall, tz);
    if (t === undefined || t > to) break;
    if (t >= from) out.push(t);
    day += days;
  }
  return out;
}

/** Sub-day ticks: round values of the zone's wall clock at `from`, then evenly every `step`. */
function clockTicks(from: number, to: number, tz: string, step: number): number[] {
  const off = zoneOffsetMs(from, tz);
  let t = Math.ceil((from + off) / step) * step - off;
  const out: number[] = [];
  for (; t <= to; t += step) out.push(t);
  return out;
}

/**
 * Ticks for the time axis over [from, to] in zone `tz`, at most `maxTicks` of them. Labels carry
 * as much of the clock as the spacing needs (".250" for 50 ms steps, ":05" for seconds, "HH:MM"
 * for minutes and hours, the date for days); when the ticks cross midnight the first tick and the
 * first of each new day carry the date ("11-28 00:00"), so neighbours never read the same; a
 * wall-clock time that repeats (DST ends) shows its UTC offset.
 */
export function timeTicks(from: number, to: number, tz: string, maxTicks = 8): TimeTicks {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return { ticks: [], labels: [], step: 0 };
  if (to === from) return { ticks: [from], labels: [clockLabel(toZonedInput(from, tz), SECOND)], step: 0 };
  const step = tickStep(to - from, Math.max(2, Math.floor(maxTicks)));
  const ticks = step >= DAY ? dayTicks(from, to, tz, step) : clockTicks(from, to, tz, step);
  const walls = ticks.map((t) => toZonedInput(t, tz));
  const labels = walls.map((w) => clockLabel(w, step));
  if (step < DAY && walls.length && walls[0].slice(0, 10) !== walls[walls.length - 1].slice(0, 10)) {
    // The ticks cross midnight: say which day at the first tick and wherever the day changes.
    for (let i = 0; i < walls.length; i++) {
      if (i === 0 || walls[i].slice(0, 10) !== walls[i - 1].slice(0, 10))
        labels[i] = `${walls[i].slice(5, 10)} ${labels[i]}`;
    }
  }
  // Two ticks read the same date and time only when the wall clock was set back (DST ends): tell
  // the readings apart by their offsets.
  const reading = labels.map((l, i) => `${walls[i].slice(0, 10)} ${l}`);
  const count = new Map<string, number>();
  for (const r of reading) count.set(r, (count.get(r) ?? 0) + 1);
  for (let i = 0; i < labels.length; i++) {
    if ((count.get(reading[i]) ?? 0) > 1) labels[i] = `${labels[i]} ${offsetLabel(ticks[i], tz)}`;
  }
  return { ticks, labels, step };
}
