import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { groupGoroutines } from './analyze.ts';
import type { GoroutineDump } from './model.ts';
import { parseGoroutineDump } from './parse.ts';

const ROOT = join(import.meta.dirname, '../../..');
/** Real output of Go 1.19.8 made by samples/go-variants (make.sh). */
const SAMPLES = join(ROOT, 'samples/go-variants/artifacts');
/** `go test` output of Go 1.2–1.4 from t-yuki/gotfmt (see testdata/corpus/README.md). */
const GOTFMT = join(ROOT, 'testdata/corpus/goroutines/gotfmt');
const COMPOSE = join(ROOT, 'testdata/corpus/goroutines/compose');
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
/** `goroutine N [state…]:` headers as grep sees them: ids and states in file order. */
const headers = (dir: string, f: string) =>
  [...read(dir, f).matchAll(/^goroutine (\d+) \[([^,\]]+)/gm)].map((m) => [Number(m[1]), m[2]]);
const open = (dir: string, f: string) => parseGoroutineDump(bytesSource(f, readFileSync(join(dir, f))));
const sizes = async (dir: string, f: string) => {
  const d: GoroutineDump = await open(dir, f);
  return groupGoroutines(d).map((g) => [g.count, g.state, d.stacks[g.stack].frames[g.fnIndex]?.function]);
};

