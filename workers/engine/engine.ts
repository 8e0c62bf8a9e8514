import { FORMAT_KIND, type FormatId, type InspectResult } from '../../contract/inspect.ts';
import { type ByteSource, type ParseContext, throwIfAborted } from '../core/byte-source.ts';
import { ParseError } from '../core/errors.ts';
import { gunzipHead, isGzip } from '../core/gzip.ts';
import { type Msg, warningMessages } from '../core/messages.ts';
import { describeUnknown, EXPECTED_FORMATS, looksLikeText, SNIFF_BYTES, sniff } from '../formats/sniff.ts';
import type { OpenedArtifact, OpenOptions } from './format-handler.ts';
import {
  COMPARE_FORMATS,
  type CompareFamily,
  type CompareMap,
  type CompareViewMap,
  FAMILY_FORMATS,
  type QueryArgs,
  type QueryFamily,
  type QueryName,
  type QueryResult,
} from './query-map.ts';
import { handlerFor } from './registry.ts';

/** `warningMsgs` of the summary: the handler's messages in the order of its warnings. */
function warningMsgsOf(o: OpenedArtifact): { warningMsgs?: (Msg | null)[] } {
  const warningMsgs = warningMessages(o.warnings, o.warningMsgs);
  return warningMsgs ? { warningMsgs } : {};
}

/**
 * No reader recognises the file; a folder scan lists such files as skipped. `found` says what the
 * file looks like instead ("an ELF executable (…)", "UTF-16LE text: …").
 */
export class UnknownFormatError extends ParseError {
  readonly found: string;
  constructor(file: string, found = 'an unknown format') {
    super(file, { offset: 0 }, EXPECTED_FORMATS, found);
    this.found = found;
  }
}

/** What an unrecognised source looks like, for its UnknownFormatError. */
export async function describeSource(source: ByteSource): Promise<string> {
  const head = await source.read(0, SNIFF_BYTES);
  return isGzip(head) ? describeUnknown(gunzipHead(head), true) : describeUnknown(head);
}

export interface OpenedEntry {
  id: string;
  result: InspectResult;
}

/** Sniffs a source's format from its first bytes (looking inside gzip). */
export async function detectFormat(source: ByteSource): Promise<FormatId | undefined> {
  const head = await source.read(0, SNIFF_BYTES);
  if (isGzip(head)) {
    const unzipped = gunzipHead(head);
    const inner = sniff(unzipped);
    if (inner && inner !== 'pprof') return inner;
    // gzipped text no reader knows is not a profile (a pprof profile inside is binary)
    if (!inner && unzipped.length > 0 && looksLikeText(unzipped)) return undefined;
    return 'pprof';
  }
  return sniff(head);
}

/**
 * The engine behind every host: the Web Worker (via comlink), the CLI (in-thread) and tests.
 * It keeps each opened artifact's model so the UI can page through it.
 */
export class Engine {
  private readonly artifacts = new Map<
    string,
    { format: FormatId; opened: OpenedArtifact; result: InspectResult }
  >();
  private nextId = 1;

