import { ParseError } from '../../core/errors.ts';
import { msg, type WarningSink, warn } from '../../core/messages.ts';
import { ModelBuilder, type PprofModel } from './model.ts';

/**
 * The legacy binary CPU profile of gperftools / Go before 1.9 / Java agents (what google/pprof's
 * parseCPU reads): a header of five words `0 3 0|1 period 0` in 32- or 64-bit, either byte order;
 * records `count depth pc…` ending with `0 1 0`; then text — a /proc/self/maps memory map (C++, Go)
 * or `0xADDR name (file:line)` symbol lines (Java, header third word 1).
 */

type Reader = (b: Uint8Array, p: number) => number | undefined;

const READERS: { size: number; read: Reader }[] = [
  {
    size: 4,
    read: (b, p) =>
      p + 4 <= b.length ? b[p] + b[p + 1] * 2 ** 8 + b[p + 2] * 2 ** 16 + b[p + 3] * 2 ** 24 : undefined,
  },
  {
    size: 4,
    read: (b, p) =>
      p + 4 <= b.length ? b[p + 3] + b[p + 2] * 2 ** 8 + b[p + 1] * 2 ** 16 + b[p] * 2 ** 24 : undefined,
  },
  {
    size: 8,
    read: (b, p) => {
      if (p + 8 > b.length) return undefined;
      let v = 0;
      for (let i = 7; i >= 0; i--) v = v * 256 + b[p + i];
      return v;
    },
  },
  {
    size: 8,
    read: (b, p) => {
      if (p + 8 > b.length) return undefined;
      let v = 0;
      for (let i = 0; i < 8; i++) v = v * 256 + b[p + i];
      return v;
    },
  },
];

/** Recognises the legacy CPU header; returns the word reader, kind and period (µs). */
export function sniffLegacyCpu(
  b: Uint8Array,
): { read: Reader; size: number; java: boolean; periodUs: number } | undefined {
  for (const r of READERS) {
    const w = [0, 1, 2, 3, 4].map((i) => r.read(b, i * r.size));
    if (w.some((x) => x === undefined)) continue;
    if (w[0] === 0 && w[1] === 3 && (w[2] === 0 || w[2] === 1) && (w[3] ?? 0) > 0 && w[4] === 0) {
      return { read: r.read, size: r.size, java: w[2] === 1, periodUs: w[3]! };
    }
  }
  return undefined;
}

interface Mapping {
  start: number;
  limit: number;
  offset: number;
  file: string;
}

const MAPS = /^([0-9a-f]+)-([0-9a-f]+)\s+([-rwxps]{4})\s+([0-9a-f]+)\s+[0-9a-f]+:[0-9a-f]+\s+\d+\s*(.*)$/i;
const LIB = /([.]so$|[.]so[._][0-9]+)/;
const JAVA_LOC = /^\s*0x([0-9a-fA-F]+)\s+(.*?)\s*$/;
const JAVA_FILE_LINE = /^(.*)\s+\((.+):(-?\d+)\)$/;
const JAVA_PATH = /^(.*)\s+\((.*)\)$/;

function parseMaps(text: string): Mapping[] {
  let maps: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = MAPS.exec(line.trim());
    if (!m) continue;
    if (!m[3].includes('x')) continue;
    maps.push({
      start: Number.parseInt(m[1], 16),
      limit: Number.parseInt(m[2], 16),
      offset: Number.parseInt(m[4], 16),
      file: m[5].trim(),
    });
  }
  // merge adjacent mappings of the same file (pprof's massageMappings)
  if (maps.length > 1) {
    const merged: Mapping[] = [maps[0]];
    for (const m of maps.slice(1)) {
      const lm = merged[merged.length - 1];
      const sameFile = lm.file === '' || m.file === '' || lm.file === m.file;
      if (sameFile && lm.limit === m.start && lm.offset + (lm.limit - lm.start) === m.offset) {
        lm.limit = m.limit;
        if (m.file) lm.file = m.file;
        continue;
      }
      merged.push(m);
    }
    maps = merged;
  }
  // main binary first
  const main = maps.findIndex((m) => {
    const f = m.file.replace('(deleted)', '').trim();
    return f !== '' && !LIB.test(f) && !f.startsWith('[');
  });
  if (main > 0) [maps[0], maps[main]] = [maps[main], maps[0]];
  if (maps.length > 0 && maps[0].start - maps[0].offset === 0x400000) {
    maps[0].start = 0x400000;
    maps[0].offset = 0;
  }
  return maps;
}

