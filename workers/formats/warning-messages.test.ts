/**
 * Every warning a format reader writes comes with its message, so the UI can say it in the user's
 * language: real files (the samples, the vendored corpus, the readers' test data), cut, mangled or
 * glued the ways files arrive, opened through the engine (or the reader, where the engine refuses
 * the file), and each warning checked to have a message whose English is exactly the warning.
 * Together the cases reach every message key of the readers' warnings (`FORMAT_WARNING_KEYS`); a
 * source check keeps readers from pushing bare English warnings that no case reaches yet.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import type { MessageRef } from '../../contract/inspect.ts';
import { CORPUS } from '../../testdata/corpus.ts';
import { bytesSource } from '../core/byte-source.ts';
import { english, isMsg, MESSAGES, type Msg, msg, warningMessages } from '../core/messages.ts';
import { Engine } from '../engine/engine.ts';
import { openAppLog } from './applog/handler.ts';
import { parseJstat } from './gclog/jstat.ts';
import { parseGoroutineDump } from './goroutines/parse.ts';
import { parseThreadDump } from './jthreads/parse.ts';
import { sniffLegacyCpu } from './pprof/legacy-cpu.ts';
import { FORMAT_WARNING_KEYS } from './warning-keys.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p));
const text = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const enc = (s: string) => new TextEncoder().encode(s);

const GCTRACE = text('samples/go-leak/artifacts/gctrace.log');
const JSTAT = text('samples/java-oom/artifacts/jstat.txt');
const THREADS = text('samples/java-oom/artifacts/threaddump.txt');
const D2 = text('samples/go-leak/artifacts/goroutines-1.debug2.txt');
const D1 = text('samples/go-leak/artifacts/goroutines-1.debug1.txt');
const HEAP_TEXT = text('samples/go-leak/artifacts/heap-1.debug1.txt');

/** The text up to (and with) the line holding `needle` (from `from`). */
const upToLine = (s: string, needle: string, from = 0) =>
  s.slice(0, s.indexOf('\n', s.indexOf(needle, from)) + 1);
/** The whole line holding `needle`, with its newline. */
const lineWith = (s: string, needle: string) => {
  const at = s.indexOf(needle);
  return s.slice(s.lastIndexOf('\n', at) + 1, s.indexOf('\n', at) + 1);
};
/** `s` with `insert` put on its own line after the line holding `needle`. */
const afterLine = (s: string, needle: string, insert: string) => {
  const at = s.indexOf('\n', s.indexOf(needle)) + 1;
  return s.slice(0, at) + insert + s.slice(at);
};

interface Case {
  name: string;
  bytes: Uint8Array | (() => Uint8Array);
  /** Opened by a reader directly: files the engine refuses (nothing to show) still get warnings. */
  reader?: (name: string, bytes: Uint8Array) => Promise<{ warnings: string[]; warningMsgs?: MessageRef[] }>;
  /** Keys this case must produce (so a case that stops reaching its warning fails). */
  keys: string[];
}

