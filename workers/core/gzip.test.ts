import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesSource } from './byte-source.ts';
import { gunzipChunks, gunzipHead } from './gzip.ts';

async function inflate(bytes: Uint8Array) {
  const state = { truncated: false, compressedOffset: 0 };
  const parts: Uint8Array[] = [];
  for await (const c of gunzipChunks(bytesSource('x.gz', bytes), {}, state)) parts.push(c);
  const text = new TextDecoder().decode(Buffer.concat(parts));
  return { text, state };
}

describe('gunzipChunks', () => {
  const text = Array.from({ length: 200_000 }, (_, i) => `line ${i} ${(i * 2654435761) % 1000003}`).join(
    '\n',
  );
  const gz = gzipSync(new TextEncoder().encode(text));

  it('inflates a whole stream', async () => {
    const r = await inflate(gz);
    expect(r.text).toBe(text);
    expect(r.state.truncated).toBe(false);
  });

  it('keeps what inflated from a cut stream and says it was truncated', async () => {
    const r = await inflate(gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(r.state.truncated).toBe(true);
    expect(r.text.length).toBeGreaterThan(text.length * 0.4);
    expect(text.startsWith(r.text)).toBe(true);
  });

  it('a stream missing only its trailer yields every byte', async () => {
    const r = await inflate(gz.subarray(0, gz.length - 8));
    expect(r.text).toBe(text);
  });

  it('corrupt data ends the stream as truncated instead of throwing', async () => {
    const bad = gz.slice();
    for (let i = 2000; i < 2400; i++) bad[i] ^= 0x5a;
    const r = await inflate(bad);
    expect(r.state.truncated).toBe(true);
  });
});

describe('gunzipHead', () => {
  const text = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${(i * 2654435761) % 1000003}`).join('\n');
  const bytes = new TextEncoder().encode(text);
  const gz = gzipSync(bytes);
  afterEach(() => vi.unstubAllGlobals());

  // cut heads (the usual case: the first 64 KiB of a big file), a whole small stream, a stub
  const heads = [
    gz.subarray(0, 65536),
    gz.subarray(0, 3000),
    gz,
    gzipSync(bytes.subarray(0, 500)),
    gz.subarray(0, 12),
  ];

  it('inflates the first bytes of a cut stream, at most `want`', async () => {
    const head = await gunzipHead(gz.subarray(0, 65536));
    expect(head.length).toBe(65536);
    expect(head).toEqual(bytes.subarray(0, 65536));
    const small = await gunzipHead(gzipSync(bytes.subarray(0, 500)));
    expect(small).toEqual(bytes.subarray(0, 500));
  });

  it('gives the same bytes natively and with the JS inflater (no DecompressionStream)', async () => {
    const native = await Promise.all(heads.map((h) => gunzipHead(h)));
    vi.stubGlobal('DecompressionStream', undefined);
    const js = await Promise.all(heads.map((h) => gunzipHead(h)));
    expect(js).toEqual(native);
    expect(native[1].length).toBeGreaterThan(3000);
    expect(bytes.subarray(0, native[1].length)).toEqual(native[1]);
  });
});
