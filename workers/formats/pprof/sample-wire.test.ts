import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { gunzipSync } from 'fflate';
import { Label, Line, Location, Function as PFunction, Sample } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import {
  decodeSample,
  FunctionColumns,
  LocationColumns,
  SampleWireError,
  type WireSample,
  wireSample,
} from './sample-wire.ts';

/** pprof-format's reading, with int64s as the model stores them (BigInt.asIntN(64) → number). */
function reference(bytes: Uint8Array): { locationId: number[]; value: number[]; label: unknown[] } {
  const s = Sample.decode(bytes);
  const n = (v: number | bigint) => (typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v);
  return { locationId: s.locationId.map(n), value: s.value.map(n), label: s.label.map((l) => ({ ...l })) };
}

/** A sample decoded into one reused WireSample, as decode.ts does (a longer one decoded first). */
const reused: WireSample = wireSample();
function ours(bytes: Uint8Array): { locationId: number[]; value: number[]; label: unknown[] } {
  const longer = new Sample({
    locationId: Array.from({ length: 50 }, (_, i) => i + 1),
    value: [9, 9, 9, 9, 9, 9, 9],
  });
  const lb = longer.encode();
  decodeSample(lb, 0, lb.length, reused);
  decodeSample(bytes, 0, bytes.length, reused);
  return {
    locationId: reused.locationId.slice(0, reused.nLocations),
    value: reused.value.slice(0, reused.nValues),
    label: reused.label.map((l) => ({ ...l })),
  };
}

/** The top-level `sample` fields (field 2) of a profile.proto message. */
function sampleMessages(profile: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 0;
  const varint = () => {
    let v = 0;
    let m = 1;
    for (;;) {
      const b = profile[p++];
      v += (b & 0x7f) * m;
      m *= 128;
      if (!(b & 0x80)) return v;
    }
  };
  while (p < profile.length) {
    const key = varint();
    if (key % 8 === 0) varint();
    else {
      const len = varint();
      if (key >>> 3 === 2) out.push(profile.subarray(p, p + len));
      p += len;
    }
  }
  return out;
}

describe('Sample wire decoding equals pprof-format', () => {
  it('every sample of the testdata profile (negative values, deep stacks)', () => {
    const msgs = sampleMessages(gunzipSync(readFileSync('workers/formats/pprof/testdata/mixed.pb.gz')));
    expect(msgs.length).toBe(5000);
    let negatives = 0;
    for (const m of msgs) {
      const r = reference(m);
      expect(ours(m)).toEqual(r);
      negatives += r.value.filter((v) => v < 0).length;
    }
    expect(negatives).toBeGreaterThan(500);
  });

  it('random samples: ints up to ±2^63, labels, unpacked fields', () => {
    const int64 = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 28 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 40 }),
        fc.array(int64, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(50), fc.nat(50), int64), { maxLength: 3 }),
        (ids, vals, labels) => {
          const bytes = new Sample({
            locationId: ids,
            value: vals,
            label: labels.map(([key, str, num]) => new Label({ key, str, num })),
          }).encode();
          expect(ours(bytes)).toEqual(reference(bytes));
        },
      ),
      { numRuns: 300 },
    );
    // the same fields unpacked (wire type 0), which proto3 readers must accept
    const unpacked = new Uint8Array([0x08, 0x05, 0x08, 0x96, 0x01, 0x10, 0x07]);
    expect(ours(unpacked)).toEqual({ locationId: [5, 150], value: [7], label: [] });
  });

  it('cut messages: a cut between fields reads like pprof-format, any other cut throws SampleWireError inside the cut field', () => {
    const bytes = new Sample({ locationId: [1, 300, 70000], value: [-5, 2 ** 40] }).encode();
    // both fields are packed (key, length, payload): where each starts and ends
    const fields: { start: number; end: number }[] = [];
    for (let p = 0; p < bytes.length; ) {
      const len = bytes[p + 1]; // both lengths fit one varint byte here
      expect(len).toBeLessThan(128);
      fields.push({ start: p, end: p + 2 + len });
      p += 2 + len;
    }
    expect(fields.map((f) => f.end)).toEqual([8, bytes.length]);
    let threw = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      const prefix = bytes.subarray(0, cut);
      const field = fields.find((f) => cut > f.start && cut < f.end);
      if (!field) {
        expect(ours(prefix), `cut at ${cut}, between fields`).toEqual(reference(prefix));
        continue;
      }
      let error: unknown;
      try {
        ours(prefix);
      } catch (e) {
        error = e;
      }
      expect(error, `cut at ${cut} must throw`).toBeInstanceOf(SampleWireError);
      expect((error as SampleWireError).at).toBeGreaterThanOrEqual(field.start);
      expect((error as SampleWireError).at).toBeLessThanOrEqual(cut);
      threw++;
    }
    expect(threw).toBe(bytes.length - 1 - (fields.length - 1));
    expect(() => ours(new Uint8Array([0x0d, 1, 2, 3, 4]))).toThrow(/wire type 5/);
    expect(() =>
      ours(new Uint8Array([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ).toThrow(/at most 10 bytes/);
  });
});

