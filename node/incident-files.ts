import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportFile, RecentIncident } from '../contract/host-api.ts';
import { atomicWriteFile, closeFolderSession, type FolderRecovery, recoverFolder } from './incident-store.ts';

/**
 * Where the desktop app keeps incident workspaces: one `<id>.pmwb` per incident in the user-data
 * folder, written atomically (see incident-store.ts) with the previous good copy kept as `.bak`.
 */
export class IncidentFiles {
  constructor(private readonly dir: () => string) {}

  /** App start: cleans up interrupted saves and recovers after a crash (see `recoverFolder`). */
  async startup(): Promise<FolderRecovery> {
    await mkdir(this.dir(), { recursive: true });
    return recoverFolder(this.dir());
  }

  /** Clean quit (after the last autosave was written). */
  async shutdown(): Promise<void> {
    await closeFolderSession(this.dir());
  }

  async save(id: string, title: string, json: string): Promise<void> {
    const dir = this.dir();
    await mkdir(dir, { recursive: true });
    await atomicWriteFile(join(dir, `${id}.pmwb`), json, true);
    await atomicWriteFile(
      join(dir, `${id}.meta.json`),
      JSON.stringify({ id, title, savedAt: Date.now() }),
      false,
    );
  }

  async load(id: string): Promise<{ json: string; backupJson?: string } | undefined> {
    const path = join(this.dir(), `${id}.pmwb`);
    const json = await readFile(path, 'utf8').catch(() => undefined);
    const backupJson = await readFile(`${path}.bak`, 'utf8').catch(() => undefined);
    if (json === undefined && backupJson === undefined) return undefined;
    return { json: json ?? '', ...(backupJson !== undefined ? { backupJson } : {}) };
  }

  async recent(): Promise<RecentIncident[]> {
    const names = await readdir(this.dir()).catch(() => [] as string[]);
    const out: RecentIncident[] = [];
    for (const n of names.filter((n) => n.endsWith('.meta.json'))) {
      try {
        out.push(JSON.parse(await readFile(join(this.dir(), n), 'utf8')) as RecentIncident);
      } catch {
        // a damaged meta file only hides the entry from the recent list
      }
    }
    return out.sort((a, b) => b.savedAt - a.savedAt).slice(0, 20);
  }

  async writeExport(dir: string, files: ExportFile[]): Promise<void> {
    for (const f of files) {
      // the contract allows one sub-folder (evidence/); create it on demand
      await mkdir(dirname(join(dir, f.name)), { recursive: true });
      await atomicWriteFile(join(dir, f.name), f.data, false);
    }
  }
}
