import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import type { ThreadDetail } from './handler.ts';
import { openThreadDump } from './handler.ts';

/** The real `jcmd <pid> Thread.print` from samples/java-oom (OpenJDK 17), facts known by construction. */
const DIR = join(import.meta.dirname, '../../../samples/java-oom');
const manifestPath = join(DIR, 'manifest.json');
const have = existsSync(manifestPath) && existsSync(join(DIR, 'artifacts/threaddump.txt'));

interface ThreadDumpFacts {
  capturedAt: string;
  threadStates: Record<string, string>;
  monitorHeldBy: string;
  blockedOnMonitor: string[];
}
const manifest = have
  ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      facts: { threadDump: ThreadDumpFacts; javaRuntimeVersion: string };
      artifacts: { file: string; kind: string; bytes: number }[];
    })
  : undefined;
const bytes = () => readFileSync(join(DIR, 'artifacts/threaddump.txt'));

describe.skipIf(!have)('samples/java-oom threaddump.txt', () => {
  const facts = manifest!.facts.threadDump;

  it('every thread the program names has the state the manifest says', async () => {
    const o = await openThreadDump(bytesSource('threaddump.txt', bytes()));
    expect(o.truncated).toBe(false);
    expect(o.warnings).toEqual([]);
    const b = o.threads!;
    const states: Record<string, string> = {};
    for (const g of b.groups) for (const n of g.threadNames) states[n] = g.state;
    for (const [name, state] of Object.entries(facts.threadStates)) expect(states[name]).toBe(state);
    // Every thread sits in exactly one group, and byState adds up to the total.
    expect(b.groups.reduce((s, g) => s + g.count, 0)).toBe(b.total);
    expect(Object.values(b.byState).reduce((s, n) => s + n, 0)).toBe(b.total);
    expect(b.byState.BLOCKED).toBe(Object.values(facts.threadStates).filter((s) => s === 'BLOCKED').length);
    expect(String(b.vm)).toContain(manifest!.facts.javaRuntimeVersion);
  });

  it('the lock convoy: the monitor held by the manifest holder, the BLOCKED writers waiting for it', async () => {
    const o = await openThreadDump(bytesSource('threaddump.txt', bytes()));
    const b = o.threads!;
    const held = b.locks.filter((l) => l.owner === facts.monitorHeldBy && l.waiters.length > 0);
    expect(held).toHaveLength(1);
    expect([...held[0].waiters].sort()).toEqual([...facts.blockedOnMonitor].sort());
    // It is the worst contended lock, and the top suspect.
    expect(b.locks[0].monitor).toBe(held[0].monitor);
    const convoys = b.convoys as { owner: string; waiters: string[]; ownerFrames: string[] }[];
    expect(convoys[0].owner).toBe(facts.monitorHeldBy);
    expect(convoys[0].ownerFrames.length).toBeGreaterThan(0);
    expect(b.deadlocks).toEqual([]);
  });

  it('pools by name prefix: the four order-export workers are one pool in one state', async () => {
    const o = await openThreadDump(bytesSource('threaddump.txt', bytes()));
    const workers = Object.entries(facts.threadStates).filter(([n]) => n.startsWith('order-export-worker-'));
    const pool = o.threads!.pools.find((p) => p.name === 'order-export-worker')!;
    expect(pool.count).toBe(workers.length);
    expect(pool.byState).toEqual({ [workers[0][1]]: workers.length });
    // They share one stack, so they are one group too.
    const g = o.threads!.groups.find((x) => x.threadNames.includes(workers[0][0]))!;
    expect(g.count).toBe(workers.length);
  });

  it("capturedAt from the dump's timestamp line is within a second of the manifest", async () => {
    const o = await openThreadDump(bytesSource('threaddump.txt', bytes()));
    expect(Math.abs(o.capturedAtMs! - Date.parse(facts.capturedAt))).toBeLessThan(1000);
  });

  it('through the engine: sniffed, queried for a blocked thread with its lock lines and the holder', async () => {
    const engine = new Engine();
    const { id, result } = await engine.open(bytesSource('threaddump.txt', bytes()));
    expect(result.format).toBe('java-thread-dump');
    expect(result.threads?.total).toBeGreaterThan(0);
    const writer = facts.blockedOnMonitor[0];
    const index = engine.query(id, 'indexOf', writer) as number;
    const detail = engine.query(id, 'thread', index) as ThreadDetail;
    expect(detail.state).toBe('BLOCKED');
    expect(detail.waitsFor).toMatchObject({ owner: facts.monitorHeldBy, action: 'waiting to lock' });
    expect(detail.lines.some((l) => l.kind === 'lock' && l.text.startsWith('- waiting to lock <0x'))).toBe(
      true,
    );
    const holder = engine.query(
      id,
      'thread',
      engine.query(id, 'indexOf', facts.monitorHeldBy) as number,
    ) as ThreadDetail;
    expect(holder.holds).toHaveLength(1);
    expect([...holder.holds[0].waiters].sort()).toEqual([...facts.blockedOnMonitor].sort());
    const page = engine.query(id, 'threads', { state: 'BLOCKED' }) as { total: number };
    expect(page.total).toBe(facts.blockedOnMonitor.length);
  });

  it('compared with itself minus the writers: they are gone, the rest are stuck in the same frame', async () => {
    const text = bytes().toString('utf8');
    const blocks = text.split('\n\n');
    const without = blocks
      .filter((b) => !facts.blockedOnMonitor.some((n) => b.startsWith(`"${n}"`)))
      .join('\n\n');
    const engine = new Engine();
    const a = await engine.open(bytesSource('a.txt', bytes()));
    const c = await engine.open(bytesSource('b.txt', new TextEncoder().encode(without)));
    const cmp = engine.compare(a.id, c.id) as {
      goneThreads: { name: string }[];
      newThreads: unknown[];
      stuck: { name: string; sameStack: boolean }[];
    };
    expect(cmp.goneThreads.map((t) => t.name).sort()).toEqual([...facts.blockedOnMonitor].sort());
    expect(cmp.newThreads).toEqual([]);
    expect(cmp.stuck.map((s) => s.name)).toContain(facts.monitorHeldBy);
    expect(cmp.stuck.every((s) => s.sameStack)).toBe(true);
  });
});
