import { describe, expect, it } from 'vitest';
import { parseIsoDate, stepIsoDate } from './iso-date.ts';

describe('ISO dates typed by hand', () => {
  it('accept YYYY-MM-DD, pad one-digit months and days, and say why others are refused', () => {
    expect(parseIsoDate('2027-01-04')).toEqual({ ok: true, date: '2027-01-04' });
    expect(parseIsoDate(' 2027-1-4 ')).toEqual({ ok: true, date: '2027-01-04' });
    expect(parseIsoDate('2028-02-29')).toEqual({ ok: true, date: '2028-02-29' });
    expect(parseIsoDate('')).toEqual({ ok: false, reason: 'empty' });
    // the locale orders a browser date input shows are not ISO
    for (const s of ['01/04/2027', '04.01.2027', '2027/01/04', '27-01-04', '2027-01', 'soon'])
      expect(parseIsoDate(s), s).toEqual({ ok: false, reason: 'format' });
    for (const s of ['2027-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '2027-01-00', '0999-01-01'])
      expect(parseIsoDate(s), s).toEqual({ ok: false, reason: 'range' });
  });

  it('step the year, month or day under the caret, clamping the day to the month', () => {
    expect(stepIsoDate('2027-01-31', 2, 1)).toBe('2028-01-31');
    expect(stepIsoDate('2027-01-31', 6, 1)).toBe('2027-02-28');
    expect(stepIsoDate('2027-12-31', 9, 1)).toBe('2028-01-01');
    expect(stepIsoDate('2027-03-01', 10, -1)).toBe('2027-02-28');
    expect(stepIsoDate('2027-1-5', 8, 1)).toBe('2027-01-06');
    expect(stepIsoDate('2027-1-5', 6, 1)).toBe('2027-02-05');
    expect(stepIsoDate('2027-01-05', 0, -1)).toBe('2026-01-05');
    expect(stepIsoDate('9999-12-31', 9, 1)).toBeUndefined();
    expect(stepIsoDate('nope', 1, 1)).toBeUndefined();
  });
});
