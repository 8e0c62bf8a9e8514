import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { REPO, waitAllRowsRead } from './helpers.ts';

/**
 * The review-meeting presentation on a shared screen: for both sample incidents, in both languages,
 * at 1920×1080 and 1280×720, every slide is stepped to with the keyboard, kept as a screenshot
 * (test-results/slides/<sample>[-zh-CN]-<w>x<h>-<n>.png) and checked: nothing outside the screen
 * or the slide, nothing scrolls or is clipped, HTML text ≥ 24 px, chart (SVG) text ≥ 18 px as
 * rendered (font size × the SVG's screen scale).
 */
const SHOTS = join(REPO, 'test-results', 'slides');
mkdirSync(SHOTS, { recursive: true });

const SAMPLES = ['go-leak', 'java-oom'] as const;
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;
const MIN_TEXT_PX = 24;
const MIN_SVG_TEXT_PX = 18;

interface SlideReport {
  step: string;
  title: string;
  problems: string[];
  minTextPx: number;
  minSvgTextPx: number;
  svgTexts: number;
  priorities: string[];
}

/** Every check of one slide, run in the page; returns what failed (empty when the slide is fine). */
function measureSlide(limits: { minText: number; minSvgText: number }): SlideReport {
  const problems: string[] = [];
  const pres = document.querySelector<HTMLElement>('[data-testid="presentation"]');
  const slide = document.querySelector<HTMLElement>('[data-testid="presentation-slide"]');
  if (!pres || !slide)
    return {
      step: '',
      title: '',
      problems: ['no slide'],
      minTextPx: 0,
      minSvgTextPx: 0,
      svgTexts: 0,
      priorities: [],
    };
  const name = (el: Element) => {
    const id = el.getAttribute('data-testid');
    const cls =
      typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}${cls}> "${text}"`;
  };
  const visible = (el: Element) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const TOL = 1;
  // no scrolling anywhere: the page, the presentation, the slide
  for (const el of [document.documentElement, document.body, pres, slide]) {
    if (el.scrollHeight > el.clientHeight + TOL || el.scrollWidth > el.clientWidth + TOL)
      problems.push(
        `scrolls: ${name(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
      );
  }
  const sr = slide.getBoundingClientRect();
  let minTextPx = Number.POSITIVE_INFINITY;
  let minSvgTextPx = Number.POSITIVE_INFINITY;
  let svgTexts = 0;
  for (const el of pres.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -TOL || r.top < -TOL || r.right > vw + TOL || r.bottom > vh + TOL)
      problems.push(`outside the screen: ${name(el)} ${JSON.stringify(r.toJSON())}`);
    if (
      slide.contains(el) &&
      el !== slide &&
      (r.left < sr.left - TOL ||
        r.top < sr.top - TOL ||
        r.right > sr.right + TOL ||
        r.bottom > sr.bottom + TOL)
    )
      problems.push(`outside the slide: ${name(el)}`);
    const cs = getComputedStyle(el);
    // clipped content: a box that hides overflow with more inside than it shows
    if (
      el instanceof HTMLElement &&
      !(
        el instanceof HTMLInputElement ||
        el instanceof HTMLSelectElement ||
        el instanceof HTMLTextAreaElement
      ) &&
      (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') &&
      (el.scrollHeight > el.clientHeight + TOL || el.scrollWidth > el.clientWidth + TOL)
    )
      problems.push(
        `clips its content: ${name(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
      );
    if (el instanceof SVGTextElement) {
      if (!(el.textContent ?? '').trim()) continue;
      svgTexts++;
      const ctm = el.getScreenCTM();
      const scale = ctm ? Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c)) : 0;
      const px = Number.parseFloat(cs.fontSize) * scale;
      const glyph = r.height;
      minSvgTextPx = Math.min(minSvgTextPx, px);
      if (px < limits.minSvgText || glyph < limits.minSvgText)
        problems.push(`chart text ${px.toFixed(1)} px (glyph box ${glyph.toFixed(1)} px): ${name(el)}`);
      continue;
    }
    if (el instanceof SVGElement) continue;
    // a chart drawn as an SVG image: its labels at the image's scale
    if (el instanceof HTMLImageElement && el.src.startsWith('data:image/svg+xml')) {
      const doc = new DOMParser().parseFromString(
        decodeURIComponent(el.src.slice(el.src.indexOf(',') + 1)),
        'image/svg+xml',
      );
      const root = doc.documentElement;
      const units = Number(root.getAttribute('viewBox')?.split(/[\s,]+/)[2] ?? root.getAttribute('width'));
      const scale = r.width / units;
      for (const tx of doc.querySelectorAll('text')) {
        if (!(tx.textContent ?? '').trim()) continue;
        svgTexts++;
        const size = Number(
          tx.closest('[font-size]')?.getAttribute('font-size') ?? root.getAttribute('font-size') ?? 16,
        );
        const px = size * scale;
        minSvgTextPx = Math.min(minSvgTextPx, px);
        if (px < limits.minSvgText)
          problems.push(`chart image text ${px.toFixed(1)} px: "${tx.textContent}"`);
      }
      continue;
    }
    const ownText = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim(),
    );
    const control =
      el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
    if (!ownText && !control) continue;
    const px = Number.parseFloat(cs.fontSize);
    minTextPx = Math.min(minTextPx, px);
    if (px < limits.minText) problems.push(`text ${px} px: ${name(el)}`);
  }
  const priorities = [...slide.querySelectorAll('[data-testid="checklist-row"]')].map(
    (row) => row.querySelector('[data-testid="checklist-priority"]')?.textContent?.trim() ?? '(none)',
  );
  return {
    step: pres.getAttribute('data-step') ?? '',
    title: slide.querySelector('h1')?.textContent ?? '',
    problems,
    minTextPx,
    minSvgTextPx,
    svgTexts,
    priorities,
  };
}

async function slidePosition(page: Page): Promise<{ n: number; total: number }> {
  const text = (await page.getByTestId('presentation-step').textContent()) ?? '';
  const m = /(\d+)\D+(\d+)/.exec(text);
  expect(m, `slide counter "${text}"`).toBeTruthy();
  return { n: Number(m![1]), total: Number(m![2]) };
}

/**
 * Waits until the slide count stays the same for 2 s: analyses finishing after the files are read
 * (findings, suggested checklist rows) and new page breaks after a resize both change it.
 */
async function settle(page: Page): Promise<void> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 60 && same < 4; i++) {
    const { total } = await slidePosition(page);
    same = total === last ? same + 1 : 0;
    last = total;
    await page.waitForTimeout(500);
  }
}

for (const sample of SAMPLES) {
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`${sample} (${lang}): every slide fits 1920×1080 and 1280×720, text ≥ 24 px, chart text ≥ 18 px`, async ({
      page,
    }) => {
      test.setTimeout(240_000);
      await page.setViewportSize(SIZES[0]);
      await page.goto('/');
      if (lang === 'zh-CN') {
        await page.getByTestId('toggle-language').click();
        await expect(page.getByTestId('toggle-language')).toHaveText('English');
      }
      await page.getByTestId(`open-sample-${sample}`).click();
      await waitAllRowsRead(page);
      await page.getByTestId('tab-postmortem').click();
      await expect(page.getByTestId('pm-section').first()).toBeVisible();
      await page.getByTestId('enter-presentation').click();
      const pres = page.getByTestId('presentation');
      await expect(pres).toBeVisible();
      const problems: string[] = [];
      const seen: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await settle(page);
        await page.keyboard.press('Home');
        await expect.poll(async () => (await slidePosition(page)).n).toBe(1);
        const { total } = await slidePosition(page);
        const steps = new Set<string>();
        const priorities: string[] = [];
        for (let n = 1; n <= total; n++) {
          if (n > 1) await page.keyboard.press('ArrowRight');
          await expect.poll(async () => (await slidePosition(page)).n).toBe(n);
          // charts and pagination settle after a resize
          await page.waitForTimeout(250);
          const tag = `${sample}${lang === 'en' ? '' : `-${lang}`}-${size.width}x${size.height}-${n}`;
          await page.screenshot({ path: join(SHOTS, `${tag}.png`) });
          const r = await page.evaluate(measureSlide, { minText: MIN_TEXT_PX, minSvgText: MIN_SVG_TEXT_PX });
          for (const p of r.problems) problems.push(`${tag} (${r.step} "${r.title}"): ${p}`);
          steps.add(r.step);
          priorities.push(...r.priorities);
          seen.push(
            `${tag} ${r.step} "${r.title}" min text ${r.minTextPx} px, chart text ${r.svgTexts ? `${r.minSvgTextPx.toFixed(1)} px ×${r.svgTexts}` : '–'}`,
          );
        }
        // the last slide stays the last one
        await page.keyboard.press('ArrowRight');
        await expect.poll(async () => (await slidePosition(page)).n).toBe(total);
        const at = `${sample} ${lang} ${size.width}x${size.height}`;
        // every part of the review is there, whatever the screen size
        for (const s of ['summary', 'timeline', 'root-cause', 'checklist'])
          if (!steps.has(s)) problems.push(`${at}: no "${s}" slide`);
        // the checklist shows each row's priority, P0 first
        if (!priorities.length) problems.push(`${at}: no checklist rows`);
        if (!priorities.every((p) => /^P\d$/.test(p)))
          problems.push(`${at}: checklist rows without a priority: ${priorities.join(' ')}`);
        else if (priorities.join() !== [...priorities].sort().join())
          problems.push(`${at}: checklist not ordered by priority: ${priorities.join(' ')}`);
      }
      console.log(seen.join('\n'));
      expect(problems).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(pres).toBeHidden();
      await expect(page.getByTestId('postmortem-view')).toBeVisible();
    });
  }
}

test('a summary paragraph taller than a slide flows over several slides, cut at sentences (a sentence taller than a slide between words), and fits', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const size = SIZES[1];
  await page.setViewportSize(size);
  await page.goto('/');
  await page.getByTestId('open-sample-go-leak').click();
  await waitAllRowsRead(page);
  await page.getByTestId('tab-postmortem').click();
  // one paragraph of 60 numbered sentences, far taller than a 1280×720 slide
  const sentences = Array.from(
    { length: 60 },
    (_, i) => `Sentence ${i + 1} says the export queue kept every order it was given.`,
  );
  // and one sentence of 120 clauses, itself taller than a slide
  const clauses = Array.from({ length: 120 }, (_, i) => `clause ${i + 1} of the one long sentence`);
  const editor = page.getByTestId('pm-editor-summary');
  await editor.fill(
    `Short opening paragraph.\n\n${sentences.join(' ')}\n\nOne sentence: ${clauses.join(', ')}.\n\nClosing paragraph.`,
  );
  await page.getByTestId('enter-presentation').click();
  await expect(page.getByTestId('presentation')).toBeVisible();
  await settle(page);
  await page.keyboard.press('Home');
  const problems: string[] = [];
  const shown: string[] = [];
  let summarySlides = 0;
  let continues = 0;
  for (;;) {
    const r = await page.evaluate(measureSlide, { minText: MIN_TEXT_PX, minSvgText: MIN_SVG_TEXT_PX });
    if (r.step !== 'summary') break;
    summarySlides++;
    await page.screenshot({
      path: join(SHOTS, `long-summary-${size.width}x${size.height}-${summarySlides}.png`),
    });
    for (const p of r.problems) problems.push(`summary slide ${summarySlides}: ${p}`);
    shown.push((await page.getByTestId('presentation-slide').locator('.pres-body').textContent()) ?? '');
    continues += await page.locator('[data-testid="presentation-slide"] [data-continues]').count();
    const { n } = await slidePosition(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await slidePosition(page)).n).toBe(n + 1);
    await page.waitForTimeout(250);
  }
  expect(problems).toEqual([]);
  expect(summarySlides).toBeGreaterThan(2);
  // the paragraph goes on from slide to slide, marked where it does
  expect(continues).toBeGreaterThanOrEqual(summarySlides - 2);
  // every sentence shown once, in order, with the paragraphs around it
  // the continuation marks taken out (a sentence taller than a slide is cut between its words)
  const all = shown
    .join(' ')
    .replace(/\s*…\s*/g, ' ')
    .replace(/\s+/g, ' ');
  let at = all.indexOf('Short opening paragraph.');
  expect(at).toBeGreaterThanOrEqual(0);
  for (const s of [...sentences, ...clauses.map((c) => `${c},`).slice(0, -1)]) {
    const next = all.indexOf(s, at);
    expect(next, s).toBeGreaterThan(at);
    expect(all.indexOf(s, next + 1), s).toBe(-1);
    at = next;
  }
  expect(all.indexOf('Closing paragraph.', at)).toBeGreaterThan(at);
});
