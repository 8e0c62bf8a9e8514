import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

/**
 * The product of `npm run build` for the CLI: built afresh into a temporary folder (a bundle left in
 * out/ may be stale), then run as a plain Node program from outside the repository, so it must
 * hold every dependency itself.
 */
const REPO = resolve(import.meta.dirname, '..');
const hasEsbuild = (() => {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
})();
/** The engine's class as esbuild writes it in ESM (`class Engine`) or CommonJS (`var Engine = class`). */
const ENGINE = /class Engine\b|\bEngine = class\b/;
const SAMPLE = join(REPO, 'samples/go-leak/artifacts/goroutines-3.debug2.txt');

describe.skipIf(!hasEsbuild)('the bundled CLI (skipped: esbuild, a devDependency, is not installed)', () => {
  let dir: string;
  let entry: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmwb-bundle-'));
    execFileSync('node', [join(REPO, 'scripts/build-cli.mjs'), join(dir, 'cli')], { cwd: REPO });
    entry = join(dir, 'cli', 'pmwb.mjs');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pmwb = (args: string[]) => spawnSync('node', [entry, ...args], { cwd: dir, encoding: 'utf8' });

  it('prints help and keeps the exit codes', () => {
    const help = pmwb(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes');
    expect(pmwb(['inspect']).status).toBe(2);
    expect(pmwb(['inspect', join(dir, 'missing.log')]).status).toBe(1);
  });

  it('loads only a few small modules for --help, none of them the engine', () => {
    const seen = new Set<string>();
    const stack = [entry];
    let bytes = 0;
    while (stack.length) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      bytes += text.length;
      expect(text).not.toMatch(ENGINE);
      // static imports only: the commands are bundles of their own, loaded on demand
      for (const m of text.matchAll(/^import\s[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm))
        stack.push(resolve(dirname(file), m[1] ?? m[2]));
    }
    expect(bytes).toBeLessThan(20_000);
    // …and the engine is in the command's bundle, which the entry names
    expect(readFileSync(entry, 'utf8')).toContain('inspect.cjs');
    expect(readFileSync(join(dir, 'cli', 'inspect.cjs'), 'utf8')).toMatch(ENGINE);
  });

  it('runs inspect from its trained code cache, and replaces a cache V8 rejects', () => {
    const caches = () => readdirSync(join(dir, 'cli')).filter((f) => f.endsWith('.cache'));
    // the build trained inspect's cache; report's is written by its first run
    expect(caches().map((f) => f.split('.')[0])).toEqual(['inspect']);
    const cache = join(dir, 'cli', caches()[0]);
    const expected = pmwb(['inspect', SAMPLE, '--json']);
    expect(expected.status).toBe(0);
    const strip = (s: string) => ({ ...JSON.parse(s), parseMs: 0 });
    const uncached = spawnSync('node', [entry, 'inspect', SAMPLE, '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PMWB_NO_CODE_CACHE: '1' },
    });
    expect(strip(uncached.stdout)).toEqual(strip(expected.stdout));
    writeFileSync(cache, 'not a code cache');
    const again = pmwb(['inspect', SAMPLE, '--json']);
    expect(again.stderr).toBe('');
    expect(strip(again.stdout)).toEqual(strip(expected.stdout));
    expect(statSync(cache).size).toBeGreaterThan(10_000);
  });

  it('inspects a sample exactly as the TypeScript CLI does', async () => {
    const r = pmwb(['inspect', SAMPLE, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    let fromSource = '';
    expect(
      await main(['inspect', SAMPLE, '--json'], { stdout: (s) => (fromSource += s), stderr: () => {} }),
    ).toBe(0);
    const strip = (s: string) => ({ ...JSON.parse(s), parseMs: 0 });
    expect(strip(r.stdout)).toEqual(strip(fromSource));
  });

  it('writes a report (the Markdown and chart code is bundled too)', () => {
    const out = join(dir, 'report');
    const r = pmwb(['report', join(REPO, 'samples/go-leak/artifacts'), '--out', out]);
    // the sample folder has a truncated dump and noisy logs: per-file warnings only, no crash text
    for (const line of r.stderr.trimEnd().split('\n'))
      expect(line).toMatch(/^pmwb report: \S+: (warning: |truncated at byte )/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'postmortem.md'), 'utf8')).toContain('# ');
    expect(existsSync(join(out, 'incident.pmwb'))).toBe(true);
  });
});
