import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { gzipTrailerSize } from '../../core/gzip.ts';
import { LimitError } from '../../core/limits.ts';
import { english, type Msg, msg } from '../../core/messages.ts';
import { NeedMore } from '../../core/need-more.ts';
import { DeltaColumn } from '../../graph/delta-column.ts';
import type { HeapGraph } from '../../graph/heap-graph.ts';
import { getBit, newBits, radixOrder, setBit, sortedOrder } from '../../graph/heap-graph.ts';
import { Grow, IdColumn, NodeStates, sized } from './grow.ts';

export { sortedOrder };

import {
  javaClassName,
  PRIMITIVE_NAMES,
  ROOT_KIND_NAMES,
  SUB,
  T_BOOLEAN,
  T_BYTE,
  T_CHAR,
  T_LONG,
  T_OBJECT,
  T_SHORT,
  TAG,
  valueSize,
} from './records.ts';
import { ByteStream, readRanges } from './stream.ts';

/** Node kinds in `HprofModel.kind`. */
export const K_ROOT = 0;
export const K_INSTANCE = 1;
export const K_OBJ_ARRAY = 2;
export const K_PRIM_ARRAY = 3;
export const K_CLASS = 4;

export interface HprofField {
  name: string;
  type: number;
}

export interface HprofStatic extends HprofField {
  /** Object id for object statics, else the primitive value (longs as doubles). */
  value: number;
}

export interface HprofClass {
  id: number;
  name: string;
  superId: number;
  loaderId: number;
  /** The CLASS DUMP's own instance-size field (0 in HotSpot dumps). */
  rawInstanceSize: number;
  fields: HprofField[];
  statics: HprofStatic[];
  /** Node index of the class object, after resolution. */
  node: number;
  layout?: ClassLayout;
}

/** An instance's data: the class's own fields first, then its superclass's, up to Object. */
export interface ClassLayout {
  dataSize: number;
  /** Every field with its byte offset in the instance data, in file order. */
  slots: { name: string; type: number; offset: number; owner: string }[];
  refOffsets: Int32Array;
  /** Offset of java.lang.ref.Reference.referent, or -1. */
  referentOffset: number;
  /** Resource probe for unclosed-stream detection. */
  probe?: { kind: 'closed' | 'buf'; offset: number; type: number };
  /** Super chain names, this class first. */
  chain: string[];
}

export interface StackFrameInfo {
  method: string;
  signature: string;
  sourceFile: string;
  classSerial: number;
  line: number;
}

export interface ThreadInfo {
  serial: number;
  objectId: number;
  stackSerial: number;
  frames: string[];
  name?: string;
}

/** What the parser produces: the graph plus what the analyses and the inspector need. */
export interface HprofModel {
  graph: HeapGraph;
  version: string;
  idSize: number;
  timestampMs: number;
  /**
   * Node kind (K_*), read from the node's type: every type index belongs to one kind (instances
   * of a class, arrays of an array class, one primitive array type, class objects).
   */
  kindOf(node: number): number;
  /** Element type (T_*) of a primitive array node, 0 otherwise. */
  elemTypeOf(node: number): number;
  /** The object id (address) of a node. */
  idOf(node: number): number;
  /** File offset (in the decompressed dump) of a node's record. */
  offsetOf(node: number): number;
  /** Hash of a byte[]/char[] node's contents (for duplicate strings), 0 when not hashed. */
  hashOf(node: number): number;
  classes: Map<number, HprofClass>;
  /** Class object id of an instance / object-array node (0 otherwise). */
  classIdOf(node: number): number;
  roots: { byKind: Record<string, number>; total: number; unresolved: number };
  threads: ThreadInfo[];
  /** Node index → resource state: 1 open (not closed), 0 closed. */
  resources: NodeStates;
  /** Shallow-size convention used. */
  sizing: {
    idSize: number;
    oopSize: number;
    minInstanceSize: number;
    newSize: boolean;
    convention: string;
    conventionMsg: Msg;
  };
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  /** Messages of some of `warnings` (matched by their English). */
  warningMsgs: Msg[];
  gzip: boolean;
  source: ByteSource;
  danglingRefs: number;
  /** Node index of an object id (binary search over sorted ids), -1 when absent. */
  nodeOf(id: number): number;
  /** Root kind names per root object node (first root record wins). */
  rootKindOf: Map<number, string>;
  /**
   * Working buffers the parser has finished with, for the dominator pass to reuse (empty it
   * once handed over): they would otherwise still be resident until the next collection.
   */
  spare: ArrayBuffer[];
}

const TEXT = new TextDecoder('utf-8');
const COMPRESSED_OOPS_KEY = 'java.vm.compressedOopsMode';
/** byte[]/char[] up to this size are hashed for duplicate strings (longer ones are not strings that matter). */
const HASH_LIMIT = 2048;
const BIG_SKIP = 1 << 20;
/** Longest name/frame/trace record (real ones are bytes to kilobytes). */
const MAX_SMALL_RECORD = 64 * 1024 * 1024;

/** Parses an HPROF dump (plain or gzip) into a heap graph, streaming, in one pass. */
export async function parseHprof(source: ByteSource, ctx: ParseContext = {}): Promise<HprofModel> {
  const head = await source.read(0, 64);
  const s = new ByteStream(source, ctx, head);
  const p = new Parser(source, s, ctx, s.gzip ? await gzipSizeHint(source) : source.size);
  await p.run();
  return p.finish();
}

/**
 * The decompressed size a gzip member states in its last 4 bytes (modulo 4 GiB), when it is
 * plausible for this file (at least its compressed size, at most 1,000 times it), else 0.
 */
async function gzipSizeHint(source: ByteSource): Promise<number> {
  const isize = await gzipTrailerSize(source);
  return isize >= source.size && isize <= source.size * 1000 ? isize : 0;
}

/** The parse's columns, out of their growable lists (see Parser.takeColumns). */
interface Columns {
  rootCount: number;
  rootIds: Float64Array;
  rootKinds: Uint8Array;
  nodeCount: number;
  /** Bits dropped from each stored id (see IdColumn). */
  shift: number;
  ids: Uint32Array | Float64Array;
  typeOf: Uint16Array | Int32Array;
  count: Uint32Array;
  contentOffset: Uint32Array | Float64Array;
  eCount: number;
  eFrom: Uint32Array;
  eTo: Uint32Array | Float64Array;
  weakRefs: Uint32Array;
}

/** What renumbering nodes in id order leaves (see Parser.renumberById). */
interface Renumbering {
  /** Whether the nodes already were in id order (nothing moved). */
  identity: boolean;
  /** rank[old node] = new node; its buffer is reused for the edge sort's cursors. */
  rank: Uint32Array;
  spare?: Uint32Array;
  hashNode: Uint32Array;
  hashVal: Uint32Array;
}

interface RootsInfo {
  byKind: Record<string, number>;
  rootLabel: Map<number, string>;
  rootKindOf: Map<number, string>;
  threads: ThreadInfo[];
  unresolved: number;
}

interface EdgesInfo {
  firstEdge: Uint32Array;
  edgeTarget: Uint32Array;
  weakEdges?: Uint8Array;
  dangling: number;
  /** The edge sort's cursors (their buffer is handed on as spare). */
  next: Uint32Array;
}

class Parser {
  idSize = 0;
  version = '';
  timestampMs = 0;
  readonly warnings: string[] = [];
  readonly warningMsgs: Msg[] = [];
  truncated = false;
  truncatedAt?: number;

  readonly strings = new Map<number, string>();
  readonly classNamesById = new Map<number, string>();
  readonly classSerialToName = new Map<number, string>();
  readonly frames = new Map<number, StackFrameInfo>();
  readonly traces = new Map<number, { threadSerial: number; frames: number[] }>();
  readonly classes = new Map<number, HprofClass>();
  readonly threadsBySerial = new Map<number, { objectId: number; stackSerial: number }>();

