import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Profile, type ProfileInput, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { CORPUS as VENDORED } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import type { OpenedArtifact } from '../../engine/format-handler.ts';
import { type FlameTree, goLess, type ProfileDiff, type TopTable } from './analysis.ts';
import type { PrunedFlameTree } from './flame-view.ts';
import { pprofHandler, pprofTextHandler } from './handler.ts';
import { formatTop, goFixed2, percentage, scaledLabel, selectOutputUnit } from './units.ts';

const SAMPLES = 'samples/go-leak';
const CORPUS = join(VENDORED, 'pprof');
const haveSamples = existsSync(`${SAMPLES}/artifacts/heap-3.pb.gz`);

function open(path: string, handler = pprofHandler): Promise<OpenedArtifact> {
  return handler.open(bytesSource(path, new Uint8Array(readFileSync(path))), {}, {});
}

function q<T>(a: OpenedArtifact, name: string, ...args: unknown[]): T {
  const fn = a.queries?.[name] as ((...x: unknown[]) => T) | undefined;
  if (!fn) throw new Error(`no query ${name}`);
  return fn(...args);
}

/** Parses `go tool pprof -top` output: the total and the `flat flat% sum% cum cum%` rows. */
function parseTopText(text: string) {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  expect(header).toBeGreaterThan(0);
  const showing = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const total = /of (\S+) total/.exec(showing ?? '')?.[1];
  const rows = lines
    .slice(header + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^\s*(\S+)\s+(\S+%)\s+(\S+%)\s+(\S+)\s+(\S+%)\s{2}(.*?)( \((?:partial-)?inline\))?$/.exec(l);
      if (!m) throw new Error(`unparsed pprof row: ${l}`);
      return {
        flat: m[1],
        flatPct: m[2],
        sumPct: m[3],
        cum: m[4],
        cumPct: m[5],
        name: m[6],
        inline: m[7]?.trim(),
      };
    });
  return { total, rows };
}

function expectSameAsPprof(t: TopTable, expectedText: string) {
  const want = parseTopText(expectedText);
  const got = formatTop(t.rows, t.total, t.unit);
  expect(scaledLabel(t.total, t.unit, selectOutputUnit(t.rows, t.total, t.unit))).toBe(want.total);
  expect(got.map((r) => r.name)).toEqual(want.rows.map((r) => r.name));
  got.forEach((r, i) => {
    const w = want.rows[i];
    expect({ name: r.name, flat: r.flat, cum: r.cum }).toEqual({ name: w.name, flat: w.flat, cum: w.cum });
    expect([r.flatPct.trim(), r.sumPct.trim(), r.cumPct.trim()]).toEqual([w.flatPct, w.sumPct, w.cumPct]);
    expect(t.rows[i].inline ? `(${t.rows[i].inline})` : undefined).toBe(w.inline);
  });
}

describe('pprof number formatting (pprof measurement rules)', () => {
  it('rounds like Go %.2f (ties to even) and scales units', () => {
    expect(goFixed2(1.125)).toBe('1.12');
    expect(goFixed2(1.375)).toBe('1.38');
    expect(goFixed2(0.5)).toBe('0.50');
    expect(scaledLabel(524288 + 512, 'bytes', 'minimum')).toBe('512.50kB');
    expect(scaledLabel(1536 * 1024, 'bytes', 'minimum')).toBe('1.50MB');
    expect(scaledLabel(10_000_000, 'nanoseconds', 'minimum')).toBe('10ms');
    expect(scaledLabel(7_120_000_000, 'nanoseconds', 's')).toBe('7.12s');
    expect(scaledLabel(0, 'bytes', 'kB')).toBe('0');
    expect(scaledLabel(42, 'count', 'count')).toBe('42');
    expect(percentage(1, 3)).toBe('33.33%');
    expect(percentage(0, 3)).toBe('    0%');
    expect(percentage(3, 3)).toBe('  100%');
    expect(percentage(69, 100000)).toBe('0.069%');
    expect(percentage(1, 10_000_000)).toBe('1e-05%');
    expect(percentage(5, 1000)).toBe('  0.5%');
  });
});

