import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeapBlock } from '../../../../contract/inspect.ts';
import { bytesSource } from '../../../../workers/core/byte-source.ts';
import { hprofHandler } from '../../../../workers/formats/hprof/handler.ts';
import {
  classDeltas,
  codeSpans,
  fieldsByOwner,
  type JavaField,
  javaExtras,
  previewString,
  unreachableRows,
} from './java.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const DUMP = join(ROOT, 'samples', 'java-oom', 'artifacts', 'heap.hprof.gz');
const MANIFEST = join(ROOT, 'samples', 'java-oom', 'manifest.json');

describe('codeSpans', () => {
  it('splits engine prose on paired backticks', () => {
    expect(codeSpans('4,045 instances of `OrderAggregate` held by `ArrayList`.')).toEqual([
      { text: '4,045 instances of ', code: false },
      { text: 'OrderAggregate', code: true },
      { text: ' held by ', code: false },
      { text: 'ArrayList', code: true },
      { text: '.', code: false },
    ]);
  });
  it('leaves text with an unpaired backtick alone', () => {
    expect(codeSpans('a `b c')).toEqual([{ text: 'a `b c', code: false }]);
    expect(codeSpans('')).toEqual([]);
  });
});

describe('unreachableRows', () => {
  it('keeps well-formed rows of the unreachable histogram and drops the rest (old autosaves, Go dumps)', () => {
    const heap = {
      unreachableHistogram: [
        { type: 'byte[]', count: 3, shallowBytes: 300 },
        { type: 'x', count: 'many', shallowBytes: 1 },
        null,
      ],
    } as unknown as HeapBlock;
    expect(unreachableRows(heap)).toEqual([{ type: 'byte[]', count: 3, shallowBytes: 300 }]);
    expect(unreachableRows({} as HeapBlock)).toEqual([]);
  });
});

describe('previewString', () => {
  it('quotes, escapes control characters and cuts long values', () => {
    expect(previewString('a\nb')).toBe('"a\\nb"');
    expect(previewString('<script>x', 3)).toBe('"<sc…"');
  });
});

describe('fieldsByOwner', () => {
  it('keeps runs of fields of one declaring class together, in order', () => {
    const f = (name: string, owner: string): JavaField => ({ name, owner, type: 'int', value: '1' });
    const g = fieldsByOwner([f('a', 'B'), f('b', 'B'), f('c', 'A'), f('d', 'B')]);
    expect(g.map((x) => [x.owner, x.fields.map((y) => y.name).join('')])).toEqual([
      ['B', 'ab'],
      ['A', 'c'],
      ['B', 'd'],
    ]);
  });
});

