import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn(async (..._args: unknown[]) => [] as unknown);
const on = vi.fn();
const exposed: Record<string, unknown> = {};
/** Chromium's answer: a path only for File objects that came from the OS (drop, picker). */
const osPaths = new WeakMap<File, string>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
  ipcRenderer: { invoke, on, removeListener: vi.fn() },
  webUtils: { getPathForFile: (f: File) => osPaths.get(f) ?? '' },
}));

const { api } = await import('./preload.ts');
const { CHANNELS } = await import('../contract/host-api.ts');

beforeEach(() => invoke.mockClear());

describe('preload: the renderer cannot grant a path by naming it', () => {
  it('exposes no call that takes a path to grant', () => {
    expect(exposed.pmwbHost).toBe(api);
    expect(Object.keys(api)).not.toContain('pathForFile');
    expect(Object.keys(api)).not.toContain('allowPaths');
  });

  it('turns dropped File objects into paths with webUtils; a File the page made gets nothing', async () => {
    const dropped = new File(['x'], 'heap.bin');
    osPaths.set(dropped, '/home/me/heap.bin');
    const forged = new File(['x'], '/etc/passwd');
    await api.openDropped([dropped, forged]);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith(CHANNELS.allowDropped, ['/home/me/heap.bin']);
    invoke.mockClear();
    // Strings or objects posing as files are ignored.
    await api.openDropped(['/etc/passwd', { name: 'x' }] as unknown as File[]);
    await api.openDropped([forged]);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('probes saved paths on their own channel and answers a flush request when the write is done', async () => {
    await api.probePaths(['/srv/heap.bin']);
    expect(invoke).toHaveBeenCalledWith(CHANNELS.probePaths, ['/srv/heap.bin']);
    let release!: () => void;
    const flushed = new Promise<void>((r) => (release = r));
    api.onFlushRequest(() => flushed);
    const handler = on.mock.calls.find((c) => c[0] === CHANNELS.flushRequest)![1] as (
      e: unknown,
      id: number,
    ) => void;
    invoke.mockClear();
    handler({}, 7);
    await Promise.resolve();
    expect(invoke).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(invoke).toHaveBeenCalledWith(CHANNELS.flushDone, 7));
  });
});
