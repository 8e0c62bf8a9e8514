import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO } from './helpers.ts';

/** The Electron binary can't be downloaded on every machine; find one or say why we skip. */
function electronBinary(): { path?: string; reason?: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  // Where the electron package put its binary, read without `require('electron')`: since Electron 42
  // that call downloads a missing binary, which a machine without the network cannot do.
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt))
      return { reason: 'the electron package is installed without its binary (download skipped or failed)' };
    const p = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(p)
      ? { path: p }
      : { reason: `electron package present but its binary ${p} is missing` };
  } catch (e) {
    return { reason: `no Electron package: ${String(e)}` };
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
