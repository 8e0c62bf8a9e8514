import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import type { GoHeapdumpModel } from './handler.ts';
import { goHeapdumpHandler } from './handler.ts';
import { addStepOffsets, type GoSuspect } from './suspects.ts';
import { DumpWriter } from './test-dump.ts';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const H = 0xc000000000;

async function open(name: string, bytes: Uint8Array, binary?: Uint8Array) {
  const o = await goHeapdumpHandler.open(
    bytesSource(name, bytes),
    {},
    binary ? { binary: bytesSource('service', binary) } : {},
  );
  const suspects = o.heap!.suspects as GoSuspect[];
  return { o, suspects, m: o.model as GoHeapdumpModel };
}

/** A global holds a struct whose two fields hold 40 % each; a frame holds a 1,500-node list. */
function splitAndChainDump(): Uint8Array {
  const w = new DumpWriter().params();
  const holder = H + 0x1000;
  const ptrArray = H + 0x2000;
  const blob = H + 0x10000;
  const itemAt = (i: number) => H + 0x20000 + i * 0x400;
  const nodeAt = (i: number) => H + 0x100000 + i * 0x40;
  w.object(holder, 48, [
    [8, ptrArray],
    [24, blob],
  ]);
  // an array of 16 pointers, each to a 1 KiB item
  w.object(
    ptrArray,
    128,
    Array.from({ length: 16 }, (_, i) => [i * 8, itemAt(i)] as [number, number]),
  );
  for (let i = 0; i < 16; i++) w.object(itemAt(i), 1024);
  w.object(blob, 16384);
  // 1,500 nodes: node i → node i + 1 at +0; the tail's pointer field is nil (a Go dump lists
  // pointer fields by type, whatever their value)
  const nodes = 1500;
  for (let i = 0; i < nodes; i++) w.object(nodeAt(i), 48, [[0, i + 1 < nodes ? nodeAt(i + 1) : 0]]);
  w.goroutine(9)
    .frame('runtime.gopark', [])
    .frame('main.batchLoader', [nodeAt(0)]);
  w.segment('bss', 0x5e0000, [0, holder]);
  return w.eof().bytes();
}

describe('Go suspects: synthetic', () => {
  it('splits where no child holds 80 %, names the chain under its frame, one finding each', async () => {
    const { suspects, m } = await open('split.bin', splitAndChainDump());
    const objects = suspects.filter((s) => !String(s.kind).startsWith('group:'));
    // 1,500 × 48 B chain, 16 × 1 KiB items under the pointer array, 16 KiB blob: the struct
    // that holds the last two (31 % of the heap) splits in halves, so each is a suspect
    expect(objects.map((s) => s.retainedBytes)).toEqual([1500 * 48, 16 * 1024 + 128, 16384]);
    const [chain, items, blob] = objects;
    expect(blob.holder).toBe('global at bss+0x8');
    // the two parts of the struct's memory: titled by the holder and the object each starts at
    expect(blob.title).toMatch(
      /^global at bss\+0x8 › obj16384 \(no pointers\) @ 0xc000010000 retains 16\.0 KiB/,
    );
    expect(items.title).toMatch(/^global at bss\+0x8 › obj128\{[^}]*\} @ 0xc000002000 retains 16\.1 KiB/);
    expect(blob.description).toMatch(/--binary/);
    expect(blob.pathSteps.map((s) => s.offset)).toEqual([undefined, undefined, 24]);
    expect(items.pathSteps.map((s) => s.offset)).toEqual([undefined, undefined, 8]);
    expect(items.accumulationPoint).toMatch(/^obj128\{/);
    expect(chain).toMatchObject({
      kind: 'chain',
      chainLength: 1500,
      holder: 'goroutine 9 frame main.batchLoader',
      holderKind: 'stack frame',
    });
    expect(chain.title).toBe(
      'goroutine 9 frame main.batchLoader: linked chain of 1,500 objects (obj48{p0}) retains 70.3 KiB (68.6 % of the reachable heap)',
    );
    expect(chain.pathSteps[0]).toMatchObject({
      label: 'goroutine 9 frame main.batchLoader',
      type: 'stack frame',
    });
    // the 1,500 same-shape nodes are this finding, not a group suspect of their own
    expect(suspects.some((s) => String(s.kind) === 'group:shape' && s.title.includes('obj48{p0}'))).toBe(
      false,
    );
    expect(chain.includes?.some((t) => t.startsWith('1,500 objects of shape obj48{p0}'))).toBe(true);
    // a step out of an array of pointers gives the element index
    const array = items.accumulationId;
    const first = m.model.graph.edgeTarget[m.model.graph.firstEdge[array] + 3];
    const steps = [
      { label: 'array', id: array, type: 'obj128' },
      { label: 'item', id: first, type: 'obj1024' },
    ];
    await addStepOffsets(
      m.model,
      {
        label: String,
        contents: async (n, o, l) => {
          const off = m.model.graph.contentOffset![n];
          return splitAndChainDump().subarray(off + o, off + o + l);
        },
      },
      m.dump.params,
      steps,
    );
    expect(steps[1]).toMatchObject({ offset: 24, index: 3 });
  });
});

