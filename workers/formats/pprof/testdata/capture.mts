/**
 * Writes `mixed.pb.gz` (a deterministic synthetic profile built to exercise the top table's corner
 * cases: inlined frames, recursion, locations without lines, zero and negative values, edges light
 * enough to fall under pprof's -edgefraction) and captures `go tool pprof -top` on it.
 *
 *   npx tsx workers/formats/pprof/testdata/capture.mts     (needs `go` on PATH; Go 1.19.8 was used)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { Profile, StringTable } from 'pprof-format';

const dir = import.meta.dirname;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mixedProfile(): Uint8Array {
  const rnd = mulberry32(7);
  const st = new StringTable();
  const nFuncs = 160;
  const pkgs = ['main', 'net/http', 'encoding/json', 'github.com/acme/svc/cache', 'runtime', 'sync', 'ünïcode'];
  const functions = Array.from({ length: nFuncs }, (_, i) => {
    const name = `${pkgs[i % pkgs.length]}.F${(i * 37) % 211}`;
    return {
      id: i + 1,
      name: st.dedup(name),
      systemName: st.dedup(name),
      filename: st.dedup(`/src/${pkgs[i % pkgs.length]}/f${i % 9}.go`),
      startLine: 5 + (i % 13),
    };
  });
  const nLocs = 1500;
  const location = Array.from({ length: nLocs }, (_, i) => {
    const fn = (k: number) => ((i * 7 + k * 31) % nFuncs) + 1;
    const lines =
      i % 97 === 5
        ? [] // address only: reported as the mapping's [binary]
        : i % 4 === 0
          ? [
              { functionId: fn(1), line: 10 + (i % 5) },
              { functionId: fn(2), line: 20 + (i % 3) },
              ...(i % 12 === 0 ? [{ functionId: fn(3), line: 30 }] : []),
            ]
          : [{ functionId: fn(0), line: 10 + (i % 6) }];
    return { id: i + 1, mappingId: 1, address: 0x401000 + i * 32, line: lines };
  });
  const sample = Array.from({ length: 5000 }, (_, s) => {
    const depth = 2 + Math.floor(rnd() * 24);
    const locationId: number[] = [];
    for (let d = 0; d < depth; d++) {
      // recursion: sometimes repeat a frame already on the stack
      if (d > 2 && rnd() < 0.08) locationId.push(locationId[Math.floor(rnd() * d)]);
      else locationId.push(1 + Math.floor(rnd() * (d < depth - 3 ? nLocs : 40)));
    }
    const heavy = rnd() < 0.05 ? 1000 : 1;
    const objs = Math.floor(rnd() * 20) * heavy;
    const bytes = objs * (8 + Math.floor(rnd() * 2048));
    const delta = s % 7 === 0 ? -Math.floor(rnd() * 50_000) : Math.floor(rnd() * 30_000);
    return { locationId, value: [objs, bytes, delta] };
  });
  const p = new Profile({
    sampleType: [
      { type: st.dedup('objects'), unit: st.dedup('count') },
      { type: st.dedup('space'), unit: st.dedup('bytes') },
      { type: st.dedup('delay'), unit: st.dedup('nanoseconds') },
    ],
    mapping: [
      { id: 1, memoryStart: 0x400000, memoryLimit: 0x800000, filename: st.dedup('/usr/bin/svc'), hasFunctions: true },
    ],
    location,
    function: functions,
    sample,
    stringTable: st,
    timeNanos: 1_700_000_000_000_000_000,
    defaultSampleType: st.dedup('space'),
  });
  return gzipSync(p.encode(), { mtime: 0 });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const file = join(dir, 'mixed.pb.gz');
  writeFileSync(file, mixedProfile());
  const run = (args: string[], out: string) => {
    const text = execFileSync('go', ['tool', 'pprof', '-top', '-nodefraction=0', ...args, 'mixed.pb.gz'], {
      cwd: dir,
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 26,
    });
    writeFileSync(join(dir, out), text);
  };
  for (const idx of ['objects', 'space', 'delay']) run([`-sample_index=${idx}`], `mixed.${idx}.top.txt`);
  run(['-lines', '-sample_index=space'], 'mixed.space.lines.top.txt');
}
