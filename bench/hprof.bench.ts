/**
 * HPROF benchmark (issue 10): end to end (parse → graph → dominators → retained → Java analyses)
 * on the Java sample (.hprof.gz as shipped, and decompressed) and on a large dump made by the
 * sample's own program with a bigger heap (HPROF_BENCH_XMX, default 1g → a ~1 GB dump, cached in
 * os.tmpdir()), plus VisualVM's heap library (Debian `visualvm`) on the same dumps as a ratio.
 * Targets: ≥ 2× faster than the peer end to end; peak memory under 40 B/object + 8 B/reference.
 * The large dump is mostly big byte arrays (few objects); a dump with MANY small objects
 * (HPROF_BENCH_MANY nodes of a linked list + HashMap, default 2,000,000 → ~5.5 M objects,
 * ~250 MiB, made once by a small program written to os.tmpdir()) measures bytes per object.
 * The peer is slow on it (VisualVM computes retained sizes per object): it is cut off after
 * HPROF_BENCH_PEER_TIMEOUT_MS (default 5 min; it needed 18.5 min on this machine) and the ratio is then a lower bound.
 * A second, bigger dump of the same program (HPROF_BENCH_MANY2 nodes, default 5,000,000 → ~13.7 M
 * objects, ~610 MiB; 0 skips it, and the peer is not run on it) gives the marginal cost: peak
 * growth between the two sizes per added object, which leaves out what the runtime costs
 * whatever the dump (V8's young generation and code, ~30-45 MiB here).
 * HPROF_BENCH_LARGE=0 skips the large dump, HPROF_BENCH_MANY=0 the many-objects dump;
 * HPROF_BENCH_PEER=0 skips the peer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { fileSource } from '../node/file-source.ts';
import { type HprofArtifactModel, hprofHandler } from '../workers/formats/hprof/handler.ts';
import { peakRss, type Report } from './lib.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'samples/java-oom/artifacts/heap.hprof.gz');
const PEER_JAR = '/usr/share/visualvm/visualvm/modules/org-graalvm-visualvm-lib-jfluid-heap.jar';
const WORK = join(tmpdir(), 'pmwb-hprof-bench');
const XMX = process.env.HPROF_BENCH_XMX ?? '1g';

/**
 * {@link measure} in a fresh Node process: memory the allocator kept from an earlier dump would
 * otherwise hide this one's peak (the 1 GB dump showed 0 MiB growth after the 5.5 M-object one).
 */
async function ours(
  report: Report,
  label: string,
  path: string,
  uncompressedBytes: number,
): Promise<{ ms: number; growth: number; objects: number; refs: number }> {
  if (process.env.HPROF_BENCH_IN_PROCESS === '1') return measure(report, label, path, uncompressedBytes);
  const code = `const m = await import(${JSON.stringify(import.meta.url)});
const ms = await m.measure((r) => console.log('ROW ' + JSON.stringify(r)), ${JSON.stringify(label)}, ${JSON.stringify(path)}, ${uncompressedBytes});
console.log('MS ' + JSON.stringify(ms));`;
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=16384', '--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  let out: { ms: number; growth: number; objects: number; refs: number } | undefined;
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('ROW ')) report(JSON.parse(line.slice(4)));
    else if (line.startsWith('MS ')) out = JSON.parse(line.slice(3));
  }
  if (!out) throw new Error(`${label}: measuring process failed: ${(r.stderr ?? '').slice(-400)}`);
  return out;
}

