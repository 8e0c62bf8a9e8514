import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { GcBlock } from '../../../contract/inspect.ts';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import type { Projection, SeriesPoint, TrendFit } from './analysis.ts';
import { type GcModel, openGcLog } from './handler.ts';

const ROOT = join(import.meta.dirname, '../../..');
const enc = new TextEncoder();

type Kind = 'young' | 'mixed' | 'full' | 'initial-mark' | 'remark' | 'cleanup' | 'concurrent' | 'go-cycle';
type Counts = Partial<Record<Kind, number>>;

async function open(
  format: 'go-gctrace' | 'jvm-gclog' | 'jstat',
  name: string,
  bytes: Uint8Array,
  limitBytes?: number,
) {
  return openGcLog(format, bytesSource(name, bytes), {}, limitBytes !== undefined ? { limitBytes } : {});
}

function kindCounts(model: GcModel): Counts {
  const c: Counts = {};
  for (const e of model.parsed.events) c[e.kind] = (c[e.kind] ?? 0) + (e.count ?? 1);
  return c;
}

// ---- independent counters over the raw text (grep-like; no parser code shared) ----

/** Go: every `gc N @` line is a cycle; its pause is the first plus the last clock term. */
function countGo(text: string): { cycles: number; forced: number; maxPause: number } {
  let cycles = 0;
  let forced = 0;
  let maxPause = 0;
  for (const line of text.split('\n')) {
    const m = / ?gc \d+ @[\d.]+s \d+%: ([\d.+]+) ms clock/.exec(line);
    if (!m) continue;
    cycles++;
    if (line.trimEnd().endsWith('(forced)')) forced++;
    const parts = m[1].split('+').map(Number);
    maxPause = Math.max(maxPause, parts[0] + parts[parts.length - 1]);
  }
  return { cycles, forced, maxPause };
}

/** Unified logging: summary lines `GC(n) Pause … Nms`, concurrent cycles, ZGC/Shenandoah cycles. Duplicated lines count once. */
function countUnified(text: string): { counts: Counts; maxPause: number } {
  const seen = new Set<string>();
  const counts: Counts = {};
  let maxPause = 0;
  const add = (k: Kind) => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const cms = text.includes('Using Concurrent Mark Sweep');
  const shenandoahCycles = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /\]\s*(GC\(\d+\) .*?)\s*$/.exec(line);
    if (!m || seen.has(m[1])) continue;
    const body = m[1];
    const p = /^GC\(\d+\) Pause (\w+).* ([\d.,]+)ms$/.exec(body);
    if (p) {
      seen.add(body);
      maxPause = Math.max(maxPause, Number(p[2].replace(',', '.')));
      if (p[1] === 'Young') add(body.includes('Pause Young (Mixed)') ? 'mixed' : 'young');
      else if (p[1] === 'Initial') add(cms ? 'initial-mark' : 'young');
      else if (p[1] === 'Cleanup') add('cleanup');
      else if (p[1] === 'Mixed') add('mixed');
      else if (p[1] === 'Full' || p[1] === 'Degenerated') add('full');
      else add('remark');
    } else if (
      /Concurrent (Mark |Undo )?Cycle [\d.,]+ms$/.test(body) ||
      /Garbage Collection \(.*\) \d+M\(\d+%\)->\d+M\(\d+%\)$/.test(body)
    ) {
      seen.add(body);
      add('concurrent');
    } else if (/Concurrent cleanup \d+M->\d+M\(\d+M\) [\d.]+ms$/.test(body)) {
      // Shenandoah cleans up twice in a cycle that evacuates: one cycle per GC id
      const id = /^GC\((\d+)\)/.exec(body)?.[1] ?? '';
      if (!shenandoahCycles.has(id)) add('concurrent');
      shenandoahCycles.add(id);
    }
  }
  return { counts, maxPause };
}

