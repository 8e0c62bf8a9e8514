import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('keeps common lines and marks removed and added ones in order', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
  });

  it('rebuilds both texts from the diff', () => {
    const before = 'one\ntwo\nthree\nfour';
    const after = 'zero\ntwo\nfour\nfive';
    const d = lineDiff(before, after);
    expect(
      d
        .filter((l) => l.op !== 'add')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(before);
    expect(
      d
        .filter((l) => l.op !== 'del')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(after);
  });

  it('falls back to removed-then-added for very long texts', () => {
    const big = Array.from({ length: 600 }, (_, i) => `l${i}`).join('\n');
    const d = lineDiff(big, `${big}\nextra`);
    expect(d.filter((l) => l.op === 'del')).toHaveLength(600);
    expect(d.at(-1)).toEqual({ op: 'add', text: 'extra' });
  });
});
