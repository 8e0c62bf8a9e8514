import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { REPO, visitEveryView, waitAllRowsRead } from './helpers.ts';

/**
 * Every view of both sample incidents at 1920×1080: a screenshot kept as a test artifact
 * (test-results/views/) and an axe check that text contrast is at least 4.5:1 (WCAG AA).
 */
const SHOTS = join(REPO, 'test-results', 'views');
mkdirSync(SHOTS, { recursive: true });

const SAMPLES = ['go-leak', 'java-oom'] as const;
const TABS = ['overview', 'timeline', 'postmortem', 'checklist'] as const;

async function contrastViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
  );
}

async function check(page: Page, name: string, problems: string[]): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  for (const v of await contrastViolations(page)) problems.push(`${name}: ${v}`);
}

for (const sample of SAMPLES) {
  test(`${sample}: every view is legible (contrast ≥ 4.5:1) and kept as a 1920×1080 screenshot`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    await page.getByTestId(`open-sample-${sample}`).click();
    await waitAllRowsRead(page);
    const problems: string[] = [];
    await visitEveryView(page, TABS, (name) => check(page, `${sample}-${name}`, problems));
    expect(problems).toEqual([]);
  });
}
