import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatZoned,
  fromZonedInput,
  isValidTimeZone,
  normalizeLocal,
  toInputValue,
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

  it('gives input values in the form the browser reports them', () => {
    expect(normalizeLocal('2026-11-27T22:40:00.000')).toBe('2026-11-27T22:40');
    expect(normalizeLocal('2026-11-27T22:40:05.000')).toBe('2026-11-27T22:40:05');
    expect(normalizeLocal('2026-11-27T22:40:05.120')).toBe('2026-11-27T22:40:05.120');
    expect(toInputValue(at, 'Asia/Shanghai')).toBe('2026-11-28T06:40:10.735');
    expect(toInputValue(at, 'Asia/Shanghai', false)).toBe('2026-11-28T06:40:10');
    expect(toInputValue(Date.parse('2026-11-27T22:40:00Z'), 'UTC')).toBe('2026-11-27T22:40');
  });

  it('knows which zone names are real', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
