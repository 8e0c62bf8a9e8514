import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../core/byte-source.ts';
import { Sha256, sha256Source } from './sha256.ts';

const sha256Hex = (bytes: Uint8Array) => new Sha256().update(bytes).hex();

const nodeHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto at every padding boundary', () => {
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
      expect(sha256Hex(b)).toBe(nodeHex(b));
    }
  });

  it('gives the same digest however the input is split into chunks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat(600), { maxLength: 6 }),
        (data, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          const h = new Sha256();
          let prev = 0;
          for (const p of points) {
            h.update(data.subarray(prev, p));
            prev = p;
          }
          h.update(data.subarray(prev));
          expect(h.hex()).toBe(nodeHex(data));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hashes a ByteSource chunk by chunk (9 MiB, three read chunks)', async () => {
    const data = new Uint8Array(9 * 1024 * 1024 + 7).map((_, i) => (i * 7) & 255);
    const phases: number[] = [];
    const hex = await sha256Source(bytesSource('big.bin', data), { onProgress: (p) => phases.push(p.done) });
    expect(hex).toBe(nodeHex(data));
    expect(phases.length).toBe(3);
    expect(phases.at(-1)).toBe(data.length);
  });

  it('refuses reuse after digest', () => {
    const h = new Sha256();
    h.hex();
    expect(() => h.update(new Uint8Array(1))).toThrow(/after digest/);
  });
});
