/**
 * The engine's message descriptors say what its English text says: every `fooMsg` beside a `foo`
 * (and `warningMsgs` / `noteMsgs` beside `warnings` / `notes`), formatted with the English
 * templates, is exactly that text — over the summaries of both sample incidents, their
 * comparisons and projections, and the timeline built from them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageRef } from '../../contract/inspect.ts';
import { Engine } from '../engine/engine.ts';
import { FORMAT_WARNING_KEYS } from '../formats/warning-keys.ts';
import { goIncident, javaIncident } from '../incident/test-fixtures.ts';
import { buildTimeline } from '../incident/timeline.ts';
import { bytesSource } from './byte-source.ts';
import {
  english,
  FINDING_SUBJECTS,
  fillTemplate,
  isMsg,
  MESSAGES,
  msg,
  placeholders,
  quoteParams,
} from './messages.ts';

const SAMPLES = resolve(import.meta.dirname, '../../samples');

/** Every `(message, text)` pair in a value, found without recursion. */
function pairs(root: unknown): { path: string; m: MessageRef; text: string }[] {
  const out: { path: string; m: MessageRef; text: string }[] = [];
  const stack: { v: unknown; path: string }[] = [{ v: root, path: '' }];
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (k.endsWith('Msg') && x) {
        const text = o[k.slice(0, -3)];
        expect(typeof text, `${path}.${k} has no text beside it`).toBe('string');
        out.push({ path: `${path}.${k}`, m: x as MessageRef, text: text as string });
      } else if (k.endsWith('Msgs') && Array.isArray(x)) {
        const texts = o[`${k.slice(0, -4)}s`] as string[];
        expect(x.length, `${path}.${k}`).toBe(texts.length);
        x.forEach((m, i) => {
          if (m) out.push({ path: `${path}.${k}[${i}]`, m: m as MessageRef, text: texts[i] });
        });
      } else stack.push({ v: x, path: `${path}.${k}` });
    }
  }
  return out;
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

const FILES = [
  'go-leak/artifacts/goroutines-1.debug2.txt',
  'go-leak/artifacts/goroutines-3.debug2.txt',
  'go-leak/artifacts/goroutines-1.debug1.txt',
  'go-leak/artifacts/crash.txt',
  'go-leak/artifacts/gctrace.log',
  'go-leak/artifacts/heapdump-3.bin',
  'go-leak/artifacts/heapdump-3.truncated.bin',
  'java-oom/artifacts/heap.hprof.gz',
  'java-oom/artifacts/gc.log',
  'java-oom/artifacts/jstat.txt',
  'java-oom/artifacts/threaddump.txt',
  'java-statics/artifacts/heap-dropped.hprof.gz',
  'java-statics/artifacts/heap-live.hprof.gz',
  'gc-variants/artifacts/zgc-uptime.log',
  'gc-variants/artifacts/jstat-gcutil.txt',
  // a short run whose heap after GC does not rise
  'gc-variants/artifacts/shenandoah-gc-star.log',
  '../workers/formats/goroutines/testdata/go1.19-deadlock.txt',
  '../workers/formats/goroutines/testdata/go1.19-sigquit.txt',
];

/**
 * Sentences no sample reaches (they are for other dumps), each with parameters and the English
 * the engine wrote for them before it had messages (copied from its template literals).
 */
