/**
 * The incident as a `.pmwb` file the user carries around: export (validated before it leaves) and
 * import (validated and migrated by the engine's `parseIncident`; on any problem the structured
 * error comes back and nothing in the workspace or in storage changes).
 */
import type { HostFile } from '../../../contract/host-api.ts';
import {
  type Incident,
  type IncidentLoadError,
  parseIncident,
  serializeIncident,
} from '../../../workers/incident/model.ts';
import { host } from '../host/host.ts';
import { useStore } from '../state/store.ts';

/** Same limit as the host's incident storage. */
export const MAX_INCIDENT_FILE_BYTES = 256 * 1024 * 1024;
/** Read size when the host reads by path (Electron). */
const READ_CHUNK = 8 * 1024 * 1024;

/** `<title>.pmwb`, safe as a plain file name on every OS. */
export function incidentFileName(incident: Pick<Incident, 'title' | 'id'>): string {
  const base = incident.title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim();
  return `${base || incident.id}.pmwb`;
}

export type ExportOutcome = { ok: true; name: string } | { ok: false; message: string } | { ok: 'cancelled' };

/** Serialises the incident, checks the text reads back as the same document, and hands it to the host. */
export async function exportIncidentFile(incident: Incident): Promise<ExportOutcome> {
  const text = serializeIncident(incident);
  const check = parseIncident(text);
  if (!check.ok) return { ok: false, message: check.error.message };
  const name = incidentFileName(incident);
  try {
    const done = await host.exportFiles(name, [{ name, data: text }]);
    return done ? { ok: true, name } : { ok: 'cancelled' };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Text of a file the user picked: a File object (browser, drops) or read by path (Electron). */
export async function readHostFileText(f: HostFile): Promise<string> {
  if (f.size > MAX_INCIDENT_FILE_BYTES) {
    throw new Error(
      `${f.name} is ${f.size} bytes; an incident file is at most ${MAX_INCIDENT_FILE_BYTES} bytes`,
    );
  }
  if (f.file) return f.file.text();
  if (!f.path) throw new Error(`${f.name}: nothing to read`);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (let offset = 0; offset < f.size; ) {
    const chunk = await host.readFile(f.path, offset, Math.min(READ_CHUNK, f.size - offset));
    if (chunk.length === 0) break;
    text += decoder.decode(chunk, { stream: true });
    offset += chunk.length;
  }
  return text + decoder.decode();
}

export type ImportOutcome =
  | { ok: true; incident: Incident; migratedFrom?: number }
  | { ok: false; file: string; error: IncidentLoadError };

/** Validates `text`; only a valid incident replaces the current one (and is then autosaved). */
export function importIncidentText(text: string, fileName: string): ImportOutcome {
  const parsed = parseIncident(text);
  if (!parsed.ok) {
    // Shown in the recovery view (what is wrong, where; export raw; discard); nothing else changes.
    useStore.getState().setImportProblem({ file: fileName, error: parsed.error, raw: text });
    return { ok: false, file: fileName, error: parsed.error };
  }
  useStore.getState().importIncident(parsed.incident);
  return parsed.migratedFrom !== undefined
    ? { ok: true, incident: parsed.incident, migratedFrom: parsed.migratedFrom }
    : { ok: true, incident: parsed.incident };
}

/** Reads and imports one picked file; read failures come back as an `io` error. */
export async function importIncidentFile(f: HostFile): Promise<ImportOutcome> {
  let text: string;
  try {
    text = await readHostFileText(f);
  } catch (e) {
    const error: IncidentLoadError = {
      code: 'io',
      message: e instanceof Error ? e.message : String(e),
      issues: [],
    };
    useStore.getState().setImportProblem({ file: f.name, error });
    return { ok: false, file: f.name, error };
  }
  return importIncidentText(text, f.name);
}
