/**
 * The in-worker model of one profile (profile.proto or the legacy text heap profile): sample types,
 * frames already resolved to pprof's function and file:line nodes, and samples as flat typed arrays.
 */

import { grown } from '../../core/grow.ts';

export interface SampleType {
  type: string;
  unit: string;
}

/** A set of report nodes (one granularity): printable names plus unique keys for tie-breaking. */
export interface NodeTable {
  names: string[];
  keys: string[];
}

export interface PprofModel {
  file: string;
  sampleTypes: SampleType[];
  /** Index of the sample type pprof shows when no -sample_index is given. */
  defaultIndex: number;
  periodType?: SampleType;
  period: number;
  timeNanos?: number;
  durationNanos?: number;
  comments: string[];
  dropFrames?: string;
  keepFrames?: string;
  /** Nodes at function granularity (`go tool pprof -top`). */
  funcs: NodeTable;
  /** Nodes at file:line granularity (`go tool pprof -top -lines`). */
  lines: NodeTable;
  /** Per frame: function node, file:line node, the location it came from, and text to match filters. */
  frameFunc: Int32Array;
  frameLine: Int32Array;
  frameLoc: Int32Array;
  /** 1 when the frame is an inlined call (not the last line of its location). */
  frameInline: Uint8Array;
  frameText: string[][];
  /** Sample i has frames sampleFrames[sampleStart[i] .. sampleStart[i+1]), leaf first. */
  sampleStart: Uint32Array;
  sampleFrames: Uint32Array;
  /** values[i * sampleTypes.length + t]. */
  values: Float64Array;
  sampleCount: number;
  memStats?: Record<string, number | string>;
}

class Interner {
  readonly names: string[] = [];
  readonly keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  id(key: string, name: string): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.add(key, name);
      this.byKey.set(key, id);
    }
    return id;
  }
  /** A new node the caller has checked is not there yet (under a key of its own). */
  add(key: string, name: string): number {
    this.names.push(name);
    this.keys.push(key);
    return this.names.length - 1;
  }
}

/**
 * What the frames of one symbol (function name, file, binary) share, worked out once: its function
 * node, its cleaned file, the prefix of its file:line keys and the text filters match.
 */
export interface FrameSymbol {
  readonly name: string;
  readonly objfile: string;
  readonly func: number;
  readonly funcKey: string;
  readonly funcName: string;
  readonly cleanFile: string;
  /** Number of the (function key, clean file) pair: file:line nodes are looked up by (pair, line). */
  readonly pair: number;
  readonly text: string[];
}

/** Lines below this are looked up by number, (pair, line) packed in one double; others by string. */
const LINE_SPAN = 2 ** 24;

/** Growable typed-array builder for the model. */
export class ModelBuilder {
  readonly funcs = new Interner();
  readonly lines = new Interner();
  private readonly pairs = new Map<string, number>();
  private readonly lineByNumber = new Map<number, number>();
  private readonly anonymous = new Map<string, FrameSymbol>();
  private frameFunc: number[] = [];
  private frameLine: number[] = [];
  private frameLoc: number[] = [];
  private frameInline: number[] = [];
  private frameText: string[][] = [];
  private sampleStart = new Uint32Array(1024);
  private sampleFrames = new Uint32Array(4096);
  private values: Float64Array;
  private nSamples = 0;
  private nFrames = 0;

  constructor(readonly nTypes: number) {
    this.values = new Float64Array(1024 * Math.max(1, nTypes));
  }

  /**
   * The symbol of frames of function `name` ('' when unknown) in `file`, from the mapping's file
   * `objfile`. Its function node is created now: call it when its first frame is added.
   */
  symbol(name: string, file: string, objfile: string, startLine: number): FrameSymbol {
    let funcKey: string;
    let funcName: string;
    if (name !== '') {
      funcKey = `f\u0000${name}`;
      funcName = name;
    } else {
      funcKey = `o\u0000${objfile}\u0000${startLine}`;
      funcName = objfile !== '' ? `[${baseName(objfile)}]` : '<unknown>';
    }
    const cleanFile = file !== '' ? cleanPath(file) : '';
    const pairKey = `${funcKey}\u0000${cleanFile}`;
    let pair = this.pairs.get(pairKey);
    if (pair === undefined) {
      pair = this.pairs.size;
      this.pairs.set(pairKey, pair);
    }
    return {
      name,
      objfile,
      func: this.funcs.id(funcKey, funcName),
      funcKey,
      funcName,
      cleanFile,
      pair,
      text: [name, file, objfile].filter((s) => s !== ''),
    };
  }

