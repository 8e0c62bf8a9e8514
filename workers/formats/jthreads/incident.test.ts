import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import { makeArtifact } from '../../incident/artifacts.ts';
import { computeFindings } from '../../incident/findings.ts';
import { newIncident } from '../../incident/model.ts';
import { buildTimeline } from '../../incident/timeline.ts';

/** The thread dump as incident evidence: a moment on the timeline, findings for convoys and deadlocks. */
const JAVA = join(import.meta.dirname, '../../../samples/java-oom');
const have = existsSync(join(JAVA, 'artifacts/threaddump.txt'));
const TESTDATA = join(import.meta.dirname, 'testdata');

async function incidentWith(file: string, path: string) {
  const { result } = await new Engine().open(bytesSource(file, readFileSync(path)));
  const a = makeArtifact({ id: 't1', path, sha256: '0'.repeat(64), result });
  return { incident: newIncident({ nowMs: 0, artifacts: [a] }), result };
}

describe('thread dumps in an incident', () => {
  it.skipIf(!have)(
    'the sample dump: a warning moment at its capture time and a convoy finding on ledger-flush',
    async () => {
      const manifest = JSON.parse(readFileSync(join(JAVA, 'manifest.json'), 'utf8')) as {
        facts: { threadDump: { monitorHeldBy: string; blockedOnMonitor: string[] } };
      };
      const facts = manifest.facts.threadDump;
      const { incident, result } = await incidentWith(
        'threaddump.txt',
        join(JAVA, 'artifacts/threaddump.txt'),
      );
      const ev = buildTimeline(incident).events.find((e) => e.kind === 'thread-dump')!;
      expect(ev.t).toBe(result.capturedAtMs);
      expect(ev.severity).toBe('warning');
      expect(ev.label).toBe(
        `Thread dump threaddump.txt: ${result.threads!.total} threads, ${facts.blockedOnMonitor.length} BLOCKED`,
      );
      const convoys = computeFindings(incident).filter((f) => f.kind === 'lock-convoy');
      expect(convoys).toHaveLength(1);
      expect(convoys[0].facts?.owner).toBe(facts.monitorHeldBy);
      expect(convoys[0].numbers.waiters).toBe(facts.blockedOnMonitor.length);
      expect(convoys[0].evidence[0]).toMatchObject({
        artifactId: 't1',
        view: 'threads',
        item: facts.monitorHeldBy,
      });
    },
  );

  it('a JVM-reported deadlock is a critical finding and a critical moment', async () => {
    const { incident } = await incidentWith('jdk8.txt', join(TESTDATA, 'jdk8-deadlock-l.txt'));
    const [d] = computeFindings(incident).filter((f) => f.kind === 'deadlock');
    expect(d.severity).toBe('critical');
    expect(d.facts?.source).toBe('both');
    expect(d.subject.split(' ↔ ').sort()).toEqual(['Thread-0', 'Thread-1']);
    const ev = buildTimeline(incident).events.find((e) => e.kind === 'thread-dump')!;
    expect(ev.severity).toBe('critical');
    expect(ev.label).toMatch(/8 threads, 2 BLOCKED, 1 deadlock$/);
  });
});
