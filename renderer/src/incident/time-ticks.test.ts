import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, tickStep, timeTicks } from './time-ticks.ts';
import { toZonedInput } from './zoned-time.ts';

const SPANS = [
  ['50 ms', 50],
  ['300 ms', 300],
  ['1 s', 1000],
  ['4.6 s', 4600],
  ['9 s', 9000],
  ['1 min', 60_000],
  ['7 min', 420_000],
  ['1 h', 3_600_000],
  ['5 h', 18_000_000],
  ['1 day', DAY],
  ['3 days', 3 * DAY],
  ['30 days', 30 * DAY],
] as const;
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York', 'Australia/Sydney'];

/** What any label must satisfy: it is a reading of its tick's own wall clock. */
function expectReadsItsTick(label: string, t: number, tz: string) {
  const wall = toZonedInput(t, tz).replace('T', ' ');
  // Drop an offset suffix (" +02:00") and a date prefix ("11-28 "), keep the clock reading.
  const clock = label.replace(/ [+-]\d{2}:\d{2}$/, '').replace(/^\d{2}-\d{2} /, '');
  expect(wall.includes(clock), `${label} reads ${wall}`).toBe(true);
}

/** Neighbours never read the same, and no two ticks read the same date and time. */
function expectDistinct(labels: string[], ticks: number[], tz: string) {
  for (let i = 1; i < labels.length; i++) expect(labels[i], labels.join(' | ')).not.toBe(labels[i - 1]);
  const readings = labels.map((l, i) => `${toZonedInput(ticks[i], tz).slice(0, 10)} ${l}`);
  expect(new Set(readings).size, labels.join(' | ')).toBe(labels.length);
}

describe('time axis ticks', () => {
  const from = Date.parse('2026-11-27T12:00:05.123Z');

  it.each(SPANS)('gives distinct labels that read their ticks for a %s span', (_name, span) => {
    for (const tz of ZONES) {
      const { ticks, labels, step } = timeTicks(from, from + span, tz, 8);
      expect(ticks.length, `${tz}`).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(8);
      expect(labels).toHaveLength(ticks.length);
      expectDistinct(labels, ticks, tz);
      for (let i = 0; i < ticks.length; i++) {
        expect(ticks[i]).toBeGreaterThanOrEqual(from);
        expect(ticks[i]).toBeLessThanOrEqual(from + span);
        if (i) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
        expectReadsItsTick(labels[i], ticks[i], tz);
      }
      if (step < DAY) {
        for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBe(step);
      }
    }
  });

  it('shows as much of the clock as the spacing needs', () => {
    // 4.6 s of gctrace: whole seconds are not enough to tell 8 ticks apart, half seconds are.
    expect(timeTicks(from, from + 4600, 'UTC', 11).labels).toEqual([
      '12:00:05.5',
      '12:00:06.0',
      '12:00:06.5',
      '12:00:07.0',
      '12:00:07.5',
      '12:00:08.0',
      '12:00:08.5',
      '12:00:09.0',
      '12:00:09.5',
    ]);
    expect(timeTicks(from, from + 50, 'UTC', 6).labels).toEqual([
      '12:00:05.13',
      '12:00:05.14',
      '12:00:05.15',
      '12:00:05.16',
      '12:00:05.17',
    ]);
    expect(timeTicks(from, from + 9000, 'UTC', 6).labels).toEqual([
      '12:00:06',
      '12:00:08',
      '12:00:10',
      '12:00:12',
      '12:00:14',
    ]);
    expect(timeTicks(from, from + 3_600_000, 'Asia/Kolkata', 6).labels).toEqual([
      '17:45',
      '18:00',
      '18:15',
      '18:30',
    ]);
  });

  it('dates the first tick and each new day when the ticks cross midnight', () => {
    const late = Date.parse('2026-11-27T20:10:00Z');
    expect(timeTicks(late, late + 8 * 3_600_000, 'UTC', 6).labels).toEqual([
      '11-27 22:00',
      '11-28 00:00',
      '02:00',
      '04:00',
    ]);
    const month = timeTicks(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'), 'UTC', 8);
    expect(month.step).toBe(7 * DAY);
    for (const l of month.labels) expect(l).toMatch(/^2026-1[12]-\d{2}$/);
  });

  it('tells apart the two readings of the hour a DST change repeats', () => {
    // Berlin set its clocks back from 03:00 CEST to 02:00 CET on 25 Oct 2026 (01:00 UTC).
    const a = Date.parse('2026-10-24T23:30:00Z');
    const { labels } = timeTicks(a, a + 4 * 3_600_000, 'Europe/Berlin', 5);
    expect(labels).toEqual(['02:00 +02:00', '02:00 +01:00', '03:00', '04:00']);
    // Day ticks across the change still sit on local midnights.
    const d = timeTicks(
      Date.parse('2026-10-20T12:00:00Z'),
      Date.parse('2026-10-30T12:00:00Z'),
      'Europe/Berlin',
      12,
    );
    expect(d.step).toBe(DAY);
    for (const t of d.ticks) expect(toZonedInput(t, 'Europe/Berlin').slice(11)).toBe('00:00:00.000');
  });

  it('never repeats a label next to itself, for any span from 50 ms to 30 days in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.integer({ min: 50, max: 30 * DAY }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 6, max: 14 }),
        (start, span, tz, max) => {
          const { ticks, labels } = timeTicks(start, start + span, tz, max);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(max);
          expectDistinct(labels, ticks, tz);
          for (let i = 0; i < ticks.length; i++) expectReadsItsTick(labels[i], ticks[i], tz);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('picks the smallest round spacing that fits', () => {
    expect(tickStep(50, 6)).toBe(10);
    expect(tickStep(4600, 8)).toBe(1000);
    expect(tickStep(30 * DAY, 8)).toBe(7 * DAY);
    expect(tickStep(0, 8)).toBe(1);
    expect(timeTicks(5, 5, 'UTC').ticks).toEqual([5]);
    expect(timeTicks(5, 4, 'UTC').ticks).toEqual([]);
  });
});
