import { Label } from 'pprof-format';

/**
 * One profile.proto `Sample` message, decoded without allocating per number.
 *
 * pprof-format decodes every varint through a fresh subarray and switches to BigInt above 28 bits (every
 * negative value, every alloc_space above 256 MB): on 200k-sample profiles that was most of the load time.
 * Only the two packed int fields are read here; labels still go through pprof-format's `Label.decode`.
 * `sample-wire.test.ts` checks this against `Sample.decode` on real and random messages.
 */
export interface WireSample {
  /** The sample's location ids are locationId[0 .. nLocations); the array is reused, never shrunk. */
  locationId: number[];
  nLocations: number;
  /** Its values: value[0 .. nValues). */
  value: number[];
  nValues: number;
  label: Label[];
}

/** An empty sample to decode into (and reuse). */
export function wireSample(): WireSample {
  return { locationId: [], nLocations: 0, value: [], nValues: 0, label: [] };
}

export class SampleWireError extends Error {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {
    super(`expected ${expected} at byte ${at}`);
  }
}

const TWO32 = 4294967296;

/**
 * Reads the varint at b[p] as a signed 64-bit integer (two's complement, like int64/uint64 fields read
 * through `BigInt.asIntN(64, v)`), rounded to the nearest double above 2^53. Returns the next position.
 */
export function varint(b: Uint8Array, p: number, end: number, out: { v: number }): number {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  let i = 0;
  for (; i < 10; i++) {
    if (p >= end) throw new SampleWireError(p, 'the rest of a varint');
    const byte = b[p++];
    const bits = byte & 0x7f;
    if (shift < 28) lo |= bits << shift;
    else if (shift === 28) {
      lo |= (bits & 0x0f) << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (shift - 32);
    shift += 7;
    if ((byte & 0x80) === 0) break;
  }
  if (i === 10) throw new SampleWireError(p, 'a varint of at most 10 bytes');
  lo >>>= 0;
  hi >>>= 0;
  if (hi & 0x80000000) {
    // negative: -(2^64 - value)
    lo = ~lo >>> 0;
    hi = ~hi >>> 0;
    lo += 1;
    if (lo === TWO32) {
      lo = 0;
      hi = (hi + 1) >>> 0;
    }
    out.v = -(hi * TWO32 + lo);
  } else out.v = hi * TWO32 + lo;
  return p;
}

const scratch = { v: 0 };

/**
 * Decodes bytes[start, end) (one Sample message) into `s`, overwriting what it held: its arrays keep
 * their room (emptying an array drops its storage, and every sample grew it again).
 */
export function decodeSample(b: Uint8Array, start: number, end: number, s: WireSample): void {
  s.nLocations = 0;
  s.nValues = 0;
  if (s.label.length > 0) s.label = [];
  const r = scratch;
  let p = start;
  while (p < end) {
    const keyAt = p;
    p = varint(b, p, end, r);
    const key = r.v;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      p = varint(b, p, end, r);
      if (field === 1) s.locationId[s.nLocations++] = r.v;
      else if (field === 2) s.value[s.nValues++] = r.v;
    } else if (wire === 2) {
      p = varint(b, p, end, r);
      const len = r.v;
      if (len < 0 || p + len > end)
        throw new SampleWireError(p, `${len} bytes of field ${field} in the sample`);
      const stop = p + len;
      if (field === 1) {
        while (p < stop) {
          p = varint(b, p, stop, r);
          s.locationId[s.nLocations++] = r.v;
        }
      } else if (field === 2) {
        while (p < stop) {
          p = varint(b, p, stop, r);
          s.value[s.nValues++] = r.v;
        }
      } else {
        if (field === 3) s.label.push(Label.decode(b.subarray(p, stop)));
        p = stop;
      }
    } else {
      throw new SampleWireError(
        keyAt,
        `a varint or length-delimited field (wire type ${wire}, field ${field})`,
      );
    }
  }
}

