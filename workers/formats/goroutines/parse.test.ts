import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS as VENDORED } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { sniff } from '../sniff.ts';
import { findSuspects, groupDetail, groupGoroutines } from './analyze.ts';
import { parseGoroutineDump } from './parse.ts';

const enc = new TextEncoder();
const parse = (text: string, name = 'test.txt') => parseGoroutineDump(bytesSource(name, enc.encode(text)));
const CORPUS = join(VENDORED, 'goroutines');

/** Counts `goroutine N` header lines the way a human would with grep. */
function countHeaders(text: string): number {
  return text.split('\n').filter((l) => /^goroutine \d+/.test(l)).length;
}

describe('third-party corpus', () => {
  // sub-folders hold wrapped or old-format dumps a header grep cannot count (variants.test.ts)
  for (const f of readdirSync(CORPUS).filter((n) => statSync(join(CORPUS, n)).isFile())) {
    it(`parses ${f} with the file's goroutine count`, async () => {
      const bytes = readFileSync(join(CORPUS, f));
      const dump = await parseGoroutineDump(bytesSource(f, bytes));
      const expected = countHeaders(bytes.toString('utf8'));
      expect(dump.total).toBe(expected);
      expect(dump.goroutines.map((g) => g.id).filter((id) => id >= 0)).toHaveLength(expected);
      if (expected === 0) {
        // The generator program (Go source) next to the dumps: no goroutine, and a warning that says so.
        expect(dump.warnings.join('\n')).toMatch(/no goroutine found/);
      } else {
        expect(dump.warnings).toEqual([]);
        expect(dump.truncated).toBe(false);
      }
    });
  }

  it('reads Go 1.21+ "created by … in goroutine N" and Go 1.20 without it alike', async () => {
    const a = await parseGoroutineDump(bytesSource('a', readFileSync(join(CORPUS, 'goleak-http.txt'))));
    const b = await parseGoroutineDump(
      bytesSource('b', readFileSync(join(CORPUS, 'goleak-http.go1.20.txt'))),
    );
    const serve = (d: typeof a) =>
      d.goroutines.find((g) => d.stacks[g.stack].frames.some((f) => f.function === 'net/http.Serve'))!;
    expect(a.creators[serve(a).creator].function).toBe('main.start');
    expect(serve(a).parentId).toBe(1);
    expect(b.creators[serve(b).creator].function).toBe('main.start');
    expect(serve(b).parentId).toBe(-1);
    const frames = a.stacks[serve(a).stack].frames;
    expect(frames[0]).toMatchObject({
      function: 'internal/poll.runtime_pollWait',
      file: '/usr/lib/go/src/runtime/netpoll.go',
      line: 343,
      pcOffset: 0x85,
    });
    // `internal/poll.(*pollDesc).waitRead(...)`: inlined, no pc offset.
    expect(frames[2]).toMatchObject({
      function: 'internal/poll.(*pollDesc).waitRead',
      inlined: true,
      line: 89,
    });
    expect(frames[2].pcOffset).toBeUndefined();
  });
});

const GO122_SIGQUIT = `SIGQUIT: quit
PC=0x4744c1 m=0 sigcode=0

goroutine 0 gp=0x5c4f40 m=0 mp=0x5c5a00 [idle]:
runtime.futex(0x5c5b40, 0x80, 0x0, 0x0, 0x0, 0x0)
	/usr/local/go/src/runtime/sys_linux_amd64.s:557 +0x21 fp=0x7ffc8d1e0a40 sp=0x7ffc8d1e0a38 pc=0x4744c1
runtime.mPark(...)
	/usr/local/go/src/runtime/proc.go:1761

goroutine 1 gp=0xc000002380 m=nil [chan receive (nil chan), 3 minutes]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:402 +0xce fp=0xc00006ef18 sp=0xc00006eef8 pc=0x43d76e
main.main()
	/app/main.go:9 +0x25 fp=0xc00006ef50 sp=0xc00006ef30 pc=0x465d25

goroutine 7 gp=0xc000007c00 m=3 mp=0xc000080008 [running, locked to thread]:
	goroutine running on other thread; stack unavailable
created by main.start in goroutine 1
	/app/main.go:20 +0x1f

-----

rax    0xca
rbx    0x0
rip    0x4744c1
rflags 0x286
`;

