import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../testdata/corpus.ts';
import { bytesSource } from '../core/byte-source.ts';
import { detectFormat, Engine, UnknownFormatError } from '../engine/engine.ts';
import { SNIFF_BYTES, sniff } from './sniff.ts';

const SAMPLES = resolve(import.meta.dirname, '../../samples');

function files(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('sniff on the third-party corpus', () => {
  const cases: [string, string][] = [
    ...files(join(CORPUS, 'jvm-gc/unified')).map((f): [string, string] => [f, 'jvm-gclog']),
    ...files(join(CORPUS, 'jvm-gc/jdk8')).map((f): [string, string] => [f, 'jvm-gclog']),
    ...files(join(CORPUS, 'jvm-gc/jdk8-cms-failure')).map((f): [string, string] => [f, 'jvm-gclog']),
    ...files(join(CORPUS, 'jvm-gc/zgc-jdk11')).map((f): [string, string] => [f, 'jvm-gclog']),
    ...files(join(CORPUS, 'go-gctrace')).map((f): [string, string] => [f, 'go-gctrace']),
    ...files(join(CORPUS, 'pprof')).map((f): [string, string] => [f, 'pprof']),
    ...['goroutines', 'goroutines/gotfmt', 'goroutines/compose']
      .flatMap((d) => files(join(CORPUS, d)))
      .filter((f) => !f.endsWith('.go.txt'))
      .map((f): [string, string] => [f, 'goroutine-dump']),
    ...files(join(SAMPLES, 'go-variants/artifacts'))
      .filter((f) => /\.(txt|log|json)$/.test(f))
      .map((f): [string, string] => [f, f.endsWith('.log') ? 'go-gctrace' : 'goroutine-dump']),
  ];
  it.each(cases)('%s is %s', async (file, format) => {
    expect(await detectFormat(bytesSource(file, readFileSync(file)))).toBe(format);
  });
  it('does not take Go source code for a dump', () => {
    expect(sniff(readFileSync(join(CORPUS, 'goroutines/goleak-http.go.txt')))).toBeUndefined();
  });
});

describe('sniff on the samples', () => {
  const manifest = (id: string) =>
    JSON.parse(readFileSync(join(SAMPLES, id, 'manifest.json'), 'utf8')) as {
      artifacts: { file: string; kind: string }[];
    };
  const expected: Record<string, string | undefined> = {
    'go-heapdump': 'go-heapdump',
    hprof: 'hprof',
    pprof: 'pprof',
    'pprof-text': 'pprof-text',
    'goroutine-dump': 'goroutine-dump',
    'crash-traceback': 'goroutine-dump',
    'go-gctrace': 'go-gctrace',
    'jvm-gclog': 'jvm-gclog',
    jstat: 'jstat',
    'thread-dump': 'java-thread-dump',
  };
  for (const id of ['go-leak', 'java-oom']) {
    for (const a of manifest(id).artifacts.filter((x) => x.kind in expected)) {
      // The legacy text heap profile (debug=1) is a pprof artifact in its own format.
      const want = a.kind === 'pprof' && a.file.endsWith('.txt') ? 'pprof-text' : expected[a.kind];
      it(`${id}/${a.file} is ${want}`, async () => {
        const path = join(SAMPLES, id, a.file);
        expect(await detectFormat(bytesSource(path, readFileSync(path)))).toBe(want);
      });
    }
  }
});

describe('sniff on the JDK 17 GC variants (samples/gc-variants)', () => {
  it.each([
    ['zgc-uptime.log', 'jvm-gclog'],
    ['zgc-gc-star.log', 'jvm-gclog'],
    ['jstat-gcutil.txt', 'jstat'],
  ])('%s is %s', async (name, format) => {
    const path = join(SAMPLES, 'gc-variants/artifacts', name);
    expect(await detectFormat(bytesSource(path, readFileSync(path)))).toBe(format);
  });
});

describe('sniff edge cases', () => {
  it('recognises headers regardless of the file name', () => {
    expect(sniff(enc('go1.7 heap dump\n\x06'))).toBe('go-heapdump');
    expect(sniff(enc('JAVA PROFILE 1.0.2\0'))).toBe('hprof');
    expect(sniff(enc('heap profile: 1: 2 [3: 4] @ heap/1048576\n'))).toBe('pprof-text');
    expect(
      sniff(enc('Timestamp        S0C    S1C    S0U    S1U      EC       EU        OC         OU\n')),
    ).toBe('jstat');
    expect(sniff(enc('goroutine profile: total 3\n'))).toBe('goroutine-dump');
  });
  it('sees through log prefixes and Docker JSON', () => {
    expect(sniff(enc('2024-05-01T12:00:00.123Z goroutine 1 [running]:\n'))).toBe('goroutine-dump');
    expect(sniff(enc('{"log":"goroutine 7 [chan receive, 3 minutes]:\\n","stream":"stderr"}\n'))).toBe(
      'goroutine-dump',
    );
    expect(
      sniff(
        enc(
          '2024-05-01T12:00:00Z gc 3 @1.5s 2%: 0.1+1+0.1 ms clock, 0.1+0/1/0+0.1 ms cpu, 4->4->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 8 P\n',
        ),
      ),
    ).toBe('go-gctrace');
    expect(sniff(enc('goroutine 12 gp=0xc000007a40 m=nil [select]:\n'))).toBe('goroutine-dump');
  });
  it('recognises Java thread dumps (jstack, jcmd Thread.print, kill -3 in a log)', () => {
    expect(
      sniff(
        enc('12345:\n2026-11-27 22:40:22\nFull thread dump OpenJDK 64-Bit Server VM (17.0.15 mixed mode):\n'),
      ),
    ).toBe('java-thread-dump');
    // No "Full thread dump" line in the sniffed head: a header alone (JDK 8, JDK 21 with [osid], JDK 7).
    expect(
      sniff(
        enc(
          '"main" #1 prio=5 os_prio=0 tid=0x00007f0c4c00a000 nid=0x2b03 waiting on condition [0x00007f0c55d9a000]\n',
        ),
      ),
    ).toBe('java-thread-dump');
    expect(
      sniff(
        enc(
          '"main" #1 [12345] prio=5 os_prio=0 cpu=10.2ms elapsed=3.1s tid=0x00007f0c4c00a000 nid=12345 runnable\n',
        ),
      ),
    ).toBe('java-thread-dump');
    expect(sniff(enc('"VM Thread" prio=10 tid=0x00007f2b88076800 nid=0x5d06 runnable \n'))).toBe(
      'java-thread-dump',
    );
    expect(
      sniff(
        enc(
          '2024-05-01T12:00:00.123Z Full thread dump Java HotSpot(TM) 64-Bit Server VM (25.372-b07 mixed mode):\n',
        ),
      ),
    ).toBe('java-thread-dump');
    expect(
      sniff(
        enc(
          '{"log":"\\"ledger-flush\\" #17 daemon prio=5 os_prio=0 tid=0x00007f6b7c0cf360 nid=0x67e3 sleeping\\n","stream":"stdout"}\n',
        ),
      ),
    ).toBe('java-thread-dump');
    // A quoted string that mentions tid= in prose is not a header.
    expect(sniff(enc('"hello" said the tid=1 man\n'))).toBeUndefined();
  });
  it('looks inside gzip', async () => {
    const hprof = gzipSync(enc('JAVA PROFILE 1.0.2\0\0\0\0\x08'));
    expect(await detectFormat(bytesSource('x.gz', hprof))).toBe('hprof');
    const log = gzipSync(
      enc('gc 1 @0.016s 19%: 0.05+36+0.01 ms clock, 0.2+36/4.9/39+0.06 ms cpu, 3->3->3 MB, 4 MB goal, 4 P\n'),
    );
    expect(await detectFormat(bytesSource('gc.log.gz', log))).toBe('go-gctrace');
  });
  it('rejects random bytes and plain prose', () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expect(sniff(noise)).toBeUndefined();
    expect(sniff(enc('Dear team,\nthe service fell over again.\n'))).toBeUndefined();
    expect(sniff(new Uint8Array(0))).toBeUndefined();
  });
});