/** Skips the value of a field of wire type `wire` at `p` (its key read); returns the next position. */
function skipValue(
  b: Uint8Array,
  p: number,
  end: number,
  wire: number,
  keyAt: number,
  r: { v: number },
): number {
  if (wire === 0) return varint(b, p, end, r);
  if (wire === 2) {
    p = varint(b, p, end, r);
    if (r.v < 0 || p + r.v > end) throw new SampleWireError(p, `${r.v} bytes of a length-delimited field`);
    return p + r.v;
  }
  if (wire === 1 || wire === 5) {
    const next = p + (wire === 1 ? 8 : 4);
    if (next > end) throw new SampleWireError(p, 'the rest of a fixed-size field');
    return next;
  }
  throw new SampleWireError(keyAt, `a supported wire type (not ${wire})`);
}

/**
 * profile.proto `Function` messages, decoded straight into columns (ids and string-table indexes as
 * signed 64-bit values, like pprof-format's decoding read through `BigInt.asIntN`): a profile's tens of
 * thousands of Function and Location objects were most of what the garbage collector copied.
 */
export class FunctionColumns {
  id: number[] = [];
  name: number[] = [];
  systemName: number[] = [];
  filename: number[] = [];
  startLine: number[] = [];

  /** Decodes the message bytes[start, end) as one more function. */
  add(b: Uint8Array, start: number, end: number): void {
    const r = { v: 0 };
    let id = 0;
    let name = 0;
    let systemName = 0;
    let filename = 0;
    let startLine = 0;
    let p = start;
    while (p < end) {
      const keyAt = p;
      p = varint(b, p, end, r);
      const field = Math.floor(r.v / 8);
      const wire = r.v % 8;
      if (wire === 0 && field >= 1 && field <= 5) {
        p = varint(b, p, end, r);
        if (field === 1) id = r.v;
        else if (field === 2) name = r.v;
        else if (field === 3) systemName = r.v;
        else if (field === 4) filename = r.v;
        else startLine = r.v;
      } else p = skipValue(b, p, end, wire, keyAt, r);
    }
    this.id.push(id);
    this.name.push(name);
    this.systemName.push(systemName);
    this.filename.push(filename);
    this.startLine.push(startLine);
  }
}

/** profile.proto `Location` messages as columns; location i has lines lineStart[i] .. lineStart[i + 1]. */
export class LocationColumns {
  id: number[] = [];
  mappingId: number[] = [];
  lineStart: number[] = [0];
  lineFunction: number[] = [];
  line: number[] = [];

  /** Decodes the message bytes[start, end) as one more location. */
  add(b: Uint8Array, start: number, end: number): void {
    const r = { v: 0 };
    let id = 0;
    let mappingId = 0;
    let p = start;
    while (p < end) {
      const keyAt = p;
      p = varint(b, p, end, r);
      const field = Math.floor(r.v / 8);
      const wire = r.v % 8;
      if (wire === 0 && (field === 1 || field === 2)) {
        p = varint(b, p, end, r);
        if (field === 1) id = r.v;
        else mappingId = r.v;
      } else if (wire === 2 && field === 4) {
        p = varint(b, p, end, r);
        const stop = p + r.v;
        if (r.v < 0 || stop > end) throw new SampleWireError(p, `${r.v} bytes of a Line message`);
        p = this.addLine(b, p, stop, r);
      } else p = skipValue(b, p, end, wire, keyAt, r);
    }
    this.id.push(id);
    this.mappingId.push(mappingId);
    this.lineStart.push(this.line.length);
  }

  private addLine(b: Uint8Array, p: number, end: number, r: { v: number }): number {
    let fn = 0;
    let line = 0;
    while (p < end) {
      const keyAt = p;
      p = varint(b, p, end, r);
      const field = Math.floor(r.v / 8);
      const wire = r.v % 8;
      if (wire === 0 && (field === 1 || field === 2)) {
        p = varint(b, p, end, r);
        if (field === 1) fn = r.v;
        else line = r.v;
      } else p = skipValue(b, p, end, wire, keyAt, r);
    }
    this.lineFunction.push(fn);
    this.line.push(line);
    return p;
  }
}
