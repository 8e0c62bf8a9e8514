import { type ByteSource, CancelledError, type ParseContext } from '../../core/byte-source.ts';
import { gunzipChunks, isGzip } from '../../core/gzip.ts';
import { type Line, lines } from '../../core/lines.ts';

export interface TextLinesState {
  /** True when the last line had no terminator (file cut mid-line). */
  endedWithoutNewline: boolean;
  /** Set when a gzip stream ended early. */
  gzipTruncated: boolean;
  /** Decompressed size read so far (gzip) or source size. */
  bytes: number;
}

/**
 * Lines of a text log, plain or gzip-compressed (rotated GC logs are often `.gz`). Plain files go
 * through the core line reader; gzip is inflated chunk by chunk. Never holds the whole file.
 */
export async function* textLines(
  source: ByteSource,
  ctx: ParseContext,
  state: TextLinesState,
): AsyncGenerator<Line> {
  const head = await source.read(0, 2);
  if (!isGzip(head)) {
    let last: Line | undefined;
    for await (const l of lines(source, ctx)) {
      last = l;
      yield l;
    }
    state.bytes = source.size;
    if (last && source.size > 0) {
      const tail = await source.read(source.size - 1, 1);
      state.endedWithoutNewline = tail[0] !== 0x0a;
    }
    return;
  }
  const gz = { truncated: false, compressedOffset: 0 };
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let no = 0;
  let offset = 0;
  const inflated = gunzipChunks(source, ctx, gz);
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await inflated.next();
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      // corrupt deflate data: keep what inflated, report it as truncated
      gz.truncated = true;
      break;
    }
    if (step.done) break;
    const text = carry + decoder.decode(step.value, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const raw = text.slice(start, nl);
      no++;
      yield { no, offset, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
      offset += raw.length + 1;
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  state.gzipTruncated = gz.truncated;
  if (carry.length > 0) {
    no++;
    state.endedWithoutNewline = true;
    yield { no, offset, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry };
    offset += carry.length;
  }
  state.bytes = offset;
}
