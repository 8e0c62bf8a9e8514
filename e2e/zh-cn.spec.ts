import { expect, type Page, test } from '@playwright/test';
import { visitEveryView, waitAllRowsRead } from './helpers.ts';

/**
 * The UI in 简体中文: every workspace tab, every artifact view and each view's own tabs of both
 * sample incidents, with no English left in the UI text. Data from the evidence (function, class
 * and file names, numbers, user-entered labels) is marked `data-raw` or shown in `<code>`/`<pre>`
 * and is not checked; the remaining text may hold runs of Latin letters only from ALLOWED (units,
 * format and runtime names that Chinese engineering text keeps as they are).
 */
const SAMPLES = ['go-leak', 'java-oom'] as const;
const TABS = ['overview', 'artifacts', 'timeline', 'postmortem', 'checklist'] as const;

const ALLOWED = new Set(
  [
    // units
    'KiB',
    'MiB',
    'GiB',
    'TiB',
    'min',
    'ms',
    'SHA',
    'UTC',
    'GMT',
    // formats, runtimes and tools
    'pprof',
    'HPROF',
    'hprof',
    'goroutine',
    'goroutines',
    'GC',
    'gctrace',
    'JVM',
    'Java',
    'Go',
    'jstat',
    'jstack',
    'jcmd',
    'jmap',
    'OOM',
    'CPU',
    'MemStats',
    'Markdown',
    'CSV',
    'JSON',
    'SVG',
    'PNG',
    'SLA',
    'Sev',
    'English',
    'pmwb',
    'IANA',
    'GitHub',
    'GitLab',
    'Confluence',
    'VisualVM',
    'JProfiler',
    'GOMEMLIMIT',
    'gzip',
    'MAT',
    'ZGC',
    'Shenandoah',
    'Parallel',
    'Serial',
    'bss',
    'data',
    'itab',
    'Esc',
    'Tab',
    'Enter',
    'Ctrl',
    'Shift',
    'String',
    'Thread',
    'ThreadLocal',
    'BLOCKED',
    'WAITING',
    'RUNNABLE',
    'TIMED_WAITING',
    // terms Chinese engineering text keeps in English (Kubernetes, Go, Java, tools)
    'request',
    'limit',
    'cgroup',
    'Downward',
    'API',
    'automaxprocs',
    'automemlimit',
    'handler',
    'method',
    'context',
    'channel',
    'mux',
    'try-with-resources',
    'Full',
    'Sonar',
    'Error',
    'Prone',
    'JNI',
    'System',
    'class',
    'select',
    'semacquire',
    'JFR',
    // the sample's service name, quoted in the drafted postmortem
    'go-leak',
    'chan',
    'receive',
    'send',
  ].map((w) => w.toLowerCase()),
);

/**
 * Runs of 3+ Latin letters that read as English words. Tokens shaped like identifiers, paths or
 * addresses (`main.orderCache`, `java.util.ArrayList`, `OrderExportService`, `heap-1.pb.gz`,
 * `pmwb://…`, `0xc000…`) and Markdown code spans are data quoted in a sentence, not UI words.
 */
function englishWords(text: string): string[] {
  const out: string[] = [];
  const tokens = text
    .replace(/`[^`]*`/g, ' ')
    .replace(PHRASES, ' ')
    .split(/[\s\u3000-\u303f\uff00-\uffef，。：；、（）“”‘’]+/);
  for (const token of tokens) {
    if (ALLOWED.has(token.toLowerCase())) continue;
    if (/[./\\_@#<>[\]{}$=0-9]|::|[a-z][A-Z]|^[A-Z][a-z]+[A-Z]/.test(token)) continue;
    for (const w of token.match(/[A-Za-z]{3,}/g) ?? []) if (!ALLOWED.has(w.toLowerCase())) out.push(w);
  }
  return out;
}

/** Names of tools and features kept in English inside Chinese sentences. */
const PHRASES = /\b(mutex profile|block profile|heap profile|Full GC)\b/g;

/** Visible text outside evidence data that still has a run of 3+ Latin letters not in ALLOWED. */
async function untranslated(page: Page, seen?: string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // collapsed notes (parser warnings, MemStats notes) are part of the view: open them
    for (const d of document.querySelectorAll('details')) d.open = true;
    const out: string[] = [];
    const skip = 'code, pre, kbd, samp, [data-raw], canvas, script, style, textarea, noscript, title';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest(skip)) continue;
      const select = el.closest('select');
      if (select && !(el as HTMLOptionElement).selected) continue;
      if (!(select ?? el).checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      out.push(text);
    }
    return out;
  });
  seen?.push(...texts);
  const bad = new Set<string>();
  for (const text of texts) if (englishWords(text).length > 0) bad.add(text.slice(0, 160));
  return [...bad];
}

/**
 * Records every visible text with English words. Engine sentences (suspect titles, timeline
 * labels, warnings, projection reasons) come as messages the UI formats in its language, with
 * the evidence's own text (class, function, file names) marked as data — so they are checked too.
 */
async function check(page: Page, where: string, problems: string[], seen?: string[]): Promise<void> {
  for (const t of await untranslated(page, seen)) problems.push(`${where}: ${t}`);
}

/**
 * Engine sentences each sample must show in Chinese somewhere (suspect titles, timeline labels,
 * warnings): the check above passes only if they were really there and translated.
 */
const ENGINE_ZH: Record<(typeof SAMPLES)[number], RegExp[]> = {
  // each template's words are their own text node (the evidence's text sits in data spans between)
  'go-leak': [/^个 goroutine 在$/, /^堆转储$/, /^（可达堆的$/, /没有指向转储中的任何对象/],
  'java-oom': [/^静态字段$/, /^，暂停$/, /^线程转储$/, /个引用指向转储中不存在的对象/],
};

test('the English-word check flags UI words and leaves quoted identifiers alone', () => {
  expect(englishWords('12 goroutines stuck in main.exportWorker')).toEqual(['stuck']);
  expect(englishWords('；到 GC 根的路径：main.orderCache [bss+0xe0] → obj48{p16} @ 0xc00008c150。')).toEqual(
    [],
  );
  expect(englishWords('打开 `net/http/pprof` 与 OrderExportService、heap-1.pb.gz')).toEqual([]);
  expect(englishWords('Show stack')).toEqual(['Show', 'stack']);
  expect(englishWords('3 MiB · 12 goroutine · GC 暂停')).toEqual([]);
  // engine sentences as the UI shows them: template words checked, evidence text left out
  expect(englishWords('12 goroutines queue on a mutex in main.convoyWaiter ("semacquire")')).toEqual([
    'queue',
    'mutex',
  ]);
  expect(englishWords('Heap dump heap.hprof.gz: 105,542 objects, 60.6 MiB reachable')).toEqual([
    'Heap',
    'dump',
    'objects',
    'reachable',
  ]);
});

for (const sample of SAMPLES) {
  test(`${sample}: in 简体中文 every tab, view and view tab shows translated UI text`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/');
    await page.getByTestId('toggle-language').click();
    await expect(page.getByTestId('toggle-language')).toHaveText('English');
    const problems: string[] = [];
    const seen: string[] = [];
    await check(page, `${sample} welcome`, problems);
    await page.getByTestId(`open-sample-${sample}`).click();
    await waitAllRowsRead(page);
    await visitEveryView(page, TABS, (name) => check(page, `${sample} ${name}`, problems, seen));
    expect(problems).toEqual([]);
    for (const re of ENGINE_ZH[sample])
      expect(
        seen.some((t) => re.test(t)),
        String(re),
      ).toBe(true);
  });
}