  // Per node, 16 bytes: id, type, array length / instance data size (which becomes the shallow
  // size in place), file offset. Sized once from the file's size when it is known.
  readonly ids: IdColumn;
  /** 2 bytes a node until the 65,536th type. */
  typeOf: Grow<Uint16Array> | Grow<Int32Array>;
  readonly count: Grow<Uint32Array>;
  /** File offsets: 4 bytes each when the dump is a plain file under 4 GiB. */
  readonly offset: Grow<Float64Array> | Grow<Uint32Array>;
  /** Types by index: kind, class id (instances, object arrays), element type (primitive arrays). */
  readonly typeKind: number[] = [K_ROOT];
  readonly typeClassId: number[] = [0];
  readonly typeElem: number[] = [0];
  private readonly instanceType = new Map<number, number>();
  private readonly arrayType = new Map<number, number>();
  private readonly primitiveType = new Map<number, number>();
  private classObjectType = -1;
  /** Hashed byte[]/char[] nodes (ascending) and their content hashes: sparse, not one per node. */
  readonly hashNode = new Grow(Uint32Array, 1 << 12);
  readonly hashVal = new Grow(Uint32Array, 1 << 12);
  // Per reference, 8 bytes: source node, target id. Weak ones (Reference.referent) are few: listed.
  readonly eFrom: Grow<Uint32Array>;
  readonly eTo: IdColumn;
  readonly weakRefs = new Grow(Uint32Array, 1 << 10);
  // roots
  readonly rootId = new Grow(Float64Array);
  readonly rootKind = new Grow(Uint8Array);
  readonly rootThread = new Grow(Uint32Array);
  readonly rootFrame = new Grow(Int32Array);

  readonly deferred: number[] = [];
  readonly resources = new NodeStates();
  sawCompressedOopsKey = false;
  unknownSubTags = 0;
  layoutMismatch = 0;

  /** `size`: the dump's (decompressed) size when known, else 0 (then the arrays grow). */
  constructor(
    readonly source: ByteSource,
    readonly s: ByteStream,
    readonly ctx: ParseContext,
    size: number,
  ) {
    // estimates from the dump's size (real heaps average 50–600 bytes of dump an object, a
    // reference 8–12): the columns double past them, so a dump of tiny objects costs copies,
    // not a wrong answer, and address space stays in proportion to the data
    const nodeCap = size > 0 ? size / 64 : 1 << 16;
    const refCap = size > 0 ? size / 32 : 1 << 16;
    this.ids = new IdColumn(nodeCap);
    this.typeOf = sized(Uint16Array, nodeCap);
    this.count = sized(Uint32Array, nodeCap);
    this.offset =
      !s.gzip && source.size < 0xffffffff ? sized(Uint32Array, nodeCap) : sized(Float64Array, nodeCap);
    this.eFrom = sized(Uint32Array, refCap);
    this.eTo = new IdColumn(refCap);
    // node 0: the virtual super-root
    this.ids.push(0);
    this.typeOf.push(0);
    this.count.push(0);
    this.offset.push(this.offset.data instanceof Uint32Array ? 0xffffffff : -1);
  }

  /** The next type index (the type column widens past 2 bytes when it needs to). */
  private newType(): number {
    const t = this.typeKind.length;
    if (t === 0x10000 && this.typeOf.data instanceof Uint16Array) {
      const wide = new Grow(Int32Array, Math.max(1 << 12, this.typeOf.data.length));
      for (let i = 0; i < this.typeOf.length; i++) wide.push(this.typeOf.data[i]);
      this.typeOf = wide;
    }
    return t;
  }

  /** A type index per (kind, class id or element type), made on first use. */
  private typeFor(kind: number, key: number): number {
    const map =
      kind === K_INSTANCE ? this.instanceType : kind === K_OBJ_ARRAY ? this.arrayType : this.primitiveType;
    let t = map.get(key);
    if (t === undefined) {
      t = this.newType();
      this.typeKind.push(kind);
      this.typeClassId.push(kind === K_PRIM_ARRAY ? 0 : key);
      this.typeElem.push(kind === K_PRIM_ARRAY ? key : 0);
      map.set(key, t);
    }
    return t;
  }

  private classType(): number {
    if (this.classObjectType < 0) {
      this.classObjectType = this.newType();
      this.typeKind.push(K_CLASS);
      this.typeClassId.push(0);
      this.typeElem.push(0);
    }
    return this.classObjectType;
  }

  /** Ids of nodes and of reference targets switch to doubles together (see IdColumn). */
  private pushId(col: IdColumn, id: number): void {
    if (!this.ids.fits(id)) {
      this.ids.widen();
      this.eTo.widen();
    }
    col.push(id);
  }

  private fail(offset: number, expected: string, found?: string): never {
    throw new ParseError(this.source.name, { offset }, expected, found);
  }

  private markTruncated(at: number, what: Msg): void {
    if (this.truncated) return;
    this.truncated = true;
    this.truncatedAt = at;
    this.warn(msg('hprof/warnTruncated', { what, at }));
  }

  readId(pos: number): number {
    const v = this.s.view;
    if (this.idSize === 4) return v.getUint32(pos);
    return v.getUint32(pos) * 4294967296 + v.getUint32(pos + 4);
  }

  async run(): Promise<void> {
    const s = this.s;
    await s.ensure(64);
    // header: "JAVA PROFILE 1.0.x\0" u4 idSize u8 timestamp
    let nul = -1;
    for (let i = 0; i < Math.min(s.available, 32); i++)
      if (s.buf[i] === 0) {
        nul = i;
        break;
      }
    const magic = nul > 0 ? TEXT.decode(s.buf.subarray(0, nul)) : '';
    if (!/^JAVA PROFILE 1\.0\.[123]$/.test(magic)) {
      this.fail(0, 'an HPROF header "JAVA PROFILE 1.0.1" or "1.0.2"', JSON.stringify(magic.slice(0, 20)));
    }
    this.version = magic.slice('JAVA PROFILE '.length);
    if (s.available < nul + 13)
      this.fail(nul + 1, 'the identifier size and timestamp after the header', 'end of file');
    this.idSize = s.view.getUint32(nul + 1);
    if (this.idSize !== 4 && this.idSize !== 8) {
      this.fail(nul + 1, 'an identifier size of 4 or 8', String(this.idSize));
    }
    // 4-byte ids fit as they are (only node 0's id 0 is stored so far)
    if (this.idSize === 4) {
      this.ids.shift = 0;
      this.eTo.shift = 0;
    }
    this.timestampMs = s.view.getUint32(nul + 5) * 4294967296 + s.view.getUint32(nul + 9);
    s.pos = nul + 13;

    let records = 0;
    while (true) {
      // awaited only when the buffer runs short: an await per record (40,000 names in a JDK 17
      // dump) cost more than reading them
      if (s.available < 9 && !(await s.ensure(9))) {
        if (s.available > 0) this.markTruncated(s.offset, msg('hprof/inRecordHeader'));
        break;
      }
      const recAt = s.offset;
      const tag = s.buf[s.pos];
      const len = s.view.getUint32(s.pos + 5);
      s.pos += 9;
      if ((++records & 0xff) === 0) throwIfAborted(this.ctx.signal);
      if (tag === TAG.HEAP_DUMP || tag === TAG.HEAP_DUMP_SEGMENT) {
        const done = await this.heapSegment(s.offset + len, recAt);
        if (!done) break;
        continue;
      }
      if (
        tag === TAG.UTF8 ||
        tag === TAG.LOAD_CLASS ||
        tag === TAG.STACK_FRAME ||
        tag === TAG.STACK_TRACE ||
        tag === TAG.START_THREAD
      ) {
        this.checkRecordLength(tag, len, recAt);
        if (s.available < len && !(await s.ensure(len))) {
          this.markTruncated(recAt, msg('hprof/inRecord', { tag: tag.toString(16), len }));
          break;
        }
        this.smallRecord(tag, s.pos, len, recAt);
        s.pos += len;
        continue;
      }
      // HEAP DUMP END, UNLOAD CLASS, ALLOC SITES, HEAP SUMMARY, CPU SAMPLES, CONTROL SETTINGS,
      // END THREAD and unknown tags: skipped by their length
      const skipped = s.available >= len ? s.skipBuffered(len) : await s.skip(len);
      if (skipped < len) {
        this.markTruncated(recAt, msg('hprof/inRecord', { tag: tag.toString(16), len }));
        break;
      }
    }
    if (s.gzip && s.gzState.truncated && !this.truncated) this.markTruncated(s.offset, msg('hprof/inGzip'));
  }

