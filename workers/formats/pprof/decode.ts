import { Profile } from 'pprof-format';
import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { gunzipWhole, isGzip } from '../../core/gzip.ts';
import { type Msg, msg, type WarningSink, warn } from '../../core/messages.ts';
import { readVarint } from '../../core/varint.ts';
import { parseLegacyCpu, sniffLegacyCpu } from './legacy-cpu.ts';
import { ModelBuilder, type PprofModel, type SampleType } from './model.ts';
import { pruneFrames } from './prune.ts';
import { decodeSample as decodeWireSample, SampleWireError, type WireSample } from './sample-wire.ts';

/** Largest decompressed profile we accept (a profile is read whole into memory). */
export const MAX_PROFILE_BYTES = 1024 * 1024 * 1024;

export interface DecodedProfile {
  model: PprofModel;
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  warningMsgs: Msg[];
}

type Numeric = number | bigint;

/** int64 fields arrive as numbers, or as unsigned bigints once the varint is long. */
function num(v: Numeric | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v;
}

/** Reads a profile's bytes: gunzipped while streaming when compressed. */
async function readProfileBytes(
  source: ByteSource,
  ctx: ParseContext,
): Promise<{ bytes: Uint8Array; gzipTruncated: boolean; compressed: boolean }> {
  const head = await source.read(0, 2);
  const compressed = isGzip(head);
  if (compressed) {
    const state = { truncated: false, compressedOffset: 0 };
    const bytes = await gunzipWhole(source, ctx, MAX_PROFILE_BYTES, state);
    return { bytes, gzipTruncated: state.truncated, compressed };
  }
  if (source.size > MAX_PROFILE_BYTES) {
    throw new ParseError(
      source.name,
      { offset: 0 },
      `a profile under ${MAX_PROFILE_BYTES} bytes decompressed`,
    );
  }
  // one array of the file's size, filled in place (pieces joined at the end held it twice)
  const bytes = new Uint8Array(source.size);
  let offset = 0;
  while (offset < source.size) {
    throwIfAborted(ctx.signal);
    const b = await source.read(offset, Math.min(4 * 1024 * 1024, source.size - offset));
    if (b.byteLength === 0) break;
    bytes.set(b, offset);
    offset += b.byteLength;
    ctx.onProgress?.({ phase: 'read', done: offset, total: source.size });
  }
  return { bytes: bytes.subarray(0, offset), gzipTruncated: false, compressed };
}

/**
 * Walks the top-level protobuf framing (keys, varints, lengths) without decoding the messages, so that
 * a cut-off or non-protobuf file is reported with its byte offset instead of being silently misread.
 * Returns the length of the well-formed prefix.
 */
/** Byte ranges of the top-level `sample` fields (field 2): message i is bytes[start[i], end[i]). */
interface SampleSpans {
  start: number[];
  end: number[];
}

function checkFraming(
  file: string,
  b: Uint8Array,
  offsetBase: string,
  samples: SampleSpans,
): { end: number; cutAt?: number } {
  let p = 0;
  while (p < b.length) {
    const start = p;
    const key = readVarint(b, p);
    if (!key) return { end: start, cutAt: start };
    const field = Math.floor(key.value / 8);
    const wire = key.value % 8;
    if (field < 1 || field > 15 || key.next - start !== 1) {
      throw new ParseError(
        file,
        { offset: start },
        `a profile.proto field (1-15)${offsetBase}`,
        `field ${field}`,
      );
    }
    p = key.next;
    if (wire === 0) {
      const v = readVarint(b, p);
      if (!v) {
        if (b.length - p < 10) return { end: start, cutAt: start };
        throw new ParseError(file, { offset: p }, `a varint${offsetBase}`, 'an over-long varint');
      }
      p = v.next;
    } else if (wire === 2) {
      const len = readVarint(b, p);
      if (!len) return { end: start, cutAt: start };
      if (len.next + len.value > b.length) return { end: start, cutAt: start };
      p = len.next + len.value;
      if (field === 2) {
        samples.start.push(len.next);
        samples.end.push(p);
      }
    } else {
      throw new ParseError(
        file,
        { offset: start },
        `a varint or length-delimited field${offsetBase}`,
        `wire type ${wire} for field ${field}`,
      );
    }
  }
  return { end: p };
}

