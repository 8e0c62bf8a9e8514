import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO } from './helpers.ts';

/** The Electron binary can't be downloaded on every machine; find one or say why we skip. */
function electronBinary(): { path?: string; reason?: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  try {
    const require = createRequire(import.meta.url);
    const p = require('electron') as unknown as string;
    return existsSync(p)
      ? { path: p }
      : { reason: `electron package present but its binary ${p} is missing (download skipped)` };
  } catch (e) {
    return { reason: `no Electron binary: ${String(e)}` };
  }
}

const bin = electronBinary();

test('the desktop app starts with a secure window and shows the welcome screen', async () => {
  test.skip(!bin.path, bin.reason ?? 'no Electron binary');
  test.skip(!existsSync(join(REPO, 'out', 'electron', 'main.cjs')), 'run `npm run build` first');
  const app = await electron.launch({ executablePath: bin.path, args: [REPO] });
  const page = await app.firstWindow();
  await expect(page.getByTestId('welcome')).toBeVisible();
  // Sandboxed, isolated renderer: no Node globals, only the preload's HostApi.
  const globals = await page.evaluate(() => ({
    process: typeof (globalThis as { process?: unknown }).process,
    host: typeof (globalThis as { pmwbHost?: unknown }).pmwbHost,
  }));
  expect(globals).toEqual({ process: 'undefined', host: 'object' });
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});
