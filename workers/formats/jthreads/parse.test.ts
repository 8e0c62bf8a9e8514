import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { openThreadDump } from './handler.ts';
import { parseHeader, parseLocation, parseThreadDump } from './parse.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const read = (f: string) => readFileSync(join(TESTDATA, f));
const enc = (s: string) => new TextEncoder().encode(s);
const parseText = (s: string, chunkSize?: number) =>
  parseThreadDump(bytesSource('t.txt', enc(s)), {}, chunkSize ? { chunkSize } : {});

describe('header lines', () => {
  it('JDK 17 jcmd: id, daemon, priorities, cpu, elapsed, tid, nid, state text', () => {
    const h = parseHeader(
      '"ledger-writer-1" #18 daemon prio=5 os_prio=0 cpu=0.32ms elapsed=5.20s tid=0x00007f6b7c0d2070 nid=0x67e4 waiting for monitor entry  [0x00007f6b64efe000]',
    )!;
    expect(h).toMatchObject({
      name: 'ledger-writer-1',
      id: 18,
      daemon: true,
      headerState: 'waiting for monitor entry',
    });
    expect(h.fields).toMatchObject({
      prio: '5',
      os_prio: '0',
      cpu: '0.32ms',
      elapsed: '5.20s',
      nid: '0x67e4',
    });
  });
  it('JDK 21 [osid], JDK 8 without cpu, JDK 7 without #id, VM threads, names with quotes and spaces', () => {
    expect(
      parseHeader(
        '"main" #1 [4243] prio=5 os_prio=0 cpu=55.10ms elapsed=2.01s tid=0x00007f3e8c02c000 nid=4243 runnable',
      ),
    ).toMatchObject({ name: 'main', id: 1, osThread: '4243', headerState: 'runnable' });
    expect(parseHeader('"VM Thread" prio=10 tid=0x00007f2b88076800 nid=0x5d06 runnable ')).toMatchObject({
      name: 'VM Thread',
      id: -1,
      daemon: false,
      headerState: 'runnable',
    });
    expect(
      parseHeader('"a "quoted" name" #3 daemon prio=5 tid=0x1 nid=0x2 in Object.wait() [0x3]'),
    ).toMatchObject({
      name: 'a "quoted" name',
      id: 3,
      headerState: 'in Object.wait()',
    });
    expect(parseHeader('"Thread-1":')).toBeUndefined();
    expect(parseHeader('"just a quote" in prose')).toBeUndefined();
  });
  it('frame locations: module prefix, native, unknown source, class loader "app//"', () => {
    expect(parseLocation('java.lang.Thread.run', 'java.base@17.0.15/Thread.java:840')).toEqual({
      function: 'java.lang.Thread.run',
      file: 'Thread.java',
      line: 840,
      module: 'java.base@17.0.15',
    });
    expect(parseLocation('x.Y.z', 'Native Method')).toEqual({
      function: 'x.Y.z',
      file: 'Native Method',
      line: 0,
    });
    expect(parseLocation('a.B$$Lambda$2/0x1.run', 'Unknown Source')).toMatchObject({
      file: 'Unknown Source',
      line: 0,
    });
    expect(parseLocation('app.Main.main', 'app//Main.java:14')).toMatchObject({
      file: 'Main.java',
      line: 14,
      module: 'app/',
    });
  });
});

