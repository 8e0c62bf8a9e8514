import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMs, formatPercent, formatShare } from './format-number.ts';

describe('formatBytes', () => {
  it('writes three significant digits in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(4.39 * 1024 * 1024)).toBe('4.39 MiB');
    expect(formatBytes(48 * 1024 * 1024)).toBe('48.0 MiB');
    expect(formatBytes(256 * 1024 * 1024)).toBe('256 MiB');
    expect(formatBytes(-5 * 1024)).toBe('-5.00 KiB');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('never shows 1024 of a unit (1048575 B is 1.00 MiB, not 1024 KiB)', () => {
    expect(formatBytes(1048575)).toBe('1.00 MiB');
    expect(formatBytes(1024 * 1024 - 100)).toBe('1.00 MiB');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 50, noNaN: true }), (n) => {
        const [num, unit] = formatBytes(n).split(' ');
        if (unit !== 'B') expect(Number(num)).toBeLessThan(1024);
        expect(Number(num)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('the other number formats', () => {
  it('counts, percentages, shares and durations', () => {
    expect(formatCount(4493730)).toBe('4,493,730');
    expect(formatPercent(87.83)).toBe('87.8 %');
    expect(formatShare(1, 4)).toBe('25.0 %');
    expect(formatShare(1, 0)).toBe('—');
    expect(formatMs(0.183)).toBe('0.183 ms');
    expect(formatMs(12.46)).toBe('12.5 ms');
    expect(formatMs(4600)).toBe('4.60 s');
    expect(formatMs(200_000)).toBe('3.33 min');
  });
});

describe('formatCount grouping', () => {
  it('groups thousands as en-US does, for every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
    expect(formatCount(-0.4)).toBe('0');
    expect(formatCount(1234.6)).toBe('1,235');
  });
});