describe('javaExtras', () => {
  it('finds nothing Java in a Go-like block', () => {
    const block: HeapBlock = {
      objects: 1,
      edges: 0,
      totalBytes: 8,
      reachableBytes: 8,
      gcRoots: 1,
      top: [],
      histogram: [],
      suspects: [],
      rootsByKind: { bss: 1 },
    };
    const j = javaExtras(block);
    expect(j.threads).toBeUndefined();
    expect(j.unclosed).toBeUndefined();
    expect(j.duplicates).toBeUndefined();
    expect(j.rootsByKind).toBeUndefined();
    expect(j.convention).toBeUndefined();
    expect(j.hprof).toBeUndefined();
  });

  it('drops malformed entries instead of passing them to the view', () => {
    const j = javaExtras({
      objects: 0,
      edges: 0,
      totalBytes: 0,
      reachableBytes: 0,
      gcRoots: 0,
      top: [],
      histogram: [],
      suspects: [],
      threads: [{ name: 'ok', serial: 1, frames: ['a', 3] }, null, 'x'],
      unclosedResources: { groups: [{ type: 'T', count: 2 }, { type: 3 }] },
      duplicateStrings: { top: [{ value: 'v', count: 2, wastedBytes: 24 }, { value: 1 }] },
      gcRootsByKind: { Thread: 2, bad: 'x' },
      // deliberately malformed: a block from an old or hand-edited incident file
    } as unknown as HeapBlock);
    expect(j.threads).toEqual([{ serial: 1, name: 'ok', id: -1, retainedBytes: 0, frames: ['a'] }]);
    expect(j.unclosed?.groups.length).toBe(1);
    expect(j.unclosed?.open).toBe(2);
    expect(j.duplicates?.top.length).toBe(1);
    expect(j.rootsByKind).toEqual({ Thread: 2 });
  });

  it.skipIf(!existsSync(DUMP))(
    'reads the Java sample block: threads, unclosed streams, strings, roots, convention',
    async () => {
      const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
        artifacts: { file: string; idSize?: number }[];
        facts: Record<string, unknown>;
      };
      const entry = manifest.artifacts.find((a) => a.file.endsWith('heap.hprof.gz'));
      const ctx = { signal: new AbortController().signal, onProgress: () => {} };
      const opened = await hprofHandler.open(bytesSource('heap.hprof.gz', readFileSync(DUMP)), ctx, {});
      const heap = opened.heap as HeapBlock;
      const j = javaExtras(heap);

      expect(j.hprof?.idSize).toBe(entry?.idSize);
      expect(j.hprof?.gzip).toBe(true);
      expect(j.convention).toMatch(/VisualVM/);

      // the thread that hit the OOM is there, named, with its stack through the export service
      const main = j.threads?.find((t) => t.name === 'main');
      expect(main).toBeDefined();
      expect(main?.id).toBeGreaterThan(0);
      expect(main?.frames.some((f) => f.includes('OrderExportService.exportOrder'))).toBe(true);

      // the seed defect: the open BufferedInputStreams held by OrderAggregate.attachment
      const g = j.unclosed?.groups[0];
      expect(g?.type).toBe('java.io.BufferedInputStream');
      expect(g?.owner).toBe('com.example.order.domain.OrderAggregate');
      expect(g?.field).toBe('attachment');
      const suspect = heap.suspects[0] as { accumulatedCount?: number; staticField?: string };
      // one open stream per accumulated order
      expect(g?.count).toBe(suspect.accumulatedCount);
      expect(g?.count).toBe(manifest.facts.bufferedInputStreamsHeldByOrderAggregates);
      expect(suspect.accumulatedCount).toBe(manifest.facts.orderAggregateCount);
      expect(`com.example.order.${suspect.staticField}`).toBe(manifest.facts.staticField);
      // System.in, the one other BufferedInputStream, is a standard stream: not listed as a leak
      const others = (j.unclosed?.groups ?? []).filter(
        (x) => x.type === 'java.io.BufferedInputStream' && x !== g,
      );
      expect(others).toEqual([]);

      // duplicate strings: counts and wasted bytes agree with the summary
      expect(j.duplicates?.total).toBeGreaterThan(0);
      const topWaste = (j.duplicates?.top ?? []).reduce((s, d) => s + d.wastedBytes, 0);
      expect(topWaste).toBeLessThanOrEqual(j.duplicates?.wastedBytes ?? 0);

      // every thread is one "Thread" root record
      expect(j.rootsByKind?.Thread).toBe(j.threads?.length);

      // the Fields section's data: an OrderAggregate has its attachment field pointing at the stream
      const q = opened.queries as Record<string, (...a: unknown[]) => Promise<unknown> | unknown>;
      const holder = (await q.node(g?.sample)) as { incoming: { rows: { id: number; type: string }[] } };
      const owner = holder.incoming.rows.find((r) => r.type === g?.owner);
      expect(owner).toBeDefined();
      const fields = (await q.fields(owner?.id)) as JavaField[];
      const attachment = fields.find((f) => f.name === 'attachment');
      expect(attachment?.ref).toBe(g?.sample);
      const groups = fieldsByOwner(fields);
      expect(groups[0].owner).toBe('com.example.order.domain.OrderAggregate');
      const customer = fields.find((f) => f.name === 'customerId');
      const text = (await q.stringValue(customer?.ref)) as string;
      expect(text).toMatch(/^CUST-\d+$/);

      // comparing the dump with itself: a class histogram with nothing changed
      const cmp = classDeltas(await hprofHandler.compare?.(opened, opened));
      expect(cmp).toEqual({ rows: [], totalDeltaBytes: 0, grown: 0 });
    },
  );
});

describe('classDeltas', () => {
  it('reads the HPROF comparison and ignores other shapes', () => {
    const row = {
      type: 'A',
      baseCount: 1,
      count: 3,
      deltaCount: 2,
      baseBytes: 16,
      bytes: 48,
      deltaBytes: 32,
    };
    expect(classDeltas({ rows: [row, { type: 1 }] })).toEqual({ rows: [row], totalDeltaBytes: 32, grown: 1 });
    expect(classDeltas({ newObjects: 3 })).toBeUndefined();
    expect(classDeltas(undefined)).toBeUndefined();
  });
});
