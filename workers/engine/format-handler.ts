import type {
  FormatId,
  GcBlock,
  GoroutinesBlock,
  HeapBlock,
  LogBlock,
  ProfileBlock,
  ThreadsBlock,
} from '../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../core/byte-source.ts';
import type { Msg } from '../core/messages.ts';

/** Options a user (CLI flag or UI) passes when opening an artifact. */
export interface OpenOptions {
  /** For Go heap dumps: the service binary, to name globals. */
  binary?: ByteSource;
  /** Memory limit to project against (GC logs), bytes. */
  limitBytes?: number;
  /**
   * Most bytes a compressed artifact may inflate to (the inflation budget); unset: derived from
   * its compressed size (see core/limits.ts). The CLI's `--max-inflated`, the app's "continue".
   */
  maxInflatedBytes?: number;
}

/** What a format handler hands back: the summary blocks plus the in-worker model for queries. */
export interface OpenedArtifact {
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  /** Messages of some of `warnings` (each is matched to the warning with its English text). */
  warningMsgs?: Msg[];
  capturedAtMs?: number;
  heap?: HeapBlock;
  profile?: ProfileBlock;
  goroutines?: GoroutinesBlock;
  gc?: GcBlock;
  threads?: ThreadsBlock;
  log?: LogBlock;
  /**
   * Paged queries the UI may call through the worker (`engine.query(id, name, ...args)`).
   * Arguments and results must be structured-clone friendly.
   */
  queries?: Record<string, (...args: never[]) => unknown>;
  /** The model, kept inside the worker for comparisons. */
  model?: unknown;
}

export interface FormatHandler {
  format: FormatId;
  open(source: ByteSource, ctx: ParseContext, options: OpenOptions): Promise<OpenedArtifact>;
  /** Comparison of two artifacts of this format (older first), structured-clone friendly. */
  compare?(base: OpenedArtifact, current: OpenedArtifact): unknown;
  /**
   * A further view of a comparison asked for on demand (a pprof diff flame graph at one zoom),
   * so that `compare` does not have to ship everything a view might show.
   */
  compareView?(base: OpenedArtifact, current: OpenedArtifact, ...args: unknown[]): unknown;
}
