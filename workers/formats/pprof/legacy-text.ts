import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { type Line, lineBatches, type TextLinesState } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { type Msg, msg, quoteParams, type WarningSink, warn } from '../../core/messages.ts';
import { parseStackProfile, stackProfileKind } from './legacy-stacks.ts';
import { ModelBuilder, type PprofModel, type SampleType } from './model.ts';

/**
 * The legacy text heap profile (`/debug/pprof/heap?debug=1`, runtime/pprof's debug=1 writer):
 *
 *   heap profile: 4: 266528 [123: 11284472] @ heap/1048576
 *   1: 262144 [1: 262144] @ 0x42a1c1 0x4a2b3c
 *   #	0x42a1c0	main.leak+0x5c	/src/main.go:42
 *
 *   # runtime.MemStats
 *   # Alloc = 1234
 *
 * gperftools writes the same samples (`@ heapz_v2/524288`) followed by a `--- Memory map: ---`
 * section instead of MemStats; either may be missing without the file being cut (only a last line
 * without its newline says that).
 *
 * Values are unsampled like pprof's legacy reader does (scaleHeapSample); frames come from the `#` lines
 * (pprof itself only keeps the addresses), so functions carry their names without the binary.
 */

const HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const SAMPLE = /^(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *\] @([ x0-9a-f]*)$/;
const FRAME = /^#\s+(0x[0-9a-f]+)(?:\s+(\S.*?)\+0x[0-9a-f]+\s+(.*?):(\d+))?\s*$/;
const MEMSTAT = /^#\s*(\w+) = (.*)$/;

function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const avg = size / count;
  const s = 1 / (1 - Math.exp(-avg / rate));
  return [Math.trunc(count * s), Math.trunc(size * s)];
}

export interface ParsedText {
  model: PprofModel;
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  warningMsgs: Msg[];
}

/**
 * A legacy text profile of any kind pprof reads: the heap profile here, contention, Java heapz and
 * threadcreate profiles in legacy-stacks.ts (told apart by the first line).
 */
export async function parseLegacyText(source: ByteSource, ctx: ParseContext): Promise<ParsedText> {
  // streamed line by line, gzipped or not: inflating the whole profile first held all of it
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const it = (async function* () {
    for await (const batch of lineBatches(source, ctx, state)) yield* batch;
  })();
  let first = await it.next();
  while (!first.done && unwrapLogLine(first.value.text).text.trim() === '') first = await it.next();
  const head = first.done ? '' : unwrapLogLine(first.value.text).text.trim();
  const rest = (async function* () {
    if (!first.done) yield first.value;
    yield* it;
  })();
  const kind = stackProfileKind(head);
  if (!kind) return parseLegacyHeap(source.name, rest, ctx, source.size, state);
  const parsed = await parseStackProfile(source.name, kind, rest, ctx.signal, state);
  const gzipCut = state.gzipTruncated;
  const sink: WarningSink = { warnings: [...parsed.warnings], warningMsgs: [...parsed.warningMsgs] };
  const truncated = gzipCut || parsed.cutAt !== undefined;
  if (gzipCut) warn(sink, msg('pprof/warnGzipEarly', { at: source.size }));
  else if (parsed.cutAt !== undefined) warn(sink, msg('pprof/warnLastLine', { at: parsed.cutAt }));
  return {
    model: parsed.model,
    truncated,
    ...(truncated ? { truncatedAt: gzipCut ? source.size : parsed.cutAt } : {}),
    ...sink,
  };
}

