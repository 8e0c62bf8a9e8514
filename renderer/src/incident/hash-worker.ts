import { expose } from 'comlink';
import { type ByteSource, blobSource } from '../../../workers/core/byte-source.ts';
import { sha256Source } from '../../../workers/incident/sha256.ts';

/** SHA-256 of artifacts off the UI thread, streamed chunk by chunk with the engine's hasher. */
const api = {
  /** A Blob / File (browser). */
  sha256Blob(blob: Blob, name: string): Promise<string> {
    return sha256Source(blobSource(blob, name));
  },
  /** A remote reader (Electron: the host reads by path); `read` arrives as a comlink proxy. */
  sha256Remote(
    name: string,
    size: number,
    read: (offset: number, length: number) => Promise<Uint8Array>,
  ): Promise<string> {
    const source: ByteSource = { name, size, read: (o, l) => read(o, l) };
    return sha256Source(source);
  },
};

export type HashApi = typeof api;
expose(api);
