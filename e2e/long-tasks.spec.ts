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
 * On CI's two shared cores a view measured at 30-45 ms alone has run a 65 ms task in the full suite;
 * the test fails above this ceiling (a real regression: the Postmortem tab was 1,200 ms) and prints
 * every task over the 50 ms goal, which issue 18 tracks until it holds under load too.
 */
const CI_NOISE_MS = 100;
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

for (const sample of SAMPLES) {
  test(`${sample}: opening or switching any view runs no main-thread task over ${CI_NOISE_MS} ms (goal ${LIMIT_MS} ms, printed)`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
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
    const slow: string[] = [];
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
      const goal = tasks.filter((t) => t.ms > LIMIT_MS);
      if (goal.length)
        console.log(
          `${sample} ${name}: over the ${LIMIT_MS} ms goal: ${goal.map((t) => t.ms).join(', ')} ms`,
        );
      const over = tasks.filter((t) => t.ms > CI_NOISE_MS);
      if (over.length) slow.push(`${name}: ${over.map((t) => `${t.ms} ms`).join(', ')}`);
      if (process.env.LT_VERBOSE) console.log(`${sample} ${name}: ${tasks.map((t) => t.ms).join(' ')}`);
    });
    // Every view was walked (the four workspace tabs and at least one artifact view).
    expect(visited.slice(0, TABS.length)).toEqual([...TABS]);
    expect(visited.length).toBeGreaterThan(TABS.length);
    expect(slow, `long tasks while opening views of ${sample}`).toEqual([]);
  });
}
