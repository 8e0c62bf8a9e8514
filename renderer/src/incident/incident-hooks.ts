/**
 * Wires the incident workspace to the rest of the app: artifacts that finish parsing are hashed and
 * registered in the current incident, every change is autosaved (debounced) through the host, the
 * last incident is restored on startup (and says so), and the welcome screen's commands land here.
 */
import type { HostFile } from '../../../contract/host-api.ts';
import type { InspectResult } from '../../../contract/inspect.ts';
import { makeArtifact } from '../../../workers/incident/artifacts.ts';
import {
  type Incident,
  newIncident,
  parseIncident,
  serializeIncident,
} from '../../../workers/incident/model.ts';
import { host } from '../host/host.ts';
import { loadSampleIndex } from '../shell/sample-incident.ts';
import { useStore } from '../state/store.ts';
import { hashHostFile } from './hash-client.ts';
import { importIncidentFile } from './incident-file.ts';

export const CURRENT_INCIDENT_KEY = 'pmwb.currentIncident';
export const AUTOSAVE_DELAY_MS = 500;

const handled = new Set<string>();
/**
 * Rows opened to stand in for an incident artifact (Locate…, Reopen): the hash already computed, and
 * with `replaces` the artifact whose place a different file takes (the user kept it).
 */
const expected = new Map<string, { sha256: string; replaces?: string }>();
/** Capture times the bundled sample's manifest gives, by file name (applied when the evidence has none). */
const pendingAnchors = new Map<string, number>();
/** The incident object last loaded from storage: not an edit, so not saved back. */
let loadedRef: Incident | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let installed = false;

function remember(id: string) {
  try {
    localStorage.setItem(CURRENT_INCIDENT_KEY, id);
  } catch {
    // storage may be unavailable (private mode); the incident still autosaves
  }
}

async function saveNow(): Promise<void> {
  timer = undefined;
  const s = useStore.getState();
  const inc = s.incident;
  if (!inc || inc === loadedRef) return;
  // A damaged file under this id waits for the user's choice: never overwrite it silently.
  if (s.loadProblem && s.loadProblem.id === inc.id) return;
  s.setSaveStatus('saving');
  try {
    await host.saveIncident(inc.id, inc.title || 'Untitled incident', serializeIncident(inc));
    remember(inc.id);
    // Only "saved" when nothing newer is waiting.
    if (!timer) useStore.getState().setSaveStatus('saved');
  } catch (e) {
    useStore.getState().setSaveStatus('error', e instanceof Error ? e.message : String(e));
  }
}

function scheduleSave() {
  if (timer) clearTimeout(timer);
  useStore.getState().setSaveStatus('pending');
  timer = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
}

/**
 * The summary keeps when it was made (`analyzedAtMs`, an extra key the incident schema carries along),
 * so an incident reopened without its files can say how old each summary is.
 */
function withAnalyzedAt(result: InspectResult, atMs: number): InspectResult {
  const out: InspectResult & { analyzedAtMs: number } = { ...result, analyzedAtMs: atMs };
  return out;
}

async function register(key: string) {
  const s = useStore.getState();
  const entry = s.artifacts.find((a) => a.key === key);
  const file = s.artifactSource(key);
  if (!entry?.result || !file) return;
  const exp = expected.get(key);
  expected.delete(key);
  const sha256 = exp?.sha256 ?? (await hashHostFile(file));
  if (!sha256) return;
  const id = `a-${sha256.slice(0, 16)}`;
  let artifact = makeArtifact({
    id,
    path: file.path ?? file.name,
    name: file.name,
    sha256,
    result: withAnalyzedAt(entry.result, Date.now()),
    lastModifiedMs: file.lastModified,
  });
  const at = pendingAnchors.get(file.name);
  if (at !== undefined && artifact.timeAnchor.assumed && !artifact.summary.gc) {
    artifact = {
      ...artifact,
      timeAnchor: { kind: 'absolute', capturedAtMs: at, assumed: false, source: 'manifest' },
    };
  }
  const st = useStore.getState();
  // The row may have been removed while hashing.
  if (!st.artifacts.some((a) => a.key === key)) return;
  st.ensureIncident();
  // Linked first, so the list never shows it as "not loaded" in between.
  st.linkArtifact(exp?.replaces ?? id, key);
  st.registerArtifact(artifact, exp?.replaces ? { replaces: exp.replaces } : undefined);
}

/**
 * Opens `file` as the stand-in for incident artifact `artifactId` (its SHA-256 already computed):
 * a new artifact row, linked at once so the incident's not-loaded row gives way to it.
 */
export function openFor(artifactId: string, file: HostFile, sha256: string, replace: boolean): string {
  const st = useStore.getState();
  const [key] = st.addFiles([file]);
  expected.set(key, { sha256, ...(replace ? { replaces: artifactId } : {}) });
  st.linkArtifact(artifactId, key);
  return key;
}

const pmwbRows = new Set<string>();

/**
 * A `.pmwb` opened like any artifact (Open files…, a drop — also from the welcome screen): no reader
 * knows it, so it is imported as an incident instead. Its row goes away when the import succeeds and
 * shows the structured error when it does not (nothing else changes then).
 */
