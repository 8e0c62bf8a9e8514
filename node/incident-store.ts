/**
 * Crash-safe storage of incident workspaces (`*.pmwb`) with plain Node `fs` (no Electron import,
 * so the CLI and tests use it too). Entry points: `atomicWriteFile` (the desktop app's autosaves
 * through IncidentFiles, the CLI's report folder), `loadIncident` (the CLI's --incident),
 * `recoverFolder` / `closeFolderSession` (the desktop app's start and clean quit).
 *
 * Save: write `<file>.tmp-<pid>-<n>` in the same folder, fsync it, keep the current file as
 * `<file>.bak` (hard link, else copy — the current file is always a complete earlier save), rename
 * the temp file over `<file>` and fsync the folder. A kill at any instant leaves `<file>` as either
 * the previous or the new complete save, never a half-written one.
 *
 * Load: validates with the incident schema (migrating older versions) and returns a structured
 * error naming the field and offering the backup; nothing is overwritten until the user chooses.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Incident, type IncidentLoadError, parseIncident } from '../workers/incident/model.ts';

const backupPath = (path: string) => `${path}.bak`;
const lockPath = (path: string) => `${path}.lock`;

let tmpCounter = 0;

async function fsyncDir(dir: string): Promise<void> {
  let h: Awaited<ReturnType<typeof open>> | undefined;
  try {
    h = await open(dir, constants.O_RDONLY);
    await h.sync();
  } catch {
    // Directories cannot be opened/fsynced on Windows; rename is still atomic there.
  } finally {
    await h?.close().catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes `data` to `path` atomically (temp + fsync + rename + dir fsync), keeping the old file as `.bak` when `backup`. */
export async function atomicWriteFile(path: string, data: string | Uint8Array, backup = true): Promise<void> {
  const dir = dirname(path);
  const tmp = join(
    dir,
    `.${basename(path)}.tmp-${process.pid}-${++tmpCounter}-${randomBytes(3).toString('hex')}`,
  );
  const h = await open(tmp, 'w', 0o644);
  try {
    await h.writeFile(data);
    await h.sync();
  } catch (e) {
    await h.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
  await h.close();
  // From here on a failure (the backup copy on a full disk, the rename) must not leave the temp
  // file behind: every retry would add another one until the disk is full.
  const bakTmp = `${tmp}.bak`;
  try {
    if (backup && (await exists(path))) {
      try {
        await link(path, bakTmp);
      } catch {
        await copyFile(path, bakTmp);
      }
      await rename(bakTmp, backupPath(path));
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    await rm(bakTmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

export type LoadResult =
  | { ok: true; incident: Incident; path: string; migratedFrom?: number; fromBackup?: boolean }
  | { ok: false; error: IncidentLoadError };

async function readAndParse(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: {
        code: 'io',
        message:
          code === 'ENOENT'
            ? `The incident file ${path} does not exist.`
            : `Cannot read ${path} (${code ?? String(e)}).`,
        issues: [],
      },
    };
  }
  const r = parseIncident(text);
  if (!r.ok) return r;
  return r.migratedFrom !== undefined
    ? { ok: true, incident: r.incident, path, migratedFrom: r.migratedFrom }
    : { ok: true, incident: r.incident, path };
}

/**
 * Loads an incident. On failure the error says what is wrong (`code`, `issues` by field) and,
 * when `<file>.bak` holds a valid incident, `backupPath` so the UI can offer it.
 */
export async function loadIncident(path: string): Promise<LoadResult> {
  const r = await readAndParse(path);
  if (r.ok) return r;
  const bak = backupPath(path);
  const b = await readAndParse(bak);
  return b.ok ? { ok: false, error: { ...r.error, backupPath: bak } } : r;
}

/** Opens the backup instead (the user chose it); the damaged file is not touched. */
async function loadBackup(path: string): Promise<LoadResult> {
  const r = await readAndParse(backupPath(path));
  return r.ok ? { ...r, path, fromBackup: true } : r;
}

/**
 * Replaces a damaged incident file by its backup: the damaged file is kept as
 * `<file>.damaged-<time>` (nothing is lost), the backup is written atomically in its place.
 */
async function restoreBackup(path: string, nowMs = Date.now()): Promise<LoadResult> {
  const b = await loadBackup(path);
  if (!b.ok) return b;
  if (await exists(path)) await rename(path, `${path}.damaged-${nowMs}`);
  await atomicWriteFile(path, await readFile(backupPath(path)), false);
  return { ok: true, incident: b.incident, path, fromBackup: true };
}

/** Marks an incident as open by this process (removed by `closeSession`); a leftover marks a crash. */
async function openSession(path: string): Promise<void> {
  await writeFile(lockPath(path), `${process.pid}\n`);
}

async function closeSession(path: string): Promise<void> {
  await rm(lockPath(path), { force: true });
}

const SESSION_MARKER = 'session';

export interface FolderRecovery {
  /** The previous run did not reach `closeFolderSession` (crash, kill, power loss). */
  uncleanShutdown: boolean;
  /** Leftover temp files of interrupted saves, removed. */
  discardedTemp: string[];
  /** Incidents whose file was damaged and whose valid `.bak` was put back (the damaged copy kept). */
  restoredFromBackup: string[];
}

/**
 * App startup for a folder of incidents: removes the temp files of interrupted saves, and — when
 * the crash marker of the previous run is still there — puts the backup back in place of any
 * incident file that no longer opens (the damaged file is kept as `.damaged-<time>`). Then marks
 * this run as open; `closeFolderSession` on a clean quit removes the marker.
 */
export async function recoverFolder(dir: string, nowMs = Date.now()): Promise<FolderRecovery> {
  const marker = join(dir, SESSION_MARKER);
  const uncleanShutdown = await exists(lockPath(marker));
  const discardedTemp: string[] = [];
  const restoredFromBackup: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (n.startsWith('.') && n.includes('.tmp-')) {
      await rm(join(dir, n), { force: true });
      discardedTemp.push(n);
    }
  }
  if (uncleanShutdown) {
    for (const n of names.filter((x) => x.endsWith('.pmwb'))) {
      const path = join(dir, n);
      const r = await loadIncident(path);
      if (!r.ok && r.error.backupPath) {
        const restored = await restoreBackup(path, nowMs);
        if (restored.ok) restoredFromBackup.push(n);
      }
    }
  }
  await openSession(marker);
  return { uncleanShutdown, discardedTemp, restoredFromBackup };
}

/** A clean quit: the next start does not treat this run as crashed. */
export async function closeFolderSession(dir: string): Promise<void> {
  await closeSession(join(dir, SESSION_MARKER));
}
