import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bytesSource, CancelledError } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { analyzeHeap, isWeakEdge, shortestPathsToRoots } from '../../graph/index.ts';
import { NodeStates } from './grow.ts';
import { hprofHandler } from './handler.ts';
import { IdIndex, K_CLASS, parseHprof, sortedOrder } from './parser.ts';
import { javaClassName } from './records.ts';
import { HprofWriter } from './testdata/hprof-writer.ts';
import { HprofValues } from './values.ts';

const OBJ = 2;
const BOOL = 4;
const BYTE = 8;
const INT = 10;

const C = {
  object: 0x1000,
  string: 0x1010,
  holder: 0x1020,
  item: 0x1030,
  reference: 0x1040,
  weakRef: 0x1050,
  inputStream: 0x1060,
  fis: 0x1070,
  thread: 0x1080,
  objArray: 0x1090,
};

interface Opts {
  idSize?: 4 | 8;
  android?: boolean;
  classesLast?: boolean;
}

const latin1 = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/**
 * A small heap: class Holder's static `items` → Object[3] → 3 Items; each Item has a name String
 * and a 100-byte byte[]; items 0 and 1 hold an open FileInputStream, item 2 a closed one; a
 * WeakReference points at item 0; thread "worker-1" has a Java frame root on item 2.
 */
function buildDump(o: Opts = {}): Uint8Array {
  const w = new HprofWriter(o.idSize ?? 8, o.android ? '1.0.3' : '1.0.2');
  const names: [number, string][] = [
    [C.object, 'java/lang/Object'],
    [C.string, 'java/lang/String'],
    [C.holder, 'com/example/Holder'],
    [C.item, 'com/example/Item'],
    [C.reference, 'java/lang/ref/Reference'],
    [C.weakRef, 'java/lang/ref/WeakReference'],
    [C.inputStream, 'java/io/InputStream'],
    [C.fis, 'java/io/FileInputStream'],
    [C.thread, 'java/lang/Thread'],
    [C.objArray, '[Ljava/lang/Object;'],
  ];
  names.forEach(([id, n], i) => {
    w.loadClass(i + 1, id, n);
  });
  w.stackFrame(0x9001, 'run', 'Worker.java', 3, 42);
  w.stackFrame(0x9002, 'main', 'Main.java', 3, 7);
  w.stackTrace(1, 1, [0x9001, 0x9002]);

  const classes = () => {
    w.classDump(C.object, 0, []);
    w.classDump(C.string, C.object, [
      { name: 'value', type: OBJ },
      { name: 'coder', type: BYTE },
    ]);
    w.classDump(C.holder, C.object, [], [{ name: 'items', type: OBJ, value: 0x5000 }]);
    w.classDump(C.item, C.object, [
      { name: 'name', type: OBJ },
      { name: 'data', type: OBJ },
      { name: 'in', type: OBJ },
    ]);
    w.classDump(C.reference, C.object, [
      { name: 'referent', type: OBJ },
      { name: 'queue', type: OBJ },
    ]);
    w.classDump(C.weakRef, C.reference, []);
    w.classDump(C.inputStream, C.object, []);
    w.classDump(C.fis, C.inputStream, [
      { name: 'closed', type: BOOL },
      { name: 'fd', type: INT },
    ]);
    w.classDump(C.thread, C.object, [{ name: 'name', type: OBJ }]);
    w.classDump(C.objArray, C.object, []);
  };
  const str = (id: number, arr: number, text: string) => {
    w.instance(id, C.string, [
      { type: OBJ, value: arr },
      { type: BYTE, value: 0 },
    ]);
    w.primitiveArray(arr, BYTE, latin1(text));
  };
  const objects = () => {
    w.objectArray(0x5000, C.objArray, [0x6000, 0x6100, 0x6200]);
    for (let i = 0; i < 3; i++) {
      const base = 0x6000 + i * 0x100;
      w.instance(base, C.item, [
        { type: OBJ, value: base + 0x10 },
        { type: OBJ, value: base + 0x30 },
        { type: OBJ, value: base + 0x40 },
      ]);
      str(base + 0x10, base + 0x20, 'same-name'); // duplicate strings ×3
      w.primitiveArray(base + 0x30, BYTE, new Uint8Array(100).fill(i));
      w.instance(base + 0x40, C.fis, [
        { type: BOOL, value: i === 2 ? 1 : 0 },
        { type: INT, value: 3 + i },
      ]);
    }
    w.instance(0x7000, C.weakRef, [
      { type: OBJ, value: 0x6000 },
      { type: OBJ, value: 0 },
    ]);
    w.instance(0x8000, C.thread, [{ type: OBJ, value: 0x8010 }]);
    str(0x8010, 0x8020, 'worker-1');
    if (o.android) w.primitiveArray(0x8100, INT, [], true);
  };

  w.segment();
  if (o.android) w.heapDumpInfo(1, 'app');
  w.root(0x05, C.holder); // sticky class
  w.root(0x08, 0x8000, [1, 1]); // thread object, serial 1, trace 1
  w.root(0x03, 0x6200, [1, 0]); // java frame, thread 1, depth 0
  w.root(0x01, 0x7000, [], 0xdead); // JNI global (object, global ref id)
  if (o.android) {
    w.root(0x89, 0x8010);
    w.root(0x8a, 0x7000);
    w.root(0x8b, 0x7000);
    w.root(0x8c, 0x7000);
    w.root(0x8d, 0x7000);
    w.root(0x8e, 0x7000, [1, 0]);
    w.root(0x90, 0x8100);
  }
  if (o.classesLast) {
    objects();
    w.segment();
    classes();
  } else {
    classes();
    objects();
  }
  w.record(0x0d, [0, 0, 0, 0, 0, 0, 0, 0]); // CPU SAMPLES: skipped by length
  w.end();
  return w.bytes();
}