describe('Function and Location columns equal pprof-format', () => {
  const n = (v: number | bigint) => (typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v);
  const int64 = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 28 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  );

  it('random functions, one after another in the columns', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int64, int64, int64, int64, int64), { maxLength: 8 }), (fns) => {
        const cols = new FunctionColumns();
        for (const [id, name, systemName, filename, startLine] of fns) {
          const bytes = new PFunction({ id, name, systemName, filename, startLine }).encode();
          cols.add(bytes, 0, bytes.length);
        }
        const ref = fns.map((f) =>
          PFunction.decode(
            new PFunction({
              id: f[0],
              name: f[1],
              systemName: f[2],
              filename: f[3],
              startLine: f[4],
            }).encode(),
          ),
        );
        expect(cols.id).toEqual(ref.map((f) => n(f.id)));
        expect(cols.name).toEqual(ref.map((f) => n(f.name)));
        expect(cols.systemName).toEqual(ref.map((f) => n(f.systemName)));
        expect(cols.filename).toEqual(ref.map((f) => n(f.filename)));
        expect(cols.startLine).toEqual(ref.map((f) => n(f.startLine)));
      }),
      { numRuns: 200 },
    );
  });

  it('random locations with their lines (inlined calls first), address and folding skipped', () => {
    const line = fc.tuple(int64, int64, int64);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(int64, int64, int64, fc.array(line, { maxLength: 4 }), fc.boolean()), {
          maxLength: 6,
        }),
        (locs) => {
          const cols = new LocationColumns();
          const ref = locs.map(([id, mappingId, address, lines, isFolded]) => {
            const bytes = new Location({
              id,
              mappingId,
              address,
              isFolded,
              line: lines.map(([functionId, l, column]) => new Line({ functionId, line: l, column })),
            }).encode();
            cols.add(bytes, 0, bytes.length);
            return Location.decode(bytes);
          });
          expect(cols.id).toEqual(ref.map((l) => n(l.id)));
          expect(cols.mappingId).toEqual(ref.map((l) => n(l.mappingId)));
          expect(cols.lineStart).toEqual([
            0,
            ...ref.map((_, i) => ref.slice(0, i + 1).reduce((s, l) => s + l.line.length, 0)),
          ]);
          expect(cols.lineFunction).toEqual(ref.flatMap((l) => l.line.map((x) => n(x.functionId))));
          expect(cols.line).toEqual(ref.flatMap((l) => l.line.map((x) => n(x.line))));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a cut message throws SampleWireError (a ParseError with its offset once decoded)', () => {
    const bytes = new Location({ id: 7, line: [new Line({ functionId: 3, line: 300 })] }).encode();
    for (let cut = 1; cut < bytes.length; cut++) {
      if (cut === 2) continue; // right after the id field: a shorter, whole message
      expect(() => new LocationColumns().add(bytes, 0, cut), `cut at ${cut}`).toThrow(SampleWireError);
    }
    expect(() => new FunctionColumns().add(new Uint8Array([0x0b]), 0, 1)).toThrow(/wire type/);
  });
});