const CASES: Case[] = [
  // Go gctrace
  {
    name: 'gctrace of a process that restarted',
    bytes: enc(GCTRACE + upToLine(GCTRACE, 'gc 3 @')),
    keys: ['gc/warnRestart', 'gc/warnRestarts'],
  },
  {
    name: 'gctrace cut mid-line',
    bytes: enc(GCTRACE.slice(0, GCTRACE.indexOf(' MB goal', GCTRACE.indexOf('gc 40 @')))),
    keys: ['gc/warnCutLine'],
  },
  {
    name: 'gzipped gctrace cut short',
    bytes: () => {
      const z = gzipSync(enc(GCTRACE));
      return z.subarray(0, Math.floor(z.length / 2));
    },
    keys: ['gc/warnGzipCut'],
  },
  // JVM GC logs
  {
    name: 'JVM GC log with repeated lines',
    bytes: () => {
      const log = text('samples/java-oom/artifacts/gc.log');
      const line = lineWith(log, 'Pause Young (Normal) (G1 Evacuation Pause) 9M');
      return enc(afterLine(log, line, line));
    },
    keys: ['gc/warnDuplicates'],
  },
  {
    name: 'JDK 6 CMS log ending inside a multi-line event',
    bytes: () => {
      const log = readFileSync(join(CORPUS, 'jvm-gc/jdk8-cms-failure/SampleSun1_6_0CMS.txt'), 'utf8');
      const failure = '(concurrent mode failure)';
      return enc(log.slice(0, log.indexOf(failure, log.indexOf(failure) + 1) - 5));
    },
    keys: ['gc/warnOpenEvent'],
  },
  {
    name: 'ZGC console log of a JVM that ran out of memory: allocation stalls',
    bytes: read('samples/gc-variants/artifacts/oom-zgc-console.log'),
    keys: ['gc/warnAllocationStalls'],
  },
  {
    name: 'unified logging without a clock decoration (-Xlog:gc:…:none)',
    bytes: read('samples/gc-variants/artifacts/deco-none.log'),
    keys: ['gc/warnNoClock'],
  },
  {
    name: 'unified logging of gc+heap=debug only: heap blocks, no pause lines',
    bytes: read('samples/gc-variants/artifacts/g1-heap-debug.log'),
    keys: ['gc/warnHeapBlocksOnly'],
  },
  // jstat
  {
    name: 'jstat -gcutil',
    bytes: read('samples/gc-variants/artifacts/jstat-gcutil.txt'),
    keys: ['jstat/warnGcutil'],
  },
  {
    name: 'jstat without FGC and FGCT columns, without -t',
    bytes: enc(
      JSTAT.split('\n')
        .map((l) => l.trim().split(/\s+/).slice(1).join(' ').replace(' FGC FGCT ', ' FGX FGXT '))
        .join('\n'),
    ),
    keys: ['jstat/warnMissingColumns', 'jstat/warnNoTimestamp'],
  },
  {
    name: 'jstat rows without a header',
    bytes: enc(JSTAT.slice(JSTAT.indexOf('\n') + 1)),
    reader: async (name, bytes) => parseJstat(bytesSource(name, bytes), {}),
    keys: ['jstat/warnNoHeader'],
  },
  // application logs (the engine reads these lines as gctrace: the log reader takes them as they are)
  {
    name: 'app log with lines out of order, cut mid-line',
    bytes: () => {
      // the last line first: the second goes back by the whole log's span
      const lines = GCTRACE.trimEnd().split('\n');
      return enc([lines[lines.length - 1], ...lines].join('\n').slice(0, -20));
    },
    reader: async (name, bytes) => openAppLog(bytesSource(name, bytes), {}),
    keys: ['applog/warnBackwards', 'applog/warnCut'],
  },
  // Java thread dumps
  {
    name: 'two thread dumps in one file, log lines around them',
    bytes: enc(`starting service\nready to serve\n${THREADS}${THREADS}`),
    keys: ['jthreads/warnMoreDumps', 'file/warnOutside', 'file/line', 'file/sep'],
  },
  {
    name: 'thread dump cut mid-line',
    bytes: enc(THREADS.slice(0, THREADS.indexOf('java.lang.Thread.State', 2000) + 10)),
    keys: ['jthreads/warnTruncated', 'jthreads/cutLine'],
  },
  {
    name: 'thread dump cut between threads',
    bytes: enc(upToLine(THREADS, '"Signal Dispatcher"')),
    keys: ['jthreads/cutThread'],
  },
  {
    name: 'thread dump cut after a whole thread',
    bytes: enc(`${upToLine(THREADS, '"Signal Dispatcher"')}   java.lang.Thread.State: RUNNABLE\n\n`),
    keys: ['jthreads/cutJni'],
  },
  {
    name: 'gzipped thread dump cut short',
    bytes: () => {
      // stored (level 0): the inflated text stops exactly where the cut is, here after a whole line
      const z = gzipSync(enc(THREADS), { level: 0 });
      return z.subarray(0, 10 + 5 + THREADS.indexOf('\n', 3000) + 1);
    },
    keys: ['jthreads/cutGzip'],
  },
  {
    name: 'thread dump cut inside its deadlock report',
    bytes: () => {
      const d = text('workers/formats/jthreads/testdata/jdk8-deadlock-l.txt');
      return enc(upToLine(d, 'waiting to lock', d.indexOf('Found one Java-level deadlock')));
    },
    keys: ['jthreads/cutDeadlock'],
  },
  {
    name: 'class histogram cut before its total',
    bytes: () => {
      const h = text('workers/formats/jthreads/testdata/jdk17-class-histogram.txt');
      return enc(h.slice(0, h.lastIndexOf('\n', h.indexOf('Total') - 200) + 1));
    },
    keys: ['jthreads/cutHistogram'],
  },
  {
    name: 'thread dump header only',
    bytes: enc(upToLine(THREADS, 'Full thread dump')),
    reader: async (name, bytes) => parseThreadDump(bytesSource(name, bytes), {}),
    keys: ['jthreads/cutBeforeFirst', 'jthreads/warnNoThread'],
  },
  {
    name: 'thread dump with stray lines and a thread without its state',
    bytes: () => {
      let t = afterLine(THREADS, 'at java.lang.Thread.sleep', '\t?? not a frame\n');
      t = afterLine(t, 'at java.lang.ref.Reference.waitForReferencePendingList', '\t?? nor this\n');
      t = afterLine(t, '"GC Thread#0"', '\n  indented, not a header\n');
      const state = t.indexOf('   java.lang.Thread.State: RUNNABLE', t.indexOf('"Service Thread"'));
      return enc(t.slice(0, state) + t.slice(t.indexOf('\n', state) + 1));
    },
    keys: [
      'jthreads/warnStray',
      'jthreads/expectFrame',
      'jthreads/expectHeader',
      'file/lineExpected',
      'jthreads/warnPartial',
    ],
  },
  // goroutine dumps
  {
    name: 'goroutine dump with unknown states, stray lines and log lines before it',
    bytes: () => {
      let t = D2.replace('[semacquire', '[frobnicating').replace('[sleep', '[daydreaming');
      t = afterLine(t, 'main.capturePhase.func1(', '?? not a file line\n');
      t = afterLine(t, 'runtime/pprof/pprof.go:681', '?? not a frame\n');
      return enc(`service log line one\nservice log line two\n${t}`);
    },
    keys: [
      'goroutines/warnUnknownStates',
      'goroutines/stateAt',
      'file/comma',
      'goroutines/warnStray',
      'goroutines/expectFileLine',
      'goroutines/expectFrame',
      'file/warnOutside',
    ],
  },
  {
    name: 'goroutine dump with a stray line after "created by"',
    bytes: enc(afterLine(D2, 'created by ', '?? not where\n')),
    keys: ['goroutines/expectCreatorFile'],
  },
  {
    name: 'goroutine dump with a stray line among ancestors',
    bytes: () => {
      const t = text('workers/formats/goroutines/testdata/go1.19-ancestors.txt');
      return enc(afterLine(t, '[originating from goroutine', '?? not an ancestor frame\n'));
    },
    keys: ['goroutines/expectAncestor'],
  },
  {
    name: 'debug=1 goroutine profile with a stray line',
    bytes: enc(afterLine(D1, 'main.exportWorker+0x38', '?? not a pc frame\n')),
    keys: ['goroutines/expectPcFrame'],
  },
  {
    name: 'text without goroutines',
    bytes: enc('nothing to see here\n'),
    reader: async (name, bytes) => parseGoroutineDump(bytesSource(name, bytes), {}),
    keys: ['goroutines/warnNoGoroutine'],
  },
  // pprof profile.proto
  {
    name: 'gzipped profile without its gzip trailer',
    bytes: () => {
      const z = read('samples/go-leak/artifacts/heap-1.pb.gz');
      return z.subarray(0, z.length - 8);
    },
    keys: ['pprof/warnGzipCut'],
  },
  {
    name: 'profile.proto cut, then gzipped',
    bytes: () => {
      // profile.proto puts the string table last: the samples moved to the end can be cut
      const raw = gunzipSync(read('samples/go-leak/artifacts/heap-1.pb.gz'));
      const { samples, rest } = splitSamples(raw);
      return gzipSync(Buffer.concat([rest, samples.subarray(0, Math.floor(samples.length * 0.7))]));
    },
    keys: ['pprof/warnProtoCut', 'pprof/whereDecompressed'],
  },
  {
    name: 'profile with a drop_frames pattern that does not compile',
    bytes: () => {
      const p = Profile.decode(gunzipSync(read('samples/go-leak/artifacts/heap-1.pb.gz')));
      p.dropFrames = p.stringTable.dedup('([unclosed');
      return p.encode();
    },
    keys: ['pprof/warnPrune'],
  },
  {
    name: 'legacy CPU profile without its trailer',
    bytes: () => {
      // the samples' words, read as the reader does, up to a sample boundary before the trailer
      const b = readFileSync(join(CORPUS, 'pprof/cppbench.cpu.pb'));
      const h = sniffLegacyCpu(b);
      if (!h) throw new Error('not a legacy CPU profile');
      let p = h.size * 5;
      for (let i = 0; i < 3; i++) p += (2 + (h.read(b, p + h.size) ?? 0)) * h.size;
      return b.subarray(0, p);
    },
    keys: ['pprof/warnNoTrailer'],
  },
  // pprof legacy text
  {
    name: 'contention profile with unknown lines, cut mid-line',
    bytes: () => {
      const t = afterLine(
        text('workers/formats/pprof/testdata/go1.19-mutex.txt'),
        '--- mutex:',
        '?? what\n?? and what\n',
      );
      return enc(t.trimEnd().slice(0, -3));
    },
    keys: ['pprof/warnUnknownLines', 'file/lineJson', 'pprof/warnLastLine'],
  },
  {
    name: 'Java heapz profile with a zero-count sample',
    bytes: () => {
      const t = readFileSync(join(CORPUS, 'pprof-text/java.heap'), 'utf8');
      return enc(t.replace(/^(\s*\d+)\s+1 @/m, '$1     0 @'));
    },
    keys: ['pprof/warnZeroSamples'],
  },
  {
    name: 'threadcreate profile whose samples miss its total',
    bytes: () => {
      const t = text('workers/formats/pprof/testdata/go1.19-threadcreate.txt');
      return enc(t.replace(/total (\d+)/, (_, n) => `total ${Number(n) + 5}`));
    },
    keys: ['pprof/warnThreadTotal'],
  },
  {
    name: 'gzipped contention profile cut short',
    bytes: () => {
      const z = gzipSync(read('workers/formats/pprof/testdata/go1.19-block.txt'));
      return z.subarray(0, Math.floor(z.length * 0.7));
    },
    keys: ['pprof/warnGzipEarly'],
  },
  {
    name: 'heap profile with a zero-count sample and unknown lines, cut mid-line',
    bytes: () => {
      let t = afterLine(HEAP_TEXT, 'heap profile:', '?? what\n');
      t = t.replace(/^(\d+): (\d+) \[(\d+): (\d+)\] @/m, '0: $2 [$3: $4] @');
      return enc(t.slice(0, t.indexOf('\n# runtime.MemStats') - 5));
    },
    keys: ['pprof/warnUnknownLines', 'pprof/zeroCountLine', 'pprof/warnLastLineSamples'],
  },
  // Java heap dumps
  {
    name: 'HPROF cut inside its first record',
    bytes: () => hprofRaw().subarray(0, HPROF_HEADER + 9 + 2),
    keys: ['hprof/warnTruncated', 'hprof/inRecord'],
  },
  {
    name: 'HPROF cut inside a record header',
    bytes: () => hprofRaw().subarray(0, HPROF_HEADER + 4),
    keys: ['hprof/warnTruncated', 'hprof/inRecordHeader'],
  },
  {
    name: 'HPROF cut inside its heap dump',
    bytes: () => {
      const raw = hprofRaw();
      return raw.subarray(0, Math.floor(raw.length * 0.6));
    },
    keys: ['hprof/warnTruncated'],
  },
  {
    name: 'gzipped HPROF cut short',
    bytes: () => {
      const z = read('samples/java-oom/artifacts/heap.hprof.gz');
      return z.subarray(0, Math.floor(z.length * 0.6));
    },
    keys: ['hprof/warnTruncated'],
  },
  // Go heap dumps
  {
    name: 'Go heap dump with bytes after its end',
    bytes: () => Buffer.concat([read('samples/go-leak/artifacts/heapdump-3.bin'), Buffer.alloc(100, 7)]),
    keys: ['goheap/warnTrailing'],
  },
];