/** JDK 8: generation markers and event heads; the pause is the `secs]` closing the event (before [Times). */
function countJdk8(text: string): { counts: Counts; maxPause: number } {
  const counts: Counts = {};
  let maxPause = 0;
  const add = (k: Kind, n = 1) => {
    if (n > 0) counts[k] = (counts[k] ?? 0) + n;
  };
  const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
  for (const line of text.split('\n')) {
    add('full', count(line, /\[Full GC/g));
    if (!line.includes('[Full GC')) add('young', count(line, /\[(ParNew|PSYoungGen|DefNew): /g));
    // JDK 7 (and 8 without PrintGCCause) has no cause before the type: `[GC pause (young)`
    add('young', count(line, /\[GC pause (?:\([^()]*\) )?\(young\)/g));
    add('mixed', count(line, /\[GC pause (?:\([^()]*\) )?\(mixed\)/g));
    // JDK 8 names it as a cause; JDK 7 only has the phase: `[GC [1 CMS-initial-mark: …`
    add('initial-mark', count(line, /\[GC \(CMS Initial Mark\)|\[GC ?\[1 CMS-initial-mark: /g));
    add('remark', count(line, /CMS-remark: |\[GC remark /g));
    add('cleanup', count(line, /\[GC cleanup /g));
    add('remark', count(line, /\[Pause (Init|Final)[^,\]]*, [\d.]+ ms\]/g));
    add('full', count(line, /\[Pause Degenerated GC[^\]]* [\d.]+ ms\]/g));
    add(
      'concurrent',
      count(line, /CMS-concurrent-mark: |GC concurrent-mark-end|\[Concurrent cleanup \d+M->/g),
    );
    if (!/concurrent/i.test(line)) {
      const s = /(?<![/\d.=])(\d+\.\d+) secs\]\s*(\[Times.*)?$/.exec(line.trimEnd());
      if (s) maxPause = Math.max(maxPause, Number(s[1]) * 1000);
      const ms = /\[Pause [^\]]*, ([\d.]+) ms\]$/.exec(line.trimEnd());
      if (ms) maxPause = Math.max(maxPause, Number(ms[1]));
    }
  }
  return { counts, maxPause };
}

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['go-gctrace', 'jvm-gc/unified', 'jvm-gc/jdk8', 'jvm-gc/zgc-jdk11']) {
    for (const f of readdirSync(join(CORPUS, dir))) out.push(join(CORPUS, dir, f));
  }
  return out;
}

/** Our own JDK 17 logs (samples/gc-variants/make.sh), counted like the corpus. */
const VARIANTS = join(ROOT, 'samples/gc-variants/artifacts');

describe('third-party corpus', () => {
  for (const file of corpusFiles()) {
    const go = file.includes('go-gctrace');
    it(`parses ${file.slice(CORPUS.length + 1)} with the independently counted events and max pause`, async () => {
      const bytes = readFileSync(file);
      const text = new TextDecoder().decode(bytes);
      const opened = await open(go ? 'go-gctrace' : 'jvm-gclog', file, bytes);
      const gc = opened.gc as GcBlock;
      const model = opened.model as GcModel;
      expect(opened.truncated).toBe(false);
      if (go) {
        const want = countGo(text);
        expect(gc.cycles).toBe(want.cycles);
        expect(kindCounts(model)).toEqual({ 'go-cycle': want.cycles });
        expect(gc.pauses.maxMs).toBeCloseTo(want.maxPause, 6);
      } else {
        const want = file.includes('/jdk8/') ? countJdk8(text) : countUnified(text);
        expect(kindCounts(model)).toEqual(want.counts);
        // the reader keeps whole microseconds (half up): 2546.4105 ms is 2546.411
        expect(Math.abs(gc.pauses.maxMs - want.maxPause)).toBeLessThanOrEqual(0.0005 + 1e-9);
      }
      expect(gc.events.length).toBe(model.parsed.events.length);
      // ZGC's default -Xlog:gc prints its cycles but none of its pauses
      if (/Pause|secs\]|ms clock/.test(text)) expect(gc.pauses.count).toBeGreaterThan(0);
      else expect(gc.cycles).toBeGreaterThan(0);
    });
  }

  for (const name of ['zgc-uptime.log', 'zgc-gc-star.log']) {
    it(`parses the JDK 17 ZGC log ${name} (own sample) with the independently counted events`, async () => {
      const bytes = readFileSync(join(VARIANTS, name));
      const want = countUnified(new TextDecoder().decode(bytes));
      const opened = await open('jvm-gclog', name, bytes);
      expect(kindCounts(opened.model as GcModel)).toEqual(want.counts);
      expect((opened.gc as GcBlock).pauses.maxMs).toBeCloseTo(want.maxPause, 3);
    });
  }

  it('reads ZGC with the uptime decoration alone ("[1.234s] GC(0) …"), JDK 17 and JDK 11', async () => {
    const bytes = readFileSync(join(VARIANTS, 'zgc-uptime.log'));
    const text = new TextDecoder().decode(bytes);
    const lines = text.split('\n').filter((l) => /^\[[\d.]+s\] GC\(\d+\) Garbage Collection/.test(l));
    expect(lines.length).toBeGreaterThan(10); // really the bare form: no [info][gc]
    const m = (await open('jvm-gclog', 'zgc-uptime.log', bytes)).model as GcModel;
    expect(m.parsed.collector).toBe('ZGC');
    expect(m.parsed.unknownLines).toBe(0);
    const last = /^\[([\d.]+)s\] GC\(\d+\) .* (\d+)M\(\d+%\)->(\d+)M/.exec(lines[lines.length - 1]);
    const ev = m.parsed.events[m.parsed.events.length - 1];
    expect(ev.t).toBe(Number(last?.[1]) * 1000);
    expect(ev.heapAfterBytes).toBe(Number(last?.[3]) * 1024 * 1024);
    // JDK 11: decimal commas in the uptime, and the file ends without a newline after a complete event
    const j11 = readFileSync(join(CORPUS, 'jvm-gc/zgc-jdk11/sample-ujl-zgc-gc-default.txt'));
    const o11 = await open('jvm-gclog', 'zgc11', j11);
    expect(o11.truncated).toBe(false);
    expect((o11.model as GcModel).parsed.events.map((e) => e.t)).toEqual([1221, 2048, 2607, 3167, 3742]);
  });

  it('reads decorations: absolute time anchors uptime, uptimemillis, decimal commas', async () => {
    const log = [
      '[2024-03-01T10:00:00.000+0000][2,000s][info][gc] Using G1',
      '[2024-03-01T10:00:01.000+0000][3,000s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 2,500ms',
      '[5000ms][info][gc] GC(1) Pause Full (System.gc()) 20M->3M(256M) 12,250ms',
      '[info][gc,cpu] GC(1) User=0,02s Sys=0,01s Real=0,01s',
    ].join('\n');
    const opened = await open('jvm-gclog', 'commas.log', enc.encode(`${log}\n`));
    const m = opened.model as GcModel;
    expect(m.parsed.absolute).toBe(true);
    expect(m.parsed.processStartMs).toBe(Date.UTC(2024, 2, 1, 9, 59, 58));
    const [young, full] = m.parsed.events;
    expect(young.kind).toBe('young');
    expect(young.name).toBe('Pause Young (Normal)');
    expect(young.cause).toBe('G1 Evacuation Pause');
    expect(young.pauseMs).toBe(2.5);
    expect(young.t).toBe(Date.UTC(2024, 2, 1, 10, 0, 1) - 2.5);
    expect(young.heapBeforeBytes).toBe(24 * 1024 * 1024);
    expect(full.kind).toBe('full');
    expect(full.cause).toBe('System.gc()');
    expect(full.heapLiveBytes).toBe(3 * 1024 * 1024);
    expect(full.cpuMs).toBe(30);
    expect(full.t).toBe(Date.UTC(2024, 2, 1, 9, 59, 58) + 5000 - 12.25);
  });

  it('reads both safepoint forms (JDK ≤16 seconds, JDK 17+ nanoseconds)', async () => {
    const g1 = await open(
      'jvm-gclog',
      'g1',
      readFileSync(join(CORPUS, 'jvm-gc/unified/sample-ujl-g1-gc-all_safepoint_os_cpu.txt')),
    );
    const j17 = await open(
      'jvm-gclog',
      'j17',
      readFileSync(
        join(CORPUS, 'jvm-gc/unified/sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont_os-cpu.txt'),
      ),
    );
    const t1 = readFileSync(join(CORPUS, 'jvm-gc/unified/sample-ujl-g1-gc-all_safepoint_os_cpu.txt'), 'utf8');
    const t17 = readFileSync(
      join(CORPUS, 'jvm-gc/unified/sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont_os-cpu.txt'),
      'utf8',
    );
    const old = [...t1.matchAll(/stopped: ([\d.]+) seconds/g)].map((m) => Number(m[1]) * 1000);
    const neu = [...t17.matchAll(/Safepoint ".*Total: (\d+) ns/g)].map((m) => Number(m[1]) / 1e6);
    const s1 = (g1.model as GcModel).parsed.safepoints;
    const s17 = (j17.model as GcModel).parsed.safepoints;
    expect(s1?.count).toBe(old.length);
    expect(s1?.maxMs).toBeCloseTo(Math.max(...old), 3);
    expect(s17?.count).toBe(neu.length);
    expect(s17?.maxMs).toBeCloseTo(Math.max(...neu), 2);
  });
});

describe('Go gctrace forms', () => {
  it('reads the 1.18+ line, (forced), scavtrace 1.20 and 1.23, and app lines around them', async () => {
    const log = [
      'gc 1 @0.016s 19%: 0.053+36+0.016 ms clock, 0.21+36/4.9/39+0.066 ms cpu, 3->3->3 MB, 4 MB goal, 66 MB stacks, 0 MB globals, 4 P',
      'level=info msg="hello"',
      'scav 0 KiB work, 8 KiB total, 92% util',
      'gc 2 @1.500s 5%: 0.010+2.0+0.020 ms clock, 0.04+0.5/1.0/0+0.08 ms cpu, 5->6->2 MB, 6 MB goal, 0 MB stacks, 0 MB globals, 4 P (forced)',
      'scav 16 KiB work (bg), 4 KiB work (eager), 100 KiB now, 95% util',
    ].join('\n');
    const o = await open('go-gctrace', 'forms.log', enc.encode(`${log}\n`));
    const m = o.model as GcModel;
    expect(m.parsed.events.map((e) => e.pauseMs)).toEqual([0.069, 0.03]);
    expect(m.parsed.events[1].forced).toBe(true);
    expect(m.parsed.events[0].goalBytes).toBe(4 * 1024 * 1024);
    expect(m.parsed.events[1].heapLiveBytes).toBe(2 * 1024 * 1024);
    expect(m.parsed.scavenges.map((s) => s.releasedKiB)).toEqual([0, 20]);
    expect(m.parsed.unknownLines).toBe(1);
    expect(o.warnings.join(' ')).toContain('line 2: "level=info msg=\\"hello\\""'.replace(/\\"/g, '"'));
    expect((o.gc as GcBlock).gcCpuPercent).toBe(5);
    // allocation: 5 MB at gc 2 minus 3 MB live after gc 1 over 1.484 s
    expect((m.analysis.metrics.allocationRateBytesPerSec ?? 0) / (1024 * 1024)).toBeCloseTo(2 / 1.484 + 0, 0);
  });

  it('anchors @S to the wall clock from an RFC 3339 prefix and survives a restart', async () => {
    const log = [
      '2024-05-01T12:00:10.000Z gc 1 @10.000s 1%: 0+1+0 ms clock, 0+0/1/0+0 ms cpu, 4->4->1 MB, 5 MB goal, 4 P',
      '2024-05-01T12:00:20.000Z gc 2 @20.000s 1%: 0+1+0 ms clock, 0+0/1/0+0 ms cpu, 4->4->2 MB, 5 MB goal, 4 P',
      '2024-05-01T12:01:00.500Z gc 1 @0.500s 1%: 0+1+0 ms clock, 0+0/1/0+0 ms cpu, 4->4->1 MB, 5 MB goal, 4 P',
    ].join('\n');
    const o = await open('go-gctrace', 'anchored.log', enc.encode(`${log}\n`));
    const m = o.model as GcModel;
    expect(m.parsed.absolute).toBe(true);
    expect(m.parsed.events.map((e) => e.t)).toEqual([
      Date.UTC(2024, 4, 1, 12, 0, 10),
      Date.UTC(2024, 4, 1, 12, 0, 20),
      Date.UTC(2024, 4, 1, 12, 1, 0, 500),
    ]);
    expect(o.warnings.some((w) => w.includes('restarted'))).toBe(true);
  });
});

describe('CMS failures (JDK 6–8): the pause is the full collection, not a concurrent phase inside it', () => {
  const dir = join(CORPUS, 'jvm-gc/jdk8-cms-failure');
  /** Each failure record: its last line's closing "N secs]" before [Times, and its heap transition. */
  function failures(text: string): { pauseMs: number; before: number; after: number }[] {
    const out: { pauseMs: number; before: number; after: number }[] = [];
    for (const line of text.split('\n')) {
      if (!line.includes('(concurrent mode failure)')) continue;
      const m = /secs\] (\d+)K->(\d+)K\(\d+K\).*, ([\d.]+) secs\] \[Times/.exec(line);
      if (m)
        out.push({ pauseMs: Number(m[3]) * 1000, before: Number(m[1]) * 1024, after: Number(m[2]) * 1024 });
    }
    return out;
  }
  for (const file of readdirSync(dir)) {
    it(`${file}: each failure is one full GC with the full GC's pause`, async () => {
      const bytes = readFileSync(join(dir, file));
      const want = failures(new TextDecoder().decode(bytes));
      expect(want.length).toBeGreaterThan(0);
      const o = await open('jvm-gclog', file, bytes);
      const full = (o.model as GcModel).parsed.events.filter((e) => e.kind === 'full');
      expect(full.map((e) => [e.pauseMs, e.heapBeforeBytes, e.heapAfterBytes])).toEqual(
        want.map((w) => [Math.round(w.pauseMs * 1000) / 1000, w.before, w.after]),
      );
      for (const e of full) expect(e.name).toMatch(/concurrent mode failure/);
      expect(o.truncated).toBe(false);
    });
  }
  it('promotion failed → concurrent mode failure with JDK 8 date stamps glued to the phases', async () => {
    const file = join(dir, 'SampleSun1_7_0CMS_PrintTenuringDistributionPromotionFailure.txt');
    const o = await open('jvm-gclog', 'pf', readFileSync(file));
    const m = o.model as GcModel;
    const [full] = m.parsed.events;
    expect(m.parsed.events).toHaveLength(1);
    expect(full.name).toBe('Full GC (promotion failed, concurrent mode failure)');
    // not the interleaved "CMS-concurrent-sweep: 16.244/20.725 secs" nor the ParNew's 2.73 s
    expect(full.pauseMs).toBe(129946.822);
    expect(full.oldAfterBytes).toBe(23342845 * 1024);
    // "Total time for which application threads were stopped" lines are safepoints
    expect(m.parsed.safepoints?.count).toBe(5);
    expect(m.parsed.safepoints?.maxMs).toBeCloseTo(129953.135, 3);
    expect(m.parsed.unknownLines).toBe(0);
  });
  it('a concurrent mark that ends inside the full GC record is its own concurrent event', async () => {
    const o = await open(
      'jvm-gclog',
      'hd',
      readFileSync(join(dir, 'SampleSun1_8_0CMS_HeadDumpBeforeFullGc.txt')),
    );
    const ev = (o.model as GcModel).parsed.events;
    expect(ev.map((e) => [e.kind, e.pauseMs, e.durationMs])).toEqual([
      ['full', 218692.881, undefined],
      ['concurrent', 0, 192322],
    ]);
  });
});

describe('collection kinds: CMS initial mark and G1 cleanup are their own, with a per-kind table', () => {
  it('CMS (JDK 6 and unified) initial mark, G1 (JDK 8 and unified) cleanup', async () => {
    const cms6 = readFileSync(join(CORPUS, 'jvm-gc/jdk8-cms-failure/SampleSun1_6_0CMS.txt'), 'utf8');
    const o6 = await open('jvm-gclog', 'cms6', enc.encode(cms6));
    const c6 = kindCounts(o6.model as GcModel);
    expect(c6['initial-mark']).toBe((cms6.match(/CMS-initial-mark: /g) ?? []).length);
    expect(c6.remark).toBe((cms6.match(/CMS-remark: /g) ?? []).length);
    const g1 = readFileSync(join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0G1_ConcurrentCycle.txt'), 'utf8');
    const og = await open('jvm-gclog', 'g1', enc.encode(g1));
    expect(kindCounts(og.model as GcModel).cleanup).toBe((g1.match(/\[GC cleanup /g) ?? []).length);
    const ul = [
      '[0.020s][info][gc] Using Concurrent Mark Sweep',
      '[0.695s][info][gc] GC(18) Pause Initial Mark 61M->61M(150M) 0.136ms',
      '[0.714s][info][gc] GC(18) Pause Remark 110M->110M(150M) 0.859ms',
    ].join('\n');
    const ou = await open('jvm-gclog', 'ul-cms', enc.encode(`${ul}\n`));
    expect(kindCounts(ou.model as GcModel)).toEqual({ 'initial-mark': 1, remark: 1 });
  });

  it('gc.byKind: count, total, max and mean pause per kind, matching the events', async () => {
    const file = join(
      CORPUS,
      'jvm-gc/unified/sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont_os-cpu.txt',
    );
    const o = await open('jvm-gclog', 'g1', readFileSync(file));
    const gc = o.gc as GcBlock;
    const ev = (o.model as GcModel).parsed.events;
    const rows = gc.byKind ?? [];
    expect(rows.map((r) => r.kind).sort()).toEqual([...new Set(ev.map((e) => e.kind))].sort());
    for (const r of rows) {
      const mine = ev.filter((e) => e.kind === r.kind);
      const total = mine.reduce((a, e) => a + e.pauseMs, 0);
      expect(r.count).toBe(mine.length);
      expect(r.totalPauseMs).toBeCloseTo(total, 3);
      expect(r.maxPauseMs).toBe(Math.max(...mine.map((e) => e.pauseMs)));
      expect(r.meanPauseMs).toBeCloseTo(total / mine.length, 3);
      expect(r.label).not.toBe(r.kind === 'young' ? 'young' : r.kind); // a human name
    }
    expect(rows.find((r) => r.kind === 'cleanup')?.label).toBe('Cleanup');
    const pauses = rows.reduce((a, r) => a + r.totalPauseMs, 0);
    expect(pauses).toBeCloseTo(gc.pauses.totalMs, 2);
  });
});

describe('jstat -gc', () => {
  it('reads jstat -gcutil (percent columns; own JDK 17 sample): collections and pauses, no heap sizes', async () => {
    const bytes = readFileSync(join(VARIANTS, 'jstat-gcutil.txt'));
    const text = new TextDecoder().decode(bytes);
    const [header, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
    const head = header.trim().split(/\s+/);
    expect(head).toEqual([
      'S0',
      'S1',
      'E',
      'O',
      'M',
      'CCS',
      'YGC',
      'YGCT',
      'FGC',
      'FGCT',
      'CGC',
      'CGCT',
      'GCT',
    ]);
    const rows = rest.map((l) => l.trim().split(/\s+/).map(Number));
    const col = (r: number[], c: string) => r[head.indexOf(c)];
    const first = rows[0];
    const last = rows[rows.length - 1];
    const o = await open('jstat', 'gcutil', bytes);
    const m = o.model as GcModel;
    const c = kindCounts(m);
    expect(c.young ?? 0).toBe(col(last, 'YGC') - col(first, 'YGC'));
    expect(c.young ?? 0).toBeGreaterThan(0);
    expect(c.full ?? 0).toBe(col(last, 'FGC') - col(first, 'FGC'));
    expect((o.gc as GcBlock).pauses.totalMs).toBeCloseTo((col(last, 'GCT') - col(first, 'GCT')) * 1000, 3);
    expect(m.parsed.events.every((e) => e.heapAfterBytes === undefined && e.goalBytes === undefined)).toBe(
      true,
    );
    expect(o.warnings.some((w) => w.includes('percentages'))).toBe(true);
    expect(m.parsed.unknownLines).toBe(0);
  });

  it('turns cumulative counters into interval events (sample)', async () => {
    const bytes = readFileSync(join(ROOT, 'samples/java-oom/artifacts/jstat.txt'));
    const text = new TextDecoder().decode(bytes);
    const rows = text
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length > 10 && /^\d/.test(f[0]));
    const head = text.split('\n')[0].trim().split(/\s+/);
    const col = (r: string[], c: string) => Number(r[head.indexOf(c)]);
    const first = rows[0];
    const last = rows[rows.length - 1];
    const o = await open('jstat', 'jstat.txt', bytes);
    const m = o.model as GcModel;
    const c = kindCounts(m);
    expect(c.young ?? 0).toBe(col(last, 'YGC') - col(first, 'YGC'));
    expect(c.full ?? 0).toBe(col(last, 'FGC') - col(first, 'FGC'));
    expect((o.gc as GcBlock).pauses.totalMs).toBeCloseTo(
      (col(last, 'YGCT') -
        col(first, 'YGCT') +
        col(last, 'FGCT') -
        col(first, 'FGCT') +
        col(last, 'CGCT') -
        col(first, 'CGCT')) *
        1000,
      3,
    );
    expect(m.parsed.lastMs).toBe(col(last, 'Timestamp') * 1000);
  });

  it('reads jstat without -t (JDK 8 columns, no CGC)', async () => {
    const t = [
      ' S0C    S1C    S0U    S1U      EC       EU        OC         OU       MC     MU    CCSC   CCSU   YGC     YGCT    FGC    FGCT     GCT',
      '512.0  512.0   0.0   480.0   4416.0   1200.0   10944.0     2000.0  4864.0 4500.0 512.0  400.0      3    0.030   0      0.000    0.030',
      '512.0  512.0 496.0    0.0    4416.0    300.0   10944.0     4000.0  4864.0 4500.0 512.0  400.0      5    0.050   1      0.100    0.150',
    ].join('\n');
    const o = await open('jstat', 'j8.txt', enc.encode(`${t}\n`));
    const m = o.model as GcModel;
    expect(kindCounts(m)).toEqual({ young: 2, full: 1 });
    expect(m.parsed.events.find((e) => e.kind === 'full')?.heapLiveBytes).toBe(4000 * 1024);
    expect(o.warnings.some((w) => w.includes('no Timestamp column'))).toBe(true);
  });
});

describe('samples (facts from the manifests)', () => {
  it('Go leak: cycles, forced cycles, rising live heap, projection to GOMEMLIMIT', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'samples/go-leak/manifest.json'), 'utf8'));
    const art = manifest.artifacts.find((a: { file: string }) => a.file === 'artifacts/gctrace.log');
    const bytes = readFileSync(join(ROOT, 'samples/go-leak', art.file));
    const text = new TextDecoder().decode(bytes);
    const o = await open('go-gctrace', 'gctrace.log', bytes, manifest.facts.gomemlimitBytes);
    const gc = o.gc as GcBlock;
    expect(gc.cycles).toBe(countGo(text).cycles);
    expect(gc.cycles).toBe(art.gcCycles);
    expect((o.model as GcModel).parsed.events.filter((e) => e.forced).length).toBe(art.forcedCycles);
    expect(gc.absolute).toBe(true);
    // the manifest has the spawn time; the runtime starts (and lines cross a pipe) a little later
    expect(Math.abs((gc.processStartMs as number) - Date.parse(manifest.facts.processStart))).toBeLessThan(
      250,
    );
    const trend = gc.trend as TrendFit;
    expect(trend.basis).toBe('live');
    expect(trend.rising).toBe(true);
    expect(trend.slopeBytesPerHour).toBeGreaterThan(0);
    const pr = gc.projection as Projection;
    expect(pr.limitBytes).toBe(manifest.facts.gomemlimitBytes);
    expect(pr.reachAtMs).toBeGreaterThan(gc.endMs);
    // the fitted line really meets the limit there
    const atReach =
      trend.interceptBytes +
      (trend.slopeBytesPerHour / 3_600_000) * ((pr.reachAtMs as number) - trend.fromMs);
    expect(Math.abs(atReach - manifest.facts.gomemlimitBytes) / manifest.facts.gomemlimitBytes).toBeLessThan(
      0.001,
    );
    // the log itself states the limit in the application's start line
    const own = await open('go-gctrace', 'gctrace.log', bytes);
    expect((own.gc as GcBlock).limitBytes).toBe(manifest.facts.gomemlimitBytes);
  });

  it('Java OOM: the full GCs before the OOM, back-to-back run at the end, projection near the OOM', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'samples/java-oom/manifest.json'), 'utf8'));
    const art = manifest.artifacts.find((a: { file: string }) => a.file === 'artifacts/gc.log');
    const bytes = readFileSync(join(ROOT, 'samples/java-oom', art.file));
    const o = await open('jvm-gclog', 'gc.log', bytes);
    const gc = o.gc as GcBlock;
    const m = o.model as GcModel;
    const fulls = m.parsed.events.filter((e) => e.kind === 'full');
    expect(fulls.length).toBe(art.fullGcPauses);
    expect(gc.pauses.count).toBe(art.pauseEvents);
    const oomAt = Date.parse(manifest.facts.oomAt);
    const oomCaught = Date.parse(manifest.facts.oomCaughtAt);
    expect(fulls.filter((e) => e.t <= oomCaught).length).toBeGreaterThanOrEqual(art.fullGcPauses - 1);
    expect(gc.limitBytes).toBe(manifest.facts.xmxBytes);
    const runs = gc.backToBackFull as { fromMs: number; toMs: number; count: number }[];
    expect(runs.length).toBeGreaterThan(0);
    expect(Math.abs(runs[runs.length - 1].toMs - oomAt)).toBeLessThan(1000);
    const pr = gc.projection as Projection;
    const span = gc.endMs - gc.startMs;
    expect(pr.reachAtMs).toBeDefined();
    expect(Math.abs((pr.reachAtMs as number) - oomAt)).toBeLessThan(0.1 * span);
  });
});

describe('queries', () => {
  it('series downsampling keeps the longest pause and the highest heap; project() moves with the limit', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 30_000; i++) {
      const pause = i === 12_345 ? '9.5' : '0.1';
      const live = 10 + Math.floor(i / 100) + (i === 20_000 ? 500 : 0);
      lines.push(
        `gc ${i} @${(i * 0.5).toFixed(3)}s 3%: ${pause}+1.0+0.1 ms clock, 0.2+0.1/1/0+0.2 ms cpu, ${live + 5}->${live + 6}->${live} MB, ${live * 2} MB goal, 0 MB stacks, 0 MB globals, 4 P`,
      );
    }
    const o = await open('go-gctrace', 'big.log', enc.encode(`${lines.join('\n')}\n`));
    const gc = o.gc as GcBlock;
    expect(gc.cycles).toBe(30_000);
    expect(gc.eventsDownsampled).toBe(true);
    expect(gc.events.length).toBeLessThanOrEqual(10_000);
    expect(Math.max(...gc.events.map((e) => e.pauseMs))).toBe(9.6);
    expect(Math.max(...gc.events.map((e) => e.heapLiveBytes ?? 0))).toBe((10 + 200 + 500) * 1024 * 1024);
    const q = o.queries as Record<string, (...a: unknown[]) => unknown>;
    const s = q.series(undefined, undefined, 500) as { points: SeriesPoint[] };
    expect(s.points.length).toBeLessThanOrEqual(500);
    expect(Math.max(...s.points.map((p) => p.pauseMs))).toBe(9.6);
    const zoom = q.series(6000, 7000, 500) as { points: SeriesPoint[] };
    expect(zoom.points.every((p) => p.t >= 6000 && p.t <= 7000)).toBe(true);
    expect(zoom.points.length).toBe(3); // cycles are 0.5 s apart: gc 12, 13, 14 fall in 6–7 s
    const page = q.events(100, 10) as { total: number; rows: { id: number }[] };
    expect(page.total).toBe(30_000);
    expect(page.rows.map((r) => r.id)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    const near = q.project(512 * 1024 * 1024) as Projection;
    const far = q.project(2048 * 1024 * 1024) as Projection;
    expect(near.limitSource).toBe('entered');
    expect(far.reachAtMs as number).toBeGreaterThan(near.reachAtMs as number);
  });
});

