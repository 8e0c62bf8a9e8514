import type { Limits } from './limits.ts';

/**
 * A file the engine can read piece by piece. Parsers never ask for the whole file at once:
 * dumps are routinely larger than one JS string or ArrayBuffer can be.
 */
export interface ByteSource {
  /** Display name (file name or path) used in error messages. */
  readonly name: string;
  readonly size: number;
  /** Modification time in ms since the epoch, when the host knows it. */
  readonly lastModified?: number;
  /** Reads up to `length` bytes at `offset`; shorter only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Reads into `target` at `offset` and says how many bytes it read (fewer only at the end),
   * for hosts that can: a sequential reader then reuses two buffers instead of leaving a fresh
   * one per read for the collector (a gigabyte read in 1 MiB pieces kept tens of MiB of them).
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /** Releases the underlying handle; models that read contents on demand need it open until then. */
  close?(): Promise<void>;
}

/** The parts one after another in one array (the part itself when there is only one). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const bytes = new Uint8Array(total);
  let p = 0;
  for (const part of parts) {
    bytes.set(part, p);
    p += part.byteLength;
  }
  return bytes;
}

/** A ByteSource over bytes already in memory (tests, small inputs, decompressed data). */
export function bytesSource(name: string, bytes: Uint8Array, lastModified?: number): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    lastModified,
    async read(offset, length) {
      return bytes.subarray(offset, Math.min(bytes.byteLength, offset + length));
    },
  };
}

/** A ByteSource over a browser/worker `Blob` or `File` (read with `slice`, never whole). */
export function blobSource(blob: Blob, name: string, lastModified?: number): ByteSource {
  return {
    name,
    size: blob.size,
    lastModified,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + length);
      return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    },
  };
}

export const DEFAULT_CHUNK = 4 * 1024 * 1024;

/**
 * Yields the source in chunks, reporting progress and honouring cancellation between chunks.
 */
export async function* chunks(
  source: ByteSource,
  ctx: ParseContext,
  phase = 'read',
  chunkSize = DEFAULT_CHUNK,
): AsyncGenerator<{ offset: number; bytes: Uint8Array }> {
  let offset = 0;
  while (offset < source.size) {
    throwIfAborted(ctx.signal);
    const bytes = await source.read(offset, chunkSize);
    if (bytes.byteLength === 0) break;
    yield { offset, bytes };
    offset += bytes.byteLength;
    ctx.onProgress?.({ phase, done: offset, total: source.size });
  }
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export interface ParseContext {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Bounds for hostile input (inflation budget, line length, record count); defaults when unset. */
  limits?: Partial<Limits>;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