async function parseLegacyHeap(
  file: string,
  input: AsyncIterable<Line>,
  ctx: ParseContext,
  sourceSize: number,
  state: TextLinesState,
): Promise<ParsedText> {
  const sink: WarningSink = { warnings: [], warningMsgs: [] };
  const limits = limitsOf(ctx);
  let sampleTypes: SampleType[] | undefined;
  let b: ModelBuilder | undefined;
  let sampling = '';
  let period = 0;
  let hasAlloc = false;
  let pending:
    | {
        values: number[];
        addrs: number[];
        frames: { pc: number; name: string; file: string; line: number }[];
      }
    | undefined;
  const frameIds = new Map<string, number>();
  const memStats: Record<string, number | string> = {};
  let inMemStats = false;
  const unknown: Msg[] = [];
  let unknownCount = 0;
  let cutAt: number | undefined;

  const flush = () => {
    if (!pending || !b) return;
    const syms = pending.frames;
    let frames: number[];
    if (syms.length > 0) {
      frames = syms.map((f, k) => {
        // consecutive symbol lines for one PC: all but the last are inlined calls
        const inlined = k + 1 < syms.length && syms[k + 1].pc === f.pc;
        const key = `${f.pc}\u0000${f.name}\u0000${f.file}\u0000${f.line}\u0000${inlined}`;
        let id = frameIds.get(key);
        if (id === undefined) {
          id = b!.addFrame(f.pc, f.name, f.file, f.line, '', 0, inlined);
          frameIds.set(key, id);
        }
        return id;
      });
    } else {
      // no symbol lines: name frames by address like pprof does (addr-1: the call instruction)
      frames = pending.addrs.map((a) => {
        const pc = a > 0 ? a - 1 : a;
        const key = `${pc}`;
        let id = frameIds.get(key);
        if (id === undefined) {
          id = b!.addFrame(pc, `0x${pc.toString(16)}`, '', 0, '', 0);
          frameIds.set(key, id);
        }
        return id;
      });
    }
    b.addSample(frames, pending.values);
    pending = undefined;
  };

  let inMemoryMap = false;
  for await (const l of input) {
    if (state.endedWithoutNewline) {
      // the file's last line has no newline: it may be cut anywhere, so it is not read
      if (l.text.trim() !== '') cutAt = l.offset;
      continue;
    }
    const text = unwrapLogLine(l.text).text.trim();
    if (!sampleTypes) {
      if (text === '') continue;
      const h = HEADER.exec(text);
      if (!h) {
        throw new ParseError(
          file,
          { line: l.no },
          'a "heap profile: N: B [N: B] @ heap/R" header',
          JSON.stringify(text.slice(0, 60)),
        );
      }
      hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0');
      const rate = h[6] ? Number(h[6]) : 0;
      switch (h[5]) {
        case 'heapz_v2':
        case 'heap_v2':
          sampling = 'v2';
          period = rate;
          break;
        case 'heapprofile':
          period = 1;
          break;
        case 'heap':
          sampling = 'v2';
          period = Math.trunc(rate / 2);
          break;
        default:
          throw new ParseError(
            file,
            { line: l.no },
            'a heap profile kind heap, heap_v2 or heapprofile',
            h[5],
          );
      }
      sampleTypes = hasAlloc
        ? [
            { type: 'alloc_objects', unit: 'count' },
            { type: 'alloc_space', unit: 'bytes' },
            { type: 'inuse_objects', unit: 'count' },
            { type: 'inuse_space', unit: 'bytes' },
          ]
        : [
            { type: 'objects', unit: 'count' },
            { type: 'space', unit: 'bytes' },
          ];
      b = new ModelBuilder(sampleTypes.length);
      continue;
    }
    if ((l.no & 0xfff) === 0) throwIfAborted(ctx.signal);
    if ((l.no & 0xfff) === 0 && b) checkRecordCount(b.sampleCount, limits, file, l, 'profile samples');
    if (text === '') {
      flush();
      continue;
    }
    if (inMemoryMap) continue;
    if (/--- Memory map: ---|MAPPED_LIBRARIES:/.test(text)) {
      // gperftools: /proc/maps follows the samples
      flush();
      inMemoryMap = true;
      continue;
    }
    if (text === '# runtime.MemStats') {
      flush();
      inMemStats = true;
      continue;
    }
    if (inMemStats) {
      const m = MEMSTAT.exec(text);
      if (m) {
        const v = m[2].trim();
        if (v.startsWith('[')) {
          const nums = v.replace(/[[\]]/g, '').trim().split(/\s+/).filter(Boolean).map(Number);
          if (m[1] === 'PauseNs' && nums.length > 0) memStats.PauseNsMax = Math.max(...nums);
        } else memStats[m[1]] = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? Number(v) : v;
        continue;
      }
    }
    const s = SAMPLE.exec(text);
    if (s) {
      flush();
      const inCount = Number(s[1]);
      const inSize = Number(s[2]);
      const allocCount = Number(s[3]);
      const allocSize = Number(s[4]);
      const values: number[] = [];
      const add = (count: number, size: number, label: string): boolean => {
        if (count === 0 && size !== 0) {
          unknownCount++;
          if (unknown.length < 3) unknown.push(msg('pprof/zeroCountLine', { line: l.no, label, size }));
          return false;
        }
        const [c, z] =
          count !== 0 && sampling === 'v2' ? scaleHeapSample(count, size, period) : [count, size];
        values.push(c, z);
        return true;
      };
      if (hasAlloc && !add(allocCount, allocSize, 'allocation')) continue;
      if (!add(inCount, inSize, 'inuse')) continue;
      const addrs = (s[5].match(/0x[0-9a-f]+/g) ?? []).map((x) => Number.parseInt(x.slice(2), 16));
      pending = { values, addrs, frames: [] };
      continue;
    }
    const f = FRAME.exec(text);
    if (f && pending) {
      const pc = Number.parseInt(f[1].slice(2), 16);
      const name = f[2] ?? f[1];
      const fileName = f[3] ?? '';
      const line = f[4] ? Number(f[4]) : 0;
      pending.frames.push({ pc, name, file: fileName, line });
      continue;
    }
    if (text.startsWith('#')) continue; // other comments
    unknownCount++;
    if (unknown.length < 3)
      unknown.push(msg('file/lineJson', { line: l.no, text: JSON.stringify(text.slice(0, 80)) }));
  }
  flush();
  if (!sampleTypes || !b) {
    throw new ParseError(
      file,
      { offset: 0 },
      'a "heap profile: N: B [N: B] @ heap/R" header',
      'an empty file',
    );
  }
  if (unknownCount > 0) {
    warn(sink, msg('pprof/warnUnknownLines', { count: unknownCount, kind: 'heap', ...quoteParams(unknown) }));
  }
  // Go ends its debug=1 heap profile with `# runtime.MemStats`, gperftools with a memory map, a
  // hand-cut profile with neither: only a last line without its newline says the file was cut.
  const gzipCut = state.gzipTruncated;
  const truncated = gzipCut || cutAt !== undefined;
  const truncatedAt = gzipCut ? sourceSize : cutAt;
  if (gzipCut) warn(sink, msg('pprof/warnGzipEarly', { at: sourceSize }));
  else if (cutAt !== undefined)
    warn(sink, msg('pprof/warnLastLineSamples', { at: cutAt, count: b.sampleCount }));
  const model = b.build({
    file,
    sampleTypes,
    defaultIndex: sampleTypes.length - 1,
    periodType: { type: 'space', unit: 'bytes' },
    period,
    comments: [],
    memStats: inMemStats ? memStats : undefined,
  });
  return { model, truncated, truncatedAt, ...sink };
}