describe('Go 1.19 crashes, deadlocks and leaks (samples/go-variants)', () => {
  it('stack overflow: the runtime stack block is the crash system stack, not stray text', async () => {
    const d = await open(SAMPLES, 'overflow.txt');
    expect(d.total).toBe(5);
    expect(d.panic).toMatchObject({
      kind: 'fatal error',
      message: 'stack overflow',
      goroutineId: 1,
      function: 'main.overflow',
      systemStack: ['runtime.throw', 'runtime.newstack', 'runtime.morestack'],
    });
    expect(d.panic?.text[0]).toBe('runtime: goroutine stack exceeds 1000000000-byte limit');
    expect(d.otherLines).toBe(0);
    const g1 = d.goroutines.find((g) => g.id === 1)!;
    expect(d.stacks[g1.stack].elided).toBe(true);
    expect(d.stacks[g1.stack].frames.filter((f) => f.function === 'main.overflow')).toHaveLength(100);
    // some runs end with a repeated fragment (`.go:157 +0x45`): a stray line, nothing else
    expect(d.warnings.filter((w) => !/unexpected line inside goroutine stacks/.test(w))).toEqual([]);
  });

  it('out of memory: the runtime: line, the fatal error and every goroutine after it', async () => {
    const d = await open(SAMPLES, 'oom.txt');
    expect(d.warnings).toEqual([]);
    expect(d.total).toBe(7);
    expect(d.panic).toMatchObject({
      kind: 'fatal error',
      message: 'out of memory',
      text: read(SAMPLES, 'oom.txt').split('\n').slice(0, 2),
      goroutineId: 1,
      function: 'main.main',
    });
    expect(d.panic?.text[0]).toMatch(
      /^runtime: out of memory: cannot allocate 67108864-byte block \(\d+ in use\)$/,
    );
    expect(d.goroutines.map((g) => [g.id, g.state])).toEqual(headers(SAMPLES, 'oom.txt'));
  });

  it('concurrent map writes: the writer that was caught and the three others', async () => {
    const d = await open(SAMPLES, 'concurrent-map-writes.txt');
    expect(d.warnings).toEqual([]);
    const h = headers(SAMPLES, 'concurrent-map-writes.txt');
    expect(h).toHaveLength(5);
    expect(d.goroutines.map((g) => [g.id, g.state])).toEqual(h);
    expect(d.panic).toMatchObject({
      message: 'concurrent map writes',
      goroutineId: h[0][0],
      function: 'main.main.func2',
    });
    const byMain = d.goroutines.filter(
      (g) => g.creator >= 0 && d.creators[g.creator].function === 'main.main',
    );
    expect(byMain).toHaveLength(4);
  });

  it('GOTRACEBACK=all / system / crash: user goroutines only, then runtime ones too', async () => {
    expect(await sizes(SAMPLES, 'crash-all.txt')).toEqual([
      [2, 'sleep', 'main.crash.func1'],
      [1, 'running', 'main.crash'],
      [1, 'chan receive', 'main.crash.func2'],
    ]);
    for (const f of ['crash-system.txt', 'crash-crash.txt']) {
      const d = await open(SAMPLES, f);
      expect(d.total).toBe(8);
      expect(d.warnings).toEqual([]);
      expect(d.panic).toMatchObject({
        kind: 'panic',
        message: 'assignment to entry in nil map',
        goroutineId: 1,
      });
      expect(d.goroutines.filter((g) => g.state === 'GC scavenge wait')).toHaveLength(1);
    }
  });

  it('deadlock and a re-panic in a deferred function', async () => {
    const dl = await open(SAMPLES, 'deadlock.txt');
    expect(dl.panic?.message).toBe('all goroutines are asleep - deadlock!');
    const ids = [...readFileSync(join(SAMPLES, 'deadlock.txt'), 'utf8').matchAll(/^goroutine (\d+) /gm)].map(
      (m) => Number(m[1]),
    );
    expect(dl.goroutines.map((g) => [g.id, g.state, g.parentId])).toEqual([
      [ids[0], 'semacquire', -1],
      [ids[1], 'chan receive', -1],
    ]);
    const rp = await open(SAMPLES, 'recovered.txt');
    expect(rp.panic?.message).toBe('first [recovered]\nre-panic after first');
    const lines = read(SAMPLES, 'recovered.txt').split('\n');
    const first = lines[lines.indexOf('goroutine 1 [running]:') + 1];
    expect(rp.panic?.function).toBe(first.slice(0, first.indexOf('(')));
    expect(rp.panic?.function).toMatch(/^main\.main\.func\d+$/);
  });

  it('pprof.Do labels: debug=1 groups them by label set, debug=2 by stack', async () => {
    const d1 = await open(SAMPLES, 'leak-debug1.txt');
    expect(d1.declaredTotal).toBe(11);
    expect(d1.total).toBe(11);
    expect(d1.goroutines.map((g) => [g.weight, g.labels ?? ''])).toEqual([
      [3, '{"handler":"orders", "tenant":"t0"}'],
      [3, '{"handler":"orders", "tenant":"t1"}'],
      [3, '{"handler":"billing"}'],
      [1, ''],
      [1, ''],
    ]);
    expect(await sizes(SAMPLES, 'leak-debug2.txt')).toEqual([
      [6, 'chan receive', 'main.leak.func1'],
      [3, 'semacquire', 'main.leak.func2'],
      [1, 'running', 'main.leak'],
      [1, 'semacquire', 'main.leak.func3'],
    ]);
  });
});

describe('go test -v and go test -json (Go 1.19, samples/go-variants)', () => {
  it('a test timeout reads the same from the text and from test2json events', async () => {
    const txt = await open(SAMPLES, 'gotest-timeout.txt');
    const json = await open(SAMPLES, 'gotest-timeout.json');
    for (const d of [txt, json]) {
      expect(d.warnings).toEqual([]);
      expect(d.total).toBe(7);
      expect(d.panic).toMatchObject({
        message: 'test timed out after 2s',
        function: 'testing.(*M).startAlarm.func1',
      });
    }
    expect(await sizes(SAMPLES, 'gotest-timeout.json')).toEqual(await sizes(SAMPLES, 'gotest-timeout.txt'));
    expect((await sizes(SAMPLES, 'gotest-timeout.json'))[0]).toEqual([
      3,
      'semacquire',
      'example.com/govariants.TestHang.func1',
    ]);
    // `=== RUN`, the t.Log line, `FAIL\tpkg\t2.006s`, `FAIL`; in JSON also the run and fail events
    expect(txt.framingLines).toBe(4);
    expect(txt.capturedAtMs).toBeUndefined();
    // test2json stamps every line: the crash is placed at its panic line's event
    const panicEvent = readFileSync(join(SAMPLES, 'gotest-timeout.json'), 'utf8')
      .split('\n')
      .find((l) => l.includes('"Output":"panic: test timed out'))!;
    const time = (JSON.parse(panicEvent) as { Time: string }).Time;
    expect(json.capturedAtMs).toBe(Date.parse(time.replace(/(\.\d{3})\d+/, '$1')));
  });
});

