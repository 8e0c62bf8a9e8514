import { describe, expect, it } from 'vitest';
import { checkJsonBounds, isValidTimeZone, LIMITS, parseIncident, serializeIncident } from './model.ts';
import { goIncident } from './test-fixtures.ts';

/** The saved incident as a plain JSON object to damage. */
// biome-ignore lint/suspicious/noExplicitAny: a damaged document is edited freely
function doc(): Record<string, any> {
  return JSON.parse(serializeIncident(goIncident()));
}

function problem(d: unknown) {
  const r = parseIncident(typeof d === 'string' ? d : JSON.stringify(d));
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('incident bounds on load (hostile or broken workspaces)', () => {
  it('refuses a time one past what Date can hold, naming the field', () => {
    const d = doc();
    d.events.push({
      id: 'e1',
      t: 8.64e15 + 1,
      kind: 'note',
      label: 'x',
      severity: 'info',
      starred: false,
      source: 'user',
    });
    const e = problem(d);
    expect(e.code).toBe('invalid');
    expect(e.issues.map((i) => i.field)).toContain(`events[${d.events.length - 1}].t`);
    // The edge itself is a valid Date and is accepted.
    const ok = doc();
    ok.startMs = 8.64e15;
    ok.artifacts[0].timeAnchor.capturedAtMs = -8.64e15;
    expect(parseIncident(JSON.stringify(ok)).ok).toBe(true);
    for (const field of ['createdMs', 'updatedMs', 'endMs'] as const) {
      const bad = doc();
      bad[field] = -8.64e15 - 1;
      expect(problem(bad).issues[0].field).toBe(field);
    }
    const anchor = doc();
    anchor.artifacts[1].timeAnchor.processStartMs = 1e300;
    expect(problem(anchor).issues[0].field).toBe('artifacts[1].timeAnchor.processStartMs');
  });

  it('refuses an anchor that puts the artifact’s relative GC times past the range (views would throw)', () => {
    const d = doc();
    const i = d.artifacts.findIndex((a: { summary: { gc?: unknown } }) => a.summary.gc);
    expect(i).toBeGreaterThanOrEqual(0);
    d.artifacts[i].timeAnchor = { kind: 'relative', processStartMs: 8.64e15, assumed: false, source: 'user' };
    const e = problem(d);
    expect(e.issues[0].field).toBe(`artifacts[${i}].timeAnchor.processStartMs`);
    expect(e.issues[0].message).toMatch(/places the GC log's start/);
    // The premise: that moment is no Date.
    expect(() => new Date(8.64e15 + d.artifacts[i].summary.gc.startMs).toISOString()).toThrow(RangeError);
    // A profile's own capture time past the range is refused on the summary.
    const p = doc();
    const j = p.artifacts.findIndex((a: { summary: { gc?: unknown } }) => !a.summary.gc);
    delete p.artifacts[j].timeAnchor.capturedAtMs;
    p.artifacts[j].summary.capturedAtMs = undefined;
    p.artifacts[j].summary.profile = { ...(p.artifacts[j].summary.profile ?? {}), timeNanos: 9e24 };
    delete p.artifacts[j].lastModifiedMs;
    expect(problem(p).issues[0].field).toBe(`artifacts[${j}].summary`);
  });

  it('refuses a time zone Intl does not know', () => {
    const d = doc();
    d.timeZone = 'Mars/Olympus_Mons';
    const e = problem(d);
    expect(e.issues[0].field).toBe('timeZone');
    expect(e.issues[0].message).toMatch(/time zone/);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => new Intl.DateTimeFormat('en', { timeZone: 'Mars/Olympus_Mons' })).toThrow();
  });

  it('refuses a summary nested 100,000 deep (which no autosave could stringify) without overflowing', () => {
    const depth = 100_000;
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const text = serializeIncident(goIncident()).replace('"summary": {', `"summary": {"deep": ${nested},`);
    // The premise: this document breaks JSON.stringify.
    expect(() => JSON.stringify(JSON.parse(text))).toThrow(RangeError);
    const e = problem(text);
    expect(e.code).toBe('invalid');
    expect(e.issues[0].field).toMatch(/^artifacts\[0\]\.summary\.deep(\.a)+$/);
    expect(e.issues[0].message).toMatch(/nested deeper than 64/);
  });

  it('refuses 1 M events at once, before walking or validating them', () => {
    const d = doc();
    const ev = { id: 'e', t: 0, kind: 'note', label: 'x', severity: 'info', starred: false, source: 'user' };
    d.events = new Array(1_000_000).fill(ev);
    const text = JSON.stringify(d);
    const t0 = performance.now();
    const e = problem(text);
    expect(e.issues[0]).toEqual({ field: 'events', message: '1000000 entries (at most 20000)' });
    // JSON.parse dominates; the check itself does not walk the million events.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('bounds the other lists and the length of one string', () => {
    const d = doc();
    d.checklist = new Array(LIMITS.checklistRows + 1).fill(d.checklist[0] ?? {});
    expect(problem(d).issues[0].field).toBe('checklist');
    const s = doc();
    s.artifacts[0].summary.warnings = ['w'.repeat(LIMITS.stringChars + 1)];
    const e = problem(s);
    expect(e.issues[0].field).toBe('artifacts[0].summary.warnings[0]');
    const title = doc();
    title.title = 't'.repeat(LIMITS.shortChars + 1);
    expect(problem(title).issues[0].field).toBe('title');
  });

  it('checkJsonBounds passes a real incident and walks without recursion', () => {
    expect(checkJsonBounds(doc())).toBeUndefined();
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(checkJsonBounds({ x: deep })?.message).toMatch(/nested deeper/);
  });
});
