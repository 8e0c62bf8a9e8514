import { type ByteSource, DEFAULT_CHUNK, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { Grow } from '../../core/grow.ts';
import { NeedMore } from '../../core/need-more.ts';

/**
 * Streaming reader for `runtime/debug.WriteHeapDump` files (headers `go1.5`/`go1.6`/`go1.7 heap
 * dump`). Records are decoded synchronously from a window of the file; when a record runs past
 * the window, the window is refilled from the record's start (varints and strings may straddle
 * chunk boundaries). Object contents are not kept: only their file offsets, pointer values and
 * the pointer shape. Record layout: the Go runtime's heapdump.go and https://github.com/golang/go/wiki/heapdump15-through-heapdump17.
 */

export const TAG = {
  eof: 0,
  object: 1,
  otherRoot: 2,
  type: 3,
  goroutine: 4,
  frame: 5,
  params: 6,
  finalizer: 7,
  itab: 8,
  osThread: 9,
  memStats: 10,
  queuedFinalizer: 11,
  data: 12,
  bss: 13,
  defer: 14,
  panic: 15,
  memProf: 16,
  allocSample: 17,
} as const;

export const MEMSTATS_FIELDS = [
  'Alloc',
  'TotalAlloc',
  'Sys',
  'Lookups',
  'Mallocs',
  'Frees',
  'HeapAlloc',
  'HeapSys',
  'HeapIdle',
  'HeapInuse',
  'HeapReleased',
  'HeapObjects',
  'StackInuse',
  'StackSys',
  'MSpanInuse',
  'MSpanSys',
  'MCacheInuse',
  'MCacheSys',
  'BuckHashSys',
  'GCSys',
  'OtherSys',
  'NextGC',
  'LastGC',
  'PauseTotalNs',
] as const;

export type MemStats = Record<(typeof MEMSTATS_FIELDS)[number] | 'NumGC', number>;

export interface DumpParams {
  bigEndian: boolean;
  ptrSize: number;
  heapStart: number;
  heapEnd: number;
  arch: string;
  buildVersion: string;
  ncpu: number;
}

export interface DumpGoroutine {
  address: number;
  goid: number;
  gopc: number;
  status: number;
  system: boolean;
  waitSince: number;
  waitReason: string;
  /** Index of the first and one past the last frame in `frames`. */
  firstFrame: number;
  endFrame: number;
  /** Pointer values held by the goroutine itself (ctxt, defers, panics). */
  pointers: number[];
}

export interface DumpFrame {
  goroutine: number;
  sp: number;
  depth: number;
  funcName: string;
  pc: number;
  /** Start/end index into the root pointer arrays (`rootPtr*`). */
  firstPtr: number;
  endPtr: number;
}

export interface DumpSegment {
  kind: 'data' | 'bss';
  start: number;
  size: number;
  /** Slot offsets and pointer values: parallel arrays. */
  offsets: number[];
  values: number[];
}

export interface DumpFinalizer {
  queued: boolean;
  obj: number;
  fn: number;
}

export interface MemProfBucket {
  id: number;
  size: number;
  frames: { func: string; file: string; line: number }[];
  allocs: number;
  frees: number;
}

/** Growable Float64 list. */
export class F64List extends Grow<Float64Array> {
  constructor() {
    super(Float64Array);
  }
}

/** Growable Uint32 list. */
export class U32List extends Grow<Uint32Array> {
  constructor() {
    super(Uint32Array);
  }
}

/** Growable Int32 list. */
export class I32List extends Grow<Int32Array> {
  constructor() {
    super(Int32Array);
  }
}

/** Everything read from a dump, in flat arrays where it scales with the heap. */
export interface GoHeapDump {
  file: string;
  fileSize: number;
  version: string;
  params?: DumpParams;
  /** Objects in file order. */
  objAddr: Float64Array;
  objSize: Float64Array;
  objContentOffset: Float64Array;
  objShape: Int32Array;
  shapes: string[];
  /** Heap-range pointer values out of objects: source object (file order) and value. */
  ptrSource: Uint32Array;
  ptrValue: Float64Array;
  /** Pointer values held by root frames (see DumpFrame.firstPtr). */
  rootPtrValue: Float64Array;
  goroutines: DumpGoroutine[];
  frames: DumpFrame[];
  segments: DumpSegment[];
  finalizers: DumpFinalizer[];
  /** itab address → type address; type address → { name, size, indirect }. */
  itabs: Map<number, number>;
  types: Map<number, { name: string; size: number; indirect: boolean }>;
  /** Data pointers typed by an itab/type word in the word before them: value → type name. */
  ifaceTargets: Map<number, string>;
  memStats?: MemStats;
  buckets: Map<number, MemProfBucket>;
  /** Sampled objects: address → bucket id. */
  allocSamples: Map<number, number>;
  osThreads: number;
  otherRoots: number;
  truncated: boolean;
  truncatedAt?: number;
  /** True when the EOF record was seen. */
  complete: boolean;
  warnings: string[];
  /** Bytes actually consumed. */
  bytesRead: number;
}

const HEADER_RE = /^go1\.(\d+) heap dump\n/;
const SUPPORTED = new Set([5, 6, 7]);

class Corrupt {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly found?: string,
  ) {}
}