describe('bad input', () => {
  it('says a non-GC file is not a GC log, naming the file and line', async () => {
    await expect(open('jvm-gclog', 'notes.txt', enc.encode('hello\nworld\n'))).rejects.toThrow(
      /notes\.txt at line 1: expected a JVM GC log/,
    );
    await expect(open('go-gctrace', 'empty.log', new Uint8Array())).rejects.toBeInstanceOf(ParseError);
  });

  it('marks a gctrace cut mid-line as truncated and keeps the complete cycles', async () => {
    const bytes = readFileSync(join(ROOT, 'samples/go-leak/artifacts/gctrace.log'));
    const text = new TextDecoder().decode(bytes);
    const cut = text.indexOf(' MB goal', text.indexOf('gc 40 @'));
    const o = await open('go-gctrace', 'cut.log', bytes.subarray(0, cut));
    expect(o.truncated).toBe(true);
    expect(o.truncatedAt).toBe(text.lastIndexOf('\n', cut) + 1);
    expect((o.gc as GcBlock).cycles).toBe(39);
    expect(o.warnings.join(' ')).toMatch(/ends mid-line/);
  });

  it('marks a JDK 8 log that ends inside a multi-line G1 event as truncated', async () => {
    const text = readFileSync(join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0G1_ConcurrentCycle.txt'), 'utf8');
    const cut = text.indexOf('0.307: [GC pause') + 200;
    const o = await open('jvm-gclog', 'g1cut.log', enc.encode(text.slice(0, cut)));
    expect(o.truncated).toBe(true);
    expect(kindCounts(o.model as GcModel).young).toBe(2);
  });

  it('a CMS log cut inside its concurrent mode failure record is truncated, the cut event not invented', async () => {
    const text = readFileSync(join(CORPUS, 'jvm-gc/jdk8-cms-failure/SampleSun1_6_0CMS.txt'), 'utf8');
    const second = text.indexOf('(concurrent mode failure)', text.indexOf('(concurrent mode failure)') + 1);
    const o = await open('jvm-gclog', 'cmscut.log', enc.encode(text.slice(0, second - 5)));
    expect(o.truncated).toBe(true);
    expect(o.warnings.join(' ')).toContain('multi-line event');
    // the first failure is whole; the second, cut before its pause, is not taken for a young GC's
    const full = (o.model as GcModel).parsed.events.filter((e) => e.kind === 'full');
    expect(full.length).toBeGreaterThanOrEqual(1);
    expect(full[0].pauseMs).toBe(18.729);
  });

  it('a jstat -gcutil output cut mid-row keeps the complete rows and says where it ends', async () => {
    const text = readFileSync(join(VARIANTS, 'jstat-gcutil.txt'), 'utf8');
    const o = await open('jstat', 'gcutilcut.txt', enc.encode(text.slice(0, text.length - 30)));
    expect(o.truncated).toBe(true);
    expect(o.warnings.some((w) => /ends mid-line at line \d+/.test(w))).toBe(true);
    const full = await open('jstat', 'gcutil.txt', enc.encode(text));
    expect((o.model as GcModel).parsed.events.length).toBeLessThanOrEqual(
      (full.model as GcModel).parsed.events.length,
    );
  });

  it('reads gzip-compressed logs, and a cut gzip as truncated', async () => {
    const bytes = readFileSync(join(ROOT, 'samples/java-oom/artifacts/gc.log'));
    const whole = await open('jvm-gclog', 'gc.log.gz', gzipSync(bytes));
    const plain = await open('jvm-gclog', 'gc.log', bytes);
    expect((whole.gc as GcBlock).pauses).toEqual((plain.gc as GcBlock).pauses);
    // 16 000 cycles stored uncompressed (level 0) so the stream spans several read chunks
    const lines: string[] = [];
    for (let i = 1; i <= 16_000; i++) {
      lines.push(
        `gc ${i} @${i}.000s 1%: 0.01+1.0+0.01 ms clock, 0.1+0.1/1/0+0.1 ms cpu, 9->9->4 MB, 10 MB goal, 0 MB stacks, 0 MB globals, 4 P`,
      );
    }
    const gz = gzipSync(enc.encode(`${lines.join('\n')}\n`), { level: 0 });
    const full = await open('go-gctrace', 'big.log.gz', gz);
    expect((full.gc as GcBlock).cycles).toBe(16_000);
    const cut = await open('go-gctrace', 'big.log.gz', gz.subarray(0, Math.floor(gz.length * 0.75)));
    expect(cut.truncated).toBe(true);
    expect(cut.warnings.join(' ')).toMatch(/gzip stream ends early/);
    const cycles = (cut.gc as GcBlock).cycles;
    expect(cycles).toBeGreaterThan(0);
    expect(cycles).toBeLessThan(16_000);
  });

  it('a jstat header that lost a column keeps every number finite and says what is missing', async () => {
    const text = readFileSync(join(ROOT, 'samples/java-oom/artifacts/jstat.txt'), 'utf8');
    const o = await open('jstat', 'jstat.txt', new TextEncoder().encode(text.replace(' YGCT ', ' Y\0CT ')));
    const gc = o.gc as GcBlock;
    expect(Number.isFinite(gc.pauses.totalMs)).toBe(true);
    expect(Number.isFinite(gc.maxLiveBytes)).toBe(true);
    expect(o.warnings.some((w) => /lacks YGCT/.test(w))).toBe(true);
  });

  const samples: ['go-gctrace' | 'jvm-gclog' | 'jstat', string][] = [
    ['go-gctrace', join(ROOT, 'samples/go-leak/artifacts/gctrace.log')],
    ['jvm-gclog', join(CORPUS, 'jvm-gc/unified/sample-ujl-parallel-gc-all_safepoint_os_cpu.txt')],
    ['jvm-gclog', join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0Series-Part1.txt')],
    ['jstat', join(ROOT, 'samples/java-oom/artifacts/jstat.txt')],
  ];
  for (const [format, file] of samples) {
    it(`random cuts and byte flips of ${file.split('/').pop()} only ever raise ParseError`, async () => {
      // a Uint8Array copy: Buffer#slice shares memory, and the flips below must not reach the original
      const bytes = new Uint8Array(readFileSync(file));
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: bytes.length }),
          fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
          async (cut, flips) => {
            const b = bytes.slice(0, cut);
            for (const [i, v] of flips) if (i < b.length) b[i] = v;
            try {
              const o = await open(format, 'fuzz', b);
              const gc = o.gc as GcBlock;
              expect(Number.isFinite(gc.pauses.totalMs)).toBe(true);
              expect(Number.isFinite(gc.maxLiveBytes)).toBe(true);
              // a damaged jstat header can leave only concurrent (remark) events: no cycles, still events
              expect(gc.events.length).toBeGreaterThan(0);
            } catch (e) {
              expect(e).toBeInstanceOf(ParseError);
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
