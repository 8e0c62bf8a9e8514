import { describe, expect, it } from 'vitest';
import type { HeapBlock } from '../../../contract/inspect.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { hprofHandler } from './handler.ts';
import type { JavaSuspectExtras } from './suspects.ts';
import { HprofWriter } from './testdata/hprof-writer.ts';

const OBJ = 2;
const BYTE = 8;
const C = { object: 0x1000, holder: 0x1020, item: 0x1030, objArray: 0x1090 };

/**
 * class Holder (a sticky-class root) with two statics, `a` and `b`, each an Object[] of `n`
 * Items with a byte[] of `size[k]` bytes: the class holds the memory, its statics share it.
 */
function twoStatics(n: number, sizes: [number, number]): Uint8Array {
  const w = new HprofWriter(8, '1.0.2');
  (
    [
      [C.object, 'java/lang/Object'],
      [C.holder, 'com/example/Holder'],
      [C.item, 'com/example/Item'],
      [C.objArray, '[Ljava/lang/Object;'],
    ] as [number, string][]
  ).forEach(([id, name], i) => {
    w.loadClass(i + 1, id, name);
  });
  w.segment();
  w.root(0x05, C.holder);
  w.classDump(C.object, 0, []);
  w.classDump(
    C.holder,
    C.object,
    [],
    [
      { name: 'a', type: OBJ, value: 0x5000 },
      { name: 'b', type: OBJ, value: 0x5100 },
    ],
  );
  w.classDump(C.item, C.object, [{ name: 'data', type: OBJ }]);
  w.classDump(C.objArray, C.object, []);
  for (const [k, arr] of [0x5000, 0x5100].entries()) {
    const items = Array.from({ length: n }, (_, i) => 0x10000 * (k + 1) + i * 0x100);
    w.objectArray(arr, C.objArray, items);
    for (const it of items) {
      w.instance(it, C.item, [{ type: OBJ, value: it + 0x10 }]);
      w.primitiveArray(it + 0x10, BYTE, new Uint8Array(sizes[k]));
    }
  }
  w.end();
  return w.bytes();
}

type Suspect = HeapBlock['suspects'][number] & Partial<JavaSuspectExtras>;
const open = async (bytes: Uint8Array) =>
  ((await hprofHandler.open(bytesSource('t.hprof', bytes), {}, {})).heap?.suspects ?? []) as Suspect[];

describe('Java suspects when the memory is split', () => {
  it('a class whose two statics share its memory gives one suspect per static, biggest first', async () => {
    const suspects = await open(twoStatics(10, [1000, 900]));
    expect(suspects.map((s) => s.holder)).toEqual([
      'static com.example.Holder.a',
      'static com.example.Holder.b',
    ]);
    expect(suspects[0].title).toMatch(
      /^static com\.example\.Holder\.a \(java\.lang\.Object\[\]\) retains .*: 10 Item$/,
    );
    expect(suspects[0].retainedBytes).toBeGreaterThan(suspects[1].retainedBytes);
    expect(suspects.some((s) => s.title.startsWith('class '))).toBe(false);
    expect(suspects[1].pathText).toMatch(/^class com\.example\.Holder · System class → b → \[\d\]$/);
  });

  it('a static that keeps most of the class is followed through it, and a small one above half the threshold ranks second', async () => {
    // a: 10 × 1000 bytes, b: 10 × 30 bytes, about 6 % of the heap
    const suspects = await open(twoStatics(10, [1000, 30]));
    expect(suspects.map((s) => s.holder)).toEqual([
      'static com.example.Holder.a',
      'static com.example.Holder.b',
    ]);
    expect(suspects[0].percent).toBeGreaterThan(80);
    expect(suspects[1].percent).toBeGreaterThan(5);
    expect(suspects[1].percent).toBeLessThan(10);
    // under half the threshold, it is no suspect
    expect((await open(twoStatics(10, [2000, 1]))).map((s) => s.holder)).toEqual([
      'static com.example.Holder.a',
    ]);
  });
});
