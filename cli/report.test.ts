import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../testdata/csv.ts';
import type { Finding, Incident } from '../workers/incident/model.ts';
import { newIncident, parseIncident, serializeIncident } from '../workers/incident/model.ts';
import { goIncident } from '../workers/incident/test-fixtures.ts';
import type { TimelineEvent, TimelineSeries } from '../workers/incident/timeline.ts';
import { formatBytes, formatCount } from '../workers/report/format.ts';
import { runReport } from './report.ts';

const root = join(__dirname, '..');
const GO = join(root, 'samples/go-leak');
const JAVA = join(root, 'samples/java-oom');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'pmwb-report-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runReport(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface Out {
  md: string;
  /** checklist.csv as written; read it with `csv()`. */
  csvText: string;
  incident: Incident;
  timeline: { events: TimelineEvent[]; series: TimelineSeries[]; findings: Finding[] };
}
async function outputs(dir: string): Promise<Out> {
  const parsed = parseIncident(await readFile(join(dir, 'incident.pmwb'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return {
    md: await readFile(join(dir, 'postmortem.md'), 'utf8'),
    csvText: await readFile(join(dir, 'checklist.csv'), 'utf8'),
    incident: parsed.incident,
    timeline: JSON.parse(await readFile(join(dir, 'timeline.json'), 'utf8')),
  };
}
const csv = (o: Out) => parseCsv(o.csvText);
const section = (md: string, heading: string) => {
  const i = md.indexOf(`\n## ${heading}\n`);
  const j = md.indexOf('\n## ', i + 4);
  return md.slice(i, j < 0 ? undefined : j);
};

/** Open file descriptors of this process (Linux); undefined elsewhere. */
function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

describe.skipIf(openFds() === undefined)('pmwb report: file descriptors (needs /proc/self/fd)', () => {
  it('closes every file it opened, after a report and after a failure', async () => {
    const before = openFds()!;
    const ok = await run([join(GO, 'artifacts'), '--out', join(tmp, 'fds')]);
    expect(ok.code).toBe(0);
    expect(openFds()).toBe(before);
    // an explicit file that is no dump fails the command after the folder's files were opened
    const junk = join(tmp, 'junk.txt');
    await writeFile(junk, 'not a dump\n');
    const failed = await run([join(GO, 'artifacts'), junk, '--out', join(tmp, 'fds2')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${junk}: not a format pmwb reads`);
    expect(openFds()).toBe(before);
  });
});

describe('pmwb report: usage and errors', () => {
  it('exits 2 on usage errors', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['x'])).stderr).toMatch(/--out DIR is required/);
    expect((await run(['x', '--out', tmp, '--lang', 'fr'])).code).toBe(2);
    const bad = await run(['x', '--out', tmp, '--anchor', 'gctrace.log=yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/FILE=RFC3339/);
    expect((await run(['x', '--out', tmp, '--bogus'])).code).toBe(2);
  });

  it('exits 1 naming the file that is not an artifact', async () => {
    const f = join(tmp, 'notes.txt');
    await writeFile(f, 'just some notes\n');
    const r = await run([f, '--out', join(tmp, 'o1')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(f);
    expect((await run([join(tmp, 'missing.log'), '--out', join(tmp, 'o1')])).stderr).toMatch(
      /missing\.log: no such file/,
    );
  });

  it('exits 1 with the field and the backup when --incident is damaged', async () => {
    const f = join(tmp, 'bad.pmwb');
    await writeFile(f, '{"schema":"pmwb.incident","version":2,"id":"x"}');
    const r = await run([f, '--incident', f, '--out', join(tmp, 'o2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid field/);
    expect(r.stderr).toMatch(/title/);
  });

  it('names the file and the field for an out-of-range time or an unknown zone (not "Invalid time value")', async () => {
    const good = JSON.parse(serializeIncident(newIncident({ nowMs: Date.UTC(2026, 0, 1) })));
    const cases: [string, (d: Record<string, unknown>) => void, RegExp][] = [
      ['time.pmwb', (d) => (d.startMs = 8.64e15 + 1), /startMs: a time within ±8\.64e15 ms/],
      ['zone.pmwb', (d) => (d.timeZone = 'Nowhere/Land'), /timeZone: an IANA time zone/],
    ];
    for (const [name, damage, field] of cases) {
      const f = join(tmp, name);
      const d = structuredClone(good);
      damage(d);
      await writeFile(f, JSON.stringify(d));
      const r = await run([f, '--incident', f, '--out', join(tmp, 'o3')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`pmwb report: ${f}:`);
      expect(r.stderr).toMatch(field);
      expect(r.stderr).not.toMatch(/Invalid time value/);
    }
  });

  it('names the incident file and the anchor when valid fields combine into a time no date holds', async () => {
    const inc = goIncident();
    for (const a of inc.artifacts)
      a.timeAnchor = { ...a.timeAnchor, kind: 'relative', processStartMs: 8.64e15 };
    const f = join(tmp, 'edge.pmwb');
    await writeFile(f, serializeIncident(inc));
    const r = await run([f, '--incident', f, '--out', join(tmp, 'o4')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pmwb report: ${f}:`);
    expect(r.stderr).toMatch(/artifacts\[\d+\]\.timeAnchor\.processStartMs: places the GC log's/);
    expect(r.stderr).not.toMatch(/Invalid time value/);
  });
});

const haveGo = existsSync(join(GO, 'manifest.json')) && existsSync(join(GO, 'artifacts/heapdump-3.bin'));
describe.skipIf(!haveGo)('pmwb report on the Go sample incident', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the manifest is plain JSON written by samples/generate.sh
  let manifest: any;
  let out: Out;
  /** The zh-CN report made from a saved incident, for the CSV check after it. */
  let zh: Out;
  let stdout: string;
  beforeAll(async () => {
    manifest = JSON.parse(await readFile(join(GO, 'manifest.json'), 'utf8'));
    // Goroutine dumps and tracebacks carry no clock; anchor them at the capture times the manifest records
    // (what a team does with "dump taken at"). GC log, pprof and heap dump times come from the evidence.
    const anchors = manifest.artifacts
      .filter(
        (a: { file: string; kind: string }) => a.kind === 'goroutine-dump' || a.kind === 'crash-traceback',
      )
      .flatMap((a: { file: string; capturedAt: string }) => [
        '--anchor',
        `${a.file.replace('artifacts/', '')}=${a.capturedAt}`,
      ]);
    const dir = join(tmp, 'go');
    const r = await run([join(GO, 'artifacts'), ...anchors, '--out', dir]);
    for (const line of r.stderr.split('\n').filter(Boolean))
      expect(line).toMatch(/^pmwb report: \S+: (warning: |truncated at byte )/);
    expect(r.code).toBe(0);
    stdout = r.stdout;
    out = await outputs(dir);
  });

  it('lists the service binary and writes every file', () => {
    expect(stdout).toMatch(/service binary: .*go-leak\n/);
    for (const f of [
      'postmortem.md',
      'checklist.csv',
      'timeline.json',
      'heap-over-time.svg',
      'goroutines.svg',
      'incident.pmwb',
    ]) {
      expect(stdout).toContain(f);
    }
  });

  it('orders the three dump moments and the crash as the manifest says, with its goroutine counts', () => {
    const f = manifest.facts;
    const dumps = out.timeline.events.filter((e) => e.kind === 'goroutine-dump' && /debug2/.test(e.label));
    const crash = out.timeline.events.find((e) => e.kind === 'crash')!;
    expect(dumps.map((d) => d.t)).toEqual(
      f.phases.map((p: { capturedAt: string }) => Date.parse(p.capturedAt)),
    );
    expect(crash.t).toBe(Date.parse(f.crash.capturedAt));
    const order = out.timeline.events.filter((e) => e === crash || dumps.includes(e)).map((e) => e.id);
    expect(order).toEqual([...dumps.map((d) => d.id), crash.id]);
    const series = out.timeline.series.find((s) => s.kind === 'goroutines')!;
    for (const p of f.phases) {
      const at = series.points.filter((x) => x.t === Date.parse(p.capturedAt));
      expect(at.length).toBeGreaterThan(0);
      expect(at.every((x) => x.v === p.totalGoroutines)).toBe(true);
    }
    expect(series.points.find((x) => x.t === crash.t)?.v).toBe(f.crash.totalGoroutines);
  });

  it('names the cache map with its retained size, the leaking goroutine group with its counts, and the crash', () => {
    const f = manifest.facts;
    const rc = section(out.md, 'Root cause and evidence');
    const top = out.timeline.findings.find((x) => x.kind === 'top-retainer')!;
    expect(top.subject).toContain(f.globalVariable);
    // The cache holds every order: at least their payloads, at most the whole heap at the dump.
    const last = f.phases[f.phases.length - 1];
    expect(top.numbers.retainedBytes).toBeGreaterThanOrEqual(last.ordersCached * f.bytesPerOrderPayload);
    expect(top.numbers.retainedBytes).toBeLessThanOrEqual(f.heapDump.memStatsHeapAllocBytes);
    expect(rc).toContain(`\`${f.globalVariable}`);
    expect(rc).toContain(`${formatBytes(top.numbers.retainedBytes)} retained`);
    const leak = out.timeline.findings.find(
      (x) => x.kind === 'goroutine-growth' && x.subject === f.functions.leakedWorker,
    )!;
    const counts = f.phases.map((p: { leakedExportWorkers: number }) => p.leakedExportWorkers);
    expect(leak.facts?.counts).toBe(counts.join(' → '));
    expect(leak.facts?.createdBy).toBe(f.functions.leakedWorkerBy);
    expect(rc).toContain(`\`${f.functions.leakedWorker}\``);
    expect(rc).toContain(`+${counts.at(-1) - counts[0]}`);
    const convoy = out.timeline.findings.find(
      (x) => x.kind === 'goroutine-growth' && x.subject === f.functions.convoyWaiter,
    )!;
    expect(convoy.numbers.last).toBe(last.convoyWaiters);
    const crash = out.timeline.findings.find((x) => x.kind === 'crash')!;
    expect(f.crash.message).toContain(crash.subject);
    expect(crash.facts?.function).toBe(f.crash.panickingFunction);
    const stack = out.timeline.findings.find((x) => x.kind === 'stack-held-memory')!;
    expect(stack.numbers.retainedBytes).toBe(f.stackHeldSliceBytes);
    expect(stack.facts?.root).toContain(f.functions.stackHolder);
  });

  it('finds heap growth over the leak period and projects the OOM against GOMEMLIMIT', () => {
    const f = manifest.facts;
    const g = out.timeline.findings.find((x) => x.kind === 'heap-growth')!;
    expect(g.t).toBeLessThanOrEqual(Date.parse(f.phases[0].capturedAt));
    expect(g.tEnd).toBeGreaterThanOrEqual(Date.parse(f.phases[f.phases.length - 1].capturedAt));
    expect(g.numbers.bytesPerMinute).toBeGreaterThan(0);
    const p = out.timeline.findings.find((x) => x.kind === 'projected-oom')!;
    expect(p.numbers.limitBytes).toBe(f.gomemlimitBytes);
    expect(p.t).toBeGreaterThan(g.tEnd!);
  });

  it('suggests the matching defenses, proposed and due by the SLA', () => {
    const ids = out.incident.checklist.map((c) => c.libraryId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'goleak-ci',
        'goroutine-alert',
        'context-cancel',
        'bounded-cache',
        'heap-growth-alert',
        'streaming-batching',
        'gomemlimit',
      ]),
    );
  });

  it('writes checklist.csv: one row per checklist action', () => {
    const rows = csv(out);
    expect(rows.length).toBe(out.incident.checklist.length + 1);
    expect(rows.slice(1).every((r) => r[5] === 'Proposed')).toBe(true);
    expect(rows.find((r) => r[0] === 'cl-goleak-ci')![2]).toContain('goleak.VerifyTestMain(m)');
  });

  it('lists the artifacts with their SHA-256 as in the manifest', () => {
    const support = section(out.md, 'Supporting information');
    for (const a of manifest.artifacts.filter((x: { kind: string }) => x.kind !== 'go-binary')) {
      expect(support).toContain(a.sha256);
    }
  });

  it('takes title, severity (SLA), authors and time zone from the command line', async () => {
    const dir = join(tmp, 'go-flags');
    const files = ['goroutines-1.debug2.txt', 'goroutines-3.debug2.txt'].map((f) => join(GO, 'artifacts', f));
    const r = await run([
      ...files,
      '--title',
      'Orders | OOM',
      '--severity',
      'Sev-1',
      '--author',
      'Ana',
      '--author',
      'Bo',
      '--tz',
      'Asia/Shanghai',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    const o = await outputs(dir);
    expect(o.md.startsWith('# Orders \\| OOM\n')).toBe(true);
    expect(o.md).toContain('**Authors:** Ana, Bo');
    expect(o.md).toContain('**Severity:** Sev-1');
    expect(section(o.md, 'Timeline')).toContain('Asia/Shanghai');
    const created = o.incident.createdMs;
    // due = the day the report ran + 15 days (Sev-1); the run took well under a minute
    const dues = [0, 60_000].map((d) => new Date(created + d + 15 * 86_400_000).toISOString().slice(0, 10));
    expect(o.incident.checklist.length).toBeGreaterThan(0);
    expect(o.incident.checklist.every((c) => dues.includes(c.due ?? ''))).toBe(true);
    expect((await run([...files, '--severity', 'Sev-9', '--out', dir])).code).toBe(2);
    expect((await run([...files, '--tz', 'Mars/Olympus', '--out', dir])).code).toBe(2);
  });

  it('reuses an incident: the team’s events and checklist edits come back, the file is not changed', async () => {
    const inc = structuredClone(out.incident);
    inc.events.push({
      id: 'u1',
      t: Date.parse(manifest.facts.processStart) + 1000,
      kind: 'alert-fired',
      label: 'Heap | alert <fired>',
      severity: 'warning',
      starred: true,
      source: 'user',
    });
    inc.checklist = inc.checklist.map((c) =>
      c.libraryId === 'goleak-ci'
        ? { ...c, owner: 'platform-team', due: '2027-01-15', status: 'committed' }
        : c,
    );
    const file = join(tmp, 'team.pmwb');
    const text = serializeIncident(inc);
    await writeFile(file, text);
    const dir = join(tmp, 'go-zh');
    const goroutineFiles = [
      'goroutines-1.debug2.txt',
      'goroutines-2.debug2.txt',
      'goroutines-3.debug2.txt',
      'crash.txt',
    ].map((f) => join(GO, 'artifacts', f));
    const r = await run([
      ...goroutineFiles,
      '--incident',
      file,
      '--lang',
      'zh-CN',
      '--self-contained',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(text);
    const o = await outputs(dir);
    expect(o.incident.artifacts.length).toBe(inc.artifacts.length);
    expect(o.md).toContain('## 根因与证据');
    expect(o.md).not.toContain('![');
    expect(section(o.md, '时间线')).toContain('Heap \\| alert &lt;fired&gt;');
    zh = o;
  });

  it('keeps the team’s checklist edits in checklist.csv, in Chinese', () => {
    const row = csv(zh).find((x) => x[0] === 'cl-goleak-ci')!;
    expect(row.slice(2, 6)).toEqual([
      expect.stringContaining('泄漏测试'),
      'platform-team',
      '2027-01-15',
      '已承诺',
    ]);
  });
});

const haveJava = existsSync(join(JAVA, 'manifest.json')) && existsSync(join(JAVA, 'artifacts/heap.hprof.gz'));
describe.skipIf(!haveJava)('pmwb report on the Java sample incident', () => {
  // biome-ignore lint/suspicious/noExplicitAny: plain JSON manifest
  let manifest: any;
  let out: Out;
  let stdout: string;
  beforeAll(async () => {
    manifest = JSON.parse(await readFile(join(JAVA, 'manifest.json'), 'utf8'));
    const dir = join(tmp, 'java');
    const r = await run([join(JAVA, 'artifacts'), '--out', dir]);
    expect(r.code).toBe(0);
    stdout = r.stdout;
    out = await outputs(dir);
  });

  it('reads the thread dump and names the lock convoy from the manifest', () => {
    expect(stdout).not.toMatch(/skipped .*threaddump\.txt/);
    const rc = section(out.md, 'Root cause and evidence');
    const holder = (manifest.facts as { threadDump: { monitorHeldBy: string } }).threadDump.monitorHeldBy;
    expect(rc).toMatch(new RegExp(`thread\\(s\\) were BLOCKED waiting for \`[^\`]+\` held by \`${holder}\``));
  });

  it('names OrderAggregate held by the static list and the unclosed BufferedInputStreams with the manifest’s counts', () => {
    const f = manifest.facts;
    const rc = section(out.md, 'Root cause and evidence');
    const top = out.timeline.findings.find((x) => x.kind === 'top-retainer')!;
    expect(f.staticField.endsWith(top.subject)).toBe(true);
    expect(top.facts?.accumulatedType).toBe(f.leakingClass);
    expect(top.numbers.accumulatedCount).toBe(f.orderAggregateCount);
    expect(rc).toContain(`${formatCount(f.orderAggregateCount)} \`${f.leakingClass}\``);
    const unclosed = out.timeline.findings.find(
      (x) => x.kind === 'unclosed-resource' && x.subject === 'java.io.BufferedInputStream',
    )!;
    expect(unclosed.numbers.count).toBe(f.bufferedInputStreamsHeldByOrderAggregates);
    expect(unclosed.facts?.holder).toBe(f.leakingClass);
    expect(rc).toContain(
      `${formatCount(f.bufferedInputStreamsHeldByOrderAggregates)} \`java.io.BufferedInputStream\``,
    );
    const oom = out.timeline.findings.find((x) => x.kind === 'oom')!;
    expect(f.oomMessage).toContain(oom.subject);
    expect(oom.t).toBe(Date.parse(f.oomAt));
    const proj = out.timeline.findings.find((x) => x.kind === 'projected-oom')!;
    expect(proj.numbers.limitBytes).toBe(f.xmxBytes);
  });

  it('suggests try-with-resources, a static check and the JVM OOM flags', () => {
    const ids = out.incident.checklist.map((c) => c.libraryId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'try-with-resources',
        'resource-static-check',
        'jvm-heapdump-on-oom',
        'jvm-exit-on-oom',
      ]),
    );
    expect(ids).not.toContain('goleak-ci');
  });
});
