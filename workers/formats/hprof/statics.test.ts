import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeapBlock } from '../../../contract/inspect.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import { type HprofArtifactModel, hprofHandler } from './handler.ts';
import { K_CLASS } from './parser.ts';
import type { JavaSuspectExtras } from './suspects.ts';
import { HprofValues } from './values.ts';

/** samples/java-statics: statics held through the application class loader (see its manifest). */
const dir = join(dirname(new URL(import.meta.url).pathname), '../../../samples/java-statics');
const manifestPath = join(dir, 'manifest.json');

interface DumpFacts {
  file: string;
  inFlightExports: number;
  inFlightBeforeDrop: number;
  auditRingFilled: number;
  documentBytes: number;
  orderAggregatesInDump: number;
}
interface Manifest {
  facts: {
    leakingField: string;
    leakingFieldType: string;
    leakingClass: string;
    secondField: string;
    secondFieldType: string;
    secondClass: string;
    live: DumpFacts;
    dropped: DumpFacts;
  };
}

const manifest = existsSync(manifestPath)
  ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
  : undefined;
const have = (f?: DumpFacts) => !!f && existsSync(join(dir, f.file));

type Suspect = HeapBlock['suspects'][number] & Partial<JavaSuspectExtras>;
const short = (cls: string) => cls.slice(cls.lastIndexOf('.') + 1);

describe.skipIf(!have(manifest?.facts.live))(
  'hprof suspects on a live dump whose statics the class loader holds',
  () => {
    const f = manifest?.facts as Manifest['facts'];
    let opened: Awaited<ReturnType<typeof hprofHandler.open>>;
    let suspects: Suspect[];
    beforeAll(async () => {
      const path = join(dir, f.live.file);
      opened = await hprofHandler.open(bytesSource(path, readFileSync(path)), {}, {});
      suspects = (opened.heap?.suspects ?? []) as Suspect[];
    }, 120_000);

    it('descends through the loader and names the static map, its class and what it accumulates', () => {
      const top = suspects[0];
      // static com.example.statics.OrderExportService.IN_FLIGHT_EXPORTS (java.util.concurrent.ConcurrentHashMap)
      expect(top.title).toMatch(
        new RegExp(
          `^static ${f.leakingField.replace(/\./g, '\\.')} \\(${f.leakingFieldType.replace(/\./g, '\\.')}\\) retains \\d+\\.\\d MiB \\(\\d+(\\.\\d)? %\\): `,
        ),
      );
      expect(top.title).toContain(
        `: ${f.live.inFlightExports.toLocaleString('en')} ${short(f.leakingClass)} values`,
      );
      expect(top.holder).toBe(`static ${f.leakingField}`);
      expect(top.holderType).toBe(f.leakingFieldType);
      expect(top.accumulatedType).toBe(f.leakingClass);
      expect(top.accumulatedCount).toBe(f.live.inFlightExports);
      // 4,000 orders × a 10 KiB document each at least
      expect(top.retainedBytes).toBeGreaterThan(f.live.inFlightExports * f.live.documentBytes);
      expect(top.percent).toBeGreaterThan(80);
      expect(top.title).not.toMatch(/ClassLoader/);
    });

    it('ranks the second static (the ring buffer) as a suspect of its own, and nothing twice', () => {
      const second = suspects[1];
      expect(second.holder).toBe(`static ${f.secondField}`);
      expect(second.title).toContain(`static ${f.secondField} (${f.secondFieldType}) retains`);
      expect(second.accumulatedType).toBe(f.secondClass);
      expect(second.accumulatedCount).toBe(f.live.auditRingFilled);
      expect(second.retainedBytes).toBeLessThan(suspects[0].retainedBytes);
      expect(second.percent).toBeGreaterThan(5);
      // the class vector's Object[], the ArrayList of classes, the map's byte[] documents: all
      // inside the two statics above, so no group suspect repeats them
      expect(suspects).toHaveLength(2);
    });

    it('gives every suspect its path from the GC root with the field and index names', async () => {
      const top = suspects[0];
      const steps = top.pathSteps ?? [];
      const fields = steps.slice(1).map((s) => s.field);
      const field = f.leakingField.slice(f.leakingField.lastIndexOf('.') + 1);
      // AppClassLoader → classes → elementData → [i] → class … → IN_FLIGHT_EXPORTS → table → [j] → val
      expect(steps[0].type).toMatch(/AppClassLoader$/);
      expect(fields.slice(0, 2)).toEqual(['classes', 'elementData']);
      expect(fields.slice(-4)).toEqual([field, 'table', expect.stringMatching(/^\[\d+\]$/), 'val']);
      expect(steps.at(-1)?.type).toBe(f.leakingClass);
      expect(top.pathText).toMatch(
        new RegExp(
          `→ class ${f.leakingField.slice(0, f.leakingField.lastIndexOf('.')).replace(/\./g, '\\.')} → ${field} → table → \\[\\d+\\] → val$`,
        ),
      );
      // each name is the field that really holds the next object, as the inspector decodes it
      const m = (opened.model as HprofArtifactModel).hprof;
      const values = new HprofValues(m);
      const decoded = await values.fields(steps.map((s) => s.id));
      for (let i = 1; i < steps.length; i++) {
        const from = steps[i - 1];
        const name = steps[i].field ?? '';
        if (name.startsWith('[')) continue; // array elements have no decoded fields
        const byName = decoded.get(from.id)?.find((x) => x.name === name);
        expect(byName?.ref, `${from.label} . ${name}`).toBe(steps[i].id);
        if (m.kindOf(from.id) === K_CLASS) expect(byName?.owner).toMatch(/^static /);
      }
      expect(suspects[1].pathText).toMatch(/→ RING → \[\d+\]$/);
    });

    it('names the fields on the inspector’s paths to GC roots', async () => {
      const engine = new Engine();
      const path = join(dir, f.live.file);
      const { id, result } = await engine.open(bytesSource(path, readFileSync(path)));
      const top = result.heap?.suspects[0] as Suspect;
      const order = top.pathSteps?.at(-1)?.id ?? -1;
      const paths = (await engine.query(id, 'pathsToRoots', order, { max: 1, excludeWeak: true })) as {
        type: string;
        field?: string;
      }[][];
      // [order, node, table, map, class, …]: each row held by the next row's field
      expect(paths[0].slice(0, 4).map((r) => r.field)).toEqual([
        'val',
        expect.stringMatching(/^\[\d+\]$/),
        'table',
        f.leakingField.slice(f.leakingField.lastIndexOf('.') + 1),
      ]);
      expect(paths[0].at(-1)?.field).toBeUndefined();
    }, 120_000);
  },
);

