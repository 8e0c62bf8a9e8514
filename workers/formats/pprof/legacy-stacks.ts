import { throwIfAborted } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import type { Line } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { type Msg, msg, quoteParams, type WarningSink, warn } from '../../core/messages.ts';
import { ModelBuilder, type PprofModel, type SampleType } from './model.ts';

/**
 * pprof's legacy text profiles other than the heap profile, read the way google/pprof's
 * `legacy_profile.go` / `legacy_java_profile.go` read them:
 *
 *   --- contentionz 1 ---        (gperftools; Go's debug=1 block profile: `--- contention:`, mutex: `--- mutex:`)
 *   cycles/second = 3201000000
 *   sampling period = 100
 *   19490304       27 @ 0xbccc97 0xc61202 …          delay-in-cycles count @ stack
 *   #	0x4b5064	sync.(*Mutex).Lock+0xa4	/usr/lib/go/src/sync/mutex.go:90   (Go: symbols per sample)
 *
 *   --- heapz 1 ---  /  --- contentionz 1 ---   with `format = java`
 *   resolution = bytes
 *             7048     1 @ 0x00000003 0x00000004 …        bytes-or-delay count @ stack
 *    0x00000003 com.example.function03 (Source03.java:3)   (symbols for all samples at the end)
 *
 *   threadcreate profile: total 7    (Go /debug/pprof/threadcreate?debug=1)
 *   1 @ 0x44cb3 0x45045 …            (`6 @` with no stack: threads created before profiling)
 *
 * Values are unsampled as pprof does; a `--- Memory map: ---` / `MAPPED_LIBRARIES:` section ends
 * the samples. Never throws on a sample line it cannot read: it is counted in a warning.
 */

export type StackProfileKind = 'contention' | 'java-heap' | 'threadcreate';

/** The kind of legacy stack profile a first line opens, if any (Java is told apart by its attributes). */
export function stackProfileKind(first: string): StackProfileKind | undefined {
  if (/^--- heapz \d+ ---$/.test(first)) return 'java-heap';
  if (/^--- contentionz \d+ ---$/.test(first) || /^--- (contention|mutex):$/.test(first)) return 'contention';
  if (/^threadcreate profile: total \d+$/.test(first)) return 'threadcreate';
  return undefined;
}

const ATTRIBUTE = /^([\w/ ]+?)\s*=\s*(.*)$/;
const CONTENTION_SAMPLE = /^(\d+) +(\d+) @([ x0-9a-f]*)$/;
const COUNT_SAMPLE = /^(\d+) @([ x0-9a-f]*)$/;
const SYMBOL = /^#\s+(0x[0-9a-f]+)(?:\s+(\S.*?)\+0x[0-9a-f]+\s+(.*?):(\d+))?\s*$/;
const JAVA_LOCATION = /^0x([0-9a-fA-F]+)\s+(.*?)\s*$/;
const JAVA_FILE_LINE = /^(.*)\s+\((.+):(-?\d+)\)$/;
const JAVA_PATH = /^(.*)\s+\((.*)\)$/;
/** pprof's memory-map sentinels: what follows is /proc/maps, not samples. */
const MEMORY_MAP = /--- Memory map: ---|MAPPED_LIBRARIES:/;
/** pprof's `javaHeapzSamplingRate`: Java heapz samples one allocation per 512 KiB. */
const JAVA_HEAPZ_RATE = 524288;

interface Sym {
  pc: number;
  name: string;
  file: string;
  line: number;
}

interface RawSample {
  values: number[];
  addrs: number[];
  syms: Sym[];
}

export interface ParsedStacks {
  model: PprofModel;
  warnings: string[];
  warningMsgs: Msg[];
  /** Set when the samples stop at a line cut off by the end of the file. */
  cutAt?: number;
}

/** Heap-profile-style scaling (pprof's scaleHeapSample), for Java heapz. */
function scaleHeap(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const s = 1 / (1 - Math.exp(-size / count / rate));
  return [Math.trunc(count * s), Math.trunc(size * s)];
}

const hexAddrs = (s: string) => (s.match(/0x[0-9a-f]+/gi) ?? []).map((x) => Number.parseInt(x.slice(2), 16));

