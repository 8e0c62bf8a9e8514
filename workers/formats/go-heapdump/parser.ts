import { type ByteSource, DEFAULT_CHUNK, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { Grow } from '../../core/grow.ts';
import { type Msg, msg, warn } from '../../core/messages.ts';
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
  /** The message of each of `warnings`, in order. */
  warningMsgs: Msg[];
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

/** Reads the `go1.N heap dump\n` header; throws when it is missing or names an unknown version. */
async function readHeader(source: ByteSource): Promise<{ length: number; minor: number }> {
  let headerText = '';
  while (headerText.length < 32 && !headerText.endsWith('\n')) {
    const b = await source.read(headerText.length, 32 - headerText.length);
    if (b.length === 0) break;
    for (let i = 0; i < b.length && !headerText.endsWith('\n'); i++) headerText += String.fromCharCode(b[i]);
  }
  const m = HEADER_RE.exec(headerText);
  if (!m) {
    throw new ParseError(
      source.name,
      { offset: 0 },
      'a Go heap dump header "go1.7 heap dump\\n"',
      JSON.stringify(headerText.slice(0, 24)),
    );
  }
  const minor = Number(m[1]);
  if (!SUPPORTED.has(minor)) {
    throw new ParseError(
      source.name,
      { offset: 0 },
      'a go1.5, go1.6 or go1.7 heap dump (Go 1.5 and later)',
      `a go1.${minor} heap dump, a format this reader does not know`,
    );
  }
  return { length: headerText.length, minor };
}

function emptyDump(file: string, fileSize: number, version: string): GoHeapDump {
  return {
    file,
    fileSize,
    version,
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
    warningMsgs: [],
    bytesRead: 0,
  };
}

/**
 * Decodes records synchronously from a window of the file (`buf` holds file bytes
 * [bufStart, bufStart + buf.length), `pos` indexes into it): the primitive reads, then one method
 * per record tag. A read past the window throws NeedMore; the caller refills and retries the record.
 */
class RecordDecoder {
  buf: Uint8Array = new Uint8Array(0);
  bufStart: number;
  pos = 0;
  readonly objAddr = new F64List();
  readonly objSize = new F64List();
  readonly objOff = new F64List();
  readonly objShape = new I32List();
  readonly ptrSource = new U32List();
  readonly ptrValue = new F64List();
  readonly rootPtr = new F64List();
  private readonly shapeIds = new Map<number, number>();
  private heapStart = 0;
  private heapEnd = Number.MAX_SAFE_INTEGER;
  private ptrSize = 8;
  private bigEndian = false;
  private readonly decoder = new TextDecoder();
  private readonly offsets: number[] = [];
  private readonly frameOffsets: number[] = [];

  constructor(
    readonly dump: GoHeapDump,
    headerLength: number,
  ) {
    this.bufStart = headerLength;
  }

  private maxLength(): number {
    return Math.max(1 << 30, this.heapEnd - this.heapStart);
  }

  private uv(): number {
    const buf = this.buf;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) throw new NeedMore(this.bufStart + this.pos + 1);
      const b = buf[this.pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new Corrupt(this.bufStart + this.pos - 10, 'a varint of at most 10 bytes', 'a longer one');
  }

  private bool(): boolean {
    return this.uv() !== 0;
  }

  /** A length-prefixed byte string; returns its start index into buf and its length. */
  private bytes(): [number, number] {
    const at = this.bufStart + this.pos;
    const len = this.uv();
    const remaining = this.dump.fileSize - (this.bufStart + this.pos);
    if (len > remaining && len > this.maxLength()) {
      throw new Corrupt(at, `a length within the file (at most ${remaining} bytes left)`, `${len}`);
    }
    if (this.pos + len > this.buf.length) throw new NeedMore(this.bufStart + this.pos + len);
    const start = this.pos;
    this.pos += len;
    return [start, len];
  }

  private str(): string {
    const [s, l] = this.bytes();
    return this.decoder.decode(this.buf.subarray(s, s + l));
  }

  private word(at: number): number {
    const buf = this.buf;
    if (this.ptrSize === 8) {
      if (this.bigEndian) {
        const hi = buf[at] * 2 ** 24 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
        const lo = buf[at + 4] * 2 ** 24 + ((buf[at + 5] << 16) | (buf[at + 6] << 8) | buf[at + 7]);
        return hi * 2 ** 32 + lo;
      }
      const lo = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 2 ** 24;
      const hi = (buf[at + 4] | (buf[at + 5] << 8) | (buf[at + 6] << 16)) + buf[at + 7] * 2 ** 24;
      return hi * 2 ** 32 + lo;
    }
    if (this.bigEndian) return buf[at] * 2 ** 24 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
    return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 2 ** 24;
  }

  private inHeap(v: number): boolean {
    return v !== 0 && v >= this.heapStart && v < this.heapEnd;
  }

  /** Reads a field list; calls `each(offset)` for every pointer field. */
  private fields(each: (offset: number) => void): void {
    for (let i = 0; ; i++) {
      const kindAt = this.bufStart + this.pos;
      const kind = this.uv();
      if (kind === 0) return;
      if (kind > 3) throw new Corrupt(kindAt, 'a field kind (0 end, 1 pointer)', `${kind}`);
      each(this.uv());
      if (i > 1 << 28) throw new Corrupt(kindAt, 'a field list end');
    }
  }

  /** Decodes one record at pos. Returns false at the EOF record. */
  record(): boolean {
    const tagAt = this.bufStart + this.pos;
    const tag = this.uv();
    switch (tag) {
      case TAG.eof:
        return false;
      case TAG.object:
        this.object();
        return true;
      case TAG.otherRoot:
        this.otherRoot();
        return true;
      case TAG.type:
        this.type();
        return true;
      case TAG.goroutine:
        this.goroutine();
        return true;
      case TAG.frame:
        this.frame();
        return true;
      case TAG.params:
        this.params(tagAt);
        return true;
      case TAG.finalizer:
      case TAG.queuedFinalizer:
        this.finalizer(tag === TAG.queuedFinalizer);
        return true;
      case TAG.itab:
        this.itab();
        return true;
      case TAG.osThread:
        this.uv();
        this.uv();
        this.uv();
        this.dump.osThreads++;
        return true;
      case TAG.memStats:
        this.memStats();
        return true;
      case TAG.data:
      case TAG.bss:
        this.segment(tag === TAG.data ? 'data' : 'bss');
        return true;
      case TAG.defer:
        this.defer();
        return true;
      case TAG.panic:
        this.panic();
        return true;
      case TAG.memProf:
        this.memProf();
        return true;
      case TAG.allocSample:
        this.allocSample();
        return true;
      default:
        throw new Corrupt(tagAt, 'a record tag between 0 and 17', `${tag}`);
    }
  }

  private object(): void {
    const { dump, offsets, ptrSize } = this;
    const addr = this.uv();
    const [cs, cl] = this.bytes();
    offsets.length = 0;
    this.fields((o) => offsets.push(o));
    // committed: the whole record is in the window
    const idx = this.objAddr.length;
    this.objAddr.push(addr);
    this.objSize.push(cl);
    this.objOff.push(this.bufStart + cs);
    let h1 = (cl * 2654435761) >>> 0;
    let h2 = (cl ^ 0x9e3779b9) >>> 0;
    for (const o of offsets) {
      h1 = Math.imul(h1 ^ o, 16777619) >>> 0;
      h2 = (Math.imul(h2, 31) + o) >>> 0;
      if (o + ptrSize > cl) continue;
      const v = this.word(cs + o);
      if (this.inHeap(v)) {
        this.ptrSource.push(idx);
        this.ptrValue.push(v);
      } else if (v !== 0 && dump.itabs.size > 0) {
        // an itab/type word followed by a data word: types the pointee
        const t = dump.itabs.get(v) ?? (dump.types.has(v) ? v : undefined);
        if (t !== undefined && o + 2 * ptrSize <= cl) {
          const d = this.word(cs + o + ptrSize);
          const ty = dump.types.get(t);
          if (ty && this.inHeap(d))
            dump.ifaceTargets.set(d, ty.indirect ? ty.name : ty.name.replace(/^\*/, ''));
        }
      }
    }
    const key = ((h1 ^ offsets.length) & 0x1fffff) * 2 ** 32 + h2;
    let shape = this.shapeIds.get(key);
    if (shape === undefined) {
      shape = dump.shapes.length;
      const shown = offsets.slice(0, MAX_SHAPE_PTRS).map((o) => `p${o}`);
      if (offsets.length > MAX_SHAPE_PTRS) shown.push(`…${offsets.length} ptrs`);
      dump.shapes.push(offsets.length ? `obj${cl}{${shown.join(',')}}` : `obj${cl} (no pointers)`);
      this.shapeIds.set(key, shape);
    }
    this.objShape.push(shape);
  }

  private otherRoot(): void {
    this.str();
    const p = this.uv();
    if (this.inHeap(p)) this.rootPtr.push(p);
    this.dump.otherRoots++;
  }

  private type(): void {
    const addr = this.uv();
    const size = this.uv();
    const name = this.str();
    const indirect = this.bool();
    this.dump.types.set(addr, { name, size, indirect });
  }

  private goroutine(): void {
    const address = this.uv();
    this.uv(); // sp
    const goid = this.uv();
    const gopc = this.uv();
    const status = this.uv();
    const system = this.bool();
    this.bool(); // background
    const waitSince = this.uv();
    const waitReason = this.str();
    const ctxt = this.uv();
    this.uv(); // m
    const deferPtr = this.uv();
    const panicPtr = this.uv();
    const { dump } = this;
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
      pointers: [ctxt, deferPtr, panicPtr].filter((v) => this.inHeap(v)),
    });
  }

  private frame(): void {
    const sp = this.uv();
    const depth = this.uv();
    this.uv(); // child sp
    const [cs, cl] = this.bytes();
    this.uv(); // entry pc
    const pc = this.uv();
    this.uv(); // continuation pc
    const funcName = this.str();
    const { frameOffsets, rootPtr, dump } = this;
    frameOffsets.length = 0;
    this.fields((o) => frameOffsets.push(o));
    const firstPtr = rootPtr.length;
    for (const o of frameOffsets) {
      if (o + this.ptrSize > cl) continue;
      const v = this.word(cs + o);
      if (this.inHeap(v)) rootPtr.push(v);
    }
    const g = dump.goroutines.length - 1;
    dump.frames.push({ goroutine: g, sp, depth, funcName, pc, firstPtr, endPtr: rootPtr.length });
    if (g >= 0) dump.goroutines[g].endFrame = dump.frames.length;
  }

  private params(tagAt: number): void {
    const bigEndian = this.bool();
    const ptrSize = this.uv();
    this.bigEndian = bigEndian;
    this.ptrSize = ptrSize;
    if (ptrSize !== 4 && ptrSize !== 8) throw new Corrupt(tagAt, 'a pointer size of 4 or 8', `${ptrSize}`);
    let heapStart = this.uv();
    let heapEnd = this.uv();
    this.heapStart = heapStart;
    this.heapEnd = heapEnd;
    const arch = this.str();
    const buildVersion = this.str();
    const ncpu = this.uv();
    if (heapEnd <= heapStart) {
      warn(this.dump, msg('goheap/warnEmptyRange'));
      heapStart = 0;
      heapEnd = Number.MAX_SAFE_INTEGER;
      this.heapStart = heapStart;
      this.heapEnd = heapEnd;
    }
    this.dump.params = { bigEndian, ptrSize, heapStart, heapEnd, arch, buildVersion, ncpu };
  }

  private finalizer(queued: boolean): void {
    const obj = this.uv();
    const fn = this.uv();
    this.uv();
    this.uv();
    this.uv();
    this.dump.finalizers.push({ queued, obj, fn });
  }

  private itab(): void {
    const itab = this.uv();
    const type = this.uv();
    this.dump.itabs.set(itab, type);
  }

  private memStats(): void {
    const ms: Partial<MemStats> = {};
    for (const f of MEMSTATS_FIELDS) ms[f] = this.uv();
    for (let i = 0; i < 256; i++) this.uv();
    ms.NumGC = this.uv();
    this.dump.memStats = ms as MemStats;
  }

  private segment(kind: DumpSegment['kind']): void {
    const start = this.uv();
    const [cs, cl] = this.bytes();
    const seg: DumpSegment = { kind, start, size: cl, offsets: [], values: [] };
    this.fields((o) => {
      if (o + this.ptrSize > cl) return;
      const v = this.word(cs + o);
      if (this.inHeap(v)) {
        seg.offsets.push(o);
        seg.values.push(v);
      }
    });
    this.dump.segments.push(seg);
  }

  private defer(): void {
    const d = this.uv();
    this.uv(); // g
    this.uv(); // sp
    this.uv(); // pc
    const fn = this.uv();
    this.uv(); // fn.fn
    this.uv(); // link
    const g = this.dump.goroutines[this.dump.goroutines.length - 1];
    if (g) g.pointers.push(...[d, fn].filter((v) => this.inHeap(v)));
  }

  private panic(): void {
    const p = this.uv();
    this.uv(); // g
    this.uv(); // arg type
    const argData = this.uv();
    this.uv(); // 0
    this.uv(); // link
    const g = this.dump.goroutines[this.dump.goroutines.length - 1];
    if (g) g.pointers.push(...[p, argData].filter((v) => this.inHeap(v)));
  }

  private memProf(): void {
    const id = this.uv();
    const size = this.uv();
    const nstkAt = this.bufStart + this.pos;
    const nstk = this.uv();
    if (nstk > 1 << 16) throw new Corrupt(nstkAt, 'a stack depth of at most 65536', `${nstk}`);
    const frames: MemProfBucket['frames'] = [];
    for (let i = 0; i < nstk; i++) frames.push({ func: this.str(), file: this.str(), line: this.uv() });
    const allocs = this.uv();
    const frees = this.uv();
    this.dump.buckets.set(id, { id, size, frames, allocs, frees });
  }

  private allocSample(): void {
    const addr = this.uv();
    const bucket = this.uv();
    this.dump.allocSamples.set(addr, bucket);
  }
}

