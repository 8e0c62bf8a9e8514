import { Inflate } from 'fflate';
import { formatBytes } from '../report/format.ts';
import { type ByteSource, chunks, type ParseContext } from './byte-source.ts';
import { inflationBudget, LimitError } from './limits.ts';

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
  // in slices, stopping once `want` bytes came out: a 64 KiB head of a compressed profile
  // inflates to ~0.5 MB, most of which the sniff never looks at
  const body = head.subarray(10 + gzipHeaderExtra(head));
  try {
    for (let at = 0; at < body.length && have < want; at += 4096)
      inflate.push(body.subarray(at, at + 4096), false);
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

/** The JavaScript inflater (fflate), for platforms without DecompressionStream. */
async function* gunzipChunksJs(
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

/**
 * Streams the decompressed bytes of a gzip source, never more than the inflation budget
 * (`inflationBudget`): past it a LimitError names the file, the decompressed offset and the budget
 * instead of a bomb's gigabytes reaching the parser. A parser reading incrementally holds one
 * chunk at a time, so memory does not grow with the inflated size.
 */
export async function* gunzipChunks(
  source: ByteSource,
  ctx: ParseContext,
  state: { truncated: boolean; compressedOffset: number } = { truncated: false, compressedOffset: 0 },
): AsyncGenerator<Uint8Array> {
  const budget = inflationBudget(source.size, ctx.limits);
  let total = 0;
  for await (const part of inflateChunks(source, ctx, state)) {
    if (total + part.byteLength > budget) {
      if (budget > total) yield part.subarray(0, budget - total);
      throw new LimitError(
        source.name,
        { offset: budget },
        'inflated',
        budget,
        `more (${formatBytes(source.size)} compressed, read to byte ${state.compressedOffset} of it)`,
      );
    }
    total += part.byteLength;
    yield part;
  }
}

/**
 * The decompressed bytes of a gzip source: the platform's native DecompressionStream when
 * there is one (browsers, Node ≥ 18: several times faster than the JS inflater), else fflate.
 * A stream cut short or corrupt yields everything that inflated and sets `state.truncated` instead
 * of throwing: a log or dump cut by a full disk is normal evidence.
 */
async function* inflateChunks(
  source: ByteSource,
  ctx: ParseContext,
  state: { truncated: boolean; compressedOffset: number },
): AsyncGenerator<Uint8Array> {
  const DS = (globalThis as { DecompressionStream?: typeof DecompressionStream }).DecompressionStream;
  if (!DS) {
    yield* gunzipChunksJs(source, ctx, state);
    return;
  }
  const ds = new DS('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let writeError: unknown;
  const pump = (async () => {
    try {
      for await (const { offset, bytes } of chunks(source, ctx, 'decompress', 1024 * 1024)) {
        state.compressedOffset = offset + bytes.byteLength;
        await writer.write(bytes as Uint8Array<ArrayBuffer>);
      }
      await writer.close();
    } catch (e) {
      writeError = e;
      try {
        await writer.abort(e);
      } catch {
        // already errored
      }
    }
  })();
  let finished = false;
  try {
    while (true) {
      const r = await reader.read();
      if (r.done) break;
      yield r.value;
    }
    finished = true;
  } catch {
    // a truncated or corrupt gzip stream: keep what inflated
    state.truncated = true;
    finished = true;
  } finally {
    // the consumer stopped early: cancel, so the pump's pending write settles
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
    await pump;
  }
  if (writeError && (writeError as Error).name === 'CancelledError') throw writeError;
}

/**
 * A gzip source inflated into one array, for formats read whole (profiles): refuses more than
 * `maxBytes` (or the inflation budget, whichever is lower) with a LimitError; a stream cut short
 * sets `state.truncated`. One buffer grows geometrically from the gzip trailer's size (a hint
 * only: clamped to the budget), instead of keeping every piece and then copying them all, which
 * held twice the profile at the end.
 */
export async function gunzipWhole(
  source: ByteSource,
  ctx: ParseContext,
  maxBytes: number,
  state: { truncated: boolean; compressedOffset: number } = { truncated: false, compressedOffset: 0 },
): Promise<Uint8Array> {
  const budget = Math.min(maxBytes, inflationBudget(source.size, ctx.limits));
  const limits = { ...ctx.limits, maxInflatedBytes: budget };
  let buf = new Uint8Array(Math.min(budget, Math.max(1 << 16, await gzipTrailerSize(source))));
  let total = 0;
  for await (const part of gunzipChunks(source, { ...ctx, limits }, state)) {
    if (total + part.byteLength > buf.byteLength) {
      const grown = new Uint8Array(Math.min(budget, Math.max(total + part.byteLength, buf.byteLength * 2)));
      grown.set(buf.subarray(0, total));
      buf = grown;
    }
    buf.set(part, total);
    total += part.byteLength;
  }
  return buf.subarray(0, total);
}

/** The gzip trailer's ISIZE: the last member's size modulo 4 GiB (0 when the file is too short). */
export async function gzipTrailerSize(source: ByteSource): Promise<number> {
  if (source.size < 18) return 0;
  const t = await source.read(source.size - 4, 4);
  if (t.byteLength < 4) return 0;
  return (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0;
}