/** Opens one dump with the handler and reports MB/s and peak RSS (call in a fresh process). */
export async function measure(
  report: Report,
  label: string,
  path: string,
  uncompressedBytes: number,
): Promise<{ ms: number; growth: number; objects: number; refs: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  const rss = peakRss({ kernel: true });
  const phases: Record<string, number> = {};
  let lastPhase = '';
  let lastAt = performance.now();
  const t0 = performance.now();
  const opened = await hprofHandler.open(
    await fileSource(path),
    {
      onProgress: (p) => {
        if (p.phase !== lastPhase) {
          const now = performance.now();
          if (lastPhase) phases[lastPhase] = (phases[lastPhase] ?? 0) + now - lastAt;
          lastPhase = p.phase;
          lastAt = now;
        }
      },
    },
    {},
  );
  const ms = performance.now() - t0;
  if (lastPhase) phases[lastPhase] = (phases[lastPhase] ?? 0) + performance.now() - lastAt;
  const peak = Math.max(base, rss.stop());
  const m = (opened.model as HprofArtifactModel).hprof;
  const objects = m.graph.nodeCount - 1;
  const refs = m.graph.edgeTarget.length;
  const budget = objects * 40 + refs * 8;
  report({
    name: `${label} end to end`,
    value: Math.round((uncompressedBytes / 1048576 / (ms / 1000)) * 10) / 10,
    unit: 'MB/s',
    note: `${(uncompressedBytes / 1048576).toFixed(0)} MiB dump, ${Math.round(ms)} ms, ${objects.toLocaleString('en')} objects, ${refs.toLocaleString('en')} refs; phases ${Object.entries(
      phases,
    )
      .map(([k, v]) => `${k} ${Math.round(v)} ms`)
      .join(', ')}`,
  });
  report({
    name: `${label} peak RSS`,
    value: Math.round(peak / 1048576),
    unit: 'MiB',
    note: `growth ${Math.round((peak - base) / 1048576)} MiB = ${((peak - base) / Math.max(1, objects)).toFixed(0)} B/object; budget 40 B/object + 8 B/ref = ${Math.round(budget / 1048576)} MiB (${peak - base <= budget ? 'met' : 'not met'})`,
  });
  return { ms, growth: peak - base, objects, refs };
}

function peer(
  report: Report,
  label: string,
  path: string,
  oursMs: number,
  args: string[] = [],
  timeoutMs = Number(process.env.HPROF_BENCH_PEER_TIMEOUT_MS ?? 5 * 60_000),
): void {
  if (process.env.HPROF_BENCH_PEER === '0' || !existsSync(PEER_JAR)) {
    report({
      name: `${label} VisualVM peer`,
      value: 0,
      unit: 'ms',
      note: 'skipped: apt-get install -y visualvm',
    });
    return;
  }
  rmSync(`${path}.hwcache`, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(join(ROOT, 'bench/peer-visualvm/run.sh'), [path, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PEER_JAVA_OPTS: '-Xmx4g' },
    maxBuffer: 1 << 24,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const wall = performance.now() - t0;
  rmSync(`${path}.hwcache`, { recursive: true, force: true });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    report({
      name: `${label} VisualVM peer`,
      value: Math.round(wall),
      unit: 'ms',
      note: `did not finish: stopped after ${Math.round(timeoutMs / 1000)} s`,
    });
    report({
      name: `${label} speed-up vs VisualVM`,
      value: Math.round((wall / oursMs) * 100) / 100,
      unit: '×',
      note: 'lower bound: the peer was stopped before it finished',
    });
    return;
  }
  if (r.status !== 0) {
    report({
      name: `${label} VisualVM peer`,
      value: 0,
      unit: 'ms',
      note: `failed: ${(r.stderr ?? '').slice(0, 200)}`,
    });
    return;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    totalMs: number;
    retainedSize: number;
  };
  report({
    name: `${label} VisualVM peer`,
    value: Math.round(wall),
    unit: 'ms',
    note: `wall incl. JVM start; library open+retained ${out.totalMs} ms; retained(pending) ${out.retainedSize}`,
  });
  report({
    name: `${label} speed-up vs VisualVM`,
    value: Math.round((wall / oursMs) * 100) / 100,
    unit: '×',
    note: 'peer wall time / our end-to-end time (target ≥ 2)',
  });
}

/** A large dump from the sample's own program with a bigger heap, made once and cached. */
function largeDump(): string | undefined {
  const out = join(WORK, `order-export-${XMX}.hprof`);
  if (existsSync(out)) return out;
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mkdirSync(join(WORK, 'classes'), { recursive: true });
  const src: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.java')) src.push(p);
    }
  };
  walk(join(ROOT, 'samples/java-oom/src'));
  execFileSync('javac', ['-d', join(WORK, 'classes'), ...src]);
  spawnSync(
    'java',
    [
      `-Xmx${XMX}`,
      '-XX:+HeapDumpOnOutOfMemoryError',
      `-XX:HeapDumpPath=${out}`,
      '-cp',
      join(WORK, 'classes'),
      'com.example.order.OrderExportService',
      '500',
      '0',
      '100000000',
    ],
    { stdio: 'ignore', timeout: 15 * 60_000 },
  );
  return existsSync(out) ? out : undefined;
}

