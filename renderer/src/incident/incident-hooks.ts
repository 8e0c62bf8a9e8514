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
import { i18next } from '../i18n/index.ts';
import { RECOVERY_NS } from '../shell/recovery-strings.ts';
import { loadSampleIndex } from '../shell/sample-incident.ts';
import { useStore } from '../state/store.ts';
import { hashHostFile } from './hash-client.ts';
import { importIncidentFile } from './incident-file.ts';

export const CURRENT_INCIDENT_KEY = 'pmwb.currentIncident';
export const AUTOSAVE_DELAY_MS = 500;
/**
 * Web build: the pending edit written synchronously to localStorage when the page is hidden or
 * closed — an IndexedDB write started in `pagehide` does not survive the tab closing. Removed once
 * IndexedDB holds that same text; preferred on the next start when newer than the stored copy.
 */
export const JOURNAL_PREFIX = 'pmwb.unsaved.';
/** Same limit as the host's storage (the IPC channel refuses more). */
const MAX_SAVE_CHARS = 256 * 1024 * 1024;

/** The result each row was last registered with (a row re-read with the service binary registers again). */
const handled = new Map<string, unknown>();
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

/** The incident as saved text, or why it cannot be (the last good copy then stays as it is). */
function serializeForSave(inc: Incident): { json: string } | { reason: string } {
  try {
    const json = serializeIncident(inc);
    if (json.length > MAX_SAVE_CHARS)
      return { reason: `${json.length} characters, at most ${MAX_SAVE_CHARS}` };
    return { json };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

function saveRefused(reason: string) {
  useStore.getState().setSaveStatus('error', i18next.t('notSerializable', { ns: RECOVERY_NS, reason }));
}

let inflight: Promise<void> = Promise.resolve();

async function saveNow(): Promise<void> {
  timer = undefined;
  const s = useStore.getState();
  const inc = s.incident;
  if (!inc || inc === loadedRef) return;
  // A damaged file under this id waits for the user's choice: never overwrite it silently.
  if (s.loadProblem && s.loadProblem.id === inc.id) return;
  const out = serializeForSave(inc);
  if ('reason' in out) {
    saveRefused(out.reason);
    return;
  }
  s.setSaveStatus('saving');
  const run = async () => {
    try {
      await host.saveIncident(inc.id, (inc.title || 'Untitled incident').slice(0, 500), out.json);
      remember(inc.id);
      dropJournal(inc);
      // Only "saved" when nothing newer is waiting.
      if (!timer) useStore.getState().setSaveStatus('saved');
    } catch (e) {
      useStore.getState().setSaveStatus('error', e instanceof Error ? e.message : String(e));
    }
  };
  inflight = inflight.then(run, run);
  await inflight;
}

/** `updatedMs` of the journal entry per incident id, as written (or read back) in this session. */
const journalMs = new Map<string, number>();

/** A save of `saved` makes the journal obsolete when it is at least as new as the journaled edit. */
function dropJournal(saved: Incident) {
  const ms = journalMs.get(saved.id);
  if (ms === undefined || saved.updatedMs < ms) return;
  try {
    localStorage.removeItem(JOURNAL_PREFIX + saved.id);
    journalMs.delete(saved.id);
  } catch {
    // no storage: nothing was journaled
  }
}

/**
 * The page is going away (tab closed, reload, hidden on mobile): a pending edit is written to the
 * journal at once (synchronous) and the normal save is started.
 */
function flushOnHide() {
  if (!timer) return;
  clearTimeout(timer);
  timer = undefined;
  const inc = useStore.getState().incident;
  if (inc && inc !== loadedRef && host.kind === 'browser') {
    const out = serializeForSave(inc);
    if ('json' in out) {
      try {
        localStorage.setItem(JOURNAL_PREFIX + inc.id, out.json);
        localStorage.setItem(CURRENT_INCIDENT_KEY, inc.id);
        journalMs.set(inc.id, inc.updatedMs);
      } catch {
        // over the storage quota: the IndexedDB save below is all there is
      }
    }
  }
  void saveNow();
}

/** Writes a pending autosave now and waits for every save in flight (Electron before-quit). */
export async function flushAutosave(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    await saveNow();
  }
  await inflight;
}

/** The journaled edit for `id`, when it is a valid incident newer than `stored` (or nothing is stored). */
function journaled(id: string, stored: Incident | undefined): Incident | undefined {
  let text: string | null = null;
  try {
    text = localStorage.getItem(JOURNAL_PREFIX + id);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  const parsed = parseIncident(text);
  if (!parsed.ok || parsed.incident.id !== id) return undefined;
  journalMs.set(id, parsed.incident.updatedMs);
  return !stored || parsed.incident.updatedMs >= stored.updatedMs ? parsed.incident : undefined;
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
        if (a.status === 'done' && a.result && handled.get(a.key) !== a.result) {
          handled.set(a.key, a.result);
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
  // Closing the tab within the autosave delay must not lose the edit.
  window.addEventListener('pagehide', flushOnHide);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushOnHide();
  });
  // Electron: quitting waits for this.
  host.onFlushRequest(flushAutosave);
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
  const parsed = stored ? parseIncident(stored.json) : undefined;
  // An edit made just before the tab closed (journal) wins over an older stored copy.
  const newer = journaled(id, parsed?.ok ? parsed.incident : undefined);
  if (newer) {
    s.loadIncident(newer, { savedMs: newer.updatedMs });
    scheduleSave();
    remember(id);
    s.setScreen('workspace');
    s.setTab('timeline');
    return true;
  }
  if (!stored || !parsed) return false;
  if (!parsed.ok) {
    s.setLoadProblem({
      id,
      error: parsed.error,
      raw: stored.json,
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
  // Remembered at once: a reload now shows the fresh incident, not the damaged one again.
  remember(useStore.getState().incident!.id);
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
