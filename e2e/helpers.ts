import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const REPO = resolve(import.meta.dirname, '..');
export { CORPUS } from '../testdata/corpus.ts';
export const SAMPLES = resolve(REPO, 'samples');

/** Opens files through the UI's file input and waits until every new row has finished reading. */
export async function openFiles(
  page: Page,
  paths: string[],
  opts: { waitDone?: boolean } = {},
): Promise<void> {
  const before = await page.getByTestId('artifact-row').count();
  await page.getByTestId('file-input').setInputFiles(paths);
  const rows = page.getByTestId('artifact-row');
  await expect(rows).toHaveCount(before + paths.length);
  if (opts.waitDone !== false) {
    for (let i = before; i < before + paths.length; i++) {
      await expect(rows.nth(i)).not.toHaveAttribute('data-status', 'reading', { timeout: 60_000 });
    }
  }
}

/** Waits until every artifact row present (at least one) has finished reading. */
export async function waitAllRowsRead(page: Page): Promise<void> {
  const rows = page.getByTestId('artifact-row');
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    await expect(rows.nth(i)).not.toHaveAttribute('data-status', 'reading', { timeout: 60_000 });
  }
}

/** Opens the bundled sample incident from the welcome screen and waits until every row is read. */
export async function openSampleIncident(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('open-sample').click();
  await waitAllRowsRead(page);
}

/**
 * The autosaved JSON of an incident (browser host: IndexedDB) — by default the current one, whose
 * id the app keeps in localStorage.
 */
export async function storedIncidentJson(page: Page, incidentId?: string | null): Promise<string> {
  const id = incidentId ?? (await page.evaluate(() => localStorage.getItem('pmwb.currentIncident')));
  expect(id).toBeTruthy();
  return page.evaluate(
    (key) =>
      new Promise<string>((done, fail) => {
        const open = indexedDB.open('pmwb');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const get = open.result
            .transaction('incidents')
            .objectStore('incidents')
            .get(key as string);
          get.onsuccess = () => done(get.result.json as string);
          get.onerror = () => fail(get.error);
        };
      }),
    id,
  );
}

/** Selects the artifact row whose name contains `name` and waits for its view. */
export async function selectArtifact(page: Page, name: string): Promise<void> {
  await page.getByTestId('artifact-row').filter({ hasText: name }).locator('.artifact-main').click();
  await expect(page.getByTestId('artifact-view')).toContainText(name);
}

/**
 * Walks every view of the open incident: each workspace tab, then each artifact's view and that
 * view's own tabs (dominator tree, flame graph, locks …), calling `visit` with a name for each.
 */
export async function visitEveryView(
  page: Page,
  tabs: readonly string[],
  visit: (name: string) => Promise<void>,
): Promise<void> {
  for (const tab of tabs) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(300);
    await visit(tab);
  }
  await page.getByTestId('tab-artifacts').click();
  const rows = page.getByTestId('artifact-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    if ((await row.getAttribute('data-format')) === 'binary') continue;
    const name = ((await row.locator('.artifact-name').textContent()) ?? '').trim();
    await row.locator('.artifact-main').click();
    await expect(page.getByTestId('artifact-view')).toContainText(name);
    await page.waitForTimeout(500);
    await visit(name);
    const viewTabs = page.getByTestId('artifact-view').getByRole('tab');
    const k = await viewTabs.count();
    for (let j = 1; j < k; j++) {
      const label = ((await viewTabs.nth(j).textContent()) ?? `tab${j}`).trim().replace(/\W+/g, '-');
      await viewTabs.nth(j).click();
      await page.waitForTimeout(400);
      await visit(`${name}-${label || `tab${j}`}`);
    }
  }
}
