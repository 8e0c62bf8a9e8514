import { describe, expect, it } from 'vitest';
import {
  acceptPlacements,
  anchorKind,
  labelArtifacts,
  placeArtifacts,
  unplacedArtifacts,
} from './anchors.ts';
import { makeArtifact, snapshotTime } from './artifacts.ts';
import { goroutineGrowth } from './findings.ts';
import { newIncident } from './model.ts';
import { crashTraceback, goroutineDump, heapDump, T0 } from './test-fixtures.ts';
import { buildTimeline } from './timeline.ts';

const DAY = 86_400_000;
const sha = (c: string) => c.repeat(64);
const COPY = T0 + 7 * DAY;

/** A goroutine dump without a clock of its own, with its highest goroutine id. */
function untimedDump(n: number, maxId: number) {
  const r = goroutineDump(n, 0);
  delete r.capturedAtMs;
  r.goroutines = { ...r.goroutines!, maxGoroutineId: maxId };
  return r;
}

function art(id: string, path: string, result: ReturnType<typeof untimedDump>, mtime = COPY) {
  return makeArtifact({ id, path, sha256: sha(id.slice(0, 1)), result, lastModifiedMs: mtime });
}

describe('placing artifacts in time', () => {
  it('reads the Go heap dump time from MemStats LastGC, not the file time', () => {
    const inc = placeArtifacts(
      newIncident({ artifacts: [art('h', '/e/heapdump.bin', heapDump(T0 + 5_000, COPY))] }),
    );
    const a = inc.artifacts[0];
    expect(anchorKind(a.timeAnchor)).toBe('evidence');
    expect(snapshotTime(a)).toBe(T0 + 5_000);
  });

  it('places files beside an anchored one at its time, and orders goroutine dumps by id', () => {
    const inc = placeArtifacts(
      newIncident({
        artifacts: [
          art('h', '/e/t2/heapdump.bin', heapDump(T0 + 60_000)),
          art('a', '/e/t1/goroutines.txt', untimedDump(1, 58)),
          art('b', '/e/t2/goroutines.txt', untimedDump(2, 113)),
          art('c', '/e/t1/heapdump.bin', heapDump(T0)),
        ],
      }),
    );
    const by = new Map(inc.artifacts.map((a) => [a.id, a]));
    expect(by.get('a')!.timeAnchor).toMatchObject({
      source: 'inferred',
      basis: 'beside heapdump.bin',
      ordered: true,
    });
    expect(snapshotTime(by.get('a')!)).toBe(T0);
    expect(snapshotTime(by.get('b')!)).toBe(T0 + 60_000);
    const growth = goroutineGrowth(inc);
    const f = growth.find((x) => x.subject === 'main.exportWorker')!;
    // 40 → 80 over one minute of inferred, ordered times
    expect(f.numbers.perMinute).toBe(40);
  });

  it('in a flat folder of numbered captures, takes the time of the capture with the same number', () => {
    const inc = placeArtifacts(
      newIncident({
        artifacts: [
          art('h1', '/e/heapdump-1.bin', heapDump(T0)),
          art('h2', '/e/heapdump-2.bin', heapDump(T0 + 60_000)),
          art('a', '/e/goroutines-1.debug2.txt', untimedDump(1, 58)),
          art('b', '/e/goroutines-2.debug2.txt', untimedDump(2, 113)),
          art(
            'c',
            '/e/crash.txt',
            (() => {
              const r = crashTraceback(0);
              delete r.capturedAtMs;
              return r;
            })(),
          ),
        ],
      }),
    );
    const by = new Map(inc.artifacts.map((a) => [a.id, a]));
    expect(by.get('a')!.timeAnchor.basis).toBe('beside heapdump-1.bin');
    expect(snapshotTime(by.get('a')!)).toBe(T0);
    expect(snapshotTime(by.get('b')!)).toBe(T0 + 60_000);
    // no number: the folder's latest anchored moment
    expect(by.get('c')!.timeAnchor.basis).toBe('beside heapdump-2.bin');
    expect(goroutineGrowth(inc).find((x) => x.subject === 'main.exportWorker')!.numbers.perMinute).toBe(40);
  });

  it('computes no rate over a span whose times disagree with the goroutine ids', () => {
    const inc = placeArtifacts(
      newIncident({
        artifacts: [
          art('h', '/e/t2/heapdump.bin', heapDump(T0 + 60_000)),
          art('c', '/e/t1/heapdump.bin', heapDump(T0)),
          // the later folder holds the dump with the lower ids: the folders were mixed up
          art('a', '/e/t1/goroutines.txt', untimedDump(1, 113)),
          art('b', '/e/t2/goroutines.txt', untimedDump(2, 58)),
        ],
      }),
    );
    expect(inc.artifacts.find((a) => a.id === 'a')!.timeAnchor.ordered).toBe(false);
    const f = goroutineGrowth(inc).find((x) => x.subject === 'main.exportWorker')!;
    expect(f.numbers.perMinute).toBeUndefined();
  });

  it('computes no rate from dumps less than a second apart', () => {
    const inc = newIncident({
      artifacts: [
        art('a', '/e/g1.txt', goroutineDump(1, T0)),
        art('b', '/e/g2.txt', goroutineDump(2, T0 + 400)),
      ],
    });
    const f = goroutineGrowth(placeArtifacts(inc)).find((x) => x.subject === 'main.exportWorker')!;
    expect(f.numbers.growth).toBe(40);
    expect(f.numbers.perMinute).toBeUndefined();
  });

  it('does not trust a file time far from the evidence: places it with its nearest group, marked', () => {
    const inc = placeArtifacts(
      newIncident({
        artifacts: [
          art('h', '/e/a/heapdump.bin', heapDump(T0 + 60_000), COPY + 5_000),
          art('c', '/e/b/heapdump.bin', heapDump(T0), COPY),
          art(
            'x',
            '/e/c/goroutines.txt',
            (() => {
              const r = goroutineDump(1, 0);
              delete r.capturedAtMs;
              return r;
            })(),
            COPY + 4_000,
          ),
        ],
      }),
    );
    const x = inc.artifacts.find((a) => a.id === 'x')!;
    expect(anchorKind(x.timeAnchor)).toBe('assumed');
    expect(x.timeAnchor.source).toBe('placed');
    expect(x.timeAnchor.basis).toContain('7 days');
    expect(snapshotTime(x)).toBe(T0 + 60_000);
    // the window stays the evidence's minute, the placed dump does not widen it
    const tl = buildTimeline(inc);
    expect(tl.range).toEqual({ startMs: T0, endMs: T0 + 60_000 });
    // one action accepts every suggestion: the anchors become the user's
    const unplaced = unplacedArtifacts(inc);
    expect(unplaced.map((u) => u.artifact.id)).toEqual(['x']);
    const accepted = placeArtifacts(
      acceptPlacements(
        inc,
        unplaced.map((u) => ({ artifactId: u.artifact.id, suggestedMs: u.suggestedMs })),
      ),
    );
    expect(anchorKind(accepted.artifacts.find((a) => a.id === 'x')!.timeAnchor)).toBe('user');
    expect(unplacedArtifacts(accepted)).toEqual([]);
  });

  it('keeps trusting file times near the evidence (a folder not copied)', () => {
    const inc = placeArtifacts(
      newIncident({
        artifacts: [
          art('h', '/e/heapdump.bin', heapDump(T0 + 60_000), T0 + 61_000),
          art('x', '/f/goroutines.txt', untimedDump(1, 10), T0 + 30_000),
        ],
      }),
    );
    const x = inc.artifacts.find((a) => a.id === 'x')!;
    expect(x.timeAnchor.source).toBe('file-mtime');
    expect(snapshotTime(x)).toBe(T0 + 30_000);
  });

  it('is idempotent', () => {
    const once = placeArtifacts(
      newIncident({
        artifacts: [
          art('h', '/e/t2/heapdump.bin', heapDump(T0 + 60_000)),
          art('a', '/e/t2/goroutines.txt', untimedDump(1, 58)),
        ],
      }),
    );
    expect(placeArtifacts(once)).toBe(once);
  });
});

describe('labels', () => {
  it('names artifacts by their path inside the opened folder', () => {
    const inc = labelArtifacts(
      newIncident({
        artifacts: [
          art('a', 'evidence/t1/heap.pprof', untimedDump(1, 1)),
          art('b', 'evidence/t2/heap.pprof', untimedDump(1, 2)),
          art('c', 'evidence/gctrace.log', untimedDump(1, 3)),
          art('d', 'dropped.txt', untimedDump(1, 4)),
        ],
      }),
    );
    expect(inc.artifacts.map((a) => a.name)).toEqual([
      't1/heap.pprof',
      't2/heap.pprof',
      'gctrace.log',
      'dropped.txt',
    ]);
    expect(labelArtifacts(inc)).toBe(inc);
    const win = labelArtifacts(
      newIncident({
        artifacts: [
          art('a', 'C:\\cases\\t1\\g.txt', untimedDump(1, 1)),
          art('b', 'C:\\cases\\g.txt', untimedDump(1, 1)),
        ],
      }),
    );
    expect(win.artifacts.map((a) => a.name)).toEqual(['t1/g.txt', 'g.txt']);
  });
});
