import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import type { OpenedArtifact } from '../../engine/format-handler.ts';
import type { FlameTree } from './analysis.ts';
import type { FlameSearchResult, PrunedFlameTree } from './flame-view.ts';
import { pprofHandler } from './handler.ts';

const FILES = ['workers/formats/pprof/testdata/mixed.pb.gz', 'samples/go-leak/artifacts/heap-3.pb.gz'].filter(
  (f) => existsSync(f),
);

async function open(path: string): Promise<OpenedArtifact> {
  return pprofHandler.open(bytesSource(path, new Uint8Array(readFileSync(path))), {}, {});
}

function q<T>(a: OpenedArtifact, name: string, ...args: unknown[]): T {
  const fn = a.queries?.[name] as ((...x: unknown[]) => T) | undefined;
  if (!fn) throw new Error(`no query ${name}`);
  return fn(...args);
}

/** Checks a pruned tree against the full one node by node; returns the number of nodes with elided width. */
function checkAgainstFull(full: FlameTree, p: PrunedFlameTree, root: number, minFraction: number): number {
  const thr = full.width[root] * minFraction;
  expect(p.fullId[0]).toBe(root);
  expect(p.root).toBe(root);
  expect(p.subtreeNodes).toBe(full.end[root] - root);
  let withElided = 0;
  const kept = new Set(p.fullId);
  const bad: string[] = [];
  const check = (k: number, op: string, got: unknown, want: unknown, digits = 6): void => {
    const g = got as number;
    const w = want as number;
    const ok =
      op === 'toBe'
        ? Object.is(got, want)
        : op === 'toBeGreaterThanOrEqual'
          ? g >= w
          : op === 'toBeLessThan'
            ? g < w
            : op === 'toBeGreaterThan'
              ? g > w
              : Math.abs(g - w) < 10 ** -digits / 2;
    if (!ok) bad.push(`node ${k}: ${String(got)} ${op} ${String(want)}`);
  };
  for (let k = 0; k < p.name.length; k++) {
    const i = p.fullId[k];
    // inside the zoom root's subtree, in pre-order
    check(k, 'toBeGreaterThanOrEqual', i, root);
    check(k, 'toBeLessThan', i, full.end[root]);
    if (k > 0) check(k, 'toBeGreaterThan', i, p.fullId[k - 1]);
    // same numbers as the full tree
    check(k, 'toBe', p.value[k], full.value[i]);
    check(k, 'toBe', p.self[k], full.self[i]);
    check(k, 'toBe', p.width[k], full.width[i]);
    check(k, 'toBeCloseTo', p.start[k], full.start[i] - full.start[root], 6);
    check(k, 'toBe', p.depth[k], full.depth[i] - full.depth[root]);
    const nm = p.name[k] < 0 ? undefined : p.names[p.name[k]];
    check(k, 'toBe', nm, full.name[i] < 0 ? undefined : full.names[full.name[i]]);
    if (k > 0) check(k, 'toBe', p.fullId[p.parent[k]], full.parent[i]);
    if (k > 0) check(k, 'toBeGreaterThanOrEqual', full.width[i], thr);
    // kept children + elided = the full tree's children, so widths add up
    let fullKids = 0;
    for (let c = i + 1; c < full.end[i]; c = full.end[c]) fullKids += full.width[c];
    let keptKids = 0;
    for (let c = k + 1; c < p.end[k]; c = p.end[c]) keptKids += p.width[c];
    check(k, 'toBeCloseTo', keptKids + p.elided[k], fullKids, 6);
    if (p.elided[k] > 0) withElided++;
    // a child is returned exactly when it is at least the threshold wide (and not empty)
    for (let c = i + 1; c < full.end[i]; c = full.end[c]) {
      check(k, 'toBe', kept.has(c), full.width[c] >= thr && full.width[c] > 0);
    }
  }
  expect(bad.slice(0, 5)).toEqual([]);
  return withElided;
}