  /**
   * A record read whole (names, frames, traces) is held in the buffer, so its length is checked
   * first: one claiming 4 GiB made the reader inflate and hold 4 GiB. Past MAX_SMALL_RECORD the
   * length is the error; past the end of the file it is a cut dump (reported as truncated).
   */
  private checkRecordLength(tag: number, len: number, at: number): void {
    if (len > MAX_SMALL_RECORD)
      throw new LimitError(
        this.source.name,
        { offset: at },
        'record-length',
        MAX_SMALL_RECORD,
        `a record (tag 0x${tag.toString(16)}) of ${len} bytes`,
      );
  }

  private smallRecord(tag: number, p: number, len: number, at: number): void {
    const v = this.s.view;
    const id = this.idSize;
    const need = (n: number) => {
      if (n > len) this.fail(at, `a ${n}-byte body for record tag 0x${tag.toString(16)}`, `${len} bytes`);
    };
    switch (tag) {
      case TAG.UTF8: {
        need(id);
        this.strings.set(this.readId(p), TEXT.decode(this.s.buf.subarray(p + id, p + len)));
        return;
      }
      case TAG.LOAD_CLASS: {
        need(8 + 2 * id);
        const serial = v.getUint32(p);
        const classId = this.readId(p + 4);
        const nameId = this.readId(p + 8 + id);
        const name = javaClassName(this.strings.get(nameId) ?? `class@0x${classId.toString(16)}`);
        this.classNamesById.set(classId, name);
        this.classSerialToName.set(serial, name);
        return;
      }
      case TAG.STACK_FRAME: {
        need(4 * id + 8);
        this.frames.set(this.readId(p), {
          method: this.strings.get(this.readId(p + id)) ?? '?',
          signature: this.strings.get(this.readId(p + 2 * id)) ?? '',
          sourceFile: this.strings.get(this.readId(p + 3 * id)) ?? '',
          classSerial: v.getUint32(p + 4 * id),
          line: v.getInt32(p + 4 * id + 4),
        });
        return;
      }
      case TAG.STACK_TRACE: {
        need(12);
        const serial = v.getUint32(p);
        const threadSerial = v.getUint32(p + 4);
        const n = v.getUint32(p + 8);
        need(12 + n * id);
        const frames: number[] = [];
        for (let i = 0; i < n; i++) frames.push(this.readId(p + 12 + i * id));
        this.traces.set(serial, { threadSerial, frames });
        return;
      }
      default:
        return;
    }
  }

  /** Parses sub-records up to `segEnd`; false when the dump ended inside the segment. */
  private async heapSegment(segEnd: number, recAt: number): Promise<boolean> {
    const s = this.s;
    let pendingSkip = 0;
    let lastProgress = 0;
    while (s.offset < segEnd) {
      if (pendingSkip > 0) {
        const at = s.offset;
        const skipped = await s.skip(pendingSkip);
        if (skipped < pendingSkip) {
          this.markTruncated(at, msg('hprof/inPrimitiveArray'));
          return false;
        }
        pendingSkip = 0;
        continue;
      }
      if (s.available < 1) {
        if (!(await s.ensure(Math.min(segEnd - s.offset, 1 << 16)))) {
          if (s.available < 1) {
            this.markTruncated(s.offset, msg('hprof/inSegment'));
            return false;
          }
        }
      }
      // parse synchronously what fits in the buffer
      const r = this.parseBuffered(Math.min(s.end, s.pos + (segEnd - s.offset)), segEnd);
      // a primitive array larger than the buffer: header consumed, data to skip
      if (r < 0) pendingSkip = -r;
      if (r > 0) {
        const want = Math.min(r, segEnd - s.offset);
        if (!(await s.ensure(want))) {
          this.markTruncated(s.offset, msg('hprof/inSubRecord'));
          return false;
        }
      }
      throwIfAborted(this.ctx.signal);
      if (s.offset - lastProgress > 1 << 22 && !s.gzip) {
        lastProgress = s.offset;
        this.ctx.onProgress?.({ phase: 'parse', done: s.offset, total: this.source.size });
      }
    }
    if (s.offset > segEnd)
      this.fail(recAt, `sub-records that end with their HEAP DUMP SEGMENT at byte ${segEnd}`);
    return true;
  }

  /**
   * Parses the sub-records buffered before `limit`: 0 when it got there, -(bytes to skip) after
   * the header of a primitive array larger than the buffer, or how many bytes from the read
   * position the next record needs buffered (always > 0). Synchronous and apart from the async
   * loop around it, so V8 optimizes this loop once instead of the async function around it.
   */
  private parseBuffered(limit: number, segEnd: number): number {
    const s = this.s;
    try {
      while (s.pos < limit) {
        const r = this.subRecord(s.pos, limit, segEnd);
        if (r < 0) return r;
        s.pos += r;
      }
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e;
      return Math.max(1, e.until - s.offset);
    }
    return 0;
  }

  private addNode(id: number, type: number, count: number, at: number): number {
    const n = this.ids.length;
    this.pushId(this.ids, id);
    this.typeOf.push(type);
    this.count.push(count);
    this.offset.push(at);
    return n;
  }

  private edge(from: number, toId: number, weak = 0): void {
    if (weak) this.weakRefs.push(this.eFrom.length);
    this.eFrom.push(from);
    this.pushId(this.eTo, toId);
  }

  private root(id: number, kind: number, thread = 0, frame = -1): void {
    this.rootId.push(id);
    this.rootKind.push(kind);
    this.rootThread.push(thread);
    this.rootFrame.push(frame);
  }

  /**
   * Parses one sub-record at `p` (buffer index) whose bytes must end before `limit`.
   * Returns bytes consumed, or -(bytes to skip) after a primitive-array header whose data is
   * skipped in the stream. Throws NeedMore when the record is not all in the buffer.
   *
   * One small method per kind of record: V8 compiles a hot function with what it inlines, and
   * compiled one switch over every kind again (at ~35 ms each) as each new kind arrived (roots,
   * then classes, then objects).
   */
  private subRecord(p: number, limit: number, segEnd: number): number {
    const tag = this.s.buf[p];
    if (tag === SUB.INSTANCE_DUMP) return this.instanceDump(p, limit - p, this.s.base + p, segEnd);
    if (tag === SUB.OBJECT_ARRAY_DUMP) return this.objectArrayDump(p, limit - p, this.s.base + p, segEnd);
    if (tag === SUB.PRIMITIVE_ARRAY_DUMP || tag === SUB.PRIMITIVE_ARRAY_NODATA)
      return this.primitiveArrayDump(tag, p, limit - p, this.s.base + p, segEnd);
    return this.otherSubRecord(tag, p, limit - p, this.s.base + p, segEnd);
  }

