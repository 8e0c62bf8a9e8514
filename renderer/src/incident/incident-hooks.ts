/**
 * Wires the incident workspace to the rest of the app: artifacts that finish parsing are hashed and
 * registered in the current incident, every change is autosaved (debounced) through the host, the
 * last incident is restored on startup (and says so), and the welcome screen's commands land here.
 *
 * All of it is one `IncidentController` per store, created in `main.tsx` and handed to components
 * through `IncidentControllerContext`: nothing lives at module level, so two controllers (tests, a
 * second window) never share pending saves, journals or artifacts being registered.
 */
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand';
import type { HostApi, HostFile } from '../../../contract/host-api.ts';
import type { InspectResult } from '../../../contract/inspect.ts';
import { makeArtifact } from '../../../workers/incident/artifacts.ts';
import {
  type Incident,
  newIncident,
  parseIncident,
  serializeIncident,
} from '../../../workers/incident/model.ts';
import { i18next } from '../i18n/index.ts';
import { RECOVERY_NS } from '../shell/recovery-strings.ts';
import { loadSampleIndex } from '../shell/sample-incident.ts';
import type { Store } from '../state/store.ts';
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

/** What the controller needs from the host: incident storage, and Electron's flush before quitting. */
export type IncidentHost = Pick<HostApi, 'kind' | 'saveIncident' | 'loadIncident' | 'onFlushRequest'>;

export interface IncidentControllerDeps {
  host: IncidentHost;
  /** SHA-256 of an opened file (default: the hash worker). */
  hashFile?: (f: HostFile) => Promise<string | undefined>;
  /** Imports a `.pmwb` opened like an artifact (default: `importIncidentFile`). */
  importFile?: typeof importIncidentFile;
  /** The bundled samples' index (default: fetched from the build). */
  sampleIndex?: typeof loadSampleIndex;
}

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

/**
 * The summary keeps when it was made (`analyzedAtMs`, an extra key the incident schema carries along),
 * so an incident reopened without its files can say how old each summary is.
 */
function withAnalyzedAt(result: InspectResult, atMs: number): InspectResult {
  const out: InspectResult & { analyzedAtMs: number } = { ...result, analyzedAtMs: atMs };
  return out;
}

/**
 * One store's incident session: registration of parsed artifacts, the debounced autosave with its
 * journal, restore on startup and the recovery choices. Create one per store; `install()` starts
 * it and returns what stops it.
 */
export class IncidentController {
  /** The result each row was last registered with (a row re-read with the service binary registers again). */
  private readonly handled = new Map<string, unknown>();
  /**
   * Rows opened to stand in for an incident artifact (Locate…, Reopen): the hash already computed, and
   * with `replaces` the artifact whose place a different file takes (the user kept it).
   */
  private readonly expected = new Map<string, { sha256: string; replaces?: string }>();
  /** Capture times the bundled sample's manifest gives, by file name (applied when the evidence has none). */
  private readonly pendingAnchors = new Map<string, number>();
  /** `.pmwb` rows already handed to the import. */
  private readonly pmwbRows = new Set<string>();
  /** `updatedMs` of the journal entry per incident id, as written (or read back) in this session. */
  private readonly journalMs = new Map<string, number>();
  /** The incident object last loaded from storage: not an edit, so not saved back. */
  private loadedRef: Incident | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private uninstall: (() => void) | undefined;
  private readonly host: IncidentHost;
  private readonly hashFile: (f: HostFile) => Promise<string | undefined>;
  private readonly importFile: typeof importIncidentFile;
  private readonly sampleIndex: typeof loadSampleIndex;

  constructor(
    private readonly store: StoreApi<Store>,
    deps: IncidentControllerDeps,
  ) {
    this.host = deps.host;
    this.hashFile = deps.hashFile ?? hashHostFile;
    this.importFile = deps.importFile ?? importIncidentFile;
    this.sampleIndex = deps.sampleIndex ?? loadSampleIndex;
  }

  private saveRefused(reason: string) {
    this.store.getState().setSaveStatus('error', i18next.t('notSerializable', { ns: RECOVERY_NS, reason }));
  }

  private async saveNow(): Promise<void> {
    this.timer = undefined;
    const s = this.store.getState();
    const inc = s.incident;
    if (!inc || inc === this.loadedRef) return;
    // A damaged file under this id waits for the user's choice: never overwrite it silently.
    if (s.loadProblem && s.loadProblem.id === inc.id) return;
    const out = serializeForSave(inc);
    if ('reason' in out) {
      this.saveRefused(out.reason);
      return;
    }
    s.setSaveStatus('saving');
    const run = async () => {
      try {
        await this.host.saveIncident(inc.id, (inc.title || 'Untitled incident').slice(0, 500), out.json);
        remember(inc.id);
        this.dropJournal(inc);
        // Only "saved" when nothing newer is waiting.
        if (!this.timer) this.store.getState().setSaveStatus('saved');
      } catch (e) {
        this.store.getState().setSaveStatus('error', e instanceof Error ? e.message : String(e));
      }
    };
    this.inflight = this.inflight.then(run, run);
    await this.inflight;
  }

