import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';

/**
 * An old Go heap profile (`heap profile: … @ heap/1048576`, no symbols, no MemStats) from
 * google/pprof, against that project's own reading of it (`gobench.heap.string`, same commit).
 */
const FILE = join(CORPUS, 'pprof-text/gobench.heap');

/** Per-column totals of the `Samples:` rows of pprof's string form, and the row with no stack. */
function expected() {
  const totals = [0, 0, 0, 0];
  let stackless: number[] = [];
  let rows = 0;
  for (const l of readFileSync(`${FILE}.string`, 'utf8').split('\n')) {
    const m = /^\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+):(.*)$/.exec(l);
    if (!m) continue;
    rows++;
    const v = m.slice(1, 5).map(Number);
    v.forEach((x, i) => {
      totals[i] += x;
    });
    if (m[5].trim() === '') stackless = v;
  }
  return { totals, stackless, rows };
}

describe('Go heap profile text (google/pprof gobench.heap)', () => {
  it('scales every sample the way pprof does, the stackless one included', async () => {
    const r = (await new Engine().open(bytesSource(FILE, readFileSync(FILE)))).result;
    expect(r.format).toBe('pprof-text');
    expect(r.warnings).toEqual([]);
    const p = r.profile!;
    const want = expected();
    expect(want.rows).toBe(15);
    const types = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'];
    expect(p.sampleTypes.map((t) => t.type)).toEqual(types);
    expect(p.period).toBe(524288);
    expect(types.map((t) => p.totals[t])).toEqual(want.totals);
    // every stack ends in the allocator (0x420cef, shown at pc-1 like pprof); the stackless
    // `1: 288 [2: 296] @` sample has no frame to charge
    types.forEach((t, i) => {
      const leaf = p.top[t].find((row) => row.function === '0x420cee')!;
      expect(leaf.flat).toBe(want.totals[i] - want.stackless[i]);
    });
  });
});
