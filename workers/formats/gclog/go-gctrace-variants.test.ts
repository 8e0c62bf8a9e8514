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
    expect(p.unknownLines).toBe(12);
  });
});
