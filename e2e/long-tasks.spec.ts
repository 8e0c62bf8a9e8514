import { expect, type Page, test } from '@playwright/test';
import { visitEveryView, waitAllRowsRead } from './helpers.ts';

/**
 * No view blocks the UI: while every view, tab and sub-tab of both sample incidents opens, the main
 * thread runs no task over 50 ms (Chromium's Long Tasks API reports exactly those). What is measured
 * starts after the sample has been read and the incident has settled, so the bundle's first load and
 * the parsing (in the engine worker) are not part of it — only opening and switching views is.
 */

const SAMPLES = ['go-leak', 'java-oom'] as const;
const TABS = ['overview', 'timeline', 'postmortem', 'checklist'] as const;
/** Chromium reports a long task from 50 ms on; the goal is "none over 50 ms". */
const LIMIT_MS = 50;
/**
 * A walk in which some view ran a task over the limit is walked again in a fresh page, up to this
 * many walks in all; a view fails when it went over in every walk. A fresh page starts as cold as
 * the first (code not yet compiled, nothing cached), so a first-opening cost shows in every walk;
 * what is forgiven is a one-off spike from the machine (CI's two shared cores have shown 52-65 ms
 * for views that measure 30-45 ms alone).
 */
const WALKS = 3;
test.use({ trace: 'off' });

declare global {
  interface Window {
    __longTasks: { start: number; ms: number }[];
  }
}

/** The observer, installed before any page script runs (buffered: tasks before it existed count too). */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** The long tasks recorded since the last call, and a fresh record. */
async function takeLongTasks(page: Page): Promise<{ start: number; ms: number }[]> {
  return page.evaluate(() => window.__longTasks.splice(0));
}

/**
 * Waits until the main thread has been quiet (no long task) for `quietMs`: the incident's
 * registration and first autosave after the sample's rows are read belong to loading, not to a view.
 */
async function settle(page: Page, quietMs = 1500): Promise<void> {
  const deadline = Date.now() + 30_000;
  await takeLongTasks(page);
  for (;;) {
    await page.waitForTimeout(quietMs);
    if ((await takeLongTasks(page)).length === 0 || Date.now() > deadline) return;
  }
}

/** Opens `sample` in a fresh page and walks every view; the tasks over the limit, by view. */
async function walk(page: Page, sample: string): Promise<{ visited: string[]; over: Map<string, number[]> }> {
  await page.addInitScript(observeLongTasks);
  // LT_THROTTLE=2 runs the page on a CPU that is 2x slower: the headroom a view has under load
  const throttle = Number(process.env.LT_THROTTLE ?? 1);
  if (throttle > 1)
    await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', {
      rate: throttle,
    });
  await page.goto('/');
  await page.getByTestId(`open-sample-${sample}`).click();
  await waitAllRowsRead(page);
  await settle(page);

  const visited: string[] = [];
  const over = new Map<string, number[]>();
  await visitEveryView(page, TABS, async (name) => {
    visited.push(name);
    // work a view schedules after its first commit (charts drawn in later tasks) is its own: wait
    // for the main thread to go idle, so none of it is blamed on the next view
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const idle = (left: number) =>
            requestIdleCallback(() => (left ? setTimeout(() => idle(left - 1), 50) : done()), {
              timeout: 3000,
            });
          idle(3);
        }),
    );
    const tasks = await takeLongTasks(page);
    const long = tasks.filter((t) => t.ms > LIMIT_MS).map((t) => t.ms);
    if (long.length) over.set(name, long);
    if (process.env.LT_VERBOSE) console.log(`${sample} ${name}: ${tasks.map((t) => t.ms).join(' ')}`);
  });
  return { visited, over };
}

for (const sample of SAMPLES) {
  test(`${sample}: opening or switching any view runs no main-thread task over ${LIMIT_MS} ms`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(WALKS * 150_000);
    // views over the limit in every walk so far
    let failing: Map<string, number[]> | undefined;
    for (let n = 1; n <= WALKS; n++) {
      // a context of its own: nothing of the last walk (autosave, caches) carries over
      const context = await browser.newContext({
        baseURL: testInfo.project.use.baseURL,
        viewport: testInfo.project.use.viewport,
      });
      const { visited, over } = await walk(await context.newPage(), sample);
      await context.close();
      // Every view was walked (the four workspace tabs and at least one artifact view).
      expect(visited.slice(0, TABS.length)).toEqual([...TABS]);
      expect(visited.length).toBeGreaterThan(TABS.length);
      for (const [view, ms] of over) console.log(`${sample} walk ${n}: ${view} ran ${ms.join(', ')} ms`);
      failing = new Map(
        [...over]
          .filter(([view]) => failing === undefined || failing.has(view))
          .map(([view, ms]) => [view, [...(failing?.get(view) ?? []), ...ms]]),
      );
      if (failing.size === 0) break;
    }
    const slow = [...(failing ?? [])].map(([view, ms]) => `${view}: ${ms.map((m) => `${m} ms`).join(', ')}`);
    expect(slow, `views over ${LIMIT_MS} ms in each of ${WALKS} walks of ${sample}`).toEqual([]);
  });
}
