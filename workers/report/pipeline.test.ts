/**
 * The draft stays true: one pipeline (`refreshIncident`) makes the document; evidence that arrives
 * after the draft updates every unedited section and flags edited ones for review; defenses and the
 * proposed severity follow the findings.
 */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../incident/model.ts';
import { crashTraceback, goIncident, T0 } from '../incident/test-fixtures.ts';
import { anchorText } from './evidence.ts';
import { messages } from './i18n/index.ts';
import { exportFiles, refreshIncident } from './index.ts';
import { editSection, markReviewed } from './postmortem.ts';
import { proposeSeverity } from './severity.ts';

const NOW = T0 + 3_600_000;
const body = (inc: Incident, id: string) => inc.postmortem!.sections.find((s) => s.id === id)!;

function withoutHeapDump(): Incident {
  const inc = goIncident();
  return { ...inc, artifacts: inc.artifacts.filter((a) => a.id !== 'h3') };
}

describe('one pipeline for the screen, the export and the CLI', () => {
  it('updates unedited sections when a finding arrives after the draft, and flags edited ones', () => {
    const first = refreshIncident(withoutHeapDump(), { nowMs: NOW }).incident;
    expect(body(first, 'summary').body).not.toContain('main.orderCache');
    // the team rewrites the root cause before the heap dump has been read
    const edited = {
      ...first,
      postmortem: editSection(first.postmortem!, 'root-cause', 'We think it is the export workers.'),
    };
    const heap = goIncident().artifacts.find((a) => a.id === 'h3')!;
    const r = refreshIncident({ ...edited, artifacts: [...edited.artifacts, heap] }, { nowMs: NOW });
    // unedited: the heap culprit at once, no Regenerate
    expect(body(r.incident, 'summary').body).toContain('main.orderCache');
    expect(r.changes.find((c) => c.id === 'summary')?.change).toBe('updated');
    // edited: the user's words stay; the section says the evidence changed, with the text before and after
    const rc = body(r.incident, 'root-cause');
    expect(rc.body).toBe('We think it is the export workers.');
    expect(rc.edited).toBe(true);
    expect(rc.reviewFrom).toBe(body(first, 'root-cause').generated);
    expect(rc.generated).toContain('main.orderCache');
    expect(r.changes.find((c) => c.id === 'root-cause')?.change).toBe('kept-edited');
    // reviewed: the flag goes, the words stay
    const reviewed = markReviewed(r.incident.postmortem!, 'root-cause');
    expect(reviewed.sections.find((s) => s.id === 'root-cause')!.reviewFrom).toBeUndefined();
    expect(reviewed.sections.find((s) => s.id === 'root-cause')!.body).toBe(
      'We think it is the export workers.',
    );
  });

  it('is a fixed point: refreshing a refreshed incident changes no text, and the export is that text', () => {
    const once = refreshIncident(goIncident(), { nowMs: NOW });
    const twice = refreshIncident(once.incident, { nowMs: NOW });
    expect(twice.changes.every((c) => c.change === 'unchanged')).toBe(true);
    expect(twice.incident.postmortem!.sections).toEqual(once.incident.postmortem!.sections);
    const md = exportFiles(twice, { nowMs: NOW }).find((f) => f.name === 'postmortem.md')!.content;
    for (const s of once.incident.postmortem!.sections) expect(md).toContain(s.body);
  });
});

describe('defenses that fit the incident', () => {
  it('ranks P0 first and lists generic baseline rows only when asked', () => {
    const r = refreshIncident({ ...goIncident(), owner: 'team-orders' }, { nowMs: NOW });
    const rows = r.incident.checklist;
    expect(rows.every((x) => x.origin !== 'library')).toBe(true);
    const ranks = rows.map((x) => x.priority);
    expect(ranks).toEqual([...ranks].sort());
    expect(rows[0].priority).toBe('P0');
    // leaked goroutines → context cancellation (P0) and goleak; the cache → bound + eviction + size metric
    const ids = rows.map((x) => x.libraryId);
    expect(ids).toEqual(expect.arrayContaining(['context-cancel', 'goleak-ci', 'bounded-cache']));
    // the owner field is the default owner of new rows
    expect(rows.every((x) => x.owner === 'team-orders')).toBe(true);
    const lib = refreshIncident({ ...r.incident, includeLibrary: true }, { nowMs: NOW }).incident;
    expect(lib.checklist.some((x) => x.origin === 'library')).toBe(true);
    // switched off again: the untouched baseline rows go, the suggested ones stay
    const off = refreshIncident({ ...lib, includeLibrary: false }, { nowMs: NOW }).incident;
    expect(off.checklist.map((x) => x.libraryId)).toEqual(rows.map((x) => x.libraryId));
  });

  it('suggests a code fix, a test and a vet/staticcheck rule for a nil-map write', () => {
    const inc = goIncident();
    const crash = crashTraceback(T0 + 11 * 60_000);
    crash.goroutines = {
      ...crash.goroutines!,
      panic: {
        kind: 'panic',
        message: 'assignment to entry in nil map',
        text: ['panic: assignment to entry in nil map'],
      },
    };
    const artifacts = inc.artifacts.map((a) => (a.id === 'cr' ? { ...a, summary: crash } : a));
    const rows = refreshIncident({ ...inc, artifacts }, { nowMs: NOW }).incident.checklist;
    const nil = rows.find((x) => x.libraryId === 'nil-map-fix')!;
    expect(nil.priority).toBe('P0');
    expect(rows.map((x) => x.libraryId)).toContain('nil-map-lint');
    expect(rows.find((x) => x.libraryId === 'nil-map-lint')!.action).toMatch(/go vet.*staticcheck/);
  });

  it('proposes Sev-2 for a crash and says why; Sev-4 without one', () => {
    const r = refreshIncident(goIncident(), { nowMs: NOW });
    const p = proposeSeverity(r.findings);
    expect(p.severity).toBe('Sev-2');
    expect(p.reason).toContain('order export queue overflow');
    expect(proposeSeverity([]).severity).toBe('Sev-4');
  });
});

describe('anchor text in the document language', () => {
  it('says how a time was inferred in English and in Chinese', () => {
    const a = {
      kind: 'absolute' as const,
      capturedAtMs: T0,
      assumed: false,
      source: 'inferred',
      basis: 'beside t2/heap.pprof',
      basisOf: { rule: 'beside' as const, from: 't2/heap.pprof' },
    };
    expect(anchorText(a, messages('en'))).toBe('inferred: beside t2/heap.pprof');
    expect(anchorText(a, messages('zh-CN'))).toBe('推断: 与 t2/heap.pprof 同目录');
    const placed = {
      ...a,
      assumed: true,
      source: 'placed',
      basisOf: { rule: 'nearest-group' as const, from: 't1/heap.pprof', gapHours: 168 },
    };
    expect(anchorText(placed, messages('en'))).toBe(
      'assumed (placed; its file time is not trusted): with t1/heap.pprof; its file time is 7 days from the evidence',
    );
  });
});
