import fc from 'fast-check';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { escapeCell, fencedBlock, gfmTable, mermaidLabel } from './markdown-escape.ts';

interface Node {
  type: string;
  value?: string;
  children?: Node[];
}
const text = (n: Node): string =>
  n.type === 'html'
    ? n.value === '<br>'
      ? '\n'
      : (n.value ?? '')
    : n.type === 'text' || n.type === 'inlineCode'
      ? (n.value ?? '')
      : (n.children ?? []).map(text).join('');

function cellsBack(md: string): string[][] {
  const tree = remark().use(remarkGfm).parse(md) as unknown as Node;
  const table = tree.children?.find((n) => n.type === 'table');
  return (table?.children ?? []).map((r) => (r.children ?? []).map(text));
}

const risky = fc.string({
  unit: fc.constantFrom(
    ...'ab |`<>&*_[]\\#!~-+=.1\n:()x/'.split(''),
    'é',
    '中',
    'F[...]',
    'main.(*T).f',
    '<script>',
    'https://x.example/a?b=1&c=2 ',
    '&amp;',
  ),
  maxLength: 40,
});

describe('Markdown escaping', () => {
  it('any cell text survives a GFM table round trip (remark + remark-gfm)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(risky, risky), { minLength: 1, maxLength: 4 }), (rows) => {
        const md = gfmTable(
          ['A', 'B'],
          rows.map(([a, b]) => [a, b]),
        );
        const back = cellsBack(md);
        expect(back.length).toBe(rows.length + 1);
        rows.forEach(([a, b], i) => {
          // GFM trims spaces at the cell edges; newlines come back from <br>
          const edge = (s: string) => s.replace(/^ +/, '').replace(/ +$/, '');
          expect(back[i + 1]).toEqual([edge(a), edge(b)]);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never lets raw HTML or a pipe through', () => {
    expect(escapeCell('a|b<img src=x onerror=alert(1)>')).toBe('a\\|b&lt;img src=x onerror=alert(1)&gt;');
  });

  it('makes Mermaid labels safe', () => {
    expect(mermaidLabel('gc 12: pause #3; <b>\nnext')).toBe('gc 12∶ pause ＃3, ‹b› next');
  });

  it('fences code that itself contains backtick fences', () => {
    expect(fencedBlock('```\nx\n```', 'go')).toBe('````go\n```\nx\n```\n````');
  });
});

describe('code in table cells', () => {
  const inline = (n: Node): string[] =>
    n.type === 'inlineCode' ? [n.value ?? ''] : (n.children ?? []).flatMap((c) => inline(c));

  it('keeps code spans of an action as code, pipes and all; the rest stays escaped text', () => {
    const md = gfmTable(
      ['Action'],
      [[{ md: 'Run `go vet ./...` and set `a|b`; <img src=x onerror=alert(1)>' }]],
    );
    const tree = remark().use(remarkGfm).parse(md) as unknown as Node;
    expect(inline(tree)).toEqual(['go vet ./...', 'a|b']);
    expect(cellsBack(md)[1][0]).toContain('<img src=x onerror=alert(1)>');
    expect(md).not.toContain('<img');
  });

  it('an unbalanced backtick is text', () => {
    const md = gfmTable(['Action'], [[{ md: 'a `b' }]]);
    expect(cellsBack(md)[1]).toEqual(['a `b']);
  });
});