/** Decodes a profile.proto file (gzipped or raw) into the model, validating every reference. */
export async function decodeProfile(source: ByteSource, ctx: ParseContext): Promise<DecodedProfile> {
  const sink: WarningSink = { warnings: [], warningMsgs: [] };
  const file = source.name;
  const { bytes, gzipTruncated, compressed } = await readProfileBytes(source, ctx);
  const where = compressed ? ' (offset in the decompressed data)' : '';
  if (bytes.byteLength === 0) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a profile.proto message',
      gzipTruncated ? 'a gzip stream cut off before any data' : 'an empty profile',
    );
  }
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ phase: 'decode', done: 0, total: source.size });
  if (sniffLegacyCpu(bytes)) {
    const model = parseLegacyCpu(file, bytes, sink);
    return {
      model,
      truncated: gzipTruncated,
      truncatedAt: gzipTruncated ? source.size : undefined,
      ...sink,
    };
  }
  const spans: SampleSpans = { start: [], end: [] };
  const framing = checkFraming(file, bytes, where, spans);
  let truncated = gzipTruncated;
  let truncatedAt: number | undefined;
  if (gzipTruncated) {
    truncatedAt = source.size;
    warn(sink, msg('pprof/warnGzipCut', { at: source.size }));
  }
  if (framing.cutAt !== undefined) {
    truncated = true;
    if (truncatedAt === undefined) truncatedAt = framing.cutAt;
    const whereMsg = compressed ? msg('pprof/whereDecompressed') : '';
    warn(sink, msg('pprof/warnProtoCut', { at: framing.cutAt, where: whereMsg, end: framing.end }));
  }
  let profile: Profile;
  try {
    profile = Profile.decode(withoutSamples(bytes, framing.end, spans));
  } catch (e) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a profile.proto message',
      `undecodable data (${e instanceof Error ? e.message : String(e)})${truncated ? ' in a truncated file' : ''}`,
    );
  }
  throwIfAborted(ctx.signal);
  try {
    const model = toModel(file, profile, { bytes, spans, where }, sink, ctx);
    return { model, truncated, truncatedAt, ...sink };
  } catch (e) {
    if (e instanceof ParseError && truncated) {
      throw new ParseError(file, { offset: truncatedAt ?? 0 }, `${e.expected} (the file is truncated)`);
    }
    throw e;
  }
}

/**
 * The message without its `sample` fields: pprof-format decodes the (small) rest in one go, while the
 * samples are decoded one message at a time straight into the model, so that 200k Sample objects never
 * live at once (their garbage collection cost more than the decoding).
 */
function withoutSamples(bytes: Uint8Array, end: number, spans: SampleSpans): Uint8Array {
  if (spans.start.length === 0) return bytes.subarray(0, end);
  const n = spans.start.length;
  // each sample field is its 1-byte key, its length varint, then the message
  let removed = 0;
  const fieldStart = (i: number) => {
    let k = spans.start[i] - 2;
    while (k >= 0 && bytes[k] & 0x80) k--;
    return k;
  };
  const starts = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    starts[i] = fieldStart(i);
    removed += spans.end[i] - starts[i];
  }
  const out = new Uint8Array(end - removed);
  let o = 0;
  let from = 0;
  for (let i = 0; i < n; i++) {
    out.set(bytes.subarray(from, starts[i]), o);
    o += starts[i] - from;
    from = spans.end[i];
  }
  out.set(bytes.subarray(from, end), o);
  return out;
}

