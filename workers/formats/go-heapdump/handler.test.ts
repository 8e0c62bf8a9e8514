import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { dominatedBy, isReachable } from '../../graph/dominators.ts';
import type { HeapNodeRow } from '../../graph/queries.ts';
import { type GoHeapCompare, type GoHeapdumpModel, goHeapdumpHandler } from './handler.ts';
import { parseGoHeapDump } from './parser.ts';
import { DumpWriter, leakyDump } from './test-dump.ts';

const ART = new URL('../../../samples/go-leak/', import.meta.url).pathname;
const haveSample = existsSync(`${ART}artifacts/heapdump-3.bin`);

type Q = {
  children: (id: number, o?: object) => { total: number; rows: HeapNodeRow[] };
  pathsToRoots: (id: number, o?: object) => Promise<(HeapNodeRow & { offset?: number; index?: number })[][]>;
  contents: (id: number, o?: object) => Promise<Uint8Array | undefined>;
  node: (id: number) => { outgoing: { rows: HeapNodeRow[] }; groups: Record<string, string> };
  histogram: (o?: object) => { rows: { type: string; count: number; retainedBytes: number }[] };
};

async function open(name: string, bytes: Uint8Array) {
  const o = await goHeapdumpHandler.open(bytesSource(name, bytes), {}, {});
  return { o, q: o.queries as unknown as Q, m: o.model as GoHeapdumpModel };
}

