import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BOMBS, gzipBombSingle } from '../testdata/bombs.ts';
import { openFiles } from './helpers.ts';

const MiB = 1024 * 1024;

test('a compressed file past its inflation budget: the error names the budget, "continue" reads it with a higher one', async ({
  page,
}) => {
  // a thread dump bomb of 3 MiB inflated, read with a 1 MiB budget (the default is at least 512 MiB)
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-e2e-bomb-'));
  const file = join(dir, 'threads.txt.gz');
  writeFileSync(file, gzipBombSingle(BOMBS.jthreads, 3 * MiB));
  await page.addInitScript(() => localStorage.setItem('pmwb.maxInflatedBytes', String(1024 * 1024)));
  await page.goto('/');
  await openFiles(page, [file]);
  const row = page.getByTestId('artifact-row').first();
  await expect(row).toHaveAttribute('data-status', 'error');
  await expect(row.getByTestId('artifact-error')).toContainText(
    'threads.txt.gz at byte 1,048,576: expected at most 1.00 MiB once decompressed',
  );
  const prompt = row.getByTestId('limit-prompt');
  await expect(prompt).toContainText('Reading stopped at 1.00 MiB decompressed');
  const more = prompt.getByTestId('limit-continue');
  await expect(more).toHaveText('Continue up to 4.00 MiB');
  await more.click();
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-format', 'java-thread-dump');
  await expect(row.getByTestId('limit-prompt')).toHaveCount(0);
});