  /**
   * Adds a frame. `name` is the function name ('' when unknown), `file` and `line` its source
   * position, `objfile` the mapping's file.
   */
  addFrame(
    loc: number,
    name: string,
    file: string,
    line: number,
    objfile: string,
    startLine: number,
    inlined = false,
  ): number {
    return this.addSymbolFrame(loc, this.symbol(name, file, objfile, startLine), line, inlined);
  }

  /** A frame of a location whose line has no function: one symbol per binary, made once. */
  addAnonymousFrame(loc: number, objfile: string, inlined = false): number {
    let sym = this.anonymous.get(objfile);
    if (sym === undefined) {
      sym = this.symbol('', '', objfile, 0);
      this.anonymous.set(objfile, sym);
    }
    return this.addSymbolFrame(loc, sym, 0, inlined);
  }

  /** Adds a frame of `sym` at source line `line` (what addFrame does, the symbol's work done once). */
  addSymbolFrame(loc: number, sym: FrameSymbol, line: number, inlined = false): number {
    let lineId: number | undefined;
    const numbered = Number.isInteger(line) && line >= 0 && line < LINE_SPAN;
    const nk = sym.pair * LINE_SPAN + line;
    if (numbered) lineId = this.lineByNumber.get(nk);
    if (lineId === undefined) {
      const lineKey = `${sym.funcKey}\u0000${sym.cleanFile}\u0000${line}`;
      const prefix = sym.name !== '' ? `${sym.name} ` : '';
      let lineName: string;
      if (line !== 0) lineName = `${prefix}${sym.cleanFile}:${line}`;
      else if (sym.cleanFile !== '') lineName = `${prefix}${sym.cleanFile}`;
      else lineName = sym.funcName;
      if (numbered) {
        lineId = this.lines.add(lineKey, lineName);
        this.lineByNumber.set(nk, lineId);
      } else lineId = this.lines.id(lineKey, lineName);
    }
    this.frameFunc.push(sym.func);
    this.frameLine.push(lineId);
    this.frameLoc.push(loc);
    this.frameInline.push(inlined ? 1 : 0);
    this.frameText.push(sym.text);
    return this.frameFunc.length - 1;
  }

  /** Adds a sample whose frames (leaf first) are the first `nFrames` of `frames`; returns its index. */
  addSample(frames: ArrayLike<number>, values: ArrayLike<number>, nFrames = frames.length): number {
    const nf = this.nFrames + nFrames;
    this.sampleFrames = grown(this.sampleFrames, nf, this.nFrames);
    const sf = this.sampleFrames;
    for (let i = 0, p = this.nFrames; i < nFrames; i++, p++) sf[p] = frames[i];
    this.nFrames = nf;
    const si = this.nSamples++;
    if (this.nSamples + 1 > this.sampleStart.length) {
      this.sampleStart = grown(this.sampleStart, this.sampleStart.length * 2);
      this.values = grown(this.values, this.sampleStart.length * Math.max(1, this.nTypes));
    }
    this.sampleStart[this.nSamples] = nf;
    const vo = si * this.nTypes;
    for (let t = 0; t < this.nTypes; t++) this.values[vo + t] = values[t] ?? 0;
    return si;
  }

  /** Adds `values` to sample `si` (pprof merges samples with the same stack and labels). */
  addToSample(si: number, values: ArrayLike<number>): void {
    const vo = si * this.nTypes;
    for (let t = 0; t < this.nTypes; t++) this.values[vo + t] += values[t] ?? 0;
  }

  get sampleCount(): number {
    return this.nSamples;
  }

  build(
    base: Omit<
      PprofModel,
      | 'funcs'
      | 'lines'
      | 'frameFunc'
      | 'frameLine'
      | 'frameLoc'
      | 'frameInline'
      | 'frameText'
      | 'sampleStart'
      | 'sampleFrames'
      | 'values'
      | 'sampleCount'
    >,
  ): PprofModel {
    return {
      ...base,
      funcs: { names: this.funcs.names, keys: this.funcs.keys },
      lines: { names: this.lines.names, keys: this.lines.keys },
      frameFunc: Int32Array.from(this.frameFunc),
      frameLine: Int32Array.from(this.frameLine),
      frameLoc: Int32Array.from(this.frameLoc),
      frameInline: Uint8Array.from(this.frameInline),
      frameText: this.frameText,
      sampleStart: this.sampleStart.slice(0, this.nSamples + 1),
      sampleFrames: this.sampleFrames.slice(0, this.nFrames),
      values: this.values.slice(0, this.nSamples * this.nTypes),
      sampleCount: this.sampleCount,
    };
  }
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed || path;
}

/** Go's `filepath.Clean` for slash-separated paths. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = out.join('/');
  if (rooted) return `/${s}`;
  return s === '' ? '.' : s;
}
