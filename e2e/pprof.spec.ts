import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const HEAP1 = join(SAMPLES, 'go-leak', 'artifacts', 'heap-1.pb.gz');
const HEAP3 = join(SAMPLES, 'go-leak', 'artifacts', 'heap-3.pb.gz');

test.skip(!existsSync(HEAP3) || !existsSync(HEAP1), 'samples/go-leak heap profiles not generated');

test('pprof: open a heap profile, switch sample type, zoom the flame graph, diff two profiles', async ({
  page,
}) => {
  await page.goto('/');
  await openFiles(page, [HEAP1, HEAP3]);
  await selectArtifact(page, 'heap-3.pb.gz');
  const view = page.getByTestId('artifact-view');

  const select = view.getByTestId('pprof-sample-type');
  await expect(select).toHaveValue('inuse_space');
  await expect(view.getByTestId('pprof-top-row').first()).toContainText('main.newOrder');
  // human units like every other view (not pprof's `4496.78kB`), the exact bytes on hover
  const flat = view.getByTestId('pprof-top-row').first().locator('td').first();
  await expect(flat).toHaveText(/^[\d.]+ (B|KiB|MiB|GiB)$/);
  await expect(flat).toHaveAttribute('title', /^[\d,]+ bytes$/);
  await select.selectOption('alloc_objects');
  await expect(select).toHaveValue('alloc_objects');
  await expect(view.getByTestId('pprof-top-row').first()).toBeVisible();

  await view.getByTestId('pprof-tab-flame').click();
  const canvas = view.getByTestId('pprof-flame');
  await expect(canvas).toBeVisible();
  await expect(view.getByTestId('pprof-flame-zoom')).toHaveText('Showing all stacks');
  // the first row below "total" is the widest root frame: click near its left edge
  await canvas.click({ position: { x: 5, y: 30 } });
  await expect(view.getByTestId('pprof-flame-zoom')).toContainText('Zoomed to');
  await view.getByTestId('pprof-flame-reset').click();
  await expect(view.getByTestId('pprof-flame-zoom')).toHaveText('Showing all stacks');

  await select.selectOption('inuse_space');
  await view.getByTestId('pprof-tab-diff').click();
  await expect(view.getByTestId('pprof-diff-base')).toBeVisible();
  await expect(view.getByTestId('pprof-diff-row').first()).toContainText('main.newOrder');
  await expect(view.getByTestId('pprof-diff-row').first()).toContainText('+');
  // the diff flame graph comes from the worker pruned to the zoom, and zooms the same way
  const diff = view.getByTestId('pprof-diff');
  await expect(diff.getByTestId('pprof-flame')).toBeVisible();
  await expect(diff.getByTestId('pprof-flame-zoom')).toHaveText('Showing all stacks');
  await diff.getByTestId('pprof-flame').click({ position: { x: 5, y: 30 } });
  await expect(diff.getByTestId('pprof-flame-zoom')).toContainText('Zoomed to');
  await diff.getByTestId('pprof-flame-reset').click();
  await expect(diff.getByTestId('pprof-flame-zoom')).toHaveText('Showing all stacks');
});
