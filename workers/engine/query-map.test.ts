import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bytesSource } from '../core/byte-source.ts';
import type { GroupRow } from '../formats/goroutines/analyze.ts';
import type { GoroutineComparison } from '../formats/goroutines/compare.ts';
import type { HeapNodeRow, HeapPage } from '../graph/queries.ts';
import { Engine } from './engine.ts';
import type { CompareMap, QueryArgs, QueryResult } from './query-map.ts';

const DIR = join(import.meta.dirname, '../../samples/go-leak/artifacts');
const open = (engine: Engine, name: string) =>
  engine.open(bytesSource(name, new Uint8Array(readFileSync(join(DIR, name)))));

describe('typed query families', () => {
  it('types names, arguments and results from the handlers', () => {
    expectTypeOf<QueryResult<'heap', 'children'>>().toEqualTypeOf<HeapPage<HeapNodeRow>>();
    expectTypeOf<QueryArgs<'heap', 'search'>>().toEqualTypeOf<[text: string, limit?: number]>();
    expectTypeOf<QueryResult<'goroutines', 'groups'>['rows']>().toEqualTypeOf<GroupRow[]>();
    // an async handler query resolves to its value once it crossed the boundary
    expectTypeOf<QueryResult<'hprof', 'stringValue'>>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CompareMap['goroutines']>().toEqualTypeOf<GoroutineComparison>();
    const engine = new Engine();
    // @ts-expect-error: a GC log has no `children`
    expect(() => engine.queryAs('gc', 'a0', 'children', 0)).toThrow(/no open artifact/);
    // @ts-expect-error: `search` takes text first
    expect(() => engine.queryAs('heap', 'a0', 'search', 42)).toThrow(/no open artifact/);
  });

  it('answers the family the format speaks and refuses another', async () => {
    const engine = new Engine();
    const { id } = await open(engine, 'goroutines-2.debug2.txt');
    const counts = engine.queryAs('goroutines', id, 'countsByKey');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(engine.result(id)?.goroutines?.total);
    expect(() => engine.queryAs('heap', id, 'roots', {})).toThrow(
      'goroutine-dump does not answer heap queries',
    );
    expect(() => engine.compareAs('profile', id, id)).toThrow('goroutine-dump does not answer profile');
  });

  it('compares by family with the typed result', async () => {
    const engine = new Engine();
    const a = await open(engine, 'goroutines-1.debug2.txt');
    const b = await open(engine, 'goroutines-3.debug2.txt');
    const cmp = engine.compareAs('goroutines', a.id, b.id);
    expect(cmp.kind).toBe('goroutine-compare');
    expect(cmp.totals).toEqual([
      engine.result(a.id)?.goroutines?.total,
      engine.result(b.id)?.goroutines?.total,
    ]);
  });
});