const FIXTURES: { m: MessageRef; text: string }[] = [
  {
    m: msg('goroutines/blockedTitle', { count: 3, where: 'main.f', state: 'IO wait' }),
    text: '3 goroutines blocked in main.f ("IO wait")',
  },
  {
    m: msg('goroutines/semaphoreTitle', { count: 4, where: 'main.g', state: 'semacquire' }),
    text: '4 goroutines queue on a semaphore in main.g ("semacquire")',
  },
  {
    m: msg('goroutines/pileupExplanation', {
      count: 60,
      share: 50,
      total: 120,
      state: 'IO wait',
      wait: msg('goroutines/waitMinutes', { minutes: '3~12' }),
      created: '',
      advice: msg('goroutines/adviceIo'),
      stdlib: msg('goroutines/adviceStdlib'),
    }),
    text:
      '60 goroutines (50.0 % of 120) share one stack and wait on "IO wait" for 3~12 minutes. ' +
      'Many idle connections or readers; check for clients that never close them. (standard-library stack: often benign pooling)',
  },
  {
    m: msg('gc/reasonFit', { basis: msg('gc/basisAfterFull'), n: 7, r2: 0.5, ahead: 2 }),
    text: 'least-squares fit of after-full heap over 7 points, R² 0.50; extrapolated 2.0× the fitted span',
  },
  {
    m: msg('heap/objectTitle', { holder: 'main.cache', bytes: 3 * 1048576, percent: 75 }),
    text: 'main.cache retains 3.00 MiB (75 % of the reachable heap)',
  },
  {
    m: msg('heap/objectDescription', {
      type: 'T',
      root: 'bss',
      bytes: 2048,
      accumulation: msg('heap/objectAccumulation', { point: 'obj48', kids: 1200, pointBytes: 1024 }),
    }),
    text: 'One T object, held from bss, keeps 2.00 KiB alive. The memory accumulates in obj48, which dominates 1,200 objects (1.00 KiB).',
  },
  {
    m: msg('heap/groupTitle', { count: 12345, grouping: 'type', group: 'T', bytes: 1536, percent: 12.5 }),
    text: '12,345 objects of type T retain 1.50 KiB (12.5 %)',
  },
  {
    m: msg('heap/groupDescription', { grouping: 'site', bytes: 4096, shallow: 100 }),
    text: 'Many objects of the same site together keep 4.00 KiB alive (100 B of their own). Look at who holds them: open the group and follow paths to GC roots.',
  },
  {
    m: msg('hprof/objectTitle', { holder: 'Thread main', bytes: 1048576, percent: 20.5, what: '' }),
    text: 'Thread main retains 1.00 MiB (20.5 %)',
  },
  {
    m: msg('hprof/descriptionOne', {
      count: 1,
      type: 'Big',
      holderType: 'Holder',
      where: msg('hprof/whereRoot', { root: 'Thread main' }),
      bytes: 1024,
      percent: 10,
    }),
    text: '1 instance of `Big` held by `Holder` from GC root Thread main retain 1.00 KiB (10 %).',
  },
  {
    m: msg('hprof/descriptionHolder', { holderType: 'Holder', where: '', bytes: 1024, percent: 10 }),
    text: 'One `Holder` retains 1.00 KiB (10 %).',
  },
  {
    m: msg('hprof/typeGroupTitle', { count: 5326, type: 'java.lang.Object[]', bytes: 1048576, percent: 98 }),
    text: '5,326 objects of type java.lang.Object[] retain 1.00 MiB (98 %)',
  },
  {
    m: msg('hprof/unclosedOne', { count: 1, type: 'FileInputStream', owner: 'Job.in', bytes: 512 }),
    text: '1 `FileInputStream` is still open, held by `Job.in`: nothing closed them (no try-with-resources / finally). They retain 512 B.',
  },
  {
    m: msg('hprof/convention', { instance: msg('hprof/conventionClassDump'), arrayHeader: 16, oop: 4 }),
    text: 'VisualVM (jfluid heap) convention: instance = the CLASS DUMP instance size; array = align8(16 + length × element size, references 4 bytes); class objects = java.lang.Class instance size',
  },
  {
    m: msg('goheap/memStatsDiffer', { msObjects: 1000, msBytes: 1048576, objects: 1200, bytes: 2097152 }),
    text:
      'MemStats counts 1,000 objects / 1.00 MiB (HeapAlloc); the dump holds 1,200 objects / 2.00 MiB. ' +
      'The dump lists every allocated slot of in-use spans at its size-class size, which includes ' +
      'garbage not yet swept; MemStats is updated at sweep time.',
  },
  {
    m: msg('gc/warnThrashing', { count: 2 }),
    text: 'GC thrashing: 2 stretch(es) with GC above 40% of the time',
  },
  {
    m: msg('hprof/warnUnresolvedRoots', { count: 3 }),
    text: '3 GC roots name objects that are not in the dump.',
  },
  {
    m: msg('timeline/gcFull', {
      kind: msg('timeline/kindFull'),
      cause: msg('timeline/cause', { cause: 'G1 Compaction Pause' }),
      pause: 136.64,
      live: msg('timeline/live', { bytes: 60817408 }),
    }),
    text: 'full (G1 Compaction Pause), pause 136.6 ms, live 58.0 MiB',
  },
  {
    m: msg('timeline/heapDump', {
      file: 'heap.bin',
      objects: 40376,
      reachable: 0,
      truncated: msg('timeline/truncated'),
    }),
    text: 'Heap dump heap.bin: 40,376 objects, 0.0 MiB reachable (truncated)',
  },
  {
    m: msg('timeline/profile', { file: 'heap-1.pb.gz', types: 'alloc_objects, inuse_space' }),
    text: 'Profile heap-1.pb.gz (alloc_objects, inuse_space)',
  },
  {
    m: msg('timeline/threadDump', {
      file: 'threaddump.txt',
      count: 28,
      blocked: msg('timeline/blocked', { count: 2 }),
      deadlocks: msg('timeline/deadlockOne', { count: 1 }),
    }),
    text: 'Thread dump threaddump.txt: 28 threads, 2 BLOCKED, 1 deadlock',
  },
  {
    m: msg('timeline/threadDump', {
      file: 't.txt',
      count: 4,
      blocked: '',
      deadlocks: msg('timeline/deadlockMany', { count: 2 }),
    }),
    text: 'Thread dump t.txt: 4 threads, 2 deadlocks',
  },
  {
    m: msg('goheap/title', {
      holder: msg('goheap/andOtherRoots', {
        holder: msg('goheap/goroutine', {
          goid: '7',
          func: msg('goheap/goroutineFunc', { func: 'main.worker' }),
        }),
      }),
      part: '',
      bytes: 1024,
      share: 5,
    }),
    text: 'goroutine 7 (main.worker) (and other roots) retains 1.00 KiB (5 % of the reachable heap)',
  },
  {
    m: msg('goheap/description', {
      heldBy: msg('goheap/heldByGlobal', {
        global: msg('goheap/globalNamed', {
          name: 'main.cache',
          where: msg('goheap/where', { segment: 'bss+0x10', address: '0x5000' }),
        }),
        others: msg('goheap/otherRoots'),
      }),
      where: msg('goheap/heldDirectly', { label: 'goroutine 7', kids: 12 }),
      hint: '',
    }),
    text:
      'Held by the global main.cache (bss+0x10, address 0x5000) and other roots. ' +
      'The memory is held directly by goroutine 7, spread over 12 objects.',
  },
  {
    m: msg('goheap/itself', {
      object: msg('goheap/object', {
        bytes: 48,
        address: '0xc000010000',
        shape: 'obj48{p0}',
        site: msg('goheap/objectSite', { site: 'main.f main.go:12' }),
        type: msg('goheap/objectType', { type: '*main.T' }),
      }),
    }),
    text: 'The memory is a 48-byte object at 0xc000010000 (shape obj48{p0}, allocated at main.f main.go:12, type *main.T) itself.',
  },
  {
    m: msg('goheap/partOfFinding', {
      description: msg('goheap/itself', { object: 'x' }),
      ...quoteParams(
        [1, 2, 3, 4, 5, 6].map((i) =>
          msg('goheap/includedGroup', {
            count: i * 1000,
            grouping: 'shape',
            group: `obj${i}`,
            bytes: 1024 * i,
          }),
        ),
        5,
      ),
      more: msg('goheap/includesMore', { count: 1 }),
    }),
    text:
      'The memory is x itself. Part of this finding: 1,000 objects of shape obj1 retain 1.00 KiB; ' +
      '2,000 objects of shape obj2 retain 2.00 KiB; 3,000 objects of shape obj3 retain 3.00 KiB; ' +
      '4,000 objects of shape obj4 retain 4.00 KiB; 5,000 objects of shape obj5 retain 5.00 KiB; and 1 more.',
  },
  { m: msg('goroutines/warnPartialOne', { count: 1 }), text: '1 goroutine with an incomplete stack' },
  { m: msg('goroutines/warnPartialMany', { count: 3 }), text: '3 goroutines with an incomplete stack' },
];