/**
 * Feeds the file to the decoder chunk by chunk: each refill keeps the unread tail (a record that
 * ran past the window) and appends at least the next chunk, then decodes records until one needs
 * more. Stops at the EOF record or where the file ends inside a record (marked truncated).
 * Returns whether the EOF record was seen.
 */
async function readRecords(source: ByteSource, ctx: ParseContext, d: RecordDecoder): Promise<boolean> {
  const { dump } = d;
  const fileSize = source.size;
  const chunk = DEFAULT_CHUNK;
  let win = new Uint8Array(0);
  let recordStart = 0;
  let pendingUntil = 0;
  for (;;) {
    throwIfAborted(ctx.signal);
    // refill: keep the unread tail, append at least the next chunk (or what a record needs)
    const readFrom = d.bufStart + d.buf.length;
    let want = chunk;
    if (pendingUntil > readFrom) want = Math.max(chunk, pendingUntil - readFrom);
    const more =
      readFrom < fileSize
        ? await source.read(readFrom, Math.min(want, fileSize - readFrom))
        : new Uint8Array(0);
    const tailLen = d.buf.length - d.pos;
    if (more.length === 0 && tailLen === 0) return false;
    if (tailLen === 0) {
      d.buf = more; // nothing straddles: no copy
    } else {
      // one window reused across refills (a fresh buffer per chunk only feeds the allocator)
      const need = tailLen + more.length;
      if (win.length < need) {
        const w = new Uint8Array(Math.max(need, chunk + (chunk >> 2)));
        w.set(d.buf.subarray(d.pos));
        win = w;
      } else if (d.buf.buffer === win.buffer) {
        win.copyWithin(0, d.pos, d.pos + tailLen);
      } else {
        win.set(d.buf.subarray(d.pos));
      }
      win.set(more, tailLen);
      d.buf = win.subarray(0, need);
    }
    d.bufStart += d.pos;
    d.pos = 0;
    const atEnd = d.bufStart + d.buf.length >= fileSize;
    ctx.onProgress?.({ phase: 'parse', done: d.bufStart + d.buf.length, total: fileSize });
    pendingUntil = 0;
    for (;;) {
      recordStart = d.pos;
      try {
        if (!d.record()) return true;
      } catch (e) {
        if (e instanceof NeedMore) {
          d.pos = recordStart;
          pendingUntil = e.until;
          break;
        }
        throw e;
      }
    }
    if (atEnd) {
      // the file ended inside a record: a truncated dump
      dump.truncated = true;
      dump.truncatedAt = d.bufStart + recordStart;
      return false;
    }
    await new Promise<void>((r) => setTimeout(r, 0));
  }
}