/** The fixed part of an HPROF header: "JAVA PROFILE 1.0.2", NUL, id size, timestamp. */
const HPROF_HEADER = 'JAVA PROFILE 1.0.2'.length + 1 + 4 + 8;
const hprofRaw = () => gunzipSync(read('samples/java-oom/artifacts/heap.hprof.gz'));

/**
 * Warnings no file at hand reaches (a stripped binary, pre-1.5 Go dumps, broken class records),
 * with the English the readers wrote before they had messages (copied from their template literals).
 */
const FIXTURES: { m: Msg; text: string }[] = [
  {
    m: msg('hprof/warnTruncated', { what: msg('hprof/inGzip'), at: 1234 }),
    text: 'The dump ends inside the gzip stream at byte 1234: showing what was read before it (truncated).',
  },
  {
    m: msg('hprof/warnTruncated', { what: msg('hprof/inPrimitiveArray'), at: 5 }),
    text: 'The dump ends inside a primitive array at byte 5: showing what was read before it (truncated).',
  },
  {
    m: msg('hprof/warnTruncated', { what: msg('hprof/inSegment'), at: 5 }),
    text: 'The dump ends inside a HEAP DUMP SEGMENT at byte 5: showing what was read before it (truncated).',
  },
  {
    m: msg('hprof/warnTruncated', { what: msg('hprof/inSubRecord'), at: 5 }),
    text: 'The dump ends inside a heap dump sub-record at byte 5: showing what was read before it (truncated).',
  },
  {
    m: msg('hprof/warnMissingClass', { count: 3 }),
    text: '3 instances have a class that is not in the dump; their references are unknown.',
  },
  {
    m: msg('hprof/warnLayoutMismatch', { count: 2 }),
    text: "2 instances have a data size that differs from their class's fields.",
  },
  {
    m: msg('goheap/warnEmptyRange'),
    text: 'the params record gives an empty heap range; pointers are not range-checked',
  },
  {
    m: msg('goheap/warnNoParams'),
    text: 'the dump has no params record: pointer size 8, little-endian assumed',
  },
  {
    m: msg('goheap/warnStripped', { file: 'svc' }),
    text: 'svc is stripped (no .symtab): globals keep their data/bss offsets',
  },
  {
    m: msg('goheap/warnOtherRoots', { count: 4 }),
    text: '4 "other root" records (Go ≤ 1.4 runtimes) ignored',
  },
  { m: msg('goheap/warnNoMemStats'), text: 'the dump has no MemStats record' },
  // a comparison of two profiles (ProfileDiff)
  {
    m: msg('pprof/warnSkippedTypes', { types: 'alloc_space, inuse_space' }),
    text: 'Sample types only in one profile are not compared: alloc_space, inuse_space.',
  },
];