/** Bytes unreachable from the super-root when `removed` is taken out (the naive retained size). */
function naiveRetained(m: GoHeapdumpModel, removed: number): number {
  const g = m.model.graph;
  const seen = new Uint8Array(g.nodeCount);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      const t = g.edgeTarget[e];
      if (t !== removed && !seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  let sum = 0;
  for (let i = 1; i < g.nodeCount; i++) if (isReachable(m.analysis, i) && !seen[i]) sum += g.shallow[i];
  return sum;
}

describe('Go heap dump: synthetic', () => {
  it('builds the graph, resolves interior pointers and names the roots', async () => {
    const { o, q, m } = await open('leaky.bin', leakyDump(50, 256, 10));
    const h = o.heap!;
    expect(o.truncated).toBe(false);
    expect(h.objects).toBe(2 + 100 + 10 + 1);
    // the 10 garbage objects are unreachable
    expect(h.unreachableObjects).toBe(10);
    expect(h.totalBytes - h.reachableBytes).toBe(320);
    // the map is held by bss and by main.main's frame: the hmap object is the top retainer
    expect(h.top[0].retainedBytes).toBe(48 + 400 + 50 * (48 + 256));
    expect(h.top[0].type).toBe('obj48{p16}');
    expect(h.top[0].root).toMatch(/^goroutine 1 › main\.main|^bss\+0x8/);
    // the buckets array is named by its allocation site and is the accumulation point
    const suspect = h.suspects.find((s) => s.kind === 'object')!;
    expect(suspect.accumulationPoint).toBe('main.cacheOrder main.go:131 @ 0xc000002000');
    // stack-held slice via an interior pointer, under goroutine 7's frame
    const g7 = m.model.graph.rootLabel;
    const frame = [...g7].find(([, l]) => l === 'goroutine 7 › main.stackHolder')![0];
    expect(m.analysis.retained[frame]).toBe(4096);
    const kids = q.children(frame).rows;
    expect(kids[0]).toMatchObject({ shallowBytes: 4096, address: 0xc002800000 });
    const paths = await q.pathsToRoots(kids[0].id);
    expect(paths[0].map((r) => r.label)).toEqual([
      'obj4096 (no pointers) @ 0xc002800000',
      'goroutine 7 › main.stackHolder',
      'goroutine 7 › main.stackHolder [chan receive]',
    ]);
    const bytes = await q.contents(kids[0].id, { limit: 4 });
    expect(Array.from(bytes!)).toEqual([0x41, 0x42, 0x43, 0x44]);
    expect((h.memStats as { notes: string[] }).notes[0]).toMatch(/match/);
  });

  it('compares two dumps by address', async () => {
    const a = await open('a.bin', leakyDump(20));
    const b = await open('b.bin', leakyDump(50));
    const c = goHeapdumpHandler.compare!(a.o, b.o) as GoHeapCompare;
    // 30 new orders, each an order + payload; the buckets array grew (new size) too
    expect(c.newObjects).toBe(61);
    expect(c.newBytes).toBe(30 * (48 + 256) + 400);
    expect(c.goneObjects).toBe(1);
    expect(c.byShape.find((r) => r.name === 'obj256 (no pointers)')).toMatchObject({ countDelta: 30 });
    // the map is held by bss and main.main's frame: its growth shows under "held by several roots"
    expect(c.byRoot[0]).toMatchObject({
      name: 'held by several roots',
      bytesDelta: 30 * (48 + 256) + 400 - 160,
    });
  });

  it('rejects other versions and garbage with a clear message', async () => {
    const old = new DumpWriter('go1.4 heap dump\n').eof().bytes();
    await expect(parseGoHeapDump(bytesSource('old.bin', old))).rejects.toThrow(/go1\.4 heap dump/);
    await expect(parseGoHeapDump(bytesSource('x.bin', new TextEncoder().encode('hello')))).rejects.toThrow(
      ParseError,
    );
  });

  it('names the offset of a corrupt varint and of a length past the end of file', async () => {
    const w = new DumpWriter().params();
    const at = w.bytes().length;
    const bad = new Uint8Array([...w.bytes(), 1, ...new Array(12).fill(0xff), 0]);
    await expect(parseGoHeapDump(bytesSource('v.bin', bad))).rejects.toThrow(`v.bin at byte ${at + 1}`);
    const len = new DumpWriter()
      .params()
      .uv(1)
      .uv(0xc000001000)
      .uv(2 ** 40)
      .eof()
      .bytes();
    await expect(parseGoHeapDump(bytesSource('l.bin', len))).rejects.toThrow(
      /l\.bin at byte \d+: expected a length/,
    );
  });

  it('random cuts and byte flips give a dump or a ParseError, never anything else', async () => {
    const good = leakyDump(8, 64);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(good.length),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 4 }),
        async (cut, flips) => {
          const b = good.slice(0, cut);
          for (const [i, v] of flips) if (i < b.length) b[i] = v;
          try {
            const o = await goHeapdumpHandler.open(bytesSource('f.bin', b), {}, {});
            if (cut < good.length) expect(o.truncated || flips.length > 0).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('reads varints and strings across chunk boundaries', async () => {
    const bytes = leakyDump(30, 100);
    const whole = await parseGoHeapDump(bytesSource('w.bin', bytes));
    // a source that returns at most 7 bytes per read
    const src = bytesSource('s.bin', bytes);
    const tiny = { ...src, read: (o: number, l: number) => src.read(o, Math.min(l, 7)) };
    const pieces = await parseGoHeapDump(tiny);
    expect(pieces.objAddr).toEqual(whole.objAddr);
    expect(pieces.ptrValue).toEqual(whole.ptrValue);
    expect(pieces.complete).toBe(true);
  });
});

describe('Go heap dump: samples/go-leak', () => {
  expect(haveSample, 'samples/go-leak artifacts are committed').toBe(true);
  const manifest = haveSample ? JSON.parse(readFileSync(`${ART}manifest.json`, 'utf8')) : undefined;
  const facts = manifest?.facts;

  it('the cache map is the top retainer, goroutine frames and the stack-held slice are roots', async () => {
    const { o, q, m } = await open('heapdump-3.bin', readFileSync(`${ART}artifacts/heapdump-3.bin`));
    const h = o.heap!;
    expect(o.truncated).toBe(false);
    expect(h.objects).toBeGreaterThanOrEqual(facts.heapDump.liveOrderHeapObjects);
    // the dump's own MemStats (written after the forced GC) agrees with the objects it lists
    const ms = h.memStats!;
    expect(ms.memStats.HeapAlloc).toBe(h.totalBytes);
    expect(ms.memStats.HeapObjects).toBe(h.objects);
    expect(ms.memStats.NumGC).toBeGreaterThanOrEqual(facts.heapDump.numGCBeforeDump);
    // top retainer: a bss root (the global map), retaining every cached order's payload
    expect(h.top[0].label).toMatch(/^bss\+0x|main\.orderCache/);
    expect(h.top[0].retainedBytes).toBeGreaterThanOrEqual(
      facts.heapDump.ordersCached * facts.bytesPerOrderPayload,
    );
    const hmap = q.children(h.top[0].id).rows[0];
    expect(hmap.retainedBytes).toBe(h.top[0].retainedBytes);
    // leaked export workers: a goroutine root per worker, each with its frames
    const labels = [...m.model.graph.rootLabel.values()];
    const workers = labels.filter((l) => /^goroutine \d+ › main\.exportWorker \[/.test(l));
    expect(workers.length).toBe(facts.phases[2].leakedExportWorkers);
    expect(labels.filter((l) => / › main\.exportWorker$/.test(l)).length).toBe(workers.length);
    // the stack-held slice: held by main.stackHolder's frame
    const holder = [...m.model.graph.rootLabel].find(([, l]) => / › main\.stackHolder$/.test(l))!;
    expect(m.analysis.retained[holder[0]]).toBeGreaterThanOrEqual(facts.stackHeldSliceBytes);
    const slice = q.children(holder[0]).rows[0];
    expect(slice.shallowBytes).toBe(facts.stackHeldSliceBytes);
    expect((await q.pathsToRoots(slice.id))[0][1].label).toBe(holder[1]);
    // the cache's path: each order sits at its index of the map's buckets (an array of
    // pointers in the sample), the buckets at +0x10 of the map header
    const order = q.children(q.children(hmap.id).rows[0].id).rows[0];
    const [orderPath] = await q.pathsToRoots(order.id, { max: 1 });
    expect(orderPath.map((r) => r.offset)).toEqual([expect.any(Number), 0x10, undefined, undefined]);
    // a map[int64]*Order bucket is 144 bytes: 8 tophash bytes, 8 keys, the 8 values, overflow
    expect(orderPath[0].offset! % 144).toBeGreaterThanOrEqual(8 + 8 * 8);
    expect(orderPath[0].offset! % 144).toBeLessThan(8 + 16 * 8);
    // goroutine count from the manifest (runtime.NumGoroutine leaves system goroutines out)
    expect(h.userGoroutineCount).toBe(facts.phases[2].totalGoroutines);
    expect(h.goroutineCount).toBeGreaterThan(h.userGoroutineCount as number);
  });

  it('names the cache global from the service binary', async () => {
    const bin = manifest.artifacts.find((a: { kind: string }) => a.kind === 'go-binary').file;
    const opened = await goHeapdumpHandler.open(
      bytesSource('heapdump-3.bin', readFileSync(`${ART}artifacts/heapdump-3.bin`)),
      {},
      { binary: bytesSource('go-leak', readFileSync(`${ART}${bin}`)) },
    );
    expect(opened.heap!.top[0].label.startsWith(`${facts.globalVariable} [bss+0x`)).toBe(true);
    expect(opened.warnings.some((w) => w.includes('stripped'))).toBe(false);
  });

  it('retained sizes equal the naive reference for the top retainers', async () => {
    const { m } = await open('heapdump-3.bin', readFileSync(`${ART}artifacts/heapdump-3.bin`));
    const { retained } = m.analysis;
    const top = Array.from(dominatedBy(m.analysis, 0))
      .sort((a, b) => retained[b] - retained[a])
      .slice(0, 12);
    // and the biggest children of the top retainer
    const first = top[0];
    const next = Array.from(dominatedBy(m.analysis, first));
    for (const id of [...top, ...next.slice(0, 3)]) expect(retained[id]).toBe(naiveRetained(m, id));
  });

  it('the truncated copy opens with what was read', async () => {
    const bytes = readFileSync(`${ART}artifacts/heapdump-3.truncated.bin`);
    const { o } = await open('heapdump-3.truncated.bin', bytes);
    expect(o.truncated).toBe(true);
    expect(o.truncatedAt).toBeGreaterThan(bytes.length * 0.9);
    expect(o.truncatedAt).toBeLessThanOrEqual(bytes.length);
    expect(o.heap!.objects).toBeGreaterThan(0);
    expect(o.warnings.join(' ')).toMatch(/truncated/);
  });
});
