import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CORPUS, openFiles, REPO } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
});

test('opens a file through the UI and shows its detected format', async ({ page }) => {
  await openFiles(page, [join(CORPUS, 'go-gctrace', 'go1.9-gcviewer.txt')]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-status', 'done');
  await expect(row).toHaveAttribute('data-format', 'go-gctrace');
  await expect(row.getByTestId('artifact-format')).toHaveText('Go gctrace log');
  await expect(page.getByTestId('artifact-view')).toBeVisible();
});

test('progress reaches completion on a large file and a read can be cancelled', async ({ page }) => {
  // A large gctrace made on the fly: big enough that reading takes many progress steps.
  const big = join(tmpdir(), `pmwb-e2e-big-${process.pid}.log`);
  const line =
    'gc 1 @0.016s 19%: 0.053+36+0.016 ms clock, 0.21+36/4.9/39+0.066 ms cpu, 3->3->3 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 4 P\n';
  writeFileSync(big, line.repeat(1_500_000));
  await openFiles(page, [big], { waitDone: false });
  const row = page.getByTestId('artifact-row').first();
  await expect(row.getByRole('progressbar')).toBeVisible();
  await row.getByTestId('artifact-cancel').click();
  await expect(row).toHaveAttribute('data-status', 'cancelled');

  await openFiles(page, [big]);
  const second = page.getByTestId('artifact-row').nth(1);
  await expect(second).toHaveAttribute('data-status', 'done');
  await expect(second).toHaveAttribute('data-format', 'go-gctrace');
});

test('an unknown file shows an error in place, naming the file', async ({ page }) => {
  const junk = join(tmpdir(), `pmwb-e2e-junk-${process.pid}.bin`);
  writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  await openFiles(page, [junk]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-status', 'error');
  await expect(row.getByTestId('artifact-error')).toContainText('pmwb-e2e-junk');
  await expect(row.getByTestId('artifact-error')).toContainText('expected a Go heap dump');
});

test('a file of a format it does not read says what the file is; UTF-16 text opens', async ({ page }) => {
  await openFiles(page, [join(CORPUS, 'jthreads', 'ibm-1.3.1-javacore.txt')], { waitDone: false });
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-status', 'error');
  await expect(row.getByTestId('artifact-error')).toContainText('found an IBM javacore: not supported');

  await openFiles(page, [join(REPO, 'workers/core/testdata/jstack-17.utf16le-bom.txt')]);
  const second = page.getByTestId('artifact-row').nth(1);
  await expect(second).toHaveAttribute('data-status', 'done');
  await expect(second).toHaveAttribute('data-format', 'java-thread-dump');
});

test('the Java sample incident opens from the welcome screen with every artifact read', async ({ page }) => {
  await page.getByTestId('open-sample-java-oom').click();
  const rows = page.getByTestId('artifact-row');
  await expect(rows).toHaveCount(4);
  for (const format of ['hprof', 'jvm-gclog', 'jstat', 'java-thread-dump']) {
    await expect(page.locator(`[data-testid="artifact-row"][data-format="${format}"]`)).toHaveAttribute(
      'data-status',
      'done',
      { timeout: 60_000 },
    );
  }
});

test('a sample incident opens on its overview; a file in the list shows its view from any tab', async ({
  page,
}) => {
  await page.getByTestId('open-sample-go-leak').click();
  const overview = page.getByTestId('overview');
  await expect(overview).toBeVisible();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  const rows = overview.getByTestId('overview-artifacts').locator('tbody tr');
  await expect(rows).toHaveCount(await page.getByTestId('artifact-row').count());
  await expect(overview.getByTestId('overview-findings')).toContainText('main.orderCache', {
    timeout: 60_000,
  });
  await expect(overview.getByTestId('overview-span')).toContainText('s)');

  // every row of the list fits without scrolling the page: the window is the frame
  const scrolls = await page.evaluate(() => document.scrollingElement!.scrollHeight > window.innerHeight);
  expect(scrolls).toBe(false);

  await page.getByTestId('tab-timeline').click();
  await page
    .getByTestId('artifact-row')
    .filter({ hasText: 'gctrace.log' })
    .getByRole('button')
    .first()
    .click();
  await expect(page.getByTestId('tab-artifacts')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('artifact-view')).toContainText('gctrace.log');
});
