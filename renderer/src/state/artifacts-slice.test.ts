import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { HostFile } from '../../../contract/host-api.ts';
import type { InspectResult } from '../../../contract/inspect.ts';
import { type ArtifactIo, ArtifactSession, createArtifactsSlice } from './artifacts-slice.ts';
import type { Store } from './store.ts';

/**
 * The artifacts slice over its own session, as `createAppStore` builds it (the UI slice needs a
 * window, so it stays out of this Node test).
 */
function createAppStore(io: ArtifactIo) {
  const session = new ArtifactSession(io);
  return create<Store>()((...a) => createArtifactsSlice(session)(...a) as unknown as Store);
}

/** Worker and host stand-ins that record what the store asked of them. */
function fakeIo() {
  const calls: string[] = [];
  let next = 0;
  const io: ArtifactIo = {
    async open(source, token) {
      calls.push(`open ${token} ${source.name}`);
      const result = { schema: 'pmwb.inspect/1', file: source.name, format: 'jstat' } as InspectResult;
      return { ok: true, id: `w${++next}`, result };
    },
    cancel: (token) => calls.push(`cancel ${token}`),
    close: (id) => calls.push(`close ${id}`),
    readFile: async () => new Uint8Array(4),
  };
  return { io, calls };
}

const file = (name: string, bytes: number[] = [1, 2, 3]): HostFile => {
  const f = new File([new Uint8Array(bytes)], name, { lastModified: 1 });
  return { name, size: f.size, lastModified: 1, file: f };
};

const settle = async (check: () => boolean) => {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
};

describe('artifact session per store', () => {
  it('two stores share no rows, keys, sources or service binaries', async () => {
    const a = fakeIo();
    const b = fakeIo();
    const one = createAppStore(a.io);
    const two = createAppStore(b.io);
    const [k1] = one.getState().addFiles([file('gc.log')]);
    // an ELF header: the service binary, kept per store
    const [kBin] = one.getState().addFiles([file('service', [0x7f, 0x45, 0x4c, 0x46])]);
    const [k2] = two.getState().addFiles([file('threads.txt')]);
    // keys are counted per store, so each store starts at k1
    expect(k1).toBe('k1');
    expect(k2).toBe('k1');
    expect(kBin).toBe('k2');
    await settle(() => one.getState().artifacts.every((x) => x.status === 'done'));
    await settle(() => two.getState().artifacts.every((x) => x.status === 'done'));
    expect(one.getState().artifacts.map((x) => [x.name, x.role ?? 'evidence'])).toEqual([
      ['gc.log', 'evidence'],
      ['service', 'binary'],
    ]);
    expect(two.getState().artifacts.map((x) => x.name)).toEqual(['threads.txt']);
    expect(one.getState().artifactSource('k1')?.name).toBe('gc.log');
    expect(two.getState().artifactSource('k1')?.name).toBe('threads.txt');
    expect(two.getState().artifactSource('k2')).toBeUndefined();
    // each store talked to its own I/O only
    expect(a.calls).toEqual(['open k1 gc.log']);
    expect(b.calls).toEqual(['open k1 threads.txt']);
    one.getState().remove('k1');
    expect(a.calls).toContain('close w1');
    expect(one.getState().artifactSource('k1')).toBeUndefined();
    expect(two.getState().artifactSource('k1')?.name).toBe('threads.txt');
  });

  it('a heap dump opened after a binary gets that store’s binary, not another store’s', async () => {
    const a = fakeIo();
    const b = fakeIo();
    const seen: (string | undefined)[] = [];
    const wrap = (io: ArtifactIo): ArtifactIo => ({
      ...io,
      open: (source, token, onProgress, binary) => {
        seen.push(binary?.name);
        return io.open(source, token, onProgress, binary);
      },
    });
    const one = createAppStore(wrap(a.io));
    const two = createAppStore(wrap(b.io));
    one.getState().addFiles([file('service', [0x7f, 0x45, 0x4c, 0x46])]);
    await settle(() => one.getState().artifacts[0]?.role === 'binary');
    two.getState().addFiles([file('heapdump.bin')]);
    one.getState().addFiles([file('heapdump.bin')]);
    await settle(() => seen.length === 2);
    expect(seen.sort()).toEqual(['service', undefined].sort());
  });
});
