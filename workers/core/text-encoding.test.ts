import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Engine, UnknownFormatError } from '../engine/engine.ts';
import { sniff } from '../formats/sniff.ts';
import { bytesSource } from './byte-source.ts';
import { lineBatches, lines, type TextLinesState } from './lines.ts';
import { asUtf8, detectTextEncoding } from './text-encoding.ts';

// Real jstack / jstat output of JDK 17, re-encoded as Windows tools write it (testdata/README.md).
const DATA = join(import.meta.dirname, 'testdata');
const read = (f: string) => readFileSync(join(DATA, f));

async function allLines(bytes: Uint8Array, chunkSize?: number) {
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const out: string[] = [];
  for await (const batch of lineBatches(bytesSource('t', bytes), {}, state, chunkSize))
    for (const l of batch) out.push(l.text);
  return { out, state };
}

const original = read('jstack-17.txt').toString('utf8').split('\n').slice(0, -1);

describe('UTF-16 and BOM text', () => {
  it.each([
    ['jstack-17.utf16le-bom.txt', 'utf-16le', 2],
    ['jstack-17.utf16be-bom.txt', 'utf-16be', 2],
    ['jstack-17.utf16le.txt', 'utf-16le', 0],
    ['jstack-17.utf8-bom.txt', 'utf-8', 3],
  ])('%s reads as the same lines, in any chunking', async (file, name, bom) => {
    const bytes = read(file);
    expect(detectTextEncoding(bytes)).toEqual({ name, bom });
    // odd chunk sizes split UTF-16 code units and the BOM itself
    for (const chunk of [1, 3, 7, 4096]) {
      const { out, state } = await allLines(bytes, chunk);
      expect(out).toEqual(original);
      expect(state.encoding).toEqual({ name, bom });
    }
  });

  it('keeps file offsets after a UTF-8 BOM', async () => {
    const got: { text: string; offset: number }[] = [];
    for await (const l of lines(bytesSource('b', read('jstack-17.utf8-bom.txt')))) got.push(l);
    const plain: { text: string; offset: number }[] = [];
    for await (const l of lines(bytesSource('p', read('jstack-17.txt')))) plain.push(l);
    expect(got.map((l) => l.offset)).toEqual(plain.map((l) => l.offset + 3));
  });

  it('carries a surrogate pair split across chunks', async () => {
    const text = 'thread "\u{1F525}fire" x\n\u00e9t\u00e9\n';
    const units = new Uint8Array(2 + text.length * 2);
    units.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      units[2 + 2 * i] = c & 0xff;
      units[3 + 2 * i] = c >> 8;
    }
    for (const size of [1, 2, 3, 5]) {
      const pieces = async function* () {
        for (let p = 0; p < units.length; p += size) yield units.subarray(p, p + size);
      };
      const parts: Uint8Array[] = [];
      for await (const b of asUtf8(pieces())) parts.push(b);
      expect(Buffer.concat(parts).toString('utf8')).toBe(text);
    }
  });

  it('opens every encoding of one jstack with the same exact counts', async () => {
    const headers = original.filter((l) => l.startsWith('"')).length;
    const results = [];
    for (const f of [
      'jstack-17.txt',
      'jstack-17.utf16le-bom.txt',
      'jstack-17.utf16be-bom.txt',
      'jstack-17.utf16le.txt',
      'jstack-17.utf8-bom.txt',
    ]) {
      const { result } = await new Engine().open(bytesSource(f, read(f)));
      expect(result.format).toBe('java-thread-dump');
      expect(result.truncated).toBe(false);
      expect(result.warnings).toEqual([]);
      expect(result.threads?.total).toBe(headers);
      results.push(result.threads?.byState);
    }
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('gzip of UTF-16 text opens too', async () => {
    const gz = gzipSync(read('jstack-17.utf16le-bom.txt'));
    const { result } = await new Engine().open(bytesSource('dump.txt.gz', gz));
    expect(result.format).toBe('java-thread-dump');
    expect(result.threads?.total).toBe(original.filter((l) => l.startsWith('"')).length);
  });

  it('jstat -gc -t written by PowerShell (UTF-16LE, BOM, CRLF) reads like the UTF-8 original', async () => {
    const plain = await new Engine().open(bytesSource('jstat.txt', read('jstat-17.txt')));
    const wide = await new Engine().open(bytesSource('jstat.txt', read('jstat-17.utf16le-bom-crlf.txt')));
    expect(wide.result.format).toBe('jstat');
    const rows = read('jstat-17.txt').toString('utf8').trim().split('\n').length - 1;
    expect(plain.result.gc?.endMs).toBe(
      1000 * Number(read('jstat-17.txt').toString('utf8').trim().split('\n')[rows].trim().split(/\s+/)[0]),
    );
    expect(wide.result.gc).toEqual(plain.result.gc);
  });

  it('does not take binary data for BOM-less UTF-16', () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expect(detectTextEncoding(noise).name).toBe('utf-8');
    // HPROF: NULs in every other byte of its id words, but no text between them
    const hprof = new Uint8Array(64);
    hprof.set(new TextEncoder().encode('JAVA PROFILE 1.0.2\0'));
    expect(detectTextEncoding(hprof).name).toBe('utf-8');
    expect(sniff(hprof)).toBe('hprof');
  });

  it('a UTF-16 dump cut at any byte (even mid code unit) opens cut, never wrong', async () => {
    const full = new Uint8Array(read('jstack-17.utf16le-bom.txt'));
    const jni = Buffer.from(full).indexOf(Buffer.from('JNI global refs', 'utf16le'));
    const threads = original.filter((l) => l.startsWith('"')).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: full.length - 1 }), async (cut) => {
        try {
          const { result } = await new Engine().open(bytesSource('cut.txt', full.subarray(0, cut)));
          expect(result.format).toBe('java-thread-dump');
          expect(result.threads!.total).toBeLessThanOrEqual(threads);
          if (cut <= jni) expect(result.truncated).toBe(true);
        } catch (e) {
          // cut inside the first lines, before anything says what the text is
          expect(e).toBeInstanceOf(UnknownFormatError);
          expect(cut).toBeLessThan(400);
        }
      }),
      { numRuns: 60 },
    );
  });
});
