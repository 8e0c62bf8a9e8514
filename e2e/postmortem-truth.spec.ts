import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles, SAMPLES } from './helpers.ts';

/**
 * The draft stays true: open the sample incident, go to the Postmortem tab at once, and wait — the
 * draft names the heap culprit when the heap dump finishes, with no click, and the exported
 * Markdown holds exactly the text the screen shows.
 */
test('postmortem: the draft follows the evidence without a click, and the export equals the screen', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('open-sample').click();
  // straight to the postmortem, while the files are still being read
  await page.getByTestId('tab-postmortem').click();
  const summary = page.getByTestId('pm-editor-summary');
  await expect(summary).toHaveValue(/main\.orderCache/, { timeout: 60_000 });
  await expect(page.getByTestId('pm-editor-root-cause')).toHaveValue(/main\.orderCache/);
  // no Regenerate button is needed (or offered)
  await expect(page.getByTestId('regenerate')).toHaveCount(0);
  // let every file finish, then compare the screen with the export
  const rows = page.getByTestId('artifact-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++)
    await expect(rows.nth(i)).not.toHaveAttribute('data-status', 'reading', { timeout: 60_000 });
  const editors = page.locator('[data-testid^="pm-editor-"]');
  const onScreen = await editors.evaluateAll((els) =>
    els.map((e) => ({ id: e.getAttribute('data-testid'), text: (e as HTMLTextAreaElement).value })),
  );
  expect(onScreen.length).toBeGreaterThan(10);
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
  const mdText = readFileSync((await md.path()) as string, 'utf8');
  for (const s of onScreen) expect(mdText, s.id ?? '').toContain(s.text);
  // and the screen did not change by exporting
  const after = await editors.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  expect(after).toEqual(onScreen.map((s) => s.text));
});

test('a service binary added after the heap dump names its globals in the open draft', async ({ page }) => {
  await page.goto('/');
  await openFiles(page, [join(SAMPLES, 'go-leak', 'artifacts', 'heapdump-3.bin')]);
  await page.getByTestId('tab-postmortem').click();
  const summary = page.getByTestId('pm-editor-summary');
  // without symbols the holder is only an address in the data/bss segment
  await expect(summary).toHaveValue(/bss\+0x/, { timeout: 60_000 });
  await expect(summary).not.toHaveValue(/main\.orderCache/);
  await openFiles(page, [join(SAMPLES, 'go-leak', 'artifacts', 'go-leak')]);
  // opening a file shows the artifacts; the draft is one tab away, already rewritten
  await page.getByTestId('tab-postmortem').click();
  await expect(summary).toHaveValue(/main\.orderCache/, { timeout: 60_000 });
});

test('files without a trustworthy time are listed once, with a suggestion; accepting is one click', async ({
  page,
}) => {
  await page.goto('/');
  await openFiles(page, [
    join(SAMPLES, 'go-leak', 'artifacts', 'goroutines-1.debug2.txt'),
    join(SAMPLES, 'go-leak', 'artifacts', 'goroutines-2.debug2.txt'),
  ]);
  await page.getByTestId('tab-timeline').click();
  const prompt = page.getByTestId('unplaced-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId('unplaced-row')).toHaveCount(2);
  await expect(prompt).toContainText('goroutines-1.debug2.txt');
  await prompt.getByTestId('unplaced-accept').click();
  await expect(page.getByTestId('unplaced-prompt')).toHaveCount(0);
  const rows = page.getByTestId('anchor-row');
  await expect(rows).toHaveCount(2);
  for (const r of await rows.all()) await expect(r).not.toHaveAttribute('data-kind', 'assumed');
});
