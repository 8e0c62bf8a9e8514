import { Profile } from 'pprof-format';
import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { grown } from '../../core/grow.ts';
import { gunzipWhole, isGzip } from '../../core/gzip.ts';
import { type Msg, msg, type WarningSink, warn } from '../../core/messages.ts';
import { parseLegacyCpu, sniffLegacyCpu } from './legacy-cpu.ts';
import { type FrameSymbol, ModelBuilder, type PprofModel, type SampleType } from './model.ts';
import { pruneFrames } from './prune.ts';
import {
  decodeSample as decodeWireSample,
  FunctionColumns,
  LocationColumns,
  SampleWireError,
  type WireSample,
  wireSample,
} from './sample-wire.ts';

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
 * Byte ranges of the top-level fields decoded here rather than by pprof-format: `sample` (2),
 * `location` (4) and `function` (5). Message i of a kind is bytes[start[i], end[i]); `cut` lists
 * the runs of such fields whole (key to end), in file order, to leave out of pprof-format's input.
 */
interface Spans {
  start: number[];
  end: number[];
}
interface FieldSpans {
  samples: Spans;
  locations: Spans;
  functions: Spans;
  cut: Spans;
}

/** The value of the last {@link varintAt}. */
const uv = { value: 0 };

/** `readVarint` (core/varint.ts) without a result object a call: the next position, or -1 when cut off or over-long. */
function varintAt(b: Uint8Array, p: number): number {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10 && p < b.length; i++, p++) {
    value += (b[p] & 0x7f) * mul;
    mul *= 128;
    if ((b[p] & 0x80) === 0) {
      uv.value = value;
      return p + 1;
    }
  }
  return -1;
}

/**
 * Walks the top-level protobuf framing (keys, varints, lengths) without decoding the messages, so that
 * a cut-off or non-protobuf file is reported with its byte offset instead of being silently misread.
 * Returns the length of the well-formed prefix.
 */
