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
 * Streams the decompressed bytes of a gzip source. A stream cut short or corrupt yields everything
 * that inflated and sets `state.truncated` (and where, in compressed bytes) instead of throwing:
 * a log or dump cut by a full disk is normal evidence.
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
  const push = (bytes: Uint8Array, final: boolean): boolean => {
    try {
      gunzip.push(bytes, final);
      return true;
    } catch {
      return false;
    }
  };
  let ok = true;
  for await (const { offset, bytes } of chunks(source, ctx, 'decompress', 1024 * 1024)) {
    state.compressedOffset = offset + bytes.byteLength;
    // Never `final` with data: fflate would throw on a cut stream before handing over its output.
    ok = push(bytes, false);
    while (out.length) yield out.shift()!;
    if (!ok || ended) break;
  }
  if (ok && !ended) ok = push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
  if (!ok || !ended) state.truncated = true;
}