describe('JDK 8 jstack -l with a deadlock', () => {
  it('reads threads, states, lock lines, ownable synchronizers, JNI refs and the time line', async () => {
    const d = await parseThreadDump(bytesSource('jdk8.txt', read('jdk8-deadlock-l.txt')));
    expect(d.warnings).toEqual([]);
    expect(d.truncated).toBe(false);
    expect(d.vm).toBe('Java HotSpot(TM) 64-Bit Server VM (25.372-b07 mixed mode)');
    expect(d.capturedAtMs).toBe(Date.UTC(2024, 2, 1, 10, 0, 0));
    expect(d.jniGlobalRefs).toBe(310);
    expect(d.threads.map((t) => t.name)).toEqual([
      'Attach Listener',
      'Thread-1',
      'Thread-0',
      'pool-1-thread-2',
      'pool-1-thread-1',
      'VM Thread',
      'GC task thread#0 (ParallelGC)',
      'VM Periodic Task Thread',
    ]);
    const t1 = d.threads[1];
    expect(t1).toMatchObject({ id: 10, state: 'BLOCKED', stateDetail: 'on object monitor', line: 10 });
    expect(t1.frames).toHaveLength(3);
    expect(t1.locks).toEqual([
      { action: 'waiting to lock', monitor: '0x000000076b5c0b50', class: 'java.lang.Object', frame: 0 },
      { action: 'locked', monitor: '0x000000076b5c0b60', class: 'java.lang.Object', frame: 0 },
    ]);
    // The ownable synchronizers come after a blank line (JDK 8) and still belong to their thread.
    expect(d.threads[4].ownableSynchronizers.map((s) => s.monitor)).toEqual([
      '0x000000076b6a1c28',
      '0x000000076b6a1c99',
    ]);
    expect(d.threads[5]).toMatchObject({ state: 'VM', frames: [] });
    // The JVM's own report: two edges, each naming the holder.
    expect(d.deadlocks).toHaveLength(1);
    expect(d.deadlocks[0].edges).toEqual([
      {
        thread: 'Thread-1',
        waitsFor:
          'waiting to lock monitor 0x00007f1c2c003828 (object 0x000000076b5c0b50, a java.lang.Object)',
        monitor: '0x000000076b5c0b50',
        class: 'java.lang.Object',
        heldBy: 'Thread-0',
      },
      {
        thread: 'Thread-0',
        waitsFor:
          'waiting to lock monitor 0x00007f1c2c006168 (object 0x000000076b5c0b60, a java.lang.Object)',
        monitor: '0x000000076b5c0b60',
        class: 'java.lang.Object',
        heldBy: 'Thread-1',
      },
    ]);
  });

  it('analysis: the deadlock found by both the JVM and the wait-for graph, a ReentrantLock convoy', async () => {
    const o = await openThreadDump(bytesSource('jdk8.txt', read('jdk8-deadlock-l.txt')));
    const b = o.threads!;
    expect(b.total).toBe(8);
    expect(b.byState).toEqual({ RUNNABLE: 2, BLOCKED: 2, WAITING: 1, VM: 3 });
    expect(b.deadlocks).toHaveLength(1);
    expect(b.deadlocks[0].source).toBe('both');
    expect([...b.deadlocks[0].threads].sort()).toEqual(['Thread-0', 'Thread-1']);
    const sync = b.locks.find((l) => l.monitor === '0x000000076b6a1c28')!;
    expect(sync).toMatchObject({
      owner: 'pool-1-thread-1',
      waiters: ['pool-1-thread-2'],
      kind: 'synchronizer',
    });
    expect(b.locks.find((l) => l.monitor === '0x000000076b5c0b50')).toMatchObject({
      owner: 'Thread-0',
      waiters: ['Thread-1'],
    });
    expect(b.pools).toEqual([
      {
        name: 'pool-1-thread',
        count: 2,
        byState: { WAITING: 1, RUNNABLE: 1 },
        threadNames: ['pool-1-thread-2', 'pool-1-thread-1'],
      },
      { name: 'Thread', count: 2, byState: { BLOCKED: 2 }, threadNames: ['Thread-1', 'Thread-0'] },
    ]);
    // The deadlocked pair shares no stack: two groups of one; the three VM threads are one group.
    expect(b.groups[0]).toMatchObject({ count: 3, state: 'VM', frames: [] });
  });
});

describe('JDK 21 jcmd Thread.print', () => {
  it('reads the pid line, SMR section, [osid] headers, notes and the weak refs count', async () => {
    const d = await parseThreadDump(bytesSource('jdk21.txt', read('jdk21.txt')));
    expect(d.warnings).toEqual([]);
    expect(d.pid).toBe(4242);
    expect(d.jniGlobalRefs).toBe(14);
    expect(d.jniWeakRefs).toBe(0);
    expect(d.threads.map((t) => [t.name, t.id, t.state, t.nid])).toEqual([
      ['main', 1, 'TIMED_WAITING', '4243'],
      ['ForkJoinPool-1-worker-1', 22, 'RUNNABLE', '4260'],
      ['C2 CompilerThread0', 8, 'RUNNABLE', '4251'],
      ['GC Thread#0', -1, 'VM', '4245'],
    ]);
    expect(d.threads[1].notes).toEqual(['Carrying virtual thread #21']);
    expect(d.threads[2].notes?.[0]).toMatch(/^Compiling: 1234/);
    expect(d.threads[0].frames[2]).toEqual({
      function: 'app.Main.main',
      file: 'Main.java',
      line: 14,
      module: 'app/',
    });
  });
});

