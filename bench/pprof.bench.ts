/**
 * pprof benchmark (issue 5): load + top for the sample heap profiles and for a generated profile with
 * many distinct stacks (built with pprof-format's encoder), and — where `go` is on PATH — the same
 * file through `go tool pprof -top -nodefraction=0`, reporting our time / Go's time.
 * Target: no slower than `go tool pprof -top`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { gzipSync } from 'fflate';
import { Profile, StringTable } from 'pprof-format';
import { bytesSource } from '../workers/core/byte-source.ts';
import { type FlameTree, flame, top } from '../workers/formats/pprof/analysis.ts';
import { pruneFlame } from '../workers/formats/pprof/flame-view.ts';
import { pprofHandler } from '../workers/formats/pprof/handler.ts';
import type { PprofModel } from '../workers/formats/pprof/model.ts';
import { peakRss, type Report } from './lib.ts';

/** Sizes of the generated profiles (distinct stacks); PPROF_BENCH_STACKS=50000,200000 to choose. */
const STACKS = (process.env.PPROF_BENCH_STACKS ?? '50000,200000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

/** Functions and locations of a synthetic Go service: every 9th location has an inlined frame. */
export function symbolTables(st: StringTable, nFuncs: number, nLocs: number) {
  const functions = Array.from({ length: nFuncs }, (_, i) => ({
    id: i + 1,
    name: st.dedup(`example.com/svc/pkg${i % 37}.Func${i}`),
    systemName: st.dedup(`example.com/svc/pkg${i % 37}.Func${i}`),
    filename: st.dedup(`/src/svc/pkg${i % 37}/file${i % 11}.go`),
  }));
  const location = Array.from({ length: nLocs }, (_, i) => ({
    id: i + 1,
    mappingId: 1,
    address: 0x400000 + i * 16,
    line:
      i % 9 === 0
        ? [
            { functionId: ((i * 7) % nFuncs) + 1, line: 10 + (i % 50) },
            { functionId: ((i * 13) % nFuncs) + 1, line: 20 + (i % 30) },
          ]
        : [{ functionId: ((i * 7) % nFuncs) + 1, line: 10 + (i % 50) }],
  }));
  return { functions, location };
}

/**
 * mulberry32: a full-period 32-bit generator (an LCG in doubles loses its low bits and cycles after
 * ~16k draws, which made the "distinct" stacks repeat).
 */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A heap-like profile: `stacks` distinct stacks, 4 sample types, ~2 000 functions, depth 8–40. */
export function generate(stacks: number): Uint8Array {
  const st = new StringTable();
  const nLocs = 20_000;
  const { functions, location } = symbolTables(st, 2000, nLocs);
  const rnd = mulberry32(12345);
  const sample = Array.from({ length: stacks }, () => {
    const depth = 8 + Math.floor(rnd() * 32);
    const locationId = Array.from({ length: depth }, (_, d) =>
      d > depth - 4 ? d + 1 : 1 + Math.floor(rnd() * nLocs),
    );
    const objs = 1 + Math.floor(rnd() * 50);
    const bytes = objs * (16 + Math.floor(rnd() * 4096));
    return { locationId, value: [objs * 3, bytes * 3, objs, bytes] };
  });
  const p = new Profile({
    sampleType: [
      { type: st.dedup('alloc_objects'), unit: st.dedup('count') },
      { type: st.dedup('alloc_space'), unit: st.dedup('bytes') },
      { type: st.dedup('inuse_objects'), unit: st.dedup('count') },
      { type: st.dedup('inuse_space'), unit: st.dedup('bytes') },
    ],
    mapping: [
      {
        id: 1,
        memoryStart: 0x400000,
        memoryLimit: 0x1000000,
        filename: st.dedup('/usr/bin/svc'),
        hasFunctions: true,
      },
    ],
    location,
    function: functions,
    sample,
    stringTable: st,
    timeNanos: Date.now() * 1e6,
    periodType: { type: st.dedup('space'), unit: st.dedup('bytes') },
    period: 524288,
  });
  return gzipSync(p.encode());
}

function haveGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Load + top `runs` times (the machine is shared: the median, and CPU time beside wall time). */
async function measure(
  report: Report,
  label: string,
  path: string,
  go: boolean,
  runs: number,
): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const rss = peakRss();
  const open: number[] = [];
  const topMs: number[] = [];
  const loadTop: number[] = [];
  const cpu: number[] = [];
  let model: PprofModel | undefined;
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const opened = await pprofHandler.open(bytesSource(path, bytes), {}, {});
    const t1 = performance.now();
    model = opened.model as PprofModel;
    top(model, undefined, 'function');
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    open.push(t1 - t0);
    topMs.push(t2 - t1);
    loadTop.push(t2 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const t2 = performance.now();
  flame(model!);
  const t3 = performance.now();
  const peak = rss.stop();
  const ours = median(loadTop);
  report({
    name: `${label}: open (decode + summary block)`,
    value: Math.round(median(open)),
    unit: 'ms',
    note: `${bytes.length} bytes, ${model!.sampleCount} samples, median of ${runs}`,
  });
  report({
    name: `${label}: top (default index, inline labels)`,
    value: Math.round(median(topMs)),
    unit: 'ms',
  });
  report({
    name: `${label}: load + top`,
    value: Math.round(ours),
    unit: 'ms',
    note: `CPU ${Math.round(median(cpu))} ms (all threads, incl. GC)`,
  });
  report({ name: `${label}: flame tree`, value: Math.round(t3 - t2), unit: 'ms' });
  flameTransfer(report, label, flame(model!));
  report({ name: `${label}: peak RSS (process)`, value: Math.round(peak / 2 ** 20), unit: 'MB' });
  if (go) {
    const goMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      const g0 = performance.now();
      execFileSync('go', ['tool', 'pprof', '-top', '-nodefraction=0', path], {
        stdio: 'ignore',
        maxBuffer: 1 << 30,
      });
      goMs.push(performance.now() - g0);
    }
    const g = median(goMs);
    report({
      name: `${label}: go tool pprof -top`,
      value: Math.round(g),
      unit: 'ms',
      note: `median of ${runs}`,
    });
    report({
      name: `${label}: ours / go tool pprof`,
      value: Math.round((ours / g) * 100) / 100,
      unit: 'ratio',
      note: 'load + top; target ≤ 1',
    });
  }
}

