/**
 * The JDK 17 GC output variants of samples/gc-variants (make.sh) and a few third-party logs, each
 * checked against numbers read from the file itself with plain regular expressions (no parser code):
 * event counts, pause sums and maxima, heap figures, the time axis, and the warnings a reader owes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GcBlock } from '../../../contract/inspect.ts';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { sniff } from '../sniff.ts';
import { type GcModel, openGcLog } from './handler.ts';

const VARIANTS = join(import.meta.dirname, '../../../samples/gc-variants/artifacts');
const read = (name: string) => readFileSync(join(VARIANTS, name));
const text = (name: string) => readFileSync(join(VARIANTS, name), 'utf8');
const MB = 1024 * 1024;

async function open(format: 'jvm-gclog' | 'jstat', name: string, bytes: Uint8Array) {
  const o = await openGcLog(format, bytesSource(name, bytes), {}, {});
  return { o, gc: o.gc as GcBlock, p: (o.model as GcModel).parsed };
}

const keys = (o: { warningMsgs?: { key: string }[] }) => (o.warningMsgs ?? []).map((m) => m.key);

/** `GC(n) Pause … B M->A M(C M) P ms` summary lines, in file order. */
function pauses(s: string) {
  return [...s.matchAll(/GC\((\d+)\) (Pause [^\n]*?) (\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms$/gm)].map((m) => ({
    id: Number(m[1]),
    name: m[2],
    before: Number(m[3]) * MB,
    after: Number(m[4]) * MB,
    cap: Number(m[5]) * MB,
    ms: Number(m[6]),
    at: m.index ?? 0,
  }));
}

/** The text of the line that starts at or before `at`. */
const lineAt = (s: string, at: number) => s.slice(s.lastIndexOf('\n', at) + 1, s.indexOf('\n', at));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('unified logging decorations (G1, -Xlog:gc:file=…:DECORATIONS)', () => {
  const all = [
    'none',
    'pid-tid',
    'level',
    'tags',
    'hostname-pid',
    'utctime',
    'time',
    'timemillis',
    'uptimemillis',
    'uptimenanos',
    'timenanos',
    'uptime-timenanos',
    'all',
  ];
  for (const d of all) {
    it(`deco-${d}.log: sniffed as a JVM GC log, every pause line an event with its pause and heap`, async () => {
      const s = text(`deco-${d}.log`);
      expect(sniff(read(`deco-${d}.log`))).toBe('jvm-gclog');
      const want = pauses(s);
      expect(want.length).toBeGreaterThan(5);
      const { gc, p } = await open('jvm-gclog', d, read(`deco-${d}.log`));
      expect(p.collector).toBe('G1');
      expect(p.unknownLines).toBe(0);
      expect(gc.cycles).toBe(want.length);
      expect(gc.pauses.totalMs).toBeCloseTo(sum(want.map((w) => w.ms)), 3);
      expect(gc.pauses.maxMs).toBe(Math.max(...want.map((w) => w.ms)));
      const byId = new Map(p.events.map((e) => [e.id, e]));
      for (const w of want) {
        const e = byId.get(w.id);
        expect(e?.pauseMs).toBe(w.ms);
        expect(e?.heapBeforeBytes).toBe(w.before);
        expect(e?.heapAfterBytes).toBe(w.after);
        expect(e?.goalBytes).toBe(w.cap);
      }
    });
  }

  it('without a clock (none, pid,tid, level, tags, hostname): events at 0, in order, and a warning', async () => {
    for (const d of ['none', 'pid-tid', 'level', 'tags', 'hostname-pid']) {
      const { o, p, gc } = await open('jvm-gclog', d, read(`deco-${d}.log`));
      expect(p.absolute, d).toBe(false);
      // no span to share: not "100 % GC" made of the pauses alone
      expect(gc.metrics?.spanMs, d).toBe(0);
      expect(gc.gcCpuPercent, d).toBe(0);
      expect(new Set(p.events.map((e) => e.t)), d).toEqual(new Set([0]));
      expect(p.events.map((e) => e.id)).toEqual(pauses(text(`deco-${d}.log`)).map((w) => w.id));
      expect(keys(o), d).toContain('gc/warnNoClock');
    }
    const clocked = await open('jvm-gclog', 'uptimemillis', read('deco-uptimemillis.log'));
    expect(keys(clocked.o)).not.toContain('gc/warnNoClock');
  });

  it('wall clocks (utctime, time, timemillis, all twelve): absolute times, the pause starting its line’s time minus the pause', async () => {
    const wall = (line: string) => {
      const iso = /^\[(\d{4}-\d\d-\d\dT[\d:.]+)([+-]\d\d)(\d\d)\]/.exec(line);
      if (iso) return Date.parse(`${iso[1]}${iso[2]}:${iso[3]}`);
      return Number(/^\[(\d{13,})ms\]/.exec(line)?.[1]);
    };
    for (const d of ['utctime', 'time', 'timemillis', 'all']) {
      const s = text(`deco-${d}.log`);
      const first = pauses(s)[0];
      const { p } = await open('jvm-gclog', d, read(`deco-${d}.log`));
      expect(p.absolute, d).toBe(true);
      expect(p.events[0].t, d).toBeCloseTo(wall(lineAt(s, first.at)) - first.ms, 3);
    }
    // all twelve: the uptime decorations anchor the process start
    const s = text('deco-all.log');
    const line = lineAt(s, pauses(s)[0].at);
    const up = Number(/\]\[([\d.]+)s\]\[/.exec(line)?.[1]) * 1000;
    const { p } = await open('jvm-gclog', 'all', read('deco-all.log'));
    expect(p.processStartMs).toBe(Math.round(wall(line) - up));
  });

  it('uptime clocks (ms, ns, and uptime before a timenanos clock): relative times from the uptime', async () => {
    const cases: [string, RegExp, number][] = [
      ['uptimemillis', /^\[(\d+)ms\]/, 1],
      ['uptimenanos', /^\[(\d+)ns\]/, 1e-6],
      ['uptime-timenanos', /^\[([\d.]+)s\]/, 1000],
    ];
    for (const [d, re, scale] of cases) {
      const s = text(`deco-${d}.log`);
      const ws = pauses(s);
      const { p } = await open('jvm-gclog', d, read(`deco-${d}.log`));
      expect(p.absolute, d).toBe(false);
      const last = ws[ws.length - 1];
      const upAtLast = Number(re.exec(lineAt(s, last.at))?.[1]) * scale;
      expect(upAtLast, d).toBeLessThan(5000); // really the uptime, not the monotonic clock
      expect(p.events[p.events.length - 1].t, d).toBeCloseTo(upAtLast - last.ms, 3);
    }
    // timenanos alone: a clock of unknown origin, but the spacing between collections is right
    const s = text('deco-timenanos.log');
    const [a, b] = pauses(s);
    const ns = (w: { at: number }) => Number(/^\[(\d+)ns\]/.exec(lineAt(s, w.at))?.[1]) / 1e6;
    const { p } = await open('jvm-gclog', 'timenanos', read('deco-timenanos.log'));
    expect(p.events[1].t - p.events[0].t).toBeCloseTo(ns(b) - b.ms - (ns(a) - a.ms), 3);
  });

  it('-Xlog:gc*:…:none: the bare start-up lines are read too (heap limit from Heap Max Capacity)', async () => {
    const s = text('deco-none-gc-star.log');
    expect(s.startsWith('Using G1\n')).toBe(true);
    const { p, gc } = await open('jvm-gclog', 'none-star', read('deco-none-gc-star.log'));
    expect(p.unknownLines).toBe(0);
    expect(gc.cycles).toBe(pauses(s).length);
    expect(p.logLimitBytes).toBe(Number(/^Heap Max Capacity: (\d+)M$/m.exec(s)?.[1]) * MB);
  });
});

describe('collectors and logging configurations (JDK 17)', () => {
  it('Serial -Xlog:gc and Parallel gc* with time,uptime,level,tags: counts, sums, heap, wall clock', async () => {
    for (const [f, collector] of [
      ['serial-gc.log', 'Serial'],
      ['parallel-gc-star-time.log', 'Parallel'],
    ]) {
      const s = text(f);
      const want = pauses(s);
      const { gc, p } = await open('jvm-gclog', f, read(f));
      expect(p.collector).toBe(collector);
      expect(p.unknownLines).toBe(0);
      expect(gc.cycles).toBe(want.length);
      expect((gc.byKind ?? []).map((k) => [k.kind, k.count])).toEqual([
        ['young', want.filter((w) => w.name.startsWith('Pause Young')).length],
      ]);
      expect(gc.pauses.totalMs).toBeCloseTo(sum(want.map((w) => w.ms)), 3);
      expect(p.events[p.events.length - 1].heapBeforeBytes).toBe(want[want.length - 1].before);
    }
    const par = await open('jvm-gclog', 'par', read('parallel-gc-star-time.log'));
    expect(par.p.absolute).toBe(true);
    expect(par.p.logLimitBytes).toBe(64 * MB);
  });

  it('gc+heap=debug alone: one event per heap before/after block pair, heap used in K, no pause, a warning', async () => {
    const s = text('g1-heap-debug.log');
    expect(s).not.toMatch(/Pause Young/);
    const before = [...s.matchAll(/GC\((\d+)\) Heap before GC[^\n]*\n[^\n]*used (\d+)K/g)];
    const after = [...s.matchAll(/GC\((\d+)\) Heap after GC[^\n]*\n[^\n]*total (\d+)K, used (\d+)K/g)];
    expect(before.length).toBe(after.length);
    const { o, gc, p } = await open('jvm-gclog', 'heap-debug', read('g1-heap-debug.log'));
    expect(gc.cycles).toBe(before.length);
    expect(gc.pauses.totalMs).toBe(0);
    expect(keys(o)).toContain('gc/warnHeapBlocksOnly');
    expect(p.events[0].heapBeforeBytes).toBe(Number(before[0][2]) * 1024);
    expect(p.events[0].heapAfterBytes).toBe(Number(after[0][3]) * 1024);
    expect(p.events[0].goalBytes).toBe(Number(after[0][2]) * 1024);
    const lastB = before[before.length - 1];
    expect(p.events[p.events.length - 1].t).toBeCloseTo(
      Number(/^\[([\d.]+)s\]/.exec(lineAt(s, lastB.index ?? 0))?.[1]) * 1000,
      6,
    );
    // no full collection ran: the full count never rose
    expect(s).not.toMatch(/\(full [1-9]/);
    expect((gc.byKind ?? []).map((k) => k.kind)).toEqual(['young']);
  });

  it('-Xlog:gc,safepoint (JDK 17 lines with Cleanup): safepoint count, total and longest from the Total ns', async () => {
    const s = text('g1-gc-safepoint.log');
    const totals = [...s.matchAll(/Safepoint "[^"]*", .*Cleanup: \d+ ns, .*Total: (\d+) ns/g)].map(
      (m) => Number(m[1]) / 1e6,
    );
    expect(totals.length).toBeGreaterThan(10);
    const { gc, p } = await open('jvm-gclog', 'sp', read('g1-gc-safepoint.log'));
    expect(p.safepoints?.count).toBe(totals.length);
    expect(p.safepoints?.maxMs).toBeCloseTo(Math.max(...totals), 3);
    expect(p.safepoints?.totalMs).toBeCloseTo(sum(totals), 2);
    expect(gc.cycles).toBe(pauses(s).length);
  });

  it('the legacy -XX:+PrintGCDetails -Xloggc: and -verbose:gc on stdout between the program’s lines', async () => {
    const legacy = await open('jvm-gclog', 'legacy', read('g1-printgcdetails.log'));
    expect(legacy.gc.cycles).toBe(pauses(text('g1-printgcdetails.log')).length);
    expect(legacy.p.unknownLines).toBe(0);
    const s = text('g1-verbosegc-console.log');
    const { gc, p } = await open('jvm-gclog', 'console', read('g1-verbosegc-console.log'));
    expect(gc.cycles).toBe(pauses(s).length);
    // the program's own lines (its pid, its last line) are all that is not GC output
    const own = s.split('\n').filter((l) => l !== '' && !l.startsWith('['));
    expect(p.unknownLines).toBe(own.length);
  });

  it('Shenandoah gc*: one concurrent cycle per GC id, however many cleanups it logs; its pauses as phases', async () => {
    for (const f of ['shenandoah-gc-star.log', 'oom-shenandoah-console.log']) {
      const s = text(f);
      const cycles = new Set([...s.matchAll(/GC\((\d+)\) Concurrent cleanup \d+M->/g)].map((m) => m[1]));
      const twice = [...s.matchAll(/GC\((\d+)\) Concurrent cleanup \d+M->/g)].length;
      const phases = [...s.matchAll(/GC\(\d+\) Pause (Init|Final)[^\n]* ([\d.]+)ms$/gm)];
      const { o, gc } = await open('jvm-gclog', f, read(f));
      const kinds = Object.fromEntries((gc.byKind ?? []).map((k) => [k.kind, k.count]));
      expect(kinds.concurrent, f).toBe(cycles.size);
      expect(kinds.remark, f).toBe(phases.length);
      expect(keys(o), f).not.toContain('gc/warnDuplicates');
      if (f.startsWith('oom')) expect(twice).toBeGreaterThan(cycles.size); // really cycles with two cleanups
    }
  });
});

describe('JVMs that ran out of memory (-Xmx16m, stdout and stderr in one console log)', () => {
  const fullLines = (s: string) => (s.match(/GC\(\d+\) Pause (Full|Degenerated GC)[^\n]*ms$/gm) ?? []).length;
  for (const [f, limit] of [
    ['oom-g1-console.log', 16 * MB],
    ['oom-g1-console-glued.log', 16 * MB],
    ['oom-parallel-console.log', 16 * MB],
    ['oom-serial-console.log', undefined],
    ['oom-shenandoah-console.log', undefined],
  ] as const) {
    it(`${f}: the full collections, the back-to-back run, the OutOfMemoryError line, the limit`, async () => {
      const s = text(f);
      const { o, gc, p } = await open('jvm-gclog', f, read(f));
      expect((gc.byKind ?? []).find((k) => k.kind === 'full')?.count).toBe(fullLines(s));
      expect(fullLines(s)).toBeGreaterThan(1);
      expect(keys(o)).toContain('gc/warnBackToBack');
      const oomLine = s.split('\n').findIndex((l) => l.includes('java.lang.OutOfMemoryError')) + 1;
      expect(p.oomMarks.map((m) => m.line)).toContain(oomLine);
      expect(p.logLimitBytes).toBe(limit);
      // what is left is the program's pid and the exception's stack
      const own = s.split('\n').filter((l) => l !== '' && !/\[[\d.]+s\]\[/.test(l));
      expect(p.unknownLines).toBeLessThanOrEqual(own.length);
      expect(p.unknownSamples.map((u) => u.text)).toContain(s.split('\n').find((l) => /^\d+$/.test(l)));
    });
  }

  it('a GC line glued after "Exception in thread" is still read', async () => {
    const s = text('oom-g1-console-glued.log');
    const glued =
      s.split('\n').findIndex((l) => /^Exception in thread "main" \[[\d.]+s\]\[info\]/.test(l)) + 1;
    expect(glued).toBeGreaterThan(0);
    const { p } = await open('jvm-gclog', 'glued', read('oom-g1-console-glued.log'));
    expect(p.unknownSamples.map((u) => u.line)).not.toContain(glued);
    expect(p.unknownLines).toBe(1); // the pid alone
  });

  it('ZGC gc*: the live heap of a cycle is what marking found live (Live: at Mark End), not the heap after it', async () => {
    for (const f of ['oom-zgc-console.log', 'zgc-gc-star.log']) {
      const s = text(f);
      const live = new Map(
        [...s.matchAll(/GC\((\d+)\)\s+Live:\s+-\s+(\d+)M \(/g)].map((m) => [Number(m[1]), Number(m[2]) * MB]),
      );
      const cycles = [...s.matchAll(/GC\((\d+)\) Garbage Collection \([^)]*\) (\d+)M\(\d+%\)->(\d+)M/g)];
      expect(cycles.length, f).toBeGreaterThan(1);
      const { p } = await open('jvm-gclog', f, read(f));
      const byId = new Map(p.events.filter((e) => e.kind === 'concurrent').map((e) => [e.id, e]));
      for (const c of cycles) {
        const e = byId.get(Number(c[1]));
        expect(e?.heapAfterBytes, f).toBe(Number(c[3]) * MB);
        expect(e?.heapLiveBytes, f).toBe(live.get(Number(c[1])));
      }
    }
  });

  it('ZGC: allocation stalls counted and timed, Out Of Memory (main) is an OOM mark, Max Capacity the limit', async () => {
    const s = text('oom-zgc-console.log');
    const stalls = [...s.matchAll(/\] Allocation Stall \(.*\) ([\d.]+)ms$/gm)].map((m) => Number(m[1]));
    expect(stalls.length).toBeGreaterThan(0);
    const { o, p } = await open('jvm-gclog', 'zgc-oom', read('oom-zgc-console.log'));
    const m = o.warningMsgs?.find((w) => w.key === 'gc/warnAllocationStalls');
    expect(m?.params).toEqual({
      count: stalls.length,
      totalMs: Math.round(sum(stalls) * 1000) / 1000,
      maxMs: Math.max(...stalls),
    });
    expect(p.logLimitBytes).toBe(Number(/\[gc,init\] Max Capacity: (\d+)M/.exec(s)?.[1]) * MB);
    const lines = s.split('\n');
    expect(p.oomMarks.map((x) => x.line)).toEqual(
      lines.flatMap((l, i) => (/Out Of Memory \(|java\.lang\.OutOfMemoryError/.test(l) ? [i + 1] : [])),
    );
  });
});

describe('jstat options (JDK 17, 250 ms interval)', () => {
  /** Rows of a jstat file as column → value, numbers only; headers (repeated by -h) skipped. */
  function rows(s: string) {
    const out: Record<string, number>[] = [];
    let head: string[] = [];
    for (const l of s.split('\n')) {
      const f = l.trim().split(/\s+/);
      if (f.includes('YGC')) head = f;
      else if (l.trim() !== '') out.push(Object.fromEntries(head.map((h, i) => [h, Number(f[i])])));
    }
    return out;
  }

  for (const f of [
    'jstat-gc.txt',
    'jstat-gc-t.txt',
    'jstat-gc-t-h5.txt',
    'jstat-gcutil-h5.txt',
    'jstat-gccause.txt',
    'jstat-gccause-t.txt',
    'jstat-gcnew.txt',
  ]) {
    it(`${f}: young collections and their time are the rises of YGC and YGCT`, async () => {
      expect(sniff(read(f))).toBe('jstat');
      const r = rows(text(f));
      const [first, last] = [r[0], r[r.length - 1]];
      const { gc, p } = await open('jstat', f, read(f));
      expect(p.unknownLines).toBe(0);
      expect(gc.cycles).toBe(last.YGC - first.YGC);
      expect(gc.pauses.totalMs).toBeCloseTo((last.YGCT - first.YGCT) * 1000, 3);
      if (f.includes('-t')) {
        expect(p.firstMs).toBeCloseTo(first.Timestamp * 1000, 6);
        expect(p.lastMs).toBeCloseTo(last.Timestamp * 1000, 6);
      }
    });
  }

  it('-h5 repeats the header every 5 rows: all rows read', async () => {
    const s = text('jstat-gc-t-h5.txt');
    expect(s.match(/^Timestamp /gm)?.length).toBeGreaterThan(1);
    const { p } = await open('jstat', 'h5', read('jstat-gc-t-h5.txt'));
    expect(p.recognisedLines).toBe(s.split('\n').filter((l) => l.trim() !== '').length);
  });

  it('-gccause: the last cause (LGCC) names the interval’s collections', async () => {
    const s = text('jstat-gccause.txt');
    const lgcc = s
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => l.slice(s.indexOf('LGCC'), s.indexOf(' GCC')).trim());
    const { p } = await open('jstat', 'cause', read('jstat-gccause.txt'));
    expect(p.events.length).toBeGreaterThan(0);
    for (const e of p.events) expect(e.cause).toBe(lgcc[e.line - 2]);
    expect(p.events[0].cause).toBe('G1 Evacuation Pause');
  });

  it('-gc: the heap after an interval is S0U+S1U+EU+OU, whole bytes; -gcnew has no totals and says FGC is missing', async () => {
    const r = rows(text('jstat-gc.txt'));
    const { p } = await open('jstat', 'gc', read('jstat-gc.txt'));
    const e = p.events[0];
    const row = r[e.line - 2];
    expect(e.heapAfterBytes).toBe(Math.round((row.S0U + row.S1U + row.EU + row.OU) * 1024));
    expect(e.goalBytes).toBe(Math.round((row.S0C + row.S1C + row.EC + row.OC) * 1024));
    const gcnew = await open('jstat', 'gcnew', read('jstat-gcnew.txt'));
    expect(gcnew.p.events.every((x) => x.heapAfterBytes === undefined)).toBe(true);
    expect(keys(gcnew.o)).toContain('jstat/warnMissingColumns');
    expect(keys(gcnew.o)).not.toContain('jstat/warnGcutil');
  });

  it('-gcold and -gccapacity are jstat output, but with no pause columns for the collections they count', async () => {
    for (const f of ['jstat-gcold.txt', 'jstat-gccapacity.txt']) {
      expect(sniff(read(f))).toBe('jstat');
      const r = rows(text(f));
      expect(r[r.length - 1].FGC - r[0].FGC).toBe(0);
      await expect(open('jstat', f, read(f))).rejects.toThrow(/no GC events in \d+ lines/);
    }
  });
});

describe('third-party JDK 7/8 logs', () => {
  it('G1 with concurrent phases logged inside a pause record: one pause with its own time and heap', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0G1HumongousMixed.txt');
    const s = readFileSync(f, 'utf8');
    const { gc, p } = await open('jvm-gclog', 'humongous', readFileSync(f));
    expect(p.unknownLines).toBe(0);
    expect(gc.cycles).toBe(1);
    expect(p.events[0].pauseMs).toBeCloseTo(Number(/^, ([\d.]+) secs\]$/m.exec(s)?.[1]) * 1000, 3);
    expect(p.events[0].cause).toBe('G1 Humongous Allocation');
    expect(p.events[0].heapBeforeBytes).toBe(Math.round(29.9 * 1024 ** 3));
  });

  it('JDK 7 G1 with PrintAdaptiveSizePolicy and no GC cause: "(young)" is the type, not the cause', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/SampleSun1_7_0_12PrintAdaptiveSizePolicy.txt');
    const s = readFileSync(f, 'utf8');
    const { p } = await open('jvm-gclog', 'asp', readFileSync(f));
    expect(p.events.length).toBe((s.match(/\[GC pause \(young\)/g) ?? []).length);
    expect(p.events.every((e) => e.cause === undefined)).toBe(true);
    expect(p.events.map((e) => e.name)).toContain('GC pause (young) (initial-mark)');
    expect(p.events.map((e) => e.pauseMs)).toEqual(
      [...s.matchAll(/^, ([\d.]+) secs\]$/gm)].map((m) => Math.round(Number(m[1]) * 1e6) / 1e3),
    );
  });

  it('GC log file rotation lines at the top and bottom of a file are GC log lines, not unknown', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0Series-Part2.txt');
    const lines = readFileSync(f, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GC log file created /);
    expect(lines.filter((l) => l.includes('GC log file has reached the maximum size')).length).toBe(1);
    const { gc, p } = await open('jvm-gclog', 'part2', readFileSync(f));
    expect(p.unknownLines).toBe(0);
    expect(gc.cycles).toBe(lines.filter((l) => l.includes('[ParNew: ')).length);
  });

  it('JDK 7 CMS with Application time lines: the remark after a scavenge is a remark with its own pause', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/SampleSun1_7_0_51_CMS_PrintApplStoppedTime.txt');
    const s = readFileSync(f, 'utf8');
    const { gc, p } = await open('jvm-gclog', 'cms7', readFileSync(f));
    expect(p.unknownLines).toBe(0);
    const remark = p.events.find((e) => e.kind === 'remark');
    const secs = /CMS-remark: [^\n]*, ([\d.]+) secs\] \[Times/.exec(s)?.[1];
    expect(remark?.pauseMs).toBeCloseTo(Number(secs) * 1000, 3);
    // the young collection scavenged before it keeps its own pause
    const young = p.events.find((e) => e.kind === 'young');
    expect(young?.pauseMs).toBeCloseTo(
      Number(/\[ParNew: [^\]]*\] [^,]*, ([\d.]+) secs\]/.exec(s)?.[1]) * 1000,
      3,
    );
    expect(gc.pauses.maxMs).toBeCloseTo(Number(secs) * 1000, 3);
    expect(p.safepoints?.count).toBe(
      (s.match(/Total time for which application threads were stopped/g) ?? []).length,
    );
  });

  it('JDK 8 CMS remark with PrintHeapAtGC blocks ([0x…) address ranges): the remark’s pause, not the young one’s', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/SampleSun1_8_0CMS_ScavengeBeforeRemark_HeapAtGc.txt');
    const s = readFileSync(f, 'utf8');
    const { p } = await open('jvm-gclog', 'cmsheap', readFileSync(f));
    expect(p.events.map((e) => e.kind).sort()).toEqual(['remark', 'young']);
    const remark = p.events.find((e) => e.kind === 'remark');
    expect(remark?.pauseMs).toBeCloseTo(Number(/CMS-remark: [^\n]*, ([\d.]+) secs\]/.exec(s)?.[1]) * 1000, 3);
  });

  it('G1 details without their indentation: no collections made of [GC Worker …] lines, heap from [Eden: … Heap: …]', async () => {
    const f = join(CORPUS, 'jvm-gc/jdk8/gctoolkit-g1-unindented-rightmove-head.log');
    const s = readFileSync(f, 'utf8');
    expect(s).toMatch(/^\[GC Worker Start \(ms\):/m);
    const { gc, p } = await open('jvm-gclog', 'rightmove', readFileSync(f));
    expect(p.unknownLines).toBe(0);
    const young = (s.match(/\[GC pause \([^)]*\) \(young\)/g) ?? []).length;
    expect((gc.byKind ?? []).find((k) => k.kind === 'young')?.count).toBe(young);
    const heap = /^\[Eden: [^\n]* Heap: ([\d.]+)M\([\d.]+M\)->([\d.]+)M\(([\d.]+)M\)\]$/m.exec(s);
    const first = p.events.find((e) => e.kind === 'young');
    expect(first?.heapBeforeBytes).toBe(Math.round(Number(heap?.[1]) * MB));
    expect(first?.heapAfterBytes).toBe(Math.round(Number(heap?.[2]) * MB));
    expect(first?.goalBytes).toBe(Math.round(Number(heap?.[3]) * MB));
  });
});