describe('log prefixes and line endings', () => {
  const plain = read('jdk8-deadlock-l.txt').toString('utf8');
  it('kubectl --timestamps prefixes (which eat the tab) give the same threads and the prefix time', async () => {
    const prefixed = plain
      .split('\n')
      .map((l, i) => (l === '' && i > 0 ? l : `2024-03-01T09:00:0${i % 10}.000Z ${l}`))
      .join('\n');
    const a = await parseText(plain);
    const b = await parseText(prefixed);
    expect(b.threads.map((t) => [t.name, t.state, t.frames.length, t.locks.length])).toEqual(
      a.threads.map((t) => [t.name, t.state, t.frames.length, t.locks.length]),
    );
    expect(b.capturedAtMs).toBe(Date.parse('2024-03-01T09:00:00.000Z'));
    expect(b.timeZone).toBe('log prefix');
  });
  it('CRLF and tiny read chunks change nothing', async () => {
    const a = await parseText(plain);
    const b = await parseText(plain.replace(/\n/g, '\r\n'), 7);
    expect(JSON.stringify(b.threads)).toBe(JSON.stringify(a.threads));
    expect(b.deadlocks).toEqual(a.deadlocks);
  });
});

describe('cut and broken dumps', () => {
  const sample = read('jdk8-deadlock-l.txt');
  it('a dump cut inside a stack keeps the threads before it and says where it stopped', async () => {
    const cut = sample.indexOf(enc('at Work.run(Work.java:9)'));
    const d = await parseThreadDump(bytesSource('cut.txt', sample.subarray(0, cut + 10)));
    expect(d.truncated).toBe(true);
    expect(d.truncatedAt).toBe(cut - 1);
    const lineNo = sample.subarray(0, cut).toString('latin1').split('\n').length;
    expect(d.warnings[0]).toBe(
      `truncated: line ${lineNo} is cut off (no newline at end of file): "\tat Work.ru"`,
    );
    expect(d.threads.map((t) => t.name)).toEqual([
      'Attach Listener',
      'Thread-1',
      'Thread-0',
      'pool-1-thread-2',
    ]);
    expect(d.threads[3].partial).toBe(true);
  });
  it('a dump cut at a line end before "JNI global references" is truncated too', async () => {
    const cut = sample.indexOf(enc('"VM Thread"'));
    const d = await parseThreadDump(bytesSource('cut.txt', sample.subarray(0, cut)));
    expect(d.truncated).toBe(true);
    expect(d.warnings[0]).toMatch(/JNI global refs/);
    expect(d.threads).toHaveLength(5);
  });
  it('stray lines inside a stack and log lines around the dump are counted and quoted with line numbers', async () => {
    const text = [
      'INFO starting service',
      'Full thread dump OpenJDK 64-Bit Server VM (17.0.15 mixed mode):',
      '',
      '"main" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable [0x3]',
      '   java.lang.Thread.State: RUNNABLE',
      '\tat a.B.c(B.java:1)',
      '\t%%% garbage %%%',
      '\tat a.B.d(B.java:2)',
      '',
      'JNI global refs: 1, weak refs: 0',
      'INFO done',
      '',
    ].join('\n');
    const d = await parseText(text);
    expect(d.truncated).toBe(false);
    expect(d.threads[0].frames.map((f) => f.line)).toEqual([1, 2]);
    expect(d.warnings).toEqual([
      '1 unexpected line inside thread stacks skipped (line 7: expected a frame ("at …"), a lock line ("- locked <0x…>") or a blank line, found "\t%%% garbage %%%")',
      '2 lines outside the dump skipped (line 1: "INFO starting service"; line 11: "INFO done")',
    ]);
  });
  it('a file with no thread says what it expected', async () => {
    const d = await parseText('hello\nworld\n');
    expect(d.threads).toEqual([]);
    expect(d.warnings.some((w) => w.startsWith('no thread found: expected headers like'))).toBe(true);
  });
  it('random cuts and byte flips never throw anything but ParseError and never hang', async () => {
    const bytes = new Uint8Array(sample);
    // Any cut before the JNI line (which closes the thread list) is noticed; after it, only a cut
    // inside the deadlock report is.
    const jni = sample.indexOf(enc('JNI global references'));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const b = bytes.slice(0, cut);
          for (const [i, v] of flips) if (i < b.length) b[i] = v;
          try {
            const o = await openThreadDump(bytesSource('fuzz.txt', b));
            expect(o.threads!.total).toBeLessThanOrEqual(8);
            if (cut > 0 && cut <= jni && flips.length === 0) expect(o.truncated).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
