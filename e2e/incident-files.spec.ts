import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { openSampleIncident, SAMPLES, storedIncidentJson } from './helpers.ts';

interface Manifest {
  title: string;
  artifacts: {
    file: string;
    kind: string;
    capturedAt?: string;
    sha256: string;
    bytes: number;
    phase?: number;
    format?: string;
  }[];
  facts: {
    functions: Record<string, string>;
    phases: { phase: number; leakedExportWorkers: number; totalGoroutines: number }[];
  };
}
const manifest = JSON.parse(readFileSync(resolve(SAMPLES, 'go-leak', 'manifest.json'), 'utf8')) as Manifest;
// The bundled sample carries the debug=2 goroutine dumps (full stacks).
const dumps = manifest.artifacts.filter((a) => a.kind === 'goroutine-dump' && a.format === 'debug=2');
const firstDump = dumps.find((a) => a.phase === 1) ?? dumps[0];
const firstDumpName = firstDump.file.split('/').pop()!;
const firstDumpPath = resolve(SAMPLES, 'go-leak', firstDump.file);
const firstPhase = manifest.facts.phases.find((p) => p.phase === (firstDump.phase ?? 1))!;

/** Opens the bundled sample incident and waits until every artifact is read and registered. */
async function openSample(page: Page): Promise<void> {
  await openSampleIncident(page);
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await expect(page.locator('[data-testid="timeline-event"][data-kind="goroutine-dump"]')).toHaveCount(
    dumps.length,
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
}

/** The event row of the first goroutine dump (its label names the file). */
function dumpEvent(page: Page) {
  return page
    .locator('[data-testid="timeline-event"][data-kind="goroutine-dump"]')
    .filter({ hasText: firstDumpName });
}

test('reopened incident: artifacts listed as not loaded with their summaries; Locate… brings the view back', async ({
  page,
}) => {
  await openSample(page);
  const analysed = await page.locator('[data-testid="artifact-row"]:not([data-format="binary"])').count();
  await page.reload();
  await expect(page.getByTestId('restored-banner')).toBeVisible();

  // Nothing is loaded in this session: every incident artifact is listed with its summary.
  const listed = page.getByTestId('incident-artifact');
  await expect(page.getByTestId('artifact-row')).toHaveCount(0);
  expect(await listed.count()).toBeGreaterThanOrEqual(dumps.length);
  expect(await listed.count()).toBeLessThanOrEqual(analysed);
  const row = listed.filter({ hasText: firstDumpName });
  await expect(row).toHaveAttribute('data-state', 'not-loaded');
  await expect(row.getByTestId('not-loaded-note')).toContainText('not loaded — summary from 20');
  await expect(row).toContainText('Goroutine dump');
  // The key numbers come from the saved summary: the goroutine total of that dump (manifest fact).
  await expect(row.getByTestId('artifact-summary')).toContainText(`${firstPhase.totalGoroutines} goroutines`);
  await expect(row.getByTestId('artifact-summary')).toContainText(/\d+ groups/);
  const notLoadedBefore = await listed.count();

  // Locate… opens the picker; the chosen file is hashed and matches the saved SHA-256.
  const chooser = page.waitForEvent('filechooser');
  await row.getByTestId('locate-artifact').click();
  await (await chooser).setFiles(firstDumpPath);
  const loaded = page.getByTestId('artifact-row').filter({ hasText: firstDumpName });
  await expect(loaded).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(listed.filter({ hasText: firstDumpName })).toHaveCount(0);
  await page.getByTestId('tab-artifacts').click();
  await loaded.locator('.artifact-main').click();
  const view = page.getByTestId('artifact-view');
  await expect(view).toContainText(firstDumpName);
  // The interactive goroutine view works again: the leak suspect with the manifest's count.
  const suspect = view.getByTestId('goroutine-suspect').first();
  await expect(suspect).toContainText(manifest.facts.functions.leakedWorker);
  await expect(suspect).toContainText(`${firstPhase.leakedExportWorkers} goroutines`);
  // Same bytes, same incident artifact: one fewer not-loaded row, none added.
  await expect(listed).toHaveCount(notLoadedBefore - 1);
});

test('locating a different file says so; rejecting keeps the saved artifact', async ({ page }) => {
  await openSample(page);
  await page.reload();
  const row = page.getByTestId('incident-artifact').filter({ hasText: firstDumpName });
  await expect(row).toBeVisible();
  // A file with other bytes than the one analysed.
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-locate-'));
  const other = join(dir, firstDumpName);
  const bytes = readFileSync(firstDumpPath);
  writeFileSync(other, Buffer.concat([bytes, Buffer.from('\n')]));
  const otherSha = createHash('sha256').update(readFileSync(other)).digest('hex');
  const chooser = page.waitForEvent('filechooser');
  await row.getByTestId('locate-artifact').click();
  await (await chooser).setFiles(other);
  const differs = row.getByTestId('hash-differs');
  await expect(differs).toBeVisible();
  await expect(differs).toContainText(otherSha.slice(0, 12));
  await expect(differs).toContainText(firstDump.sha256.slice(0, 12));
  await row.getByTestId('reject-different').click();
  await expect(differs).toHaveCount(0);
  await expect(page.getByTestId('artifact-row')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-state', 'not-loaded');

  // Located again and kept: the file takes that artifact's place (its hash and summary), nothing is added.
  const notLoaded = await page.getByTestId('incident-artifact').count();
  const again = page.waitForEvent('filechooser');
  await row.getByTestId('locate-artifact').click();
  await (await again).setFiles(other);
  await row.getByTestId('keep-different').click();
  const loaded = page.getByTestId('artifact-row').filter({ hasText: firstDumpName });
  await expect(loaded).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('incident-artifact')).toHaveCount(notLoaded - 1);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const saved = JSON.parse(await storedIncidentJson(page)) as {
    artifacts: { sha256: string; name: string }[];
  };
  expect(saved.artifacts.map((a) => a.sha256)).toContain(otherSha);
  expect(saved.artifacts.map((a) => a.sha256)).not.toContain(firstDump.sha256);
  expect(saved.artifacts).toHaveLength(notLoaded);
});

test('changing an anchor moves that artifact’s event on the timeline', async ({ page }) => {
  await openSample(page);
  await page.getByTestId('tz-utc').click();
  const ev = dumpEvent(page);
  await expect(ev).toHaveCount(1);
  const before = (await ev.locator('.inc-event-time').textContent()) ?? '';
  expect(before).toContain(firstDump.capturedAt!.slice(0, 10));

  const anchor = page.getByTestId('anchor-row').filter({ hasText: firstDumpName });
  await expect(anchor.getByTestId('anchor-state')).toContainText('captured at');
  await expect(anchor.getByTestId('anchor-zone')).toHaveValue('UTC');
  await anchor.getByTestId('anchor-input').fill('2026-11-27 21:00:05');
  await anchor.getByTestId('anchor-set').click();
  await expect(ev.locator('.inc-event-time')).toContainText('21:00:05');
  await expect(ev.locator('.inc-event-time')).not.toHaveText(before);
  await expect(
    page.getByTestId('anchor-row').filter({ hasText: firstDumpName }).getByTestId('anchor-state'),
  ).toContainText('set by you');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  // In the incident's own zone: Asia/Shanghai is UTC+8, so 06:30 there is 22:30 UTC the day before.
  await page.getByTestId('incident-timezone').fill('Asia/Shanghai');
  const row2 = page.getByTestId('anchor-row').filter({ hasText: firstDumpName });
  await expect(row2.getByTestId('anchor-zone')).toHaveValue('Asia/Shanghai');
  await expect(row2.getByTestId('anchor-input')).toHaveValue('2026-11-28 05:00:05');
  await row2.getByTestId('anchor-input').fill('2026-11-28 06:30');
  await row2.getByTestId('anchor-set').click();
  await expect(ev.locator('.inc-event-time')).toContainText('2026-11-27 22:30:00');

  // The moved anchor survives a reload.
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.reload();
  await expect(dumpEvent(page).locator('.inc-event-time')).toContainText('22:30:00');
});

test('incident header: title, service, severity, status, start/end and zone are autosaved', async ({
  page,
}) => {
  await openSample(page);
  await page.getByTestId('incident-title').fill('Order service OOM — review');
  await page.getByTestId('incident-service').fill('orders-api');
  await page.getByTestId('incident-severity').selectOption('Sev-1');
  await page.getByTestId('incident-status').selectOption('mitigated');
  await page.getByTestId('incident-timezone').fill('Mars/Olympus');
  await expect(page.getByTestId('timezone-error')).toBeVisible();
  await page.getByTestId('incident-timezone').fill('Europe/Berlin');
  await expect(page.getByTestId('timezone-error')).toHaveCount(0);
  await page.getByTestId('incident-start').fill('2026-11-27 23:40');
  await page.getByTestId('incident-start').press('Enter');
  await page.getByTestId('incident-end').fill('2026-11-28 00:10:00');
  await page.getByTestId('incident-end').press('Enter');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.reload();
  await expect(page.getByTestId('incident-title')).toHaveValue('Order service OOM — review');
  await expect(page.getByTestId('incident-service')).toHaveValue('orders-api');
  await expect(page.getByTestId('incident-severity')).toHaveValue('Sev-1');
  await expect(page.getByTestId('incident-status')).toHaveValue('mitigated');
  await expect(page.getByTestId('incident-timezone')).toHaveValue('Europe/Berlin');
  await expect(page.getByTestId('incident-start')).toHaveValue('2026-11-27 23:40:00');
  await expect(page.getByTestId('incident-end')).toHaveValue('2026-11-28 00:10:00');
  // Stored as instants: 23:40 in Berlin (UTC+1 in November) is 22:40 UTC.
  const json = await storedIncidentJson(page);
  const saved = JSON.parse(json) as { startMs: number; endMs: number; severity: string };
  expect(saved.startMs).toBe(Date.parse('2026-11-27T22:40:00Z'));
  expect(saved.endMs).toBe(Date.parse('2026-11-27T23:10:00Z'));
  expect(saved.severity).toBe('Sev-1');
});

test('export the incident file, import it in a fresh context; a corrupt or newer file changes nothing', async ({
  page,
  browser,
}) => {
  await openSample(page);
  await page.getByTestId('incident-title').fill('Leak review / export test');
  const form = page.getByTestId('add-event');
  await form.getByTestId('event-label').fill('Exported event');
  await form.getByTestId('event-submit').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-incident').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Leak review export test.pmwb');
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-export-'));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    schema: string;
    title: string;
    artifacts: { sha256: string }[];
    events: { label: string }[];
  };
  expect(doc.schema).toBe('pmwb.incident');
  expect(doc.title).toBe('Leak review / export test');
  expect(doc.events.map((e) => e.label)).toContain('Exported event');
  expect(doc.artifacts.map((a) => a.sha256)).toContain(firstDump.sha256);
  const eventCount = await page.getByTestId('timeline-event').count();

  // A fresh context (no IndexedDB, no localStorage): import needs a workspace, so open one file first.
  const ctx = await browser.newContext();
  const fresh = await ctx.newPage();
  await fresh.goto('/');
  await fresh.getByTestId('file-input').setInputFiles(firstDumpPath);
  await expect(fresh.getByTestId('artifact-row')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await fresh.getByTestId('tab-timeline').click();

  // Corrupt, newer-version and invalid files: the structured error, and the workspace stays as it was.
  const titleBefore = await fresh.getByTestId('incident-title').inputValue();
  const bad = join(dir, 'corrupt.pmwb');
  writeFileSync(bad, readFileSync(file, 'utf8').slice(0, 200));
  await fresh.getByTestId('import-incident').setInputFiles(bad);
  await expect(fresh.getByTestId('import-error')).toHaveAttribute('data-code', 'corrupt');
  await expect(fresh.getByTestId('import-error')).toContainText('damaged');
  await expect(fresh.getByTestId('incident-title')).toHaveValue(titleBefore);
  const newer = join(dir, 'newer.pmwb');
  writeFileSync(newer, JSON.stringify({ ...doc, version: 99 }));
  await fresh.getByTestId('import-incident').setInputFiles(newer);
  await expect(fresh.getByTestId('import-error')).toHaveAttribute('data-code', 'newer-version');
  await expect(fresh.getByTestId('import-error')).toContainText('newer');
  const invalid = join(dir, 'invalid.pmwb');
  writeFileSync(invalid, JSON.stringify({ ...doc, severity: 'Sev-9' }));
  await fresh.getByTestId('import-incident').setInputFiles(invalid);
  await expect(fresh.getByTestId('import-error')).toHaveAttribute('data-code', 'invalid');
  await expect(fresh.getByTestId('import-error')).toContainText('severity');
  await expect(fresh.getByTestId('incident-title')).toHaveValue(titleBefore);

  await fresh.getByTestId('import-incident').setInputFiles(file);
  await expect(fresh.getByTestId('import-error')).toHaveCount(0);
  await expect(fresh.getByTestId('incident-title')).toHaveValue('Leak review / export test');
  await expect(fresh.locator('[data-testid="timeline-event"][data-source="user"]')).toContainText(
    'Exported event',
  );
  await expect(fresh.getByTestId('timeline-event')).toHaveCount(eventCount);
  // The imported incident's other artifacts are listed as not loaded; the one open here is linked.
  await expect(fresh.getByTestId('incident-artifact').filter({ hasText: firstDumpName })).toHaveCount(0);
  expect(await fresh.getByTestId('incident-artifact').count()).toBeGreaterThan(0);
  // And it is autosaved: a reload brings it back.
  await expect(fresh.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await fresh.reload();
  await expect(fresh.getByTestId('incident-title')).toHaveValue('Leak review / export test');
  await ctx.close();

  // From the welcome screen: a .pmwb opened like any file is imported as the incident.
  const ctx2 = await browser.newContext();
  const welcome = await ctx2.newPage();
  await welcome.goto('/');
  await expect(welcome.getByTestId('welcome')).toBeVisible();
  await welcome.getByTestId('file-input').setInputFiles(bad);
  const badRow = welcome.getByTestId('artifact-row');
  await expect(badRow.getByTestId('artifact-error')).toContainText('damaged');
  await welcome.getByTestId('file-input').setInputFiles(file);
  await expect(welcome.getByTestId('timeline-view')).toBeVisible();
  await expect(welcome.getByTestId('incident-title')).toHaveValue('Leak review / export test');
  await expect(welcome.locator('[data-testid="timeline-event"][data-source="user"]')).toContainText(
    'Exported event',
  );
  // Its row went away; the damaged file's row still says why it was not imported.
  await expect(welcome.getByTestId('artifact-row')).toHaveCount(1);
  await expect(welcome.getByTestId('incident-artifact')).toHaveCount(doc.artifacts.length);
  await ctx2.close();
});

/**
 * The desktop paths, in Chromium: a stand-in for the preload's HostApi (`window.pmwbHost`, kind
 * 'electron') over an in-memory file system. Reading is refused for paths the "main process" has not
 * granted (returned by the open "dialog"), as in Electron; saved paths are probed without a grant.
 */
function fakeDesktopHost(files: { path: string; b64: string; lastModified: number }[]) {
  const fs = new Map<string, { bytes: Uint8Array; lastModified: number }>();
  for (const f of files) {
    fs.set(f.path, {
      bytes: Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)),
      lastModified: f.lastModified,
    });
  }
  for (const p of JSON.parse(localStorage.getItem('fake-gone') ?? '[]') as string[]) fs.delete(p);
  const granted = new Set<string>();
  const statFile = (path: string) => {
    const f = fs.get(path);
    if (!f) return undefined;
    const name = path.split('/').pop()!;
    // Also a File: the engine's by-path reader (`SourceSpec` 'remote') cannot cross to the worker yet
    // (comlink proxies only top-level arguments), so parsing reads the File; what is under test here
    // — probing the saved path, Reopen, "missing", Locate…, the new path — goes through the host.
    const file = new File([f.bytes as BlobPart], name, { lastModified: f.lastModified });
    return { name, size: f.bytes.length, lastModified: f.lastModified, path, file };
  };
  const grant = (paths: string[]) =>
    paths.flatMap((p) => {
      const d = statFile(p);
      if (d) granted.add(p);
      return d ? [d] : [];
    });
  (window as unknown as { pmwbHost: unknown }).pmwbHost = {
    kind: 'electron',
    // The "dialog" returns what the test put in fake-pick, else the file it was opened at (Reopen…).
    openFiles: async (options?: { defaultPath?: string }) => {
      const pick = JSON.parse(localStorage.getItem('fake-pick') ?? '[]') as string[];
      return grant(options?.defaultPath ? [options.defaultPath] : pick);
    },
    openFolder: async () => [],
    readFile: async (path: string, offset: number, length: number) => {
      if (!granted.has(path)) throw new Error(`refused: ${path} was not opened by the user`);
      const f = fs.get(path);
      if (!f) throw new Error(`ENOENT: ${path}`);
      return f.bytes.slice(offset, offset + length);
    },
    exportFiles: async () => true,
    saveIncident: async (id: string, title: string, json: string) => {
      const prev = localStorage.getItem(`fake-inc-${id}`);
      const backupJson = prev ? (JSON.parse(prev) as { json: string }).json : undefined;
      localStorage.setItem(
        `fake-inc-${id}`,
        JSON.stringify({ json, backupJson, title, savedAt: Date.now() }),
      );
    },
    loadIncident: async (id: string) => {
      const r = localStorage.getItem(`fake-inc-${id}`);
      return r ? (JSON.parse(r) as { json: string }) : undefined;
    },
    recentIncidents: async () => [],
    onMenuCommand: () => () => {},
    onOpenFiles: () => () => {},
    openDropped: async () => [],
    // Saved paths are only probed: nothing is granted until a dialog returns the file.
    probePaths: async (paths: string[]) =>
      paths.map((p) => (fs.has(p) ? { exists: true, size: fs.get(p)!.bytes.length } : { exists: false })),
    onFlushRequest: () => () => {},
    setPresentation: async () => {},
  };
}

