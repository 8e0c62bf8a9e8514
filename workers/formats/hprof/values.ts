import { type HprofModel, K_CLASS, K_INSTANCE, K_OBJ_ARRAY, K_PRIM_ARRAY } from './parser.ts';
import { PRIMITIVE_NAMES, T_BYTE, T_CHAR, T_OBJECT, valueSize } from './records.ts';
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
    const k = this.model.kind[node];
    if (k === K_INSTANCE || k === K_OBJ_ARRAY) return 1 + 2 * id + 8;
    if (k === K_PRIM_ARRAY) return 1 + id + 9;
    return 0;
  }

  /** Bytes of each node's record data (after the sub-record header); capped at `limit` bytes. */
  async data(nodes: number[], limit = 1 << 20): Promise<Map<number, Uint8Array>> {
    const m = this.model;
    const ranges: { offset: number; length: number; node: number; h: number }[] = [];
    for (const node of nodes) {
      const k = m.kind[node];
      if (k !== K_INSTANCE && k !== K_OBJ_ARRAY && k !== K_PRIM_ARRAY) continue;
      const off = m.graph.contentOffset?.[node] ?? -1;
      if (off < 0) continue;
      const h = this.headerSize(node);
      let len = m.count[node];
      if (k === K_OBJ_ARRAY) len *= m.idSize;
      if (k === K_PRIM_ARRAY) len *= valueSize(m.classOf[node], m.idSize);
      ranges.push({ offset: off, length: h + Math.min(len, limit), node, h });
    }
    const bytes = await readRanges(m.source, m.gzip, ranges);
    const out = new Map<number, Uint8Array>();
    for (const r of ranges) {
      const b = bytes.get(r.offset);
      if (b && b.length >= r.h) out.set(r.node, b.subarray(r.h));
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
    const inst = nodes.filter((n) => m.kind[n] === K_INSTANCE);
    const data = await this.data(inst);
    for (const node of inst) {
      const b = data.get(node);
      const cls = m.classes.get(m.classOf[node]);
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
      if (m.kind[node] !== K_CLASS) continue;
      const cls = m.classes.get(m.graph.address[node]);
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

  /** Contents of java.lang.String instances (JDK 9+ byte[] + coder, or JDK 8 char[]). */
  async strings(nodes: number[]): Promise<Map<number, string>> {
    const m = this.model;
    const out = new Map<number, string>();
    const fields = await this.fields(nodes);
    const want = new Map<number, { node: number; coder: number; offset: number; count: number }>();
    for (const [node, fs] of fields) {
      const value = fs.find((f) => f.name === 'value');
      if (!value?.ref) {
        if (value?.value === 'null') out.set(node, '');
        continue;
      }
      const coder = Number(fs.find((f) => f.name === 'coder')?.value ?? 0);
      const offset = Number(fs.find((f) => f.name === 'offset')?.value ?? 0);
      const countField = fs.find((f) => f.name === 'count');
      want.set(value.ref, { node, coder, offset, count: countField ? Number(countField.value) : -1 });
    }
    const arrays = await this.data([...want.keys()], MAX_STRING * 2);
    for (const [arr, w] of want) {
      const b = arrays.get(arr);
      if (!b) continue;
      out.set(w.node, decodeJavaChars(b, m.classOf[arr], w.coder, w.offset, w.count));
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
