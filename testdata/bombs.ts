import { gzipSync } from 'fflate';

/**
 * Decompression bombs and other hostile inputs, built at run time (never committed): the unit
 * tests use small ones under lowered budgets, `bench/hostile.bench.ts` gigabyte ones.
 *
 * A bomb is a gzip file of concatenated members (valid gzip: readers inflate them one after
 * another): one member with `head`, then one member of `unit` repeated to about a mebibyte,
 * written again and again. A member of a mebibyte of repeated text is a few KiB, so a 5 GiB
 * bomb is about 10 MB and takes milliseconds to build.
 */
export interface BombRecipe {
  /** What the bytes are (sniffed format and trick). */
  title: string;
  head: Uint8Array;
  unit: Uint8Array;
}

const enc = new TextEncoder();

/** The bomb's gzip members in order: `head`, then blocks of `unit` until `inflatedBytes`. */
export function* gzipBombParts(recipe: BombRecipe, inflatedBytes: number): Generator<Uint8Array> {
  // the first member is what a reader sniffs: never empty
  yield gzipSync(recipe.head.byteLength ? recipe.head : recipe.unit, { level: 9 });
  const per = Math.max(1, Math.floor((1 << 20) / recipe.unit.byteLength));
  const block = new Uint8Array(per * recipe.unit.byteLength);
  for (let i = 0; i < per; i++) block.set(recipe.unit, i * recipe.unit.byteLength);
  const member = gzipSync(block, { level: 9 });
  for (let done = recipe.head.byteLength || recipe.unit.byteLength; done < inflatedBytes; done += block.byteLength) yield member;
}

/**
 * A small bomb as one gzip member (Chromium's DecompressionStream stops after the first member
 * of a multi-member file, so the browser tests need this shape).
 */
export function gzipBombSingle(recipe: BombRecipe, inflatedBytes: number): Uint8Array {
  const n = Math.ceil(Math.max(0, inflatedBytes - recipe.head.byteLength) / recipe.unit.byteLength);
  const all = new Uint8Array(recipe.head.byteLength + n * recipe.unit.byteLength);
  all.set(recipe.head, 0);
  for (let i = 0; i < n; i++) all.set(recipe.unit, recipe.head.byteLength + i * recipe.unit.byteLength);
  return gzipSync(all, { level: 9 });
}

/** A whole bomb in memory (small ones, for tests). */
export function gzipBomb(recipe: BombRecipe, inflatedBytes: number): Uint8Array {
  const parts = [...gzipBombParts(recipe, inflatedBytes)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return out;
}

function bytes(...parts: (Uint8Array | string | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let q = 0;
  for (const a of arrays) {
    out.set(a, q);
    q += a.byteLength;
  }
  return out;
}

const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const id8 = (v: number) => [0, 0, 0, 0, ...u32(v)];
/** HPROF 1.0.2 header, 8-byte ids, timestamp 0. */
const HPROF_HEAD = bytes('JAVA PROFILE 1.0.2\0', u32(8), u32(0), u32(0));

export const BOMBS = {
  /** An HPROF UTF8 record that claims 0xFFFFFFFF bytes (a reader that buffers records holds it all). */
  'hprof-utf8': {
    title: 'HPROF, UTF8 record claiming 4 GiB',
    head: bytes(HPROF_HEAD, [0x01], u32(0), u32(0xffffffff), id8(1)),
    unit: enc.encode('A'.repeat(64)),
  },
  /** HPROF heap dump segments full of empty primitive arrays: 18 bytes an object. */
  'hprof-empty-arrays': {
    title: 'HPROF, segments of empty byte[] (18 bytes an object)',
    head: bytes(HPROF_HEAD, [0x1c], u32(0), u32(0xffffffff)),
    unit: bytes([0x23], id8(0x1000), u32(0), u32(0), [8]),
  },
  gctrace: {
    title: 'Go gctrace, one line repeated',
    head: enc.encode(''),
    unit: enc.encode(
      'gc 1 @0.001s 3%: 0.068+1.5+0.003 ms clock, 0.13+0/0.095/0.094+0.006 ms cpu, 3->5->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n',
    ),
  },
  jthreads: {
    title: 'Java thread dump, one thread repeated',
    head: enc.encode('Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):\n\n'),
    unit: enc.encode(
      '"worker-1" #20 prio=5 os_prio=0 cpu=0.10ms elapsed=1.00s tid=0x00007f6b7c0d3150 nid=0x6801 waiting on condition  [0x00007f6b45ffe000]\n' +
        '   java.lang.Thread.State: TIMED_WAITING (sleeping)\n' +
        '\tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)\n' +
        '\tat Main.run(Main.java:10)\n\n',
    ),
  },
  goroutines: {
    title: 'goroutine dump, one goroutine repeated',
    head: enc.encode(''),
    unit: enc.encode(
      'goroutine 7 [chan receive, 3 minutes]:\nmain.worker(0xc000010000)\n\t/src/main.go:42 +0x5c\ncreated by main.main in goroutine 1\n\t/src/main.go:20 +0x3d\n\n',
    ),
  },
  jstat: {
    title: 'jstat -gc, one row repeated',
    head: enc.encode(
      'Timestamp S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT\n',
    ),
    unit: enc.encode(
      '1.1 0.0 1024.0 0.0 1024.0 4096.0 1024.0 60416.0 5898.0 832.0 699.6 128.0 51.5 1 0.014 0 0.000 0 0.000 0.014\n',
    ),
  },
  'jvm-gclog': {
    title: 'JVM unified GC log, one pause repeated',
    head: enc.encode(''),
    unit: enc.encode('[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms\n'),
  },
  'pprof-text': {
    title: 'pprof legacy text heap profile, one sample repeated',
    head: enc.encode('heap profile: 1: 1024 [1: 1024] @ heap/8192\n'),
    unit: enc.encode('1: 1024 [1: 1024] @ 0x4df6ac\n#\t0x4df6ab\tmain.newOrder+0x44b\t/src/main.go:123\n\n'),
  },
  /** profile.proto: one sample message (location 1, value 1) repeated. */
  pprof: {
    title: 'pprof, one sample repeated',
    head: bytes([0x0a, 0x04, 0x08, 0x01, 0x10, 0x02], [0x32, 0x00, 0x32, 0x07], 'objects', [0x32, 0x05], 'count'),
    unit: bytes([0x12, 0x06, 0x0a, 0x01, 0x01, 0x12, 0x01, 0x01]),
  },
} satisfies Record<string, BombRecipe>;

export type BombName = keyof typeof BOMBS;

/** A plain (uncompressed) text whose first line is a gctrace line followed by `bytes` without a newline. */
export function* longLineParts(totalBytes: number): Generator<Uint8Array> {
  yield enc.encode(
    'gc 1 @0.001s 3%: 0.068+1.5+0.003 ms clock, 0.13+0/0.095/0.094+0.006 ms cpu, 3->5->2 MB, 4 MB goal, 2 P\n',
  );
  yield enc.encode('gc 2 @0.002s 3%: ');
  const block = enc.encode('x'.repeat(1 << 20));
  for (let done = 0; done < totalBytes; done += block.byteLength) yield block;
}