describe('pprof corpus (legacy binary CPU profiles from google/pprof)', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.pb'));
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(`${f} decodes with totals equal to count × period`, async () => {
      const a = await open(`${CORPUS}/${f}`);
      const p = a.profile!;
      expect(p.sampleTypes.map((s) => s.type)).toEqual(['samples', 'cpu']);
      const period = p.period as number;
      expect(period).toBeGreaterThan(0);
      expect(p.totals.cpu).toBe(p.totals.samples * period);
      expect(a.truncated).toBe(false);
      // the block's top is pprof's top for the default index (cpu)
      expect(p.top.cpu.length).toBeGreaterThan(0);
      const flatSum = p.top.cpu.reduce((s, r) => s + r.flat, 0);
      expect(flatSum).toBeLessThanOrEqual(p.totals.cpu);
    });
    const expected = `${SAMPLES}/expected/corpus-${f.replace(/\.pb$/, '')}.top.txt`;
    it.runIf(existsSync(expected))(`${f}: top equals go tool pprof -top -nodefraction=0`, async () => {
      const a = await open(`${CORPUS}/${f}`);
      expectSameAsPprof(q<TopTable>(a, 'top'), readFileSync(expected, 'utf8'));
    });
  }
});

describe.runIf(haveSamples)('go-leak sample heap profiles', () => {
  const manifest = haveSamples ? JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8')) : undefined;

  for (const idx of ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects']) {
    const expected = `${SAMPLES}/expected/pprof-top-${idx}.txt`;
    it.runIf(existsSync(expected))(
      `heap-3.pb.gz -sample_index=${idx} equals go tool pprof -top`,
      async () => {
        const a = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
        const t = q<TopTable>(a, 'top', idx, 'function');
        expectSameAsPprof(t, readFileSync(expected, 'utf8'));
        // the summary block carries the same rows, in the sample type's own unit
        expect(a.profile!.top[idx]).toEqual(
          t.rows.map((r) => ({ function: r.name, flat: r.flat, cum: r.cum })),
        );
        expect(a.profile!.totals[idx]).toBe(t.total);
      },
    );
  }

  it('defaults to inuse_space and places the profile on the timeline', async () => {
    const a = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    expect(a.profile!.defaultSampleType).toBe('inuse_space');
    const entry = manifest.artifacts.find((x: { file: string }) => x.file === 'artifacts/heap-3.pb.gz');
    expect(Math.abs(a.capturedAtMs! - Date.parse(entry.capturedAt))).toBeLessThan(2000);
  });

  it('the leak grows with the cached orders: main.newOrder in-use bytes per phase', async () => {
    const phases = manifest.facts.phases as { phase: number; ordersCached: number }[];
    const fn = 'main.newOrder';
    const perOrder: number[] = [];
    for (const ph of phases) {
      const a = await open(`${SAMPLES}/artifacts/heap-${ph.phase}.pb.gz`);
      const row = a.profile!.top.inuse_space.find((r) => r.function === fn)!;
      expect(row).toBeDefined();
      perOrder.push(row.cum / ph.ordersCached);
    }
    // unsampled estimates: in-use bytes per cached order stay near the payload size at every phase
    for (const v of perOrder) {
      expect(v).toBeGreaterThan(manifest.facts.bytesPerOrderPayload * 0.6);
      expect(v).toBeLessThan(manifest.facts.bytesPerOrderPayload * 2);
    }
  });

  it('compare(heap-1, heap-3) reports the growth like -diff_base', async () => {
    const base = await open(`${SAMPLES}/artifacts/heap-1.pb.gz`);
    const cur = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    const d = pprofHandler.compare!(base, cur) as ProfileDiff;
    expect(d.defaultSampleType).toBe('inuse_space');
    const rows = d.functions.inuse_space;
    const top1 = rows[0];
    expect(top1.function).toBe('main.newOrder');
    const b = base.profile!.top.inuse_space.find((r) => r.function === 'main.newOrder')!;
    const c = cur.profile!.top.inuse_space.find((r) => r.function === 'main.newOrder')!;
    expect(top1.flatDelta).toBe(c.flat - b.flat);
    expect(top1.cumDelta).toBe(c.cum - b.cum);
    expect(top1.flatDelta).toBeGreaterThan(0);
    // the diff flame graph comes on demand, pruned to what can be drawn, zoomable by full-tree id
    const flame = pprofHandler.compareView!(base, cur, 'inuse_space', {
      minFraction: 0.001,
    }) as PrunedFlameTree;
    expect(flame.value[0]).toBe(cur.profile!.totals.inuse_space);
    expect(flame.base![0]).toBe(base.profile!.totals.inuse_space);
    expect(flame.fullNodes).toBeGreaterThanOrEqual(flame.name.length);
    const child = flame.fullId[1];
    const zoomed = pprofHandler.compareView!(base, cur, 'inuse_space', { root: child }) as PrunedFlameTree;
    expect(zoomed.root).toBe(child);
    expect(zoomed.value[0]).toBe(flame.value[1]);
    expect(zoomed.base![0]).toBe(flame.base![1]);
  });

  it('focus keeps the samples through a function: total = its cum; ignore removes them', async () => {
    const a = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    const all = q<TopTable>(a, 'top', 'inuse_space', 'function');
    const row = all.rows.find((r) => r.name === 'main.newOrder')!;
    const focused = q<TopTable>(a, 'top', 'inuse_space', 'function', '^main\\.newOrder$');
    expect(focused.total).toBe(row.cum);
    const ignored = q<TopTable>(a, 'top', 'inuse_space', 'function', undefined, '^main\\.newOrder$');
    expect(ignored.total).toBe(all.total - row.cum);
    expect(ignored.rows.some((r) => r.name === 'main.newOrder')).toBe(false);
  });

  it('flame graph and call tree agree with the top table', async () => {
    const a = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    const t = q<TopTable>(a, 'top', 'alloc_space', 'function');
    const f = q<FlameTree>(a, 'flame', 'alloc_space');
    expect(f.value[0]).toBe(t.total);
    // every node's children fit inside it and are laid out left to right
    for (let i = 1; i < f.name.length; i++) {
      const p = f.parent[i];
      expect(f.start[i]).toBeGreaterThanOrEqual(f.start[p]);
      expect(f.start[i] + f.width[i]).toBeLessThanOrEqual(f.start[p] + f.width[p] + 1e-6);
    }
    // a function's cum = the sum over tree nodes of that name that have no ancestor of the same name
    const name = 'main.newOrder';
    let cum = 0;
    for (let i = 1; i < f.name.length; i++) {
      if (f.names[f.name[i]] !== name) continue;
      let p = f.parent[i];
      let nested = false;
      while (p > 0) {
        if (f.names[f.name[p]] === name) nested = true;
        p = f.parent[p];
      }
      if (!nested) cum += f.value[i];
    }
    expect(cum).toBe(t.rows.find((r) => r.name === name)!.cum);
    const roots = q<{ id: number; total: number }[]>(a, 'callTree', 'alloc_space', 0);
    expect(roots.reduce((s, r) => s + r.total, 0)).toBe(f.value[0] - f.self[0]);
  });

  it('file:line top sums to the same flat total as the function top', async () => {
    const a = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    const byFn = q<TopTable>(a, 'top', 'inuse_space', 'function');
    const byLine = q<TopTable>(a, 'top', 'inuse_space', 'fileline');
    const sum = (t: TopTable) => t.rows.reduce((s, r) => s + r.flat, 0);
    expect(sum(byLine)).toBe(sum(byFn));
    expect(byLine.rows[0].name).toMatch(/^main\.newOrder \S+main\.go:\d+$/);
  });

  it('legacy text heap profile (debug=1): samples, MemStats, the same leader as the proto profile', async () => {
    const path = `${SAMPLES}/artifacts/heap-3.debug1.txt`;
    const text = readFileSync(path, 'utf8');
    const a = await open(path, pprofTextHandler);
    const p = a.profile!;
    expect(a.truncated).toBe(false);
    expect(p.sampleTypes.map((s) => s.type)).toEqual([
      'alloc_objects',
      'alloc_space',
      'inuse_objects',
      'inuse_space',
    ]);
    expect(p.samples).toBe(text.split('\n').filter((l) => /^\d+: \d+ \[\d+: \d+\] @/.test(l)).length);
    const mem = p.memStats as Record<string, number>;
    expect(mem.NumGC).toBe(Number(/# NumGC = (\d+)/.exec(text)![1]));
    expect(mem.HeapAlloc).toBe(Number(/# HeapAlloc = (\d+)/.exec(text)![1]));
    const proto = await open(`${SAMPLES}/artifacts/heap-3.pb.gz`);
    expect(p.top.inuse_space[0].function).toBe(proto.profile!.top.inuse_space[0].function);
    // raw header counts are sampled; the unsampled estimate is never below them
    const h = /^heap profile: (\d+): (\d+) \[(\d+): (\d+)\]/.exec(text)!;
    expect(p.totals.inuse_space).toBeGreaterThanOrEqual(Number(h[2]));
  });
});

describe('synthetic profile with inlining, recursion and negative values (testdata/capture.mts)', () => {
  const dir = 'workers/formats/pprof/testdata';
  const cases: [string, string, 'function' | 'fileline'][] = [
    ['mixed.objects.top.txt', 'objects', 'function'],
    ['mixed.space.top.txt', 'space', 'function'],
    ['mixed.delay.top.txt', 'delay', 'function'],
    ['mixed.space.lines.top.txt', 'space', 'fileline'],
  ];
  for (const [txt, idx, by] of cases) {
    it(`-sample_index=${idx}${by === 'fileline' ? ' -lines' : ''} equals go tool pprof -top`, async () => {
      const a = await open(`${dir}/mixed.pb.gz`);
      const t = q<TopTable>(a, 'top', idx, by);
      expect(t.rows.length).toBeGreaterThan(100);
      expectSameAsPprof(t, readFileSync(`${dir}/${txt}`, 'utf8'));
      if (by === 'function') {
        expect(a.profile!.top[idx]).toEqual(
          t.rows.map((r) => ({ function: r.name, flat: r.flat, cum: r.cum })),
        );
        expect(a.profile!.totals[idx]).toBe(t.total);
      }
    });
  }

  it('cut gzip: the trailer missing keeps every sample (truncated); cut mid-profile names the truncation', async () => {
    const full = new Uint8Array(readFileSync(`${dir}/mixed.pb.gz`));
    const whole = await open(`${dir}/mixed.pb.gz`);
    // without the 8-byte CRC/size trailer the native gunzip rejects the stream; the fallback keeps it all
    const noTrailer = await pprofHandler.open(
      bytesSource('cut.pb.gz', full.subarray(0, full.length - 8)),
      {},
      {},
    );
    expect(noTrailer.truncated).toBe(true);
    expect(noTrailer.warnings.join(' ')).toMatch(/gzip stream ends early/);
    expect(noTrailer.profile!.totals).toEqual(whole.profile!.totals);
    // profile.proto puts the string table last: a profile cut in its samples cannot be named
    const e = await pprofHandler
      .open(bytesSource('cut70.pb.gz', full.subarray(0, Math.floor(full.length * 0.7))), {}, {})
      .catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/cut70\.pb\.gz.*the file is truncated/);
    // trailing junk after a complete gzip member: the same profile
    const junk = new Uint8Array(full.length + 3);
    junk.set(full);
    junk.set([1, 2, 3], full.length);
    const j = await pprofHandler.open(bytesSource('junk.pb.gz', junk), {}, {}).catch((x) => x);
    if (j instanceof Error) expect(j).toBeInstanceOf(ParseError);
    else expect(j.profile!.totals).toEqual(whole.profile!.totals);
  });

  it('cancellation stops the read with CancelledError', async () => {
    const ac = new AbortController();
    ac.abort();
    const bytes = new Uint8Array(readFileSync(`${dir}/mixed.pb.gz`));
    const e = await pprofHandler
      .open(bytesSource('x.pb.gz', bytes), { signal: ac.signal }, {})
      .catch((x) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CancelledError');
  });

  it("flame graph: root = total, a function's cum = its outermost nodes, children inside parents", async () => {
    const a = await open(`${dir}/mixed.pb.gz`);
    for (const idx of ['space', 'delay']) {
      const t = q<TopTable>(a, 'top', idx, 'function');
      const f = q<FlameTree>(a, 'flame', idx);
      const flatSum = t.rows.reduce((s, r) => s + r.flat, 0);
      expect(f.value[0]).toBe(flatSum);
      const cum = new Map<string, number>();
      const onStack = new Map<string, number>();
      const path: number[] = [];
      for (let i = 1; i < f.name.length; i++) {
        while (path.length > 0 && f.end[path[path.length - 1]] <= i) {
          const nm = f.names[f.name[path.pop()!]];
          onStack.set(nm, onStack.get(nm)! - 1);
        }
        expect(f.parent[i]).toBe(path.length > 0 ? path[path.length - 1] : 0);
        expect(f.depth[i]).toBe(path.length + 1);
        const nm = f.names[f.name[i]];
        if (!onStack.get(nm)) cum.set(nm, (cum.get(nm) ?? 0) + f.value[i]);
        onStack.set(nm, (onStack.get(nm) ?? 0) + 1);
        path.push(i);
        const p = f.parent[i];
        expect(f.start[i]).toBeGreaterThanOrEqual(f.start[p]);
        // widths are |value|: with mixed signs children can be wider than their parent
        if (idx === 'space') {
          expect(f.start[i] + f.width[i]).toBeLessThanOrEqual(f.start[p] + f.width[p] + 1e-6);
        }
      }
      for (const r of t.rows) expect(cum.get(r.name) ?? 0).toBe(r.cum);
    }
  });
});

describe('bad input gives a ParseError naming the file', () => {
  const mk = (data: ProfileInput) => new Profile(data).encode();

  it('empty file', async () => {
    await expect(pprofHandler.open(bytesSource('empty.pb', new Uint8Array()), {}, {})).rejects.toThrow(
      /empty\.pb.*profile\.proto/,
    );
  });

  it('a protobuf that is not a profile', async () => {
    // field 1 holding a string where a ValueType is expected, then field 9 (time) — no sample types
    const bytes = new Uint8Array([0x12, 0x03, 0x61, 0x62, 0x63, 0x48, 0x01]);
    const e = await pprofHandler.open(bytesSource('other.pb', bytes), {}, {}).catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toContain('other.pb');
  });

  it('string-table index out of range', async () => {
    const st = new StringTable();
    const bytes = mk({ sampleType: [{ type: st.dedup('inuse_space'), unit: 99 }], stringTable: st });
    const e = await pprofHandler.open(bytesSource('bad-strings.pb', bytes), {}, {}).catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/bad-strings\.pb.*string-table index below 2.*index 99/);
  });

  it('an empty profile (no sample types)', async () => {
    const bytes = mk({ timeNanos: 5 });
    const e = await pprofHandler.open(bytesSource('nothing.pb', bytes), {}, {}).catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toContain('nothing.pb');
  });

  it.runIf(haveSamples)('truncated gzip: parse error or truncated result, never anything else', async () => {
    const full = new Uint8Array(readFileSync(`${SAMPLES}/artifacts/heap-3.pb.gz`));
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    const r = await pprofHandler.open(bytesSource('cut.pb.gz', cut), {}, {}).catch((x) => x);
    if (r instanceof Error) {
      expect(r).toBeInstanceOf(ParseError);
      expect(r.message).toContain('cut.pb.gz');
    } else {
      expect(r.truncated).toBe(true);
    }
  });

  it('random cuts and byte flips never throw anything but ParseError', async () => {
    const sources = [`${CORPUS}/java.cpu.pb`, `${CORPUS}/cppbench.cpu.pb`];
    // legacy text profiles of every kind (the handler tells them apart by their first line)
    for (const f of ['java.heap', 'java.contention', 'cppbench.contention', 'go.godoc.thread'])
      sources.push(`${CORPUS}-text/${f}`);
    if (haveSamples)
      sources.push(`${SAMPLES}/artifacts/heap-1.pb.gz`, `${SAMPLES}/artifacts/heap-1.debug1.txt`);
    const inputs = sources.map((s) => new Uint8Array(readFileSync(s)));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(inputs.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), {
          maxLength: 4,
        }),
        async (which, cutAt, flips) => {
          const src = inputs[which];
          const bytes = src.slice(0, Math.max(1, Math.floor(src.length * cutAt)));
          for (const [pos, x] of flips) bytes[Math.floor(pos * (bytes.length - 1))] ^= x;
          const handler =
            sources[which].endsWith('.pb') || sources[which].endsWith('.gz')
              ? pprofHandler
              : pprofTextHandler;
          try {
            const r = await handler.open(bytesSource('fuzz', bytes), {}, {});
            expect(r.profile).toBeDefined();
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            expect(e.message).toContain('fuzz');
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe('humanValue (sample values for people)', () => {
  it('writes bytes, times and counts as the rest of the workbench does', async () => {
    const { humanValue, exactValue } = await import('./units.ts');
    expect(humanValue(4604702, 'bytes')).toBe('4.39 MiB');
    expect(humanValue(8544000, 'bytes')).toBe('8.15 MiB');
    expect(humanValue(12_500_000, 'nanoseconds')).toBe('12.5 ms');
    expect(humanValue(20430, 'count')).toBe('20,430');
    expect(exactValue(8544000, 'bytes')).toBe('8,544,000 bytes');
  });
});

describe('goLess', () => {
  it("orders strings by their UTF-8 bytes, as Go's < does (astral characters after U+E000-U+FFFF)", () => {
    const bytes = new TextEncoder();
    const utf8Order = (a: string, b: string): number => {
      const x = bytes.encode(a);
      const y = bytes.encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    };
    expect(goLess('\uFF01', '\u{1F600}')).toBe(-1); // UTF-16 order says the opposite
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', '\u00e9', '\uE000', '\uFFFD', '\u{1F600}', '\u{10000}'),
    });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(goLess(a, b)).toBe(utf8Order(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