async function importFromRow(key: string): Promise<void> {
  const f = useStore.getState().artifactSource(key);
  if (!f) return;
  const outcome = await importIncidentFile(f);
  const st = useStore.getState();
  if (outcome.ok) {
    st.remove(key);
    st.setScreen('workspace');
    st.setTab('timeline');
    return;
  }
  const issues = outcome.error.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  useStore.setState((s) => ({
    artifacts: s.artifacts.map((a) =>
      a.key === key
        ? { ...a, error: { message: `${outcome.error.message}${issues ? ` (${issues})` : ''}` } }
        : a,
    ),
  }));
}

/** Installs the store subscriptions (once). */
export function installIncidentTracking(): void {
  if (installed) return;
  installed = true;
  const store = useStore;
  store.subscribe((s, prev) => {
    if (s.artifacts !== prev.artifacts) {
      if (s.artifacts.length > prev.artifacts.length && !s.incident) s.ensureIncident();
      for (const a of s.artifacts) {
        if (a.status === 'done' && a.result && !handled.has(a.key)) {
          handled.add(a.key);
          void register(a.key);
        } else if (a.status === 'error' && /\.pmwb$/i.test(a.name) && !pmwbRows.has(a.key)) {
          pmwbRows.add(a.key);
          void importFromRow(a.key);
        }
      }
    }
    if (s.incident !== prev.incident && s.incident && s.incident !== loadedRef) scheduleSave();
    if (s.incident && s.incident !== prev.incident && s.incident.id !== prev.incident?.id)
      remember(s.incident.id);
    if (s.lang !== prev.lang && s.incident?.postmortem && s.incident.postmortem.lang !== s.lang) {
      s.regeneratePostmortem(s.lang);
    }
  });
  // F5 enters the review-meeting mode (the Electron menu owns its own accelerator).
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'F5' || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || host.kind === 'electron')
      return;
    const st = store.getState();
    if (st.screen !== 'workspace' || !st.incident || st.presentation) return;
    e.preventDefault();
    st.setPresentation(true);
  });
  window.addEventListener('pagehide', () => {
    if (timer) {
      clearTimeout(timer);
      void saveNow();
    }
  });
}

/** Opens a stored incident: validated and migrated; on failure the structured error with the backup offered. */
export async function openIncident(id: string): Promise<boolean> {
  const s = useStore.getState();
  let stored: { json: string; backupJson?: string } | undefined;
  try {
    stored = await host.loadIncident(id);
  } catch (e) {
    s.setLoadProblem({
      id,
      error: { code: 'io', message: `The incident could not be read: ${String(e)}`, issues: [] },
    });
    return false;
  }
  if (!stored) return false;
  const parsed = parseIncident(stored.json);
  if (!parsed.ok) {
    s.setLoadProblem({
      id,
      error: parsed.error,
      ...(stored.backupJson ? { backupJson: stored.backupJson } : {}),
    });
    s.setScreen('workspace');
    s.setTab('timeline');
    return false;
  }
  loadedRef = parsed.incident;
  s.loadIncident(parsed.incident, {
    savedMs: parsed.incident.updatedMs,
    ...(parsed.migratedFrom !== undefined ? { migratedFrom: parsed.migratedFrom } : {}),
  });
  remember(id);
  s.setScreen('workspace');
  s.setTab('timeline');
  return true;
}

/** The user chose the backup of a damaged incident. It becomes current and is saved under the same id. */
export function chooseBackup(): string | undefined {
  const s = useStore.getState();
  const p = s.loadProblem;
  if (!p?.backupJson) return 'no backup';
  const parsed = parseIncident(p.backupJson);
  if (!parsed.ok) return parsed.error.message;
  s.setLoadProblem(undefined);
  s.loadIncident(parsed.incident, { savedMs: parsed.incident.updatedMs, fromBackup: true });
  // An explicit choice: write it back so the damaged copy is replaced.
  scheduleSave();
  return undefined;
}

/** The user chose to leave the damaged incident alone and start a fresh one. */
export function startFresh(): void {
  const s = useStore.getState();
  s.setLoadProblem(undefined);
  s.loadIncident(newIncident());
}

/** After the bundled sample's files were added: title from the sample, anchors from its manifest. */
export async function sampleOpened(sampleId: string): Promise<void> {
  try {
    const index = await loadSampleIndex();
    const entry = index.incidents.find((i) => i.id === sampleId) ?? index.incidents[0];
    if (!entry) return;
    for (const f of entry.files as { name: string; capturedAt?: string }[]) {
      const ms = f.capturedAt ? Date.parse(f.capturedAt) : Number.NaN;
      if (Number.isFinite(ms)) pendingAnchors.set(f.name, ms);
    }
    const s = useStore.getState();
    const inc = s.ensureIncident({ title: entry.title });
    if (!inc.title) s.setIncidentFields({ title: entry.title, service: sampleId });
  } catch {
    // the sample index is optional (dev builds without samples)
  }
}

/** On startup: reopen the incident that was current before a reload or crash. */
export async function restoreLastIncident(): Promise<void> {
  let id: string | null = null;
  try {
    id = localStorage.getItem(CURRENT_INCIDENT_KEY);
  } catch {
    id = null;
  }
  if (!id) return;
  await openIncident(id);
}

installIncidentTracking();
void restoreLastIncident();
