import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const LOG = join(SAMPLES, 'go-leak', 'artifacts', 'gctrace.log');

test.skip(!existsSync(LOG), 'samples/go-leak/artifacts/gctrace.log not generated');

test('GC log: summary, brush-zoom the heap chart, set a limit and see the projection move', async ({
  page,
}) => {
  const manifest = JSON.parse(readFileSync(join(SAMPLES, 'go-leak', 'manifest.json'), 'utf8'));
  const cycles = manifest.artifacts.find((a: { file: string }) => a.file === 'artifacts/gctrace.log')
    .gcCycles as number;
  await page.goto('/');
  await openFiles(page, [LOG]);
  await expect(page.getByTestId('artifact-row').first()).toHaveAttribute('data-format', 'go-gctrace');
  await selectArtifact(page, 'gctrace.log');
  const view = page.getByTestId('artifact-view');
  await expect(view.getByTestId('gc-summary')).toContainText(String(cycles));
  await expect(view.getByTestId('gc-trend')).toContainText('/h');

  // brush-zoom: drag across the middle of the heap chart
  const range = view.getByTestId('gc-zoom-range');
  await expect(range).toContainText('Whole log');
  const chart = view.getByTestId('gc-heap-chart').locator('.recharts-surface').first();
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  if (!box) throw new Error('heap chart has no box');
  const y = box.y + box.height * 0.4;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
  await page.mouse.up();
  await expect(range).toContainText('Zoomed');
  await view.getByTestId('gc-zoom-reset').click();
  await expect(range).toContainText('Whole log');

  // the log names its GOMEMLIMIT; a smaller limit is reached sooner
  const reach = view.getByTestId('gc-projection-reach');
  const input = view.getByTestId('gc-limit-input');
  await expect(input).toHaveValue(String(manifest.facts.gomemlimitBytes / 1024 / 1024));
  await expect(reach).toContainText('Reaches 256 MiB');
  const before = await reach.textContent();
  await input.fill('64');
  await expect(reach).toContainText('Reaches 64.0 MiB');
  expect(await reach.textContent()).not.toBe(before);
});
