import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { openSampleIncident } from './helpers.ts';

/** Opens the bundled sample incident and waits until its artifacts are read and the checklist is built. */
async function openSample(page: Page): Promise<void> {
  await openSampleIncident(page);
  await page.getByTestId('tab-checklist').click();
  // Suggestions from the sample's findings (e.g. the leaked goroutine group) are marked as such.
  await expect(page.locator('[data-testid="checklist-row"][data-origin="finding"]').first()).toBeVisible({
    timeout: 30_000,
  });
}

test('checklist: edit owner and SLA, export, find them in the files', async ({ page }) => {
  await openSample(page);
  const row = page.locator('[data-testid="checklist-row"][data-origin="finding"]').first();
  const action = (await row.getByTestId('checklist-action').textContent()) ?? '';
  await row.getByTestId('checklist-owner').fill('Zhang Wei | SRE');
  await row.getByTestId('checklist-sla').fill('2020-01-15');
  // A due date in the past on an open action is flagged.
  await expect(row).toHaveAttribute('data-overdue', 'true');
  await expect(row.getByTestId('checklist-overdue')).toBeVisible();

  await page.getByTestId('tab-postmortem').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toBe('checklist.csv');
  const csvText = readFileSync((await csv.path()) as string, 'utf8');
  const line = csvText.split('\r\n').find((l) => l.includes('Zhang Wei | SRE'));
  expect(line).toBeDefined();
  expect(line).toContain('2020-01-15');
  expect(line).toContain(action.slice(0, 20));

  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  const mdText = readFileSync((await md.path()) as string, 'utf8');
  // The pipe in the owner is escaped inside the GFM table cell.
  expect(mdText).toContain('Zhang Wei \\| SRE');
  expect(mdText).toContain('2020-01-15');
  expect(mdText).toMatch(/^## Root cause/m);

  // The folder export arrives as one zip of the folder (downloads cannot make the evidence/ sub-folder):
  // the charts as PNG next to the Markdown, and every relative link in it resolves to a file in the zip.
  const [zipDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-folder').click(),
  ]);
  expect(zipDownload.suggestedFilename()).toMatch(/\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync((await zipDownload.path()) as string)));
  const names = Object.keys(zip);
  const root = names[0]!.split('/')[0]!;
  expect(names.every((n) => n.startsWith(`${root}/`))).toBe(true);
  const entry = (rel: string) => zip[`${root}/${rel}`];
  expect(names.map((n) => n.slice(root.length + 1))).toEqual(
    expect.arrayContaining(['postmortem.md', 'heap-over-time.png', 'checklist.csv']),
  );
  expect(names.some((n) => n.startsWith(`${root}/evidence/`) && n.endsWith('.md'))).toBe(true);
  const png = entry('heap-over-time.png')!;
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const folderMd = new TextDecoder().decode(entry('postmortem.md'));
  expect(folderMd).toContain('](heap-over-time.png)');
  const links = [...folderMd.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
    .map((m) => decodeURI(m[1]!))
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
  expect(links.some((l) => l.startsWith('evidence/'))).toBe(true);
  for (const l of links) expect(entry(l), `link ${l} resolves inside the zip`).toBeDefined();
});

