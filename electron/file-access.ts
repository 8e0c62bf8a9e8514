import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { HostFile, PathProbe } from '../contract/host-api.ts';

/** Bounds of one folder walk: a drop of `/` or a symlink farm ends instead of running forever. */
export const WALK_LIMITS = {
  /** Folder levels below the dropped/chosen one. */
  depth: 16,
  /** Directory entries looked at in total. */
  entries: 50_000,
  /** Regular files returned (and granted). */
  files: 5_000,
};

/**
 * The main process reads only files the user chose: returned by our own open dialogs, dropped on the
 * window (the preload turns the dropped `File` objects into paths with `webUtils.getPathForFile`), or
 * given on the command line. Nothing the renderer writes as a string is ever granted; paths found in
 * an incident file are only probed (`probe`: exists and size, no access).
 */
export class FileAccess {
  private readonly allowed = new Set<string>();

  constructor(private readonly limits: typeof WALK_LIMITS = WALK_LIMITS) {}

  private allow(path: string): string {
    const abs = resolve(path);
    this.allowed.add(abs);
    return abs;
  }

  isAllowed(path: string): boolean {
    return this.allowed.has(resolve(path));
  }

  /**
   * Expands what the user chose into regular files and grants exactly those (by their real path).
   * Folders are walked depth-first without recursion; each folder is entered once by its real path
   * (a symlink cycle ends), hidden entries are skipped, and `WALK_LIMITS` bound the walk.
   */
  async expand(paths: string[]): Promise<HostFile[]> {
    const out: HostFile[] = [];
    const visited = new Set<string>();
    const seenFiles = new Set<string>();
    let entries = 0;
    const stack = [...paths].reverse().map((p) => ({ path: p, depth: 0 }));
    while (stack.length && out.length < this.limits.files) {
      const { path, depth } = stack.pop()!;
      const real = await realpath(resolve(path)).catch(() => undefined);
      if (!real) continue;
      const st = await stat(real).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) {
        if (visited.has(real) || depth > this.limits.depth) continue;
        visited.add(real);
        const names = (await readdir(real).catch(() => [] as string[]))
          .filter((n) => !n.startsWith('.'))
          .sort();
        const room = Math.max(0, this.limits.entries - entries);
        const take = names.slice(0, room);
        entries += take.length;
        for (let i = take.length - 1; i >= 0; i--)
          stack.push({ path: join(real, take[i]), depth: depth + 1 });
      } else if (st.isFile() && !seenFiles.has(real)) {
        seenFiles.add(real);
        const abs = this.allow(real);
        out.push({ name: basename(path), size: st.size, lastModified: st.mtimeMs, path: abs });
      }
    }
    return out;
  }

  /** Whether each path names a regular file, and its size. Grants nothing. */
  async probe(paths: string[]): Promise<PathProbe[]> {
    return Promise.all(
      paths.map(async (p) => {
        const st = await stat(resolve(p)).catch(() => undefined);
        return st?.isFile() ? { exists: true, size: st.size } : { exists: false };
      }),
    );
  }

  async read(path: string, offset: number, length: number): Promise<Uint8Array> {
    if (!this.isAllowed(path)) throw new Error(`refused: ${path} was not opened by the user`);
    const handle = await open(resolve(path), 'r');
    try {
      const buf = new Uint8Array(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
}
