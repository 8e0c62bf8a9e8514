import { type HprofModel, K_CLASS, K_INSTANCE, K_OBJ_ARRAY, K_PRIM_ARRAY } from './parser.ts';
import { PRIMITIVE_NAMES, SUB, T_BYTE, T_CHAR, T_OBJECT, valueSize } from './records.ts';
import { readRanges } from './stream.ts';

/** One decoded field of an instance (or a static of a class) for the inspector. */
export interface FieldValue {
  name: string;
  type: string;
  /** Printable value: a number, boolean, char, or `null` / `0x…` for references. */
  value: string;
  /** Node index of the referenced object, when it is in the dump. */
  ref?: number;
  /** Declaring class. */
  owner?: string;
}

const MAX_STRING = 4096;

/**
 * Reads values back from the file on demand: the parser keeps only offsets, never field data.
 * Plain dumps are read in place; gzip dumps are re-inflated once per batch.
 */
export class HprofValues {
  constructor(readonly model: HprofModel) {}

  private headerSize(node: number): number {
    const id = this.model.idSize;
    const k = this.model.kindOf(node);
    if (k === K_INSTANCE || k === K_OBJ_ARRAY) return 1 + 2 * id + 8;
    if (k === K_PRIM_ARRAY) return 1 + id + 9;
    return 0;
  }

  /** Record data read so far, and whether it is the whole record's (else cut at a limit). */
  private readonly cache = new Map<number, { data: Uint8Array; whole: boolean }>();
  private warm?: Promise<void>;

  /**
   * The bytes to read for a node's record: the header and at most `limit` data bytes. The
   * parser keeps no lengths (4 bytes a node), so the data length is an upper bound from the
   * class layout or the shallow size; the record's own header gives the exact one after the read.
   */
  private range(
    node: number,
    limit: number,
  ): { offset: number; length: number; node: number; h: number } | undefined {
    const m = this.model;
    const k = m.kindOf(node);
    if (k !== K_INSTANCE && k !== K_OBJ_ARRAY && k !== K_PRIM_ARRAY) return undefined;
    const off = m.offsetOf(node);
    if (!(off > 0)) return undefined;
    const h = this.headerSize(node);
    let len: number;
    if (k === K_INSTANCE) {
      const cls = m.classes.get(m.classIdOf(node));
      len = cls?.layout?.dataSize ?? 0;
    } else {
      // shallow = align8(header + 4 + length × element size): at most 7 bytes more than that
      const elem = k === K_OBJ_ARRAY ? m.sizing.oopSize : valueSize(m.elemTypeOf(node), m.idSize);
      const stored = k === K_OBJ_ARRAY ? m.idSize : elem;
      const most = Math.floor((m.graph.shallow[node] - m.sizing.minInstanceSize - 4) / elem);
      len = Math.max(0, most) * stored;
    }
    return { offset: off, length: h + Math.min(len, limit), node, h };
  }

  /** The exact data length a record's header states (0 for a primitive array without data). */
  private dataLength(node: number, record: Uint8Array): number {
    const m = this.model;
    const id = m.idSize;
    const v = new DataView(record.buffer, record.byteOffset, record.byteLength);
    const k = m.kindOf(node);
    if (k === K_INSTANCE) return record.length >= 1 + 2 * id + 8 ? v.getUint32(1 + 2 * id + 4) : 0;
    if (record.length < 1 + id + 8) return 0;
    const n = v.getUint32(1 + id + 4);
    if (k === K_OBJ_ARRAY) return n * id;
    if (record[0] === SUB.PRIMITIVE_ARRAY_NODATA) return 0;
    return n * valueSize(m.elemTypeOf(node), id);
  }

  /**
   * Gzip dumps cannot seek, so the first read re-inflates the dump once and keeps the records
   * the analyses and the inspector usually want: every String with its backing array, thread
   * objects and the holders of streams (bounded to 64 MB).
   */
  private prefetch(): Promise<void> {
    const m = this.model;
    const g = m.graph;
    const stringType = g.types.indexOf('java.lang.String');
    const want: number[] = [];
    let bytes = 0;
    const add = (n: number) => {
      const r = this.range(n, MAX_STRING * 2);
      if (!r || bytes + r.length > 64 << 20) return;
      bytes += r.length;
      want.push(n);
    };
    for (const n of this.wanted) {
      const r = this.range(n, 1 << 20);
      if (!r || bytes + r.length > 64 << 20) continue;
      bytes += r.length;
      want.push(n);
    }
    for (const t of m.threads) {
      const n = m.nodeOf(t.objectId);
      if (n > 0) add(n);
    }
    for (let n = 1; n < g.nodeCount; n++) {
      if (m.kindOf(n) !== K_INSTANCE) continue;
      const isString = g.typeId[n] === stringType;
      let holdsResource = false;
      for (let e = g.firstEdge[n]; e < g.firstEdge[n + 1]; e++) {
        const t = g.edgeTarget[e];
        if (isString && m.kindOf(t) === K_PRIM_ARRAY) {
          add(t);
          break;
        }
        if (m.resources.has(t)) holdsResource = true;
      }
      if (isString || holdsResource) add(n);
    }
    const limit = (n: number) => (this.wanted.has(n) ? 1 << 20 : MAX_STRING * 2);
    return this.read(want, limit, this.cache).then(() => undefined);
  }

