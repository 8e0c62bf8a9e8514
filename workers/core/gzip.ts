import { Inflate } from 'fflate';
import { type ByteSource, chunks, type ParseContext } from './byte-source.ts';

export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** Inflates just enough of a gzip stream to sniff what is inside. */
export function gunzipHead(head: Uint8Array, want = 64 * 1024): Uint8Array {
  const parts: Uint8Array[] = [];
  let have = 0;
  const inflate = new Inflate((chunk) => {
    if (have < want) {
      parts.push(chunk);
      have += chunk.length;
    }
  });
  try {
    inflate.push(head.subarray(10 + gzipHeaderExtra(head)), false);
  } catch {
    // a truncated head is expected; keep what inflated
  }
  const out = new Uint8Array(Math.min(have, want));
  let p = 0;
  for (const part of parts) {
    if (p >= out.length) break;
    out.set(part.subarray(0, out.length - p), p);
    p += part.length;
  }
  return out;
}

function gzipHeaderExtra(h: Uint8Array): number {
  const flags = h[3];
  let p = 0;
  if (flags & 4) p += 2 + (h[10] | (h[11] << 8));
  if (flags & 8) while (h[10 + p++] !== 0 && 10 + p < h.length);
  if (flags & 16) while (h[10 + p++] !== 0 && 10 + p < h.length);
  if (flags & 2) p += 2;
  return p;
}

/**
 * Streams the decompressed bytes of a gzip source. A stream cut short yields what inflated and
 * then reports `truncated` through the returned state rather than throwing.
 */
export async function* gunzipChunks(
  source: ByteSource,
  ctx: ParseContext,
  state: { truncated: boolean; compressedOffset: number } = { truncated: false, compressedOffset: 0 },
): AsyncGenerator<Uint8Array> {
  const { Gunzip } = await import('fflate');
  const out: Uint8Array[] = [];
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    out.push(chunk);
    if (final) ended = true;
  });
  for await (const { offset, bytes } of chunks(source, ctx, 'decompress', 1024 * 1024)) {
    state.compressedOffset = offset + bytes.byteLength;
    gunzip.push(bytes, state.compressedOffset >= source.size);
    while (out.length) yield out.shift()!;
  }
  while (out.length) yield out.shift()!;
  if (!ended) state.truncated = true;
}