  async open(source: ByteSource, ctx: ParseContext = {}, options: OpenOptions = {}): Promise<OpenedEntry> {
    const started = performance.now();
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ phase: 'sniff', done: 0, total: source.size });
    const format = await detectFormat(source);
    if (!format) throw new UnknownFormatError(source.name, await describeSource(source));
    const handler = handlerFor(format);
    if (!handler) throw new ParseError(source.name, { offset: 0 }, `a reader for ${format}`);
    const limited =
      options.maxInflatedBytes !== undefined
        ? { ...ctx, limits: { ...ctx.limits, maxInflatedBytes: options.maxInflatedBytes } }
        : ctx;
    const opened = await handler.open(source, limited, options);
    const result: InspectResult = {
      schema: 'pmwb.inspect/1',
      file: source.name,
      format,
      bytes: source.size,
      parseMs: Math.round(performance.now() - started),
      truncated: opened.truncated,
      ...(opened.truncatedAt !== undefined ? { truncatedAt: opened.truncatedAt } : {}),
      warnings: opened.warnings,
      ...warningMsgsOf(opened),
      ...(opened.capturedAtMs !== undefined ? { capturedAtMs: opened.capturedAtMs } : {}),
      ...(opened.heap ? { heap: opened.heap } : {}),
      ...(opened.profile ? { profile: opened.profile } : {}),
      ...(opened.goroutines ? { goroutines: opened.goroutines } : {}),
      ...(opened.gc ? { gc: opened.gc } : {}),
      ...(opened.threads ? { threads: opened.threads } : {}),
      ...(opened.log ? { log: opened.log } : {}),
    };
    const id = `a${this.nextId++}`;
    this.artifacts.set(id, { format, opened, result });
    ctx.onProgress?.({ phase: 'done', done: source.size, total: source.size });
    return { id, result };
  }

  /**
   * Calls a query of a family the artifact's format answers, typed by the handlers' query objects
   * (`QueryMap`): a view that asks a GC log for heap children fails here, not with a missing field.
   */
  queryAs<F extends QueryFamily, N extends QueryName<F>>(
    family: F,
    id: string,
    name: N,
    ...args: QueryArgs<F, N>
  ): Promise<QueryResult<F, N>> | QueryResult<F, N> {
    this.checkFamily(id, FAMILY_FORMATS[family], family);
    return this.query(id, name, ...args) as QueryResult<F, N>;
  }

  /** A comparison typed by its family (`CompareMap`). */
  compareAs<F extends CompareFamily>(family: F, baseId: string, id: string): CompareMap[F] {
    this.checkFamily(id, COMPARE_FORMATS[family], family);
    return this.compare(baseId, id) as CompareMap[F];
  }

  compareViewAs<F extends keyof CompareViewMap>(
    family: F,
    baseId: string,
    id: string,
    ...args: CompareViewMap[F]['args']
  ): CompareViewMap[F]['result'] {
    this.checkFamily(id, COMPARE_FORMATS[family], family);
    return this.compareView(baseId, id, ...args) as CompareViewMap[F]['result'];
  }

  private checkFamily(id: string, formats: readonly FormatId[], family: string): void {
    const entry = this.artifacts.get(id);
    if (!entry) throw new Error(`no open artifact ${id}`);
    if (!formats.includes(entry.format)) throw new Error(`${entry.format} does not answer ${family} queries`);
  }

  /** Calls one of an artifact's paged queries by name (untyped; views go through `queryAs`). */
  query(id: string, name: string, ...args: unknown[]): unknown {
    const entry = this.artifacts.get(id);
    if (!entry) throw new Error(`no open artifact ${id}`);
    const fn = entry.opened.queries?.[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) throw new Error(`${entry.format} has no query "${name}"`);
    return fn(...args);
  }

  /** Compares two open artifacts of the same format (base = older). */
  compare(baseId: string, id: string): unknown {
    const { base, cur, handler } = this.comparable(baseId, id);
    if (!handler.compare) throw new Error(`${cur.format} has no comparison`);
    return handler.compare(base.opened, cur.opened);
  }

  /** A view of a comparison asked for on demand (see FormatHandler.compareView). */
  compareView(baseId: string, id: string, ...args: unknown[]): unknown {
    const { base, cur, handler } = this.comparable(baseId, id);
    if (!handler.compareView) throw new Error(`${cur.format} has no comparison views`);
    return handler.compareView(base.opened, cur.opened, ...args);
  }

  private comparable(baseId: string, id: string) {
    const base = this.artifacts.get(baseId);
    const cur = this.artifacts.get(id);
    if (!base || !cur) throw new Error('both artifacts must be open');
    // A heap dump compares only with its own format (Go by address, Java by class); profiles and
    // GC logs of one kind compare across their formats.
    const comparable =
      cur.format === base.format ||
      (FORMAT_KIND[cur.format] !== 'heap' && FORMAT_KIND[cur.format] === FORMAT_KIND[base.format]);
    if (!comparable) {
      throw new Error(`cannot compare ${base.format} with ${cur.format}`);
    }
    const handler = handlerFor(cur.format);
    if (!handler) throw new Error(`${cur.format} has no comparison`);
    return { base, cur, handler };
  }

  result(id: string): InspectResult | undefined {
    return this.artifacts.get(id)?.result;
  }

  close(id: string): void {
    this.artifacts.delete(id);
  }
}
