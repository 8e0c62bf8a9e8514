import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newIncident, serializeIncident } from '../../../workers/incident/model.ts';
import type { ArtifactIo } from '../state/artifacts-slice.ts';
import type { IncidentHost } from './incident-hooks.ts';

/** The page around the autosave: window/document listeners, localStorage and the host, all in memory. */
const env = vi.hoisted(() => {
  const listeners = new Map<string, (() => void)[]>();
  const on = (name: string, fn: () => void) => listeners.set(name, [...(listeners.get(name) ?? []), fn]);
  const storage = new Map<string, string>();
  const saved: { id: string; json: string }[] = [];
  const stored = new Map<string, string>();
  const state = { flush: undefined as undefined | (() => Promise<void>), saveDelayMs: 0 };
  (globalThis as Record<string, unknown>).window = { addEventListener: on };
  (globalThis as Record<string, unknown>).document = {
    addEventListener: on,
    visibilityState: 'visible',
    documentElement: {},
  };
  (globalThis as Record<string, unknown>).localStorage = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  return {
    listeners,
    storage,
    saved,
    stored,
    state,
    fire: (n: string) => {
      for (const f of listeners.get(n) ?? []) f();
    },
  };
});

vi.mock('../host/host.ts', () => ({
  host: {
    kind: 'browser',
    saveIncident: async (id: string, _title: string, json: string) => {
      if (env.state.saveDelayMs) await new Promise((r) => setTimeout(r, env.state.saveDelayMs));
      env.saved.push({ id, json });
      env.stored.set(id, json);
    },
    loadIncident: async (id: string) => (env.stored.has(id) ? { json: env.stored.get(id)! } : undefined),
    onFlushRequest: (l: () => Promise<void>) => {
      env.state.flush = l;
      return () => {};
    },
    onMenuCommand: () => () => {},
    onOpenFiles: () => () => {},
  },
}));
vi.mock('../shell/sample-incident.ts', () => ({ loadSampleIndex: async () => ({ incidents: [] }) }));

const { useStore, createAppStore } = await import('../state/store.ts');
const hooks = await import('./incident-hooks.ts');
const { host } = await import('../host/host.ts');
const controller = new hooks.IncidentController(useStore, { host });
controller.install();

beforeEach(() => {
  env.saved.length = 0;
  env.state.saveDelayMs = 0;
});
afterEach(() => vi.useRealTimers());

const edit = (title: string) => useStore.getState().setIncidentFields({ title });

describe('autosave (web build)', () => {
  it('keeps the last good copy when the new state cannot be serialized, and says so', async () => {
    vi.useFakeTimers();
    useStore.getState().loadIncident(newIncident({ id: 'ser', nowMs: 1 }));
    edit('good');
    await vi.advanceTimersByTimeAsync(hooks.AUTOSAVE_DELAY_MS);
    expect(env.saved.map((s) => JSON.parse(s.json).title)).toEqual(['good']);
    // A state nested deeper than JSON.stringify can go (an analysis summary gone wrong).
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    useStore.getState().changeIncident((inc) => ({ ...inc, title: 'bad', deep }) as typeof inc);
    await vi.advanceTimersByTimeAsync(hooks.AUTOSAVE_DELAY_MS);
    expect(env.saved).toHaveLength(1);
    expect(JSON.parse(env.stored.get('ser')!).title).toBe('good');
    expect(useStore.getState().saveStatus).toBe('error');
    expect(useStore.getState().saveError).toMatch(/cannot be saved .*last good copy is kept/);
  });

  it('pagehide writes the pending edit synchronously to the journal, which a later save drops', async () => {
    vi.useFakeTimers();
    useStore.getState().loadIncident(newIncident({ id: 'hide', nowMs: 1 }));
    env.state.saveDelayMs = 1000; // IndexedDB is slow; the tab is gone before it finishes
    edit('last second');
    env.fire('pagehide');
    const journal = env.storage.get(`${hooks.JOURNAL_PREFIX}hide`);
    expect(journal && JSON.parse(journal).title).toBe('last second');
    expect(env.storage.get(hooks.CURRENT_INCIDENT_KEY)).toBe('hide');
    await vi.advanceTimersByTimeAsync(1000);
    expect(env.storage.has(`${hooks.JOURNAL_PREFIX}hide`)).toBe(false);
    expect(JSON.parse(env.stored.get('hide')!).title).toBe('last second');
  });

  it('on the next start a journal newer than the stored copy wins; an older one does not', async () => {
    const stored = newIncident({ id: 'j1', title: 'stored', nowMs: 10 });
    env.stored.set('j1', serializeIncident(stored));
    env.storage.set(
      `${hooks.JOURNAL_PREFIX}j1`,
      serializeIncident({ ...stored, title: 'journal', updatedMs: 20 }),
    );
    expect(await controller.openIncident('j1')).toBe(true);
    expect(useStore.getState().incident?.title).toBe('journal');
    env.stored.set('j2', serializeIncident({ ...stored, id: 'j2', updatedMs: 30 }));
    env.storage.set(
      `${hooks.JOURNAL_PREFIX}j2`,
      serializeIncident({ ...stored, id: 'j2', title: 'stale', updatedMs: 20 }),
    );
    expect(await controller.openIncident('j2')).toBe(true);
    expect(useStore.getState().incident?.title).toBe('stored');
  });

  it('the Electron flush request writes what is pending and resolves only after the write', async () => {
    useStore.getState().loadIncident(newIncident({ id: 'quit', nowMs: 1 }));
    env.state.saveDelayMs = 50;
    edit('before quit');
    expect(env.state.flush).toBeDefined();
    await env.state.flush!();
    expect(JSON.parse(env.stored.get('quit')!).title).toBe('before quit');
  });
});