  /** A save of `saved` makes the journal obsolete when it is at least as new as the journaled edit. */
  private dropJournal(saved: Incident) {
    const ms = this.journalMs.get(saved.id);
    if (ms === undefined || saved.updatedMs < ms) return;
    try {
      localStorage.removeItem(JOURNAL_PREFIX + saved.id);
      this.journalMs.delete(saved.id);
    } catch {
      // no storage: nothing was journaled
    }
  }

  /**
   * The page is going away (tab closed, reload, hidden on mobile): a pending edit is written to the
   * journal at once (synchronous) and the normal save is started.
   */
  private flushOnHide() {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const inc = this.store.getState().incident;
    if (inc && inc !== this.loadedRef && this.host.kind === 'browser') {
      const out = serializeForSave(inc);
      if ('json' in out) {
        try {
          localStorage.setItem(JOURNAL_PREFIX + inc.id, out.json);
          localStorage.setItem(CURRENT_INCIDENT_KEY, inc.id);
          this.journalMs.set(inc.id, inc.updatedMs);
        } catch {
          // over the storage quota: the IndexedDB save below is all there is
        }
      }
    }
    void this.saveNow();
  }

  /** Writes a pending autosave now and waits for every save in flight (Electron before-quit). */
  async flushAutosave(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      await this.saveNow();
    }
    await this.inflight;
  }

  /** The journaled edit for `id`, when it is a valid incident newer than `stored` (or nothing is stored). */
  private journaled(id: string, stored: Incident | undefined): Incident | undefined {
    let text: string | null = null;
    try {
      text = localStorage.getItem(JOURNAL_PREFIX + id);
    } catch {
      return undefined;
    }
    if (!text) return undefined;
    const parsed = parseIncident(text);
    if (!parsed.ok || parsed.incident.id !== id) return undefined;
    this.journalMs.set(id, parsed.incident.updatedMs);
    return !stored || parsed.incident.updatedMs >= stored.updatedMs ? parsed.incident : undefined;
  }

  private scheduleSave() {
    if (this.timer) clearTimeout(this.timer);
    this.store.getState().setSaveStatus('pending');
    this.timer = setTimeout(() => void this.saveNow(), AUTOSAVE_DELAY_MS);
  }

  private async register(key: string) {
    const s = this.store.getState();
    const entry = s.artifacts.find((a) => a.key === key);
    const file = s.artifactSource(key);
    if (!entry?.result || !file) return;
    const exp = this.expected.get(key);
    this.expected.delete(key);
    const sha256 = exp?.sha256 ?? (await this.hashFile(file));
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
    const at = this.pendingAnchors.get(file.name);
    if (at !== undefined && artifact.timeAnchor.assumed && !artifact.summary.gc) {
      artifact = {
        ...artifact,
        timeAnchor: { kind: 'absolute', capturedAtMs: at, assumed: false, source: 'manifest' },
      };
    }
    const st = this.store.getState();
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
  openFor(artifactId: string, file: HostFile, sha256: string, replace: boolean): string {
    const st = this.store.getState();
    const [key] = st.addFiles([file]);
    this.expected.set(key, { sha256, ...(replace ? { replaces: artifactId } : {}) });
    st.linkArtifact(artifactId, key);
    return key;
  }

  /**
   * A `.pmwb` opened like any artifact (Open files…, a drop — also from the welcome screen): no reader
   * knows it, so it is imported as an incident instead. Its row goes away when the import succeeds and
   * shows the structured error when it does not (nothing else changes then).
   */
  private async importFromRow(key: string): Promise<void> {
    const f = this.store.getState().artifactSource(key);
    if (!f) return;
    const outcome = await this.importFile(f);
    const st = this.store.getState();
    if (outcome.ok) {
      st.remove(key);
      st.setScreen('workspace');
      st.setTab('timeline');
      return;
    }
    const issues = outcome.error.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    this.store.setState((s) => ({
      artifacts: s.artifacts.map((a) =>
        a.key === key
          ? { ...a, error: { message: `${outcome.error.message}${issues ? ` (${issues})` : ''}` } }
          : a,
      ),
    }));
  }

  /** Installs the store subscriptions and page listeners (once); returns what removes them. */
  install(): () => void {
    if (this.uninstall) return this.uninstall;
    const store = this.store;
    const offStore = store.subscribe((s, prev) => {
      if (s.artifacts !== prev.artifacts) {
        if (s.artifacts.length > prev.artifacts.length && !s.incident) s.ensureIncident();
        for (const a of s.artifacts) {
          if (a.status === 'done' && a.result && this.handled.get(a.key) !== a.result) {
            this.handled.set(a.key, a.result);
            void this.register(a.key);
          } else if (a.status === 'error' && /\.pmwb$/i.test(a.name) && !this.pmwbRows.has(a.key)) {
            this.pmwbRows.add(a.key);
            void this.importFromRow(a.key);
          }
        }
      }
      if (s.incident !== prev.incident && s.incident && s.incident !== this.loadedRef) this.scheduleSave();
      if (s.incident && s.incident !== prev.incident && s.incident.id !== prev.incident?.id)
        remember(s.incident.id);
      if (s.lang !== prev.lang && s.incident?.postmortem && s.incident.postmortem.lang !== s.lang) {
        s.regeneratePostmortem(s.lang);
      }
    });
    // F5 enters the review-meeting mode (the Electron menu owns its own accelerator).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F5' || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || this.host.kind === 'electron')
        return;
      const st = store.getState();
      if (st.screen !== 'workspace' || !st.incident || st.presentation) return;
      e.preventDefault();
      st.setPresentation(true);
    };
    // Closing the tab within the autosave delay must not lose the edit.
    const onHide = () => this.flushOnHide();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') this.flushOnHide();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    // Electron: quitting waits for this.
    const offFlush = this.host.onFlushRequest(() => this.flushAutosave());
    this.uninstall = () => {
      offStore();
      window.removeEventListener?.('keydown', onKey);
      window.removeEventListener?.('pagehide', onHide);
      document.removeEventListener?.('visibilitychange', onVisibility);
      offFlush();
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.uninstall = undefined;
    };
    return this.uninstall;
  }

  /** Opens a stored incident: validated and migrated; on failure the structured error with the backup offered. */
  async openIncident(id: string): Promise<boolean> {
    const s = this.store.getState();
    let stored: { json: string; backupJson?: string } | undefined;
    try {
      stored = await this.host.loadIncident(id);
    } catch (e) {
      s.setLoadProblem({
        id,
        error: { code: 'io', message: `The incident could not be read: ${String(e)}`, issues: [] },
      });
      return false;
    }
    const parsed = stored ? parseIncident(stored.json) : undefined;
    // An edit made just before the tab closed (journal) wins over an older stored copy.
    const newer = this.journaled(id, parsed?.ok ? parsed.incident : undefined);
    if (newer) {
      s.loadIncident(newer, { savedMs: newer.updatedMs });
      this.scheduleSave();
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
    this.loadedRef = parsed.incident;
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
  chooseBackup(): string | undefined {
    const s = this.store.getState();
    const p = s.loadProblem;
    if (!p?.backupJson) return 'no backup';
    const parsed = parseIncident(p.backupJson);
    if (!parsed.ok) return parsed.error.message;
    s.setLoadProblem(undefined);
    s.loadIncident(parsed.incident, { savedMs: parsed.incident.updatedMs, fromBackup: true });
    // An explicit choice: write it back so the damaged copy is replaced.
    this.scheduleSave();
    return undefined;
  }

  /** The user chose to leave the damaged incident alone and start a fresh one. */
  startFresh(): void {
    const s = this.store.getState();
    s.setLoadProblem(undefined);
    s.loadIncident(newIncident());
    // Remembered at once: a reload now shows the fresh incident, not the damaged one again.
    remember(this.store.getState().incident!.id);
  }

  /** After the bundled sample's files were added: title from the sample, anchors from its manifest. */
  async sampleOpened(sampleId: string): Promise<void> {
    try {
      const index = await this.sampleIndex();
      const entry = index.incidents.find((i) => i.id === sampleId) ?? index.incidents[0];
      if (!entry) return;
      for (const f of entry.files as { name: string; capturedAt?: string }[]) {
        const ms = f.capturedAt ? Date.parse(f.capturedAt) : Number.NaN;
        if (Number.isFinite(ms)) this.pendingAnchors.set(f.name, ms);
      }
      const s = this.store.getState();
      const inc = s.ensureIncident({ title: entry.title });
      if (!inc.title) s.setIncidentFields({ title: entry.title, service: sampleId });
    } catch {
      // the sample index is optional (dev builds without samples)
    }
  }

  /** On startup: reopen the incident that was current before a reload or crash. */
  async restoreLastIncident(): Promise<void> {
    let id: string | null = null;
    try {
      id = localStorage.getItem(CURRENT_INCIDENT_KEY);
    } catch {
      id = null;
    }
    if (!id) return;
    await this.openIncident(id);
  }
}

/** The app's controller, provided by `main.tsx` around the whole tree. */
export const IncidentControllerContext = createContext<IncidentController | undefined>(undefined);

/** The incident controller of the store this tree renders. */
export function useIncidentController(): IncidentController {
  const c = useContext(IncidentControllerContext);
  if (!c) throw new Error('useIncidentController outside IncidentControllerContext');
  return c;
}