/** Completeness, truncation and leftover warnings, then the decoder's lists as exact-size arrays. */
function finishDump(d: RecordDecoder, eofSeen: boolean): GoHeapDump {
  const { dump } = d;
  const { fileSize } = dump;
  const end = d.bufStart + d.pos;
  dump.bytesRead = end;
  dump.complete = eofSeen;
  if (!eofSeen && !dump.truncated) {
    dump.truncated = true;
    dump.truncatedAt = end;
  }
  if (dump.truncated) {
    const noRoots = dump.goroutines.length === 0 && dump.segments.length === 0;
    warn(
      dump,
      msg('goheap/warnTruncated', {
        at: dump.truncatedAt ?? 0,
        size: fileSize,
        objects: d.objAddr.length,
        noRoots: noRoots ? msg('goheap/truncatedNoRoots') : '',
      }),
    );
  } else if (eofSeen && end < fileSize) {
    warn(dump, msg('goheap/warnTrailing', { bytes: fileSize - end }));
  }
  if (!dump.params) warn(dump, msg('goheap/warnNoParams'));

  // one exact-size array at a time, each list's chunks dropped as it is copied
  dump.objAddr = d.objAddr.take();
  dump.objSize = d.objSize.take();
  dump.objContentOffset = d.objOff.take();
  dump.objShape = d.objShape.take();
  dump.ptrSource = d.ptrSource.take();
  dump.ptrValue = d.ptrValue.take();
  dump.rootPtrValue = d.rootPtr.take();
  return dump;
}

/** Parses a Go heap dump from a ByteSource: header, records (streamed), then the flat arrays. */
export async function parseGoHeapDump(source: ByteSource, ctx: ParseContext = {}): Promise<GoHeapDump> {
  const header = await readHeader(source);
  const decoder = new RecordDecoder(
    emptyDump(source.name, source.size, `go1.${header.minor}`),
    header.length,
  );
  let eofSeen: boolean;
  try {
    eofSeen = await readRecords(source, ctx, decoder);
  } catch (e) {
    if (e instanceof Corrupt) throw new ParseError(source.name, { offset: e.offset }, e.expected, e.found);
    throw e;
  }
  return finishDump(decoder, eofSeen);
}
