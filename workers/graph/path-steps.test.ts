import { describe, expect, it } from 'vitest';
import { formatHeapPath, stepVia } from './path-steps.ts';

describe('heap path steps', () => {
  it('says how each step is held: field, index, else byte offset', () => {
    expect(stepVia({ field: 'cache', index: 2, offset: 8 })).toBe('cache');
    expect(stepVia({ index: 3, offset: 24 })).toBe('[3]');
    expect(stepVia({ offset: 16 })).toBe('+0x10');
    expect(stepVia({})).toBe('');
    expect(
      formatHeapPath([
        { label: 'main.orderCache' },
        { label: 'obj48 @ 0xc000010000', offset: 0 },
        { label: 'obj2304 @ 0xc000020000', offset: 16 },
      ]),
    ).toBe('main.orderCache → +0x0 obj48 @ 0xc000010000 → +0x10 obj2304 @ 0xc000020000');
  });
});