describe.each(FILES)('pruned flame query: %s', (file) => {
  it('without a view it is the full tree; minFraction 0 keeps every node', async () => {
    const a = await open(file);
    const full = q<FlameTree>(a, 'flame');
    expect((full as Partial<PrunedFlameTree>).fullId).toBeUndefined();
    const all = q<PrunedFlameTree>(a, 'flame', undefined, undefined, undefined, { minFraction: 0 });
    expect(all.name.length).toBe(full.name.length);
    expect(checkAgainstFull(full, all, 0, 0)).toBe(0);
    expect(all.value[0]).toBe(a.profile!.totals[full.sampleType]);
  });

  it('pruned at 0.5 px of 1920: fewer nodes, same totals, elided remainders add up', async () => {
    const a = await open(file);
    for (const st of a.profile!.sampleTypes) {
      const full = q<FlameTree>(a, 'flame', st.type);
      const frac = 0.5 / 1920;
      const p = q<PrunedFlameTree>(a, 'flame', st.type, undefined, undefined, { minFraction: frac });
      expect(p.value[0]).toBe(full.value[0]);
      expect(p.fullValue).toBe(full.value[0]);
      expect(p.fullNodes).toBe(full.name.length);
      const withElided = checkAgainstFull(full, p, 0, frac);
      // every node drawn by the full-tree renderer (subtrees under a too-narrow node skipped) is returned
      let drawable = 0;
      for (let i = 0; i < full.name.length; i++) {
        if (i > 0 && !(full.width[i] >= full.width[0] * frac && full.width[i] > 0)) i = full.end[i] - 1;
        else drawable++;
      }
      expect(p.name.length).toBe(drawable);
      if (p.name.length < full.name.length) expect(withElided).toBeGreaterThan(0);
    }
  });

  it('a coarse fraction really prunes, and a zoomed query returns the subtree', async () => {
    const a = await open(file);
    const full = q<FlameTree>(a, 'flame');
    const coarse = q<PrunedFlameTree>(a, 'flame', undefined, undefined, undefined, { minFraction: 0.05 });
    expect(coarse.name.length).toBeLessThan(full.name.length);
    checkAgainstFull(full, coarse, 0, 0.05);
    // zoom into the widest grandchild with children
    let root = -1;
    for (let i = 1; i < full.name.length; i++) {
      if (full.depth[i] >= 2 && full.end[i] - i > 1) {
        root = i;
        break;
      }
    }
    expect(root).toBeGreaterThan(0);
    const z = q<PrunedFlameTree>(a, 'flame', undefined, undefined, undefined, { root, minFraction: 0 });
    expect(z.name.length).toBe(full.end[root] - root);
    expect(z.rootParent).toBe(full.parent[root]);
    expect(z.rootPath.length).toBe(full.depth[root] - 1);
    expect(z.value[0]).toBe(full.value[root]);
    checkAgainstFull(full, z, root, 0);
    const zp = q<PrunedFlameTree>(a, 'flame', undefined, undefined, undefined, { root, minFraction: 0.2 });
    checkAgainstFull(full, zp, root, 0.2);
    // an out-of-range root falls back to the whole tree
    const bad = q<PrunedFlameTree>(a, 'flame', undefined, undefined, undefined, {
      root: 1e9,
      minFraction: 0.05,
    });
    expect(bad.root).toBe(0);
  });

  it('flameSearch searches the full tree: outermost matches, per-frame cum like the top table', async () => {
    const a = await open(file);
    const full = q<FlameTree>(a, 'flame');
    const topRows = q<{ rows: { name: string; cum: number }[] }>(a, 'top').rows;
    const target = topRows[Math.min(2, topRows.length - 1)].name;
    const text = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const r = q<FlameSearchResult>(a, 'flameSearch', undefined, undefined, undefined, `^${text}$`);
    expect(r.frames.map((f) => f.name)).toEqual([target]);
    // a function's cum in the top table = the sum of its outermost nodes in the flame tree
    expect(r.frames[0].total).toBe(topRows.find((t) => t.name === target)!.cum);
    expect(r.total).toBe(r.frames[0].total);
    let nodes = 0;
    for (let i = 1; i < full.name.length; i++) if (full.names[full.name[i]] === target) nodes++;
    expect(r.nodes).toBe(nodes);
    expect(q<FlameSearchResult>(a, 'flameSearch', undefined, undefined, undefined, '(').frames).toEqual([]);
    expect(q<FlameSearchResult>(a, 'flameSearch', undefined, undefined, undefined, '').total).toBe(0);
  });
});