  private async read(
    nodes: number[],
    limit: number | ((node: number) => number),
    out: Map<number, { data: Uint8Array; whole: boolean }>,
  ): Promise<void> {
    const limitOf = typeof limit === 'number' ? () => limit : limit;
    const ranges = nodes.map((n) => this.range(n, limitOf(n))).filter((r) => r !== undefined);
    const bytes = await readRanges(this.model.source, this.model.gzip, ranges);
    for (const r of ranges) {
      const b = bytes.get(r.offset);
      if (!b || b.length < r.h) continue;
      const exact = this.dataLength(r.node, b);
      const data = b.subarray(r.h, r.h + Math.min(exact, limitOf(r.node)));
      out.set(r.node, { data, whole: data.length === exact });
    }
  }

  /** Records to read whole in the one re-inflation of a gzip dump (call before the first read). */
  private readonly wanted = new Set<number>();

  /**
   * Asks for these nodes' records (up to 1 MiB each) in the same pass that prefetches strings
   * and threads: the suspects' paths are known before anything is read, and a second pass over
   * a multi-gigabyte gzip dump costs as much as the first.
   */
  prefetchAlso(nodes: Iterable<number>): void {
    for (const n of nodes) this.wanted.add(n);
  }

  /** Bytes of each node's record data (after the sub-record header); capped at `limit` bytes. */
  async data(nodes: number[], limit = 1 << 20): Promise<Map<number, Uint8Array>> {
    const out = new Map<number, Uint8Array>();
    if (this.model.gzip) {
      this.warm ??= this.prefetch();
      await this.warm;
    }
    const missing: number[] = [];
    for (const n of nodes) {
      const c = this.cache.get(n);
      if (c && (c.whole || c.data.length >= limit)) out.set(n, c.data.subarray(0, limit));
      else missing.push(n);
    }
    if (missing.length) {
      const read = new Map<number, { data: Uint8Array; whole: boolean }>();
      await this.read(missing, limit, read);
      for (const [n, r] of read) out.set(n, r.data);
    }
    return out;
  }

  private readId(v: DataView, q: number): number {
    return this.model.idSize === 4 ? v.getUint32(q) : v.getUint32(q) * 4294967296 + v.getUint32(q + 4);
  }

  /** Decodes the fields of instance nodes (own class first, then superclasses). */
  async fields(nodes: number[]): Promise<Map<number, FieldValue[]>> {
    const m = this.model;
    const out = new Map<number, FieldValue[]>();
    const inst = nodes.filter((n) => m.kindOf(n) === K_INSTANCE);
    const data = await this.data(inst);
    for (const node of inst) {
      const b = data.get(node);
      const cls = m.classes.get(m.classIdOf(node));
      if (!b || !cls?.layout) continue;
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const list: FieldValue[] = [];
      for (const slot of cls.layout.slots) {
        const size = valueSize(slot.type, m.idSize);
        if (slot.offset + size > b.length) break;
        list.push(this.decode(v, slot.offset, slot.type, slot.name, slot.owner));
      }
      out.set(node, list);
    }
    for (const node of nodes) {
      if (m.kindOf(node) !== K_CLASS) continue;
      const cls = m.classes.get(m.idOf(node));
      if (!cls) continue;
      out.set(
        node,
        cls.statics.map((st) => {
          if (st.type === T_OBJECT) return this.refValue(st.name, st.value, `static ${cls.name}`);
          return {
            name: st.name,
            type: PRIMITIVE_NAMES[st.type] ?? '?',
            value: String(st.value),
            owner: `static ${cls.name}`,
          };
        }),
      );
    }
    return out;
  }

  /**
   * The name of the reference from `src` to `dst`, for each pair: an instance field's name, a
   * static field's name (a class's static values are its outgoing references), `[i]` for an
   * object-array element, `<classloader>` / `<super>` for a class's own links. The graph keeps
   * no edge names (4 bytes an edge on millions of edges), so they are read back from the records,
   * every source in one batch (one re-inflation for a gzip dump).
   */
  async referenceNames(pairs: readonly (readonly [number, number])[]): Promise<(string | undefined)[]> {
    const m = this.model;
    const sources = new Set<number>();
    for (const [src] of pairs) {
      const k = m.kindOf(src);
      if (src > 0 && (k === K_INSTANCE || k === K_OBJ_ARRAY)) sources.add(src);
    }
    const data = await this.data([...sources]);
    const id = m.idSize;
    return pairs.map(([src, dst]) => {
      if (src <= 0 || dst <= 0) return undefined;
      const target = m.idOf(dst);
      const k = m.kindOf(src);
      if (k === K_CLASS) {
        const c = m.classes.get(m.idOf(src));
        if (!c) return undefined;
        const st = c.statics.find((x) => x.type === T_OBJECT && x.value === target);
        if (st) return st.name;
        if (c.loaderId === target) return '<classloader>';
        if (c.superId === target) return '<super>';
        return undefined;
      }
      const b = data.get(src);
      if (!b) return undefined;
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (k === K_OBJ_ARRAY) {
        for (let i = 0; (i + 1) * id <= b.length; i++) if (this.readId(v, i * id) === target) return `[${i}]`;
        return undefined;
      }
      const slots = m.classes.get(m.classIdOf(src))?.layout?.slots ?? [];
      for (const slot of slots) {
        if (slot.type !== T_OBJECT || slot.offset + id > b.length) continue;
        if (this.readId(v, slot.offset) === target) return slot.name;
      }
      return undefined;
    });
  }

