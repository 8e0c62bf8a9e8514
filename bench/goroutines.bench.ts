/**
 * Goroutine dump benchmark: a generated debug=2 dump of 100 000 goroutines (~150 MB of text),
 * parsed from memory through the streaming reader, then grouped and ranked.
 * Target (issue 6): parse + group under 5 s on the project machine.
 */
import { bytesSource } from '../workers/core/byte-source.ts';
import { findSuspects, groupGoroutines } from '../workers/formats/goroutines/analyze.ts';
import { parseGoroutineDump } from '../workers/formats/goroutines/parse.ts';
import { peakRss, type Report, TextBytes } from './lib.ts';

const GOROUTINES = Number(process.env.GOROUTINES_BENCH_N ?? 100_000);
const STATES = ['chan receive', 'select', 'IO wait', 'semacquire', 'sync.Mutex.Lock', 'sleep', 'runnable'];

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** One Go-shaped goroutine record (header, ~30 frames with args and offsets, created-by). */
function goroutineText(id: number, template: number): string {
  const state = STATES[template % STATES.length];
  const minutes = template % 3 === 0 ? `, ${(id % 90) + 1} minutes` : '';
  let s = `goroutine ${id} [${state}${minutes}]:\n`;
  s += 'runtime.gopark(0xc0001a2e58?, 0x2?, 0x0?, 0x0?, 0xc0001a2e44?)\n';
  s += '\t/usr/local/go/src/runtime/proc.go:398 +0xce\n';
  s += `runtime.selectgo(0xc0001a2e58, 0xc0001a2e40, 0x0?, 0x0, 0x0?, 0x1)\n`;
  s += '\t/usr/local/go/src/runtime/select.go:327 +0x725\n';
  const depth = 6 + (template % 6);
  for (let f = 0; f < depth; f++) {
    const pkg = f % 4 === 0 ? 'net/http' : `github.com/acme/orders/internal/svc${template % 17}`;
    s += `${pkg}.(*handler${f}).serve${template}(0x${(0xc000100000 + id * 64 + f).toString(16)}, {0x${(0x7f000 + f).toString(16)}, 0x${(id + f).toString(16)}}, 0x${f}?)\n`;
    s += `\t/home/build/src/github.com/acme/orders/internal/svc${template % 17}/handler_${f}.go:${100 + f * 7 + template} +${hex(0x40 + f)}\n`;
  }
  s += `created by github.com/acme/orders/internal/svc${template % 17}.Start${template} in goroutine ${1 + (template % 5)}\n`;
  s += `\t/home/build/src/github.com/acme/orders/internal/svc${template % 17}/start.go:${40 + template} +${hex(0x1a5)}\n\n`;
  return s;
}

function generate(): Uint8Array {
  const text = new TextBytes();
  for (let id = 1; id <= GOROUTINES; id++) {
    // ~400 distinct stacks, skewed: a few templates hold most goroutines (like a leak).
    const template = id % 10 < 6 ? id % 3 : id % 400;
    text.add(goroutineText(id, template));
  }
  return text.bytes();
}

export default async function bench(report: Report): Promise<void> {
  const rss = peakRss();
  try {
    let t = performance.now();
    const bytes = generate();
    report({
      name: 'goroutines: generate dump',
      value: performance.now() - t,
      unit: 'ms',
      note: `${GOROUTINES} goroutines`,
    });
    report({ name: 'goroutines: dump size', value: bytes.byteLength / 1048576, unit: 'MiB' });
    const rssBefore = process.memoryUsage().rss;

    t = performance.now();
    let cpu = process.cpuUsage();
    const dump = await parseGoroutineDump(bytesSource('bench-goroutines.txt', bytes));
    const parseMs = performance.now() - t;
    const parseCpu = process.cpuUsage(cpu);
    report({
      name: 'goroutines: parse CPU time',
      value: (parseCpu.user + parseCpu.system) / 1000,
      unit: 'ms',
      note: 'user+system; wall time above also counts waiting for a shared CPU',
    });
    rss.sample();
    report({
      name: 'goroutines: parse',
      value: parseMs,
      unit: 'ms',
      note: `${dump.total} goroutines, ${dump.stacks.length} distinct stacks`,
    });

    t = performance.now();
    cpu = process.cpuUsage();
    const groups = groupGoroutines(dump, 'anyValue');
    const suspects = findSuspects(dump, groups);
    const groupMs = performance.now() - t;
    const groupCpu = process.cpuUsage(cpu);
    rss.sample();
    report({
      name: 'goroutines: group + suspects',
      value: groupMs,
      unit: 'ms',
      note: `${groups.length} groups, ${suspects.length} suspects`,
    });
    const cpuMs = (parseCpu.user + parseCpu.system + groupCpu.user + groupCpu.system) / 1000;
    report({ name: 'goroutines: parse + group CPU time', value: cpuMs, unit: 'ms' });
    report({
      name: 'goroutines: parse + group',
      value: parseMs + groupMs,
      unit: 'ms',
      note: `target < 5000 ms; ${parseMs + groupMs < 5000 ? 'met' : 'NOT met'}`,
    });

    t = performance.now();
    const exact = groupGoroutines(dump, 'exact');
    report({
      name: 'goroutines: group (exact args)',
      value: performance.now() - t,
      unit: 'ms',
      note: `${exact.length} groups`,
    });
    report({
      name: 'goroutines: peak RSS',
      value: rss.stop() / 1048576,
      unit: 'MiB',
      note: `RSS before parse ${(rssBefore / 1048576).toFixed(0)} MiB (input held in memory)`,
    });
  } finally {
    rss.stop();
  }
}

// Run directly: `npx tsx bench/goroutines.bench.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  await bench((row) =>
    console.log(`${row.name}: ${row.value.toFixed(1)} ${row.unit}${row.note ? ` (${row.note})` : ''}`),
  );
}