function checkFraming(
  file: string,
  b: Uint8Array,
  offsetBase: string,
  spans: FieldSpans,
): { end: number; cutAt?: number } {
  let p = 0;
  while (p < b.length) {
    const start = p;
    const keyEnd = varintAt(b, p);
    if (keyEnd < 0) return { end: start, cutAt: start };
    const field = Math.floor(uv.value / 8);
    const wire = uv.value % 8;
    if (field < 1 || field > 15 || keyEnd - start !== 1) {
      throw new ParseError(
        file,
        { offset: start },
        `a profile.proto field (1-15)${offsetBase}`,
        `field ${field}`,
      );
    }
    p = keyEnd;
    if (wire === 0) {
      const next = varintAt(b, p);
      if (next < 0) {
        if (b.length - p < 10) return { end: start, cutAt: start };
        throw new ParseError(file, { offset: p }, `a varint${offsetBase}`, 'an over-long varint');
      }
      p = next;
    } else if (wire === 2) {
      const body = varintAt(b, p);
      if (body < 0) return { end: start, cutAt: start };
      if (body + uv.value > b.length) return { end: start, cutAt: start };
      p = body + uv.value;
      const kind =
        field === 2
          ? spans.samples
          : field === 4
            ? spans.locations
            : field === 5
              ? spans.functions
              : undefined;
      if (kind) {
        kind.start.push(body);
        kind.end.push(p);
        // fields cut one after another are one span (the samples of a profile are one run)
        const { cut } = spans;
        const last = cut.end.length - 1;
        if (last >= 0 && cut.end[last] === start) cut.end[last] = p;
        else {
          cut.start.push(start);
          cut.end.push(p);
        }
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
  const spans: FieldSpans = {
    samples: { start: [], end: [] },
    locations: { start: [], end: [] },
    functions: { start: [], end: [] },
    cut: { start: [], end: [] },
  };
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
    profile = Profile.decode(without(bytes, framing.end, spans.cut));
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
 * The message without its `sample`, `location` and `function` fields: pprof-format decodes the (small)
 * rest in one go, while those are decoded here straight into columns and the model, so that 200k Sample
 * and tens of thousands of Location objects never live at once (their garbage collection cost more than
 * the decoding).
 */
function without(bytes: Uint8Array, end: number, cut: Spans): Uint8Array {
  const n = cut.start.length;
  if (n === 0) return bytes.subarray(0, end);
  let removed = 0;
  for (let i = 0; i < n; i++) removed += cut.end[i] - cut.start[i];
  const out = new Uint8Array(end - removed);
  let o = 0;
  let from = 0;
  for (let i = 0; i < n; i++) {
    out.set(bytes.subarray(from, cut.start[i]), o);
    o += cut.start[i] - from;
    from = cut.end[i];
  }
  out.set(bytes.subarray(from, end), o);
  return out;
}

function toModel(
  file: string,
  p: Profile,
  raw: { bytes: Uint8Array; spans: FieldSpans; where: string },
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

  const { bytes, where } = raw;
  /** Decodes the messages of one kind into `into`, a broken one reported like a broken sample. */
  const decodeAll = (spans: Spans, into: FunctionColumns | LocationColumns, what: string): void => {
    for (let i = 0; i < spans.start.length; i++) {
      try {
        into.add(bytes, spans.start[i], spans.end[i]);
      } catch (e) {
        if (!(e instanceof SampleWireError)) throw e;
        throw new ParseError(
          file,
          { offset: e.at },
          `a profile.proto ${what} message${where}`,
          `undecodable data in ${what.toLowerCase()} ${i} (${e.message})`,
        );
      }
    }
  };
  const fns = new FunctionColumns();
  decodeAll(raw.spans.functions, fns, 'Function');
  // per function: its name, file and start line; functions found by id (the last of an id wins)
  const nFuncs = fns.id.length;
  const fnName: string[] = new Array(nFuncs);
  const fnFile: string[] = new Array(nFuncs);
  const fnIndex = new Map<number, number>();
  for (let i = 0; i < nFuncs; i++) {
    const id = fns.id[i];
    fnName[i] = str(fns.name[i], `function ${id}`);
    str(fns.systemName[i], `function ${id}`);
    fnFile[i] = str(fns.filename[i], `function ${id}`);
    fnIndex.set(id, i);
  }
  const mappings = new Map<number, string>();
  for (const m of p.mapping) mappings.set(num(m.id), str(m.filename, `mapping ${num(m.id)}`));

  // drop_frames / keep_frames: like pprof, prune frames beneath uninteresting ones.
  const dropFrames = str(p.dropFrames, 'drop_frames');
  const keepFrames = str(p.keepFrames, 'keep_frames');

  const locs = new LocationColumns();
  decodeAll(raw.spans.locations, locs, 'Location');
  const nLocs = locs.id.length;
  // location index by id (the last of an id wins): a dense table for the usual small ids
  const denseLimit = 4 * nLocs + 16;
  const dense = new Int32Array(denseLimit).fill(-1);
  const sparse = new Map<number, number>();
  const locObjfile: string[] = new Array(nLocs);
  /** First line of each location (pruning moves it on; the last line stays lineStart[i + 1]). */
  const firstLine = Int32Array.from(locs.lineStart.slice(0, nLocs));
  for (let i = 0; i < nLocs; i++) {
    const id = locs.id[i];
    if (id === 0) throw new ParseError(file, { offset: 0 }, 'a non-zero location id', '0');
    locObjfile[i] = mappings.get(locs.mappingId[i]) ?? '';
    for (let l = locs.lineStart[i]; l < locs.lineStart[i + 1]; l++) {
      const fid = locs.lineFunction[l];
      if (fid !== 0 && !fnIndex.has(fid)) {
        throw new ParseError(
          file,
          { offset: 0 },
          `a known function id for location ${id}`,
          `function ${fid}`,
        );
      }
    }
    if (id >= 0 && id < denseLimit) dense[id] = i;
    else sparse.set(id, i);
  }
  const locIndex = (id: number): number => (id >= 0 && id < denseLimit ? dense[id] : (sparse.get(id) ?? -1));

  let pruned: ((locs: number[]) => number[]) | undefined;
  if (dropFrames) {
    const locLines = new Map<number, { fn?: number; line: number }[]>();
    for (let i = 0; i < nLocs; i++) {
      const lines: { fn?: number; line: number }[] = [];
      for (let l = locs.lineStart[i]; l < locs.lineStart[i + 1]; l++) {
        const fid = locs.lineFunction[l];
        lines.push({ fn: fid !== 0 ? fid : undefined, line: locs.line[l] });
      }
      locLines.set(locs.id[i], lines);
    }
    const name = (fid: number) => {
      const i = fnIndex.get(fid);
      return i !== undefined ? fnName[i] : '';
    };
    pruned = pruneFrames(locs.id, locLines, name, dropFrames, keepFrames, warnings);
    // pruning keeps a suffix of a location's lines (the callers' end)
    for (const [id, lines] of locLines) {
      const i = locIndex(id);
      firstLine[i] = locs.lineStart[i + 1] - lines.length;
    }
  }

  const b = new ModelBuilder(nTypes);
  // frames for each location, leaf first (Line[0] is the innermost inlined call), made when a sample
  // first uses it: location i has frames locFrame[i] .. locFrame[i] + locFrameCount[i]
  const locFrame = new Int32Array(nLocs).fill(-1);
  const locFrameCount = new Int32Array(nLocs);
  const symbols: (FrameSymbol | undefined)[] = new Array(nFuncs);
  const addFrames = (i: number): void => {
    const id = locs.id[i];
    const objfile = locObjfile[i];
    const from = firstLine[i];
    const to = locs.lineStart[i + 1];
    locFrame[i] = from === to ? b.addAnonymousFrame(id, objfile) : -1;
    for (let l = from; l < to; l++) {
      const inlined = l !== to - 1;
      const fid = locs.lineFunction[l];
      let f: number;
      if (fid !== 0) {
        const fi = fnIndex.get(fid) as number;
        let sym = symbols[fi];
        if (sym === undefined || sym.objfile !== objfile) {
          sym = b.symbol(fnName[fi], fnFile[fi], objfile, fns.startLine[fi]);
          symbols[fi] = sym;
        }
        f = b.addSymbolFrame(id, sym, locs.line[l], inlined);
      } else f = b.addAnonymousFrame(id, objfile, inlined);
      if (l === from) locFrame[i] = f;
    }
    locFrameCount[i] = Math.max(1, to - from);
  };
  let frames = new Uint32Array(256);
  let nFrames = 0;
  /** Appends the frames of location `id` to `frames`. */
  const pushFrames = (id: number, si: number): void => {
    const i = locIndex(id);
    if (i < 0) {
      throw new ParseError(file, { offset: 0 }, `a known location id in sample ${si}`, `location ${id}`);
    }
    if (locFrame[i] < 0) addFrames(i);
    const first = locFrame[i];
    const n = locFrameCount[i];
    if (nFrames + n > frames.length) frames = grown(frames, nFrames + n, nFrames);
    for (let k = 0; k < n; k++) frames[nFrames++] = first + k;
  };

  // pprof merges samples with the same stack and labels before reporting; that changes a number only
  // when values of both signs meet (the total is a sum of |value| per sample), so merge only then
  const sampleKey = (s: WireSample) => {
    const ids = s.locationId.slice(0, s.nLocations).join(',');
    return s.label.length === 0
      ? ids
      : `${ids}|${JSON.stringify(s.label, (_, x) => (typeof x === 'bigint' ? String(x) : x))}`;
  };
  let merged: Map<string, number> | undefined;

  const spans = raw.spans.samples;
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
  const cur = wireSample();
  const values = new Float64Array(nTypes);
  const nSamples = spans.start.length;
  // one sample per call: a small function is optimized after a few hundred samples, where the loop
  // inside a long function waited for on-stack replacement
  const addOne = (si: number): void => {
    const s = decodeSample(si, cur);
    if (s.nValues !== nTypes) {
      throw new ParseError(
        file,
        { offset: spans.start[si] },
        `${nTypes} values per sample (one per sample type)${where}`,
        `${s.nValues} in sample ${si}`,
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
      const prev = wireSample();
      for (let j = 0; j < si; j++) {
        const k = sampleKey(decodeSample(j, prev));
        if (!merged.has(k)) merged.set(k, j);
      }
    }
    nFrames = 0;
    const ids = s.locationId;
    if (pruned) {
      const kept = ids.slice(0, s.nLocations);
      for (const id of kept) {
        if (locIndex(id) < 0) {
          throw new ParseError(file, { offset: 0 }, `a known location id in sample ${si}`, `location ${id}`);
        }
      }
      for (const id of pruned(kept)) pushFrames(id, si);
    } else {
      for (let j = 0; j < s.nLocations; j++) pushFrames(ids[j], si);
    }
    if (merged) {
      const key = sampleKey(s);
      const prev = merged.get(key);
      if (prev !== undefined) {
        b.addToSample(prev, values);
        return;
      }
      merged.set(key, b.addSample(frames, values, nFrames));
    } else b.addSample(frames, values, nFrames);
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