test('desktop host: a file still at its path is reopened by path; a gone one is "missing" and located', async ({
  page,
}) => {
  const second = dumps.find((a) => a.phase === 2) ?? dumps[1];
  const secondName = second.file.split('/').pop()!;
  const b64 = (p: string) => readFileSync(resolve(SAMPLES, 'go-leak', p)).toString('base64');
  const at = (a: { capturedAt?: string }) => Date.parse(a.capturedAt ?? '2026-01-01T00:00:00Z');
  const first = `/srv/incident/${firstDumpName}`;
  const gone = `/srv/incident/${secondName}`;
  const moved = `/home/me/moved/${secondName}`;
  await page.addInitScript(fakeDesktopHost, [
    { path: first, b64: b64(firstDump.file), lastModified: at(firstDump) },
    { path: gone, b64: b64(second.file), lastModified: at(second) },
    { path: moved, b64: b64(second.file), lastModified: at(second) },
  ]);
  await page.goto('/');
  await page.evaluate((paths) => localStorage.setItem('fake-pick', JSON.stringify(paths)), [first, gone]);
  await page
    .getByTestId('welcome')
    .getByRole('button', { name: /Open files/ })
    .click();
  const rows = page.getByTestId('artifact-row');
  await expect(rows).toHaveCount(2);
  for (const r of await rows.all())
    await expect(r).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('anchor-row')).toHaveCount(2);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  // Restart with the second file gone from its path.
  await page.evaluate((p) => localStorage.setItem('fake-gone', JSON.stringify([p])), gone);
  await page.reload();
  await expect(page.getByTestId('restored-banner')).toBeVisible();
  await expect(rows).toHaveCount(0);
  const still = page.getByTestId('incident-artifact').filter({ hasText: firstDumpName });
  const missing = page.getByTestId('incident-artifact').filter({ hasText: secondName });
  await expect(still.getByTestId('reopen-artifact')).toBeVisible();
  await expect(still).toHaveAttribute('data-state', 'not-loaded');
  await expect(missing).toHaveAttribute('data-state', 'missing');
  await expect(missing.getByTestId('not-loaded-note')).toContainText('missing from its saved path');
  await expect(missing.getByTestId('reopen-artifact')).toHaveCount(0);

  // Reopen by path: read through the host again, same SHA-256, the full view is back.
  await still.getByTestId('reopen-artifact').click();
  const back = rows.filter({ hasText: firstDumpName });
  await expect(back).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('tab-artifacts').click();
  await back.locator('.artifact-main').click();
  await expect(page.getByTestId('artifact-view').getByTestId('goroutine-suspect').first()).toContainText(
    manifest.facts.functions.leakedWorker,
  );

  // Locate… the missing one where it moved to (the picker is the host's openFiles).
  await page.evaluate((p) => localStorage.setItem('fake-pick', JSON.stringify([p])), moved);
  await missing.getByTestId('locate-artifact').click();
  await expect(rows.filter({ hasText: secondName })).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('incident-artifact')).toHaveCount(0);
  // The incident now knows the new path.
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const id = await page.evaluate(() => localStorage.getItem('pmwb.currentIncident'));
  const saved = await page.evaluate((k) => localStorage.getItem(`fake-inc-${k}`), id);
  const doc = JSON.parse((JSON.parse(saved ?? '{}') as { json: string }).json) as {
    artifacts: { path: string; sha256: string }[];
  };
  expect(doc.artifacts.find((a) => a.sha256 === second.sha256)?.path).toBe(moved);
  expect(doc.artifacts).toHaveLength(2);
});

