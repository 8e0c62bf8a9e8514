import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders' import arrows, checked on the source: a host-specific folder leaking into another
 * front (the renderer or the CLI importing Electron code, the engine importing Node) compiles fine
 * and only breaks a build on the other side, so it is caught here instead.
 */
const REPO = resolve(import.meta.dirname, '..');
const TOP = ['contract', 'node', 'workers', 'electron', 'renderer', 'cli', 'bench'] as const;
type Top = (typeof TOP)[number];

interface Arrow {
  from: string;
  to: string;
  /** Top-level folder of a relative import, the package name of a bare one, or "node:" for builtins. */
  target: string;
  isTest: boolean;
}

const IMPORT =
  /(?:^|\n)\s*(?:import\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?|export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+)['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'out' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function targetOf(file: string, spec: string): string {
  if (spec.startsWith('node:')) return 'node:';
  if (!spec.startsWith('.'))
    return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return relative(REPO, resolve(dirname(file), spec)).split(/[\\/]/)[0];
}

function arrowsFrom(top: Top): Arrow[] {
  const out: Arrow[] = [];
  for (const file of sourceFiles(join(REPO, top))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      out.push({
        from: relative(REPO, file),
        to: spec,
        target: targetOf(file, spec),
        isTest: /\.test\.tsx?$|[\\/]testdata[\\/]|test-fixtures/.test(file),
      });
    }
  }
  return out;
}

const offending = (arrows: Arrow[], bad: (a: Arrow) => boolean) =>
  arrows.filter(bad).map((a) => `${a.from} → ${a.to}`);

describe('import boundaries', () => {
  const arrows = Object.fromEntries(TOP.map((t) => [t, arrowsFrom(t)])) as Record<Top, Arrow[]>;

  it('sees the arrows it checks (the scanner is not blind)', () => {
    const electronMain = arrows.electron.filter((a) => a.from === join('electron', 'main.ts'));
    expect(electronMain.map((a) => a.target)).toEqual(
      expect.arrayContaining(['electron', 'node', 'contract']),
    );
    expect(arrows.cli.some((a) => a.target === 'workers')).toBe(true);
    expect(arrows.renderer.some((a) => a.target === 'contract')).toBe(true);
    // dynamic import() arrows count too
    expect(arrows.cli.some((a) => a.from === join('cli', 'main.ts') && a.to.startsWith('./'))).toBe(true);
  });

  it('nothing in renderer/ or cli/ imports from electron/', () => {
    expect(offending([...arrows.renderer, ...arrows.cli], (a) => a.target === 'electron')).toEqual([]);
  });

  it('the renderer imports no Node I/O (node/ or node: builtins) outside its tests', () => {
    expect(
      offending(arrows.renderer, (a) => !a.isTest && (a.target === 'node' || a.target === 'node:')),
    ).toEqual([]);
  });

  it('contract/ depends on nothing but itself and zod', () => {
    expect(
      offending(arrows.contract, (a) => !a.isTest && a.target !== 'contract' && a.target !== 'zod'),
    ).toEqual([]);
  });

  it('node/ is Node I/O for every front: it imports no Electron, renderer or CLI code', () => {
    expect(
      offending(arrows.node, (a) => ['electron', 'renderer', 'cli', 'bench'].includes(a.target)),
    ).toEqual([]);
  });

  it('workers/ is host-free: no Node builtins outside tests, no host folder', () => {
    expect(
      offending(
        arrows.workers,
        (a) =>
          (!a.isTest && a.target === 'node:') ||
          ['electron', 'renderer', 'cli', 'node', 'bench'].includes(a.target),
      ),
    ).toEqual([]);
  });
});