describe('engine messages', () => {
  it('reproduce the English text beside them, for everything the samples produce', async () => {
    const engine = new Engine();
    const found: { path: string; m: MessageRef; text: string }[] = [];
    const ids: Record<string, string> = {};
    for (const f of FILES) {
      const source = bytesSource(f.split('/').pop() ?? f, readFileSync(join(SAMPLES, f)));
      try {
        const { id, result } = await engine.open(source);
        ids[f] = id;
        // every warning the samples show comes with its message
        if (!f.startsWith('..') && !f.includes('gc-variants'))
          expect(result.warningMsgs ?? result.warnings.map(() => null), f).toEqual(
            result.warnings.map(() => expect.objectContaining({ key: expect.any(String) })),
          );
        found.push(...pairs(result).map((p) => ({ ...p, path: `${f}${p.path}` })));
        if (result.gc) {
          for (const limit of [1, result.gc.maxLiveBytes * 4, 1e15]) {
            const pr = await engine.query(id, 'project', limit);
            found.push(
              ...pairs({ projection: pr }).map((p) => ({ ...p, path: `${f} project(${limit})${p.path}` })),
            );
          }
        }
      } finally {
        await source.close?.();
      }
    }
    // the Go heap dump named by its binary's symbols, and a dump whose memory is a linked chain
    for (const [f, binary] of [
      ['go-leak/artifacts/heapdump-3.bin', 'go-leak/artifacts/go-leak'],
      ['go-chain/artifacts/heapdump.bin', undefined],
    ] as const) {
      const bin = binary ? bytesSource('go-leak', readFileSync(join(SAMPLES, binary))) : undefined;
      const { result } = await engine.open(
        bytesSource(f, readFileSync(join(SAMPLES, f))),
        {},
        bin ? { binary: bin } : {},
      );
      found.push(...pairs(result).map((p) => ({ ...p, path: `${f}${binary ? ' + binary' : ''}${p.path}` })));
    }
    // goroutine dumps cut short: in a frame, before the first frame, on a line without newline,
    // and a debug=1 profile that ends before its total
    const d2 = readFileSync(join(SAMPLES, 'go-leak/artifacts/goroutines-1.debug2.txt'), 'utf8');
    const d1 = readFileSync(join(SAMPLES, 'go-leak/artifacts/goroutines-1.debug1.txt'), 'utf8');
    const frameAt = d2.indexOf('\n\t', d2.indexOf('goroutine ', 200));
    const cuts: [string, string][] = [
      ['mid-frame.txt', `${d2.slice(0, frameAt + 1)}`],
      ['before-frame.txt', `${d2.slice(0, d2.indexOf('\n', d2.indexOf('goroutine ', 200)) + 1)}`],
      ['cut-line.txt', d2.slice(0, frameAt + 12)],
      ['short-total.txt', d1.slice(0, d1.lastIndexOf('\n\n', d1.length - 3) + 1)],
    ];
    for (const [name, text] of cuts) {
      const { result } = await engine.open(bytesSource(name, new TextEncoder().encode(text)));
      expect(result.warningMsgs, name).toBeDefined();
      found.push(...pairs(result).map((p) => ({ ...p, path: `${name}${p.path}` })));
    }
    const cmp = engine.compare(
      ids['go-leak/artifacts/goroutines-1.debug2.txt'],
      ids['go-leak/artifacts/goroutines-3.debug2.txt'],
    );
    found.push(...pairs(cmp).map((p) => ({ ...p, path: `compare${p.path}` })));

    // the timeline of both sample incidents (their fixtures), derived events and all
    for (const inc of [goIncident(), javaIncident()]) {
      const tl = buildTimeline(inc, { findings: [] });
      found.push(...pairs(tl).map((p) => ({ ...p, path: `timeline ${inc.title}${p.path}` })));
    }
    const covered = new Set<string>();
    for (const { path, m, text } of found) {
      expect(isMsg(m), path).toBe(true);
      expect(english(m), path).toBe(text);
      keysOf(m, covered);
    }
    expect(found.length).toBeGreaterThan(30);
    for (const { m } of FIXTURES) keysOf(m, covered);
    // the worded finding subjects have a test of their own (below)
    for (const key of Object.values(FINDING_SUBJECTS)) covered.add(key);
    // the readers' warnings for files no sample is have a test of their own (workers/formats/warning-messages.test.ts)
    const missing = Object.keys(MESSAGES).filter((k) => !covered.has(k) && !FORMAT_WARNING_KEYS.test(k));
    expect(missing).toEqual([]);
  }, 120_000);

  it('reproduce the English the engine wrote for dumps the samples do not cover', () => {
    for (const { m, text } of FIXTURES) expect(english(m)).toBe(text);
  });

  it('name the worded finding subjects with their English, as findings.ts writes them', () => {
    const src = readFileSync(resolve(import.meta.dirname, '../incident/findings.ts'), 'utf8');
    const worded = [...src.matchAll(/subject: '([^']+)'/g)]
      .map((m) => m[1])
      // names (a field path, a Java class such as OutOfMemoryError) read the same in every language
      .filter((s) => !s.includes('.') && /\s/.test(s));
    expect(worded.length).toBeGreaterThan(4);
    for (const s of worded) expect(Object.keys(FINDING_SUBJECTS), s).toContain(s);
    for (const [text, key] of Object.entries(FINDING_SUBJECTS)) expect(english(msg(key))).toBe(text);
  });

  it('fill placeholders, keep unknown ones visible, and format numbers as asked', () => {
    expect(placeholders('{count|count} objects of {grouping}')).toEqual(['count', 'grouping']);
    expect(fillTemplate('a {x} b', {}, String)).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'text', text: '{x}' },
      { kind: 'text', text: ' b' },
    ]);
    // evidence text is a parameter, never parsed as a template
    expect(english(msg('hprof/whereRoot', { root: '{evil}' }))).toBe(' from GC root {evil}');
    expect(isMsg({ key: 'no/such', params: {} })).toBe(false);
    // whatever a file nests in a message is dropped, never thrown on
    const odd = { key: 'hprof/warnUnclosed', params: { description: { nope: 1 } as unknown as MessageRef } };
    expect(english(odd)).toBe('Unclosed resources: ');
  });
});
