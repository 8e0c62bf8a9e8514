/**
 * Whole-process comparisons with the tools a user would otherwise run (issue 18): what a user waits for
 * includes start-up, so each row times a whole command (`pmwb` is the built CLI, `out/cli/pmwb.mjs`, with
 * the code cache its build trains),
 * median of PEERS_BENCH_RUNS (default 5), with CPU time (user + sys) and peak RSS from GNU time, peers in
 * the same run. The goals are on wall time; the CPU ratio is printed beside it because on a shared
 * machine wall time mostly measures the load (a multi-threaded peer also gets more of the CPUs): ours
 * and the peer's runs alternate, and each ratio row notes the load average.
 * - `pmwb inspect` on the Java sample's HPROF (decompressed, ~64 MB, JDK 17) vs VisualVM's heap library
 *   opening it and computing a retained size (bench/peer-visualvm; Debian `visualvm`): goal ≥ 5×.
 * - `pmwb inspect` on a CPU profile.proto of 20,430 samples vs `go tool pprof -top`: goal ≥ 1×.
 * - `pmwb inspect` on 1,000,000 gctrace lines: goal < 2 s wall and < 300 MB peak RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'fflate';
import { Profile, StringTable } from 'pprof-format';
import type { Report } from './lib.ts';
import { mulberry32, symbolTables } from './pprof.bench.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(tmpdir(), 'pmwb-peers-bench');
/** The CLI as `npm run build` bundles it, built from the current sources for this run. */
const CLI = join(WORK, 'cli/pmwb.mjs');
const RUNS = Number(process.env.PEERS_BENCH_RUNS ?? 5);
const PEER_JAR = '/usr/share/visualvm/visualvm/modules/org-graalvm-visualvm-lib-jfluid-heap.jar';

