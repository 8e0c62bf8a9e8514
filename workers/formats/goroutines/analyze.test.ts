import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { createdByTree, filterGroups, findSuspects, groupDetail, groupGoroutines } from './analyze.ts';
import { compareDumps } from './compare.ts';
import { parseGoroutineDump } from './parse.ts';

const enc = new TextEncoder();
const parse = (text: string, name = 'test.txt') => parseGoroutineDump(bytesSource(name, enc.encode(text)));

/** A Go 1.21+ shaped goroutine blocked in `fn`, with per-goroutine argument values. */
function worker(id: number, state: string, fn: string, arg: string, minutes = 0, line = 42): string {
  return `goroutine ${id} [${state}${minutes ? `, ${minutes} minutes` : ''}]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
\t/usr/local/go/src/runtime/proc.go:402 +0xce
runtime.chanrecv1(0xc000022060?, 0x0?)
\t/usr/local/go/src/runtime/chan.go:442 +0x12
${fn}(${arg}, 0x5)
\t/src/app/worker.go:${line} +0x25
created by main.spawn in goroutine 1
\t/src/app/main.go:17 +0x3e

`;
}

describe('grouping similarity', () => {
  it('anyValue merges argument values, anyPointer only pointers, exact none', async () => {
    const text =
      worker(10, 'chan receive', 'main.work', '0xc000100000') +
      worker(11, 'chan receive', 'main.work', '0xc000200000') +
      worker(12, 'chan receive', 'main.work', '0x7') +
      worker(13, 'chan receive', 'main.work', '0x8', 12) +
      worker(14, 'chan receive', 'main.work', '0x8', 3);
    const d = await parse(text);
    expect(groupGoroutines(d, 'anyValue').map((g) => g.count)).toEqual([5]);
    // pointers 0xc0001…/0xc0002… merge; small values 0x7 and 0x8 stay apart
    expect(groupGoroutines(d, 'anyPointer').map((g) => g.count)).toEqual([2, 2, 1]);
    expect(groupGoroutines(d, 'exact').map((g) => g.count)).toEqual([2, 1, 1, 1]);
    const [g] = groupGoroutines(d, 'anyValue');
    expect(g).toMatchObject({ waitMinutesMin: 0, waitMinutesMax: 12, stdlibOnly: false });
    const detail = groupDetail(d, g);
    expect(detail.function).toBe('main.work');
    expect(detail.topFrame).toBe('runtime.gopark');
    expect(detail.ids).toEqual([10, 11, 12, 13, 14]);
    expect(detail.parentIds).toEqual([1]);
    // the differing first argument is merged, the shared second one kept
    expect(detail.frames[2].args).toBe('*, 0x5');
    expect(detail.frames[0].runtime).toBe(true);
  });

  it('state and creator split groups; different lines split groups', async () => {
    const d = await parse(
      worker(1, 'chan receive', 'main.work', '0x1') +
        worker(2, 'chan send', 'main.work', '0x1') +
        worker(3, 'chan receive', 'main.work', '0x1', 0, 43),
    );
    expect(groupGoroutines(d)).toHaveLength(3);
  });
});

describe('suspects', () => {
  it('ranks a never-waking pile-up first, explains it, and ignores main blocking on select {}', async () => {
    let text = `goroutine 1 [select (no cases)]:
main.main()
\t/src/app/main.go:30 +0x18

`;
    for (let i = 0; i < 4; i++) text += worker(100 + i, 'chan receive (nil chan)', 'main.stuck', '0x0');
    for (let i = 0; i < 30; i++) text += worker(200 + i, 'IO wait', 'main.reader', '0x1');
    for (let i = 0; i < 5; i++) text += worker(300 + i, 'chan receive', 'main.work', '0x1', 20);
    const d = await parse(text);
    const s = findSuspects(d, groupGoroutines(d));
    expect(s.map((x) => [x.rank, x.function, x.kind, x.count])).toEqual([
      [1, 'main.stuck', 'never-wakes', 4],
      [2, 'main.work', 'blocked-channel', 5],
    ]);
    expect(s[0].explanation).toMatch(/nil channel/);
    expect(s[1].explanation).toMatch(/for 20 minutes/);
  });

  it('filters groups by state, package and text, and builds the created-by tree', async () => {
    const text =
      worker(1, 'chan receive', 'main.work', '0x1') +
      worker(2, 'chan receive', 'main.work', '0x2') +
      worker(3, 'select', 'example.com/lib.(*Pool).loop', '0x1');
    const d = await parse(text);
    const groups = groupGoroutines(d);
    expect(filterGroups(d, groups, { state: 'select' }).map((r) => r.function)).toEqual([
      'example.com/lib.(*Pool).loop',
    ]);
    expect(filterGroups(d, groups, { package: 'main' }).map((r) => r.count)).toEqual([2]);
    expect(filterGroups(d, groups, { text: 'POOL' })).toHaveLength(1);
    expect(filterGroups(d, groups, { sort: 'count', descending: false }).map((r) => r.count)).toEqual([1, 2]);
    const tree = createdByTree(d, groups);
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ creator: 'main.spawn', locations: ['/src/app/main.go:17'], count: 3 });
    expect(tree[0].children.map((c) => c.count)).toEqual([2, 1]);
  });
});

