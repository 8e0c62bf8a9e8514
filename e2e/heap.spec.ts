import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const DUMP = join(SAMPLES, 'go-leak', 'artifacts', 'heapdump-3.bin');

test('Go heap dump: expand the top retainer and open an object path to GC roots', async ({ page }) => {
  await page.goto('/');
  await openFiles(page, [DUMP]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-format', 'go-heapdump');
  await selectArtifact(page, 'heapdump-3.bin');
  const view = page.getByTestId('artifact-view');
  // overview: suspects in plain language, the bss root on top
  await expect(view.getByTestId('heap-suspect').first()).toContainText('retains');

  await view.getByTestId('heap-tab-tree').click();
  const rows = view.getByTestId('dominator-row');
  await expect(rows.first()).toContainText('bss+0x');
  await rows.first().getByTestId('dominator-expand').click();
  // the map header object under the global
  await expect(rows.nth(1)).toContainText('@ 0xc');
  await rows.nth(1).getByTestId('dominator-expand').click();
  await expect(rows.nth(2)).toBeVisible();
  await rows.nth(2).locator('.heap-tree-label').click();

  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector).toContainText('Address');
  await inspector.getByTestId('paths-to-roots').click();
  const paths = inspector.getByTestId('heap-paths');
  await expect(paths).toContainText('bss+0x');
  // the map's buckets hang at +0x10 of its header: the path says where each step holds the next
  await expect(paths.getByTestId('heap-path-field').first()).toHaveText('+0x10');
  await expect(inspector.locator('.heap-hex')).toBeVisible();
});

test('Go heap dump opened with the service binary names the global that holds the cache', async ({
  page,
}) => {
  await page.goto('/');
  // The binary comes in the same batch as the dump, as when a whole incident folder is opened.
  await openFiles(page, [join(SAMPLES, 'go-leak', 'artifacts', 'go-leak'), DUMP]);
  await expect(page.getByTestId('artifact-row').first()).toHaveAttribute('data-format', 'binary');
  await selectArtifact(page, 'heapdump-3.bin');
  const view = page.getByTestId('artifact-view');
  // the top suspect is titled by the global; its path says the buckets hang at +0x10 of the map
  const top = view.getByTestId('heap-suspect').first();
  await expect(top.locator('strong')).toHaveText(/^main\.orderCache retains [\d.]+ MiB/);
  const steps = top.getByTestId('heap-suspect-step');
  await expect(steps.first()).toHaveText('main.orderCache');
  await expect(steps.last()).toContainText('+0x10');
  await expect(view.getByTestId('heap-suspect').nth(1).locator('strong')).toHaveText(
    /^goroutine \d+ frame main\.stackHolder retains 1\.00 MiB/,
  );
  await view.getByTestId('heap-tab-tree').click();
  await expect(view.getByTestId('dominator-row').first()).toContainText('main.orderCache');
});

test('Go heap dump: a 4,096-deep linked list is one suspect with its length', async ({ page }) => {
  await page.goto('/');
  await openFiles(page, [join(SAMPLES, 'go-chain', 'artifacts', 'heapdump.bin')]);
  await selectArtifact(page, 'heapdump.bin');
  const view = page.getByTestId('artifact-view');
  const chain = view.getByTestId('heap-suspect').filter({ hasText: 'linked chain' });
  await expect(chain).toHaveCount(1);
  await expect(chain.locator('strong')).toContainText('linked chain of 4,096 objects');
  await expect(chain.getByTestId('heap-chain-length')).toContainText('4,096 objects');
  // without the binary the global is named by its offset, and the suspect says how to name it
  await expect(chain.locator('strong')).toContainText('global at bss+0x');
  await expect(chain).toContainText('service binary');
});
