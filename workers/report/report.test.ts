import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../testdata/csv.ts';
import { goIncident, javaIncident, T0 } from '../incident/test-fixtures.ts';
import { assignOwner, dueFor, isOverdue } from './checklist.ts';
import { checklistCsv, checklistRowsForCsv, postmortemMarkdown, toCsv } from './export.ts';
import { messages } from './i18n/index.ts';
import { exportFiles, refreshIncident } from './index.ts';
import { editSection } from './postmortem.ts';

interface Node {
  type: string;
  value?: string;
  depth?: number;
  lang?: string;
  children?: Node[];
}

/** Text of an mdast node; `<br>` html back to newlines (as the exporter wrote them). */
function text(n: Node): string {
  if (n.type === 'html') return n.value === '<br>' ? '\n' : (n.value ?? '');
  if (n.type === 'text' || n.type === 'inlineCode') return n.value ?? '';
  return (n.children ?? []).map(text).join('');
}

/** Parses exported Markdown back into title, sections and their tables / code blocks. */
function parseBack(md: string) {
  const tree = remark().use(remarkGfm).parse(md) as unknown as Node;
  const out = {
    title: '',
    sections: [] as { heading: string; tables: string[][][]; code: { lang?: string; value: string }[] }[],
  };
  for (const n of tree.children ?? []) {
    if (n.type === 'heading' && n.depth === 1) out.title = text(n);
    else if (n.type === 'heading' && n.depth === 2)
      out.sections.push({ heading: text(n), tables: [], code: [] });
    else if (n.type === 'table')
      out.sections.at(-1)!.tables.push((n.children ?? []).map((r) => (r.children ?? []).map(text)));
    else if (n.type === 'code') out.sections.at(-1)!.code.push({ lang: n.lang, value: n.value ?? '' });
  }
  return out;
}

const NOW = T0 + 86_400_000;

