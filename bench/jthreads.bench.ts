import { bytesSource } from '../workers/core/byte-source.ts';
import { openThreadDump } from '../workers/formats/jthreads/handler.ts';

type Row = { name: string; value: number; unit: string; note?: string };

/** A jcmd-like dump: `threads` threads in pools of 50 sharing stacks of 40 frames, every 10th BLOCKED. */
function makeDump(threads: number): Uint8Array {
  const parts: string[] = [
    '1234:\n2026-01-01 00:00:00\nFull thread dump OpenJDK 64-Bit Server VM (17.0.15 mixed mode):\n\n',
  ];
  for (let i = 0; i < threads; i++) {
    const pool = Math.floor(i / 50);
    const blocked = i % 10 === 1;
    const holder = i % 10 === 0;
    parts.push(
      `"pool-${pool}-thread-${i % 50}" #${i + 10} daemon prio=5 os_prio=0 cpu=${(i % 97) + 0.5}ms elapsed=${i}.00s tid=0x${(0x7f0000000000 + i * 4096).toString(16)} nid=0x${(1000 + i).toString(16)} ${blocked ? 'waiting for monitor entry' : 'waiting on condition'}  [0x00007f6b64efe000]\n`,
      `   java.lang.Thread.State: ${blocked ? 'BLOCKED (on object monitor)' : 'TIMED_WAITING (sleeping)'}\n`,
    );
    for (let f = 0; f < 40; f++) {
      parts.push(`\tat com.example.p${pool % 20}.Service${f}.call${f}(Service${f}.java:${100 + f})\n`);
      if (f === 0 && blocked)
        parts.push(`\t- waiting to lock <0x${(0xfc000000 + pool * 16).toString(16)}> (a java.lang.Object)\n`);
      if (f === 0 && holder)
        parts.push(`\t- locked <0x${(0xfc000000 + pool * 16).toString(16)}> (a java.lang.Object)\n`);
    }
    parts.push('\n');
  }
  parts.push('JNI global refs: 10, weak refs: 0\n\n');
  return new TextEncoder().encode(parts.join(''));
}

export default async function bench(report: (row: Row) => void): Promise<void> {
  for (const threads of [2_000, 20_000]) {
    const bytes = makeDump(threads);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const o = await openThreadDump(bytesSource(`bench-${threads}.txt`, bytes));
    const ms = performance.now() - t0;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (o.threads?.total !== threads)
      throw new Error(`expected ${threads} threads, read ${o.threads?.total}`);
    const mib = bytes.length / 2 ** 20;
    report({
      name: `jthreads open ${threads} threads`,
      value: Math.round(ms),
      unit: 'ms',
      note: `${mib.toFixed(1)} MiB dump, ${o.threads.locks.length} locks`,
    });
    report({
      name: `jthreads throughput ${threads} threads`,
      value: Math.round(mib / (ms / 1000)),
      unit: 'MiB/s',
    });
    report({
      name: `jthreads peak RSS growth ${threads} threads`,
      value: Math.round((peak - rssBefore) / 2 ** 20),
      unit: 'MiB',
      note: 'sampled every 20 ms',
    });
  }
}
