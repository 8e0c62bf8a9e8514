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
      id = this.names.length;
      this.byKey.set(key, id);
      this.names.push(name);
      this.keys.push(key);
    }
    return id;
  }
}

/** Growable typed-array builder for the model. */
export class ModelBuilder {
  readonly funcs = new Interner();
  readonly lines = new Interner();
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
    let lineName: string;
    if (line !== 0) lineName = `${name !== '' ? `${name} ` : ''}${cleanFile}:${line}`;
    else if (cleanFile !== '') lineName = `${name !== '' ? `${name} ` : ''}${cleanFile}`;
    else lineName = funcName;
    const lineKey = `${funcKey}\u0000${cleanFile}\u0000${line}`;
    this.frameFunc.push(this.funcs.id(funcKey, funcName));
    this.frameLine.push(this.lines.id(lineKey, lineName));
    this.frameLoc.push(loc);
    this.frameInline.push(inlined ? 1 : 0);
    this.frameText.push([name, file, objfile].filter((s) => s !== ''));
    return this.frameFunc.length - 1;
  }

  /** Adds a sample whose frames (leaf first) are `frames`; returns its index. */
  addSample(frames: ArrayLike<number>, values: ArrayLike<number>): number {
    const nf = this.nFrames + frames.length;
    this.sampleFrames = grown(this.sampleFrames, nf, this.nFrames);
    const sf = this.sampleFrames;
    for (let i = 0, p = this.nFrames; i < frames.length; i++, p++) sf[p] = frames[i];
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