describe('postmortem (Go incident)', () => {
  const r = refreshIncident(goIncident(), { nowMs: NOW, includeBaseline: false });
  const pm = r.incident.postmortem!;
  const body = (id: string) => pm.sections.find((s) => s.id === id)!.body;

  it('names the culprits in the root-cause section with their numbers and evidence links', () => {
    const rc = body('root-cause');
    expect(rc).toContain('`main.orderCache`');
    expect(rc).toContain('48.0 MiB retained (75.0 %');
    expect(rc).toContain('`main.exportWorker`');
    expect(rc).toContain('40 → 80 → 120');
    expect(rc).toContain('+80');
    expect(rc).toContain('6.00 MiB per minute');
    expect(rc).toContain('order export queue overflow');
    // evidence links are relative links to pages of the export folder, never pmwb://
    expect(rc).toContain('[heapdump-3.bin › heap](evidence/heapdump-3.bin.md)');
    expect(rc).not.toContain('pmwb://');
    expect(body('summary')).toContain('`main.orderCache` 48.0 MiB');
  });

  it('suggests the matching defenses as proposed rows due by the Sev-2 SLA', () => {
    const ids = r.incident.checklist.map((c) => c.libraryId);
    for (const id of [
      'goleak-ci',
      'goroutine-alert',
      'context-cancel',
      'bounded-cache',
      'heap-growth-alert',
      'streaming-batching',
      'gomemlimit',
      'bounded-queue',
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids).not.toContain('try-with-resources');
    expect(r.incident.checklist.every((c) => c.status === 'proposed' && c.due === dueFor('Sev-2', NOW))).toBe(
      true,
    );
    expect(dueFor('Sev-2', NOW)).toBe('2026-12-21');
    const goleak = r.incident.checklist.find((c) => c.libraryId === 'goleak-ci')!;
    expect(goleak.findingIds?.[0]).toMatch(/main\.exportWorker/);
  });

  it('detection compares when it was detectable with when it was detected', () => {
    // first finding: heap growth from T0+10 s; alert at T0+10 min → 9.8 min
    expect(body('detection')).toContain('9.8 min');
    expect(body('trigger')).toContain('Deploy v2.3.1');
  });

  it('regenerates only the sections the user has not edited, and says what changed', () => {
    const edited = { ...r.incident, postmortem: editSection(pm, 'summary', 'Our own summary.') };
    edited.events = [
      ...edited.events,
      {
        id: 'u3',
        t: T0 + 10.5 * 60_000,
        kind: 'restart',
        label: 'Pod restarted',
        severity: 'warning',
        starred: true,
        source: 'user',
      },
    ];
    const again = refreshIncident(edited, { nowMs: NOW });
    const change = Object.fromEntries(again.changes.map((c) => [c.id, c.change]));
    expect(change.summary).toBe('unchanged');
    expect(change.timeline).toBe('updated');
    expect(change.resolution).toBe('updated');
    expect(change['root-cause']).toBe('unchanged');
    expect(again.incident.postmortem!.sections.find((s) => s.id === 'summary')!.body).toBe(
      'Our own summary.',
    );
    const impact = refreshIncident({ ...edited, postmortem: editSection(pm, 'impact', 'x') }, { nowMs: NOW });
    expect(impact.changes.find((c) => c.id === 'impact')!.change).toBe('kept-edited');
  });

  it('exports Markdown that parses back into the same sections, table rows and cells', () => {
    const inc = r.incident;
    // hostile cell content: pipes, backticks, HTML, newlines, ampersands, Markdown emphasis
    inc.checklist = assignOwner(inc.checklist, [inc.checklist[0].id], 'ana|ops `<b>` & *team*');
    inc.checklist[1] = {
      ...inc.checklist[1],
      notes: 'line one\nline two | <script>alert(1)</script>',
      link: 'https://tickets.example/T-1?a=1&b=2',
    };
    const again = refreshIncident(inc, { nowMs: NOW });
    const md = postmortemMarkdown(again.incident.postmortem!, { incident: again.incident });
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    const back = parseBack(md);
    const m = messages('en');
    expect(back.title).toBe('Order service OOM');
    expect(back.sections.map((s) => s.heading)).toEqual(
      again.incident.postmortem!.sections.map((s) => m.sections[s.id]),
    );
    const checklist = back.sections.find((s) => s.heading === m.sections.checklist)!.tables[0];
    const csvRows = checklistRowsForCsv(again.incident.checklist, 'en', NOW);
    // same rows and cells as the CSV (minus the id column and owner placeholder)
    expect(checklist.length).toBe(csvRows.length);
    expect(checklist[1][2]).toBe('ana|ops `<b>` & *team*');
    expect(checklist[2][7]).toBe('line one\nline two | <script>alert(1)</script>');
    expect(checklist[2][6]).toBe('https://tickets.example/T-1?a=1&b=2');
    // the action's `code spans` are code in Markdown (their text without the backticks), literal in the CSV
    for (let i = 1; i < csvRows.length; i++)
      expect(checklist[i][1]).toBe(csvRows[i][2].replace(/`([^`]+)`/g, '$1'));
    expect(md).toMatch(/\| [^|\n]*`GOMEMLIMIT`/);
    const timeline = back.sections.find((s) => s.heading === m.sections.timeline)!;
    expect(timeline.tables[0].slice(1).map((row) => row[1])).toEqual([
      'Deploy v2.3.1 (export refactor)',
      'Memory > 80% alert | pager',
    ]);
    expect(timeline.code[0].lang).toBe('mermaid');
    expect(timeline.code[0].value).toMatch(/^timeline\n/);
    expect(timeline.code[0].value).toContain('Memory › 80% alert | pager');
    const support = back.sections.find((s) => s.heading === m.sections['supporting-information'])!.tables[0];
    expect(support.slice(1).map((row) => row[3])).toEqual(goIncident().artifacts.map((a) => a.sha256));
    const defect = back.sections.find((s) => s.heading === m.sections['code-defect'])!;
    expect(defect.code[0].lang).toBe('go');
  });

  it('writes checklist.csv that a CSV parser reads back to the same rows', () => {
    const rows = checklistRowsForCsv(r.incident.checklist, 'en', NOW);
    rows[1][8] = 'quote " comma , newline\r\nend';
    rows[2][8] = ' leading and trailing blanks ';
    const csv = toCsv(rows);
    expect(parseCsv(csv)).toEqual(rows);
    const file = exportFiles(r, { charts: true, nowMs: NOW }).find((f) => f.name === 'checklist.csv')!;
    expect(parseCsv(file.content)).toEqual(checklistRowsForCsv(r.incident.checklist, 'en', NOW));
  });

  it('exports the postmortem, its charts, checklist.csv and timeline.json', () => {
    const files = exportFiles(r, { charts: true, nowMs: NOW });
    expect(files.filter((f) => !f.name.startsWith('evidence/')).map((f) => f.name)).toEqual([
      'postmortem.md',
      'heap-over-time.svg',
      'goroutines.svg',
      'checklist.csv',
      'timeline.json',
    ]);
    // every evidence link of the document resolves to a page of the export
    const names = new Set(files.map((f) => f.name));
    const links = [...files[0].content.matchAll(/\]\((evidence\/[^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    for (const l of links) expect(names.has(l), l).toBe(true);
    const page = files.find((f) => f.name === 'evidence/heapdump-3.bin.md')!.content;
    expect(page).toContain('main.orderCache');
    expect(page).toContain('](../postmortem.md)');
    expect(files[0].content).toContain('![Heap over time](heap-over-time.svg)');
    expect(files[1].content).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(files[3].content.split('\r\n')[0]).toBe(checklistRowsForCsv([], 'en', NOW)[0].join(','));
  });

  it('makes checklist cells that a spreadsheet would run as formulas inert', () => {
    const incident = {
      ...r.incident,
      checklist: r.incident.checklist.map((row, i) =>
        i === 0 ? { ...row, owner: '=HYPERLINK("http://x","y")', notes: '@SUM(A1)', link: '-1+2' } : row,
      ),
    };
    const csv = checklistCsv(incident.checklist, 'en', NOW);
    const first = parseCsv(csv)[1];
    expect(first[3]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(first[8]).toBe("'@SUM(A1)");
    expect(first[7]).toBe("'-1+2");
    // nothing else changes
    expect(parseCsv(csv).slice(2)).toEqual(checklistRowsForCsv(incident.checklist, 'en', NOW).slice(2));
    for (const cell of parseCsv(csv).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('switches the template and the checklist to Simplified Chinese', () => {
    const zh = refreshIncident(r.incident, { nowMs: NOW, lang: 'zh-CN' });
    const md = postmortemMarkdown(zh.incident.postmortem!, { incident: zh.incident });
    const back = parseBack(md);
    expect(back.sections.map((s) => s.heading)).toContain('根因与证据');
    expect(back.sections.map((s) => s.heading)).toContain('防御清单');
    expect(md).toContain('最大的持有者是 `main.orderCache`');
    const table = back.sections.find((s) => s.heading === '防御清单')!.tables[0];
    expect(table[0][1]).toBe('措施');
    expect(
      table.some((row) => row[1].includes('goleak.VerifyTestMain(m)') && row[1].includes('泄漏测试')),
    ).toBe(true);
    expect(table.every((row, i) => i === 0 || row[4] === '建议')).toBe(true);
  });
});

describe('postmortem (Java incident)', () => {
  const r = refreshIncident(javaIncident(), { nowMs: Date.UTC(2026, 10, 22) });
  it('names OrderAggregate holding unclosed BufferedInputStream and suggests try-with-resources', () => {
    const rc = r.incident.postmortem!.sections.find((s) => s.id === 'root-cause')!.body;
    expect(rc).toContain('14,000 `java.io.BufferedInputStream`');
    expect(rc).toContain('`com.example.order.domain.OrderAggregate`');
    expect(rc).toContain('Out of memory');
    const ids = r.incident.checklist.map((c) => c.libraryId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'try-with-resources',
        'resource-static-check',
        'jvm-heapdump-on-oom',
        'jvm-exit-on-oom',
      ]),
    );
    expect(ids).not.toContain('goleak-ci');
    expect(r.incident.checklist[0].due).toBe('2026-12-07'); // Sev-1: 15 days
  });
});

describe('checklist', () => {
  it('flags overdue rows that are not done', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(isOverdue({ due: '2026-01-09', status: 'committed' }, now)).toBe(true);
    expect(isOverdue({ due: '2026-01-10', status: 'committed' }, now)).toBe(false);
    expect(isOverdue({ due: '2026-01-01', status: 'done' }, now)).toBe(false);
    expect(isOverdue({ status: 'proposed' }, now)).toBe(false);
  });
});

describe('sparse evidence', () => {
  it('drafts a postmortem for an empty incident and for blocks with nothing in them', async () => {
    const { newIncident } = await import('../incident/model.ts');
    const { makeArtifact } = await import('../incident/artifacts.ts');
    const empty = refreshIncident(newIncident({ title: 'Empty', nowMs: NOW }), { nowMs: NOW });
    expect(empty.findings).toEqual([]);
    const md = postmortemMarkdown(empty.incident.postmortem!);
    expect(md).toContain('No findings were computed');
    const header = { schema: 'pmwb.inspect/1' as const, parseMs: 0, truncated: true, warnings: [] };
    const inc = newIncident({
      nowMs: NOW,
      artifacts: [
        makeArtifact({
          id: 'g',
          path: 'g.log',
          sha256: 'a'.repeat(64),
          result: {
            ...header,
            file: 'g.log',
            format: 'go-gctrace',
            bytes: 0,
            gc: {
              cycles: 0,
              startMs: 0,
              endMs: 0,
              maxLiveBytes: 0,
              maxGoalBytes: 0,
              pauses: { count: 0, totalMs: 0, maxMs: 0, p99Ms: 0 },
              gcCpuPercent: 0,
              events: [],
            },
          },
        }),
        makeArtifact({
          id: 'h',
          path: 'h.bin',
          sha256: 'b'.repeat(64),
          result: {
            ...header,
            file: 'h.bin',
            format: 'go-heapdump',
            bytes: 10,
            heap: {
              objects: 0,
              edges: 0,
              totalBytes: 0,
              reachableBytes: 0,
              gcRoots: 0,
              top: [],
              histogram: [],
              suspects: [],
            },
          },
        }),
        makeArtifact({
          id: 'd',
          path: 'd.txt',
          sha256: 'c'.repeat(64),
          result: {
            ...header,
            file: 'd.txt',
            format: 'goroutine-dump',
            bytes: 10,
            goroutines: { total: 0, byState: {}, groups: [] },
          },
        }),
      ],
    });
    const r = refreshIncident(inc, { nowMs: NOW });
    expect(r.findings).toEqual([]);
    expect(r.timeline.events.map((e) => e.kind)).toEqual(['goroutine-dump', 'heap-dump']);
    expect(
      exportFiles(r, { charts: true, nowMs: NOW })
        .map((f) => f.name)
        .filter((n) => !n.startsWith('evidence/')),
    ).toEqual(['postmortem.md', 'checklist.csv', 'timeline.json']);
  });
});

describe('the Chinese export quotes engine sentences in Chinese', () => {
  it('evidence pages name formats and columns in Chinese, timeline cells use the Chinese labels', async () => {
    const { evidenceMarkdown } = await import('./evidence.ts');
    const inc = goIncident();
    const heap = inc.artifacts.find((a) => a.summary.heap)!;
    const zh = evidenceMarkdown(heap, 'zh-CN', 'UTC');
    expect(zh).toContain('- **格式:** Go 堆转储');
    expect(zh).toContain('| \\# | 对象 | 类型 | 保留 | 根 |');
    const en = evidenceMarkdown(heap, 'en', 'UTC');
    expect(en).toContain('- **Format:** Go heap dump');
    expect(en).toContain('| \\# | Object | Type | Retained | Root |');
    const md = (lang: 'en' | 'zh-CN') =>
      refreshIncident(
        { ...inc, starredDerived: ['h3:heap-dump'] },
        { nowMs: T0 + 3_600_000, lang },
      ).incident.postmortem!.sections.find((s) => s.id === 'timeline')!.body;
    // the heap dump's derived event: Chinese words, the file name as code; English as the engine wrote it
    expect(md('zh-CN')).toMatch(/\| 堆转储 `heapdump-3\.bin`：[\d,]+ 个对象，可达 [\d.]+ [KMG]iB \|/);
    expect(md('en')).toMatch(/\| Heap dump heapdump-3\.bin: [\d,]+ objects, [\d.]+ MiB reachable \|/);
  });
});
