/**
 * Heap benchmark (issue 4): the Go sample dump end to end (parse, graph, dominators, retained,
 * summary), the large dump of `bash samples/generate.sh --scale 100 --only go`
 * (samples/out-scale/go-leak/artifacts/heapdump-3.bin, ~550 MiB, 5.2 M objects; skipped when
 * absent) opened the way the app opens it (the handler, read from disk), a generated Go dump of
 * HEAP_BENCH_DUMP_ORDERS orders (default 1,000,000 orders = 2 M objects) through the same path,
 * and a synthetic HeapGraph of HEAP_BENCH_N objects (default 5 M) for the graph phases alone.
 * Peak RSS is sampled during each phase (whole process, Node baseline included).
 * Target: ≥ 50 MB/s end to end, peak memory ≤ 1 × the dump's size.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileSource } from '../node/file-source.ts';
import { bytesSource } from '../workers/core/byte-source.ts';
import { buildGoHeapGraph } from '../workers/formats/go-heapdump/graph.ts';
import { goHeapdumpHandler } from '../workers/formats/go-heapdump/handler.ts';
import { parseGoHeapDump } from '../workers/formats/go-heapdump/parser.ts';
import { DumpWriter } from '../workers/formats/go-heapdump/test-dump.ts';
import { analyzeHeap } from '../workers/graph/dominators.ts';
import { buildCsr, type HeapGraph } from '../workers/graph/heap-graph.ts';
import { summarizeHeap } from '../workers/graph/summary.ts';
import { kernelPeak, peakRss, type Report, resetKernelPeak } from './lib.ts';

const SAMPLE = new URL('../samples/go-leak/artifacts/heapdump-3.bin', import.meta.url).pathname;
const SCALED = new URL('../samples/out-scale/go-leak/artifacts/heapdump-3.bin', import.meta.url).pathname;
const N = Number(process.env.HEAP_BENCH_N ?? 5_000_000);
const ORDERS = Number(process.env.HEAP_BENCH_DUMP_ORDERS ?? 1_000_000);

/** Times `fn` and reports its wall time and the process's exact peak RSS (VmHWM, reset per phase). */
async function phase<T>(report: Report, label: string, fn: () => Promise<T> | T): Promise<T> {
  const rss = peakRss({ kernel: true });
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const peak = rss.stop();
    report({ name: `${label} time`, value: Math.round(performance.now() - t0), unit: 'ms' });
    report({ name: `${label} peak RSS`, value: Math.round(peak / 1048576), unit: 'MiB' });
  }
}

async function dumpEndToEnd(report: Report, name: string, bytes: Uint8Array): Promise<void> {
  const src = bytesSource(name, bytes);
  const t0 = performance.now();
  const dump = await phase(report, `${name} parse`, () => parseGoHeapDump(src));
  const model = await phase(report, `${name} graph`, () =>
    buildGoHeapGraph(dump, undefined, { release: true }),
  );
  const analysis = await phase(report, `${name} dominators+retained`, () => analyzeHeap(model.graph));
  await phase(report, `${name} summary`, () => summarizeHeap(model.graph, analysis));
  const s = (performance.now() - t0) / 1000;
  report({
    name: `${name} end to end`,
    value: Math.round((bytes.length / 1048576 / s) * 10) / 10,
    unit: 'MB/s',
    note: `${(bytes.length / 1048576).toFixed(1)} MiB, ${model.objects.toLocaleString('en')} objects, dominators ${Math.round(analysis.timings.dominators)} ms`,
  });
}

