import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, hardenContents, isTrustedUrl, secureWindowOptions } from './security.ts';

vi.mock('electron', () => ({}));

describe('window options', () => {
  const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });
});

describe('trusted origin', () => {
  it('accepts only our app scheme', () => {
    expect(isTrustedUrl('pmwb://app/index.html')).toBe(true);
    expect(isTrustedUrl('https://example.com/')).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedUrl('pmwb://evil/index.html')).toBe(false);
    expect(isTrustedUrl('not a url')).toBe(false);
  });
});

describe('web contents hardening', () => {
  function fakeContents() {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    return {
      handlers,
      open: (url: string) => openHandler?.({ url }),
      on: (name: string, h: (event: { preventDefault: () => void }, url: string) => void) =>
        handlers.set(name, h),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => {
        openHandler = h;
      },
    };
  }
  it('denies navigation away from the app and every new window', () => {
    const c = fakeContents();
    hardenContents(c as unknown as Parameters<typeof hardenContents>[0]);
    const away = { preventDefault: vi.fn() };
    c.handlers.get('will-navigate')!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    c.handlers.get('will-navigate')!(inside, 'pmwb://app/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    c.handlers.get('will-redirect')!(redirect, 'http://127.0.0.1/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(c.handlers.has('will-attach-webview')).toBe(true);
    expect(c.open('https://example.com/')).toEqual({ action: 'deny' });
  });
  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof request) => {
        request = h;
      },
      setPermissionCheckHandler: (h: typeof check) => {
        check = h;
      },
    } as unknown as Parameters<typeof denyAllPermissions>[0]);
    const cb = vi.fn();
    request!(null, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(check!()).toBe(false);
  });
});
