import { type ByteSource, chunks, type ParseContext } from './byte-source.ts';

export interface Line {
  /** 1-based line number. */
  no: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** The text without its line terminator (CR of CRLF removed). */
  text: string;
}

/**
 * Streams a text source line by line, decoding UTF-8 chunk by chunk so no string ever holds
 * the whole file.
 */
export async function* lines(
  source: ByteSource,
  ctx: ParseContext = {},
  phase = 'parse',
): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let carryOffset = 0;
  let no = 0;
  let byteOffset = 0;
  for await (const { bytes } of chunks(source, ctx, phase)) {
    const text = carry + decoder.decode(bytes, { stream: true });
    let start = 0;
    let lineOffset = carryOffset;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const raw = text.slice(start, nl);
      no++;
      yield { no, offset: lineOffset, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
      lineOffset += utf8Length(raw) + 1;
      start = nl + 1;
    }
    carry = text.slice(start);
    carryOffset = lineOffset;
    byteOffset += bytes.byteLength;
  }
  carry += decoder.decode();
  if (carry.length > 0) {
    no++;
    yield { no, offset: carryOffset, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry };
  }
  void byteOffset;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
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
