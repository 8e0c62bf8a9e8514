import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../contract/host-api.ts';
import { FileAccess } from './file-access.ts';
import { type Handlers, registerIpc } from './ipc-main.ts';

vi.mock('electron', () => ({}));

type Invoke = (event: { senderFrame?: { url: string } }, ...args: unknown[]) => unknown;

function setup() {
  const registered = new Map<string, Invoke>();
  const ipcMain = { handle: (ch: string, fn: Invoke) => registered.set(ch, fn) };
  const calls: unknown[][] = [];
  const handler =
    (name: string) =>
    (_e: unknown, ...args: unknown[]) => {
      calls.push([name, ...args]);
      return 'ok';
    };
  const handlers = Object.fromEntries(
    [
      'openFiles',
      'openFolder',
      'readFile',
      'exportFiles',
      'saveIncident',
      'loadIncident',
      'recentIncidents',
      'allowDropped',
      'probePaths',
      'flushDone',
      'setPresentation',
    ].map((n) => [n, handler(n)]),
  ) as unknown as Handlers;
  registerIpc(ipcMain as unknown as Parameters<typeof registerIpc>[0], handlers);
  return { registered, calls };
}

const trusted = { senderFrame: { url: 'pmwb://app/index.html' } };

describe('IPC', () => {
  it('registers every channel of the contract', () => {
    const { registered } = setup();
    for (const ch of Object.values(CHANNELS).filter(
      (c) => !c.includes('menu') && !c.includes('open-paths') && !c.includes('flush-request'),
    )) {
      expect(registered.has(ch)).toBe(true);
    }
  });
  it('passes valid input from our page through', async () => {
    const { registered, calls } = setup();
    expect(await registered.get(CHANNELS.readFile)!(trusted, '/tmp/x', 0, 100)).toBe('ok');
    expect(calls).toEqual([['readFile', '/tmp/x', 0, 100]]);
  });
  it('rejects unknown senders', async () => {
    const { registered, calls } = setup();
    const foreign = { senderFrame: { url: 'https://evil.example/' } };
    expect(() => registered.get(CHANNELS.readFile)!(foreign, '/tmp/x', 0, 100)).toThrow(/untrusted sender/);
    expect(() => registered.get(CHANNELS.openFiles)!({})).toThrow(/untrusted sender/);
    expect(calls).toEqual([]);
  });
  it('openFiles takes nothing or a default path; probePaths takes paths', async () => {
    const { registered, calls } = setup();
    await registered.get(CHANNELS.openFiles)!(trusted);
    await registered.get(CHANNELS.openFiles)!(trusted, undefined);
    await registered.get(CHANNELS.openFiles)!(trusted, { defaultPath: '/srv/heap.bin' });
    expect(() => registered.get(CHANNELS.openFiles)!(trusted, { defaultPath: '/x', grant: true })).toThrow(
      /invalid arguments/,
    );
    await registered.get(CHANNELS.probePaths)!(trusted, ['/srv/heap.bin']);
    expect(calls.map((c) => c[0])).toEqual(['openFiles', 'openFiles', 'openFiles', 'probePaths']);
  });
  it('rejects bad input', () => {
    const { registered, calls } = setup();
    expect(() => registered.get(CHANNELS.readFile)!(trusted, '/tmp/x', -1, 100)).toThrow(/invalid arguments/);
    expect(() => registered.get(CHANNELS.readFile)!(trusted, 42, 0, 100)).toThrow(/invalid arguments/);
    expect(() => registered.get(CHANNELS.readFile)!(trusted, '/tmp/x', 0, 1e12)).toThrow(/invalid arguments/);
    expect(() => registered.get(CHANNELS.saveIncident)!(trusted, '../../etc', 't', '{}')).toThrow(
      /invalid arguments/,
    );
    expect(() =>
      registered.get(CHANNELS.exportFiles)!(trusted, 'pm', [{ name: '../escape.md', data: 'x' }]),
    ).toThrow(/invalid arguments/);
    // the one sub-folder an export may hold is evidence/, and only a plain name inside it
    for (const name of ['evidence/..', 'evidence/a/b.md', 'other/x.md', '/abs.md'])
      expect(() => registered.get(CHANNELS.exportFiles)!(trusted, 'pm', [{ name, data: 'x' }]), name).toThrow(
        /invalid arguments/,
      );
    expect(calls).toEqual([]);
  });
});

describe('file access', () => {
  it('reads only files the user chose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmwb-fa-'));
    const chosen = join(dir, 'a.log');
    writeFileSync(chosen, 'hello world');
    writeFileSync(join(dir, 'secret'), 'no');
    const fa = new FileAccess();
    await expect(fa.read(chosen, 0, 5)).rejects.toThrow(/not opened by the user/);
    const listed = await fa.expand([dir]);
    expect(listed.map((f) => f.name)).toEqual(['a.log', 'secret']);
    expect(new TextDecoder().decode(await fa.read(chosen, 6, 100))).toBe('world');
    await expect(fa.read(join(dir, 'other'), 0, 5)).rejects.toThrow(/not opened by the user/);
  });
});
