/**
 * The Chinese draft says the engine's findings in Chinese: a heap dump's suspects (their titles,
 * holders and descriptions) are carried into the findings as messages, and the zh-CN draft words
 * them from the Chinese templates, with the evidence's names as code — the English draft keeps the
 * engine's English word for word.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../core/byte-source.ts';
import { english } from '../core/messages.ts';
import { Engine } from '../engine/engine.ts';
import { makeArtifact } from '../incident/artifacts.ts';
import { newIncident } from '../incident/model.ts';
import { refreshIncident } from './index.ts';

const SAMPLES = resolve(import.meta.dirname, '../../samples');
const NOW = Date.UTC(2026, 11, 5);

async function chainIncident() {
  const file = 'go-chain/artifacts/heapdump.bin';
  const { result } = await new Engine().open(bytesSource('heapdump.bin', readFileSync(join(SAMPLES, file))));
  const artifact = makeArtifact({ id: 'h', path: `/x/${file}`, sha256: 'e'.repeat(64), result });
  return newIncident({ id: 'inc-chain', title: 'chain', nowMs: NOW, artifacts: [artifact] });
}

const rootCause = (r: ReturnType<typeof refreshIncident>) =>
  r.incident.postmortem!.sections.find((s) => s.id === 'root-cause')!.body;

describe('the Chinese draft of a heap dump’s findings', () => {
  it('carries each suspect’s messages into its finding', async () => {
    const r = refreshIncident(await chainIncident(), { nowMs: NOW, lang: 'zh-CN' });
    const suspects = r.findings.filter((f) => f.kind === 'leak-suspect');
    expect(suspects.length).toBeGreaterThan(0);
    for (const f of suspects) {
      expect(f.subjectMsg && english(f.subjectMsg)).toBe(f.subject);
      expect(f.factMsgs?.description && english(f.factMsgs.description)).toBe(f.facts?.description);
    }
    const top = r.findings.find((f) => f.kind === 'top-retainer');
    expect(top?.subjectMsg && english(top.subjectMsg)).toBe(top?.subject);
    // and into their timeline events, whose lists show the subject in the UI's language
    const events = r.timeline.events.filter((e) => e.kind === 'finding:leak-suspect');
    expect(events.length).toBe(suspects.length);
    for (const e of events) expect(e.subjectMsg && `leak-suspect: ${english(e.subjectMsg)}`).toBe(e.label);
  });

  it('words the leak suspect and the largest retainer in Chinese, names as code', async () => {
    const inc = await chainIncident();
    const zh = rootCause(refreshIncident(inc, { nowMs: NOW, lang: 'zh-CN' }));
    const en = rootCause(refreshIncident(inc, { nowMs: NOW, lang: 'en' }));
    const suspect = zh.split('\n').find((l) => l.includes('泄漏嫌疑'));
    expect(suspect, zh).toBeDefined();
    // outside code spans, the sentence has no English words (the path and names are code)
    const prose = (suspect as string).replace(/`[^`]*`/g, ' ').replace(/\[[^\]]*\]\([^)]*\)/g, ' ');
    expect(prose.match(/[A-Za-z]{4,}/g) ?? [], suspect).toEqual([]);
    expect(suspect).toContain('全局变量');
    expect(suspect).toContain('属于这一发现的还有');
    // the largest retainer: the engine's "global at bss+…" in Chinese, the offset as code
    const top = zh.split('\n').find((l) => l.includes('最大的持有者'));
    expect(top).toMatch(/最大的持有者是 位于 `bss\+0x[0-9a-f]+` 的全局变量/);
    // English: the engine's sentences as they were
    expect(en).toContain('Held by the global at bss+0x');
    expect(en).toMatch(/The largest retainer is `global at bss\+0x[0-9a-f]+`/);
  });
});