/** The handler's open (parse → graph → dominators → retained → summary) on a file, per phase. */
async function openFromDisk(report: Report, label: string, path: string): Promise<void> {
  const src = await fileSource(path);
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  const exact = resetKernelPeak();
  let peak = base;
  let phasePeak = base;
  const timer = setInterval(() => {
    const r = process.memoryUsage().rss;
    peak = Math.max(peak, r);
    phasePeak = Math.max(phasePeak, r);
  }, 10);
  const phases: string[] = [];
  let last = '';
  let lastAt = performance.now();
  const close = (now: number) => {
    const p = (exact && kernelPeak()) || phasePeak;
    if (last)
      phases.push(`${last} ${Math.round(now - lastAt)} ms / peak so far ${Math.round(p / 1048576)} MiB`);
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const opened = await goHeapdumpHandler.open(
      src,
      {
        onProgress: (p) => {
          if (p.phase === last) return;
          const now = performance.now();
          phasePeak = Math.max(phasePeak, process.memoryUsage().rss);
          close(now);
          last = p.phase;
          lastAt = now;
          phasePeak = process.memoryUsage().rss;
        },
      },
      {},
    );
    const ms = performance.now() - t0;
    close(performance.now());
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss, (exact && kernelPeak()) || 0);
    const mib = src.size / 1048576;
    report({
      name: `${label} end to end`,
      value: Math.round((mib / (ms / 1000)) * 10) / 10,
      unit: 'MB/s',
      note: `${mib.toFixed(0)} MiB, ${(opened.heap?.objects ?? 0).toLocaleString('en')} objects, ${Math.round(ms)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU; phases (summary inside the last): ${phases.join(', ')}`,
    });
    report({
      name: `${label} peak RSS`,
      value: Math.round(peak / 1048576),
      unit: 'MiB',
      note: `${((peak / src.size) * 100).toFixed(0)} % of the dump's size (target ≤ 100 %); growth over the ${Math.round(base / 1048576)} MiB before the open: ${Math.round((peak - base) / 1048576)} MiB`,
    });
  } finally {
    clearInterval(timer);
    await src.close?.();
  }
}

/** A dump shaped like the sample: one global map of `orders` entries, each an order + payload. */
function generateDump(orders: number): Uint8Array {
  const H = 0xc000000000;
  const w = new DumpWriter().params(H, H + 2 ** 40);
  const buckets = H + 2 ** 28;
  const bucketSize = 8 * 1024;
  const nb = Math.ceil(orders / 1000);
  // the map header points at every bucket array
  w.object(
    H,
    Math.max(48, nb * 8),
    Array.from({ length: nb }, (_, b) => [b * 8, buckets + b * bucketSize] as [number, number]),
  );
  for (let b = 0; b < nb; b++) {
    const ptrs: [number, number][] = [];
    for (let i = b * 1000; i < Math.min(orders, (b + 1) * 1000); i++)
      ptrs.push([(i % 1000) * 8, H + 2 ** 30 + i * 256]);
    w.object(buckets + b * bucketSize, bucketSize, ptrs);
  }
  for (let i = 0; i < orders; i++) {
    const at = H + 2 ** 30 + i * 256;
    w.object(at, 96, [[8, at + 96]]);
    w.object(at + 96, 160);
  }
  w.segment('bss', 0x5e0000, [H]);
  return w.eof().bytes();
}

function syntheticGraph(n: number): HeapGraph {
  // a wide tree with cross links and a long chain: roots → lists → nodes
  const m = n * 2;
  const from = new Uint32Array(m);
  const to = new Uint32Array(m);
  let e = 0;
  for (let i = 1; i < n && e < m; i++) {
    const parent = i < 1000 ? 0 : (i * 2654435761) % i;
    from[e] = parent;
    to[e++] = i;
    if (i % 3 === 0 && e < m) {
      from[e] = i;
      to[e++] = (i * 40503) % n;
    }
  }
  const csr = buildCsr(n, from, to, e);
  const shallow = new Float64Array(n);
  for (let i = 1; i < n; i++) shallow[i] = 16 + (i % 7) * 16;
  return {
    nodeCount: n,
    address: new Float64Array(n),
    shallow,
    typeId: new Int32Array(n).map((_, i) => i % 50),
    types: Array.from({ length: 50 }, (_, i) => `T${i}`),
    firstEdge: csr.firstEdge,
    edgeTarget: csr.edgeTarget,
    isRoot: new Uint8Array(n),
    rootLabel: new Map(),
  };
}

export default async function bench(report: Report): Promise<void> {
  if (existsSync(SAMPLE)) await dumpEndToEnd(report, 'go sample heapdump-3.bin', readFileSync(SAMPLE));
  if (existsSync(SCALED))
    await openFromDisk(report, 'go --scale 100 heapdump-3.bin (handler, from disk)', SCALED);
  else
    report({
      name: 'go --scale 100 dump',
      value: 0,
      unit: 'MB/s',
      note: 'skipped: bash samples/generate.sh --scale 100 --only go',
    });
  const big = generateDump(ORDERS);
  await dumpEndToEnd(report, `generated go dump (${ORDERS} orders)`, big);
  const g = await phase(report, `synthetic graph ${N} objects build`, () => syntheticGraph(N));
  const a = await phase(report, `synthetic graph ${N} dominators+retained`, () => analyzeHeap(g));
  report({
    name: 'synthetic graph dominators',
    value: Math.round(a.timings.dominators),
    unit: 'ms',
    note: `retained ${Math.round(a.timings.retained)} ms, reverse edges ${Math.round(a.timings.reverse)} ms`,
  });
}