function toModel(
  file: string,
  p: Profile,
  raw: { bytes: Uint8Array; spans: SampleSpans; where: string },
  warnings: WarningSink,
  ctx: ParseContext,
): PprofModel {
  const strings = p.stringTable?.strings ?? [];
  const str = (idx: Numeric | undefined, what: string): string => {
    const i = num(idx);
    if (i === 0) return '';
    if (i < 0 || i >= strings.length || !Number.isInteger(i)) {
      throw new ParseError(
        file,
        { offset: 0 },
        `a string-table index below ${strings.length} for ${what}`,
        `index ${i}`,
      );
    }
    return strings[i];
  };
  if (strings.length > 0 && strings[0] !== '') {
    throw new ParseError(
      file,
      { offset: 0 },
      'an empty first string-table entry (profile.proto)',
      JSON.stringify(strings[0].slice(0, 40)),
    );
  }
  if (p.sampleType.length === 0) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a profile.proto message with at least one sample type',
      'none',
    );
  }
  const sampleTypes: SampleType[] = p.sampleType.map((vt) => ({
    type: str(vt.type, 'a sample type'),
    unit: str(vt.unit, 'a sample unit'),
  }));
  const nTypes = sampleTypes.length;

  const functions = new Map<
    number,
    { name: string; systemName: string; filename: string; startLine: number }
  >();
  for (const f of p.function) {
    functions.set(num(f.id), {
      name: str(f.name, `function ${num(f.id)}`),
      systemName: str(f.systemName, `function ${num(f.id)}`),
      filename: str(f.filename, `function ${num(f.id)}`),
      startLine: num(f.startLine),
    });
  }
  const mappings = new Map<number, string>();
  for (const m of p.mapping) mappings.set(num(m.id), str(m.filename, `mapping ${num(m.id)}`));

  // drop_frames / keep_frames: like pprof, prune frames beneath uninteresting ones.
  const dropFrames = str(p.dropFrames, 'drop_frames');
  const keepFrames = str(p.keepFrames, 'keep_frames');

  const locLines = new Map<number, { fn?: number; line: number }[]>();
  const locMapping = new Map<number, string>();
  const locIds: number[] = [];
  for (const loc of p.location) {
    const id = num(loc.id);
    if (id === 0) throw new ParseError(file, { offset: 0 }, 'a non-zero location id', '0');
    const mid = num(loc.mappingId);
    locMapping.set(id, mappings.get(mid) ?? '');
    const lines = loc.line.map((l) => {
      const fid = num(l.functionId);
      if (fid !== 0 && !functions.has(fid)) {
        throw new ParseError(
          file,
          { offset: 0 },
          `a known function id for location ${id}`,
          `function ${fid}`,
        );
      }
      return { fn: fid !== 0 ? fid : undefined, line: num(l.line) };
    });
    locLines.set(id, lines);
    locIds.push(id);
  }

  const pruned = dropFrames
    ? pruneFrames(locIds, locLines, (fid) => functions.get(fid)?.name ?? '', dropFrames, keepFrames, warnings)
    : undefined;

  const b = new ModelBuilder(nTypes);
  // frames for each location, leaf first (Line[0] is the innermost inlined call)
  const locFrames = new Map<number, number[]>();
  const dense: (number[] | undefined)[] = [];
  const denseLimit = 4 * p.location.length + 16;
  const framesOf = (locId: number, si: number): number[] => {
    let fr = locId >= 0 && locId < denseLimit ? dense[locId] : locFrames.get(locId);
    if (fr) return fr;
    const lines = locLines.get(locId);
    if (!lines) {
      throw new ParseError(file, { offset: 0 }, `a known location id in sample ${si}`, `location ${locId}`);
    }
    const objfile = locMapping.get(locId) ?? '';
    fr = [];
    if (lines.length === 0) fr.push(b.addFrame(locId, '', '', 0, objfile, 0));
    lines.forEach((l, li) => {
      const f = l.fn !== undefined ? functions.get(l.fn) : undefined;
      const inlined = li !== lines.length - 1;
      if (f) fr!.push(b.addFrame(locId, f.name, f.filename, l.line, objfile, f.startLine, inlined));
      else fr!.push(b.addFrame(locId, '', '', 0, objfile, 0, inlined));
    });
    if (locId >= 0 && locId < denseLimit) dense[locId] = fr;
    else locFrames.set(locId, fr);
    return fr;
  };

  // pprof merges samples with the same stack and labels before reporting; that changes a number only
  // when values of both signs meet (the total is a sum of |value| per sample), so merge only then
  const sampleKey = (s: WireSample) =>
    s.label.length === 0
      ? s.locationId.join(',')
      : `${s.locationId.join(',')}|${JSON.stringify(s.label, (_, x) => (typeof x === 'bigint' ? String(x) : x))}`;
  let merged: Map<string, number> | undefined;

  const { bytes, spans, where } = raw;
  const decodeSample = (si: number, into: WireSample): WireSample => {
    try {
      decodeWireSample(bytes, spans.start[si], spans.end[si], into);
      return into;
    } catch (e) {
      if (!(e instanceof SampleWireError) && !(e instanceof RangeError)) throw e;
      throw new ParseError(
        file,
        { offset: e instanceof SampleWireError ? e.at : spans.start[si] },
        `a profile.proto Sample message${where}`,
        `undecodable data in sample ${si} (${e.message})`,
      );
    }
  };
  const cur: WireSample = { locationId: [], value: [], label: [] };
  const frames: number[] = [];
  const values = new Float64Array(nTypes);
  const nSamples = spans.start.length;
  // one sample per call: a small function is optimized after a few hundred samples, where the loop
  // inside a long function waited for on-stack replacement
  const addOne = (si: number): void => {
    const s = decodeSample(si, cur);
    if (s.value.length !== nTypes) {
      throw new ParseError(
        file,
        { offset: spans.start[si] },
        `${nTypes} values per sample (one per sample type)${where}`,
        `${s.value.length} in sample ${si}`,
      );
    }
    let negative = false;
    for (let t = 0; t < nTypes; t++) {
      values[t] = s.value[t];
      if (values[t] < 0) negative = true;
    }
    if (negative && !merged) {
      // first negative value: key the samples so far (none were merged yet: sample j is model sample j)
      merged = new Map();
      const prev: WireSample = { locationId: [], value: [], label: [] };
      for (let j = 0; j < si; j++) {
        const k = sampleKey(decodeSample(j, prev));
        if (!merged.has(k)) merged.set(k, j);
      }
    }
    frames.length = 0;
    const ids = s.locationId;
    if (pruned) {
      const locs = ids.slice();
      for (const id of locs) {
        if (!locLines.has(id)) {
          throw new ParseError(file, { offset: 0 }, `a known location id in sample ${si}`, `location ${id}`);
        }
      }
      for (const id of pruned(locs)) {
        for (const f of framesOf(id, si)) frames.push(f);
      }
    } else {
      for (let j = 0; j < ids.length; j++) {
        const fr = framesOf(ids[j], si);
        for (let k = 0; k < fr.length; k++) frames.push(fr[k]);
      }
    }
    if (merged) {
      const key = sampleKey(s);
      const prev = merged.get(key);
      if (prev !== undefined) {
        b.addToSample(prev, values);
        return;
      }
      merged.set(key, b.addSample(frames, values));
    } else b.addSample(frames, values);
  };
  for (let si = 0; si < nSamples; si++) {
    if ((si & 0x3fff) === 0) {
      throwIfAborted(ctx.signal);
      ctx.onProgress?.({ phase: 'samples', done: si, total: nSamples });
    }
    addOne(si);
  }

  let defaultIndex = nTypes - 1;
  const dst = str(p.defaultSampleType, 'default_sample_type');
  if (dst !== '') {
    const i = sampleTypes.findIndex((st) => st.type === dst);
    if (i >= 0) defaultIndex = i;
  }
  const periodType = p.periodType
    ? { type: str(p.periodType.type, 'period_type'), unit: str(p.periodType.unit, 'period_type') }
    : undefined;
  const timeNanos = num(p.timeNanos);
  const durationNanos = num(p.durationNanos);
  return b.build({
    file,
    sampleTypes,
    defaultIndex,
    periodType,
    period: num(p.period),
    timeNanos: timeNanos !== 0 ? timeNanos : undefined,
    durationNanos: durationNanos !== 0 ? durationNanos : undefined,
    comments: p.comment.map((c) => str(c, 'a comment')),
    dropFrames: dropFrames || undefined,
    keepFrames: keepFrames || undefined,
  });
}
