/**
 * `pmwb report` on evidence copied off a server without `-p`: every file time is the copy time,
 * a week after the capture. The incident must still span the capture (seconds), every artifact
 * must say what its time rests on, rates must come from real spans, and labels carry the path
 * inside the folder.
 */
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../workers/incident/model.ts';
import { runReport } from './report.ts';

const ART = join(__dirname, '..', 'samples/go-leak/artifacts');
const WEEK_MS = 7 * 86_400_000;

let tmp: string;
let evidence: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'pmwb-copied-'));
  evidence = join(tmp, 'evidence');
  const place: [string, string][] = [
    ['goroutines-1.debug2.txt', 't1/goroutines.txt'],
    ['heap-1.pb.gz', 't1/heap.pprof'],
    ['goroutines-2.debug2.txt', 't2/goroutines.txt'],
    ['heap-2.pb.gz', 't2/heap.pprof'],
    ['goroutines-3.debug2.txt', 't3/goroutines.txt'],
    ['heap-3.pb.gz', 't3/heap.pprof'],
    ['gctrace.log', 'gctrace.log'],
    ['crash.txt', 'crash.txt'],
    ['heapdump-3.bin', 'heapdump.bin'],
    ['go-leak', 'go-leak'],
  ];
  // The service's own log lines (they came mixed into its stderr) as a plain app.log beside the rest.
  const appLog = readFileSync(join(ART, 'gctrace.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(' level='))
    .join('\n');
  writeFileSync(join(tmp, 'app.log'), `${appLog}\n`);
  place.push([join(tmp, 'app.log'), 'app.log']);
  // The copy: a week after the capture, in an order unrelated to it, one second apart.
  const copyStart = statSync(join(ART, 'gctrace.log')).mtimeMs + WEEK_MS;
  place.forEach(([from, to], i) => {
    const dest = join(evidence, to);
    mkdirSync(join(dest, '..'), { recursive: true });
    copyFileSync(from.startsWith('/') ? from : join(ART, from), dest);
    const t = new Date(copyStart + ((i * 7) % place.length) * 1000);
    utimesSync(dest, t, t);
  });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface TimelineJson {
  range: { startMs: number; endMs: number };
  artifacts: { id: string; label: string; anchor: string; basis?: string; t?: number }[];
  events: { kind: string; label: string; anchor: string }[];
  findings: Finding[];
}

describe('pmwb report on a copied folder (file times a week late)', () => {
  let tl: TimelineJson;
  let md: string;
  let stdout = '';
  beforeAll(async () => {
    const out = join(tmp, 'out');
    let stderr = '';
    stdout = '';
    const code = await runReport([evidence, '--out', out, '--owner', 'team-orders'], {
      stdout: (x) => (stdout += x),
      stderr: (s) => (stderr += s),
    });
    expect(code, stderr).toBe(0);
    tl = JSON.parse(readFileSync(join(out, 'timeline.json'), 'utf8'));
    md = readFileSync(join(out, 'postmortem.md'), 'utf8');
    expect(readdirSync(out)).toContain('postmortem.md');
  });

  it('spans the capture (seconds), not the copy', () => {
    const spanMs = tl.range.endMs - tl.range.startMs;
    expect(spanMs).toBeGreaterThan(1000);
    expect(spanMs).toBeLessThan(60_000);
    expect(md).not.toMatch(/\b7 days\b/);
  });

  it('gives every artifact an anchor kind and says how inferred ones were placed', () => {
    const by = new Map(tl.artifacts.map((a) => [a.label, a]));
    expect([...by.keys()].sort()).toEqual([
      'app.log',
      'crash.txt',
      'gctrace.log',
      'heapdump.bin',
      't1/goroutines.txt',
      't1/heap.pprof',
      't2/goroutines.txt',
      't2/heap.pprof',
      't3/goroutines.txt',
      't3/heap.pprof',
    ]);
    for (const a of tl.artifacts) expect(['evidence', 'inferred', 'assumed', 'user']).toContain(a.anchor);
    // pprof time_nanos, the gctrace prefixes and the heap dump's MemStats LastGC are evidence
    for (const l of [
      't1/heap.pprof',
      't2/heap.pprof',
      't3/heap.pprof',
      'gctrace.log',
      'heapdump.bin',
      'app.log',
    ])
      expect(by.get(l)?.anchor, l).toBe('evidence');
    for (const n of [1, 2, 3]) {
      const g = by.get(`t${n}/goroutines.txt`)!;
      expect(g.anchor).toBe('inferred');
      expect(g.basis).toBe(`beside t${n}/heap.pprof`);
      expect(g.t).toBe(by.get(`t${n}/heap.pprof`)!.t);
    }
    // the heap dump sits at its LastGC, within the capture, not at its file time
    const hd = by.get('heapdump.bin')!;
    expect(hd.t!).toBeGreaterThanOrEqual(tl.range.startMs);
    expect(hd.t!).toBeLessThanOrEqual(tl.range.endMs);
  });

  it('computes goroutine growth per minute over the real span between the dumps', () => {
    const f = tl.findings.find((x) => x.kind === 'goroutine-growth' && x.subject === 'main.exportWorker')!;
    expect(f.numbers.growth).toBe(80);
    const t1 = tl.artifacts.find((a) => a.label === 't1/heap.pprof')!.t!;
    const t3 = tl.artifacts.find((a) => a.label === 't3/heap.pprof')!.t!;
    const expected = Math.round((80 / ((t3 - t1) / 60_000)) * 10) / 10;
    expect(f.numbers.perMinute).toBe(expected);
    // about 3 s between the first and the last dump: over a thousand a minute, not millions, not 0
    expect(f.numbers.perMinute).toBeGreaterThan(1000);
    expect(f.numbers.perMinute).toBeLessThan(3000);
  });

  it('proposes the severity from the crash and gives new checklist rows the owner', () => {
    expect(stdout).toContain('severity Sev-2: the process crashed (order export queue overflow)');
    const csv = readFileSync(join(tmp, 'out', 'checklist.csv'), 'utf8');
    expect(csv.split('\r\n').filter((l) => l.includes('team-orders')).length).toBeGreaterThan(3);
  });

  it('reads the plain application log as evidence: its warnings are events', () => {
    const logs = tl.events.filter((e) => e.kind === 'log');
    expect(logs.length).toBe(3);
    expect(logs.every((e) => e.label.startsWith('app.log:') && e.label.includes('phase captured'))).toBe(
      true,
    );
  });

  it('labels events and the report with the path inside the folder', () => {
    const profiles = tl.events.filter((e) => e.kind === 'profile').map((e) => e.label);
    expect(profiles).toHaveLength(3);
    expect(new Set(profiles).size).toBe(3);
    expect(profiles.join('\n')).toContain('Profile t2/heap.pprof');
    expect(md).toContain('t2/goroutines.txt');
  });

  it('links evidence to pages written beside the postmortem, never to pmwb://', () => {
    expect(md).not.toContain('pmwb://');
    const links = [...md.matchAll(/\]\((evidence\/[^)]+)\)/g)].map((m) => m[1]);
    expect(links).toContain('evidence/t2-goroutines.txt.md');
    for (const l of links) expect(statSync(join(tmp, 'out', l)).isFile(), l).toBe(true);
  });
});
