import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BOMBS, type BombName, gzipBomb } from '../../testdata/bombs.ts';
import { bytesSource } from '../core/byte-source.ts';
import { LimitError, type Limits } from '../core/limits.ts';
import { Engine } from '../engine/engine.ts';
import { sized } from './hprof/grow.ts';

/**
 * Scaled-down decompression bombs through the whole engine (sniff, parser, analysis) with small
 * budgets injected: each stops with an error naming the file, the offset and the bound it hit.
 * `bench/hostile.bench.ts` runs the gigabyte versions through the CLI.
 */
const MiB = 1024 * 1024;

async function open(name: BombName, inflated: number, limits: Partial<Limits>): Promise<LimitError> {
  const bytes = gzipBomb(BOMBS[name], inflated);
  const e = await new Engine().open(bytesSource(`${name}.gz`, bytes), { limits }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LimitError);
  const err = e as LimitError;
  expect(err.message.startsWith(`${name}.gz at `)).toBe(true);
  return err;
}

describe('hostile input stops at its bound, naming file, offset and bound', () => {
  it('HPROF: a UTF8 record claiming 4 GiB is refused at its offset before anything is buffered', async () => {
    const e = await open('hprof-utf8', 4 * MiB, {});
    expect(e.kind).toBe('record-length');
    expect(e.offset).toBe(31);
    expect(e.message).toMatch(
      /at byte 31: expected a record length of at most 67108864 bytes, found a record \(tag 0x1\) of 4294967295 bytes/,
    );
  });

  it('HPROF: millions of empty arrays stop at the inflation budget', async () => {
    const e = await open('hprof-empty-arrays', 24 * MiB, { maxInflatedBytes: 6 * MiB });
    expect(e.kind).toBe('inflated');
    expect(e.offset).toBe(6 * MiB);
    expect(e.message).toContain('at most 6.00 MiB once decompressed');
  });

  for (const [name, what] of [
    ['gctrace', 'GC events'],
    ['jthreads', 'threads'],
    ['goroutines', 'goroutines'],
    ['jstat', 'jstat rows'],
    ['pprof-text', 'profile samples'],
  ] as const) {
    it(`${name}: the record count cap and the inflation budget`, async () => {
      const counted = await open(name, 8 * MiB, { maxRecords: 2000 });
      expect(counted.kind).toBe('records');
      expect(counted.message).toMatch(
        new RegExp(
          `at byte [\\d,]+: expected at most 2000 records \\(the record count cap\\), found more ${what}`,
        ),
      );
      expect(counted.offset).toBeGreaterThan(0);
      expect(counted.offset).toBeLessThan(2 * MiB);
      const inflated = await open(name, 8 * MiB, { maxInflatedBytes: 2 * MiB });
      expect(inflated.kind).toBe('inflated');
      expect(inflated.offset).toBe(2 * MiB);
    });
  }

  it('JVM GC log: repeated lines are skipped as duplicates, the inflation budget still holds', async () => {
    const e = await open('jvm-gclog', 8 * MiB, { maxInflatedBytes: 2 * MiB });
    expect(e.kind).toBe('inflated');
    expect(e.offset).toBe(2 * MiB);
  });

  it('pprof: a profile read whole stops at the budget before it is decoded', async () => {
    const e = await open('pprof', 16 * MiB, { maxInflatedBytes: 4 * MiB });
    expect(e.kind).toBe('inflated');
    expect(e.offset).toBe(4 * MiB);
  });

  it('HPROF columns start from an estimate of the data (at most 16 Mi elements), not the worst case of the size', () => {
    // a 10 GiB dump used to reserve 2^28 elements a column, several GiB of address space
    expect(sized(Uint32Array, (10 * 1024 * MiB) / 64).data.length).toBe(1 << 24);
    expect(sized(Float64Array, 1000).data.length).toBe(1 << 12);
    const col = sized(Uint32Array, 10);
    for (let i = 0; i < 10_000; i++) col.push(i);
    expect(col.get(9_999)).toBe(9_999);
  });

  it('a raised budget reads the same bomb to its end', async () => {
    const bytes = gzipBomb(BOMBS.jthreads, 2 * MiB);
    const { result } = await new Engine()
      .open(bytesSource('jthreads.gz', bytes), { limits: { maxInflatedBytes: 1 * MiB } })
      .then(
        () => {
          throw new Error('should stop at 1 MiB');
        },
        () => new Engine().open(bytesSource('jthreads.gz', bytes), {}, { maxInflatedBytes: 4 * MiB }),
      );
    expect(result.format).toBe('java-thread-dump');
    // every repeated thread block, not a prefix
    const threads = gunzipSync(bytes).toString('latin1').split('"worker-1"').length - 1;
    expect(threads).toBeGreaterThan(5000);
    expect(result.threads?.total).toBe(threads);
  });
});
