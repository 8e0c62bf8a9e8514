/**
 * Child process for bench/gc.bench.ts: opens one GC log streamed from disk (as `pmwb inspect`
 * does), builds the analysis and the block, and prints one JSON line with its own wall time and
 * whole-process peak RSS (VmHWM). Not a bench itself (bench/run.ts runs only *.bench.ts).
 */
import { fileSource } from '../node/file-source.ts';
import { openGcLog } from '../workers/formats/gclog/handler.ts';
import { kernelPeak, resetKernelPeak } from './lib.ts';

const [format, path] = process.argv.slice(2) as ['go-gctrace' | 'jvm-gclog' | 'jstat', string];
const rssBefore = process.memoryUsage().rss;
resetKernelPeak();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const source = await fileSource(path);
const opened = await openGcLog(format, source, {}, { limitBytes: 4 * 1024 ** 3 });
await source.close?.();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRss: kernelPeak() ?? process.memoryUsage().rss,
    rssBefore,
    cycles: opened.gc?.cycles,
  }),
);
