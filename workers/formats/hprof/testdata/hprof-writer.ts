/**
 * Test helper: writes well-formed HPROF records, so tests can build dumps with exactly the
 * records they need (Android extensions, 4-byte ids, classes after instances, weak references).
 */
export class HprofWriter {
  private out: number[] = [];
  private seg: number[] | null = null;
  private nextString = 0x100000;
  private readonly strings = new Map<string, number>();

  constructor(
    readonly idSize: 4 | 8 = 8,
    version = '1.0.2',
    timestampMs = 1_700_000_000_000,
  ) {
    for (const c of `JAVA PROFILE ${version}`) this.out.push(c.charCodeAt(0));
    this.out.push(0);
    this.u4(this.out, idSize);
    this.u4(this.out, Math.floor(timestampMs / 4294967296));
    this.u4(this.out, timestampMs >>> 0);
  }

  private u1(b: number[], v: number): void {
    b.push(v & 0xff);
  }
  private u2(b: number[], v: number): void {
    b.push((v >>> 8) & 0xff, v & 0xff);
  }
  private u4(b: number[], v: number): void {
    b.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  private u8(b: number[], v: number): void {
    this.u4(b, Math.floor(v / 4294967296));
    this.u4(b, v >>> 0);
  }
  id(b: number[], v: number): void {
    if (this.idSize === 4) this.u4(b, v);
    else this.u8(b, v);
  }

  record(tag: number, body: number[]): this {
    this.endSegment();
    this.u1(this.out, tag);
    this.u4(this.out, 0);
    this.u4(this.out, body.length);
    for (const x of body) this.out.push(x);
    return this;
  }

  /** Interns a UTF8 record and returns its id. */
  str(s: string): number {
    const have = this.strings.get(s);
    if (have !== undefined) return have;
    const id = this.nextString++;
    this.strings.set(s, id);
    const body: number[] = [];
    this.id(body, id);
    for (const b of new TextEncoder().encode(s)) body.push(b);
    this.record(0x01, body);
    return id;
  }

  loadClass(serial: number, classId: number, vmName: string): this {
    const name = this.str(vmName);
    const body: number[] = [];
    this.u4(body, serial);
    this.id(body, classId);
    this.u4(body, 0);
    this.id(body, name);
    return this.record(0x02, body);
  }

  stackFrame(frameId: number, method: string, file: string, classSerial: number, line: number): this {
    const m = this.str(method);
    const sig = this.str('()V');
    const f = this.str(file);
    const body: number[] = [];
    this.id(body, frameId);
    this.id(body, m);
    this.id(body, sig);
    this.id(body, f);
    this.u4(body, classSerial);
    this.u4(body, line);
    return this.record(0x04, body);
  }

  stackTrace(serial: number, threadSerial: number, frames: number[]): this {
    const body: number[] = [];
    this.u4(body, serial);
    this.u4(body, threadSerial);
    this.u4(body, frames.length);
    for (const f of frames) this.id(body, f);
    return this.record(0x05, body);
  }

  /** Starts a HEAP DUMP SEGMENT; sub-records go into it until another record or `end()`. */
  segment(): this {
    this.endSegment();
    this.seg = [];
    return this;
  }

  private sub(): number[] {
    if (!this.seg) this.seg = [];
    return this.seg;
  }

  private endSegment(): void {
    if (!this.seg) return;
    const body = this.seg;
    this.seg = null;
    this.u1(this.out, 0x1c);
    this.u4(this.out, 0);
    this.u4(this.out, body.length);
    for (const x of body) this.out.push(x);
  }

  /** A root sub-record with `extra` u4 fields (thread serial, frame…) and optional extra id. */
  root(tag: number, objId: number, extraU4: number[] = [], extraId?: number): this {
    const b = this.sub();
    this.u1(b, tag);
    this.id(b, objId);
    if (extraId !== undefined) this.id(b, extraId);
    for (const x of extraU4) this.u4(b, x);
    return this;
  }

  heapDumpInfo(heapId: number, name: string): this {
    const nameId = this.str(name);
    const b = this.sub();
    this.u1(b, 0xfe);
    this.u4(b, heapId);
    this.id(b, nameId);
    return this;
  }

  classDump(
    classId: number,
    superId: number,
    fields: { name: string; type: number }[],
    statics: { name: string; type: number; value: number }[] = [],
    instanceSize = 0,
  ): this {
    const fieldNames = fields.map((f) => this.str(f.name));
    const staticNames = statics.map((s) => this.str(s.name));
    const b = this.sub();
    this.u1(b, 0x20);
    this.id(b, classId);
    this.u4(b, 0);
    this.id(b, superId);
    for (let i = 0; i < 5; i++) this.id(b, 0); // loader, signers, domain, reserved ×2
    this.u4(b, instanceSize);
    this.u2(b, 0); // constant pool
    this.u2(b, statics.length);
    statics.forEach((s, i) => {
      this.id(b, staticNames[i]);
      this.u1(b, s.type);
      this.value(b, s.type, s.value);
    });
    this.u2(b, fields.length);
    fields.forEach((f, i) => {
      this.id(b, fieldNames[i]);
      this.u1(b, f.type);
    });
    return this;
  }

  private value(b: number[], type: number, v: number): void {
    switch (type) {
      case 2:
        this.id(b, v);
        break;
      case 4:
      case 8:
        this.u1(b, v);
        break;
      case 5:
      case 9:
        this.u2(b, v);
        break;
      case 6:
      case 10:
        this.u4(b, v);
        break;
      default:
        this.u8(b, v);
    }
  }

  /** An instance; `values` in HPROF order (own class fields first, then superclasses). */
  instance(objId: number, classId: number, values: { type: number; value: number }[]): this {
    const data: number[] = [];
    for (const v of values) this.value(data, v.type, v.value);
    const b = this.sub();
    this.u1(b, 0x21);
    this.id(b, objId);
    this.u4(b, 0);
    this.id(b, classId);
    this.u4(b, data.length);
    for (const x of data) b.push(x);
    return this;
  }

  objectArray(objId: number, arrayClassId: number, elems: number[]): this {
    const b = this.sub();
    this.u1(b, 0x22);
    this.id(b, objId);
    this.u4(b, 0);
    this.u4(b, elems.length);
    this.id(b, arrayClassId);
    for (const e of elems) this.id(b, e);
    return this;
  }

  primitiveArray(objId: number, type: number, bytes: number[] | Uint8Array, noData = false): this {
    const size =
      type === 5 || type === 9 ? 2 : type === 6 || type === 10 ? 4 : type === 7 || type === 11 ? 8 : 1;
    const b = this.sub();
    this.u1(b, noData ? 0xc3 : 0x23);
    this.id(b, objId);
    this.u4(b, 0);
    this.u4(b, bytes.length / size);
    this.u1(b, type);
    if (!noData) for (const x of bytes) b.push(x);
    return this;
  }

  end(): this {
    this.endSegment();
    this.u1(this.out, 0x2c);
    this.u4(this.out, 0);
    this.u4(this.out, 0);
    return this;
  }

  bytes(): Uint8Array {
    this.endSegment();
    return Uint8Array.from(this.out);
  }
}
