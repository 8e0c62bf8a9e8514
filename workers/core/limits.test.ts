import { describe, expect, it } from 'vitest';
import { BOMBS, gzipBomb } from '../../testdata/bombs.ts';
import { bytesSource } from './byte-source.ts';
import { gunzipChunks, gunzipWhole } from './gzip.ts';
import { INFLATE_FLOOR, INFLATE_HARD_MAX, INFLATE_RATIO, inflationBudget, LimitError } from './limits.ts';
import { lineBatches, type TextLinesState } from './lines.ts';

const MiB = 1024 * 1024;

async function caught(p: Promise<unknown>): Promise<LimitError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LimitError);
  return e as LimitError;
}

describe('inflation budget', () => {
  it('is 32× the compressed size, at least the floor, at most the hard max, unless the caller sets it', () => {
    expect(inflationBudget(1000)).toBe(INFLATE_FLOOR);
    expect(inflationBudget(100 * MiB)).toBe(INFLATE_RATIO * 100 * MiB);
    expect(inflationBudget(10 * 1024 * MiB)).toBe(INFLATE_HARD_MAX);
    expect(inflationBudget(10 * 1024 * MiB, { maxInflatedBytes: 5 })).toBe(5);
  });

  it('gunzipChunks hands out exactly the budget, then names the file, the offset and the budget', async () => {
    const bomb = gzipBomb(BOMBS.gctrace, 16 * MiB);
    let got = 0;
    const e = await caught(
      (async () => {
        for await (const c of gunzipChunks(bytesSource('bomb.log.gz', bomb), {
          limits: { maxInflatedBytes: 3 * MiB },
        }))
          got += c.byteLength;
      })(),
    );
    expect(got).toBe(3 * MiB);
    expect(e.kind).toBe('inflated');
    expect(e.limit).toBe(3 * MiB);
    expect(e.offset).toBe(3 * MiB);
    expect(e.message).toMatch(
      /^bomb\.log\.gz at byte 3,145,728: expected at most 3\.00 MiB once decompressed/,
    );
  });

  it('gunzipWhole keeps to the lower of its own cap and the budget', async () => {
    const bomb = gzipBomb(BOMBS.pprof, 8 * MiB);
    const src = bytesSource('p.pb.gz', bomb);
    expect((await caught(gunzipWhole(src, {}, 2 * MiB))).limit).toBe(2 * MiB);
    expect((await caught(gunzipWhole(src, { limits: { maxInflatedBytes: MiB } }, 4 * MiB))).limit).toBe(MiB);
    const whole = await gunzipWhole(src, {}, 64 * MiB);
    expect(whole.byteLength).toBeGreaterThanOrEqual(8 * MiB);
  });

  it('reading lines of a bomb holds one chunk at a time, not the inflated size', async () => {
    const bomb = gzipBomb(BOMBS.gctrace, 96 * MiB);
    const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
    const before = process.memoryUsage();
    let peak = 0;
    let lines = 0;
    const e = await caught(
      (async () => {
        for await (const batch of lineBatches(
          bytesSource('gc.log.gz', bomb),
          {
            limits: { maxInflatedBytes: 64 * MiB },
          },
          state,
        )) {
          lines += batch.length;
          const m = process.memoryUsage();
          peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
        }
      })(),
    );
    expect(e.offset).toBe(64 * MiB);
    expect(lines).toBeGreaterThan(400_000);
    // 64 MiB went through; what stays is a chunk's lines and the garbage not yet collected
    expect(peak).toBeLessThan(48 * MiB);
  });
});
