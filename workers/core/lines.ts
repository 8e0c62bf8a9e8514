import { type ByteSource, CancelledError, chunks, type ParseContext } from './byte-source.ts';
import { gunzipChunks, isGzip } from './gzip.ts';
import { asUtf8, type TextEncoding } from './text-encoding.ts';

export interface Line {
  /** 1-based line number. */
  no: number;
  /** Byte offset of the line's first byte (in the decompressed text for gzip, the UTF-8 text for UTF-16). */
  offset: number;
  /** The text without its line terminator (CR of CRLF removed). */
  text: string;
}

export interface TextLinesState {
  /** True when the last line had no terminator (file cut mid-line). */
  endedWithoutNewline: boolean;
  /** Set when a gzip stream ended early or was corrupt. */
  gzipTruncated: boolean;
  /** Bytes of log text read (decompressed size for gzip). */
  bytes: number;
  /** The text's encoding when it was not plain UTF-8 (UTF-16 is read transcoded, a BOM skipped). */
  encoding?: TextEncoding;
}

/**
 * Lines of a text artifact, plain or gzip-compressed (rotated logs are often `.gz`), handed out one
 * chunk's worth at a time: 1-based numbers, byte offsets, CR of CRLF removed, never the whole file
 * in one string. A batch per chunk rather than an `await` per line: at a million lines, one await
 * per line alone costs seconds.
 */
export async function* lineBatches(
  source: ByteSource,
  ctx: ParseContext,
  state: TextLinesState,
  chunkSize?: number,
): AsyncGenerator<Line[]> {
  const head = await source.read(0, 2);
  const gz = { truncated: false, compressedOffset: 0 };
  const found: { encoding?: TextEncoding } = {};
  const input: AsyncIterator<Uint8Array> = asUtf8(
    isGzip(head) ? gunzipChunks(source, ctx, gz) : plain(source, ctx, chunkSize),
    found,
  );
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let carryBytes = 0; // UTF-8 length of `carry`
  let no = 0;
  let offset = 0; // byte offset of the next line's first byte
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await input.next();
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      // corrupt deflate data: keep what inflated, report it as truncated
      gz.truncated = true;
      break;
    }
    if (step.done) break;
    if (no === 0 && found.encoding && (found.encoding.bom > 0 || found.encoding.name !== 'utf-8')) {
      state.encoding = found.encoding;
      // keep offsets file offsets for a UTF-8 BOM; UTF-16 offsets are in the transcoded text
      if (found.encoding.name === 'utf-8') offset = found.encoding.bom;
    }
    const piece = decoder.decode(step.value, { stream: true });
    const text = carry + piece;
    // ASCII fast path: character index = byte index when the decoded text is as long as its bytes
    const ascii = piece.length === step.value.byteLength;
    const batch: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      no++;
      batch.push({ no, offset, text: text.slice(start, end) });
      offset += ascii && start >= carry.length ? nl + 1 - start : utf8Length(text, start, nl + 1);
      start = nl + 1;
    }
    carry = text.slice(start);
    carryBytes = ascii ? carry.length : utf8Length(carry, 0, carry.length);
    if (batch.length) yield batch;
  }
  carry += decoder.decode();
  state.gzipTruncated = gz.truncated;
  if (carry.length > 0) {
    no++;
    state.endedWithoutNewline = true;
    yield [{ no, offset, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry }];
    offset += utf8Length(carry, 0, carry.length);
  }
  void carryBytes;
  state.bytes = offset;
}

/** Line by line, for small inputs where batching does not matter. */
export async function* lines(source: ByteSource, ctx: ParseContext = {}): AsyncGenerator<Line> {
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  for await (const batch of lineBatches(source, ctx, state)) yield* batch;
}

async function* plain(source: ByteSource, ctx: ParseContext, chunkSize?: number): AsyncGenerator<Uint8Array> {
  for await (const { bytes } of chunks(source, ctx, 'parse', chunkSize)) yield bytes;
}

export function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