  private instanceDump(p: number, avail: number, abs: number, segEnd: number): number {
    const v = this.s.view;
    const id = this.idSize;
    const tag = SUB.INSTANCE_DUMP;
    const h = 1 + 2 * id + 8;
    this.need(abs, h, avail, segEnd, tag, p);
    const objId = this.readId(p + 1);
    const classId = this.readId(p + 5 + id);
    const n = v.getUint32(p + 5 + 2 * id);
    this.need(abs, h + n, avail, segEnd, tag, p);
    const node = this.addNode(objId, this.typeFor(K_INSTANCE, classId), n, abs);
    const cls = this.classes.get(classId);
    // known layouts first: the call (once per class) stays out of this hot method's compiled code
    const layout = cls ? (cls.layout ?? this.layoutOf(cls)) : undefined;
    if (layout) this.instanceRefs(node, layout, this.s.buf, p + h, n);
    else this.deferred.push(node);
    return h + n;
  }

  private objectArrayDump(p: number, avail: number, abs: number, segEnd: number): number {
    const v = this.s.view;
    const id = this.idSize;
    const tag = SUB.OBJECT_ARRAY_DUMP;
    const h = 1 + 2 * id + 8;
    this.need(abs, h, avail, segEnd, tag, p);
    const objId = this.readId(p + 1);
    const n = v.getUint32(p + 5 + id);
    const classId = this.readId(p + 9 + id);
    this.need(abs, h + n * id, avail, segEnd, tag, p);
    const node = this.addNode(objId, this.typeFor(K_OBJ_ARRAY, classId), n, abs);
    let q = p + h;
    for (let i = 0; i < n; i++, q += id) {
      const t = id === 4 ? v.getUint32(q) : v.getUint32(q) * 4294967296 + v.getUint32(q + 4);
      if (t !== 0) this.edge(node, t);
    }
    return h + n * id;
  }

  private primitiveArrayDump(tag: number, p: number, avail: number, abs: number, segEnd: number): number {
    const s = this.s;
    const v = s.view;
    const buf = s.buf;
    const id = this.idSize;
    const h = 1 + id + 9;
    this.need(abs, h, avail, segEnd, tag, p);
    const objId = this.readId(p + 1);
    const n = v.getUint32(p + 5 + id);
    const type = buf[p + 9 + id];
    const es = valueSize(type, id);
    if (es === 0 || type === T_OBJECT)
      this.fail(abs + 9 + id, 'a primitive array element type (4..11)', String(type));
    const data = tag === SUB.PRIMITIVE_ARRAY_NODATA ? 0 : n * es;
    if (abs + h + data > segEnd) {
      this.fail(
        abs,
        `a primitive array of ${n} elements within its HEAP DUMP SEGMENT`,
        `a segment ending at byte ${segEnd}`,
      );
    }
    if (data > 0 && h + data > avail) {
      if (data > BIG_SKIP) {
        this.addNode(objId, this.typeFor(K_PRIM_ARRAY, type), n, abs);
        return -(h + data);
      }
      throw new NeedMore(s.base + p + h + data);
    }
    const node = this.addNode(objId, this.typeFor(K_PRIM_ARRAY, type), n, abs);
    if (data > 0 && data <= HASH_LIMIT && (type === T_BYTE || type === T_CHAR)) {
      const start = p + h;
      let x = 0x811c9dc5;
      for (let i = start; i < start + data; i++) x = Math.imul(x ^ buf[i], 0x01000193);
      this.hashNode.push(node);
      this.hashVal.push(x >>> 0 || 1);
      if (!this.sawCompressedOopsKey && n === COMPRESSED_OOPS_KEY.length) this.checkOopsKey(start, type);
    }
    return h + data;
  }

  /** Roots, class dumps and the dump info: a few thousand records, not one per object. */
  private otherSubRecord(tag: number, p: number, avail: number, abs: number, segEnd: number): number {
    const v = this.s.view;
    const id = this.idSize;
    switch (tag) {
      case SUB.ROOT_UNKNOWN:
      case SUB.ROOT_STICKY_CLASS:
      case SUB.ROOT_MONITOR_USED:
      case SUB.ROOT_INTERNED_STRING:
      case SUB.ROOT_FINALIZING:
      case SUB.ROOT_DEBUGGER:
      case SUB.ROOT_REFERENCE_CLEANUP:
      case SUB.ROOT_VM_INTERNAL:
      case SUB.ROOT_UNREACHABLE:
        this.need(abs, 1 + id, avail, segEnd, tag, p);
        this.root(this.readId(p + 1), tag);
        return 1 + id;
      case SUB.ROOT_JNI_GLOBAL:
        this.need(abs, 1 + 2 * id, avail, segEnd, tag, p);
        this.root(this.readId(p + 1), tag);
        return 1 + 2 * id;
      case SUB.ROOT_JNI_LOCAL:
      case SUB.ROOT_JAVA_FRAME:
      case SUB.ROOT_JNI_MONITOR:
        this.need(abs, 1 + id + 8, avail, segEnd, tag, p);
        this.root(this.readId(p + 1), tag, v.getUint32(p + 1 + id), v.getInt32(p + 5 + id));
        return 1 + id + 8;
      case SUB.ROOT_NATIVE_STACK:
      case SUB.ROOT_THREAD_BLOCK:
        this.need(abs, 1 + id + 4, avail, segEnd, tag, p);
        this.root(this.readId(p + 1), tag, v.getUint32(p + 1 + id));
        return 1 + id + 4;
      case SUB.ROOT_THREAD_OBJECT: {
        this.need(abs, 1 + id + 8, avail, segEnd, tag, p);
        const obj = this.readId(p + 1);
        const serial = v.getUint32(p + 1 + id);
        this.threadsBySerial.set(serial, { objectId: obj, stackSerial: v.getUint32(p + 5 + id) });
        this.root(obj, tag, serial);
        return 1 + id + 8;
      }
      case SUB.HEAP_DUMP_INFO:
        this.need(abs, 1 + 4 + id, avail, segEnd, tag, p);
        return 1 + 4 + id;
      case SUB.CLASS_DUMP:
        return this.classDump(p, avail, abs, segEnd);
      default:
        this.unknownSubTags++;
        this.fail(
          abs,
          'a heap dump sub-record tag (roots 0x01-0x08/0xff, 0x20-0x23, Android 0x89-0x90/0xc3/0xfe)',
          `0x${tag.toString(16)}`,
        );
    }
  }

  private need(abs: number, n: number, avail: number, segEnd: number, tag: number, p: number): void {
    if (abs + n > segEnd) {
      this.fail(
        abs,
        `a sub-record (tag 0x${tag.toString(16)}, ${n} bytes) within its HEAP DUMP SEGMENT`,
        `a segment ending at byte ${segEnd}`,
      );
    }
    if (n > avail) throw new NeedMore(this.s.base + p + n);
  }

  private checkOopsKey(start: number, type: number): void {
    const buf = this.s.buf;
    for (let i = 0; i < COMPRESSED_OOPS_KEY.length; i++) {
      const c = type === T_BYTE ? buf[start + i] : (buf[start + 2 * i] << 8) | buf[start + 2 * i + 1];
      if (c !== COMPRESSED_OOPS_KEY.charCodeAt(i)) return;
    }
    this.sawCompressedOopsKey = true;
  }

