import { zipSync } from 'fflate';
import { openDB } from 'idb';
import type { ExportFile, HostApi, HostFile, RecentIncident } from '../../../contract/host-api.ts';

const DB = 'pmwb';
const STORE = 'incidents';

function db() {
  return openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  });
}

interface StoredIncident {
  json: string;
  backupJson?: string;
  title: string;
  savedAt: number;
}

function pick(directory: boolean): Promise<HostFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (directory) input.webkitdirectory = true;
    input.onchange = () => resolve(Array.from(input.files ?? []).map(fromFile));
    input.oncancel = () => resolve([]);
    input.click();
  });
}

export function fromFile(file: File): HostFile {
  return {
    name: file.webkitRelativePath || file.name,
    size: file.size,
    lastModified: file.lastModified,
    file,
  };
}

function download(f: ExportFile): void {
  const blob = new Blob([f.data as BlobPart], { type: mimeOf(f.name) });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = f.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function mimeOf(name: string): string {
  if (name.endsWith('.md')) return 'text/markdown';
  if (name.endsWith('.zip')) return 'application/zip';
  return 'application/octet-stream';
}

/** `<name>.zip` holding `<name>/…` with the export's own folder layout. */
export function exportZip(name: string, files: ExportFile[]): ExportFile {
  const enc = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  for (const f of files)
    entries[`${name}/${f.name}`] = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
  return { name: `${name}.zip`, data: zipSync(entries, { level: 6 }) };
}

/** The same HostApi as the Electron preload, for plain Chromium (web build, e2e, teams without installs). */
export const browserHost: HostApi = {
  kind: 'browser',
  openFiles: () => pick(false),
  openFolder: () => pick(true),
  async readFile() {
    throw new Error('the browser build reads files only through File objects');
  },
  async exportFiles(name: string, files: ExportFile[]) {
    // Downloads cannot make folders: an export with sub-folders (evidence/…) would arrive flattened
    // and its relative links would break, so it arrives as one zip of the folder instead.
    const nested = files.some((f) => f.name.includes('/'));
    for (const f of nested ? [exportZip(name, files)] : files) download(f);
    return true;
  },
  async saveIncident(id, title, json) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const prev = (await tx.store.get(id)) as StoredIncident | undefined;
    // One transaction: the new copy and the previous one as backup land together or not at all.
    await tx.store.put(
      { json, backupJson: prev?.json, title, savedAt: Date.now() } satisfies StoredIncident,
      id,
    );
    await tx.done;
  },
  async loadIncident(id) {
    const rec = (await (await db()).get(STORE, id)) as StoredIncident | undefined;
    return rec ? { json: rec.json, ...(rec.backupJson ? { backupJson: rec.backupJson } : {}) } : undefined;
  },
  async recentIncidents(): Promise<RecentIncident[]> {
    const d = await db();
    const keys = await d.getAllKeys(STORE);
    const out: RecentIncident[] = [];
    for (const k of keys) {
      const rec = (await d.get(STORE, k)) as StoredIncident;
      out.push({ id: String(k), title: rec.title, savedAt: rec.savedAt });
    }
    return out.sort((a, b) => b.savedAt - a.savedAt);
  },
  onMenuCommand: () => () => {},
  onOpenFiles: () => () => {},
  // Drops are read as File objects in the browser (dropped-entries.ts); nothing has a path.
  openDropped: async () => [],
  probePaths: async (paths) => paths.map(() => ({ exists: false })),
  // The web build flushes on pagehide/visibilitychange instead (incident-hooks.ts).
  onFlushRequest: () => () => {},
  async setPresentation(on) {
    try {
      if (on && !document.fullscreenElement) await document.documentElement.requestFullscreen();
      if (!on && document.fullscreenElement) await document.exitFullscreen();
    } catch {
      // fullscreen may be refused (headless, iframe); presentation styling still applies
    }
  },
};
