import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOMBS, gzipBomb } from '../testdata/bombs.ts';
import { CORPUS } from '../testdata/corpus.ts';
import { HELP, main } from './main.ts';
import { parseSize } from './usage.ts';

const REPO = resolve(import.meta.dirname, '..');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('pmwb', () => {
  it('prints help and exits 0 on --help, 2 with no command', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--help'])).stdout).toContain('pmwb inspect FILE');
    expect((await run([])).code).toBe(2);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['inspect'])).code).toBe(2);
    expect((await run(['inspect', 'a', 'b'])).code).toBe(2);
    expect((await run(['inspect', '--bogus', 'a'])).code).toBe(2);
    expect((await run(['inspect', 'a', '--limit', 'lots'])).code).toBe(2);
  });

  it('exits 1 naming the file for a random binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmwb-cli-'));
    const junk = join(dir, 'random.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
    const r = await run(['inspect', junk, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(junk);
    expect(r.stderr).toContain('byte 0');
  });

  it('exits 1 for a missing file', async () => {
    const r = await run(['inspect', '/nonexistent/file.log']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/file.log');
  });

  it('prints the pmwb.inspect/1 header as JSON', async () => {
    const file = join(CORPUS, 'go-gctrace/go1.9-gcviewer.txt');
    const r = await run(['inspect', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ schema: 'pmwb.inspect/1', file, format: 'go-gctrace', truncated: false });
    expect(json.bytes).toBe(58515);
    expect(typeof json.parseMs).toBe('number');
    expect(Array.isArray(json.warnings)).toBe(true);
  });

  it('gives each Go heap suspect its holder and path steps, keeping the path labels', async () => {
    const dir = join(REPO, 'samples', 'go-leak', 'artifacts');
    const r = await run(['inspect', join(dir, 'heapdump-3.bin'), '--binary', join(dir, 'go-leak'), '--json']);
    expect(r.code).toBe(0);
    const [top] = (JSON.parse(r.stdout) as { heap: { suspects: Record<string, unknown>[] } }).heap.suspects;
    expect(top.title).toMatch(/^main\.orderCache retains /);
    // pmwb.inspect/1 readers keep their `path` of labels; the steps come beside it
    expect((top.path as string[]).every((p) => typeof p === 'string')).toBe(true);
    const steps = top.pathSteps as { label: string; offset?: number; type?: string }[];
    expect(steps[0]).toMatchObject({ label: 'main.orderCache', type: 'bss' });
    expect(steps.at(-1)?.offset).toBe(0x10);
    expect(steps.length).toBe((top.path as string[]).length);
  });

  it('prints the GC pause table per kind (gc.byKind) in JSON and in the human summary', async () => {
    const file = join(CORPUS, 'jvm-gc/jdk8-cms-failure/SampleSun1_6_0CMS.txt');
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse((await run(['inspect', file, '--json'])).stdout) as {
      gc: { byKind: { kind: string; label: string; count: number; maxPauseMs: number }[] };
    };
    const row = (k: string) => json.gc.byKind.find((r) => r.kind === k);
    expect(row('initial-mark')?.count).toBe((text.match(/CMS-initial-mark: /g) ?? []).length);
    expect(row('remark')?.count).toBe((text.match(/CMS-remark: /g) ?? []).length);
    expect(row('full')?.count).toBe((text.match(/\(concurrent mode failure\)/g) ?? []).length);
    const human = (await run(['inspect', file])).stdout;
    const kindRow = (label: string) => human.split('\n').find((l) => l.startsWith(`${label} `));
    expect(kindRow('Initial mark')).toMatch(
      new RegExp(`^Initial mark +${row('initial-mark')?.count} +[\\d.]+ (ms|s) +[\\d.]+ (ms|s)`),
    );
    expect(kindRow('Full')).toMatch(new RegExp(`^Full +${row('full')?.count} `));
  });

  it('--max-inflated: a bomb stops at the given budget (exit 1 naming file, offset, budget); a larger one reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmwb-cli-'));
    const file = join(dir, 'threads.txt.gz');
    writeFileSync(file, gzipBomb(BOMBS.jthreads, 3 * 1024 * 1024));
    const r = await run(['inspect', file, '--max-inflated', '1M']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} at byte 1,048,576: expected at most 1.00 MiB once decompressed`);
    const ok = await run(['inspect', file, '--max-inflated', '8MiB', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).format).toBe('java-thread-dump');
    expect((await run(['inspect', file, '--max-inflated', 'lots'])).code).toBe(2);
    expect(parseSize('512M')).toBe(512 * 2 ** 20);
    expect(parseSize('1.5G')).toBe(1.5 * 2 ** 30);
    expect(parseSize('4096')).toBe(4096);
    expect(HELP).toContain('--max-inflated SIZE');
    // report: the same budget for every file it reads
    const out = join(dir, 'out');
    const rep = await run(['report', file, '--max-inflated', '1M', '--out', out]);
    expect(rep.code).toBe(1);
    expect(rep.stderr).toContain(`${file} at byte 1,048,576: expected at most 1.00 MiB once decompressed`);
    expect((await run(['report', file, '--max-inflated', '8M', '--out', out])).code).toBe(0);
    expect((await run(['report', file, '--max-inflated', '0', '--out', out])).code).toBe(2);
  });

  it('runs as `npx pmwb` from the repo root', () => {
    const out = execFileSync('node', [join(REPO, 'bin/pmwb.mjs'), '--help'], { encoding: 'utf8' });
    // once: the launcher runs either the bundle or the sources, never both
    expect(out.split('Exit codes').length - 1).toBe(1);
    const bad = spawnSync('node', [join(REPO, 'bin/pmwb.mjs'), 'inspect'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});

describe('pmwb inspect on every corpus and sample file', () => {
  const corpus: [string, string][] = [
    ['go-gctrace', 'go-gctrace'],
    ['jvm-gc/unified', 'jvm-gclog'],
    ['jvm-gc/jdk8', 'jvm-gclog'],
    ['jvm-gc/jdk8-cms-failure', 'jvm-gclog'],
    ['jvm-gc/zgc-jdk11', 'jvm-gclog'],
    ['pprof', 'pprof'],
    ['pprof-text', 'pprof-text'],
    ['goroutines', 'goroutine-dump'],
    ['goroutines/gotfmt', 'goroutine-dump'],
    ['goroutines/compose', 'goroutine-dump'],
    ['jthreads', 'java-thread-dump'],
  ].flatMap(([dir, format]) =>
    readdirSync(join(CORPUS, dir))
      // Go source, the IBM javacore kept to test its "not supported" message, pprof's own
      // reading of a profile (`.string`), sub-folders (listed above)
      .filter(
        (f) =>
          !f.endsWith('.go.txt') &&
          !f.startsWith('ibm-') &&
          !f.endsWith('.string') &&
          statSync(join(CORPUS, dir, f)).isFile(),
      )
      .map((f): [string, string] => [join(CORPUS, dir, f), format]),
  );
  const kindToFormat: Record<string, string> = {
    'go-heapdump': 'go-heapdump',
    hprof: 'hprof',
    'goroutine-dump': 'goroutine-dump',
    'crash-traceback': 'goroutine-dump',
    'go-gctrace': 'go-gctrace',
    'jvm-gclog': 'jvm-gclog',
    jstat: 'jstat',
    pprof: 'pprof',
    'thread-dump': 'java-thread-dump',
  };
  const samples = ['go-leak', 'java-oom', 'java-statics'].flatMap((id) => {
    const dir = join(REPO, 'samples', id);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      artifacts: { file: string; kind: string }[];
    };
    return m.artifacts
      .filter((a) => a.kind in kindToFormat)
      .map((a): [string, string] => [
        join(dir, a.file),
        a.kind === 'pprof' && a.file.endsWith('.txt') ? 'pprof-text' : kindToFormat[a.kind],
      ]);
  });
  it.each([...corpus, ...samples])('%s → %s', async (file, format) => {
    const r = await run(['inspect', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { schema: string; format: string; file: string };
    expect(json).toMatchObject({ schema: 'pmwb.inspect/1', format, file });
  });
});

describe('pmwb inspect --json on text as it really comes: exact counts', () => {
  const W = join(REPO, 'workers');
  const inspect = async (file: string) => {
    const r = await run(['inspect', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as {
      format: string;
      truncated: boolean;
      warnings: string[];
      threads?: { total: number; byState: Record<string, number> };
      profile?: { totals: Record<string, number>; samples: number };
      goroutines?: { total: number };
    };
  };
  const lines = (f: string) => readFileSync(f, 'utf8').split('\n');

  it('jstack written as UTF-16LE with a BOM: every thread of the UTF-8 original', async () => {
    const original = join(W, 'core/testdata/jstack-17.txt');
    const j = await inspect(join(W, 'core/testdata/jstack-17.utf16le-bom.txt'));
    expect(j.format).toBe('java-thread-dump');
    expect(j.truncated).toBe(false);
    expect(j.threads?.total).toBe(lines(original).filter((l) => l.startsWith('"')).length);
    expect(j.threads?.byState).toEqual((await inspect(original)).threads?.byState);
  });

  it('ThreadInfo.toString() output: one thread per header, states from the headers', async () => {
    const file = join(W, 'formats/jthreads/testdata/jdk17-threadinfo.txt');
    const heads = lines(file).filter((l) => l.startsWith('"'));
    const j = await inspect(file);
    expect(j.threads?.total).toBe(heads.length);
    const byState: Record<string, number> = {};
    for (const h of heads) {
      const s = / Id=\d+ ([A-Z_]+)/.exec(h)![1];
      byState[s] = (byState[s] ?? 0) + 1;
    }
    expect(j.threads?.byState).toEqual(byState);
  });

  it("Java heapz: go tool pprof's totals", async () => {
    const raw = readFileSync(join(W, 'formats/pprof/testdata/legacy-raw/java.heap.raw.txt'), 'utf8');
    const rows = raw
      .split('\n')
      .filter((l) => /^\s+\d+\s+\d+: /.test(l))
      .map((l) => l.split(':')[0].trim().split(/\s+/).map(Number));
    const j = await inspect(join(CORPUS, 'pprof-text/java.heap'));
    expect(j.profile?.totals).toEqual({
      inuse_objects: rows.reduce((s, r) => s + r[0], 0),
      inuse_space: rows.reduce((s, r) => s + r[1], 0),
    });
  });

  it('a goroutine header glued to a log line is counted', async () => {
    const file = join(W, 'formats/goroutines/testdata/glued-go1.19.txt');
    const j = await inspect(file);
    expect(j.goroutines?.total).toBe(lines(file).filter((l) => /goroutine \d+ \[[^\]]+\]:$/.test(l)).length);
  });

  it('an IBM javacore: exit 1, saying what it is', async () => {
    const file = join(CORPUS, 'jthreads/ibm-1.3.1-javacore.txt');
    const r = await run(['inspect', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('found an IBM javacore: not supported');
  });
});

describe('pmwb inspect --json on a Java dump whose statics the class loader holds', () => {
  const dir = join(REPO, 'samples', 'java-statics');
  const facts = () =>
    (
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        facts: { leakingField: string; secondField: string; live: { file: string; inFlightExports: number } };
      }
    ).facts;

  it('keeps every pmwb.inspect/1 suspect field and adds the holder and a field-named path', async () => {
    const f = facts();
    const r = await run(['inspect', join(dir, f.live.file), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      schema: string;
      heap: {
        top: unknown[];
        suspects: {
          title: string;
          description: string;
          retainedBytes: number;
          percent: number;
          path: string[];
          accumulationPoint: string;
          kind: string;
          holder?: string;
          pathSteps?: { id: number; label: string; type: string; field?: string }[];
          pathText?: string;
        }[];
      };
    };
    expect(json.schema).toBe('pmwb.inspect/1');
    const [first, second] = json.heap.suspects;
    // the fields scripts already read, with their types
    expect(first).toMatchObject({
      kind: 'object',
      title: expect.stringContaining(`static ${f.leakingField} `),
      description: expect.any(String),
      retainedBytes: expect.any(Number),
      percent: expect.any(Number),
      accumulationPoint: expect.any(String),
    });
    expect(first.path.every((p) => typeof p === 'string')).toBe(true);
    // and the new ones
    expect(first.holder).toBe(`static ${f.leakingField}`);
    const field = f.leakingField.slice(f.leakingField.lastIndexOf('.') + 1);
    expect(first.pathSteps?.slice(-4).map((s) => s.field)).toEqual([
      field,
      'table',
      expect.stringMatching(/^\[\d+\]$/),
      'val',
    ]);
    expect(first.pathText).toMatch(new RegExp(`${field} → table → \\[\\d+\\] → val$`));
    expect(second.holder).toBe(`static ${f.secondField}`);
  }, 120_000);
});