  private classDump(p: number, avail: number, abs: number, segEnd: number): number {
    const id = this.idSize;
    const v = this.s.view;
    let q = p + 1;
    const end = p + avail;
    const need = (n: number) => {
      if (q + n - p + abs > segEnd) {
        this.fail(abs, 'a CLASS DUMP within its HEAP DUMP SEGMENT', `a segment ending at byte ${segEnd}`);
      }
      // at least twice what is buffered: a class with many fields is not re-parsed per byte
      if (q + n > end) throw new NeedMore(this.s.base + Math.max(q + n, this.s.pos + (end - this.s.pos) * 2));
    };
    need(7 * id + 4 + 4 + 2);
    const classId = this.readId(q);
    const superId = this.readId(q + id + 4);
    const loaderId = this.readId(q + 2 * id + 4);
    const signersId = this.readId(q + 3 * id + 4);
    const domainId = this.readId(q + 4 * id + 4);
    const rawInstanceSize = v.getUint32(q + 7 * id + 4);
    q += 7 * id + 8;
    const cpCount = v.getUint16(q);
    q += 2;
    const cpRefs: number[] = [];
    for (let i = 0; i < cpCount; i++) {
      need(3);
      const t = this.s.buf[q + 2];
      const sz = valueSize(t, id);
      if (sz === 0) this.fail(abs + (q - p) + 2, 'a constant pool entry type (2, 4..11)', String(t));
      need(3 + sz);
      if (t === T_OBJECT) cpRefs.push(this.readId(q + 3));
      q += 3 + sz;
    }
    need(2);
    const staticCount = v.getUint16(q);
    q += 2;
    const statics: HprofStatic[] = [];
    for (let i = 0; i < staticCount; i++) {
      need(id + 1);
      const name = this.strings.get(this.readId(q)) ?? '?';
      const t = this.s.buf[q + id];
      const sz = valueSize(t, id);
      if (sz === 0) this.fail(abs + (q - p) + id, 'a static field type (2, 4..11)', String(t));
      need(id + 1 + sz);
      statics.push({ name, type: t, value: readValue(v, q + id + 1, t, id) });
      q += id + 1 + sz;
    }
    need(2);
    const fieldCount = v.getUint16(q);
    q += 2;
    const fields: HprofField[] = [];
    for (let i = 0; i < fieldCount; i++) {
      need(id + 1);
      const t = this.s.buf[q + id];
      if (valueSize(t, id) === 0)
        this.fail(abs + (q - p) + id, 'an instance field type (2, 4..11)', String(t));
      fields.push({ name: this.strings.get(this.readId(q)) ?? '?', type: t });
      q += id + 1;
    }
    const name = this.classNamesById.get(classId) ?? `class@0x${classId.toString(16)}`;
    this.classes.set(classId, {
      id: classId,
      name,
      superId,
      loaderId,
      rawInstanceSize,
      fields,
      statics,
      node: -1,
    });
    const node = this.addNode(classId, this.classType(), 0, abs);
    if (superId) this.edge(node, superId);
    if (loaderId) this.edge(node, loaderId);
    if (signersId) this.edge(node, signersId);
    if (domainId) this.edge(node, domainId);
    for (const r of cpRefs) if (r) this.edge(node, r);
    for (const st of statics) if (st.type === T_OBJECT && st.value) this.edge(node, st.value);
    return q - p;
  }

  /** The instance layout of a class, once it and all its superclasses are known. */
  layoutOf(cls: HprofClass): ClassLayout | undefined {
    if (cls.layout) return cls.layout;
    const chain: HprofClass[] = [];
    let c: HprofClass | undefined = cls;
    while (c) {
      chain.push(c);
      if (!c.superId) break;
      c = this.classes.get(c.superId);
      if (!c) return undefined;
      if (chain.length > 4096) return undefined;
    }
    const slots: ClassLayout['slots'] = [];
    const refs: number[] = [];
    let off = 0;
    let referentOffset = -1;
    const names = chain.map((k) => k.name);
    for (const k of chain) {
      for (const f of k.fields) {
        slots.push({ name: f.name, type: f.type, offset: off, owner: k.name });
        if (f.type === T_OBJECT) {
          refs.push(off);
          if (k.name === 'java.lang.ref.Reference' && f.name === 'referent') referentOffset = off;
        }
        off += valueSize(f.type, this.idSize);
      }
    }
    let probe: ClassLayout['probe'];
    if (
      names.includes('java.io.InputStream') ||
      names.includes('java.io.Reader') ||
      names.includes('java.io.OutputStream') ||
      names.includes('java.io.Writer') ||
      names.includes('java.nio.channels.spi.AbstractInterruptibleChannel')
    ) {
      const closed = slots.find((f) => f.name === 'closed' && f.type === T_BOOLEAN);
      const bufSlot = slots.find(
        (f) => f.name === 'buf' && f.type === T_OBJECT && f.owner.startsWith('java.io.Buffered'),
      );
      if (closed) probe = { kind: 'closed', offset: closed.offset, type: T_BOOLEAN };
      else if (bufSlot) probe = { kind: 'buf', offset: bufSlot.offset, type: T_OBJECT };
    }
    cls.layout = {
      dataSize: off,
      slots,
      refOffsets: Int32Array.from(refs),
      referentOffset,
      probe,
      chain: names,
    };
    return cls.layout;
  }

  private instanceRefs(node: number, layout: ClassLayout, buf: Uint8Array, start: number, n: number): void {
    if (n !== layout.dataSize) this.layoutMismatch++;
    const v = this.s.view;
    const id = this.idSize;
    const refs = layout.refOffsets;
    for (let i = 0; i < refs.length; i++) {
      const off = refs[i];
      if (off + id > n) break;
      const q = start + off;
      const t = id === 4 ? v.getUint32(q) : v.getUint32(q) * 4294967296 + v.getUint32(q + 4);
      if (t !== 0) this.edge(node, t, off === layout.referentOffset ? 1 : 0);
    }
    if (layout.probe && layout.probe.offset < n) {
      const q = start + layout.probe.offset;
      const open =
        layout.probe.kind === 'closed'
          ? buf[q] === 0
          : (id === 4 ? v.getUint32(q) : v.getUint32(q) + v.getUint32(q + 4)) !== 0;
      this.resources.set(node, open ? 1 : 0);
    }
  }

  /** Instances met before their class: re-read them by offset now that every class is known. */
  private async resolveDeferred(): Promise<void> {
    if (!this.deferred.length) return;
    const id = this.idSize;
    const h = 1 + 2 * id + 8;
    const ranges = this.deferred.map((node) => ({
      offset: this.offset.get(node),
      length: h + this.count.get(node),
    }));
    const bytes = await readRanges(this.source, this.s.gzip, ranges);
    let missing = 0;
    for (const node of this.deferred) {
      const cls = this.classes.get(this.typeClassId[this.typeOf.get(node)]);
      const layout = cls ? this.layoutOf(cls) : undefined;
      const b = bytes.get(this.offset.get(node));
      if (!layout || !b || b.length < h) {
        missing++;
        continue;
      }
      // point the stream's view at this record for readId/instanceRefs
      const saved = { buf: this.s.buf, view: this.s.view };
      this.s.buf = b;
      this.s.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.instanceRefs(node, layout, b, h, Math.min(this.count.get(node), b.length - h));
      this.s.buf = saved.buf;
      this.s.view = saved.view;
    }
    if (missing) this.warn(msg('hprof/warnMissingClass', { count: missing }));
  }

  private sizing(): HprofModel['sizing'] {
    const id = this.idSize;
    let objectClass: HprofClass | undefined;
    for (const c of this.classes.values()) if (c.name === 'java.lang.Object') objectClass = c;
    const newSize = !!objectClass && objectClass.rawInstanceSize > 0;
    let oopSize = id;
    let minInstanceSize: number;
    if (id === 8) {
      if (newSize && objectClass) {
        const d = objectClass.rawInstanceSize - id;
        oopSize = d === 4 || d === 8 ? d : d < 8 ? 4 : 8;
      } else {
        oopSize = this.guessOopSize();
      }
    }
    if (newSize && objectClass) minInstanceSize = objectClass.rawInstanceSize;
    else minInstanceSize = id + oopSize;
    const conventionMsg = msg('hprof/convention', {
      instance: newSize
        ? msg('hprof/conventionClassDump')
        : msg('hprof/conventionAlign', { header: minInstanceSize, oop: oopSize }),
      arrayHeader: minInstanceSize + 4,
      oop: oopSize,
    });
    return {
      idSize: id,
      oopSize,
      minInstanceSize,
      newSize,
      convention: english(conventionMsg),
      conventionMsg,
    };
  }

