import type { StateCreator } from 'zustand';
import { acceptPlacements } from '../../../workers/incident/anchors.ts';
import { setAnchor } from '../../../workers/incident/artifacts.ts';
import {
  type ChecklistRow,
  type Incident,
  type IncidentArtifact,
  type IncidentLoadError,
  type Lang,
  newIncident,
  type Postmortem,
  type SectionId,
  type UserEvent,
} from '../../../workers/incident/model.ts';
import { assignOwner } from '../../../workers/report/checklist.ts';
import { type RefreshOptions, refreshIncident } from '../../../workers/report/index.ts';
import {
  editSection,
  markReviewed,
  revertSection,
  type SectionChange,
} from '../../../workers/report/postmortem.ts';
import type { Store } from './store.ts';

/** An autosave that could not be opened: shown with its structured error; nothing is overwritten until the user chooses. */
export interface IncidentLoadProblem {
  id: string;
  error: IncidentLoadError;
  backupJson?: string;
  /** The stored text as found, for "Export the raw file". */
  raw?: string;
}

/** A `.pmwb` the user imported that could not be opened: the current incident is untouched. */
export interface IncidentImportProblem {
  file: string;
  error: IncidentLoadError;
  raw?: string;
}

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export type NewUserEvent = Omit<UserEvent, 'id' | 'source' | 'starred'> & { starred?: boolean };

export interface IncidentSlice {
  /** The current incident workspace (engine model, `workers/incident/model.ts`). */
  incident?: Incident;
  /** Set when the incident was restored from an autosave (shown as a banner until dismissed). */
  restored?: { savedMs: number; migratedFrom?: number; fromBackup?: boolean };
  loadProblem?: IncidentLoadProblem;
  importProblem?: IncidentImportProblem;
  saveStatus: SaveStatus;
  saveError?: string;
  lastSavedMs?: number;
  /** What the last "Regenerate" did, per section. */
  regenChanges?: { id: string; change: SectionChange }[];
  /** How the incident views show times: UTC, the incident's own time zone, or the machine's. */
  timeMode: 'utc' | 'incident' | 'local';
  setTimeMode(m: 'utc' | 'incident' | 'local'): void;

  /** Replaces the incident (a new one, or one restored from storage) — does not count as an edit. */
  loadIncident(incident: Incident, restored?: IncidentSlice['restored']): void;
  /** The current incident, created on first use. */
  ensureIncident(init?: { title?: string }): Incident;
  /** Applies an edit; autosave follows. */
  changeIncident(fn: (inc: Incident) => Incident): void;
  setIncidentFields(
    patch: Partial<
      Pick<
        Incident,
        | 'title'
        | 'service'
        | 'owner'
        | 'includeLibrary'
        | 'severity'
        | 'status'
        | 'timeZone'
        | 'startMs'
        | 'endMs'
      >
    >,
  ): void;
  /**
   * Adds (or replaces, same id) an analysed artifact; findings and suggestions are recomputed.
   * Re-registering the same file keeps the anchor the incident already has for it. With `replaces`,
   * the artifact takes the place (id, and an anchor somebody set) of another one — a located file
   * whose bytes differ from the one analysed before, kept by the user.
   */
  registerArtifact(a: IncidentArtifact, opts?: { replaces?: string }): void;
  /** Session only (never saved): which artifact row (`ArtifactEntry.key`) holds each incident artifact's file. */
  linked: Record<string, string>;
  linkArtifact(artifactId: string, key: string): void;
  /** An incident read from a `.pmwb` file the user imported: becomes current and is autosaved. */
  importIncident(incident: Incident): void;
  setArtifactAnchor(artifactId: string, atMs: number): void;
  /** Accepts suggested times for unplaced artifacts, all in one step. */
  acceptPlacements(accepted: { artifactId: string; suggestedMs: number }[]): void;
  addEvent(e: NewUserEvent): string;
  updateEvent(id: string, patch: Partial<Omit<UserEvent, 'id' | 'source'>>): void;
  deleteEvent(id: string): void;
  /** Stars / unstars an event: user events carry the flag, derived ones are listed in `starredDerived`. */
  toggleStar(eventId: string): void;
  updateChecklistRow(id: string, patch: Partial<Omit<ChecklistRow, 'id'>>): void;
  addChecklistRow(row: Pick<ChecklistRow, 'category' | 'action'> & Partial<ChecklistRow>): void;
  deleteChecklistRow(id: string): void;
  bulkAssignOwner(ids: readonly string[], owner: string): void;
  /** Drafts the postmortem when there is none yet. */
  ensurePostmortem(lang: Lang): void;
  editPostmortemSection(id: SectionId, body: string): void;
  revertPostmortemSection(id: SectionId): void;
  /** The user read what the evidence changed in an edited section and keeps their words. */
  markSectionReviewed(id: SectionId): void;
  setPostmortemMeta(patch: Partial<Pick<Postmortem, 'title' | 'authors' | 'status' | 'date'>>): void;
  /** Regenerates unedited generated sections (in `lang`), remembering what changed. */
  regeneratePostmortem(lang: Lang): void;
  setRegenChanges(changes: { id: string; change: SectionChange }[] | undefined): void;
  dismissRestored(): void;
  setLoadProblem(p: IncidentLoadProblem | undefined): void;
  setImportProblem(p: IncidentImportProblem | undefined): void;
  setSaveStatus(s: SaveStatus, error?: string): void;
}