describe('new text variants are sniffed', () => {
  it.each([
    ['jthreads/springboot-2.5.4-visualvm-style.txt', 'java-thread-dump'],
    ['jthreads/jdk1.4.1-weblogic-deadlock.txt', 'java-thread-dump'],
    ['pprof-text/cppbench.heap', 'pprof-text'],
    ['pprof-text/java.heap', 'pprof-text'],
    ['pprof-text/cppbench.contention', 'pprof-text'],
    ['pprof-text/java.contention', 'pprof-text'],
    ['pprof-text/go.godoc.thread', 'pprof-text'],
  ])('corpus %s is %s', (file, format) => {
    expect(sniff(readFileSync(join(CORPUS, file)))).toBe(format);
  });
  it.each([
    ['jthreads/testdata/jdk17-threadinfo.txt', 'java-thread-dump'],
    ['jthreads/testdata/jdk17-evil-name.txt', 'java-thread-dump'],
    ['jthreads/testdata/jdk17-class-histogram.txt', 'java-thread-dump'],
    ['pprof/testdata/go1.19-block.txt', 'pprof-text'],
    ['pprof/testdata/go1.19-mutex.txt', 'pprof-text'],
    ['pprof/testdata/go1.19-threadcreate.txt', 'pprof-text'],
    ['goroutines/testdata/glued-go1.19.txt', 'goroutine-dump'],
  ])('%s is %s', (file, format) => {
    expect(sniff(readFileSync(join(import.meta.dirname, file)))).toBe(format);
  });
});

