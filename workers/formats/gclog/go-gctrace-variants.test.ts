import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { parseGoGctrace } from './go-gctrace.ts';

const ROOT = join(import.meta.dirname, '../../..');
const MB = 1024 * 1024;
const parse = (path: string) => parseGoGctrace(bytesSource(path, readFileSync(path)), {});
/** Every `gc N @` in the text, wherever it stands on its line (grep -o). */
const grepIds = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/gc (\d+) @/g)].map((m) => Number(m[1]));

describe('gctrace lines among other output', () => {
  it('go test -bench output: cycles printed after a benchmark name and a tab are read (felixge/dump)', async () => {
    for (const [f, cycles] of [
      ['felixge-gotest-bench.txt', 67],
      ['felixge-gotest-bench-maxprocs1.txt', 49],
    ] as const) {
      const path = join(CORPUS, 'go-gctrace', f);
      const p = await parse(path);
      expect(p.cols.length).toBe(cycles);
      expect(p.events.map((e) => e.id)).toEqual(grepIds(path));
      expect(p.warnings.some((w) => /restart/i.test(w))).toBe(false);
      // goos, goarch, pkg, cpu, three `N ns/op` results, PASS, ok
      expect(p.unknownLines).toBe(9);
    }
    const p = await parse(join(CORPUS, 'go-gctrace/felixge-gotest-bench.txt'));
    const g24 = p.events.find((e) => e.id === 24)!;
    expect(g24).toMatchObject({
      line: 29,
      forced: true,
      heapBeforeBytes: 303 * MB,
      goalBytes: 479 * MB,
      t: 1954,
    });
    expect(p.events[p.events.length - 1]).toMatchObject({
      id: 67,
      heapLiveBytes: 245 * MB,
      goalBytes: 292 * MB,
    });
  });

  it('a cycle line cut in two by a log line written in its middle is joined again (Go 1.19)', async () => {
    const path = join(ROOT, 'samples/go-variants/artifacts/gctrace-split-line.log');
    const p = await parse(path);
    expect(p.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.events[3]).toMatchObject({
      line: 6,
      t: 45,
      heapBeforeBytes: 28 * MB,
      heapAfterBytes: 29 * MB,
      heapLiveBytes: 29 * MB,
      goalBytes: 29 * MB,
    });
    expect(p.events.filter((e) => e.forced).map((e) => e.id)).toEqual([6, 7]);
    // the 12 `log` lines, less the one that was written inside the cut cycle line
    expect(p.unknownLines).toBe(11);
  });

  it('gctrace between log lines, none cut (Go 1.19, samples/go-variants)', async () => {
    const path = join(ROOT, 'samples/go-variants/artifacts/gctrace-stdout.log');
    const p = await parse(path);
    expect(p.events.map((e) => e.id)).toEqual(grepIds(path));
    // the program's `log` lines (any cut into a cycle line is read with it)
    const logLines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => /^\d{4}\/\d\d\/\d\d /.test(l));
    expect(p.unknownLines).toBe(logLines.length);
  });

  it('GC forced: the two-minute cycle is marked periodic; scavtrace lines between are read (Go 1.19)', async () => {
    const path = join(ROOT, 'samples/go-variants/artifacts/gctrace-idle.log');
    const lines = readFileSync(path, 'utf8').split('\n');
    const p = await parse(path);
    expect(p.events.map((e) => e.id)).toEqual(grepIds(path));
    const periodic = lines.slice(lines.indexOf('GC forced')).find((l) => l.startsWith('gc '))!;
    const m = /^gc (\d+) @([\d.]+)s/.exec(periodic)!;
    const last = p.events[p.events.length - 1];
    expect(last).toMatchObject({ id: Number(m[1]), cause: 'periodic', t: Number(m[2]) * 1000 });
    expect(last.t).toBeGreaterThan(120_000);
    expect(last.forced).toBeUndefined();
    expect(p.events.filter((e) => e.cause === 'periodic')).toHaveLength(1);
    // runtime.GC() and debug.FreeOSMemory(), twice: `(forced)`, not periodic
    const userForced = lines.filter((l) => l.startsWith('gc ') && l.endsWith('(forced)'));
    expect(userForced).toHaveLength(4);
    expect(p.events.filter((e) => e.forced)).toHaveLength(4);
    const scav = lines.filter((l) => l.startsWith('scav '));
    expect(p.scavenges).toHaveLength(scav.length);
    const s = /^scav (\d+) KiB work, (\d+) KiB total, (\d+)% util/.exec(scav[scav.length - 1])!;
    expect(p.scavenges[p.scavenges.length - 1]).toMatchObject({
      releasedKiB: Number(s[1]),
      totalKiB: Number(s[2]),
      utilPercent: Number(s[3]),
    });
    // only the program's `log` lines are left unread (one may be cut into a cycle line and read
    // with it); `GC forced` is not among them
    const cut = lines.filter((l) => /^gc .*\d{4}\/\d\d\/\d\d /.test(l)).length;
    expect(p.unknownLines).toBe(12 - cut);
    expect(p.unknownSamples.some((u) => u.text.includes('GC forced'))).toBe(false);
  });

  it('schedtrace lines are runtime output, and a cycle cut right after `gc ` is joined (Go 1.19)', async () => {
    for (const f of ['gctrace-schedtrace.log', 'gctrace-schedtrace-cut.log']) {
      const path = join(ROOT, 'samples/go-variants/artifacts', f);
      const lines = readFileSync(path, 'utf8').split('\n');
      const p = await parse(path);
      expect(lines.some((l) => l.startsWith('SCHED '))).toBe(true);
      expect(p.unknownSamples.some((u) => u.text.startsWith('SCHED'))).toBe(false);
      expect(p.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
    const p = await parse(join(ROOT, 'samples/go-variants/artifacts/gctrace-schedtrace-cut.log'));
    // `gc ` + `2026/12/05 16:40:23.463096 round 5: holding 120 buffers`, then `5 @0.107s 0%: …`
    expect(p.events[4]).toMatchObject({
      id: 5,
      line: 11,
      t: 107,
      heapBeforeBytes: 58 * MB,
      goalBytes: 59 * MB,
    });
    expect(p.unknownLines).toBe(11);
  });
});
