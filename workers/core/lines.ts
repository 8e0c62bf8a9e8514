import { type ByteSource, CancelledError, chunks, type ParseContext } from './byte-source.ts';
import { gunzipChunks, isGzip } from './gzip.ts';
import { LimitError, limitsOf } from './limits.ts';
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
  const maxLine = limitsOf(ctx).maxLineBytes;
  const decoder = new TextDecoder('utf-8');
  // The unfinished line, as the decoded pieces it spans: joined once when its newline arrives.
  // Joining on every chunk (and searching the joined text from its start again) made one long
  // line quadratic: a 200 MB line took 35 s.
  let carry: string[] = [];
  let carryBytes = 0; // UTF-8 length of the carried pieces
  let no = 0;
  let offset = 0; // byte offset of the next line's first byte
  const tooLong = (): never => {
    throw new LimitError(source.name, { offset }, 'line', maxLine, `a line of more than ${carryBytes} bytes`);
  };
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await input.next();
    } catch (e) {
      if (e instanceof CancelledError || e instanceof LimitError) throw e;
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
    // ASCII fast path: character index = byte index. (Equal lengths of text and bytes are not
    // enough: a character split across chunks can make them match while offsets drift.)
    const ascii = !NON_ASCII.test(piece);
    const bytesOf = (from: number, to: number) => (ascii ? to - from : utf8Length(piece, from, to));
    const batch: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = piece.indexOf('\n', start);
      if (nl < 0) break;
      let text: string;
      carryBytes += bytesOf(start, nl);
      if (carryBytes > maxLine) tooLong();
      if (carry.length) {
        carry.push(piece.slice(0, nl));
        text = carry.join('');
        carry = [];
      } else {
        text = piece.slice(start, nl);
      }
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      no++;
      batch.push({ no, offset, text });
      offset += carryBytes + 1;
      carryBytes = 0;
      start = nl + 1;
    }
    if (start < piece.length) {
      carry.push(start === 0 ? piece : piece.slice(start));
      carryBytes += bytesOf(start, piece.length);
      if (carryBytes > maxLine) tooLong();
    }
    if (batch.length) yield batch;
  }
  const rest = decoder.decode();
  if (rest) {
    carry.push(rest);
    carryBytes += utf8Length(rest, 0, rest.length);
  }
  state.gzipTruncated = gz.truncated;
  if (carry.length > 0) {
    const text = carry.join('');
    no++;
    state.endedWithoutNewline = true;
    yield [{ no, offset, text: text.endsWith('\r') ? text.slice(0, -1) : text }];
    offset += carryBytes;
  }
  state.bytes = offset;
}

/** Line by line, for small inputs where batching does not matter (`state` as for lineBatches). */
export async function* lines(
  source: ByteSource,
  ctx: ParseContext = {},
  state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 },
): AsyncGenerator<Line> {
  for await (const batch of lineBatches(source, ctx, state)) yield* batch;
}

async function* plain(source: ByteSource, ctx: ParseContext, chunkSize?: number): AsyncGenerator<Uint8Array> {
  for await (const { bytes } of chunks(source, ctx, 'parse', chunkSize)) yield bytes;
}

const NON_ASCII = /[\u0080-\uffff]/;

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