test('a dump without a time in it is placed at its file date, marked assumed, until someone sets it', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(firstDumpPath);
  await expect(page.getByTestId('artifact-row')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('tab-timeline').click();
  const anchor = page.getByTestId('anchor-row').filter({ hasText: firstDumpName });
  await expect(anchor).toHaveAttribute('data-kind', 'assumed');
  await expect(anchor.getByTestId('anchor-assumed')).toHaveText('assumed');
  await expect(anchor.getByTestId('anchor-state')).toContainText('file modification time');
  const ev = dumpEvent(page);
  await expect(ev.locator('.inc-event-time')).toContainText('*');
  // The file date Playwright gave the upload is the file's own modification time.
  const { mtimeMs } = statSync(firstDumpPath);
  await expect(anchor.getByTestId('anchor-state')).toContainText(
    new Date(Math.floor(mtimeMs)).toISOString().slice(0, 16).replace('T', ' '),
  );

  await anchor.getByTestId('anchor-input').fill('2026-11-27 22:40:10.734');
  await anchor.getByTestId('anchor-set').click();
  const set = page.getByTestId('anchor-row').filter({ hasText: firstDumpName });
  await expect(set).toHaveAttribute('data-kind', 'absolute');
  await expect(set.getByTestId('anchor-assumed')).toHaveCount(0);
  await expect(ev.locator('.inc-event-time')).toHaveText('2026-11-27 22:40:10 UTC');
});