describe.skipIf(!have(manifest?.facts.dropped))('hprof on a dump that is mostly unreachable', () => {
  const f = manifest?.facts as Manifest['facts'];
  let heap: HeapBlock;
  beforeAll(async () => {
    const path = join(dir, f.dropped.file);
    const opened = await hprofHandler.open(bytesSource(path, readFileSync(path)), {}, {});
    heap = opened.heap as HeapBlock;
  }, 120_000);

  it('says so first, with what is big among the unreachable objects', () => {
    const first = heap.suspects[0];
    const unreachable = heap.unreachableBytes as number;
    expect(first.kind).toBe('unreachable');
    expect(first.retainedBytes).toBe(unreachable);
    expect(unreachable).toBeGreaterThan(heap.totalBytes / 2);
    // the dropped orders' documents at least
    expect(unreachable).toBeGreaterThan(f.dropped.inFlightBeforeDrop * f.dropped.documentBytes);
    expect(first.title).toMatch(
      /^\d+\.\d MiB of \d+\.\d MiB \(\d+(\.\d)? %\) in this dump is unreachable: [\d,]+ byte\[\]/,
    );
    expect(first.description).toMatch(/without a full GC/);
    expect(first.description).toMatch(/roots are missing/);
    const rows = heap.unreachableHistogram as { type: string; count: number; shallowBytes: number }[];
    expect(rows[0].type).toBe('byte[]');
    expect(rows[0].count).toBeGreaterThanOrEqual(f.dropped.inFlightBeforeDrop);
    expect(rows[0].shallowBytes).toBeGreaterThan(f.dropped.inFlightBeforeDrop * f.dropped.documentBytes);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i].shallowBytes).toBeLessThanOrEqual(rows[i - 1].shallowBytes);
    // every OrderAggregate is garbage (the map was cleared)
    expect(rows.find((r) => r.type === f.leakingClass)?.count).toBe(f.dropped.orderAggregatesInDump);
  });

  it('still names the live static after the garbage', () => {
    const next = heap.suspects[1] as Suspect;
    expect(next.holder).toBe(`static ${f.secondField}`);
    expect(heap.suspects.some((s) => (s as Suspect).holder === `static ${f.leakingField}`)).toBe(false);
  });
});
