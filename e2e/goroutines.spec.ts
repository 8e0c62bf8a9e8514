import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES, selectArtifact } from './helpers.ts';

const DIR = join(SAMPLES, 'go-leak');
const FIRST = join(DIR, 'artifacts', 'goroutines-1.debug2.txt');
const LAST = join(DIR, 'artifacts', 'goroutines-3.debug2.txt');

test.skip(!existsSync(FIRST) || !existsSync(LAST), 'samples/go-leak goroutine dumps not generated');

interface Facts {
  functions: Record<string, string>;
  phases: { phase: number; leakedExportWorkers: number; totalGoroutines: number }[];
}

test('goroutine dumps: see the leak suspect, open its stack, compare two dumps', async ({ page }) => {
  const facts = (JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { facts: Facts }).facts;
  const leaked = facts.functions.leakedWorker;
  const first = facts.phases.find((p) => p.phase === 1)!;
  const last = facts.phases.find((p) => p.phase === 3)!;

  await page.goto('/');
  await openFiles(page, [FIRST, LAST]);
  for (const row of await page.getByTestId('artifact-row').all()) {
    await expect(row).toHaveAttribute('data-format', 'goroutine-dump');
  }
  await selectArtifact(page, 'goroutines-3.debug2.txt');
  const view = page.getByTestId('artifact-view');

  // The suspect: the leaked workers, first, with the manifest's count.
  const suspect = view.getByTestId('goroutine-suspect').first();
  await expect(suspect).toContainText(leaked);
  await expect(suspect).toContainText(`${last.leakedExportWorkers} goroutines`);
  await expect(suspect).toContainText('chan receive');

  // Its stack: the group detail with file:line and the creator.
  await suspect.getByTestId('goroutine-suspect-stack').click();
  const stack = view.getByTestId('goroutine-stack');
  await expect(stack).toContainText(`${last.leakedExportWorkers} × ${leaked}`);
  await expect(stack).toContainText(/main\.go:\d+/);
  await expect(stack).toContainText(facts.functions.leakedWorkerBy);
  // The groups table lists the group, its sparkline shows the count in both dumps.
  const group = view.getByTestId('goroutine-group').filter({ hasText: leaked });
  await expect(group).toHaveCount(1);
  await expect(group).toContainText(`${first.leakedExportWorkers}→${last.leakedExportWorkers}`);

  // The comparison with the other open dump.
  await view.getByTestId('goroutines-tab-compare').click();
  const cmp = view.getByTestId('goroutine-compare');
  await expect(cmp).toContainText(`${first.totalGoroutines} → ${last.totalGoroutines} goroutines`);
  await expect(cmp.getByTestId('goroutine-growing').first()).toContainText(leaked);
  await expect(cmp.getByTestId('goroutine-growing').first()).toContainText(
    `${first.leakedExportWorkers} → ${last.leakedExportWorkers}`,
  );
});
