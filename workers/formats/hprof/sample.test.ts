import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { HeapBlock } from '../../../contract/inspect.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import type { HprofArtifactModel } from './handler.ts';
import { hprofHandler } from './handler.ts';
import { K_INSTANCE } from './parser.ts';

const root = join(dirname(new URL(import.meta.url).pathname), '../../..');
const manifestPath = join(root, 'samples/java-oom/manifest.json');

interface Manifest {
  artifacts: { file: string; kind: string; uncompressedSha256?: string; capturedAt?: string }[];
  facts: Record<string, unknown>;
}

const manifest: Manifest | undefined = existsSync(manifestPath)
  ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
  : undefined;
const artifact = manifest?.artifacts.find((a) => a.kind === 'hprof');
const dumpPath = artifact ? join(root, 'samples/java-oom', artifact.file) : '';
const haveSample = !!artifact && existsSync(dumpPath);

const peer = JSON.parse(
  readFileSync(join(dirname(new URL(import.meta.url).pathname), 'testdata/visualvm-retained.json'), 'utf8'),
) as {
  dumpSha256: string;
  holder: string;
  holderClass: string;
  retainedSize: number;
  classes: Record<string, { count: number; instanceSize: number }>;
};

describe.skipIf(!haveSample)('hprof on the Java OOM sample (samples/java-oom)', () => {
  const facts = manifest?.facts ?? {};
  let opened: Awaited<ReturnType<typeof hprofHandler.open>>;
  let heap: HeapBlock;

  it('opens the gzip dump', async () => {
    const bytes = readFileSync(dumpPath);
    opened = await hprofHandler.open(bytesSource(dumpPath, bytes), {}, {});
    if (!opened.heap) throw new Error('no heap block');
    heap = opened.heap;
    expect(opened.truncated).toBe(false);
    expect(heap.objects).toBeGreaterThan(Number(facts.hprofInstances));
    // capturedAt of the dump (HPROF header timestamp) is the manifest's, to the millisecond
    if (artifact?.capturedAt) expect(opened.capturedAtMs).toBe(Date.parse(artifact.capturedAt));
  }, 120_000);

  it('counts instances and classes as the manifest says', () => {
    const m = (opened.model as HprofArtifactModel).hprof;
    let instances = 0;
    for (let i = 0; i < m.graph.nodeCount; i++) if (m.kindOf(i) === K_INSTANCE) instances++;
    expect(instances).toBe(facts.hprofInstances);
    const count = (t: string) => heap.histogram.find((h) => h.type === t)?.count;
    expect(count(String(facts.leakingClass))).toBe(facts.orderAggregateCount);
    expect(count('java.io.BufferedInputStream')).toBe(facts.bufferedInputStreamCount);
    const full = (opened.model as HprofArtifactModel).histogram;
    expect(full.get('java.io.ByteArrayInputStream')?.count).toBe(facts.byteArrayInputStreamCount);
    expect(full.get(`${facts.leakingClass}$LineItem`)?.count).toBe(facts.lineItemCount);
  });

  it('names the static collection as the top suspect, retaining what VisualVM says (±1 %)', () => {
    const s = heap.suspects[0] as {
      description: string;
      staticField?: string;
      holderType?: string;
      accumulatedType?: string;
      accumulatedCount?: number;
      retainedBytes: number;
    };
    const field = String(facts.staticField); // com.example.order.OrderExportService.pending
    const shortField = field.split('.').slice(-2).join('.');
    expect(s.staticField).toBe(shortField);
    expect(s.holderType).toBe(peer.holderClass);
    expect(s.accumulatedType).toBe(facts.leakingClass);
    expect(s.accumulatedCount).toBe(facts.orderAggregateCount);
    expect(s.description).toContain(`held by \`ArrayList\` in static field \`${shortField}\``);
    // the title names the static field with its class and what it accumulates; the path names fields
    const t = s as { title?: string; pathText?: string };
    expect(t.title).toMatch(
      new RegExp(
        `^static ${field.replace(/\./g, '\\.')} \\(java\\.util\\.ArrayList\\) retains [\\d.]+ MiB \\([\\d.]+ %\\): ${Number(facts.orderAggregateCount).toLocaleString('en')} OrderAggregate$`,
      ),
    );
    expect(t.pathText).toMatch(
      /→ class com\.example\.order\.OrderExportService → pending → elementData → \[\d+\]$/,
    );
    // the static list is the one suspect: its OrderAggregate, Object[] and byte[] groups are its memory
    expect(heap.suspects).toHaveLength(1);
    expect(
      artifact?.uncompressedSha256,
      'visualvm-retained.json was captured on another dump: re-run bench/peer-visualvm/capture-sample.sh',
    ).toBe(peer.dumpSha256);
    expect(peer.holder).toBe(field);
    expect(Math.abs(s.retainedBytes - peer.retainedSize) / peer.retainedSize).toBeLessThan(0.01);
    // shallow sizes follow VisualVM's convention
    const m = (opened.model as HprofArtifactModel).hprof;
    const agg = peer.classes[String(facts.leakingClass)];
    expect(agg.count).toBe(facts.orderAggregateCount);
    const full = (opened.model as HprofArtifactModel).histogram.get(String(facts.leakingClass));
    expect(full?.shallowBytes).toBe(agg.count * agg.instanceSize);
    expect(m.sizing.oopSize).toBe(4);
  });

  it('finds the unclosed BufferedInputStreams and names their owner class and field', () => {
    const u = heap.unclosedResources as {
      open: number;
      standard: number;
      groups: { type: string; owner: string; field?: string; count: number; description: string }[];
    };
    const g = u.groups[0];
    expect(g.type).toBe('java.io.BufferedInputStream');
    expect(g.owner).toBe(facts.leakingClass);
    expect(g.field).toBe('attachment');
    expect(g.count).toBe(facts.bufferedInputStreamsHeldByOrderAggregates);
    expect(g.description).toContain('`OrderAggregate.attachment`');
    // System.in (the other BufferedInputStream) and System.out/err stay open by design: counted
    // apart as standard streams, not reported as leaks
    const bis = u.groups.filter((x) => x.type === 'java.io.BufferedInputStream');
    expect(bis.reduce((n, x) => n + x.count, 0)).toBe(facts.bufferedInputStreamsHeldByOrderAggregates);
    expect(u.groups.some((x) => x.owner === 'class java.lang.System')).toBe(false);
    expect(u.standard).toBeGreaterThanOrEqual(Number(facts.otherBufferedInputStreams));
  });

  it('labels thread roots with thread names and stack frames', () => {
    const threads = heap.threads as { name: string; frames: string[] }[];
    const names = threads.map((t) => t.name);
    for (const n of Object.keys(
      (facts.threadDump as { threadStates: Record<string, string> }).threadStates,
    )) {
      expect(names).toContain(n);
    }
    const main = threads.find((t) => t.name === 'main');
    expect(main?.frames.some((f) => f.startsWith('com.example.order.OrderExportService.main('))).toBe(true);
  });

  it('a dump cut short (the OOM killed the writer) opens with what was read', async () => {
    const raw = gunzipSync(readFileSync(dumpPath));
    const cut = Math.floor(raw.length * 0.6);
    const part = await hprofHandler.open(bytesSource('cut.hprof', raw.subarray(0, cut)), {}, {});
    expect(part.truncated).toBe(true);
    expect(part.truncatedAt).toBeLessThanOrEqual(cut);
    expect(part.truncatedAt).toBeGreaterThan(cut - 70_000);
    const n = part.heap?.histogram.find((h) => h.type === facts.leakingClass)?.count ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(Number(facts.orderAggregateCount));
  }, 120_000);

  it('through the engine: sniffed as hprof, paths to roots reach the static field without weak refs', async () => {
    const engine = new Engine();
    const { id, result } = await engine.open(bytesSource(dumpPath, readFileSync(dumpPath)));
    expect(result.format).toBe('hprof');
    const suspect = result.heap?.suspects[0] as unknown as { id: number; accumulationId: number };
    const page = (await engine.query(id, 'children', suspect.accumulationId, { limit: 1 })) as {
      total: number;
      rows: { id: number; type: string }[];
    };
    expect(page.total).toBe(facts.orderAggregateCount);
    const order = page.rows[0];
    expect(order.type).toBe(facts.leakingClass);
    const paths = (await engine.query(id, 'pathsToRoots', order.id, { max: 1, excludeWeak: true })) as {
      label: string;
    }[][];
    const labels = paths[0].map((r) => r.label);
    expect(labels).toContain('class com.example.order.OrderExportService');
    const fields = (await engine.query(id, 'fields', order.id)) as { name: string; value: string }[];
    expect(fields.find((f) => f.name === 'orderId')?.value).toMatch(/^\d+$/);
  }, 120_000);
});