const LEAK = `${SAMPLES}go-leak/`;
const CHAIN = `${SAMPLES}go-chain/`;

describe('Go suspects: samples/go-leak', () => {
  expect(existsSync(`${LEAK}artifacts/heapdump-3.bin`)).toBe(true);
  const manifest = JSON.parse(readFileSync(`${LEAK}manifest.json`, 'utf8'));
  const facts = manifest.facts;
  const dump = readFileSync(`${LEAK}artifacts/heapdump-3.bin`);
  const binary = readFileSync(
    `${LEAK}${manifest.artifacts.find((a: { kind: string }) => a.kind === 'go-binary').file}`,
  );

  it('titles the top suspect by the global the binary names, the map header then its buckets at +0x10', async () => {
    const { suspects, o } = await open('heapdump-3.bin', dump, binary);
    const [top] = suspects;
    expect(top.title).toMatch(
      new RegExp(`^${facts.globalVariable.replace('.', '\\.')} retains [\\d.]+ MiB \\(`),
    );
    expect(top.holder).toBe(facts.globalVariable);
    expect(top.retainedBytes).toBeGreaterThanOrEqual(
      facts.heapDump.ordersCached * facts.bytesPerOrderPayload,
    );
    expect(top.retainedBytes).toBe(o.heap!.top[0].retainedBytes);
    // root → hmap → buckets: hmap.buckets sits at +0x10 on amd64
    expect(top.pathSteps.map((s) => s.label)[0]).toBe(facts.globalVariable);
    expect(top.pathSteps.at(-1)).toMatchObject({ offset: 0x10, id: top.accumulationId });
    // the buckets array holds every cached order: one child per order
    expect(top.description).toMatch(new RegExp(`dominates ${facts.heapDump.ordersCached} objects`));
    expect(top.pathSteps.length).toBe(3);
  });

  it('names the frame that holds the stack slice, and reports no group the cache already explains', async () => {
    const { suspects, m } = await open('heapdump-3.bin', dump, binary);
    const stack = suspects.find((s) => s.holderKind === 'stack frame')!;
    expect(stack.holder).toMatch(new RegExp(`^goroutine \\d+ frame ${facts.functions.stackHolder}$`));
    expect(stack.retainedBytes).toBe(facts.stackHeldSliceBytes);
    expect(stack.title.startsWith(`${stack.holder} retains 1.00 MiB`)).toBe(true);
    expect(m.model.graph.shallow[stack.accumulationId]).toBe(facts.stackHeldSliceBytes);
    // the payload shape, the order shape and the allocation site are all inside main.orderCache
    expect(suspects.filter((s) => String(s.kind).startsWith('group:'))).toEqual([]);
    expect(suspects[0].includes?.some((t) => t.includes('obj12288 (no pointers)'))).toBe(true);
  });

  it('without the binary says where the global is and that the binary would name it', async () => {
    const { suspects } = await open('heapdump-3.bin', dump);
    expect(suspects[0].title).toMatch(/^global at bss\+0x[0-9a-f]+ retains/);
    expect(suspects[0].description).toMatch(/service binary/);
  });
});

describe('Go suspects: samples/go-chain', () => {
  expect(existsSync(`${CHAIN}artifacts/heapdump.bin`)).toBe(true);
  const facts = JSON.parse(readFileSync(`${CHAIN}manifest.json`, 'utf8')).facts;

  it('reports the linked list as a chain with its length, and the map as a second suspect', async () => {
    const { suspects, m } = await open('heapdump.bin', readFileSync(`${CHAIN}artifacts/heapdump.bin`));
    const objects = suspects.filter((s) => !String(s.kind).startsWith('group:'));
    expect(objects.length).toBe(2);
    const chain = objects.find((s) => s.kind === 'chain')!;
    expect(chain.chainLength).toBe(facts.chainLength);
    expect(chain.retainedBytes).toBe(facts.chainRetainedBytes);
    expect(chain.title).toMatch(
      /^global at bss\+0x[0-9a-f]+: linked chain of 4,096 objects \(obj48\{p0,p8\}\) retains 576 KiB/,
    );
    const map = objects.find((s) => s.kind !== 'chain')!;
    expect(map.retainedBytes).toBeGreaterThanOrEqual(facts.mapEntries * facts.mapValueBytes);
    expect(map.description).toMatch(new RegExp(`dominates ${facts.mapEntries} objects`));
    expect(map.pathSteps.at(-1)).toMatchObject({ offset: 0x10 });
    // the chain's nodes each hold their payload: the head retains all of it
    expect(m.analysis.retained[chain.accumulationId]).toBe(facts.chainRetainedBytes);
  });
});