/** The many-small-objects program: a linked list of nodes, some with small arrays and strings. */
const MANY_SRC = `import java.lang.management.ManagementFactory;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.util.*;
public class Many {
  static final class Node { long id; Node next; Object payload; String name; Node(long i, Node n) { id = i; next = n; } }
  static final List<Object> keep = new ArrayList<>();
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    HashMap<Integer, Node> map = new HashMap<>();
    Node prev = null;
    for (int i = 0; i < n; i++) {
      Node x = new Node(i, prev);
      if (i % 3 == 0) x.payload = new int[i % 7];
      if (i % 5 == 0) x.name = "n" + i;
      if (i % 2 == 0) map.put(i, x);
      prev = (i % 1000 == 0) ? null : x;
      if (i % 1000 == 999) keep.add(x);
    }
    keep.add(map);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(a[1], true);
  }
}
`;

/** A dump of many small objects, made once and cached. */
function manyDump(nodes: number): string | undefined {
  const out = join(WORK, `many-${nodes}.hprof`);
  if (existsSync(out)) return out;
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const dir = join(WORK, 'many');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Many.java'), MANY_SRC);
  execFileSync('javac', ['-d', dir, join(dir, 'Many.java')]);
  spawnSync('java', ['-Xmx3g', '-cp', dir, 'Many', String(nodes), out], {
    stdio: 'ignore',
    timeout: 10 * 60_000,
  });
  return existsSync(out) ? out : undefined;
}

export default async function bench(report: Report): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  if (existsSync(SAMPLE)) {
    const raw = gunzipSync(readFileSync(SAMPLE));
    const plain = join(WORK, 'sample.hprof');
    writeFileSync(plain, raw);
    await ours(report, 'java sample .hprof.gz', SAMPLE, raw.length);
    const { ms } = await ours(report, 'java sample .hprof', plain, raw.length);
    peer(report, 'java sample .hprof', plain, ms);
  } else {
    report({ name: 'java sample', value: 0, unit: 'MB/s', note: 'skipped: run npm run samples' });
  }
  const manyNodes = Number(process.env.HPROF_BENCH_MANY ?? 2_000_000);
  if (manyNodes > 0) {
    const many = manyDump(manyNodes);
    if (many) {
      const small = await ours(
        report,
        `many small objects (${manyNodes} list nodes)`,
        many,
        statSync(many).size,
      );
      peer(report, `many small objects (${manyNodes} list nodes)`, many, small.ms, ['Many', 'keep']);
      const moreNodes = Number(process.env.HPROF_BENCH_MANY2 ?? 5_000_000);
      const more = moreNodes > manyNodes ? manyDump(moreNodes) : undefined;
      if (more) {
        const big = await ours(
          report,
          `many small objects (${moreNodes} list nodes)`,
          more,
          statSync(more).size,
        );
        const dObjects = big.objects - small.objects;
        const dRefs = big.refs - small.refs;
        const marginal = (big.growth - small.growth) / dObjects;
        const budget = 40 + (8 * dRefs) / dObjects;
        report({
          name: 'many small objects: marginal peak memory',
          value: Math.round(marginal * 10) / 10,
          unit: 'B/object',
          note: `peak growth added per added object between ${small.objects.toLocaleString('en')} and ${big.objects.toLocaleString('en')} objects (references counted in: budget 40 B/object + 8 B/ref = ${budget.toFixed(1)} B/object here; ${marginal <= budget ? 'met' : 'not met'}); fixed part ${Math.round((small.growth - marginal * small.objects) / 1048576)} MiB`,
        });
      }
    } else {
      report({ name: 'many small objects', value: 0, unit: 'MB/s', note: 'skipped: no JDK to generate it' });
    }
  }
  if (process.env.HPROF_BENCH_LARGE === '0') return;
  const large = largeDump();
  if (!large) {
    report({ name: 'large hprof', value: 0, unit: 'MB/s', note: 'skipped: no JDK to generate it' });
    return;
  }
  const size = statSync(large).size;
  const { ms } = await ours(report, `large hprof (-Xmx${XMX})`, large, size);
  peer(report, `large hprof (-Xmx${XMX})`, large, ms);
}
