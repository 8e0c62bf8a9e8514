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

for (const id of ['go-leak', 'go-chain', 'java-oom', 'java-statics']) {
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
  });
}

/**
 * The manifests' facts are what the parser tests compare against, so they are checked here against
 * the artifacts themselves, read with plain text matching (no pmwb parser): a fact that drifted
 * from the files would make every parser test compare against the wrong number.
 */
const read = (id: string, file: string) => readFileSync(join(import.meta.dirname, id, file), 'latin1');

/** `goroutine N [state, M minutes]:` headers → state (wait time dropped) → count. */
function goroutineStates(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^goroutine \d+ \[([^\],]+)[^\]]*\]:$/gm)) out[m[1]] = (out[m[1]] ?? 0) + 1;
  return out;
}

/** Goroutines with a frame in `fn` (each goroutine is a header and its stack up to a blank line). */
function goroutinesIn(text: string, fn: string): number {
  return text.split(/\n\n+/).filter((g) => /^goroutine \d+ \[/.test(g) && g.includes(`\n${fn}(`)).length;
}

describe('samples/go-leak facts match the artifacts', () => {
  const m = JSON.parse(read('go-leak', 'manifest.json')) as {
    artifacts: { file: string }[];
    facts: {
      goVersion: string;
      functions: Record<string, string>;
      phases: {
        phase: number;
        totalGoroutines: number;
        goroutinesByState: Record<string, number>;
        leakedExportWorkers: number;
        convoyWaiters: number;
        files: string[];
      }[];
      heapDump: { file: string; numGCBeforeDump: number };
      crash: {
        message: string;
        panickingFunction: string;
        totalGoroutines: number;
        goroutinesByState: Record<string, number>;
      };
    };
  };
  const f = m.facts;
  const files = new Set(m.artifacts.map((a) => a.file));

  it.each(f.phases.map((p) => [p.phase, p]))(
    'phase %i: goroutine totals, states and leaked workers',
    (_n, p) => {
      for (const file of p.files) expect(files.has(file), file).toBe(true);
      const debug2 = read('go-leak', p.files.find((x) => x.endsWith('.debug2.txt'))!);
      const debug1 = read('go-leak', p.files.find((x) => /goroutines-\d\.debug1\.txt$/.test(x))!);
      expect(goroutineStates(debug2)).toEqual(p.goroutinesByState);
      expect(Object.values(p.goroutinesByState).reduce((a, b) => a + b, 0)).toBe(p.totalGoroutines);
      expect(debug1.startsWith(`goroutine profile: total ${p.totalGoroutines}\n`)).toBe(true);
      expect(goroutinesIn(debug2, f.functions.leakedWorker)).toBe(p.leakedExportWorkers);
      expect(goroutinesIn(debug2, f.functions.convoyWaiter)).toBe(p.convoyWaiters);
    },
  );

  it('the crash traceback: message, panicking function, goroutine states', () => {
    const crash = read('go-leak', 'artifacts/crash.txt');
    expect(crash.startsWith(`${f.crash.message}\n`)).toBe(true);
    expect(crash).toMatch(
      new RegExp(
        `^goroutine 1 \\[running\\]:\\n${f.crash.panickingFunction.replace(/[.*()]/g, '\\$&')}\\(`,
        'm',
      ),
    );
    expect(goroutineStates(crash)).toEqual(f.crash.goroutinesByState);
    expect(Object.values(f.crash.goroutinesByState).reduce((a, b) => a + b, 0)).toBe(f.crash.totalGoroutines);
  });

  it('the heap dump, gctrace and binary: file, GC count before the dump, Go version', () => {
    expect(files.has(f.heapDump.file)).toBe(true);
    const cycles = read('go-leak', 'artifacts/gctrace.log').match(/ gc \d+ @/g) ?? [];
    expect(cycles.length).toBe(f.heapDump.numGCBeforeDump);
    expect(read('go-leak', 'artifacts/go-leak')).toContain(f.goVersion);
  });
});

describe('samples/java-oom facts match the artifacts', () => {
  const f = (
    JSON.parse(read('java-oom', 'manifest.json')) as {
      facts: {
        javaRuntimeVersion: string;
        collector: string;
        xmxBytes: number;
        threadDump: {
          threadStates: Record<string, string>;
          monitorHeldBy: string;
          blockedOnMonitor: string[];
        };
      };
    }
  ).facts;
  const dump = read('java-oom', 'artifacts/threaddump.txt');
  /** The lines of one thread's entry, from its quoted name to the blank line. */
  const thread = (name: string) => {
    const at = dump.indexOf(`"${name}" #`);
    expect(at, name).toBeGreaterThanOrEqual(0);
    return dump.slice(at, dump.indexOf('\n\n', at));
  };

  it('thread states as jstack printed them', () => {
    for (const [name, state] of Object.entries(f.threadDump.threadStates))
      expect(thread(name)).toMatch(new RegExp(`java\\.lang\\.Thread\\.State: ${state}\\b`));
  });

  it('one monitor held by one thread, waited for by the blocked ones', () => {
    const held = /- locked <(0x[0-9a-f]+)>/.exec(thread(f.threadDump.monitorHeldBy))?.[1];
    expect(held).toBeDefined();
    for (const name of f.threadDump.blockedOnMonitor)
      expect(thread(name)).toContain(`- waiting to lock <${held}>`);
  });

  it('the GC log: collector, runtime version and heap limit', () => {
    const gc = read('java-oom', 'artifacts/gc.log');
    expect(gc).toContain(`Using ${f.collector}\n`);
    expect(gc).toContain(`Version: ${f.javaRuntimeVersion} `);
    expect(gc).toContain(`Heap Max Capacity: ${f.xmxBytes / 2 ** 20}M\n`);
  });
});