test('postmortem: presentation at 1920×1080 stepped with the keyboard', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openSample(page);
  await page.getByTestId('tab-postmortem').click();
  await expect(page.getByTestId('pm-section').first()).toBeVisible();
  await page.getByTestId('enter-presentation').click();
  const pres = page.getByTestId('presentation');
  await expect(pres).toBeVisible();
  await expect(page.getByTestId('presentation-clock')).toBeVisible();
  const fontPx = await page
    .getByTestId('presentation-slide')
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(fontPx).toBeGreaterThanOrEqual(28);
  // Each part of the review in order; a long part flows over several slides.
  const steps = ['summary', 'timeline', 'root-cause', 'checklist'];
  for (const [i, step] of steps.entries()) {
    await expect(pres).toHaveAttribute('data-step', step);
    await page.screenshot({ path: testInfo.outputPath(`presentation-${i + 1}-${step}.png`) });
    if (i === steps.length - 1) break;
    for (let k = 0; k < 10 && (await pres.getAttribute('data-step')) === step; k++)
      await page.keyboard.press('ArrowRight');
  }
  // The checklist is still editable in the meeting.
  const owner = pres.getByTestId('checklist-owner').first();
  await owner.fill('Li Na');
  await expect(owner).toHaveValue('Li Na');
  // Arrow keys edit text while an input has focus; they step again once it is left.
  const slideNo = async () =>
    Number(/\d+/.exec((await page.getByTestId('presentation-step').textContent()) ?? '')?.[0]);
  const at = await slideNo();
  await owner.press('ArrowLeft');
  expect(await slideNo()).toBe(at);
  await owner.blur();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(slideNo).toBe(at - 1);
  await page.keyboard.press('Home');
  await expect(pres).toHaveAttribute('data-step', 'summary');
  await page.keyboard.press('Escape');
  await expect(pres).toBeHidden();
  await expect(page.getByTestId('postmortem-view')).toBeVisible();
});

test('postmortem: 简体中文 template and checklist', async ({ page }) => {
  await openSample(page);
  await page.getByTestId('tab-postmortem').click();
  await expect(page.locator('[data-section="root-cause"] h3')).toHaveText('Root cause and evidence');
  await page.getByTestId('toggle-language').click();
  await page.getByTestId('lang-confirm-ok').click();
  await expect(page.locator('[data-section="root-cause"] h3')).toHaveText(/根因/);
  await expect(page.getByTestId('pm-editor-summary')).toHaveValue(/[\u4e00-\u9fff]/);
  await page.getByTestId('tab-checklist').click();
  const first = page.getByTestId('checklist-row').first();
  await expect(first.getByTestId('checklist-action')).toHaveText(/[\u4e00-\u9fff]/);
  await expect(page.getByTestId('checklist-table').locator('th').nth(2)).toHaveText(/[\u4e00-\u9fff]/);
});

test('postmortem: switching language asks first, Escape keeps everything, Enter regenerates and keeps edits', async ({
  page,
}) => {
  await openSample(page);
  await page.getByTestId('tab-postmortem').click();
  const wentWell = page.getByTestId('pm-editor-went-well');
  await wentWell.fill('The alert fired early.');
  const summary = page.getByTestId('pm-editor-summary');
  const englishSummary = await summary.inputValue();
  expect(englishSummary).not.toMatch(/[\u4e00-\u9fff]/);

  // Keyboard only: Ctrl+L asks; the dialog names the language and keeps focus on "Regenerate".
  await wentWell.blur();
  await page.keyboard.press('Control+l');
  const dialog = page.getByTestId('lang-confirm');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Regenerate the draft in 简体中文? Your edited sections are kept.');
  await expect(page.getByTestId('lang-confirm-ok')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toggle-language')).toHaveText('简体中文');
  await expect(summary).toHaveValue(englishSummary);

  await page.getByTestId('toggle-language').click();
  await expect(page.getByTestId('lang-confirm-ok')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toggle-language')).toHaveText('English');
  await expect(summary).toHaveValue(/[\u4e00-\u9fff]/);
  await expect(wentWell).toHaveValue('The alert fired early.');
  await expect(page.locator('[data-section="went-well"] [data-testid="pm-mark"]')).toHaveAttribute(
    'data-edited',
    'true',
  );

  // Back to English: asked again (the draft is now in 简体中文), in Chinese.
  await page.getByTestId('toggle-language').click();
  await expect(dialog).toContainText('用英文重新生成草稿？');
  await page.getByTestId('lang-confirm-cancel').click();
  await expect(page.getByTestId('toggle-language')).toHaveText('English');
});
