import type { InspectResult } from '../../contract/inspect.ts';
import { type ByteSource, blobSource, type Progress } from '../core/byte-source.ts';
import { errorMessage, ParseError } from '../core/errors.ts';
import { LimitError, type LimitKind } from '../core/limits.ts';
import { Engine, UnknownFormatError } from './engine.ts';
import type {
  CompareFamily,
  CompareMap,
  CompareViewMap,
  QueryArgs,
  QueryFamily,
  QueryName,
  QueryResult,
} from './query-map.ts';

/**
 * What the UI hands the worker to read: a File/Blob (browser, dropped files), or a file the host
 * reads by path (Electron). A remote file's reader travels as its own argument of `open`: comlink
 * proxies only top-level arguments, not functions nested in an object.
 */
export type SourceSpec =
  | { kind: 'blob'; blob: Blob; name: string; lastModified?: number }
  | { kind: 'remote'; name: string; size: number; lastModified?: number };

export type ReadFn = (offset: number, length: number) => Promise<Uint8Array>;

function sourceOf(spec: SourceSpec, read: ReadFn | undefined): ByteSource {
  if (spec.kind === 'blob') return blobSource(spec.blob, spec.name, spec.lastModified);
  if (!read) throw new Error(`${spec.name}: no reader for a file opened by path`);
  return { name: spec.name, size: spec.size, lastModified: spec.lastModified, read: (o, n) => read(o, n) };
}

export type OpenOutcome =
  | { ok: true; id: string; result: InspectResult }
  | {
      ok: false;
      cancelled: boolean;
      unknownFormat: boolean;
      message: string;
      offset?: number;
      line?: number;
      /** The bound the parse stopped at (a host may offer to reopen with a higher one). */
      limit?: { kind: LimitKind; value: number };
    };

/**
 * The engine as the worker exposes it (comlink). Every value crossing is structured-clone friendly;
 * `onProgress` is a comlink proxy; `cancel(token)` aborts an open in flight.
 */
export class WorkerApi {
  private readonly engine = new Engine();
  private readonly inFlight = new Map<string, AbortController>();

  /**
   * Opens an artifact. `binary` is the service executable when the user provided one: Go heap
   * dumps use its symbol table to name globals.
   */
  async open(
    spec: SourceSpec,
    token: string,
    onProgress?: (p: Progress) => void,
    read?: ReadFn,
    binary?: SourceSpec,
    binaryRead?: ReadFn,
    limits: { maxInflatedBytes?: number } = {},
  ): Promise<OpenOutcome> {
    const controller = new AbortController();
    this.inFlight.set(token, controller);
    let last = 0;
    try {
      const { id, result } = await this.engine.open(
        sourceOf(spec, read),
        {
          signal: controller.signal,
          onProgress: (p) => {
            // Throttle: progress crosses a thread boundary; ~20 updates a second is plenty.
            const now = Date.now();
            if (now - last > 50 || p.phase === 'done') {
              last = now;
              onProgress?.(p);
            }
          },
        },
        { ...(binary ? { binary: sourceOf(binary, binaryRead) } : {}), ...limits },
      );
      return { ok: true, id, result };
    } catch (e) {
      const cancelled = controller.signal.aborted;
      return {
        ok: false,
        cancelled,
        unknownFormat: e instanceof UnknownFormatError,
        message: cancelled ? 'Cancelled' : errorMessage(e),
        ...(e instanceof ParseError ? { offset: e.offset, line: e.line } : {}),
        ...(e instanceof LimitError ? { limit: { kind: e.kind, value: e.limit } } : {}),
      };
    } finally {
      this.inFlight.delete(token);
    }
  }

  cancel(token: string): void {
    this.inFlight.get(token)?.abort();
  }

  /**
   * A typed query (see `QueryMap`). Comlink's `Remote` drops the generics, so the renderer calls
   * this through `query()` in `view-contract.ts`, which restores them.
   */
  query<F extends QueryFamily, N extends QueryName<F>>(
    family: F,
    id: string,
    name: N,
    ...args: QueryArgs<F, N>
  ): Promise<QueryResult<F, N>> | QueryResult<F, N> {
    return this.engine.queryAs(family, id, name, ...args);
  }

  compare<F extends CompareFamily>(family: F, baseId: string, id: string): CompareMap[F] {
    return this.engine.compareAs(family, baseId, id);
  }

  compareView<F extends keyof CompareViewMap>(
    family: F,
    baseId: string,
    id: string,
    ...args: CompareViewMap[F]['args']
  ): CompareViewMap[F]['result'] {
    return this.engine.compareViewAs(family, baseId, id, ...args);
  }

  close(id: string): void {
    this.engine.close(id);
  }
}
