import { proxy, type Remote, wrap } from 'comlink';
import type { HostFile } from '../../../contract/host-api.ts';
import { host } from '../host/host.ts';
import type { HashApi } from './hash-worker.ts';

let remote: Remote<HashApi> | undefined;

function hasher(): Remote<HashApi> {
  if (!remote) {
    const worker = new Worker(new URL('./hash-worker.ts', import.meta.url), {
      type: 'module',
      name: 'pmwb-hash',
    });
    remote = wrap<HashApi>(worker);
  }
  return remote;
}

/** SHA-256 (lowercase hex) of a file the user opened, computed in a worker; undefined when unreadable. */
export async function hashHostFile(f: HostFile): Promise<string | undefined> {
  try {
    if (f.file) return await hasher().sha256Blob(f.file, f.name);
    if (f.path) {
      const path = f.path;
      return await hasher().sha256Remote(
        f.name,
        f.size,
        proxy((offset: number, length: number) => host.readFile(path, offset, length)),
      );
    }
  } catch {
    return undefined;
  }
  return undefined;
}