let seq = 0;
/** A short unique id for user-made things (events, checklist rows). */
export function freshId(prefix: string, nowMs = Date.now()): string {
  seq = (seq + 1) % 1_000_000;
  return `${prefix}-${nowMs.toString(36)}-${seq.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * The one pipeline's options for the app: the screen, the export and the slides all come from
 * `refreshIncident` with these, so they cannot disagree (the CLI passes its flags the same way).
 */
export function appRefreshOptions(lang: Lang, nowMs = Date.now()): RefreshOptions {
  return { lang, nowMs };
}

/**
 * Runs the report pipeline over an incident: anchors placed, findings, checklist suggestions and
 * the postmortem (drafted, or its unedited sections updated; edited ones flagged for review).
 */
export function refreshed(incident: Incident, lang: Lang, nowMs = Date.now()) {
  return refreshIncident(incident, appRefreshOptions(lang, nowMs));
}

export const createIncidentSlice: StateCreator<Store, [], [], IncidentSlice> = (set, get) => {
  const change = (fn: (inc: Incident) => Incident) => {
    const cur = get().ensureIncident();
    const next = fn(cur);
    if (next === cur) return;
    set({ incident: { ...next, updatedMs: Date.now() } });
  };
  /** An edit of the evidence or the facts: the whole document follows at once, no Regenerate click. */
  const changeAndRefresh = (fn: (inc: Incident) => Incident) => {
    const cur = get().ensureIncident();
    const next = fn(cur);
    if (next === cur) return;
    const r = refreshed(next, get().lang);
    const changes = r.changes.filter((c) => c.change !== 'unchanged');
    set({
      incident: { ...r.incident, updatedMs: Date.now() },
      ...(changes.length ? { regenChanges: r.changes } : {}),
    });
  };
  const changePm = (fn: (pm: Postmortem) => Postmortem) =>
    change((inc) => (inc.postmortem ? { ...inc, postmortem: fn(inc.postmortem) } : inc));

  return {
    saveStatus: 'idle',
    timeMode: 'utc',
    setTimeMode: (timeMode) => set({ timeMode }),
    loadIncident(incident, restored) {
      set({ incident, restored, regenChanges: undefined, loadProblem: undefined });
    },
    ensureIncident(init) {
      const cur = get().incident;
      if (cur) return cur;
      const inc = newIncident({ title: init?.title ?? '' });
      set({ incident: inc, restored: undefined });
      return inc;
    },
    changeIncident: changeAndRefresh,
    setIncidentFields(patch) {
      changeAndRefresh((inc) => ({ ...inc, ...patch }));
    },
    registerArtifact(a, opts) {
      changeAndRefresh((inc) => {
        const replaced = opts?.replaces ? inc.artifacts.find((x) => x.id === opts.replaces) : undefined;
        const same = inc.artifacts.find((x) => x.id === a.id);
        let next = a;
        if (replaced) {
          // Another file in the old one's place: its evidence times win; an anchor somebody chose stays.
          const keep = !replaced.timeAnchor.assumed && replaced.timeAnchor.source !== 'evidence';
          next = { ...a, id: replaced.id, ...(keep ? { timeAnchor: replaced.timeAnchor } : {}) };
        } else if (same) {
          // The same bytes again: whatever anchor the incident holds for them still applies.
          next = { ...a, timeAnchor: same.timeAnchor };
        }
        const artifacts: IncidentArtifact[] = [];
        let placed = false;
        for (const x of inc.artifacts) {
          if (x.id === next.id) {
            if (!placed) artifacts.push(next);
            placed = true;
          } else if (!(replaced && x.id === a.id)) {
            // (with `replaces`, an entry of the new bytes under their own id merges into the replaced one)
            artifacts.push(x);
          }
        }
        if (!placed) artifacts.push(next);
        return { ...inc, artifacts };
      });
    },
    linked: {},
    linkArtifact(artifactId, key) {
      set((s) => ({ linked: { ...s.linked, [artifactId]: key } }));
    },
    importIncident(incident) {
      set({
        incident,
        restored: undefined,
        regenChanges: undefined,
        loadProblem: undefined,
        importProblem: undefined,
      });
    },
    setArtifactAnchor(artifactId, atMs) {
      changeAndRefresh((inc) => setAnchor(inc, artifactId, atMs));
    },
    acceptPlacements(accepted) {
      if (accepted.length) changeAndRefresh((inc) => acceptPlacements(inc, accepted));
    },
    addEvent(e) {
      const id = freshId('ev');
      changeAndRefresh((inc) => ({
        ...inc,
        events: [...inc.events, { ...e, id, source: 'user', starred: e.starred ?? false }],
      }));
      return id;
    },
    updateEvent(id, patch) {
      changeAndRefresh((inc) => ({
        ...inc,
        events: inc.events.map((e) => (e.id === id ? { ...e, ...patch } : e)),
      }));
    },
    deleteEvent(id) {
      changeAndRefresh((inc) => ({ ...inc, events: inc.events.filter((e) => e.id !== id) }));
    },
    toggleStar(eventId) {
      changeAndRefresh((inc) => {
        if (inc.events.some((e) => e.id === eventId)) {
          return {
            ...inc,
            events: inc.events.map((e) => (e.id === eventId ? { ...e, starred: !e.starred } : e)),
          };
        }
        const has = inc.starredDerived.includes(eventId);
        return {
          ...inc,
          starredDerived: has
            ? inc.starredDerived.filter((x) => x !== eventId)
            : [...inc.starredDerived, eventId],
        };
      });
    },
    updateChecklistRow(id, patch) {
      changeAndRefresh((inc) => ({
        ...inc,
        checklist: inc.checklist.map((r) => (r.id === id ? { ...r, ...patch } : r)),
      }));
    },
    addChecklistRow(row) {
      changeAndRefresh((inc) => ({
        ...inc,
        checklist: [
          ...inc.checklist,
          {
            owner: inc.owner ?? '',
            status: 'proposed',
            priority: 'P2',
            ...row,
            id: freshId('cl'),
            origin: 'user',
          },
        ],
      }));
    },
    deleteChecklistRow(id) {
      changeAndRefresh((inc) => ({ ...inc, checklist: inc.checklist.filter((r) => r.id !== id) }));
    },
    bulkAssignOwner(ids, owner) {
      changeAndRefresh((inc) => ({ ...inc, checklist: assignOwner(inc.checklist, ids, owner) }));
    },
    ensurePostmortem(lang) {
      const inc = get().incident;
      if (!inc || inc.postmortem) return;
      set({ incident: refreshed(inc, lang).incident });
    },
    editPostmortemSection(id, body) {
      changePm((pm) => editSection(pm, id, body));
    },
    revertPostmortemSection(id) {
      changePm((pm) => revertSection(pm, id));
    },
    markSectionReviewed(id) {
      changePm((pm) => markReviewed(pm, id));
    },
    setPostmortemMeta(patch) {
      changePm((pm) => ({ ...pm, ...patch }));
    },
    regeneratePostmortem(lang) {
      const inc = get().incident;
      if (!inc) return;
      if (!inc.postmortem) {
        get().ensurePostmortem(lang);
        return;
      }
      const r = refreshed(inc, lang);
      set({ regenChanges: r.changes });
      change(() => r.incident);
    },
    setRegenChanges(changes) {
      set({ regenChanges: changes });
    },
    dismissRestored() {
      set({ restored: undefined });
    },
    setLoadProblem(p) {
      set({ loadProblem: p });
    },
    setImportProblem(p) {
      set({ importProblem: p });
    },
    setSaveStatus(s, error) {
      set({ saveStatus: s, saveError: error, ...(s === 'saved' ? { lastSavedMs: Date.now() } : {}) });
    },
  };
};