describe('an unknown format says what the file is', () => {
  const openError = async (name: string, bytes: Uint8Array) => {
    try {
      await new Engine().open(bytesSource(name, bytes));
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownFormatError);
      return (e as UnknownFormatError).message;
    }
    throw new Error(`${name} opened`);
  };
  const utf16le = (s: string) => {
    const b = new Uint8Array(2 + 2 * s.length);
    b.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) {
      b[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      b[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    return b;
  };
  const manifest = readFileSync(join(SAMPLES, 'java-oom/manifest.json'));

  it('names an IBM javacore as not supported', async () => {
    const m = await openError('javacore.txt', readFileSync(join(CORPUS, 'jthreads/ibm-1.3.1-javacore.txt')));
    expect(m).toMatch(/^javacore\.txt at byte 0: expected .*, found an IBM javacore: not supported/);
  });
  it('reads a JVM log decorated without level and tags (it used to be refused as one)', async () => {
    const log = readFileSync(join(import.meta.dirname, 'testdata/jdk17-gc-uptime-only.log'));
    expect(await detectFormat(bytesSource('gc.log', log))).toBe('jvm-gclog');
  });
  it('names an ELF executable and what to do with it', async () => {
    const elf = readFileSync(join(SAMPLES, 'go-leak/artifacts/go-leak')).subarray(0, SNIFF_BYTES);
    expect(await openError('go-leak', elf)).toContain(
      'found an ELF executable (open it beside a Go heap dump',
    );
  });
  it('names JSON, UTF-16 text and gzip of text it does not read', async () => {
    expect(await openError('manifest.json', manifest)).toContain('found JSON: not a format this reads');
    expect(await openError('m.json', utf16le(manifest.toString('utf8')))).toContain(
      'found UTF-16LE (with BOM) text: JSON: not a format this reads',
    );
    expect(await openError('m.json.gz', gzipSync(manifest))).toContain(
      'found gzip of an unrecognised format (inside: JSON: not a format this reads)',
    );
  });
  it('quotes the start of other text and the first bytes of other binary data', async () => {
    expect(await openError('note.txt', enc('Dear team,\nthe service fell over again.\n'))).toContain(
      'found text starting "Dear team,"',
    );
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(await openError('noise.bin', noise)).toContain('found binary data starting 0d 97 26 b0');
  });
});
