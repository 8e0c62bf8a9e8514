import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { openSampleIncident, SAMPLES, storedIncidentJson } from './helpers.ts';

interface Manifest {
  artifacts: { file: string; kind: string; capturedAt?: string; format?: string }[];
}
const manifest = JSON.parse(readFileSync(resolve(SAMPLES, 'go-leak', 'manifest.json'), 'utf8')) as Manifest;

/** Opens the bundled sample incident and waits until every artifact is read and registered. */
async function openSample(page: Page): Promise<void> {
  await openSampleIncident(page);
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  // Every goroutine dump of the sample (it bundles the debug=2 ones) appears on the timeline once
  // it is hashed and registered.
  const dumps = manifest.artifacts.filter(
    (a) => a.kind === 'goroutine-dump' && a.format === 'debug=2',
  ).length;
  await expect(
    page.locator(
      '[data-testid="timeline-event"][data-kind="goroutine-dump"], [data-testid="timeline-event"][data-kind="crash"]',
    ),
  ).toHaveCount(dumps + manifest.artifacts.filter((a) => a.kind === 'crash-traceback').length, {
    timeout: 30_000,
  });
}

test('sample incident: add an event, reload, it is restored', async ({ page }) => {
  await openSample(page);
  const form = page.getByTestId('add-event');
  await page.getByTestId('tz-utc').click();
  const at =
    manifest.artifacts.find((a) => a.kind === 'goroutine-dump')?.capturedAt ?? '2026-01-01T00:00:00Z';
  await form.getByTestId('event-time').fill(at.slice(0, 19).replace('T', ' '));
  await form.getByTestId('event-kind').selectOption('deploy');
  await form.getByTestId('event-label').fill('Deploy v2.3.1 | with <b>pipes</b>');
  await form.getByTestId('event-severity').selectOption('warning');
  await form.getByTestId('event-submit').click();
  const mine = page.locator('[data-testid="timeline-event"][data-source="user"]');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('Deploy v2.3.1 | with <b>pipes</b>');
  await expect(mine).toContainText(at.slice(0, 10));
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  await page.reload();
  await expect(page.getByTestId('restored-banner')).toBeVisible();
  await expect(page.getByTestId('restored-banner')).toContainText('Restored autosave from');
  await expect(page.locator('[data-testid="timeline-event"][data-source="user"]')).toContainText(
    'Deploy v2.3.1 | with <b>pipes</b>',
  );
  // The analysis summaries came back with the incident: the dumps are still on the timeline.
  await expect(
    page.locator('[data-testid="timeline-event"][data-kind="goroutine-dump"]').first(),
  ).toBeVisible();
});

test('timeline: brush zoom and the state at a moment', async ({ page }) => {
  await openSample(page);
  const range = page.getByTestId('timeline-range');
  const from0 = Number(await range.getAttribute('data-from'));
  const to0 = Number(await range.getAttribute('data-to'));
  expect(to0).toBeGreaterThan(from0);

  // Drag the brush's left traveller to the middle.
  const brush = page.getByTestId('timeline-brush');
  const traveller = brush.locator('.time-brush-traveller').first();
  await brush.scrollIntoViewIfNeeded();
  const tb = await traveller.boundingBox();
  const bb = await brush.boundingBox();
  if (!tb || !bb) throw new Error('brush not laid out');
  await page.mouse.move(tb.x + tb.width / 2, tb.y + tb.height / 2);
  await page.mouse.down();
  await page.mouse.move(bb.x + bb.width / 2, tb.y + tb.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('reset-zoom')).toBeVisible();
  const from1 = Number(await range.getAttribute('data-from'));
  const to1 = Number(await range.getAttribute('data-to'));
  expect(from1).toBeGreaterThan(from0);
  expect(to1 - from1).toBeLessThan(to0 - from0);
  await page.getByTestId('reset-zoom').click();
  await expect(range).toHaveAttribute('data-from', String(from0));

  // The projected OOM (minutes after seconds of evidence) is outside the default view, which
  // ends with the evidence; the toggle brings it in and takes it out again.
  const lastCapture = Math.max(...manifest.artifacts.map((a) => Date.parse(a.capturedAt ?? '') || 0));
  expect(to0).toBeLessThanOrEqual(lastCapture + 60_000);
  const toggle = page.getByTestId('toggle-projection');
  await expect(toggle).toContainText('projected OOM');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const toProjected = Number(await range.getAttribute('data-to'));
  expect(toProjected).toBeGreaterThan(to0 + 60_000);
  await toggle.click();
  await expect(range).toHaveAttribute('data-to', String(to0));

  // Click the heap lane: the state panel shows the GC state at the moment clicked.
  const grid = page.getByTestId('lane-heap').locator('.lane-plot').first();
  const gb = await grid.boundingBox();
  if (!gb) throw new Error('heap lane not laid out');
  const dumps = manifest.artifacts.filter(
    (a) => a.kind === 'goroutine-dump' && a.format === 'debug=2' && a.capturedAt,
  );
  const target = Date.parse(dumps[1]?.capturedAt ?? '') + 500;
  expect(Number.isFinite(target)).toBe(true);
  await page.mouse.click(gb.x + ((target - from0) / (to0 - from0)) * gb.width, gb.y + gb.height / 2);
  const panel = page.getByTestId('state-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('state-gc')).toContainText('live');
  await expect(panel.getByTestId('state-heap')).toContainText('iB');
  await expect(panel.getByTestId('state-goroutines')).not.toHaveText('—');

  // Selecting the second dump's moment from the event list: the dumps around it are named.
  const second = dumps[1].file.split('/').pop()!;
  await page
    .locator('[data-testid="timeline-event"][data-kind="goroutine-dump"]')
    .filter({ hasText: second })
    .locator('.inc-event-main')
    .click();
  await expect(panel).toContainText(new Date(Date.parse(dumps[1].capturedAt!)).toISOString().slice(11, 19));
  await expect(panel.getByTestId('state-dump-before')).not.toHaveText('—');
  await expect(panel.getByTestId('state-dump-after')).not.toHaveText('—');
  await expect(panel.getByTestId('state-goroutines')).not.toHaveText('—');
});

test('a damaged autosave shows the structured error and offers the backup', async ({ page }) => {
  await openSample(page);
  const form = page.getByTestId('add-event');
  for (const label of ['first edit', 'second edit']) {
    await form.getByTestId('event-label').fill(label);
    await form.getByTestId('event-submit').click();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  }
  // Damage the stored copy (the previous save stays as its backup).
  const id = await page.evaluate(() => localStorage.getItem('pmwb.currentIncident'));
  expect(id).toBeTruthy();
  await page.evaluate(
    (key) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('pmwb');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('incidents', 'readwrite');
          const store = tx.objectStore('incidents');
          const get = store.get(key as string);
          get.onsuccess = () => {
            store.put({ ...get.result, json: '{"schema":"pmwb.incident", broken' }, key as string);
          };
          tx.oncomplete = () => done();
          tx.onerror = () => fail(tx.error);
        };
      }),
    id,
  );
  await page.reload();
  const error = page.getByTestId('incident-load-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('damaged');
  // Nothing is overwritten while the user decides.
  const stored = await storedIncidentJson(page, id);
  expect(stored).toContain('broken');
  await page.getByTestId('use-backup').click();
  await expect(page.getByTestId('restored-banner')).toBeVisible();
  const mine = page.locator('[data-testid="timeline-event"][data-source="user"]');
  await expect(mine).toContainText('first edit');
});
