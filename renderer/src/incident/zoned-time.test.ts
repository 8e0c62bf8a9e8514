import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatWallInput,
  formatZoned,
  fromZonedInput,
  isValidTimeZone,
  parseWallInput,
  stepWallInput,
  toZonedInput,
  zoneOffsetMs,
} from './zoned-time.ts';

describe('zoned wall-clock times', () => {
  const at = Date.parse('2026-11-27T22:40:10.735Z');

  it('shows an instant on the wall clock of the zone', () => {
    expect(toZonedInput(at, 'UTC')).toBe('2026-11-27T22:40:10.735');
    expect(toZonedInput(at, 'Asia/Shanghai')).toBe('2026-11-28T06:40:10.735');
    expect(toZonedInput(at, 'America/New_York')).toBe('2026-11-27T17:40:10.735');
    expect(formatZoned(at, 'Asia/Shanghai')).toBe('2026-11-28 06:40:10.735 Asia/Shanghai');
    expect(zoneOffsetMs(at, 'Asia/Shanghai')).toBe(8 * 3_600_000);
    // Summer time in Berlin is UTC+2, winter UTC+1.
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(at, 'Europe/Berlin')).toBe(3_600_000);
  });

  it('reads a wall-clock value back to the instant', () => {
    expect(fromZonedInput('2026-11-28T06:40:10.735', 'Asia/Shanghai')).toBe(at);
    expect(fromZonedInput('2026-11-27T22:40:10.735', 'UTC')).toBe(at);
    expect(fromZonedInput('2026-11-27T22:40', 'UTC')).toBe(Date.parse('2026-11-27T22:40:00Z'));
    expect(fromZonedInput('2026-11-27', 'UTC')).toBeUndefined();
    expect(fromZonedInput('', 'UTC')).toBeUndefined();
    // 02:30 on the night Berlin goes back (25 Oct 2026) happens twice: the earlier one (CEST) wins.
    expect(fromZonedInput('2026-10-25T02:30:00', 'Europe/Berlin')).toBe(Date.parse('2026-10-25T00:30:00Z'));
    // 02:30 on 29 Mar 2026 does not exist in Berlin: it reads as 03:30 CEST.
    expect(fromZonedInput('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });

  it('round-trips any instant through any of a few zones', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const back = fromZonedInput(toZonedInput(ms, tz), tz);
          // An instant in the repeated hour of a DST change reads back as the earlier one.
          expect(back === ms || back === ms - 3_600_000).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows which zone names are real', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('24-hour time inputs', () => {
  const at = Date.parse('2026-11-27T22:40:10.735Z');

  it('show the wall clock in 24-hour form, milliseconds only when there are some', () => {
    expect(formatWallInput(at, 'UTC')).toBe('2026-11-27 22:40:10.735');
    expect(formatWallInput(at, 'UTC', 'never')).toBe('2026-11-27 22:40:10');
    expect(formatWallInput(Date.parse('2026-11-27T23:15:00Z'), 'UTC')).toBe('2026-11-27 23:15:00');
    expect(formatWallInput(at, 'Asia/Shanghai')).toBe('2026-11-28 06:40:10.735');
    expect(formatWallInput(Date.parse('2026-07-01T21:05:00Z'), 'America/Los_Angeles')).toBe(
      '2026-07-01 14:05:00',
    );
  });

  it('read what people type', () => {
    const read = (v: string, tz = 'UTC') => parseWallInput(v, tz);
    expect(read('2026-11-27 23:15:00')).toEqual({ ok: true, ms: Date.parse('2026-11-27T23:15:00Z') });
    expect(read(' 2026-11-27 23:15 ')).toEqual({ ok: true, ms: Date.parse('2026-11-27T23:15:00Z') });
    expect(read('2026-11-27T23:15:07.5')).toEqual({ ok: true, ms: Date.parse('2026-11-27T23:15:07.500Z') });
    expect(read('2026-11-27 23:15:07.042')).toEqual({ ok: true, ms: Date.parse('2026-11-27T23:15:07.042Z') });
    expect(read('2026-1-5 3:04:05')).toEqual({ ok: true, ms: Date.parse('2026-01-05T03:04:05Z') });
    expect(read('2026-11-28 06:40:10.735', 'Asia/Shanghai')).toEqual({ ok: true, ms: at });
    expect(read('')).toEqual({ ok: false, reason: 'empty' });
    expect(read('11/27/2026, 11:15 PM')).toEqual({ ok: false, reason: 'format' });
    expect(read('2026-11-27 11:15 PM')).toEqual({ ok: false, reason: 'format' });
    expect(read('2026-11-27')).toEqual({ ok: false, reason: 'format' });
    expect(read('2026-11-27 24:00:00')).toEqual({ ok: false, reason: 'range' });
    expect(read('2026-02-29 10:00:00')).toEqual({ ok: false, reason: 'range' });
    expect(read('2028-02-29 10:00:00')).toEqual({ ok: true, ms: Date.parse('2028-02-29T10:00:00Z') });
    expect(read('2026-13-01 10:00:00')).toEqual({ ok: false, reason: 'range' });
    expect(read('2026-11-27 10:60:00')).toEqual({ ok: false, reason: 'range' });
  });

  it('handle the DST edges of a zone with summer time', () => {
    const ny = 'America/New_York';
    // 8 Mar 2026: 02:00 EST jumps to 03:00 EDT; 02:30 never happens and is refused, not moved.
    expect(parseWallInput('2026-03-08 02:30:00', ny)).toEqual({ ok: false, reason: 'skipped' });
    expect(parseWallInput('2026-03-08 01:59:59', ny)).toEqual({
      ok: true,
      ms: Date.parse('2026-03-08T06:59:59Z'),
    });
    expect(parseWallInput('2026-03-08 03:00:00', ny)).toEqual({
      ok: true,
      ms: Date.parse('2026-03-08T07:00:00Z'),
    });
    // 1 Nov 2026: 02:00 EDT goes back to 01:00 EST; 01:30 happens twice, the earlier (EDT) is read.
    expect(parseWallInput('2026-11-01 01:30:00', ny)).toEqual({
      ok: true,
      ms: Date.parse('2026-11-01T05:30:00Z'),
    });
    expect(formatWallInput(Date.parse('2026-11-01T06:30:00Z'), ny)).toBe('2026-11-01 01:30:00');
    // Every second across both changes formats and reads back to itself, or to the earlier reading.
    for (const edge of ['2026-03-08T06:00:00Z', '2026-11-01T05:00:00Z']) {
      for (let t = Date.parse(edge); t < Date.parse(edge) + 3 * 3_600_000; t += 61_000) {
        const back = parseWallInput(formatWallInput(t, ny), ny);
        expect(back.ok).toBe(true);
        if (back.ok) expect([t, t - 3_600_000]).toContain(back.ms);
      }
    }
  });

  it('round-trip any instant through any of a few zones', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const text = formatWallInput(ms, tz);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3})?$/);
          const back = parseWallInput(text, tz);
          expect(back.ok).toBe(true);
          // An instant in the repeated hour (half hour at Lord Howe) reads back as the earlier one.
          if (back.ok) expect([ms, ms - 3_600_000, ms - 1_800_000]).toContain(back.ms);
          if (back.ok) expect(formatWallInput(back.ms, tz)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('step the field under the caret with the arrow keys, carrying like a clock', () => {
    const v = '2026-11-27 23:59:30';
    expect(stepWallInput(v, 18, 1)).toBe('2026-11-27 23:59:31');
    expect(stepWallInput(v, 15, 1)).toBe('2026-11-28 00:00:30');
    expect(stepWallInput(v, 12, -1)).toBe('2026-11-27 22:59:30');
    expect(stepWallInput(v, 9, 4)).toBe('2026-12-01 23:59:30');
    expect(stepWallInput('2026-01-31 10:00:00', 6, 1)).toBe('2026-02-28 10:00:00');
    expect(stepWallInput('2026-01-31 10:00:00', 2, -1)).toBe('2025-01-31 10:00:00');
    expect(stepWallInput('2026-12-15 10:00:00', 5, 1)).toBe('2027-01-15 10:00:00');
    expect(stepWallInput('2026-11-27 10:00:00.999', 22, 1)).toBe('2026-11-27 10:00:01.000');
    expect(stepWallInput('2026-11-27 10:00:00', 23, 1)).toBe('2026-11-27 10:00:00.001');
    expect(stepWallInput('not a time', 3, 1)).toBeUndefined();
  });
});
