import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { parseIncident, serializeIncident } from '../../../workers/incident/model.ts';
import { goIncident } from '../../../workers/incident/test-fixtures.ts';
import { buildTimeline } from '../../../workers/incident/timeline.ts';
import { refreshIncident } from '../../../workers/report/index.ts';
import { createIncidentSlice, type IncidentSlice } from './incident-slice.ts';
import type { Store } from './store.ts';

/** The incident slice alone, with the one field of the UI slice it reads (`lang`). */
function store() {
  return create<Store>()((...a) => ({ ...createIncidentSlice(...a), lang: 'en' }) as unknown as Store);
}

function withArtifacts(s: ReturnType<typeof store>): IncidentSlice {
  const fixture = goIncident();
  s.getState().ensureIncident({ title: 'order service' });
  for (const a of fixture.artifacts) s.getState().registerArtifact(a);
  return s.getState();
}

describe('incident slice', () => {
  it('registers artifacts and derives findings and checklist suggestions from the engine', () => {
    const s = store();
    const st = withArtifacts(s);
    const inc = st.incident!;
    expect(inc.artifacts).toHaveLength(goIncident().artifacts.length);
    const kinds = new Set(inc.findings.map((f) => f.kind));
    expect(kinds.has('heap-growth')).toBe(true);
    expect(kinds.has('goroutine-growth')).toBe(true);
    const suggested = inc.checklist.filter((r) => r.origin === 'finding');
    expect(suggested.map((r) => r.libraryId)).toContain('goleak-ci');
    expect(suggested.every((r) => r.status === 'proposed' && r.owner === '')).toBe(true);
    // Registering the same artifact again replaces it instead of duplicating rows.
    st.registerArtifact(inc.artifacts[0]);
    expect(s.getState().incident!.artifacts).toHaveLength(inc.artifacts.length);
    expect(s.getState().incident!.checklist).toHaveLength(inc.checklist.length);
  });

  it('adds, edits, stars and deletes user events; stars derived events by id', () => {
    const s = store();
    withArtifacts(s);
    const id = s
      .getState()
      .addEvent({ t: 1_700_000_000_000, kind: 'deploy', label: 'v2', severity: 'warning' });
    s.getState().updateEvent(id, { label: 'v2.1' });
    s.getState().toggleStar(id);
    let inc = s.getState().incident!;
    expect(inc.events).toEqual([
      expect.objectContaining({ id, label: 'v2.1', starred: true, source: 'user', kind: 'deploy' }),
    ]);
    const derived = buildTimeline(inc).events.find((e) => e.source !== 'user')!;
    s.getState().toggleStar(derived.id);
    inc = s.getState().incident!;
    expect(inc.starredDerived).toEqual([derived.id]);
    expect(buildTimeline(inc).events.find((e) => e.id === derived.id)?.starred).toBe(true);
    s.getState().deleteEvent(id);
    expect(s.getState().incident!.events).toHaveLength(0);
  });

  it('keeps edited postmortem sections on regenerate and survives a save/load round trip', () => {
    const s = store();
    withArtifacts(s);
    s.getState().ensurePostmortem('en');
    s.getState().editPostmortemSection('went-well', 'The alert fired early.');
    const row = s.getState().incident!.checklist[0];
    s.getState().bulkAssignOwner([row.id], 'Li Na');
    s.getState().regeneratePostmortem('zh-CN');
    const pm = s.getState().incident!.postmortem!;
    expect(pm.lang).toBe('zh-CN');
    expect(pm.sections.find((x) => x.id === 'went-well')).toMatchObject({
      body: 'The alert fired early.',
      edited: true,
    });
    const checklistSection = pm.sections.find((x) => x.id === 'checklist')!;
    expect(checklistSection.body).toContain('Li Na');
    expect(s.getState().regenChanges?.find((c) => c.id === 'checklist')?.change).toBe('updated');
    const back = parseIncident(serializeIncident(s.getState().incident!));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.incident).toEqual(s.getState().incident);
  });

  it('keeps a chosen anchor when the same file is registered again, and when a different file takes its place', () => {
    const s = store();
    withArtifacts(s);
    const dump = s.getState().incident!.artifacts.find((a) => a.summary.goroutines)!;
    const at = Date.parse('2026-11-27T21:00:05Z');
    s.getState().setArtifactAnchor(dump.id, at);
    const moved = buildTimeline(s.getState().incident!).events.find(
      (e) => e.source === dump.id && e.kind === 'goroutine-dump',
    );
    expect(moved?.t).toBe(at);
    // Located again (same bytes): the anchor the team set stays.
    s.getState().registerArtifact({ ...dump, timeAnchor: { ...dump.timeAnchor, capturedAtMs: 1 } });
    const same = s.getState().incident!.artifacts.find((a) => a.id === dump.id)!;
    expect(same.timeAnchor).toMatchObject({ source: 'user', capturedAtMs: at, assumed: false });
    // A different file kept in its place: its hash and summary, the old id and the user's anchor.
    const n = s.getState().incident!.artifacts.length;
    const otherSha = 'f'.repeat(64);
    const other = {
      ...dump,
      id: `a-${otherSha.slice(0, 16)}`,
      sha256: otherSha,
      summary: { ...dump.summary, bytes: dump.summary.bytes + 1 },
    };
    s.getState().registerArtifact(other, { replaces: dump.id });
    const inc = s.getState().incident!;
    expect(inc.artifacts).toHaveLength(n);
    const replaced = inc.artifacts.find((a) => a.id === dump.id)!;
    expect(replaced.sha256).toBe(otherSha);
    expect(replaced.summary.bytes).toBe(dump.summary.bytes + 1);
    expect(replaced.timeAnchor.capturedAtMs).toBe(at);
    expect(inc.artifacts.some((a) => a.id === other.id)).toBe(false);
  });

  it('drafts the postmortem as artifacts arrive, from the same pipeline as the export and the CLI', () => {
    const s = store();
    const fixture = goIncident();
    s.getState().ensureIncident({ title: 'order service' });
    // the heap dump comes last, after the draft exists: no Regenerate, the summary names the culprit
    const heap = fixture.artifacts.find((a) => a.summary.heap)!;
    for (const a of fixture.artifacts) if (a !== heap) s.getState().registerArtifact(a);
    const before = s.getState().incident!.postmortem!;
    expect(before.sections.find((x) => x.id === 'summary')!.body).not.toContain('main.orderCache');
    s.getState().registerArtifact(heap);
    const inc = s.getState().incident!;
    expect(inc.postmortem!.sections.find((x) => x.id === 'summary')!.body).toContain('main.orderCache');
    // the engine's pipeline over the same state produces exactly what the store holds
    const again = refreshIncident(inc, { lang: 'en', nowMs: Date.now() });
    expect(again.incident.postmortem!.sections).toEqual(inc.postmortem!.sections);
  });

  it('links artifacts to session rows and imports an incident as an edit', () => {
    const s = store();
    withArtifacts(s);
    const before = s.getState().incident!;
    s.getState().linkArtifact(before.artifacts[0].id, 'k7');
    expect(s.getState().linked).toEqual({ [before.artifacts[0].id]: 'k7' });
    const parsed = parseIncident(serializeIncident({ ...goIncident(), title: 'imported' }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    s.getState().importIncident(parsed.incident);
    expect(s.getState().incident?.title).toBe('imported');
    expect(s.getState().incident?.artifacts).toHaveLength(goIncident().artifacts.length);
    expect(s.getState().restored).toBeUndefined();
  });
});