const typeCount = (
  g: { nodeCount: number; typeId: Int32Array | Uint16Array; types: string[] },
  t: string,
) => {
  let n = 0;
  for (let i = 1; i < g.nodeCount; i++) if (g.types[g.typeId[i]] === t) n++;
  return n;
};

describe('hprof parser on built dumps', () => {
  for (const idSize of [8, 4] as const) {
    it(`reads classes, instances, arrays and roots with ${idSize}-byte ids and VisualVM sizes`, async () => {
      const m = await parseHprof(bytesSource('t.hprof', buildDump({ idSize })));
      const g = m.graph;
      expect(m.idSize).toBe(idSize);
      expect(m.truncated).toBe(false);
      expect(m.timestampMs).toBe(1_700_000_000_000);
      expect(typeCount(g, 'com.example.Item')).toBe(3);
      expect(typeCount(g, 'java.lang.String')).toBe(4);
      expect(typeCount(g, 'java.io.FileInputStream')).toBe(3);
      expect(typeCount(g, 'java.lang.Object[]')).toBe(1);
      expect(typeCount(g, 'java.lang.Class')).toBe(10);
      // no compressed-oops evidence: references are idSize; header = idSize + oop
      const header = 2 * idSize;
      const item = g.typeId.indexOf(g.types.indexOf('com.example.Item'));
      expect(g.shallow[item]).toBe(Math.ceil((header + 3 * idSize) / 8) * 8);
      const arr = m.nodeOf(0x5000);
      expect(g.shallow[arr]).toBe(Math.ceil((header + 4 + 3 * idSize) / 8) * 8);
      expect(g.shallow[m.nodeOf(0x6030)]).toBe(Math.ceil((header + 4 + 100) / 8) * 8);
      expect(m.roots.byKind).toEqual({ 'System class': 1, Thread: 1, 'Java frame': 1, 'JNI global': 1 });
      // the weak reference's referent edge is marked weak
      const wr = m.nodeOf(0x7000);
      const weakTargets: number[] = [];
      for (let e = g.firstEdge[wr]; e < g.firstEdge[wr + 1]; e++)
        if (isWeakEdge(g, e)) weakTargets.push(g.edgeTarget[e]);
      expect(weakTargets).toEqual([m.nodeOf(0x6000)]);
      expect(m.sizing.oopSize).toBe(idSize);
    });
  }

  it('labels thread roots with names and frames, and finds the static holder as top suspect', async () => {
    const opened = await hprofHandler.open(bytesSource('t.hprof', buildDump()), {}, {});
    const heap = opened.heap;
    if (!heap) throw new Error('no heap block');
    const s = heap.suspects[0] as { description: string; staticField?: string; accumulatedCount?: number };
    expect(s.staticField).toBe('Holder.items');
    // item 0 is also reachable through the weak reference (kept by default, as VisualVM does) and
    // item 2 from a frame root, so the array alone dominates one Item
    expect(s.accumulatedCount).toBe(1);
    expect(s.description).toContain('1 instance of `Item` held by `Object[]` in static field `Holder.items`');
    const threads = heap.threads as { name: string; frames: string[] }[];
    expect(threads[0].name).toBe('worker-1');
    expect(threads[0].frames[0]).toBe('com.example.Holder.run(Worker.java:42)');
    const m = (opened.model as { hprof: Awaited<ReturnType<typeof parseHprof>> }).hprof;
    expect(m.graph.rootLabel.get(m.nodeOf(0x6200))).toBe(
      'Java frame · thread "worker-1" › com.example.Holder.run(Worker.java:42)',
    );
    const unclosed = heap.unclosedResources as {
      open: number;
      closed: number;
      groups: { owner: string; field?: string; count: number }[];
    };
    expect(unclosed.open).toBe(2);
    expect(unclosed.closed).toBe(1);
    expect(unclosed.groups[0]).toMatchObject({ owner: 'com.example.Item', field: 'in', count: 2 });
    const dups = heap.duplicateStrings as { top: { value: string; count: number }[] };
    expect(dups.top[0]).toMatchObject({ value: 'same-name', count: 3 });
  });

  it('decodes fields and strings on demand', async () => {
    const m = await parseHprof(bytesSource('t.hprof', buildDump()));
    const v = new HprofValues(m);
    const item = m.nodeOf(0x6100);
    const f = (await v.fields([item])).get(item);
    expect(f?.map((x) => x.name)).toEqual(['name', 'data', 'in']);
    expect(f?.[2].ref).toBe(m.nodeOf(0x6140));
    const s = await v.strings([m.nodeOf(0x8010)]);
    expect(s.get(m.nodeOf(0x8010))).toBe('worker-1');
    const fis = (await v.fields([m.nodeOf(0x6240)])).get(m.nodeOf(0x6240));
    expect(fis?.find((x) => x.name === 'closed')?.value).toBe('true');
  });

  it('reads instances met before their classes (second look by offset)', async () => {
    const m = await parseHprof(bytesSource('t.hprof', buildDump({ classesLast: true })));
    const a = await analyzeHeap(m.graph, {});
    const holder = m.classes.get(C.holder);
    if (!holder) throw new Error('no Holder class');
    const list = m.nodeOf(0x5000);
    expect(a.idom[list]).toBe(holder.node);
    // items 0/1 are dominated by the array; item 2 also has a frame root
    expect(a.idom[m.nodeOf(0x6100)]).toBe(list);
    expect(a.idom[m.nodeOf(0x6200)]).toBe(0);
    expect(m.resources.get(m.nodeOf(0x6040))).toBe(1);
  });

  it('keeps shallow sizes in 4 bytes a node (a size past 4 GiB exact in doubles) and offsets that find each record', async () => {
    const raw = buildDump({});
    const small = await parseHprof(bytesSource('t.hprof', raw));
    expect(small.graph.shallow).toBeInstanceOf(Uint32Array);
    // offsets are kept compressed: each still points at its own node's record
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const idAt = (p: number) =>
      small.idSize === 4 ? view.getUint32(p) : view.getUint32(p) * 2 ** 32 + view.getUint32(p + 4);
    for (let n = 1; n < small.graph.nodeCount; n++) {
      const off = small.offsetOf(n);
      expect([0x20, 0x21, 0x22, 0x23]).toContain(raw[off]);
      expect(idAt(off + 1)).toBe(small.idOf(n));
    }
    const w = new HprofWriter(8, '1.0.3');
    w.segment();
    // a NODATA long[] of 2^30 elements: 8 GiB shallow without 8 GiB of file
    w.primitiveArray(0x9000, 11, { length: 8 * 2 ** 30 } as unknown as Uint8Array, true);
    w.primitiveArray(0x9100, 10, [0, 0, 0, 1, 0, 0, 0, 2]);
    w.root(0x05, 0x9000);
    w.root(0x05, 0x9100);
    w.end();
    const m = await parseHprof(bytesSource('big.hprof', w.bytes()));
    const g = m.graph;
    expect(g.shallow).toBeInstanceOf(Float64Array);
    const align = (x: number) => Math.ceil(x / 8) * 8;
    expect(g.shallow[m.nodeOf(0x9000)]).toBe(align(m.sizing.minInstanceSize + 4 + 8 * 2 ** 30));
    expect(g.shallow[m.nodeOf(0x9000)]).toBeGreaterThan(2 ** 33);
    expect(g.shallow[m.nodeOf(0x9100)]).toBe(align(m.sizing.minInstanceSize + 4 + 8));
    const a = await analyzeHeap(g, {});
    expect(a.retained[0]).toBe(g.shallow[m.nodeOf(0x9000)] + g.shallow[m.nodeOf(0x9100)]);
  });

  it('reads the Android extensions (HEAP DUMP INFO, extra roots, NODATA arrays)', async () => {
    const m = await parseHprof(bytesSource('a.hprof', buildDump({ idSize: 4, android: true })));
    expect(m.version).toBe('1.0.3');
    expect(m.roots.byKind).toMatchObject({
      'Interned string': 1,
      Finalizing: 1,
      Debugger: 1,
      'Reference cleanup': 1,
      'VM internal': 1,
      'JNI monitor': 1,
      Unreachable: 1,
    });
    const nodata = m.nodeOf(0x8100);
    expect(m.graph.types[m.graph.typeId[nodata]]).toBe('int[]');
    expect((await new HprofValues(m).data([nodata])).get(nodata)?.length ?? 0).toBe(0);
    // ROOT_UNREACHABLE does not make its object a GC root
    const g = m.graph;
    const rootTargets = Array.from(g.edgeTarget.subarray(g.firstEdge[0], g.firstEdge[1]));
    expect(rootTargets).not.toContain(nodata);
  });

  it('opens a gzip dump like the plain one', async () => {
    const raw = buildDump();
    const a = await parseHprof(bytesSource('t.hprof', raw));
    const b = await parseHprof(bytesSource('t.hprof.gz', gzipSync(raw)));
    expect(b.gzip).toBe(true);
    expect(b.graph.nodeCount).toBe(a.graph.nodeCount);
    expect(Array.from(b.graph.edgeTarget)).toEqual(Array.from(a.graph.edgeTarget));
    const s = await new HprofValues(b).strings([b.nodeOf(0x8010)]);
    expect(s.get(b.nodeOf(0x8010))).toBe('worker-1');
  });

  it('gives the same graph whatever the chunking (records split across reads)', async () => {
    const raw = buildDump();
    const a = await parseHprof(bytesSource('t.hprof', raw));
    for (const step of [1, 7, 64]) {
      const tiny = {
        name: 'tiny.hprof',
        size: raw.length,
        read: async (offset: number, length: number) =>
          raw.subarray(offset, Math.min(raw.length, offset + Math.min(length, step))),
      };
      const b = await parseHprof(tiny);
      expect(b.graph.nodeCount).toBe(a.graph.nodeCount);
      const ids = (m: typeof a) => Array.from({ length: m.graph.nodeCount }, (_, i) => m.idOf(i));
      expect(ids(b)).toEqual(ids(a));
      expect(Array.from(b.graph.edgeTarget)).toEqual(Array.from(a.graph.edgeTarget));
    }
  });

  /** A writer with java.lang.Object (0x100) and Object[] (0x200) dumped, in a heap segment. */
  const objectsOnly = () => {
    const w = new HprofWriter(8, '1.0.2');
    w.loadClass(1, 0x100, 'java/lang/Object');
    w.loadClass(2, 0x200, '[Ljava/lang/Object;');
    w.segment();
    w.classDump(0x100, 0, []);
    w.classDump(0x200, 0x100, []);
    return w;
  };

  it('widens ids to doubles when one is not 8-byte aligned or lies past 32 GiB', async () => {
    // 0x5008 is aligned: there the unaligned root id below is what widens the ids
    for (const odd of [0x5003, 9 * 2 ** 32, 0x5008]) {
      const w = objectsOnly();
      // the array comes first, so its reference to the odd id is stored before the id widens
      w.objectArray(0x4000, 0x200, [0x5000, odd]);
      w.instance(0x5000, 0x100, []);
      w.instance(odd, 0x100, []);
      w.root(0x05, 0x4000);
      // a root naming an absent object whose id is unaligned must not land on 0x5000
      w.root(0x05, 0x5001);
      w.end();
      const m = await parseHprof(bytesSource('odd.hprof', w.bytes()));
      const arr = m.nodeOf(0x4000);
      const target = m.nodeOf(odd);
      expect(target).toBeGreaterThan(0);
      expect(m.idOf(target)).toBe(odd);
      expect(m.graph.addressOf?.(target)).toBe(odd);
      const out = Array.from(m.graph.edgeTarget.subarray(m.graph.firstEdge[arr], m.graph.firstEdge[arr + 1]));
      expect(out.sort()).toEqual([m.nodeOf(0x5000), target].sort());
      expect(m.danglingRefs).toBe(0);
      expect(m.roots.unresolved).toBe(1);
      const rootTargets = Array.from(m.graph.edgeTarget.subarray(m.graph.firstEdge[0], m.graph.firstEdge[1]));
      expect(rootTargets).toEqual([arr]);
    }
  });

  it('keeps types in 2 bytes a node until the 65,536th type, then in 4', async () => {
    const classes = 70_000;
    const w = new HprofWriter(8, '1.0.2');
    w.loadClass(1, 0x100, 'java/lang/Object');
    for (let c = 0; c < classes; c++) w.loadClass(c + 2, 0x1000 + c * 16, `p/C${c}`);
    w.segment();
    w.classDump(0x100, 0, []);
    for (let c = 0; c < classes; c++) w.classDump(0x1000 + c * 16, 0x100, []);
    for (let c = 0; c < classes; c++) w.instance(0x10_000_000 + c * 16, 0x1000 + c * 16, []);
    w.end();
    const m = await parseHprof(bytesSource('types.hprof', w.bytes()));
    expect(m.graph.typeId).toBeInstanceOf(Int32Array);
    for (const c of [0, 65_535, 69_999]) {
      const n = m.nodeOf(0x10_000_000 + c * 16);
      expect(m.graph.types[m.graph.typeId[n]]).toBe(`p.C${c}`);
    }
    const small = await parseHprof(bytesSource('t.hprof', buildDump({})));
    expect(small.graph.typeId).toBeInstanceOf(Uint16Array);
  });

  it('reads through readInto (two reused buffers) exactly as through read', async () => {
    // a dump of several MiB: arrays that straddle the 1 MiB reads
    const w = objectsOnly();
    const big = new Uint8Array(300_001).map((_, i) => i & 0xff);
    for (let i = 0; i < 12; i++) w.primitiveArray(0x10000 + i * 0x100000, 8, big);
    w.objectArray(
      0x20000000,
      0x200,
      Array.from({ length: 12 }, (_, i) => 0x10000 + i * 0x100000),
    );
    w.root(0x05, 0x20000000);
    w.end();
    const raw = w.bytes();
    expect(raw.length).toBeGreaterThan(3 << 20);
    const plain = bytesSource('a.hprof', raw);
    let intoCalls = 0;
    const into = {
      ...plain,
      readInto: async (offset: number, target: Uint8Array) => {
        intoCalls++;
        const part = raw.subarray(offset, Math.min(raw.length, offset + target.length));
        target.set(part);
        return part.length;
      },
    };
    const a = await parseHprof(plain);
    const b = await parseHprof(into);
    expect(intoCalls).toBeGreaterThan(3);
    const ids = (m: typeof a) => Array.from({ length: m.graph.nodeCount }, (_, i) => m.idOf(i));
    expect(ids(b)).toEqual(ids(a));
    expect(Array.from(b.graph.edgeTarget)).toEqual(Array.from(a.graph.edgeTarget));
    expect(Array.from(b.graph.shallow)).toEqual(Array.from(a.graph.shallow));
    const values = new HprofValues(b);
    const arr = b.nodeOf(0x10000 + 11 * 0x100000);
    expect((await values.data([arr])).get(arr)).toEqual(big);
  });

  it('stops with CancelledError when cancelled, and reports progress in bytes', async () => {
    const raw = buildDump();
    const seen: number[] = [];
    await parseHprof(bytesSource('t.hprof', raw), { onProgress: (p) => seen.push(p.done) });
    expect(seen[seen.length - 1]).toBe(raw.length);
    const ac = new AbortController();
    ac.abort();
    await expect(parseHprof(bytesSource('t.hprof', raw), { signal: ac.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it('rejects a bad identifier size and a sub-record past its segment, naming the offset', async () => {
    const raw = buildDump();
    const bad = raw.slice();
    bad[19 + 3] = 6; // identifier size 6
    await expect(parseHprof(bytesSource('b.hprof', bad))).rejects.toThrow(
      /byte 19: expected an identifier size of 4 or 8, found 6/,
    );
    // shrink the first HEAP DUMP SEGMENT's length so that its first sub-record crosses the end
    const seg = raw.indexOf(0x1c, 31);
    const cut = raw.slice();
    const view = new DataView(cut.buffer);
    let p = 31;
    while (cut[p] !== 0x1c) p += 9 + view.getUint32(p + 5);
    expect(p).toBeGreaterThanOrEqual(seg);
    view.setUint32(p + 5, 3);
    const err = await parseHprof(bytesSource('c.hprof', cut)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).offset).toBe(p + 9);
  });

  it('a dump cut anywhere opens with what was read and truncated: true', async () => {
    const raw = buildDump();
    const full = await parseHprof(bytesSource('t.hprof', raw));
    const cutAt = Math.floor(raw.length * 0.6);
    const m = await parseHprof(bytesSource('t.hprof', raw.subarray(0, cutAt)));
    expect(m.truncated).toBe(true);
    expect(m.truncatedAt).toBeLessThanOrEqual(cutAt);
    expect(m.graph.nodeCount).toBeGreaterThan(1);
    expect(m.graph.nodeCount).toBeLessThan(full.graph.nodeCount);
    expect(m.warnings.join(' ')).toMatch(/truncated/);
  });

  it('random cuts and byte flips never throw anything but ParseError', async () => {
    // 4-byte ids with the Android records, and 8-byte ids (stored compressed)
    const raws = [buildDump({ android: true }), buildDump({})];
    const size = Math.max(...raws.map((r) => r.length));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(raws.length - 1),
        fc.integer({ min: 0, max: size }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 4,
        }),
        async (which, cut, flips) => {
          const b = raws[which].slice(0, cut);
          for (const [i, v] of flips) if (i < b.length) b[i] = v;
          try {
            const m = await parseHprof(bytesSource('f.hprof', b));
            await analyzeHeap(m.graph, {});
            // and everything an open does with it: summary, suspects, values read back by offset
            await hprofHandler.open(bytesSource('f.hprof', b), {}, {});
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('hprof compare', () => {
  it('compares two dumps by class histogram, not by object', async () => {
    const base = await hprofHandler.open(bytesSource('a.hprof', buildDump()), {}, {});
    const cur = await hprofHandler.open(bytesSource('b.hprof', buildDump({ android: true })), {}, {});
    const diff = hprofHandler.compare?.(base, cur) as {
      rows: { type: string; deltaCount: number; deltaBytes: number }[];
    };
    // the Android variant adds one int[0] (NODATA array): 16-byte header + 4 length = 24 bytes aligned
    expect(diff.rows).toEqual([
      { type: 'int[]', baseCount: 0, count: 1, deltaCount: 1, baseBytes: 0, bytes: 24, deltaBytes: 24 },
    ]);
  });
});

describe('hprof helpers', () => {
  it('names classes like Java', () => {
    expect(javaClassName('java/lang/String')).toBe('java.lang.String');
    expect(javaClassName('[Ljava/lang/Object;')).toBe('java.lang.Object[]');
    expect(javaClassName('[[I')).toBe('int[][]');
    expect(javaClassName('[B')).toBe('byte[]');
  });

  it('orders ids with a radix sort when the dump is not in address order', () => {
    const ids = Float64Array.from([0, 0x7f0000001000, 16, 0xfff8, 2 ** 40 + 8, 8, 0x7f0000000ff8]);
    const order = sortedOrder(ids);
    const sorted = Array.from(order, (i) => ids[i]);
    expect(sorted).toEqual([...ids].sort((a, b) => a - b));
  });

  it('paths to roots can skip weak references', async () => {
    const m = await parseHprof(bytesSource('t.hprof', buildDump()));
    const a = await analyzeHeap(m.graph, {});
    const item0 = m.nodeOf(0x6000);
    const withWeak = shortestPathsToRoots(m.graph, a, item0, { max: 5 });
    const strong = shortestPathsToRoots(m.graph, a, item0, { max: 5, excludeWeak: true });
    const viaWeak = (p: number[]) => p.includes(m.nodeOf(0x7000));
    expect(withWeak.some(viaWeak)).toBe(true);
    expect(strong.some(viaWeak)).toBe(false);
    expect(strong[0][strong[0].length - 1]).toBe(m.classes.get(C.holder)?.node);
    expect(m.kindOf(strong[0][strong[0].length - 1])).toBe(K_CLASS);
  });
});

describe('NodeStates', () => {
  it('answers by node whatever the order of adding, and after renumbering', () => {
    const s = new NodeStates();
    for (const [n, v] of [
      [10, 1],
      [3, 0],
      [7, 1],
    ])
      s.set(n, v);
    expect(s.has(3) && s.has(7) && s.has(10)).toBe(true);
    expect(s.has(4)).toBe(false);
    expect([s.get(3), s.get(7), s.get(10), s.get(4)]).toEqual([0, 1, 1, undefined]);
    expect(Array.from({ length: s.size }, (_, i) => [s.nodeAt(i), s.stateAt(i)])).toEqual([
      [3, 0],
      [7, 1],
      [10, 1],
    ]);
    const rank = Array.from({ length: 11 }, (_, i) => 10 - i);
    s.renumber(rank);
    expect([...s]).toEqual([
      [0, 1],
      [3, 1],
      [7, 0],
    ]);
  });
});

describe('IdIndex (reference targets to nodes)', () => {
  it('finds every id of nodes 1..N-1 and nothing else, 4-byte and 8-byte ids, clustered ranges', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.nat(2000), fc.integer({ min: 2 ** 31, max: 2 ** 32 - 1 })), {
          maxLength: 300,
        }),
        fc.array(fc.nat(2 ** 32 - 1), { maxLength: 50 }),
        fc.boolean(),
        (raw, probes, wide) => {
          const sorted = [0, ...raw.filter((x) => x > 0).sort((a, b) => a - b)];
          const scale = wide ? 2 ** 20 : 1;
          const ids = wide ? Float64Array.from(sorted, (x) => x * scale) : Uint32Array.from(sorted);
          const index = new IdIndex(ids, ids.length);
          for (let i = 1; i < ids.length; i++) expect(index.find(ids[i])).toBe(i);
          for (const p of [...probes, 0, -1, ...sorted.map((x) => x + 1)]) {
            const k = p * scale;
            const at = Array.prototype.indexOf.call(ids, k) as number;
            expect(index.find(k)).toBe(at > 0 ? at : -1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