/**
 * What the `flame` query ships to the renderer (V8 serialization = comlink's structured clone): the full
 * tree (before) against the nodes drawable on a 1920 px canvas (after), at the top and zoomed one level.
 */
function flameTransfer(report: Report, label: string, full: FlameTree): void {
  const c0 = performance.now();
  const fullBytes = serialize(full).length;
  const cloneMs = performance.now() - c0;
  report({
    name: `${label}: flame query before (full tree)`,
    value: full.name.length,
    unit: 'nodes',
    note: `${(fullBytes / 2 ** 20).toFixed(1)} MB serialized, serialize ${Math.round(cloneMs)} ms`,
  });
  const minFraction = 0.5 / 1920;
  // the widest child of the root: a typical first zoom
  const zoomRoot = full.name.length > 1 ? 1 : 0;
  for (const [what, root] of [
    ['top', 0],
    ['zoomed to widest child', zoomRoot],
  ] as const) {
    const times: number[] = [];
    let p = pruneFlame(full, { root, minFraction });
    for (let r = 0; r < 5; r++) {
      const q0 = performance.now();
      p = pruneFlame(full, { root, minFraction });
      times.push(performance.now() - q0);
    }
    const s0 = performance.now();
    const bytes = serialize(p).length;
    const sMs = performance.now() - s0;
    report({
      name: `${label}: flame query after (${what}, 0.5 px of 1920)`,
      value: p.name.length,
      unit: 'nodes',
      note: `${(bytes / 2 ** 10).toFixed(1)} KB serialized (${((100 * bytes) / fullBytes).toFixed(2)}% of full), prune ${median(times).toFixed(1)} ms median of 5, serialize ${sMs.toFixed(1)} ms`,
    });
  }
}

export default async function bench(report: Report): Promise<void> {
  const go = haveGo();
  for (const f of ['heap-1.pb.gz', 'heap-3.pb.gz']) {
    const path = join('samples/go-leak/artifacts', f);
    if (existsSync(path)) await measure(report, f, path, go, 7);
  }
  const mixed = join(import.meta.dirname, '../workers/formats/pprof/testdata/mixed.pb.gz');
  if (existsSync(mixed)) await measure(report, 'testdata/mixed.pb.gz', mixed, go, 5);
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-pprof-bench-'));
  try {
    for (const stacks of STACKS) {
      const g0 = performance.now();
      const big = generate(stacks);
      const path = join(dir, `generated-${stacks}.pb.gz`);
      writeFileSync(path, big);
      report({
        name: `generated ${stacks} stacks: build`,
        value: Math.round(performance.now() - g0),
        unit: 'ms',
        note: `${big.length} bytes gzipped`,
      });
      await measure(report, `generated ${stacks} stacks`, path, go, 3);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
