import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import type { GroupDetail, GroupRow, Suspect } from './analyze.ts';
import type { GoroutineComparison } from './compare.ts';
import { compareGoroutineDumps, openGoroutineDump } from './handler.ts';

/** Real dumps written by samples/go-leak (Go runtime), with facts known by construction. */
const DIR = join(import.meta.dirname, '../../../samples/go-leak');
const manifestPath = join(DIR, 'manifest.json');
const have = existsSync(manifestPath) && existsSync(join(DIR, 'artifacts/goroutines-3.debug2.txt'));

interface PhaseFacts {
  phase: number;
  leakedExportWorkers: number;
  convoyWaiters: number;
  totalGoroutines: number;
  goroutinesByState: Record<string, number>;
}
interface Facts {
  functions: Record<string, string>;
  mutexWaitState: string;
  phases: PhaseFacts[];
  crash: PhaseFacts & { message: string; panickingFunction: string };
}
interface ManifestArtifact {
  file: string;
  capturedAt?: string;
}

const manifest = have
  ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { facts: Facts; artifacts: ManifestArtifact[] })
  : undefined;
const open = (file: string) =>
  openGoroutineDump(bytesSource(file, readFileSync(join(DIR, 'artifacts', file))));

describe.skipIf(!have)('samples/go-leak goroutine dumps', () => {
  const facts = manifest!.facts;
  const fn = facts.functions;

  for (const level of ['debug2', 'debug1'] as const) {
    for (const phase of [1, 2, 3]) {
      it(`goroutines-${phase}.${level}.txt: totals, the leaked group and the convoy match the manifest`, async () => {
        const pf = facts.phases.find((p) => p.phase === phase)!;
        const o = await open(`goroutines-${phase}.${level}.txt`);
        const b = o.goroutines!;
        expect(o.truncated).toBe(false);
        expect(o.warnings).toEqual([]);
        expect(b.total).toBe(pf.totalGoroutines);
        expect(b.dumpKind).toBe(level);
        if (level === 'debug2') expect(b.byState).toEqual(pf.goroutinesByState);
        const leaked = b.groups.filter((g) => g.function === fn.leakedWorker);
        expect(leaked).toHaveLength(1);
        expect(leaked[0].count).toBe(pf.leakedExportWorkers);
        const suspects = b.suspects as Suspect[];
        expect(suspects[0].function).toBe(fn.leakedWorker);
        expect(suspects[0].count).toBe(pf.leakedExportWorkers);
        const convoy = suspects.find((s) => s.function === fn.convoyWaiter)!;
        expect(convoy.count).toBe(pf.convoyWaiters);
        expect(convoy.category).toBe('mutex');
        if (level === 'debug2') {
          expect(leaked[0].state).toBe('chan receive');
          expect(leaked[0].createdBy).toBe(fn.leakedWorkerBy);
          expect(convoy.kind).toBe('lock-contention');
          expect(convoy.state).toBe(facts.mutexWaitState);
          expect(convoy.title).toMatch(/sync\.Mutex\.Lock/);
          // Go 1.19 prints mutex waits as "semacquire"; the stack says it is a sync.Mutex.
          const byWait = b.byWaitReason as Record<string, number>;
          expect(byWait.mutex).toBe(pf.convoyWaiters);
          expect(byWait.channel).toBe(pf.goroutinesByState['chan receive']);
        }
      });
    }
  }

  it('the group query, detail and created-by tree agree with the dump', async () => {
    const o = await open('goroutines-2.debug2.txt');
    const pf = facts.phases.find((p) => p.phase === 2)!;
    const q = o.queries as Record<string, (...a: unknown[]) => unknown>;
    const page = q.groups({ text: 'exportWorker' }) as { total: number; rows: GroupRow[] };
    expect(page.total).toBe(1);
    expect(page.rows[0].count).toBe(pf.leakedExportWorkers);
    const detail = q.group(page.rows[0].key) as GroupDetail;
    expect(detail.ids).toHaveLength(pf.leakedExportWorkers);
    expect(detail.frames.map((f) => f.function)).toContain(fn.leakedWorker);
    // Every worker got its own channel: the merged argument values differ and show as `*`.
    expect(detail.frames.find((f) => f.function === fn.leakedWorker)!.args).toContain('*');
    const exact = q.groups({ text: 'exportWorker' }, 'exact') as { total: number; rows: GroupRow[] };
    expect(exact.rows.reduce((n, r) => n + r.count, 0)).toBe(pf.leakedExportWorkers);
    const hidden = q.groups({ hideStdlib: true }) as { rows: GroupRow[] };
    expect(hidden.rows.every((r) => !r.stdlibOnly)).toBe(true);
    const tree = q.createdByTree() as { creator: string; count: number }[];
    expect(tree.find((n) => n.creator === fn.leakedWorkerBy)!.count).toBe(pf.leakedExportWorkers);
  });

  it('three dumps compare showing the growth of the leak', async () => {
    const opened = await Promise.all([1, 2, 3].map((k) => open(`goroutines-${k}.debug2.txt`)));
    const cmp = compareGoroutineDumps(opened);
    const expected = facts.phases.map((p) => p.leakedExportWorkers);
    const leak = cmp.groups.find((g) => g.function === fn.leakedWorker)!;
    expect(leak.counts).toEqual(expected);
    expect(leak.status).toBe('grown');
    expect(leak.monotonic).toBe(true);
    expect(cmp.growing[0].function).toBe(fn.leakedWorker);
    expect(cmp.groups.find((g) => g.function === fn.convoyWaiter)!.counts).toEqual(
      facts.phases.map((p) => p.convoyWaiters),
    );
    expect(cmp.totals).toEqual(facts.phases.map((p) => p.totalGoroutines));
    // The first phase's goroutines that never finished are in every dump.
    expect(cmp.persistentIds!.count).toBeGreaterThanOrEqual(expected[0] + facts.phases[0].convoyWaiters);
    expect(cmp.persistentIds!.count).toBeLessThanOrEqual(facts.phases[0].totalGoroutines);
  });

  it('the engine opens two dumps by sniffing and compares them', async () => {
    const engine = new Engine();
    const a = await engine.open(
      bytesSource('g1', readFileSync(join(DIR, 'artifacts/goroutines-1.debug2.txt'))),
    );
    const b = await engine.open(
      bytesSource('g3', readFileSync(join(DIR, 'artifacts/goroutines-3.debug1.txt'))),
    );
    expect(a.result.format).toBe('goroutine-dump');
    expect(b.result.format).toBe('goroutine-dump');
    const cmp = engine.compare(a.id, b.id) as GoroutineComparison;
    // debug=2 against debug=1: matched by frames, not by state.
    expect(cmp.matchedBy).toBe('frames');
    const leak = cmp.groups.find((g) => g.function === fn.leakedWorker)!;
    expect(leak.counts).toEqual([facts.phases[0].leakedExportWorkers, facts.phases[2].leakedExportWorkers]);
  });

  it('crash.txt parses with the panic message kept', async () => {
    const o = await open('crash.txt');
    const b = o.goroutines!;
    const c = facts.crash;
    expect(b.dumpKind).toBe('traceback');
    expect(b.total).toBe(c.totalGoroutines);
    expect(b.byState).toEqual(c.goroutinesByState);
    const panic = b.panic as { kind: string; message: string; text: string[]; function: string };
    expect(panic.text[0]).toBe(c.message);
    expect(`${panic.kind}: ${panic.message}`).toBe(c.message);
    expect(panic.function).toBe(c.panickingFunction);
    expect((b.suspects as Suspect[])[0]).toMatchObject({
      function: fn.leakedWorker,
      count: c.leakedExportWorkers,
    });
  });
});