export async function parseStackProfile(
  file: string,
  kind: StackProfileKind,
  input: AsyncIterable<Line>,
  signal: AbortSignal | undefined,
  state: { endedWithoutNewline: boolean },
): Promise<ParsedStacks> {
  const samples: RawSample[] = [];
  const javaSyms = new Map<number, Sym>();
  const attrs = new Map<string, string>();
  const unknown: Msg[] = [];
  let unknownCount = 0;
  let section: 'header' | 'attributes' | 'samples' | 'locations' | 'map' = 'header';
  let java = kind === 'java-heap';
  let pending: RawSample | undefined;
  let last: Line | undefined;
  let cutAt: number | undefined;
  let declaredTotal: number | undefined;
  const stray = (l: Line, text: string) => {
    unknownCount++;
    if (unknown.length < 3)
      unknown.push(msg('file/lineJson', { line: l.no, text: JSON.stringify(text.slice(0, 80)) }));
  };

  for await (const l of input) {
    last = l;
    if ((l.no & 0xfff) === 0) throwIfAborted(signal);
    if (state.endedWithoutNewline && section !== 'header') {
      // the file's last line has no newline: it may be cut anywhere, so it is not read
      if (l.text.trim() !== '') cutAt = l.offset;
      continue;
    }
    const text = unwrapLogLine(l.text).text.trim();
    if (section === 'header') {
      if (kind === 'threadcreate') declaredTotal = Number(/total (\d+)/.exec(text)?.[1]);
      section = kind === 'threadcreate' ? 'samples' : 'attributes';
      continue;
    }
    if (section === 'map') continue;
    if (text === '') {
      pending = undefined;
      continue;
    }
    if (MEMORY_MAP.test(text)) {
      section = 'map';
      continue;
    }
    if (section === 'attributes') {
      const a = ATTRIBUTE.exec(text);
      if (a && !text.includes('@')) {
        attrs.set(a[1].trim(), a[2].trim());
        if (a[1].trim() === 'format' && a[2].trim() === 'java') java = true;
        continue;
      }
      section = 'samples';
    }
    if (section === 'samples') {
      const s = kind === 'threadcreate' ? COUNT_SAMPLE.exec(text) : CONTENTION_SAMPLE.exec(text);
      if (s) {
        const nums = kind === 'threadcreate' ? [Number(s[1])] : [Number(s[1]), Number(s[2])];
        pending = { values: nums, addrs: hexAddrs(s[s.length - 1]), syms: [] };
        samples.push(pending);
        continue;
      }
      const sym = SYMBOL.exec(text);
      if (sym && pending) {
        pending.syms.push({
          pc: Number.parseInt(sym[1].slice(2), 16),
          name: sym[2] ?? sym[1],
          file: sym[3] ?? '',
          line: sym[4] ? Number(sym[4]) : 0,
        });
        continue;
      }
      if (text.startsWith('#')) continue;
      if (java && JAVA_LOCATION.test(text)) section = 'locations';
      else if (/^---/.test(text)) {
        section = 'map';
        continue;
      }
    }
    if (section === 'locations') {
      const loc = JAVA_LOCATION.exec(text);
      if (loc) {
        javaSyms.set(Number.parseInt(loc[1], 16), javaSymbol(loc[2]));
        continue;
      }
    }
    stray(l, text);
  }
  if (!last) throw new ParseError(file, { offset: 0 }, 'a legacy pprof text profile', 'an empty file');

  const num = (key: string) => {
    const v = attrs.get(key);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const resolution = attrs.get('resolution') ?? (kind === 'java-heap' ? 'bytes' : 'microseconds');
  let sampleTypes: SampleType[];
  let periodType: SampleType;
  let period: number;
  let values: (raw: number[]) => number[] | undefined;
  if (kind === 'threadcreate') {
    sampleTypes = [{ type: 'threadcreate', unit: 'count' }];
    periodType = sampleTypes[0];
    period = 1;
    values = (raw) => raw;
  } else if (kind === 'java-heap') {
    sampleTypes = [
      { type: 'inuse_objects', unit: 'count' },
      { type: 'inuse_space', unit: resolution },
    ];
    periodType = { type: '', unit: '' };
    period = 0;
    // Java lists bytes first, then the count
    values = ([bytes, count]) => (count === 0 ? undefined : scaleHeap(count, bytes, JAVA_HEAPZ_RATE));
  } else if (java) {
    sampleTypes = [
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: resolution },
    ];
    periodType = { type: 'contentions', unit: 'count' };
    period = num('sampling period') ?? 0;
    values = ([delay, count]) => (period !== 0 ? [count * period, delay * period] : [count, delay]);
  } else {
    sampleTypes = [
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: 'nanoseconds' },
    ];
    periodType = { type: 'contentions', unit: 'count' };
    period = num('sampling period') ?? 1;
    const cpuHz = num('cycles/second') ?? 0;
    values = ([cycles, count]) => {
      // delays are in CPU cycles: to nanoseconds, then unsampled (pprof's parseContentionSample)
      const delay = period > 0 && cpuHz > 0 ? Math.trunc((cycles * period) / (cpuHz / 1e9)) : cycles;
      return [period > 0 ? count * period : count, delay];
    };
  }

  const b = new ModelBuilder(sampleTypes.length);
  const frameIds = new Map<string, number>();
  const frame = (pc: number, s: Sym | undefined, inlined: boolean): number => {
    const key = s ? `${pc}\u0000${s.name}\u0000${s.file}\u0000${s.line}\u0000${inlined}` : `${pc}`;
    let id = frameIds.get(key);
    if (id === undefined) {
      id = s
        ? b.addFrame(pc, s.name, s.file, s.line, '', 0, inlined)
        : b.addFrame(pc, `0x${pc.toString(16)}`, '', 0, '', 0);
      frameIds.set(key, id);
    }
    return id;
  };
  let skipped = 0;
  for (const s of samples) {
    const v = values(s.values);
    if (!v) {
      skipped++;
      continue;
    }
    let frames: number[];
    if (s.syms.length > 0) {
      frames = s.syms.map((f, k) => frame(f.pc, f, k + 1 < s.syms.length && s.syms[k + 1].pc === f.pc));
    } else if (java) {
      frames = s.addrs.map((a) => frame(a, javaSyms.get(a), false));
    } else {
      // return addresses: step back onto the call instruction, as pprof does
      frames = s.addrs.map((a) => frame(a > 0 ? a - 1 : a, undefined, false));
    }
    b.addSample(frames, v);
  }

  const sink: WarningSink = { warnings: [], warningMsgs: [] };
  if (skipped > 0) warn(sink, msg('pprof/warnZeroSamples', { count: skipped }));
  if (unknownCount > 0)
    warn(sink, msg('pprof/warnUnknownLines', { count: unknownCount, kind, ...quoteParams(unknown) }));
  if (declaredTotal !== undefined) {
    const sum = samples.reduce((n, s) => n + s.values[0], 0);
    if (sum !== declaredTotal) warn(sink, msg('pprof/warnThreadTotal', { declared: declaredTotal, sum }));
  }
  const ms = num('ms since reset');
  const model = b.build({
    file,
    sampleTypes,
    defaultIndex: sampleTypes.length - 1,
    periodType,
    period,
    ...(ms !== undefined ? { durationNanos: ms * 1e6 } : {}),
    comments: [],
  });
  return { model, ...sink, ...(cutAt !== undefined ? { cutAt } : {}) };
}

/** `com.example.Foo.bar (Foo.java:12)`, `libc.so (/lib/libc.so)`, `GC`: pprof's parseJavaLocations. */
function javaSymbol(text: string): Sym {
  const fl = JAVA_FILE_LINE.exec(text);
  if (fl) {
    const n = Number(fl[3]);
    return { pc: 0, name: fl[1], file: fl[2], line: Math.max(n, 0) };
  }
  const p = JAVA_PATH.exec(text);
  if (p) return { pc: 0, name: p[1], file: p[2].slice(p[2].lastIndexOf('/') + 1), line: 0 };
  if (text.includes('generated stub/JIT')) return { pc: 0, name: 'STUB', file: '', line: 0 };
  return { pc: 0, name: text, file: '', line: 0 };
}
