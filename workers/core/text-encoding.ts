import { concatBytes } from './byte-source.ts';

/**
 * Text written on Windows often comes as UTF-16 (a `jstack > dump.txt` in PowerShell 5 writes
 * UTF-16LE with a BOM) or with a UTF-8 BOM. Every text parser reads UTF-8 lines, so such text is
 * transcoded to UTF-8 as it streams in; byte offsets of lines are then offsets in that UTF-8 text,
 * as they are in the decompressed text of a gzip file.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface TextEncoding {
  name: TextEncodingName;
  /** Length of the byte order mark at the start (0 when none). */
  bom: number;
}

/** How many leading bytes `detectTextEncoding` looks at for the NUL pattern of BOM-less UTF-16. */
const PATTERN_BYTES = 512;

/**
 * The encoding of text from its first bytes: a BOM, or else the NUL pattern of mostly-ASCII
 * UTF-16 (every other byte zero). Binary data has NULs too but not in every other byte with
 * printable text in between, so it stays UTF-8 (and is then judged binary by the sniffer).
 */
export function detectTextEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, PATTERN_BYTES) & ~1;
  if (n < 8) return { name: 'utf-8', bom: 0 };
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    const a = head[i];
    const b = head[i + 1];
    if (b === 0 && isTextByte(a)) le++;
    else if (a === 0 && isTextByte(b)) be++;
  }
  const units = n / 2;
  if (le >= units * 0.95) return { name: 'utf-16le', bom: 0 };
  if (be >= units * 0.95) return { name: 'utf-16be', bom: 0 };
  return { name: 'utf-8', bom: 0 };
}

function isTextByte(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127);
}

/** A human label for messages: "UTF-16LE text". */
export function encodingLabel(e: TextEncoding): string {
  return `${e.name.toUpperCase()}${e.bom > 0 ? ' (with BOM)' : ''}`;
}

/** The head of a file as UTF-8 bytes (BOM dropped), for sniffing. */
export function headAsUtf8(head: Uint8Array, enc: TextEncoding = detectTextEncoding(head)): Uint8Array {
  if (enc.name === 'utf-8') return head.subarray(enc.bom);
  const text = new TextDecoder(enc.name, { ignoreBOM: true }).decode(head.subarray(enc.bom));
  // a head cut inside a character decodes to U+FFFD at its end: harmless for sniffing
  return new TextEncoder().encode(text);
}

/**
 * Passes a byte stream through as UTF-8: detects the encoding from the first bytes, drops a BOM,
 * and transcodes UTF-16 incrementally (a character or surrogate pair split across chunks is
 * carried over by the streaming decoder). `found` is filled in once the encoding is known.
 */
export async function* asUtf8(
  input: AsyncIterator<Uint8Array>,
  found: { encoding?: TextEncoding } = {},
): AsyncGenerator<Uint8Array> {
  // Gather enough of the start to see a BOM or the NUL pattern (gzip may hand out tiny pieces).
  const first: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < PATTERN_BYTES) {
    const step = await input.next();
    if (step.done) {
      done = true;
      break;
    }
    first.push(step.value);
    have += step.value.byteLength;
  }
  const head = have > 0 ? concatBytes(first) : new Uint8Array(0);
  const enc = detectTextEncoding(head);
  found.encoding = enc;
  if (enc.name === 'utf-8') {
    if (head.byteLength > enc.bom) yield head.subarray(enc.bom);
    if (done) return;
    for (;;) {
      const step = await input.next();
      if (step.done) return;
      yield step.value;
    }
  }
  const decoder = new TextDecoder(enc.name, { ignoreBOM: true });
  const encoder = new TextEncoder();
  let piece = head.subarray(enc.bom);
  for (;;) {
    const text = decoder.decode(piece, { stream: true });
    if (text.length > 0) yield encoder.encode(text);
    if (done) break;
    const step = await input.next();
    if (step.done) break;
    piece = step.value;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield encoder.encode(tail);
}
