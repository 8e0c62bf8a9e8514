import { describe, expect, it } from 'vitest';
import type { ChecklistRow } from '../../../workers/incident/model.ts';
import {
  checklistForReview,
  isParagraph,
  markdownBlocks,
  pageRuns,
  paginate,
  sentencePieces,
} from './slide-pages.ts';

/** Items of the given heights stacked with a gap, as the slide lays them out. */
function stack(heights: number[], gap = 10, top = 100) {
  let y = top;
  return heights.map((h) => {
    const box = { top: y, bottom: y + h };
    y += h + gap;
    return box;
  });
}

describe('paginate', () => {
  it('keeps everything on one page when it fits', () => {
    expect(paginate(stack([40, 40, 40]), { first: 140, rest: 140 })).toEqual([{ from: 0, to: 3 }]);
  });

  it('breaks where the next item would pass the page, every item on exactly one page', () => {
    const heights = [50, 80, 30, 120, 60, 60, 60, 10];
    const boxes = stack(heights);
    const pages = paginate(boxes, { first: 150, rest: 200 });
    // contiguous, in order, covering all items once
    expect(pages[0].from).toBe(0);
    for (let i = 1; i < pages.length; i++) expect(pages[i].from).toBe(pages[i - 1].to);
    expect(pages.at(-1)?.to).toBe(heights.length);
    for (const [i, p] of pages.entries()) {
      const cap = i === 0 ? 150 : 200;
      expect(boxes[p.to - 1].bottom - boxes[p.from].top).toBeLessThanOrEqual(cap);
      // greedy: the next item would not have fitted
      if (p.to < boxes.length) expect(boxes[p.to].bottom - boxes[p.from].top).toBeGreaterThan(cap);
    }
    expect(pages).toEqual([
      { from: 0, to: 2 },
      { from: 2, to: 4 },
      { from: 4, to: 7 },
      { from: 7, to: 8 },
    ]);
  });

  it('gives an item taller than a page a page of its own instead of looping or dropping it', () => {
    expect(paginate(stack([30, 500, 30]), { first: 100, rest: 100 })).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ]);
  });

  it('makes one empty page for no items', () => {
    expect(paginate([], { first: 100, rest: 100 })).toEqual([{ from: 0, to: 0 }]);
  });
});

describe('markdownBlocks', () => {
  it('cuts at blank lines and keeps fenced code whole', () => {
    const md = 'First para\nstill first.\n\n- a\n- b\n\n```go\nfunc main() {\n\n}\n```\n\n\nLast.';
    expect(markdownBlocks(md)).toEqual([
      'First para\nstill first.',
      '- a\n- b',
      '```go\nfunc main() {\n\n}\n```',
      'Last.',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(markdownBlocks('  \n\n ')).toEqual([]);
  });
});

describe('checklistForReview', () => {
  const row = (id: string, priority: ChecklistRow['priority'], origin: ChecklistRow['origin'], owner = '') =>
    ({ id, category: 'code', action: id, owner, status: 'proposed', priority, origin }) as ChecklistRow;

  it('orders P0 first, keeps the order within a priority, and leaves out unowned library rows', () => {
    const rows = [
      row('a', 'P2', 'finding'),
      row('b', 'P0', 'user'),
      row('lib', 'P0', 'library'),
      row('c', 'P1', 'finding'),
      row('d', 'P0', 'finding'),
      row('owned', 'P3', 'library', 'Li Na'),
    ];
    expect(checklistForReview(rows).map((r) => `${r.priority}:${r.id}`)).toEqual([
      'P0:b',
      'P0:d',
      'P1:c',
      'P2:a',
      'P3:owned',
    ]);
  });
});

describe('long paragraphs on slides', () => {
  it('cut at sentences, never inside code or links, the pieces joining back to the paragraph', () => {
    const p =
      'The heap grew. It held `cache. map` entries! See [the doc. here](http://x/a.b). Then? 堆在增长。它一直持有缓存！最后';
    const pieces = sentencePieces(p);
    expect(pieces).toEqual([
      'The heap grew. ',
      'It held `cache. map` entries! ',
      'See [the doc. here](http://x/a.b). ',
      'Then? ',
      '堆在增长。',
      '它一直持有缓存！',
      '最后',
    ]);
    expect(pieces.join('')).toBe(p);
    expect(sentencePieces('No sentence end')).toEqual(['No sentence end']);
    // version numbers and decimals are not sentence ends
    expect(sentencePieces('Go 1.19 used 3.5 MiB.')).toEqual(['Go 1.19 used 3.5 MiB.']);
  });

  it('cuts a sentence too long for one slide between words, never inside code or a link', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    const sentence = `${words.slice(0, 100).join(' ')} \`keep this code span whole\` [a link text](http://x/y) ${words.slice(100).join(' ')}.`;
    const pieces = sentencePieces(sentence, 120);
    expect(pieces.join('')).toBe(sentence);
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(120 + 'word199.'.length);
      // whole words only: every piece but the last ends with the space after a word
      if (p !== pieces.at(-1)) expect(p).toMatch(/\S $/);
    }
    expect(pieces.some((p) => p.includes('`keep this code span whole`'))).toBe(true);
    expect(pieces.some((p) => p.includes('[a link text](http://x/y)'))).toBe(true);
    // Chinese has no spaces: it is cut after its commas
    const zh = Array.from({ length: 40 }, (_, i) => `第${i}个对象仍被缓存持有`).join('，');
    const zhPieces = sentencePieces(`${zh}。`, 60);
    expect(zhPieces.join('')).toBe(`${zh}。`);
    expect(zhPieces.length).toBeGreaterThan(5);
    for (const p of zhPieces.slice(0, -1)) expect(p.endsWith('，')).toBe(true);
    // one unbroken run longer than the limit stays whole
    expect(sentencePieces('x'.repeat(500), 120)).toEqual(['x'.repeat(500)]);
  });

  it('only plain paragraphs are cut', () => {
    expect(isParagraph('A long paragraph. With sentences.')).toBe(true);
    for (const b of ['- a. b', '1. first', '# Title', '> quote', '| a | b |', '```\ncode\n```'])
      expect(isParagraph(b), b).toBe(false);
  });

  it('draws the pieces of one paragraph on a page as one run, marked where it goes on', () => {
    const groups = ['p', 'p', 'p', undefined, 'q', 'q'];
    expect(pageRuns(groups, { from: 0, to: 2 })).toEqual([
      { from: 0, to: 2, continued: false, continues: true },
    ]);
    expect(pageRuns(groups, { from: 2, to: 5 })).toEqual([
      { from: 2, to: 3, continued: true, continues: false },
      { from: 3, to: 4, continued: false, continues: false },
      { from: 4, to: 5, continued: false, continues: true },
    ]);
    expect(pageRuns(groups, { from: 5, to: 6 })).toEqual([
      { from: 5, to: 6, continued: true, continues: false },
    ]);
  });
});