function objfileFor(maps: Mapping[], a: number): string {
  if (a === 0) return '';
  for (const m of maps) if (m.start <= a && a < m.limit) return m.file;
  for (const m of maps) {
    if (m.offset !== 0 && m.start - m.offset <= a && a < m.start) {
      m.start -= m.offset;
      m.offset = 0;
      return m.file;
    }
  }
  return '';
}

export function parseLegacyCpu(file: string, b: Uint8Array, warnings: WarningSink): PprofModel {
  const h = sniffLegacyCpu(b);
  if (!h) throw new ParseError(file, { offset: 0 }, 'a legacy CPU profile header (0 3 0 period 0)');
  const { read, size } = h;
  const period = h.periodUs * 1000;
  let p = size * 5;
  const samples: { count: number; addrs: number[] }[] = [];
  let ended = false;
  while (p < b.length) {
    const count = read(b, p);
    const nstk = read(b, p + size);
    if (count === undefined || nstk === undefined) break;
    p += 2 * size;
    if (nstk > (b.length - p) / size) {
      throw new ParseError(
        file,
        { offset: p - size },
        'a stack depth that fits in the file',
        `depth ${nstk}`,
      );
    }
    const addrs: number[] = [];
    for (let i = 0; i < nstk; i++) {
      let a = read(b, p)!;
      p += size;
      if (!h.java && i > 0) a--;
      addrs.push(a);
    }
    if (count === 0 && nstk === 1 && addrs[0] === (h.java ? 0 : 0)) {
      ended = true;
      break;
    }
    samples.push({ count, addrs });
  }
  if (!ended) warn(warnings, msg('pprof/warnNoTrailer', { at: p }));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(p));

  const names = new Map<number, { name: string; file: string; line: number }>();
  let maps: Mapping[] = [];
  if (h.java) {
    for (const line of text.split('\n')) {
      const m = JAVA_LOC.exec(line.trim());
      if (!m) continue;
      const addr = Number.parseInt(m[1], 16);
      let name = m[2];
      let f = '';
      let ln = 0;
      const fl = JAVA_FILE_LINE.exec(m[2]);
      const fp = fl ? undefined : JAVA_PATH.exec(m[2]);
      if (fl) {
        name = fl[1];
        f = fl[2];
        const n = Number(fl[3]);
        if (n > 0) ln = n;
      } else if (fp) {
        name = fp[1];
        f = fp[2].split('/').pop() ?? fp[2];
      } else if (m[2].includes('generated stub/JIT')) name = 'STUB';
      names.set(addr, { name, file: f, line: ln });
    }
  } else {
    // the "similar samples" heuristic: drop a second frame present in (almost) every sample
    const margin = Math.floor(samples.length / 32);
    for (let iter = 0; iter < 2; iter++) {
      const addr1 = new Map<number, number>();
      for (const s of samples)
        if (s.addrs.length > 1) addr1.set(s.addrs[1], (addr1.get(s.addrs[1]) ?? 0) + 1);
      for (const [id1, count] of addr1) {
        if (count >= samples.length - margin) {
          for (const s of samples) if (s.addrs.length > 1 && s.addrs[1] === id1) s.addrs.splice(1, 1);
          break;
        }
      }
    }
    maps = parseMaps(text);
    for (const s of samples) if (s.addrs.length > 1 && s.addrs[0] === s.addrs[1] + 1) s.addrs.splice(1, 1);
  }

  const builder = new ModelBuilder(2);
  const frameOf = new Map<number, number>();
  for (const s of samples) {
    const frames = s.addrs.map((a) => {
      let id = frameOf.get(a);
      if (id === undefined) {
        const sym = names.get(a);
        id = sym
          ? builder.addFrame(a, sym.name, sym.file, sym.line, '', 0)
          : builder.addFrame(a, '', '', 0, objfileFor(maps, a), 0);
        frameOf.set(a, id);
      }
      return id;
    });
    builder.addSample(frames, [s.count, s.count * period]);
  }
  return builder.build({
    file,
    sampleTypes: [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ],
    defaultIndex: 1,
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period,
    comments: [],
  });
}