/** A profile.proto message split into its samples (field 2) and every other field, each in order. */
function splitSamples(b: Uint8Array): { samples: Buffer; rest: Buffer } {
  const samples: Uint8Array[] = [];
  const rest: Uint8Array[] = [];
  let p = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 1; ; shift *= 128) {
      const x = b[p++];
      v += (x & 127) * shift;
      if (x < 128) return v;
    }
  };
  while (p < b.length) {
    const start = p;
    const tag = varint();
    const wire = tag & 7;
    if (wire === 0) varint();
    else if (wire === 2) {
      const len = varint();
      p += len;
    } else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else throw new Error(`wire type ${wire}`);
    (Math.floor(tag / 8) === 2 ? samples : rest).push(b.subarray(start, p));
  }
  return { samples: Buffer.concat(samples), rest: Buffer.concat(rest) };
}

/** Keys of a message and the messages nested in it. */
function keysOf(m: MessageRef, into: Set<string>): void {
  const stack = [m];
  while (stack.length) {
    const x = stack.pop() as MessageRef;
    into.add(x.key);
    for (const p of Object.values(x.params)) if (p && typeof p === 'object') stack.push(p);
  }
}

describe('format warnings', () => {
  const engine = new Engine();
  const covered = new Set<string>();

  for (const c of CASES) {
    it(`come with messages: ${c.name}`, async () => {
      const bytes = typeof c.bytes === 'function' ? c.bytes() : c.bytes;
      const name = c.name.replace(/\W+/g, '-');
      let warnings: string[];
      let msgs: (MessageRef | null)[] | undefined;
      if (c.reader) {
        const r = await c.reader(name, bytes);
        warnings = r.warnings;
        msgs = warningMessages(warnings, r.warningMsgs as never);
      } else {
        const { result } = await engine.open(bytesSource(name, bytes));
        warnings = result.warnings;
        msgs = result.warningMsgs;
      }
      expect(warnings.length, c.name).toBeGreaterThan(0);
      const keys = new Set<string>();
      warnings.forEach((w, i) => {
        const m = msgs?.[i];
        expect(m ?? null, `no message for "${w}"`).not.toBeNull();
        expect(isMsg(m), w).toBe(true);
        expect(english(m as MessageRef)).toBe(w);
        keysOf(m as MessageRef, keys);
      });
      for (const k of c.keys) expect([...keys], `${c.name}: ${k}`).toContain(k);
      for (const k of keys) covered.add(k);
    });
  }

  it('reach every key of the readers’ warnings (the few no file reaches: as the readers wrote them)', () => {
    for (const { m, text } of FIXTURES) {
      expect(english(m)).toBe(text);
      keysOf(m, covered);
    }
    const keys = Object.keys(MESSAGES).filter((k) => FORMAT_WARNING_KEYS.test(k));
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('are never pushed as bare English by a reader', () => {
    const bare: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ts$/.test(f) && !/\.test\.ts$/.test(f)) {
          const src = readFileSync(p, 'utf8');
          for (const m of src.matchAll(/warnings\.(?:push|unshift)\(\s*([`'"])/g))
            bare.push(`${p.slice(ROOT.length + 1)}: ${src.slice(m.index, m.index + 80)}`);
        }
      }
    };
    walk(resolve(import.meta.dirname));
    expect(bare).toEqual([]);
  });
});