describe('header and frame variants', () => {
  it('reads Go 1.22+ gp=/m=/mp= headers, fp/sp/pc suffixes, a SIGQUIT preamble and register dumps', async () => {
    const d = await parse(GO122_SIGQUIT);
    expect(d.total).toBe(countHeaders(GO122_SIGQUIT));
    expect(d.kind).toBe('traceback');
    expect(d.panic).toMatchObject({ kind: 'SIGQUIT', message: 'quit', goroutineId: 0 });
    expect(d.panic!.text).toContain('PC=0x4744c1 m=0 sigcode=0');
    const g1 = d.goroutines.find((g) => g.id === 1)!;
    expect(g1).toMatchObject({ state: 'chan receive (nil chan)', waitMinutes: 3 });
    expect(g1.headerExtra).toBe('gp=0xc000002380 m=nil');
    expect(d.stacks[g1.stack].frames[1]).toMatchObject({
      function: 'main.main',
      file: '/app/main.go',
      line: 9,
    });
    const g7 = d.goroutines.find((g) => g.id === 7)!;
    expect(g7).toMatchObject({ state: 'running', locked: true, stackUnavailable: true, parentId: 1 });
    expect(d.creators[g7.creator]).toEqual({ function: 'main.start', file: '/app/main.go', line: 20 });
    expect(d.registerLines).toBe(4);
    expect(d.warnings).toEqual([]);
  });

  it('keeps the panic message, nested panics, the signal line and finds the panicking function', async () => {
    const text = `panic: first failure [recovered]
	panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2a6]

goroutine 18 [running]:
panic({0x4b2f40?, 0x5c8a10?})
	/usr/local/go/src/runtime/panic.go:770 +0x132
example.com/svc/store.(*Cache[...]).Get(0xc0000a4000, {0xc0000b8000?, 0x5?})
	/src/svc/store/cache.go:41 +0x26
main.handle({0x4f1a60, 0xc0000a6000}, 0xc0000c2000, ...)
	/src/svc/main.go:77 +0x1a5
created by main.serve in goroutine 1
	/src/svc/main.go:60 +0x9c
`;
    const d = await parse(text);
    expect(d.panic!.kind).toBe('panic');
    expect(d.panic!.message).toBe(
      'first failure [recovered]\nruntime error: invalid memory address or nil pointer dereference',
    );
    expect(d.panic!.signal).toBe('signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2a6');
    expect(d.panic!.goroutineId).toBe(18);
    // generics print as `[...]`; the user frame wins over `panic`.
    expect(d.panic!.function).toBe('example.com/svc/store.(*Cache[...]).Get');
    const g = d.goroutines[0];
    expect(g.args.split('\u0001')).toEqual([
      '{0x4b2f40?, 0x5c8a10?}',
      '0xc0000a4000, {0xc0000b8000?, 0x5?}',
      '{0x4f1a60, 0xc0000a6000}, 0xc0000c2000, ...',
    ]);
  });

  it('reads fatal error preambles', async () => {
    const d = await parse(`fatal error: all goroutines are asleep - deadlock!

goroutine 1 [select (no cases)]:
main.main()
	/app/main.go:5 +0x18
`);
    expect(d.panic).toMatchObject({ kind: 'fatal error', message: 'all goroutines are asleep - deadlock!' });
    expect(d.goroutines[0].state).toBe('select (no cases)');
  });

  it('reads both elision lines and ancestor blocks without taking them as frames', async () => {
    const text = `goroutine 5 [running]:
main.recurse(0x3e8)
	/app/main.go:10 +0x25
...additional frames elided...

goroutine 6 [runnable]:
main.recurse(0x3e8)
	/app/main.go:10 +0x25
...45 frames elided...
main.recurse(0x0)
	/app/main.go:10 +0x25
created by main.main in goroutine 1
	/app/main.go:20 +0x3e
[originating from goroutine 1]:
main.main(...)
	/app/main.go:20 +0x3e
`;
    const d = await parse(text);
    expect(d.total).toBe(2);
    const [a, b] = d.goroutines;
    expect(d.stacks[a.stack]).toMatchObject({ elided: true });
    expect(d.stacks[b.stack]).toMatchObject({ elided: true, elidedFrames: 45 });
    expect(d.stacks[b.stack].frames).toHaveLength(2);
    expect(b.ancestors).toEqual([
      { id: 1, frames: [expect.objectContaining({ function: 'main.main', line: 20 })] },
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('reads debug=1 with labels and frames split by several tabs', async () => {
    const text = `goroutine profile: total 23
20 @ 0x43e2ce 0x44f0e5 0x4b1c2a
# labels: {"handler":"/api", "tenant":"x"}
#\t0x4b1c29\tmain.worker+0x49\t\t/src/app/worker.go:88
#\t0x4b1a00\tmain.(*Pool).run+0x20\t\t\t/src/app/pool.go:12

3 @ 0x43e2ce 0x4b1c2a
#\t0x4b1c29\tmain.worker+0x49\t/src/app/worker.go:88
#\t0x4b1a00\tmain.(*Pool).run+0x20\t/src/app/pool.go:12
`;
    const d = await parse(text);
    expect(d.kind).toBe('debug1');
    expect(d.total).toBe(23);
    expect(d.declaredTotal).toBe(23);
    expect(d.goroutines[0]).toMatchObject({ weight: 20, labels: '{"handler":"/api", "tenant":"x"}' });
    expect(d.stacks[d.goroutines[0].stack].frames[1]).toMatchObject({
      function: 'main.(*Pool).run',
      file: '/src/app/pool.go',
      line: 12,
    });
    // Labels keep groups apart even with the same stack.
    expect(groupGoroutines(d).map((g) => g.count)).toEqual([20, 3]);
    expect(d.warnings).toEqual([]);
  });

  it('unwraps kubectl/RFC 3339, Docker JSON-lines and journald prefixes and anchors the dump in time', async () => {
    const raw = `goroutine 9 [chan send, 12 minutes]:
main.produce(0xc000010000)
\t/app/main.go:30 +0x44
created by main.main
\t/app/main.go:12 +0x5f
`.split('\n');
    const kubectl = raw.map((l) => `2024-05-01T12:00:00.123456789Z ${l}`).join('\r\n');
    const docker = raw
      .map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2024-05-01T12:00:01.5Z' }))
      .join('\n');
    const journald = raw.map((l) => `May 01 12:00:02 host svc[42]: ${l}`).join('\n');
    for (const [text, t] of [
      [kubectl, Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
      [docker, Date.UTC(2024, 4, 1, 12, 0, 1, 500)],
      [journald, Date.UTC(2024, 4, 1, 12, 0, 2)],
    ] as const) {
      const d = await parseGoroutineDump(bytesSource('log', enc.encode(text)), {}, { yearHint: 2024 });
      expect(d.total).toBe(1);
      expect(d.capturedAtMs).toBe(t);
      const g = d.goroutines[0];
      expect(g).toMatchObject({ id: 9, state: 'chan send', waitMinutes: 12 });
      expect(d.stacks[g.stack].frames[0]).toMatchObject({
        function: 'main.produce',
        file: '/app/main.go',
        line: 30,
      });
      expect(d.creators[g.creator].function).toBe('main.main');
      expect(d.warnings).toEqual([]);
    }
  });

  it('the lead sniffer recognises the shapes this parser reads', () => {
    expect(sniff(enc.encode(GO122_SIGQUIT))).toBe('goroutine-dump');
    expect(sniff(enc.encode('goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n'))).toBe(
      'goroutine-dump',
    );
  });
});

describe('bad input', () => {
  const good = readFileSync(join(CORPUS, 'goleak-http.txt'), 'utf8');

  it('a dump cut mid-goroutine is truncated, keeps what was read and names where', async () => {
    const cut = good.slice(0, good.indexOf('net/http.(*persistConn).writeLoop') + 20);
    const d = await parse(cut);
    expect(d.truncated).toBe(true);
    expect(d.total).toBe(countHeaders(cut));
    expect(d.warnings[0]).toMatch(/^truncated: line \d+ is cut off/);
    expect(d.truncatedAt).toBeGreaterThan(0);
    expect(d.goroutines.at(-1)!.partial).toBe(true);
  });

  it('a dump cut after a frame line (before its file line) is truncated', async () => {
    const cut = good.slice(0, good.indexOf('net/http.(*persistConn).writeLoop(0xc000112480)\n') + 48);
    const d = await parse(cut);
    expect(d.truncated).toBe(true);
    expect(d.warnings[0]).toMatch(/goroutine 21 \(line \d+\) ends in the middle of a frame/);
  });

  it('garbage between goroutines and inside stacks is counted and quoted with line numbers', async () => {
    const lines = good.split('\n');
    lines.splice(6, 0, 'level=info msg="unrelated log line"');
    lines.splice(2, 0, '@@@ garbage @@@');
    const d = await parse(lines.join('\n'));
    expect(d.total).toBe(5);
    const w = d.warnings.join('\n');
    expect(w).toMatch(/line 3: expected a file:line after a frame, found "@@@ garbage @@@"/);
    expect(w).toMatch(/line 8: "level=info msg=\\?"unrelated log line/);
  });

  it('an unknown future state is kept and warned about', async () => {
    const d = await parse('goroutine 3 [quantum entanglement, 2 minutes]:\nmain.f()\n\t/a.go:1 +0x1\n');
    expect(d.goroutines[0]).toMatchObject({ state: 'quantum entanglement', waitMinutes: 2 });
    expect(d.warnings.join()).toMatch(/unknown goroutine state: "quantum entanglement" \(line 1\)/);
  });

  it('a debug=1 profile shorter than its total is truncated', async () => {
    const d = await parse('goroutine profile: total 10\n4 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n');
    expect(d.truncated).toBe(true);
    expect(d.total).toBe(4);
    expect(d.warnings.join()).toMatch(/"total 10" but its groups add up to 4/);
  });

  it('random cuts and byte flips never throw anything but ParseError and never hang', async () => {
    const bytes = enc.encode(good + GO122_SIGQUIT);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const b = bytes.slice(0, cut);
          for (const [i, v] of flips) if (i < b.length) b[i] = v;
          try {
            const d = await parseGoroutineDump(bytesSource('fuzz', b));
            expect(d.total).toBeLessThanOrEqual(countHeaders(good + GO122_SIGQUIT));
            const groups = groupGoroutines(d);
            for (const g of groups.slice(0, 3)) groupDetail(d, g);
            findSuspects(d, groups);
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
