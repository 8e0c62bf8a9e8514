import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INCIDENT_VERSION, incidentSchema, newIncident, parseIncident, serializeIncident } from './model.ts';
import { goIncident } from './test-fixtures.ts';

describe('incident file', () => {
  it('round-trips through serialize/parse and validates against the schema', () => {
    const inc = goIncident();
    const r = parseIncident(serializeIncident(inc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.incident).toEqual(inc);
    expect(r.migratedFrom).toBeUndefined();
    expect(incidentSchema.safeParse(inc).success).toBe(true);
  });

  it('migrates version 1 (no time zone) to the current version', () => {
    const v1 = JSON.parse(serializeIncident(goIncident()));
    v1.version = 1;
    delete v1.timeZone;
    delete v1.starredDerived;
    const r = parseIncident(JSON.stringify(v1));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(1);
    expect(r.incident.version).toBe(INCIDENT_VERSION);
    expect(r.incident.timeZone).toBe('UTC');
    expect(r.incident.starredDerived).toEqual([]);
    expect(r.incident.artifacts).toHaveLength(6);
  });

  it('refuses a newer version with a structured error and the version found', () => {
    const doc = JSON.parse(serializeIncident(newIncident({ nowMs: 1 })));
    doc.version = INCIDENT_VERSION + 1;
    const r = parseIncident(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('newer-version');
    expect(r.error.foundVersion).toBe(INCIDENT_VERSION + 1);
    expect(r.error.message).toMatch(/newer/);
  });

  it('names the hand-edited field that is wrong', () => {
    const doc = JSON.parse(serializeIncident(goIncident()));
    doc.artifacts[2].sha256 = 'not-a-hash';
    doc.severity = 'Sev-9';
    const r = parseIncident(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid');
    const fields = r.error.issues.map((i) => i.field);
    expect(fields).toContain('artifacts[2].sha256');
    expect(fields).toContain('severity');
    expect(r.error.message).toMatch(/2 invalid fields/);
  });

  it('reports corrupt JSON (a half-written file) with the position', () => {
    const text = serializeIncident(goIncident());
    const r = parseIncident(text.slice(0, Math.floor(text.length / 2)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('corrupt');
    expect(parseIncident('').ok).toBe(false);
  });

  it('rejects other JSON documents as not an incident', () => {
    const r = parseIncident('{"schema":"pmwb.inspect/1"}');
    expect(!r.ok && r.error.code).toBe('not-incident');
    expect(!parseIncident('[1,2]').ok).toBe(true);
  });
});

describe('incident file: damaged input never throws', () => {
  const text = serializeIncident(goIncident());
  it('random cuts and byte flips give a structured result, never an exception', () => {
    fc.assert(
      fc.property(
        fc.nat(text.length),
        fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 32, max: 126 })), { maxLength: 4 }),
        (cut, flips) => {
          const chars = text.slice(0, cut).split('');
          for (const [i, c] of flips) if (i < chars.length) chars[i] = String.fromCharCode(c);
          const r = parseIncident(chars.join(''));
          if (!r.ok) {
            expect(['corrupt', 'not-incident', 'invalid', 'newer-version']).toContain(r.error.code);
            expect(r.error.message.length).toBeGreaterThan(10);
          } else {
            expect(r.incident.schema).toBe('pmwb.incident');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON values are rejected with a message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseIncident(JSON.stringify(v) ?? 'null');
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