  private guessOopSize(): number {
    const id = this.idSize;
    const diff = (cls: string, a: string, b: string): number => {
      for (const c of this.classes.values()) {
        if (c.name !== cls) continue;
        const x = c.statics.find((st) => st.name === a && st.type === T_LONG);
        const y = c.statics.find((st) => st.name === b && st.type === T_LONG);
        if (x && y) {
          const d = y.value - x.value;
          if (d === 4 || d === 8) return d;
        }
      }
      return 0;
    };
    return (
      diff('java.lang.Class$Atomic', 'annotationDataOffset', 'annotationTypeOffset') ||
      diff('java.util.concurrent.FutureTask', 'runnerOffset', 'waitersOffset') ||
      (this.sawCompressedOopsKey ? 4 : id)
    );
  }

  /** Builds the model once the stream is read: phase by phase, each its own method below. */
  async finish(): Promise<HprofModel> {
    await this.resolveDeferred();
    // the read window grew to the largest record (a big object array): let it go
    this.s.buf = new Uint8Array(0);
    this.s.view = new DataView(this.s.buf.buffer);
    const sizing = this.sizing();
    const c = this.takeColumns();
    const order = this.renumberById(c);
    const types = this.typeNames();
    const shallow = this.shallowSizes(c, sizing);
    for (const cls of this.classes.values()) {
      const n = findIn(c.ids, c.nodeCount, cls.id, c.shift);
      if (n > 0) cls.node = n;
    }
    const roots = this.resolveRoots(c);
    const edges = this.buildEdges(c, order);
    const { nodeCount, shift, ids, typeOf, contentOffset, eFrom } = c;
    const { hashNode, hashVal } = order;
    const { typeKind, typeClassId, typeElem } = this;
    // Ids and offsets in about 2.25 bytes a node instead of 4 (ids are sorted; offsets mostly
    // climb in id order); their full columns go to the dominator pass as working space.
    contentOffset[0] = 0;
    const idColumn = new DeltaColumn(ids);
    const offsetColumn = new DeltaColumn(contentOffset);
    const scale = 2 ** shift;
    const idOf = (node: number): number => idColumn.get(node) * scale;
    const graph: HeapGraph = {
      nodeCount,
      addressOf: idOf,
      shallow,
      typeId: typeOf,
      types,
      firstEdge: edges.firstEdge,
      edgeTarget: edges.edgeTarget,
      ...(edges.weakEdges ? { weakEdges: edges.weakEdges } : {}),
      rootLabel: roots.rootLabel,
    };
    this.finalWarnings(edges.dangling, roots.unresolved);
    // names and frames are all resolved now (class names, fields, thread stacks): the model's
    // closures keep the parser alive, so let its lookup tables go
    this.strings.clear();
    this.frames.clear();
    this.traces.clear();
    this.deferred.length = 0;
    const kindOf = (node: number): number => typeKind[typeOf[node]] ?? K_ROOT;
    return {
      graph,
      version: this.version,
      idSize: this.idSize,
      timestampMs: this.timestampMs,
      kindOf,
      elemTypeOf: (node: number) => typeElem[typeOf[node]] ?? 0,
      idOf,
      offsetOf: (node: number) => offsetColumn.get(node),
      hashOf: (node: number): number => {
        let lo = 0;
        let hi = hashNode.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const x = hashNode[mid];
          if (x < node) lo = mid + 1;
          else if (x > node) hi = mid - 1;
          else return hashVal[mid];
        }
        return 0;
      },
      classes: this.classes,
      classIdOf: (node: number) => {
        const k = kindOf(node);
        return k === K_INSTANCE || k === K_OBJ_ARRAY ? typeClassId[typeOf[node]] : 0;
      },
      roots: { byKind: roots.byKind, total: c.rootCount, unresolved: roots.unresolved },
      threads: roots.threads,
      resources: this.resources,
      sizing,
      truncated: this.truncated,
      truncatedAt: this.truncatedAt,
      warnings: this.warnings,
      warningMsgs: this.warningMsgs,
      gzip: this.s.gzip,
      source: this.source,
      danglingRefs: edges.dangling,
      nodeOf: (x: number) => {
        if (x === 0 || x % scale !== 0) return -1;
        const n = idColumn.indexOf(x / scale);
        return n > 0 ? n : -1;
      },
      rootKindOf: roots.rootKindOf,
      spare: [
        ...new Set([
          edges.next.buffer as ArrayBuffer,
          order.rank.buffer as ArrayBuffer,
          eFrom.buffer as ArrayBuffer,
          ids.buffer as ArrayBuffer,
          contentOffset.buffer as ArrayBuffer,
        ]),
      ],
    };
  }

  /**
   * The parse's columns, taken out of their growable lists. First the super-root edges: one per
   * root record that makes its object a GC root (ROOT_UNREACHABLE does not); repeats are dropped
   * once resolved. Pushed while the id columns can still widen.
   */
  private takeColumns(): Columns {
    const rootCount = this.rootId.length;
    const rootIds = this.rootId.take();
    const rootKinds = this.rootKind.take();
    for (let r = 0; r < rootCount; r++)
      if (rootKinds[r] !== SUB.ROOT_UNREACHABLE && rootIds[r] !== 0) this.edge(0, rootIds[r]);
    const nodeCount = this.ids.length;
    const shift = this.ids.shift;
    const eCount = this.eFrom.length;
    return {
      rootCount,
      rootIds,
      rootKinds,
      nodeCount,
      shift,
      ids: this.ids.take(),
      typeOf: this.typeOf.take(),
      // array lengths and instance data sizes: they become the shallow sizes in place
      count: this.count.take(),
      contentOffset: this.offset.take(),
      eCount,
      eFrom: this.eFrom.take(),
      eTo: this.eTo.take(),
      weakRefs: this.weakRefs.take(),
    };
  }

  /**
   * Nodes renumbered in id order (dumps list class objects first, so they rarely are), in
   * place: every lookup searches the ids themselves, with no sorted copy of them while
   * resolving references and no permutation kept for the artifact's life. The super-root
   * (id 0) stays node 0. The sort's buffers have two slots of room: buildEdges reuses them.
   */
  private renumberById(c: Columns): Renumbering {
    const { nodeCount, ids, typeOf, count, contentOffset, eCount, eFrom } = c;
    let hashNode = this.hashNode.take();
    let hashVal = this.hashVal.take();
    const sorted = radixOrder(ids, 2);
    const rank = sorted.order;
    let identity = true;
    for (let i = 0; i < nodeCount && identity; i++) if (rank[i] !== i) identity = false;
    if (!identity) {
      const scratch = sorted.spare ?? new Uint32Array(nodeCount);
      for (const column of [ids, typeOf, count, contentOffset]) permuteColumn(column, rank, scratch);
      // inverted: rank[old] = new
      for (let i = 0; i < nodeCount; i++) scratch[rank[i]] = i;
      rank.set(scratch);
      for (let e = 0; e < eCount; e++) eFrom[e] = rank[eFrom[e]];
      this.resources.renumber(rank);
      for (let i = 0; i < hashNode.length; i++) hashNode[i] = rank[hashNode[i]];
      const byNode = sortedOrder(hashNode);
      hashNode = Uint32Array.from(byNode, (k) => hashNode[k]);
      hashVal = Uint32Array.from(byNode, (k) => hashVal[k]);
    }
    return { identity, rank, spare: sorted.spare, hashNode, hashVal };
  }

  /** A name per type: a class's name per class type (two classes of one name stay two types). */
  private typeNames(): string[] {
    const className = (classId: number) =>
      this.classes.get(classId)?.name ??
      this.classNamesById.get(classId) ??
      `class@0x${classId.toString(16)}`;
    return this.typeKind.map((k, t) =>
      k === K_ROOT
        ? '<GC roots>'
        : k === K_CLASS
          ? 'java.lang.Class'
          : k === K_PRIM_ARRAY
            ? `${PRIMITIVE_NAMES[this.typeElem[t]] ?? '?'}[]`
            : className(this.typeClassId[t]),
    );
  }

  /** Shallow sizes, like VisualVM, in place of the counts column. */
  private shallowSizes(c: Columns, sizing: HprofModel['sizing']): Float64Array | Uint32Array {
    const { typeKind, typeClassId, typeElem } = this;
    const align = (x: number) => Math.ceil(x / 8) * 8;
    const unaligned = new Map<number, number>();
    const unalignedSize = (cls: HprofClass): number => {
      if (sizing.newSize) return cls.rawInstanceSize;
      const cached = unaligned.get(cls.id);
      if (cached !== undefined) return cached;
      // super's unaligned size (header when there is no super) + own fields; iterative over
      // the super chain, never recursive
      const chain: HprofClass[] = [];
      let k: HprofClass | undefined = cls;
      while (k && !unaligned.has(k.id) && chain.length < 4096) {
        chain.push(k);
        k = k.superId ? this.classes.get(k.superId) : undefined;
      }
      let size = k ? (unaligned.get(k.id) ?? sizing.minInstanceSize) : sizing.minInstanceSize;
      for (let i = chain.length - 1; i >= 0; i--) {
        for (const f of chain[i].fields)
          size += f.type === T_OBJECT ? sizing.oopSize : valueSize(f.type, this.idSize);
        unaligned.set(chain[i].id, size);
      }
      return size;
    };
    let javaLangClassSize = align(sizing.minInstanceSize);
    for (const cls of this.classes.values()) {
      if (cls.name === 'java.lang.Class')
        javaLangClassSize = sizing.newSize ? unalignedSize(cls) : align(unalignedSize(cls));
    }
    const instanceSize = typeKind.map((k, t) => {
      if (k !== K_INSTANCE) return 0;
      const cls = this.classes.get(typeClassId[t]);
      return cls
        ? sizing.newSize
          ? unalignedSize(cls)
          : align(unalignedSize(cls))
        : align(sizing.minInstanceSize);
    });
    const elemSize = typeKind.map((k, t) =>
      k === K_OBJ_ARRAY ? sizing.oopSize : k === K_PRIM_ARRAY ? valueSize(typeElem[t], this.idSize) : 0,
    );
    // 4 bytes a node in the count's buffer; a size past 4 GiB (a huge array) switches to doubles
    const { nodeCount, typeOf } = c;
    let shallow: Float64Array | Uint32Array = c.count;
    for (let i = 1; i < nodeCount; i++) {
      const t = typeOf[i];
      const k = typeKind[t];
      const size =
        k === K_INSTANCE
          ? instanceSize[t]
          : k === K_CLASS
            ? javaLangClassSize
            : align(sizing.minInstanceSize + 4 + elemSize[t] * shallow[i]);
      if (size > 0xffffffff && shallow instanceof Uint32Array) shallow = Float64Array.from(shallow);
      shallow[i] = size;
    }
    shallow[0] = 0;
    return shallow;
  }

  /** Roots: counts by kind and labels (their super-root edges are among the references). */
  private resolveRoots(c: Columns): RootsInfo {
    const { rootCount, rootIds, rootKinds, ids, nodeCount, shift } = c;
    const byKind: Record<string, number> = {};
    const rootLabel = new Map<number, string>();
    const threads = this.threadInfos();
    const threadBySerial = new Map(threads.map((t) => [t.serial, t]));
    const rootKindOf = new Map<number, string>();
    let unresolved = 0;
    for (let r = 0; r < rootCount; r++) {
      const k = rootKinds[r];
      const kname = ROOT_KIND_NAMES[k] ?? `root 0x${k.toString(16)}`;
      byKind[kname] = (byKind[kname] ?? 0) + 1;
      const node = findIn(ids, nodeCount, rootIds[r], shift);
      if (node <= 0) {
        unresolved++;
        continue;
      }
      if (k === SUB.ROOT_UNREACHABLE) {
        if (!rootLabel.has(node)) rootLabel.set(node, kname);
        continue;
      }
      // Java roots are real objects (MAT's convention): the super-root points straight at them
      if (!rootLabel.has(node)) {
        rootLabel.set(node, this.rootText(k, kname, r, threadBySerial));
        rootKindOf.set(node, kname);
      }
    }
    return { byKind, rootLabel, rootKindOf, threads, unresolved };
  }

  /**
   * References: resolve target ids to nodes in place, then sort the (source, target) pairs by
   * source in place (American flag sort: each pair swapped straight into its source's range),
   * so the target list becomes the CSR's edge targets with no second copy of it. A weak
   * reference carries bit 31 in its source; a dangling one (or a repeated super-root edge)
   * goes to an extra last range, cut off. Edges of one node end up in no particular order.
   */
  private buildEdges(c: Columns, order: Renumbering): EdgesInfo {
    const { nodeCount: N, ids, eCount, eFrom, eTo, weakRefs } = c;
    const { identity, rank, spare } = order;
    const WEAK = 0x80000000;
    for (const e of weakRefs) eFrom[e] = (eFrom[e] | WEAK) >>> 0;
    // range starts by source (N + 1 ranges), in the sort's spare buffer when there is one
    const start = new Uint32Array(
      identity ? new ArrayBuffer((N + 2) * 4) : (spare?.buffer ?? new ArrayBuffer((N + 2) * 4)),
      0,
      N + 2,
    );
    start.fill(0);
    const dangling = resolveTargets(ids, N, eCount, eFrom, eTo, start);
    for (let i = 1; i < N + 2; i++) start[i] += start[i - 1];
    // cursors: the rank's buffer (done with)
    const next = new Uint32Array(identity ? new ArrayBuffer((N + 1) * 4) : rank.buffer, 0, N + 1);
    next.set(start.subarray(0, N + 1));
    groupBySource(N, eFrom, eTo, start, next);
    const m = start[N];
    const firstEdge = start.subarray(0, N + 1);
    const edgeTarget = eTo instanceof Uint32Array ? eTo.subarray(0, m) : Uint32Array.from(eTo.subarray(0, m));
    let weakEdges: Uint8Array | undefined;
    if (weakRefs.length) {
      weakEdges = newBits(m);
      for (let e = 0; e < m; e++) if (eFrom[e] & WEAK) setBit(weakEdges, e);
    }
    return { firstEdge, edgeTarget, weakEdges, dangling, next };
  }

  /** A warning the engine has a message for: its English in `warnings`, the message beside it. */
  private warn(m: Msg): void {
    this.warnings.push(english(m));
    this.warningMsgs.push(m);
  }

  private finalWarnings(dangling: number, unresolvedRoots: number): void {
    if (dangling) {
      this.warn(msg('hprof/warnDangling', { count: dangling }));
    }
    if (unresolvedRoots) this.warn(msg('hprof/warnUnresolvedRoots', { count: unresolvedRoots }));
    if (this.layoutMismatch) {
      this.warn(msg('hprof/warnLayoutMismatch', { count: this.layoutMismatch }));
    }
    if (this.s.gzip) {
      this.warn(msg('hprof/warnGzip'));
    }
  }

  private frameText(frameId: number): string {
    const f = this.frames.get(frameId);
    if (!f) return `frame 0x${frameId.toString(16)}`;
    const cls = this.classSerialToName.get(f.classSerial) ?? '?';
    const where =
      f.line > 0
        ? `${f.sourceFile}:${f.line}`
        : f.line === -2
          ? 'compiled'
          : f.line === -3
            ? 'native'
            : f.sourceFile || 'unknown';
    return `${cls}.${f.method}(${where})`;
  }

  private threadInfos(): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    for (const [serial, t] of this.threadsBySerial) {
      const trace = this.traces.get(t.stackSerial);
      out.push({
        serial,
        objectId: t.objectId,
        stackSerial: t.stackSerial,
        frames: trace ? trace.frames.map((f) => this.frameText(f)) : [],
      });
    }
    return out.sort((a, b) => a.serial - b.serial);
  }

  private rootText(k: number, kname: string, r: number, threads: Map<number, ThreadInfo>): string {
    const serial = this.rootThread.get(r);
    const frame = this.rootFrame.get(r);
    const t = serial ? threads.get(serial) : undefined;
    if (k === SUB.ROOT_THREAD_OBJECT) return `Thread #${serial}`;
    if (t && (k === SUB.ROOT_JAVA_FRAME || k === SUB.ROOT_JNI_LOCAL || k === SUB.ROOT_JNI_MONITOR)) {
      const f = frame >= 0 && frame < t.frames.length ? ` › ${t.frames[frame]}` : '';
      return `${kname} · thread #${serial}${f}`;
    }
    if (t) return `${kname} · thread #${serial}`;
    return kname;
  }
}