describe('go test output of old Go versions (t-yuki/gotfmt)', () => {
  it('Go 1.4 fatal error: runtime stack, a goroutine on another thread, go test lines around it', async () => {
    const d = await open(GOTFMT, 'go-test-issue9321.txt');
    expect(d.warnings).toEqual([]);
    expect(d.total).toBe(4);
    expect(d.framingLines).toBe(3); // === RUN, exit status 2, FAIL
    expect(d.panic).toMatchObject({
      kind: 'fatal error',
      message: 'schedule: holding locks',
      systemStack: ['runtime.throw', 'schedule', 'runtime.park_m', 'runtime.mcall'],
    });
    const g18 = d.goroutines.find((g) => g.id === 18)!;
    expect(g18.stackUnavailable).toBe(true);
    expect(d.creators[g18.creator].function).toBe('_/home/rina/repro.TestRepro');
  });

  it('Go 1.3 SIGABRT: the signalled thread frames have no goroutine header', async () => {
    const d = await open(GOTFMT, 'go-test-sigabrt.txt');
    expect(d.warnings).toEqual([]);
    expect(d.total).toBe(2);
    expect(d.panic).toMatchObject({
      kind: 'SIGABRT',
      message: 'abort',
      text: ['SIGABRT: abort', 'PC=0x424dd1'],
    });
    expect(d.panic?.systemStack).toEqual([
      'runtime.notetsleepg',
      'runtime.signal_recv',
      'os/signal.loop',
      'runtime.goexit',
    ]);
  });

  it('nil-channel waits and a test timeout, with exit status and FAIL lines after the last stack', async () => {
    const dl = await open(GOTFMT, 'go-test-deadlock.txt');
    expect(dl.warnings).toEqual([]);
    expect(dl.goroutines.map((g) => [g.id, g.state])).toEqual([
      [1, 'chan receive'],
      [3, 'chan receive (nil chan)'],
      [4, 'chan send (nil chan)'],
    ]);
    expect(dl.goroutines.every((g) => !g.partial)).toBe(true);
    const to = await open(GOTFMT, 'go-test-timeout.txt');
    expect(to.warnings).toEqual([]);
    expect(to.panic).toMatchObject({
      message: 'test timed out after 1s',
      goroutineId: 5,
      function: 'testing.func·007',
    });
    expect(to.goroutines.map((g) => g.state)).toEqual(['running', 'chan receive', 'sleep']);
  });
});

describe('docker compose output (ente-io/ente docs)', () => {
  it('strips the `museum-1    | ` prefix once a panic follows it, and knows the exit line', async () => {
    const d = await open(COMPOSE, 'ente-museum-compose.txt');
    expect(d.warnings).toEqual([]);
    expect(d.total).toBe(1);
    expect(d.framingLines).toBe(1);
    expect(d.panic).toMatchObject({
      kind: 'panic',
      message: 'pq: password authentication failed for user "pguser"',
      goroutineId: 1,
      function: 'main.setupDatabase',
    });
    expect(d.stacks[d.goroutines[0].stack].frames).toEqual([
      {
        function: 'main.setupDatabase',
        file: '/etc/ente/cmd/museum/main.go',
        line: 846,
        pcOffset: 0x338,
        inlined: false,
      },
      {
        function: 'main.main',
        file: '/etc/ente/cmd/museum/main.go',
        line: 124,
        pcOffset: 0x44c,
        inlined: false,
      },
    ]);
  });
});
