import type { HeapBlock, HeapSuspect, MessageRef } from '../../../../contract/inspect.ts';
import type { UnclosedGroup } from '../../../../workers/formats/hprof/analysis.ts';
import type { HprofCompareRow } from '../../../../workers/formats/hprof/handler.ts';

/**
 * The extra fields the HPROF handler puts on the heap block (through its index signature).
 * Everything here is read defensively: a Go dump has none of them, an older autosave may have some.
 */
export interface JavaThread {
  serial: number;
  name: string;
  /** Node of the java.lang.Thread object (0 or less: not in the dump). */
  id: number;
  retainedBytes: number;
  frames: string[];
  state?: string;
}

export type { UnclosedGroup };

export interface UnclosedResources {
  open: number;
  closed: number;
  groups: UnclosedGroup[];
}

export interface DuplicateStrings {
  total: number;
  wastedBytes: number;
  top: { value: string; count: number; wastedBytes: number }[];
}

export interface HprofInfo {
  version?: string;
  idSize?: number;
  oopSize?: number;
  classes?: number;
  gzip?: boolean;
}

/** One decoded field of a Java object (the handler's `fields` query). */
export interface JavaField {
  name: string;
  type: string;
  value: string;
  ref?: number;
  owner?: string;
}

/** One step of a suspect's path from its GC root, with the reference that led to it. */
export interface PathStep {
  id: number;
  label: string;
  type: string;
  /** Field, static field or `[index]` of the previous step that holds this one. */
  field?: string;
}

/** A suspect with the ids the engines add beside the contract's fields. */
export type Suspect = HeapSuspect & {
  id?: number;
  accumulationId?: number;
  accumulatedType?: string;
  accumulatedCount?: number;
  staticField?: string;
  /** `static com.example.Cls.FIELD` when a static field holds the memory. */
  holder?: string;
  group?: string;
  /** From the GC root through the holder to one accumulated object (Java). */
  pathSteps?: PathStep[];
  /** Objects in a linked chain (Go, kind 'chain'). */
  chainLength?: number;
};

/** A row of the unreachable objects' histogram (Java). */
export interface UnreachableRow {
  type: string;
  count: number;
  shallowBytes: number;
}

/** The unreachable objects' histogram of a heap block, read defensively. */
export function unreachableRows(heap: HeapBlock): UnreachableRow[] {
  const x = heap.unreachableHistogram;
  if (!Array.isArray(x)) return [];
  return x.filter(
    (r): r is UnreachableRow =>
      isObject(r) && typeof r.type === 'string' && isNum(r.count) && isNum(r.shallowBytes),
  );
}

export interface JavaExtras {
  threads?: JavaThread[];
  unclosed?: UnclosedResources;
  duplicates?: DuplicateStrings;
  rootsByKind?: Record<string, number>;
  convention?: string;
  conventionMsg?: MessageRef;
  hprof?: HprofInfo;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function threadsOf(x: unknown): JavaThread[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: JavaThread[] = [];
  for (const t of x) {
    if (!isObject(t)) continue;
    out.push({
      serial: isNum(t.serial) ? t.serial : out.length + 1,
      name: typeof t.name === 'string' ? t.name : `#${String(t.serial)}`,
      id: isNum(t.id) ? t.id : -1,
      retainedBytes: isNum(t.retainedBytes) ? t.retainedBytes : 0,
      frames: Array.isArray(t.frames) ? t.frames.filter((f): f is string => typeof f === 'string') : [],
      ...(typeof t.state === 'string' ? { state: t.state } : {}),
    });
  }
  return out;
}

function unclosedOf(x: unknown): UnclosedResources | undefined {
  if (!isObject(x) || !Array.isArray(x.groups)) return undefined;
  const groups = x.groups.filter(
    (g): g is UnclosedGroup => isObject(g) && typeof g.type === 'string' && isNum(g.count),
  );
  return {
    open: isNum(x.open) ? x.open : groups.reduce((s, g) => s + g.count, 0),
    closed: isNum(x.closed) ? x.closed : 0,
    groups,
  };
}

function duplicatesOf(x: unknown): DuplicateStrings | undefined {
  if (!isObject(x) || !Array.isArray(x.top)) return undefined;
  return {
    total: isNum(x.total) ? x.total : x.top.length,
    wastedBytes: isNum(x.wastedBytes) ? x.wastedBytes : 0,
    top: x.top.filter(
      (d): d is DuplicateStrings['top'][number] =>
        isObject(d) && typeof d.value === 'string' && isNum(d.count) && isNum(d.wastedBytes),
    ),
  };
}

function countsOf(x: unknown): Record<string, number> | undefined {
  if (!isObject(x)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(x)) if (isNum(v)) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The Java-only parts of a heap block, each undefined when the block lacks it. */
export function javaExtras(heap: HeapBlock): JavaExtras {
  return {
    threads: threadsOf(heap.threads),
    unclosed: unclosedOf(heap.unclosedResources),
    duplicates: duplicatesOf(heap.duplicateStrings),
    rootsByKind: countsOf(heap.gcRootsByKind),
    convention: typeof heap.shallowSizeConvention === 'string' ? heap.shallowSizeConvention : undefined,
    conventionMsg: heap.shallowSizeConventionMsg,
    hprof: isObject(heap.hprof) ? (heap.hprof as HprofInfo) : undefined,
  };
}

/**
 * Splits engine prose on backticks: `a \`B\` c` → [{text:'a '}, {text:'B', code:true}, {text:' c'}].
 * The view renders code spans as <code> React text (never as HTML). An unpaired backtick stays text.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ text, code: false }];
  const out: { text: string; code: boolean }[] = [];
  parts.forEach((p, i) => {
    if (p !== '') out.push({ text: p, code: i % 2 === 1 });
  });
  return out;
}

/** A field value for a table cell: strings quoted and escaped (so control characters show), cut at `max`. */
export function previewString(value: string, max = 120): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}

/** Groups fields by declaring class, in order (the handler lists a class's own fields before inherited). */
export function fieldsByOwner(fields: JavaField[]): { owner: string; fields: JavaField[] }[] {
  const out: { owner: string; fields: JavaField[] }[] = [];
  for (const f of fields) {
    const owner = f.owner ?? '';
    const last = out[out.length - 1];
    if (last && last.owner === owner) last.fields.push(f);
    else out.push({ owner, fields: [f] });
  }
  return out;
}

/** A class-histogram delta row as the HPROF handler's `compare` returns it. */
export type ClassDelta = HprofCompareRow;

/** Recognises the HPROF comparison ({rows: ClassDelta[], totalDeltaBytes, grown}). */
export function classDeltas(
  result: unknown,
): { rows: ClassDelta[]; totalDeltaBytes: number; grown: number } | undefined {
  if (!isObject(result) || !Array.isArray(result.rows)) return undefined;
  const rows = result.rows.filter(
    (r): r is ClassDelta => isObject(r) && typeof r.type === 'string' && isNum(r.deltaBytes),
  );
  return {
    rows,
    totalDeltaBytes: isNum(result.totalDeltaBytes)
      ? result.totalDeltaBytes
      : rows.reduce((s, r) => s + r.deltaBytes, 0),
    grown: isNum(result.grown) ? result.grown : rows.filter((r) => r.deltaCount > 0).length,
  };
}
