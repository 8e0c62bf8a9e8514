import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../../contract/inspect.ts';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';

/**
 * Legacy text profiles against what `go tool pprof -raw` (Go 1.19.8) prints on the same files
 * (testdata/legacy-raw/, see testdata/README.md): sample types, period and per-type totals.
 */
const DATA = join(import.meta.dirname, 'testdata');
const RAW = join(DATA, 'legacy-raw');

async function open(path: string, bytes: Uint8Array = readFileSync(path)): Promise<InspectResult> {
  return (await new Engine().open(bytesSource(path, bytes))).result;
}

/** The `Samples:` section of `pprof -raw`: sample types and the total of each column. */
function rawFacts(raw: string) {
  const lines = raw.split('\n');
  const start = lines.indexOf('Samples:');
  const types = lines[start + 1]
    .trim()
    .split(/\s+/)
    .map((t) => {
      const [type, unit] = t.split('/');
      return { type, unit };
    });
  const totals = types.map(() => 0);
  let samples = 0;
  for (const l of lines.slice(start + 2)) {
    if (!/^\s+-?\d/.test(l)) {
      if (/^\s+\w+:\[/.test(l)) continue; // a sample's label line
      break;
    }
    samples++;
    const values = l.split(':')[0].trim().split(/\s+/).map(Number);
    values.forEach((v, i) => {
      totals[i] += v;
    });
  }
  const periodType = /^PeriodType: (\S*) (\S*)$/m.exec(raw)!;
  const period = Number(/^Period: (\d+)$/m.exec(raw)![1]);
  return { types, totals, samples, periodType: { type: periodType[1], unit: periodType[2] }, period };
}

describe('legacy text profiles equal go tool pprof -raw', () => {
  const cases: [string, string][] = [
    [join(CORPUS, 'pprof-text/cppbench.heap'), 'cppbench.heap'],
    [join(CORPUS, 'pprof-text/cppbench.contention'), 'cppbench.contention'],
    [join(CORPUS, 'pprof-text/java.heap'), 'java.heap'],
    [join(CORPUS, 'pprof-text/java.contention'), 'java.contention'],
    [join(CORPUS, 'pprof-text/go.godoc.thread'), 'go.godoc.thread'],
    [join(DATA, 'go1.19-block.txt'), 'go1.19-block.txt'],
    [join(DATA, 'go1.19-mutex.txt'), 'go1.19-mutex.txt'],
  ];
  it.each(cases)('%s', async (path, name) => {
    const want = rawFacts(readFileSync(join(RAW, `${name}.raw.txt`), 'utf8'));
    const r = await open(path);
    expect(r.format).toBe('pprof-text');
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    const p = r.profile!;
    expect(p.sampleTypes).toEqual(want.types);
    expect(want.types.map((t) => p.totals[t.type])).toEqual(want.totals);
    if (want.periodType.type !== '') {
      expect(p.periodType).toEqual(want.periodType);
      expect(p.period).toBe(want.period);
    }
    // pprof merges samples whose stacks become equal once addresses are dropped (Java); never more
    expect(p.samples).toBeGreaterThanOrEqual(want.samples);
  });

  it('Java profiles name their frames from the location table at the end', async () => {
    const path = join(CORPUS, 'pprof-text/java.heap');
    const text = readFileSync(path, 'utf8');
    const named = new Set(
      text
        .split('\n')
        .map((l) => /^\s*0x[0-9a-f]+\s+(.*?)\s+\(/.exec(l)?.[1])
        .filter((n): n is string => n !== undefined),
    );
    const p = (await open(path)).profile!;
    expect(p.top.inuse_space.length).toBeGreaterThan(0);
    for (const row of p.top.inuse_space) expect(named.has(row.function)).toBe(true);
  });

  it("Go's block profile names frames from its # lines", async () => {
    const path = join(DATA, 'go1.19-block.txt');
    const text = readFileSync(path, 'utf8');
    const p = (await open(path)).profile!;
    const leaf = /^#\t0x[0-9a-f]+\t(\S+)\+0x/m.exec(text)![1];
    expect(p.top.delay[0].function).toBe(leaf);
  });
});

describe('Go threadcreate?debug=1 (go tool pprof cannot read its stackless "6 @" line)', () => {
  it('counts every created thread, as the header says', async () => {
    const path = join(DATA, 'go1.19-threadcreate.txt');
    const text = readFileSync(path, 'utf8');
    const r = await open(path);
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    expect(r.profile!.totals.threadcreate).toBe(Number(/total (\d+)/.exec(text)![1]));
    expect(r.profile!.samples).toBe(text.split('\n').filter((l) => /^\d+ @/.test(l)).length);
  });
});

describe('completeness of legacy text profiles', () => {
  const heap = join(import.meta.dirname, '../../../samples/go-leak/artifacts/heap-1.debug1.txt');
  const text = readFileSync(heap, 'utf8');
  const whole = () => open(heap);

  it('a debug=1 heap profile without its # runtime.MemStats block is complete', async () => {
    const noStats = Buffer.from(text.slice(0, text.indexOf('\n# runtime.MemStats') + 1));
    const r = await open('heap.txt', noStats);
    const w = await whole();
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    expect(r.profile!.samples).toBe(w.profile!.samples);
    expect(r.profile!.totals).toEqual(w.profile!.totals);
    expect(r.profile!.memStats).toBeUndefined();
  });

  it('cut inside a line: truncated at that line, the samples before it kept', async () => {
    const rows = text.split('\n').filter((l) => /^\d+: \d+ \[\d+: \d+\] @/.test(l));
    const at = text.lastIndexOf(`\n${rows[rows.length - 1]}\n`) + 1;
    const r = await open('cut.txt', Buffer.from(text.slice(0, at + 10)));
    expect(r.truncated).toBe(true);
    expect(r.truncatedAt).toBe(Buffer.byteLength(text.slice(0, at)));
    expect(r.profile!.samples).toBe(rows.length - 1);
  });

  it('a contention profile cut in its last sample drops just that sample', async () => {
    const path = join(CORPUS, 'pprof-text/cppbench.contention');
    const full = readFileSync(path, 'utf8');
    const rows = full.split('\n').filter((l) => /^\s*\d+\s+\d+ @/.test(l));
    const last = full.indexOf(rows[rows.length - 1]);
    const r = await open('c.txt', Buffer.from(full.slice(0, last + 12)));
    expect(r.truncated).toBe(true);
    expect(r.truncatedAt).toBe(last);
    expect(r.profile!.samples).toBe(rows.length - 1);
  });
});