// buildEdges' two passes, a function each (V8 optimizes a hot loop by compiling its whole function)
const WEAK_BIT = 0x80000000;

/**
 * Edge targets from ids to nodes, in place; edges to missing objects, and repeated root edges,
 * move to source N (dropped). Counts each source's edges at start[source + 1]; returns how many
 * references pointed at no object.
 */
function resolveTargets(
  ids: Uint32Array | Float64Array,
  N: number,
  eCount: number,
  eFrom: Uint32Array,
  eTo: Uint32Array | Float64Array,
  start: Uint32Array,
): number {
  const rootSeen = newBits(N);
  let dangling = 0;
  const index = new IdIndex(ids, N);
  for (let e = 0; e < eCount; e++) {
    const t = index.find(eTo[e]);
    const from = eFrom[e] & ~WEAK_BIT;
    if (t <= 0 || (from === 0 && getBit(rootSeen, t))) {
      if (t <= 0 && from !== 0) dangling++;
      eFrom[e] = N;
    } else {
      if (from === 0) setBit(rootSeen, t);
      eTo[e] = t;
    }
    start[(eFrom[e] & ~WEAK_BIT) + 1]++;
  }
  return dangling;
}

/**
 * Finds object ids among the sorted ids of nodes 1..N-1 by their bucket of the id range first (up to
 * 2^20 buckets, about one id each on small dumps), then a binary search inside it: resolving every
 * reference's target searched all N ids each time.
 */