describe('compare', () => {
  it('classifies groups as new, grown, shrunk, gone, same and finds long-lived ids', async () => {
    const a = await parse(
      worker(1, 'chan receive', 'main.a', '0x1') +
        worker(2, 'chan receive', 'main.b', '0x1') +
        worker(3, 'chan receive', 'main.b', '0x1') +
        worker(4, 'chan receive', 'main.c', '0x1') +
        worker(5, 'chan receive', 'main.d', '0x1'),
    );
    const b = await parse(
      worker(1, 'chan receive', 'main.a', '0x1') +
        worker(6, 'chan receive', 'main.a', '0x1') +
        worker(2, 'chan receive', 'main.b', '0x1') +
        worker(5, 'chan receive', 'main.d', '0x1') +
        worker(7, 'chan receive', 'main.e', '0x1'),
    );
    const cmp = compareDumps([
      { dump: a, groups: groupGoroutines(a) },
      { dump: b, groups: groupGoroutines(b) },
    ]);
    const by = Object.fromEntries(cmp.groups.map((g) => [g.function, [g.status, ...g.counts]]));
    expect(by).toEqual({
      'main.a': ['grown', 1, 2],
      'main.b': ['shrunk', 2, 1],
      'main.c': ['gone', 1, 0],
      'main.d': ['same', 1, 1],
      'main.e': ['new', 0, 1],
    });
    expect(cmp.summary).toEqual({ new: 1, grown: 1, shrunk: 1, gone: 1, same: 1 });
    expect(cmp.persistentIds).toEqual({ count: 3, sample: [1, 2, 5] });
    expect(cmp.totals).toEqual([5, 5]);
    expect(cmp.growing.map((g) => g.function)).toEqual(['main.a', 'main.e']);
  });
});

describe('line reading', () => {
  it('gives the same result and exact byte offsets whatever the chunk size (multi-byte text, CRLF)', async () => {
    const good = readFileSync(join(CORPUS, 'goroutines/goleak-http.txt'), 'utf8');
    // A non-ASCII panic message, CRLF line ends, and a cut in the last goroutine.
    const text = `panic: zahlung fehlgeschlagen — 支付失败\r\n\r\n${good.replace(/\n/g, '\r\n')}`;
    const cut = text.slice(0, text.lastIndexOf('net/http.(*persistConn).writeLoop') + 10);
    const bytes = enc.encode(cut);
    const expectedAt = enc.encode(cut.slice(0, cut.lastIndexOf('\n') + 1)).byteLength;
    const whole = await parseGoroutineDump(bytesSource('w', bytes));
    expect(whole.panic!.message).toBe('zahlung fehlgeschlagen — 支付失败');
    expect(whole.truncatedAt).toBe(expectedAt);
    for (const chunkSize of [1, 2, 3, 7, 64]) {
      const d = await parseGoroutineDump(bytesSource('c', bytes), {}, { chunkSize });
      expect(d.total).toBe(whole.total);
      expect(d.truncatedAt).toBe(expectedAt);
      expect(d.panic!.message).toBe(whole.panic!.message);
      expect(d.stacks.map((s) => s.frames.map((f) => `${f.function} ${f.file}:${f.line}`))).toEqual(
        whole.stacks.map((s) => s.frames.map((f) => `${f.function} ${f.file}:${f.line}`)),
      );
    }
  });

  it('reports progress in bytes and stops when cancelled', async () => {
    const bytes = enc.encode(worker(1, 'chan receive', 'main.a', '0x1').repeat(2000));
    const seen: number[] = [];
    await parseGoroutineDump(
      bytesSource('p', bytes),
      { onProgress: (p) => seen.push(p.done) },
      { chunkSize: 65536 },
    );
    expect(seen.at(-1)).toBe(bytes.byteLength);
    expect(seen.length).toBe(Math.ceil(bytes.byteLength / 65536));
    const ac = new AbortController();
    ac.abort();
    await expect(parseGoroutineDump(bytesSource('p', bytes), { signal: ac.signal })).rejects.toThrow(
      'cancelled',
    );
  });
});

describe('handler contract', () => {
  it('the block matches pmwb.inspect/1 and everything crossing the worker boundary is structured-clone friendly', async () => {
    const { openGoroutineDump, compareGoroutineDumps } = await import('./handler.ts');
    const text = readFileSync(join(CORPUS, 'goroutines/goleak-http.txt'));
    const o = await openGoroutineDump(bytesSource('goleak-http.txt', text));
    const b = o.goroutines!;
    expect(structuredClone(b)).toEqual(b);
    expect(b.total).toBe(5);
    expect(b.byState).toEqual({ running: 1, 'IO wait': 2, select: 2 });
    const readLoop = b.groups.find((g) => g.function === 'net/http.(*persistConn).readLoop')!;
    expect(readLoop).toMatchObject({
      count: 1,
      state: 'select',
      waitMinutesMax: 0,
      createdBy: 'net/http.(*Transport).dialConn',
      frames: [
        {
          function: 'net/http.(*persistConn).readLoop',
          file: '/usr/lib/go/src/net/http/transport.go',
          line: 2238,
        },
      ],
      stdlibOnly: true,
    });
    const q = o.queries as Record<string, (...a: unknown[]) => unknown>;
    const page = q.groups({}) as { rows: { key: string }[] };
    for (const r of [
      page,
      q.group(page.rows[0].key),
      q.suspects(),
      q.createdByTree(),
      q.countsByKey(),
      q.states(),
    ]) {
      expect(structuredClone(r)).toEqual(r);
    }
    const cmp = compareGoroutineDumps([o, o]);
    expect(structuredClone(cmp)).toEqual(cmp);
    expect(cmp.summary).toEqual({ new: 0, grown: 0, shrunk: 0, gone: 0, same: 5 });
  });
});