  private refValue(name: string, id: number, owner?: string): FieldValue {
    if (id === 0) return { name, type: 'object', value: 'null', owner };
    const ref = this.model.nodeOf(id);
    const t = ref > 0 ? this.model.graph.types[this.model.graph.typeId[ref]] : 'object';
    return { name, type: t, value: `0x${id.toString(16)}`, ref: ref > 0 ? ref : undefined, owner };
  }

  private decode(v: DataView, q: number, t: number, name: string, owner: string): FieldValue {
    const type = PRIMITIVE_NAMES[t] ?? 'object';
    switch (t) {
      case T_OBJECT:
        return this.refValue(name, this.readId(v, q), owner);
      case 4:
        return { name, type, value: v.getUint8(q) ? 'true' : 'false', owner };
      case T_CHAR:
        return { name, type, value: JSON.stringify(String.fromCharCode(v.getUint16(q))), owner };
      case 6:
        return { name, type, value: String(v.getFloat32(q)), owner };
      case 7:
        return { name, type, value: String(v.getFloat64(q)), owner };
      case T_BYTE:
        return { name, type, value: String(v.getInt8(q)), owner };
      case 9:
        return { name, type, value: String(v.getInt16(q)), owner };
      case 10:
        return { name, type, value: String(v.getInt32(q)), owner };
      default:
        return { name, type, value: v.getBigInt64(q).toString(), owner };
    }
  }

  /**
   * Contents of java.lang.String instances (JDK 9+ byte[] + coder, or JDK 8 char[]). The backing
   * array is found through the graph's edges, so the String and its array are read in one batch
   * (one re-inflation for gzip dumps).
   */
  async strings(nodes: number[]): Promise<Map<number, string>> {
    const m = this.model;
    const g = m.graph;
    const out = new Map<number, string>();
    const arrOf = new Map<number, number>();
    for (const n of nodes) {
      if (m.kindOf(n) !== K_INSTANCE) continue;
      for (let e = g.firstEdge[n]; e < g.firstEdge[n + 1]; e++) {
        const t = g.edgeTarget[e];
        if (m.kindOf(t) === K_PRIM_ARRAY) {
          arrOf.set(n, t);
          break;
        }
      }
      if (!arrOf.has(n)) out.set(n, '');
    }
    const data = await this.data([...arrOf.keys(), ...arrOf.values()], MAX_STRING * 2);
    for (const [n, arr] of arrOf) {
      const inst = data.get(n);
      const b = data.get(arr);
      const cls = m.classes.get(m.classIdOf(n));
      if (!inst || !b || !cls?.layout) continue;
      const v = new DataView(inst.buffer, inst.byteOffset, inst.byteLength);
      const num = (name: string, dflt: number) => {
        const slot = cls.layout?.slots.find((x) => x.name === name && x.type !== T_OBJECT);
        if (!slot || slot.offset + valueSize(slot.type, m.idSize) > inst.length) return dflt;
        return slot.type === T_BYTE ? v.getInt8(slot.offset) : v.getInt32(slot.offset);
      };
      out.set(n, decodeJavaChars(b, m.elemTypeOf(arr), num('coder', 0), num('offset', 0), num('count', -1)));
    }
    return out;
  }
}

/** Decodes a String's backing array: Latin-1 bytes, UTF-16 bytes (little-endian VM order) or chars. */
export function decodeJavaChars(
  b: Uint8Array,
  elemType: number,
  coder: number,
  offset = 0,
  count = -1,
): string {
  let s = '';
  if (elemType === T_BYTE) {
    if (coder === 1) {
      for (let i = 0; i + 1 < b.length && s.length < MAX_STRING; i += 2)
        s += String.fromCharCode(b[i] | (b[i + 1] << 8));
    } else {
      for (let i = 0; i < b.length && s.length < MAX_STRING; i++) s += String.fromCharCode(b[i]);
    }
    return s;
  }
  if (elemType === T_CHAR) {
    const start = offset * 2;
    const end = count >= 0 ? Math.min(b.length, start + count * 2) : b.length;
    for (let i = start; i + 1 < end && s.length < MAX_STRING; i += 2)
      s += String.fromCharCode((b[i] << 8) | b[i + 1]);
  }
  return s;
}
