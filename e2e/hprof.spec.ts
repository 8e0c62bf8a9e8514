import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const DUMP = join(SAMPLES, 'java-oom', 'artifacts', 'heap.hprof.gz');

test.skip(!existsSync(DUMP), 'samples/java-oom/artifacts/heap.hprof.gz not generated');

test('Java HPROF: read the leak suspects and open the path to roots of an OrderAggregate', async ({
  page,
}) => {
  await page.goto('/');
  await openFiles(page, [DUMP]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-format', 'hprof');
  await selectArtifact(page, 'heap.hprof.gz');
  const view = page.getByTestId('artifact-view');

  // the suspects report, in plain language, names the static collection and what it holds
  const suspect = view.getByTestId('heap-suspect').first();
  await expect(suspect).toContainText('instances of `OrderAggregate` held by `ArrayList`', {
    timeout: 60_000,
  });
  await expect(suspect).toContainText('static field `OrderExportService.pending`');

  // dominator tree: class → ArrayList (pending) → Object[] (elementData) → OrderAggregate
  await view.getByTestId('heap-tab-tree').click();
  const rows = view.getByTestId('dominator-row');
  await expect(rows.first()).toContainText('class com.example.order.OrderExportService');
  await rows.first().getByTestId('dominator-expand').click();
  const list = rows.filter({ hasText: 'java.util.ArrayList' }).first();
  await list.getByTestId('dominator-expand').click();
  const array = rows.filter({ hasText: 'java.lang.Object[]' }).first();
  await array.getByTestId('dominator-expand').click();
  const order = rows.filter({ hasText: 'com.example.order.domain.OrderAggregate' }).first();
  await expect(order).toBeVisible();
  await order.locator('.heap-tree-label').click();

  const inspector = view.getByTestId('heap-inspector');
  await expect(inspector).toContainText('OrderAggregate');
  await inspector.getByTestId('paths-to-roots').click();
  const paths = inspector.getByTestId('heap-paths');
  await expect(paths).toContainText('class com.example.order.OrderExportService');
  await expect(paths).toContainText('java.util.ArrayList');
});
