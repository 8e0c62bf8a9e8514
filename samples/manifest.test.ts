import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

/** The committed artifacts are byte for byte what the generators wrote: their hashes are in the manifests. */
interface Manifest {
  artifacts: { file: string; kind: string; sha256: string; bytes: number; runtimeVersion?: string }[];
  facts: Record<string, unknown>;
}

const HEADERS: Record<string, (b: Uint8Array) => boolean> = {
  'go-heapdump': (b) => new TextDecoder().decode(b.subarray(0, 16)) === 'go1.7 heap dump\n',
  hprof: (b) => new TextDecoder().decode(gunzipSync(b).subarray(0, 18)) === 'JAVA PROFILE 1.0.2',
  'goroutine-dump': (b) => /goroutine 1 \[|goroutine profile: total/.test(new TextDecoder().decode(b)),
  pprof: (b) =>
    (b[0] === 0x1f && b[1] === 0x8b) || new TextDecoder().decode(b.subarray(0, 14)) === 'heap profile: ',
  'go-binary': (b) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46,
};

for (const id of ['go-leak', 'go-chain', 'java-oom']) {
  const dir = join(import.meta.dirname, id);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  describe(`samples/${id}`, () => {
    it.each(manifest.artifacts.map((a) => [a.file, a]))('%s matches its manifest entry', (_f, a) => {
      const bytes = readFileSync(join(dir, a.file));
      expect(bytes.byteLength).toBe(a.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
      expect(a.runtimeVersion).toMatch(/go1\.19|17\.0/);
      const check = HEADERS[a.kind];
      if (check) expect(check(new Uint8Array(bytes))).toBe(true);
    });
    it('states the facts known by construction', () => {
      expect(Object.keys(manifest.facts).length).toBeGreaterThan(3);
    });
  });
}
