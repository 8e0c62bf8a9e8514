/**
 * Hostile and broken workspaces in the web build: an incident file that cannot be opened shows the
 * recovery view (what is wrong, where; export raw; discard) — on import and when an older build
 * autosaved it — and a reload never shows a blank page. An edit made just before the tab closes
 * survives.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { newIncident, serializeIncident } from '../workers/incident/model.ts';
import { goIncident } from '../workers/incident/test-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmwb-hostile-'));

function incidentDoc(id: string): Record<string, unknown> {
  return JSON.parse(
    serializeIncident(newIncident({ id, title: `Hostile ${id}`, nowMs: Date.UTC(2026, 10, 28, 9) })),
  ) as Record<string, unknown>;
}

/** The audit's files: each passed the old checks and then blanked the page or broke autosave. */
function badFiles(): { name: string; text: string; field: RegExp }[] {
  const time = incidentDoc('bad-time');
  time.events = [
    { id: 'e1', t: 8.64e15 + 1, kind: 'note', label: 'x', severity: 'info', starred: false, source: 'user' },
  ];
  const zone = { ...incidentDoc('bad-zone'), timeZone: 'Mars/Olympus_Mons' };
  const depth = 100_000;
  const deep = serializeIncident(newIncident({ id: 'bad-deep', nowMs: 1 })).replace(
    '"checklist": []',
    `"checklist": [], "extra": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );
  const many = incidentDoc('bad-many');
  many.events = Array.from({ length: 25_000 }, (_, i) => ({
    id: `e${i}`,
    t: i,
    kind: 'note',
    label: 'n',
    severity: 'info',
    starred: false,
    source: 'user',
  }));
  return [
    { name: 'time.pmwb', text: JSON.stringify(time), field: /^events\[0\]\.t$/ },
    { name: 'zone.pmwb', text: JSON.stringify(zone), field: /^timeZone$/ },
    { name: 'deep.pmwb', text: deep, field: /^extra(\.a)+$/ },
    { name: 'many.pmwb', text: JSON.stringify(many), field: /^events$/ },
  ];
}

async function notBlank(page: Page) {
  await expect(page.locator('#root')).not.toBeEmpty();
  await expect(
    page
      .getByTestId('welcome')
      .or(page.getByTestId('workspace'))
      .or(page.getByTestId('recovery-view'))
      .first(),
  ).toBeVisible();
}

test('importing each bad .pmwb opens the recovery view naming the field; export raw and discard; reload is never blank', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  for (const f of badFiles()) {
    const path = join(dir, f.name);
    writeFileSync(path, f.text);
    await page.getByTestId('file-input').setInputFiles(path);
    const view = page.getByTestId('import-recovery');
    await expect(view).toBeVisible();
    await expect(view.getByTestId('recovery-view')).toContainText(f.name);
    await expect(view.getByTestId('recovery-message')).toHaveAttribute('data-code', 'invalid');
    await expect(view.getByTestId('recovery-issue').first().locator('code')).toHaveText(f.field);
    // The raw text goes out unchanged.
    const download = page.waitForEvent('download');
    await view.getByTestId('recovery-export-raw').click();
    const d = await download;
    expect(d.suggestedFilename()).toBe(f.name.replace('.pmwb', '.damaged.pmwb'));
    expect(readFileSync((await d.path())!, 'utf8')).toBe(f.text);
    await view.getByTestId('recovery-discard').click();
    await expect(view).toHaveCount(0);
    await notBlank(page);
  }
  await page.reload();
  await notBlank(page);
  // The rows' incident came back; none of the bad files became it.
  await expect(page.getByTestId('import-recovery')).toHaveCount(0);
  await expect(page.getByTestId('incident-load-error')).toHaveCount(0);
});

/** Puts `json` in the web build's autosave store as the current incident (what an older build left). */
async function seedAutosave(page: Page, id: string, json: string) {
  await page.evaluate(
    ({ id, json }) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('pmwb', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('incidents');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('incidents', 'readwrite');
          tx.objectStore('incidents').put({ json, title: 'old autosave', savedAt: Date.now() }, id);
          tx.oncomplete = () => {
            localStorage.setItem('pmwb.currentIncident', id);
            open.result.close();
            done();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    { id, json },
  );
}

test('an autosave an older build kept with a bad zone opens in the recovery view on every reload until discarded', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  const doc = { ...incidentDoc('old-zone'), timeZone: 'Nowhere/Land' };
  await seedAutosave(page, 'old-zone', JSON.stringify(doc));
  for (let i = 0; i < 2; i++) {
    await page.reload();
    const view = page.getByTestId('incident-load-error');
    await expect(view).toBeVisible();
    await expect(view.getByTestId('recovery-issue').locator('code')).toHaveText('timeZone');
    await expect(view).toContainText('No backup is available.');
  }
  await page.getByTestId('recovery-discard').click();
  await expect(page.getByTestId('incident-load-error')).toHaveCount(0);
  await expect(page.getByTestId('workspace')).toBeVisible();
  await page.reload();
  await notBlank(page);
  await expect(page.getByTestId('incident-load-error')).toHaveCount(0);
});

test('an edit made right before the tab closes is there when it is reopened', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/');
  const file = join(dir, 'close-tab.pmwb');
  writeFileSync(file, JSON.stringify(incidentDoc('close-tab')));
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const form = page.getByTestId('add-event');
  await form.getByTestId('event-label').fill('edited at the last moment');
  await form.getByTestId('event-submit').click();
  // Closed well within the 0.5 s autosave delay (the form submit is synchronous to the store).
  const t0 = Date.now();
  await page.close();
  expect(Date.now() - t0).toBeLessThan(100 + 400);
  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByTestId('timeline-view')).toBeVisible();
  await expect(again.locator('[data-testid="timeline-event"][data-source="user"]')).toContainText(
    'edited at the last moment',
  );
  // It is in IndexedDB by now (written on close, or again on this start), so the journal goes away.
  await expect.poll(() => again.evaluate(() => localStorage.getItem('pmwb.unsaved.close-tab'))).toBeNull();
});

test('an incident whose anchor puts its times past the date range is refused on import (it used to blank the views)', async ({
  page,
}) => {
  const inc = goIncident();
  for (const a of inc.artifacts)
    a.timeAnchor = { ...a.timeAnchor, kind: 'relative', processStartMs: 8.64e15 };
  const file = join(dir, 'edge.pmwb');
  writeFileSync(file, serializeIncident(inc));
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(file);
  const view = page.getByTestId('import-recovery');
  await expect(view.getByTestId('recovery-issue').first().locator('code')).toHaveText(
    /^artifacts\[\d+\]\.timeAnchor\.processStartMs$/,
  );
});

test('a view that throws shows its error in place with Retry; the rest of the app keeps working', async ({
  page,
}) => {
  // Fault injection from the test: time formatting throws while the flag is set, as it did for
  // out-of-range times ("Invalid time value").
  await page.addInitScript(() => {
    const w = window as unknown as { __pmwbFail?: boolean };
    const real = Intl.DateTimeFormat.prototype.formatToParts;
    Intl.DateTimeFormat.prototype.formatToParts = function (this: Intl.DateTimeFormat, d?: Date | number) {
      if (w.__pmwbFail) throw new RangeError('Invalid time value');
      return real.call(this, d);
    };
  });
  const file = join(dir, 'boundary.pmwb');
  writeFileSync(file, serializeIncident(goIncident()));
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await page.getByTestId('tab-checklist').click();
  await expect(page.getByTestId('checklist-view')).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __pmwbFail?: boolean }).__pmwbFail = true;
  });
  await page.getByTestId('tab-timeline').click();
  const failed = page.locator('[data-testid="view-error"][data-view="timeline"]');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('Invalid time value');
  // Not blank: the tabs still switch.
  await expect(page.getByTestId('tab-checklist')).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __pmwbFail?: boolean }).__pmwbFail = false;
  });
  await failed.getByTestId('view-retry').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await expect(failed).toHaveCount(0);
});