interface Run {
  /** Median wall time. */
  ms: number;
  /** Median CPU time, user + sys, all threads. */
  cpuMs: number;
  rssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Command {
  cmd: string;
  args: string[];
  before?: () => void;
}

/** One run of `c` under GNU time: wall and CPU (user + sys) in ms, peak RSS in MB. */
function once(c: Command): { wall: number; cpu: number; rss: number } {
  const stats = join(WORK, 'time.txt');
  c.before?.();
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', stats, c.cmd, ...c.args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys, maxKb] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000, rss: maxKb / 1024 };
}

/**
 * Runs the commands in turn, `RUNS` rounds (ours, peer, ours, peer…: a load that comes and goes on a
 * shared machine falls on both alike); per command the median wall time, CPU time and peak RSS.
 */
function timed(...commands: Command[]): Run[] {
  const runs = commands.map(() => ({ ms: [] as number[], cpu: [] as number[], rss: [] as number[] }));
  for (let i = 0; i < RUNS; i++) {
    commands.forEach((c, k) => {
      const r = once(c);
      runs[k].ms.push(r.wall);
      runs[k].cpu.push(r.cpu);
      runs[k].rss.push(r.rss);
    });
  }
  return runs.map((r) => ({ ms: median(r.ms), cpuMs: median(r.cpu), rssMb: median(r.rss) }));
}

const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A CPU profile as `go test -cpuprofile` writes one: `samples/count` and `cpu/nanoseconds`, 100 Hz. */
export function cpuProfile(samples: number): Uint8Array {
  const st = new StringTable();
  const nLocs = 12_000;
  const { functions, location } = symbolTables(st, 1500, nLocs);
  const rnd = mulberry32(20430);
  // CPU profiles repeat hot stacks: draw from a pool of distinct stacks, skewed towards the first ones.
  const pool = Array.from({ length: Math.ceil(samples / 3) }, () => {
    const depth = 6 + Math.floor(rnd() * 30);
    return Array.from({ length: depth }, (_, d) => (d > depth - 4 ? d + 1 : 1 + Math.floor(rnd() * nLocs)));
  });
  const sample = Array.from({ length: samples }, () => {
    const stack = pool[Math.floor(rnd() ** 2 * pool.length)];
    return { locationId: stack, value: [1, 10_000_000] };
  });
  const p = new Profile({
    sampleType: [
      { type: st.dedup('samples'), unit: st.dedup('count') },
      { type: st.dedup('cpu'), unit: st.dedup('nanoseconds') },
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
    durationNanos: samples * 10_000_000,
    periodType: { type: st.dedup('cpu'), unit: st.dedup('nanoseconds') },
    period: 10_000_000,
  });
  return gzipSync(p.encode());
}

function gctrace(lines: number): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    const live = 100 + Math.floor(i / 5000);
    out.push(
      `gc ${i} @${(i * 0.05).toFixed(3)}s 2%: 0.021+1.1+0.012 ms clock, 0.17+0.21/1.0/2.0+0.098 ms cpu, ${live + 40}->${live + 45}->${live} MB, ${live * 2} MB goal, 0 MB stacks, 0 MB globals, 8 P`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The 1-minute load average: on a shared machine it says how far to trust the wall times. */
const load = () => loadavg()[0].toFixed(1);

/** Peer time over ours, whole process: the goal is on wall time; CPU time is shown beside it. */
function ratioRow(report: Report, name: string, ours: Run, peer: Run, goal: number, loads: string): void {
  const ratio = Math.round((peer.ms / ours.ms) * 100) / 100;
  const cpuRatio = Math.round((peer.cpuMs / ours.cpuMs) * 100) / 100;
  report({
    name,
    value: ratio,
    unit: '×',
    note: `goal ≥ ${goal}× ${verdict(ratio >= goal)}; wall ${Math.round(ours.ms)} vs ${Math.round(peer.ms)} ms; CPU ${Math.round(ours.cpuMs)} vs ${Math.round(peer.cpuMs)} ms (${cpuRatio}×); peak RSS ${Math.round(ours.rssMb)} vs ${Math.round(peer.rssMb)} MB; load ${loads}`,
  });
}

/**
 * Where a whole-process goal's time budget goes: Node's own start-up (`node -e 0`) and the time
 * pmwb spends reading and analysing inside the process (`parseMs` of `--json`, median of RUNS). When
 * the analysis alone is over the budget, no start-up trimming can meet the goal.
 */
function budgetRow(report: Report, budgetMs: number, ours: Run, run: () => Buffer): void {
  const [bare] = timed({ cmd: process.execPath, args: ['-e', '0'] });
  const inside = median(
    Array.from({ length: RUNS }, () => (JSON.parse(run().toString('utf8')) as { parseMs: number }).parseMs),
  );
  const outside = ours.ms - inside;
  report({
    name: 'HPROF: time budget for 5× (VisualVM wall / 5)',
    value: Math.round(budgetMs),
    unit: 'ms',
    note: `pmwb ${Math.round(ours.ms)} ms = read + analysis ${Math.round(inside)} ms + start-up, bundle and output ${Math.round(outside)} ms (bare \`node -e 0\` ${Math.round(bare.ms)} ms); ${inside > budgetMs ? 'the analysis alone is over the budget' : 'the analysis fits the budget'}`,
  });
}

/** Our own figures for one input: wall, CPU and peak RSS. */
function oursRow(report: Report, name: string, r: Run): void {
  report({
    name,
    value: Math.round(r.ms),
    unit: 'ms',
    note: `CPU ${Math.round(r.cpuMs)} ms; peak RSS ${Math.round(r.rssMb)} MB`,
  });
}

export default async function bench(report: Report): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), join(WORK, 'cli')], {
    stdio: 'ignore',
  });
  const pmwb = (file: string) => [CLI, 'inspect', file, '--json'];

  // HPROF vs VisualVM
  const hprof = join(WORK, 'java-oom.hprof');
  if (!existsSync(hprof)) {
    writeFileSync(hprof, gunzipSync(readFileSync(join(ROOT, 'samples/java-oom/artifacts/heap.hprof.gz'))));
  }
  const hprofLoad = load();
  const oursHprofCmd: Command = { cmd: process.execPath, args: pmwb(hprof) };
  if (existsSync(PEER_JAR) && have('javac', ['-version'])) {
    const [oursHprof, peer] = timed(oursHprofCmd, {
      cmd: join(ROOT, 'bench/peer-visualvm/run.sh'),
      args: [hprof],
      before: () => rmSync(`${hprof}.hwcache`, { recursive: true, force: true }),
    });
    oursRow(report, 'pmwb inspect, Java sample HPROF (64 MB)', oursHprof);
    ratioRow(
      report,
      'HPROF: pmwb vs VisualVM heap library, whole process',
      oursHprof,
      peer,
      5,
      `${hprofLoad} → ${load()}`,
    );
    budgetRow(report, peer.ms / 5, oursHprof, () => execFileSync(process.execPath, pmwb(hprof)));
  } else {
    oursRow(report, 'pmwb inspect, Java sample HPROF (64 MB)', timed(oursHprofCmd)[0]);
    report({
      name: 'HPROF: VisualVM peer',
      value: 0,
      unit: '',
      note: 'skipped: apt-get install -y visualvm',
    });
  }

  // pprof vs go tool pprof
  const cpu = join(WORK, 'cpu-20430.pb.gz');
  if (!existsSync(cpu)) writeFileSync(cpu, cpuProfile(20_430));
  const pprofLoad = load();
  const oursPprofCmd: Command = { cmd: process.execPath, args: pmwb(cpu) };
  if (have('go', ['version'])) {
    // warm Go's build cache for the pprof tool first: a cold `go tool` start is not what users see twice
    execFileSync('go', ['tool', 'pprof', '-top', cpu], { stdio: 'ignore' });
    const [oursPprof, peer] = timed(oursPprofCmd, { cmd: 'go', args: ['tool', 'pprof', '-top', cpu] });
    oursRow(report, 'pmwb inspect, CPU profile 20,430 samples', oursPprof);
    ratioRow(
      report,
      'pprof: pmwb vs go tool pprof -top, whole process',
      oursPprof,
      peer,
      1,
      `${pprofLoad} → ${load()}`,
    );
  } else {
    oursRow(report, 'pmwb inspect, CPU profile 20,430 samples', timed(oursPprofCmd)[0]);
    report({ name: 'pprof: go tool pprof peer', value: 0, unit: '', note: 'skipped: no go on PATH' });
  }

  // 1 M gctrace lines: absolute goals
  const log = join(WORK, 'gctrace-1m.log');
  if (!existsSync(log)) writeFileSync(log, gctrace(1_000_000));
  const [gc] = timed({ cmd: process.execPath, args: pmwb(log) });
  report({
    name: 'pmwb inspect, 1,000,000 gctrace lines',
    value: Math.round(gc.ms),
    unit: 'ms',
    note: `goal < 2000 ms ${verdict(gc.ms < 2000)}; CPU ${Math.round(gc.cpuMs)} ms`,
  });
  report({
    name: 'pmwb inspect, 1,000,000 gctrace lines, peak RSS',
    value: Math.round(gc.rssMb),
    unit: 'MB',
    note: `goal < 300 MB ${verdict(gc.rssMb < 300)}`,
  });
}
