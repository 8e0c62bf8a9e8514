import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_HEADERS, appProtocolHandler } from './app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { createQuitFlush } from './quit-flush.ts';

vi.mock('electron', () => ({}));

const root = join(__dirname, '..');

describe('electron-builder fuses', () => {
  /** The `electronFuses:` block of electron-builder.yml as key → value. */
  function fuses(): Record<string, string> {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8').split('\n');
    const start = yml.findIndex((l) => /^electronFuses:\s*$/.test(l));
    expect(start).toBeGreaterThanOrEqual(0);
    const out: Record<string, string> = {};
    for (const line of yml.slice(start + 1)) {
      const m = /^\s+([A-Za-z]+):\s*(\S+)\s*$/.exec(line);
      if (!m) break;
      out[m[1]] = m[2];
    }
    return out;
  }
  it('are set as the security checklist asks', () => {
    expect(fuses()).toMatchObject({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
    });
  });
  it('the app is packed into an asar (the integrity fuses need one)', () => {
    expect(readFileSync(join(root, 'electron-builder.yml'), 'utf8')).toMatch(/^asar: true$/m);
  });
  it('Electron is a supported major (upstream supports the latest three; 41 is out)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const major = Number(/\d+/.exec(pkg.devDependencies.electron)?.[0]);
    expect(major).toBeGreaterThanOrEqual(43);
  });
});

describe('pmwb:// protocol', () => {
  const files: Record<string, string> = { '/r/index.html': '<html></html>', '/r/assets/a.js': 'x' };
  const handler = appProtocolHandler('/r', async (p) => {
    if (!(p in files)) throw new Error('ENOENT');
    return new TextEncoder().encode(files[p]);
  });
  it('sends the CSP as a response header on pages, assets and errors', async () => {
    for (const url of ['pmwb://app/', 'pmwb://app/index.html', 'pmwb://app/assets/a.js', 'pmwb://app/nope']) {
      const r = await handler(new Request(url));
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const page = await handler(new Request('pmwb://app/index.html'));
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toBe('<html></html>');
    expect((await handler(new Request('pmwb://app/nope'))).status).toBe(404);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
    expect(APP_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });
  it('serves nothing outside the renderer folder', async () => {
    for (const url of [
      'pmwb://app/..%2F..%2Fetc%2Fpasswd',
      'pmwb://app/%2e%2e/secret',
      'pmwb://app/%E0%A4%A',
    ]) {
      const r = await handler(new Request(url));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

describe('before-quit waits for the last autosave', () => {
  function setup(answer: boolean) {
    const sent: number[] = [];
    const order: string[] = [];
    const qf = createQuitFlush({
      send: (id) => {
        sent.push(id);
        return answer;
      },
      quit: () => order.push('quit'),
      afterFlush: async () => {
        order.push('marker');
      },
      timeoutMs: 1000,
    });
    return { qf, sent, order };
  }
  it('holds the quit until the renderer says the write is done', async () => {
    vi.useFakeTimers();
    const { qf, sent, order } = setup(true);
    const e = { preventDefault: vi.fn() };
    qf.onBeforeQuit(e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(sent).toEqual([1]);
    qf.onBeforeQuit({ preventDefault: vi.fn() }); // a second Cmd+Q while waiting: still one request
    expect(sent).toEqual([1]);
    qf.done(99); // a stale answer does not release it
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual([]);
    qf.done(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['marker', 'quit']);
    const again = { preventDefault: vi.fn() };
    qf.onBeforeQuit(again); // the real quit goes through
    expect(again.preventDefault).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
  it('quits after the timeout when the renderer never answers, and at once without a window', async () => {
    vi.useFakeTimers();
    const hung = setup(true);
    hung.qf.onBeforeQuit({ preventDefault: vi.fn() });
    await vi.advanceTimersByTimeAsync(999);
    expect(hung.order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(hung.order).toEqual(['marker', 'quit']);
    const none = setup(false);
    none.qf.onBeforeQuit({ preventDefault: vi.fn() });
    await vi.advanceTimersByTimeAsync(0);
    expect(none.order).toEqual(['marker', 'quit']);
    vi.useRealTimers();
  });
});
