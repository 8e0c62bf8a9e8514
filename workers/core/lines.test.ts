import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source.ts';
import { LimitError } from './limits.ts';
import { type Line, lineBatches, type TextLinesState } from './lines.ts';

const enc = new TextEncoder();

async function readAll(bytes: Uint8Array, chunkSize: number, maxLineBytes?: number) {
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const out: Line[] = [];
  const ctx = maxLineBytes ? { limits: { maxLineBytes } } : {};
  for await (const batch of lineBatches(bytesSource('t.log', bytes), ctx, state, chunkSize))
    out.push(...batch);
  return { out, state };
}

describe('lineBatches', () => {
  it('numbers lines, keeps byte offsets across chunk boundaries and multi-byte text, drops CR', async () => {
    const text = 'alpha\r\nβeta — ü\n\nlong line spanning chunks '.concat('x'.repeat(50), '\nlast 末');
    for (const chunk of [1, 3, 7, 64, 1 << 20]) {
      const { out, state } = await readAll(enc.encode(text), chunk);
      expect(out.map((l) => l.text)).toEqual([
        'alpha',
        'βeta — ü',
        '',
        `long line spanning chunks ${'x'.repeat(50)}`,
        'last 末',
      ]);
      expect(out.map((l) => l.no)).toEqual([1, 2, 3, 4, 5]);
      const starts = [0];
      for (const l of text.split('\n').slice(0, -1))
        starts.push(starts[starts.length - 1] + enc.encode(l).length + 1);
      expect(out.map((l) => l.offset)).toEqual(starts);
      expect(state.endedWithoutNewline).toBe(true);
      expect(state.bytes).toBe(enc.encode(text).length);
    }
  });

  it('a line past the cap is an error naming the file, the line start and the cap (also gzipped)', async () => {
    const text = `short\n${'y'.repeat(3000)}\nafter\n`;
    for (const bytes of [enc.encode(text), gzipSync(enc.encode(text))]) {
      const e = await readAll(bytes, 256, 1024).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LimitError);
      expect((e as LimitError).offset).toBe(6);
      expect((e as LimitError).message).toMatch(/^t\.log at byte 6: expected lines of at most 1\.00 KiB/);
    }
    // at the cap exactly: fine
    const ok = await readAll(enc.encode(`${'z'.repeat(1024)}\n`), 100, 1024);
    expect(ok.out[0].text.length).toBe(1024);
  });

  it('one long line costs time linear in its length (it was quadratic in the chunks it spans)', async () => {
    // 16 MiB in 16 KiB chunks: ~0.2 s linear; the old carry-over re-joined and re-searched the
    // whole line per chunk, ~1,000 times 8 MiB on average, and took about 30 s
    const bytes = new Uint8Array(16 << 20).fill(0x61);
    const t = performance.now();
    const { out } = await readAll(bytes, 16 * 1024);
    expect(out[0].text.length).toBe(16 << 20);
    expect(performance.now() - t).toBeLessThan(5000);
  }, 60_000);
});
