import { type ByteSource, concatBytes, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { gunzipChunks, isGzip } from '../../core/gzip.ts';

/**
 * A forward-only window over the (possibly gzip-compressed) bytes of a dump. The parser reads
 * synchronously inside `buf[pos..end)` and asks for more with `ensure(n)` only at record
 * boundaries, so the await cost is per batch, not per object.
 */
export class ByteStream {
  buf: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(this.buf.buffer);
  pos = 0;
  end = 0;
  /** Absolute (decompressed) offset of buf[0]. */
  base = 0;
  eof = false;
  readonly gzip: boolean;
  readonly gzState = { truncated: false, compressedOffset: 0 };
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(
    readonly source: ByteSource,
    ctx: ParseContext,
    head: Uint8Array,
  ) {
    this.gzip = isGzip(head);
    this.it = this.gzip ? gunzipChunks(source, ctx, this.gzState) : rawChunks(source, ctx);
  }

  /** Absolute offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** Makes at least `n` bytes available from `pos`; false when the stream ends first. */
  async ensure(n: number): Promise<boolean> {
    if (this.end - this.pos >= n) return true;
    // compact: keep the unread tail at the front; grow only as data actually arrives, so a
    // corrupt length never allocates more than the stream holds
    const tail = this.end - this.pos;
    if (this.buf.length === 0) {
      this.buf = new Uint8Array(1 << 20);
      this.view = new DataView(this.buf.buffer);
    } else if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = tail;
    while (this.end < n && !this.eof) {
      const r = await this.it.next();
      if (r.done) {
        this.eof = true;
        break;
      }
      const chunk = r.value;
      if (this.end + chunk.length > this.buf.length) {
        const grown = new Uint8Array(Math.max(this.end + chunk.length, this.buf.length * 2));
        grown.set(this.buf.subarray(0, this.end));
        this.buf = grown;
        this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
      }
      this.buf.set(chunk, this.end);
      this.end += chunk.length;
    }
    return this.end - this.pos >= n;
  }

  /** Skips `n` bytes that are all buffered (available >= n); returns n. */
  skipBuffered(n: number): number {
    this.pos += n;
    return n;
  }

  /** Skips `n` bytes without keeping them; returns how many were skipped (short at the end). */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const have = this.end - this.pos;
      if (have >= left) {
        this.pos += left;
        return n;
      }
      left -= have;
      this.pos = this.end;
      if (!(await this.ensure(1))) return n - left;
    }
    return n;
  }
}

/**
 * Reads a plain file in 1 MiB chunks, the next read already in flight while one is parsed. The
 * consumer copies each chunk before asking for the next, so a source that can read into a buffer
 * gets two buffers in turn.
 */
async function* rawChunks(source: ByteSource, ctx: ParseContext): AsyncGenerator<Uint8Array> {
  const CHUNK = 1024 * 1024;
  const readInto = source.readInto?.bind(source);
  if (readInto) {
    const bufs = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)];
    let offset = 0;
    let turn = 0;
    let next: Promise<number> | undefined = source.size > 0 ? readInto(0, bufs[0]) : undefined;
    next?.catch(() => undefined);
    while (next) {
      throwIfAborted(ctx.signal);
      const got = await next;
      if (got === 0) break;
      const bytes = bufs[turn].subarray(0, got);
      offset += got;
      turn ^= 1;
      next = offset < source.size ? readInto(offset, bufs[turn]) : undefined;
      // a read still in flight when the parser stops early must not become an unhandled rejection
      next?.catch(() => undefined);
      ctx.onProgress?.({ phase: 'parse', done: offset, total: source.size });
      yield bytes;
    }
    return;
  }
  let offset = 0;
  let next = source.size > 0 ? source.read(0, CHUNK) : undefined;
  next?.catch(() => undefined);
  while (next) {
    throwIfAborted(ctx.signal);
    const bytes = await next;
    if (bytes.byteLength === 0) break;
    offset += bytes.byteLength;
    next = offset < source.size ? source.read(offset, CHUNK) : undefined;
    // a read still in flight when the parser stops early must not become an unhandled rejection
    next?.catch(() => undefined);
    ctx.onProgress?.({ phase: 'parse', done: offset, total: source.size });
    yield bytes;
  }
}

/**
 * Reads byte ranges of the decompressed dump after parsing (field values for the inspector,
 * thread names, string contents). Plain files are read in place; gzip files are re-inflated from
 * the start for each batch (one pass per batch), since deflate streams cannot seek.
 */
export async function readRanges(
  source: ByteSource,
  gzip: boolean,
  ranges: { offset: number; length: number }[],
): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  if (!ranges.length) return out;
  if (!gzip) {
    for (const r of ranges) out.set(r.offset, await source.read(r.offset, r.length));
    return out;
  }
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  let i = 0;
  let base = 0;
  let carry: Uint8Array = new Uint8Array(0);
  // The parse already read the stream this far (under the budget it was opened with, perhaps one
  // the user raised): inflate up to the last range, not to the default budget.
  let last = 0;
  for (const r of sorted) last = Math.max(last, r.offset + r.length);
  for await (const chunk of gunzipChunks(source, { limits: { maxInflatedBytes: last } })) {
    const joined = carry.length ? concatBytes([carry, chunk]) : chunk;
    const joinedBase = base - carry.length;
    while (i < sorted.length && sorted[i].offset + sorted[i].length <= joinedBase + joined.length) {
      const r = sorted[i++];
      const from = r.offset - joinedBase;
      if (from >= 0) out.set(r.offset, joined.slice(from, from + r.length));
    }
    base += chunk.length;
    if (i >= sorted.length) break;
    // keep bytes that a pending range may still need
    const keepFrom = Math.max(0, Math.min(sorted[i].offset - joinedBase, joined.length));
    carry = joined.slice(keepFrom);
    // carry's absolute start is joinedBase + keepFrom == base - carry.length
  }
  return out;
}