/** A host that keeps what it saved, for the controllers below. */
function memoryHost() {
  const saved = new Map<string, string>();
  const host: IncidentHost = {
    kind: 'browser',
    saveIncident: async (id, _title, json) => void saved.set(id, json),
    loadIncident: async (id) => (saved.has(id) ? { json: saved.get(id)! } : undefined),
    onFlushRequest: () => () => {},
  };
  return { host, saved };
}

const noIo: ArtifactIo = {
  open: async () => ({ ok: false, cancelled: false, unknownFormat: false, message: 'not in this test' }),
  cancel: () => {},
  close: () => {},
  readFile: async () => new Uint8Array(),
};

describe('incident controller per store', () => {
  it('two controllers share no pending save, loaded incident or registration state', async () => {
    vi.useFakeTimers();
    const a = memoryHost();
    const b = memoryHost();
    const storeA = createAppStore(noIo);
    const storeB = createAppStore(noIo);
    const one = new hooks.IncidentController(storeA, { host: a.host });
    const two = new hooks.IncidentController(storeB, { host: b.host });
    const offA = one.install();
    const offB = two.install();
    // a stored incident opened by the first controller is not an edit there …
    a.saved.set('left', serializeIncident(newIncident({ id: 'left', title: 'stored', nowMs: 1 })));
    expect(await one.openIncident('left')).toBe(true);
    expect(storeA.getState().incident?.title).toBe('stored');
    expect(storeB.getState().incident).toBeUndefined();
    // … while an edit in the second store is saved through the second host only
    storeB.getState().loadIncident(newIncident({ id: 'right', nowMs: 1 }));
    storeB.getState().setIncidentFields({ title: 'edited on the right' });
    expect(storeB.getState().saveStatus).toBe('pending');
    expect(storeA.getState().saveStatus).toBe('idle');
    // flushing the first controller writes nothing of the second's pending edit
    await one.flushAutosave();
    expect([...a.saved.keys()]).toEqual(['left']);
    expect(b.saved.size).toBe(0);
    await two.flushAutosave();
    expect(JSON.parse(b.saved.get('right')!).title).toBe('edited on the right');
    expect(a.saved.has('right')).toBe(false);
    // an edit after uninstalling is no longer tracked
    offA();
    storeA.getState().setIncidentFields({ title: 'after uninstall' });
    await vi.advanceTimersByTimeAsync(hooks.AUTOSAVE_DELAY_MS * 2);
    expect(JSON.parse(a.saved.get('left')!).title).toBe('stored');
    offB();
  });
});
