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
  const chart = view.getByTestId('gc-heap-chart').locator('.lane-surface').first();
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

test('GC log: the projection drawn is the one the text gives, the heap axis fits the heap, human names', async ({
  page,
}) => {
  const manifest = JSON.parse(readFileSync(join(SAMPLES, 'go-leak', 'manifest.json'), 'utf8'));
  const limit = manifest.facts.gomemlimitBytes as number;
  await page.goto('/');
  await openFiles(page, [LOG]);
  await selectArtifact(page, 'gctrace.log');
  const view = page.getByTestId('artifact-view');
  const heap = view.getByTestId('gc-heap-chart');
  const reach = view.getByTestId('gc-projection-reach');
  await expect(reach).toContainText('Reaches 256 MiB');
  await expect(heap).not.toHaveAttribute('data-projection-end', '');

  // projection: the chart's line ends where the text says the limit is reached, or the text says
  // where the chart's line stops
  const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
  for (const mib of ['256', '12']) {
    await view.getByTestId('gc-limit-input').fill(mib);
    await expect(reach).toContainText(`Reaches ${mib === '256' ? '256' : '12.0'} MiB`);
    const reachAt = Number(await reach.getAttribute('data-reach-at'));
    const end = Number(await heap.getAttribute('data-projection-end'));
    if (end === reachAt) await expect(reach).not.toContainText('beyond the chart');
    else {
      expect(end).toBeLessThan(reachAt);
      await expect(reach).toContainText(`beyond the chart: its projection stops at ${when(end)}`);
    }
  }
  await view.getByTestId('gc-limit-input').fill(String(limit / 1024 / 1024));

  // axis: scaled to the heap (about 20 MiB), not to the 256 MiB limit; the limit on request
  const yMax = () => heap.getAttribute('data-y-max').then(Number);
  await expect(heap).toHaveAttribute('data-limit-shown', 'false');
  expect(await yMax()).toBeLessThan(limit / 2);
  const ticks = await heap.locator('.lane-y-labels').first().locator('text').allTextContents();
  expect(ticks.length).toBeGreaterThan(2);
  for (const t of ticks) expect(t).toMatch(/^\d+(\.\d+)? (B|KiB|MiB|GiB)$/);
  await view.getByTestId('gc-show-limit').check();
  await expect(heap).toHaveAttribute('data-limit-shown', 'true');
  expect(await yMax()).toBeGreaterThanOrEqual(limit);
  await expect(heap).toContainText('limit 256 MiB');

  // the headline rate says how little log it stands on; legends use names, not ids
  await expect(view.getByTestId('gc-trend')).toContainText(/extrapolated from \d+(\.\d)? s of log/);
  const pauseLegend = view.getByTestId('gc-pause-chart').locator('.gc-legend');
  await expect(pauseLegend).toContainText('GC cycle');
  await expect(pauseLegend).not.toContainText('go-cycle');
  await expect(view.getByTestId('gc-kind-table')).toContainText('GC cycle');
  await expect(view.getByTestId('gc-kind-kpi')).toContainText('GC cycle');
});
