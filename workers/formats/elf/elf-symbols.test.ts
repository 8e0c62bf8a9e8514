import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { readElfSymbols, symbolAt } from './elf-symbols.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../samples/go-leak');
const manifest = JSON.parse(readFileSync(join(SAMPLE, 'manifest.json'), 'utf8')) as {
  facts: { globalVariable: string };
  artifacts: { file: string; kind: string }[];
};
const binaryFile = manifest.artifacts.find((a) => a.kind === 'go-binary')!.file;
// A Uint8Array copy: Buffer#slice shares memory, and the fuzz test's flips must not reach it.
const binary = new Uint8Array(readFileSync(join(SAMPLE, binaryFile)));

describe('ELF symbols of the sample Go service', () => {
  it('finds the cache global with its address and size', async () => {
    const syms = await readElfSymbols(bytesSource('go-leak', binary));
    expect(syms.stripped).toBe(false);
    const i = syms.names.indexOf(manifest.facts.globalVariable);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(syms.sizes[i]).toBe(8); // a map variable is one pointer
    expect(symbolAt(syms, syms.addresses[i])).toEqual({ name: manifest.facts.globalVariable, offset: 0 });
    expect(symbolAt(syms, 0)).toBeUndefined();
  });

  it('rejects what is not ELF, naming the file and offset', async () => {
    await expect(readElfSymbols(bytesSource('notes.txt', new TextEncoder().encode('hello')))).rejects.toThrow(
      /notes\.txt at byte 0: expected an ELF executable/,
    );
  });

  it('never throws anything but ParseError on corrupted binaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4095 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 64, max: binary.length }),
        async (at, value, cut) => {
          const copy = binary.slice(0, cut);
          if (at < copy.length) copy[at] = value;
          try {
            await readElfSymbols(bytesSource('x', copy));
          } catch (e) {
            expect(e).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
