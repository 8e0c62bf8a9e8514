import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { HostFile } from '../contract/host-api.ts';

/**
 * The main process reads only files the user chose (dialog, drop, command line). Everything else
 * is refused, whatever the renderer asks.
 */
export class FileAccess {
  private readonly allowed = new Set<string>();

  allow(path: string): string {
    const abs = resolve(path);
    this.allowed.add(abs);
    return abs;
  }

  isAllowed(path: string): boolean {
    return this.allowed.has(resolve(path));
  }

  async describe(path: string): Promise<HostFile | undefined> {
    const abs = this.allow(path);
    const st = await stat(abs).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    return { name: basename(abs), size: st.size, lastModified: st.mtimeMs, path: abs };
  }

  /** Expands folders into their regular files (depth-first, no recursion over depth). */
  async expand(paths: string[]): Promise<HostFile[]> {
    const out: HostFile[] = [];
    const stack = [...paths].reverse();
    while (stack.length) {
      const p = resolve(stack.pop()!);
      const st = await stat(p).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) {
        const entries = await readdir(p, { withFileTypes: true });
        const names = entries.map((e) => e.name).sort();
        for (let i = names.length - 1; i >= 0; i--) {
          if (!names[i].startsWith('.')) stack.push(join(p, names[i]));
        }
      } else if (st.isFile()) {
        const f = await this.describe(p);
        if (f) out.push(f);
      }
    }
    return out;
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
