import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { goIncident } from '../../../workers/incident/test-fixtures.ts';
import { createIncidentSlice } from './incident-slice.ts';
import { editedSectionCount, langSwitchNeedsConfirm } from './lang-switch.ts';
import type { Store } from './store.ts';

function store(withEvidence = true) {
  const s = create<Store>()((...a) => ({ ...createIncidentSlice(...a), lang: 'en' }) as unknown as Store);
  s.getState().ensureIncident({ title: 'order service' });
  if (withEvidence) for (const a of goIncident().artifacts) s.getState().registerArtifact(a);
  return s;
}

describe('language switch', () => {
  it('asks only once a postmortem is drafted in another language', () => {
    expect(langSwitchNeedsConfirm(undefined, 'zh-CN')).toBe(false);
    expect(langSwitchNeedsConfirm(store(false).getState().incident, 'zh-CN')).toBe(false);
    // evidence drafts the postmortem at once (the live draft), in the UI's language
    const s = store();
    s.getState().ensurePostmortem('en');
    expect(s.getState().incident!.postmortem?.lang).toBe('en');
    expect(langSwitchNeedsConfirm(s.getState().incident, 'zh-CN')).toBe(true);
    expect(langSwitchNeedsConfirm(s.getState().incident, 'en')).toBe(false);
  });

  it('regenerates the unedited sections in the new language and keeps the edited ones', () => {
    const s = store();
    s.getState().ensurePostmortem('en');
    s.getState().editPostmortemSection('went-well', 'The alert fired early.');
    expect(editedSectionCount(s.getState().incident)).toBe(1);
    const before = s.getState().incident!.postmortem!;
    // what confirming the switch runs (incident-hooks.ts on the language change)
    s.getState().regeneratePostmortem('zh-CN');
    const pm = s.getState().incident!.postmortem!;
    expect(pm.lang).toBe('zh-CN');
    expect(pm.sections.find((x) => x.id === 'went-well')).toMatchObject({
      body: 'The alert fired early.',
      edited: true,
    });
    const summary = pm.sections.find((x) => x.id === 'summary')!;
    expect(summary.body).not.toBe(before.sections.find((x) => x.id === 'summary')!.body);
    expect(summary.body).toMatch(/[\u4e00-\u9fff]/);
    expect(langSwitchNeedsConfirm(s.getState().incident, 'zh-CN')).toBe(false);
    expect(editedSectionCount(s.getState().incident)).toBe(1);
  });
});
