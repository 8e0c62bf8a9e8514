import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expose, proxy, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS } from '../../testdata/corpus.ts';
import type { Progress } from '../../workers/core/byte-source.ts';
import { type ReadFn, WorkerApi } from '../../workers/engine/worker-api.ts';
import { splitSource } from './engine-client.ts';

const GCTRACE = resolve(CORPUS, 'go-gctrace/go1.9-gcviewer.txt');

/** The worker API across a real message channel, as the renderer talks to it. */
function connect() {
  const { port1, port2 } = new MessageChannel();
  expose(new WorkerApi(), port1);
  const remote = wrap<WorkerApi>(port2);
  return {
    remote,
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('worker API over a message channel', () => {
  it('reads a file by path through a proxied reader (the Electron host)', async () => {
    const bytes = readFileSync(GCTRACE);
    const { remote, close } = connect();
    cleanup = close;
    const reads: number[] = [];
    const read: ReadFn = async (offset, length) => {
      reads.push(offset);
      return bytes.subarray(offset, offset + length);
    };
    const progress: Progress[] = [];
    // The renderer's own packing of a by-path source (engine-client), as Electron uses it.
    const [spec, reader] = splitSource({ kind: 'remote', name: 'go1.9.txt', size: bytes.byteLength, read });
    const out = await remote.open(
      spec,
      't1',
      proxy((p: Progress) => progress.push(p)),
      reader,
    );
    expect(out.ok).toBe(true);
    expect(out.ok && out.result.format).toBe('go-gctrace');
    expect(reads.length).toBeGreaterThan(0);
    await expect.poll(() => progress.at(-1)?.phase).toBe('done');
  });

  it('says what is wrong when a remote file comes without its reader', async () => {
    const { remote, close } = connect();
    cleanup = close;
    const out = await remote.open({ kind: 'remote', name: 'x.log', size: 10 }, 't2');
    expect(out).toMatchObject({ ok: false, cancelled: false });
    expect(!out.ok && out.message).toContain('x.log');
  });

  it('cancels an open in flight', async () => {
    const { remote, close } = connect();
    cleanup = close;
    const line =
      'gc 1 @0.016s 19%: 0.053+36+0.016 ms clock, 0.21+36/4.9/39+0.066 ms cpu, 3->3->3 MB, 4 MB goal, 4 P\n';
    const bytes = new TextEncoder().encode(line.repeat(400_000));
    const read: ReadFn = async (offset, length) => {
      await new Promise((r) => setTimeout(r, 5));
      return bytes.subarray(offset, offset + length);
    };
    const pending = remote.open(
      { kind: 'remote', name: 'big.log', size: bytes.byteLength },
      't3',
      undefined,
      proxy(read),
    );
    await new Promise((r) => setTimeout(r, 30));
    await remote.cancel('t3');
    expect(await pending).toMatchObject({ ok: false, cancelled: true });
  });
});