export class IdIndex {
  private readonly min: number;
  private readonly max: number;
  private readonly scale: number;
  private readonly last: number;
  /** Ids in bucket b are ids[from[b] .. from[b + 1]). */
  private readonly from: Uint32Array;

  constructor(
    private readonly ids: Uint32Array | Float64Array,
    n: number,
  ) {
    let buckets = 1;
    while (buckets < n && buckets < 1 << 20) buckets *= 2;
    this.min = n > 1 ? ids[1] : 1;
    this.max = n > 1 ? ids[n - 1] : 0;
    this.scale = buckets / (this.max - this.min + 1);
    this.last = buckets - 1;
    const from = new Uint32Array(buckets + 1);
    let b = 0;
    for (let i = 1; i < n; i++) {
      const bi = this.bucket(ids[i]);
      while (b <= bi) from[b++] = i;
    }
    while (b <= buckets) from[b++] = n;
    this.from = from;
  }

  /** Monotonic in the id, so the ids of one bucket are one run of the sorted ids. */
  private bucket(id: number): number {
    return Math.min(this.last, Math.floor((id - this.min) * this.scale));
  }

  /** The node of `id` (1..N-1), -1 when no node has it. */
  find(id: number): number {
    if (!(id >= this.min && id <= this.max)) return -1;
    const b = this.bucket(id);
    const ids = this.ids;
    let lo = this.from[b];
    let hi = this.from[b + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = ids[mid];
      if (m < id) lo = mid + 1;
      else if (m > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  }
}

/** Sorts the edges by source in place (cycle-following placement, cursors in `next`). */
function groupBySource(
  N: number,
  eFrom: Uint32Array,
  eTo: Uint32Array | Float64Array,
  start: Uint32Array,
  next: Uint32Array,
): void {
  for (let b = 0; b <= N; b++) {
    const end = start[b + 1];
    while (next[b] < end) {
      const e = next[b];
      const home = eFrom[e] & ~WEAK_BIT;
      if (home === b) {
        next[b]++;
        continue;
      }
      const slot = next[home]++;
      const f = eFrom[slot];
      eFrom[slot] = eFrom[e];
      eFrom[e] = f;
      const t = eTo[slot];
      eTo[slot] = eTo[e];
      eTo[e] = t;
    }
  }
}

function readValue(v: DataView, q: number, t: number, id: number): number {
  switch (t) {
    case T_OBJECT:
      return id === 4 ? v.getUint32(q) : v.getUint32(q) * 4294967296 + v.getUint32(q + 4);
    case T_BOOLEAN:
    case T_BYTE:
      return v.getInt8(q);
    case T_CHAR:
      return v.getUint16(q);
    case T_SHORT:
      return v.getInt16(q);
    case 6:
      return v.getFloat32(q);
    case 7:
      return v.getFloat64(q);
    case 10:
      return v.getInt32(q);
    case T_LONG:
      return Number(v.getBigInt64(q));
    default:
      return 0;
  }
}

/** Node index of the stored (possibly shifted) id `key` in sorted `ids`, -1 when absent. */
function searchIds(ids: Uint32Array | Float64Array, n: number, key: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = ids[mid];
    if (m < key) lo = mid + 1;
    else if (m > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Node index of object id `id`, -1 when absent (ids stored shifted right by `shift`). */
function findIn(ids: Uint32Array | Float64Array, n: number, id: number, shift: number): number {
  if (shift === 0) return searchIds(ids, n, id);
  const scale = 2 ** shift;
  if (id % scale !== 0 || id / scale > 0xffffffff) return -1;
  return searchIds(ids, n, id / scale);
}

/**
 * Reorders a column in place so element i becomes a[order[i]], through a 4-byte scratch array
 * (doubles in two halves): one monomorphic pass per 32-bit word.
 */
function permuteColumn(
  a: Uint32Array | Int32Array | Uint16Array | Float64Array,
  order: Uint32Array,
  scratch: Uint32Array,
): void {
  const n = order.length;
  if (a instanceof Uint16Array) {
    for (let i = 0; i < n; i++) scratch[i] = a[order[i]];
    for (let i = 0; i < n; i++) a[i] = scratch[i];
    return;
  }
  const words = new Uint32Array(a.buffer, a.byteOffset, a instanceof Float64Array ? 2 * n : n);
  const stride = a instanceof Float64Array ? 2 : 1;
  if (stride === 1) {
    for (let i = 0; i < n; i++) scratch[i] = words[order[i]];
    words.set(scratch.subarray(0, n));
    return;
  }
  // low words, then high words: each half gathered into the scratch, then written back
  for (let half = 0; half < 2; half++) {
    for (let i = 0; i < n; i++) scratch[i] = words[2 * order[i] + half];
    for (let i = 0; i < n; i++) words[2 * i + half] = scratch[i];
  }
}
