import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Lists a folder's regular files (one level and below), sorted, for `pmwb report` and folder opening. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (entry.isFile()) out.push(p);
    }
  }
  return out.sort();
}