const MAX_SHAPE_PTRS = 6;

/** Parses a Go heap dump from a ByteSource. */
export async function parseGoHeapDump(source: ByteSource, ctx: ParseContext = {}): Promise<GoHeapDump> {
  const file = source.name;
  let headerText = '';
  while (headerText.length < 32 && !headerText.endsWith('\n')) {
    const b = await source.read(headerText.length, 32 - headerText.length);
    if (b.length === 0) break;
    for (let i = 0; i < b.length && !headerText.endsWith('\n'); i++) headerText += String.fromCharCode(b[i]);
  }
  const m = HEADER_RE.exec(headerText);
  if (!m) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a Go heap dump header "go1.7 heap dump\\n"',
      JSON.stringify(headerText.slice(0, 24)),
    );
  }
  const minor = Number(m[1]);
  if (!SUPPORTED.has(minor)) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a go1.5, go1.6 or go1.7 heap dump (Go 1.5 and later)',
      `a go1.${minor} heap dump, a format this reader does not know`,
    );
  }

  const dump: GoHeapDump = {
    file,
    fileSize: source.size,
    version: `go1.${minor}`,
    objAddr: new Float64Array(0),
    objSize: new Float64Array(0),
    objContentOffset: new Float64Array(0),
    objShape: new Int32Array(0),
    shapes: [],
    ptrSource: new Uint32Array(0),
    ptrValue: new Float64Array(0),
    rootPtrValue: new Float64Array(0),
    goroutines: [],
    frames: [],
    segments: [],
    finalizers: [],
    itabs: new Map(),
    types: new Map(),
    ifaceTargets: new Map(),
    buckets: new Map(),
    allocSamples: new Map(),
    osThreads: 0,
    otherRoots: 0,
    truncated: false,
    complete: false,
    warnings: [],
    bytesRead: 0,
  };

  const objAddr = new F64List();
  const objSize = new F64List();
  const objOff = new F64List();
  const objShape = new I32List();
  const ptrSource = new U32List();
  const ptrValue = new F64List();
  const rootPtr = new F64List();
  const shapeIds = new Map<number, number>();
  let heapStart = 0;
  let heapEnd = Number.MAX_SAFE_INTEGER;
  let ptrSize = 8;
  let bigEndian = false;
  const fileSize = source.size;
  const maxLength = () => Math.max(1 << 30, heapEnd - heapStart);

  // The window: buf holds file bytes [bufStart, bufStart + buf.length).
  let buf: Uint8Array = new Uint8Array(0);
  let bufStart = headerText.length;
  let pos = 0; // index into buf
  let eofSeen = false;
  let pendingUntil = 0;

  const uv = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new NeedMore(bufStart + pos + 1);
      const b = buf[pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new Corrupt(bufStart + pos - 10, 'a varint of at most 10 bytes', 'a longer one');
  };
  const bool = (): boolean => uv() !== 0;
  /** A length-prefixed byte string; returns its start index into buf and its length. */
  const bytes = (): [number, number] => {
    const at = bufStart + pos;
    const len = uv();
    const remaining = fileSize - (bufStart + pos);
    if (len > remaining && len > maxLength()) {
      throw new Corrupt(at, `a length within the file (at most ${remaining} bytes left)`, `${len}`);
    }
    if (pos + len > buf.length) throw new NeedMore(bufStart + pos + len);
    const start = pos;
    pos += len;
    return [start, len];
  };
  const decoder = new TextDecoder();
  const str = (): string => {
    const [s, l] = bytes();
    return decoder.decode(buf.subarray(s, s + l));
  };
  const word = (at: number): number => {
    if (ptrSize === 8) {
      if (bigEndian) {
        const hi = buf[at] * 2 ** 24 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
        const lo = buf[at + 4] * 2 ** 24 + ((buf[at + 5] << 16) | (buf[at + 6] << 8) | buf[at + 7]);
        return hi * 2 ** 32 + lo;
      }
      const lo = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 2 ** 24;
      const hi = (buf[at + 4] | (buf[at + 5] << 8) | (buf[at + 6] << 16)) + buf[at + 7] * 2 ** 24;
      return hi * 2 ** 32 + lo;
    }
    if (bigEndian) return buf[at] * 2 ** 24 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
    return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 2 ** 24;
  };
  const inHeap = (v: number) => v !== 0 && v >= heapStart && v < heapEnd;

  /** Reads a field list; calls `each(offset)` for every pointer field. */
  const fields = (each: (offset: number) => void): void => {
    for (let i = 0; ; i++) {
      const kindAt = bufStart + pos;
      const kind = uv();
      if (kind === 0) return;
      if (kind > 3) throw new Corrupt(kindAt, 'a field kind (0 end, 1 pointer)', `${kind}`);
      each(uv());
      if (i > 1 << 28) throw new Corrupt(kindAt, 'a field list end');
    }
  };

  const offsets: number[] = [];
  const frameOffsets: number[] = [];

  /** Decodes one record at pos. Returns false at the EOF record. */
  const record = (): boolean => {
    const tagAt = bufStart + pos;
    const tag = uv();
    switch (tag) {
      case TAG.eof:
        return false;
      case TAG.object: {
        const addr = uv();
        const [cs, cl] = bytes();
        offsets.length = 0;
        fields((o) => offsets.push(o));
        // committed: the whole record is in the window
        const idx = objAddr.length;
        objAddr.push(addr);
        objSize.push(cl);
        objOff.push(bufStart + cs);
        let h1 = (cl * 2654435761) >>> 0;
        let h2 = (cl ^ 0x9e3779b9) >>> 0;
        for (const o of offsets) {
          h1 = Math.imul(h1 ^ o, 16777619) >>> 0;
          h2 = (Math.imul(h2, 31) + o) >>> 0;
          if (o + ptrSize > cl) continue;
          const v = word(cs + o);
          if (inHeap(v)) {
            ptrSource.push(idx);
            ptrValue.push(v);
          } else if (v !== 0 && dump.itabs.size > 0) {
            // an itab/type word followed by a data word: types the pointee
            const t = dump.itabs.get(v) ?? (dump.types.has(v) ? v : undefined);
            if (t !== undefined && o + 2 * ptrSize <= cl) {
              const d = word(cs + o + ptrSize);
              const ty = dump.types.get(t);
              if (ty && inHeap(d))
                dump.ifaceTargets.set(d, ty.indirect ? ty.name : ty.name.replace(/^\*/, ''));
            }
          }
        }
        const key = ((h1 ^ offsets.length) & 0x1fffff) * 2 ** 32 + h2;
        let shape = shapeIds.get(key);
        if (shape === undefined) {
          shape = dump.shapes.length;
          const shown = offsets.slice(0, MAX_SHAPE_PTRS).map((o) => `p${o}`);
          if (offsets.length > MAX_SHAPE_PTRS) shown.push(`…${offsets.length} ptrs`);
          dump.shapes.push(offsets.length ? `obj${cl}{${shown.join(',')}}` : `obj${cl} (no pointers)`);
          shapeIds.set(key, shape);
        }
        objShape.push(shape);
        return true;
      }
      case TAG.otherRoot: {
        str();
        const p = uv();
        if (inHeap(p)) rootPtr.push(p);
        dump.otherRoots++;
        return true;
      }
      case TAG.type: {
        const addr = uv();
        const size = uv();
        const name = str();
        const indirect = bool();
        dump.types.set(addr, { name, size, indirect });
        return true;
      }
      case TAG.goroutine: {
        const address = uv();
        uv(); // sp
        const goid = uv();
        const gopc = uv();
        const status = uv();
        const system = bool();
        bool(); // background
        const waitSince = uv();
        const waitReason = str();
        const ctxt = uv();
        uv(); // m
        const deferPtr = uv();
        const panicPtr = uv();
        dump.goroutines.push({
          address,
          goid,
          gopc,
          status,
          system,
          waitSince,
          waitReason,
          firstFrame: dump.frames.length,
          endFrame: dump.frames.length,
          pointers: [ctxt, deferPtr, panicPtr].filter(inHeap),
        });
        return true;
      }
      case TAG.frame: {
        const sp = uv();
        const depth = uv();
        uv(); // child sp
        const [cs, cl] = bytes();
        uv(); // entry pc
        const pc = uv();
        uv(); // continuation pc
        const funcName = str();
        frameOffsets.length = 0;
        fields((o) => frameOffsets.push(o));
        const firstPtr = rootPtr.length;
        for (const o of frameOffsets) {
          if (o + ptrSize > cl) continue;
          const v = word(cs + o);
          if (inHeap(v)) rootPtr.push(v);
        }
        const g = dump.goroutines.length - 1;
        dump.frames.push({ goroutine: g, sp, depth, funcName, pc, firstPtr, endPtr: rootPtr.length });
        if (g >= 0) dump.goroutines[g].endFrame = dump.frames.length;
        return true;
      }
      case TAG.params: {
        bigEndian = bool();
        ptrSize = uv();
        if (ptrSize !== 4 && ptrSize !== 8)
          throw new Corrupt(tagAt, 'a pointer size of 4 or 8', `${ptrSize}`);
        heapStart = uv();
        heapEnd = uv();
        const arch = str();
        const buildVersion = str();
        const ncpu = uv();
        if (heapEnd <= heapStart) {
          dump.warnings.push(`the params record gives an empty heap range; pointers are not range-checked`);
          heapStart = 0;
          heapEnd = Number.MAX_SAFE_INTEGER;
        }
        dump.params = { bigEndian, ptrSize, heapStart, heapEnd, arch, buildVersion, ncpu };
        return true;
      }
      case TAG.finalizer:
      case TAG.queuedFinalizer: {
        const obj = uv();
        const fn = uv();
        uv();
        uv();
        uv();
        dump.finalizers.push({ queued: tag === TAG.queuedFinalizer, obj, fn });
        return true;
      }
      case TAG.itab: {
        const itab = uv();
        const type = uv();
        dump.itabs.set(itab, type);
        return true;
      }
      case TAG.osThread: {
        uv();
        uv();
        uv();
        dump.osThreads++;
        return true;
      }
      case TAG.memStats: {
        const ms: Partial<MemStats> = {};
        for (const f of MEMSTATS_FIELDS) ms[f] = uv();
        for (let i = 0; i < 256; i++) uv();
        ms.NumGC = uv();
        dump.memStats = ms as MemStats;
        return true;
      }
      case TAG.data:
      case TAG.bss: {
        const start = uv();
        const [cs, cl] = bytes();
        const seg: DumpSegment = {
          kind: tag === TAG.data ? 'data' : 'bss',
          start,
          size: cl,
          offsets: [],
          values: [],
        };
        fields((o) => {
          if (o + ptrSize > cl) return;
          const v = word(cs + o);
          if (inHeap(v)) {
            seg.offsets.push(o);
            seg.values.push(v);
          }
        });
        dump.segments.push(seg);
        return true;
      }
      case TAG.defer: {
        const d = uv();
        uv(); // g
        uv(); // sp
        uv(); // pc
        const fn = uv();
        uv(); // fn.fn
        uv(); // link
        const g = dump.goroutines[dump.goroutines.length - 1];
        if (g) g.pointers.push(...[d, fn].filter(inHeap));
        return true;
      }
      case TAG.panic: {
        const p = uv();
        uv(); // g
        uv(); // arg type
        const argData = uv();
        uv(); // 0
        uv(); // link
        const g = dump.goroutines[dump.goroutines.length - 1];
        if (g) g.pointers.push(...[p, argData].filter(inHeap));
        return true;
      }
      case TAG.memProf: {
        const id = uv();
        const size = uv();
        const nstkAt = bufStart + pos;
        const nstk = uv();
        if (nstk > 1 << 16) throw new Corrupt(nstkAt, 'a stack depth of at most 65536', `${nstk}`);
        const frames: MemProfBucket['frames'] = [];
        for (let i = 0; i < nstk; i++) frames.push({ func: str(), file: str(), line: uv() });
        const allocs = uv();
        const frees = uv();
        dump.buckets.set(id, { id, size, frames, allocs, frees });
        return true;
      }
      case TAG.allocSample: {
        const addr = uv();
        const bucket = uv();
        dump.allocSamples.set(addr, bucket);
        return true;
      }
      default:
        throw new Corrupt(tagAt, 'a record tag between 0 and 17', `${tag}`);
    }
  };

  const chunk = DEFAULT_CHUNK;
  let win = new Uint8Array(0);
  let recordStart = 0;
  try {
    for (;;) {
      throwIfAborted(ctx.signal);
      // refill: keep the unread tail, append at least the next chunk (or what a record needs)
      const readFrom = bufStart + buf.length;
      let want = chunk;
      if (pendingUntil > readFrom) want = Math.max(chunk, pendingUntil - readFrom);
      const more =
        readFrom < fileSize
          ? await source.read(readFrom, Math.min(want, fileSize - readFrom))
          : new Uint8Array(0);
      const tailLen = buf.length - pos;
      if (more.length === 0 && tailLen === 0) break;
      if (tailLen === 0) {
        buf = more; // nothing straddles: no copy
      } else {
        // one window reused across refills (a fresh buffer per chunk only feeds the allocator)
        const need = tailLen + more.length;
        if (win.length < need) {
          const w = new Uint8Array(Math.max(need, chunk + (chunk >> 2)));
          w.set(buf.subarray(pos));
          win = w;
        } else if (buf.buffer === win.buffer) {
          win.copyWithin(0, pos, pos + tailLen);
        } else {
          win.set(buf.subarray(pos));
        }
        win.set(more, tailLen);
        buf = win.subarray(0, need);
      }
      bufStart += pos;
      pos = 0;
      const atEnd = bufStart + buf.length >= fileSize;
      ctx.onProgress?.({ phase: 'parse', done: bufStart + buf.length, total: fileSize });
      pendingUntil = 0;
      for (;;) {
        recordStart = pos;
        try {
          if (!record()) {
            eofSeen = true;
            break;
          }
        } catch (e) {
          if (e instanceof NeedMore) {
            pos = recordStart;
            pendingUntil = e.until;
            break;
          }
          throw e;
        }
      }
      if (eofSeen) break;
      if (atEnd) {
        // the file ended inside a record: a truncated dump
        dump.truncated = true;
        dump.truncatedAt = bufStart + recordStart;
        break;
      }
      await new Promise<void>((r) => setTimeout(r, 0));
    }
  } catch (e) {
    if (e instanceof Corrupt) throw new ParseError(file, { offset: e.offset }, e.expected, e.found);
    throw e;
  }
  dump.bytesRead = bufStart + pos;
  dump.complete = eofSeen;
  if (!eofSeen && !dump.truncated) {
    dump.truncated = true;
    dump.truncatedAt = bufStart + pos;
  }
  if (dump.truncated) {
    dump.warnings.push(
      `the dump is truncated: it stops at byte ${dump.truncatedAt} of ${fileSize} in the middle of a record, ` +
        `before the end-of-dump record; ${objAddr.length.toLocaleString('en')} objects were read` +
        (dump.goroutines.length === 0 && dump.segments.length === 0
          ? ' and no roots (goroutines, globals) — so every object shows as unreachable'
          : ''),
    );
  } else if (eofSeen && bufStart + pos < fileSize) {
    dump.warnings.push(`${fileSize - (bufStart + pos)} bytes after the end-of-dump record were ignored`);
  }
  if (!dump.params)
    dump.warnings.push('the dump has no params record: pointer size 8, little-endian assumed');

  // one exact-size array at a time, each list's chunks dropped as it is copied
  dump.objAddr = objAddr.take();
  dump.objSize = objSize.take();
  dump.objContentOffset = objOff.take();
  dump.objShape = objShape.take();
  dump.ptrSource = ptrSource.take();
  dump.ptrValue = ptrValue.take();
  dump.rootPtrValue = rootPtr.take();
  return dump;
}
