import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../incident/strings.ts';
import '../components/QueryState.tsx';
import '../shell/recovery-strings.ts';
import { i18next } from './index.ts';

const LANGS = ['en', 'zh-CN'] as const;
const SRC = resolve(import.meta.dirname, '..');

/**
 * zh-CN values allowed to equal their English value: names of formats, runtimes and units, which
 * Chinese engineering text keeps as they are.
 */
const IDENTICAL = new Set([
  'labels:eventKind_gc',
  'labels:eventKind_memstats',
  'labels:eventKind_oom',
  'labels:findingKind_oom',
  'incident:utc',
  'incident:pmEditor',
]);

function bundle(lng: string, ns: string): Record<string, string> {
  return (i18next.getResourceBundle(lng, ns) ?? {}) as Record<string, string>;
}

function namespaces(): string[] {
  return Object.keys(i18next.store.data.en ?? {});
}

describe('message catalogs', () => {
  it('have the same keys in every language, and zh-CN translates every value', () => {
    const nss = namespaces();
    expect(nss).toEqual(expect.arrayContaining(['shell', 'labels', 'views', 'incident']));
    for (const ns of nss) {
      const en = bundle('en', ns);
      const zh = bundle('zh-CN', ns);
      expect(Object.keys(zh).sort(), ns).toEqual(Object.keys(en).sort());
      const same = Object.keys(en).filter(
        (k) => zh[k] === en[k] && !IDENTICAL.has(`${ns}:${k}`) && /[A-Za-z]{3}/.test(en[k]),
      );
      expect(same.map((k) => `${ns}:${k} = ${en[k]}`)).toEqual([]);
    }
  });

  it('lists as intentionally identical only keys that exist and are identical', () => {
    for (const id of IDENTICAL) {
      const [ns, key] = id.split(':');
      expect(bundle('en', ns)[key], id).toBeDefined();
      expect(bundle('zh-CN', ns)[key], id).toBe(bundle('en', ns)[key]);
    }
  });
});

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The namespaces a source file's `t()` can resolve in: those of its `useTranslation(...)` calls. */
function fileNamespaces(text: string): string[] {
  const out = new Set<string>();
  // `getFixedT(lng, 'ns')` and `t('key', { ns: NS })` name their namespace too
  for (const m of text.matchAll(/getFixedT\([^,]+,\s*'([\w-]+)'\)/g)) out.add(m[1]);
  if (/\bns: RECOVERY_NS\b/.test(text)) out.add('recovery');
  for (const m of text.matchAll(/useTranslation\(([^)]*)\)/g)) {
    const arg = m[1].trim();
    if (arg === '') out.add('shell');
    else if (arg === 'NS') out.add('incident');
    else if (arg === 'LABELS_NS') out.add('labels');
    else if (arg === 'RECOVERY_NS') out.add('recovery');
    else if (/^'[\w-]+'$/.test(arg)) out.add(arg.slice(1, -1));
    else throw new Error(`useTranslation(${arg}): teach this test the namespace`);
  }
  return [...out];
}

describe('t() keys used in renderer/src', () => {
  it('exist in both catalogs of the namespace the file uses', () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      const nss = fileNamespaces(text);
      for (const m of text.matchAll(/\b(?:t|tv|tr)\(\s*'([^']+)'/g)) {
        count++;
        const key = m[1];
        for (const lng of LANGS) {
          const found = nss.some((ns) => {
            const b = bundle(lng, ns);
            return key in b || `${key}_other` in b;
          });
          if (!found) missing.push(`${file.slice(SRC.length + 1)}: ${key} (${lng}, ${nss.join('/')})`);
        }
      }
    }
    expect(count).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });
});

describe('labels for the engine’s enums', () => {
  it('every finding kind and severity has a label in both languages', async () => {
    const { FINDING_KINDS, SEVERITIES } = await import('../../../workers/incident/model.ts');
    const { labelsEn } = await import('./labels-en.ts');
    const keys = new Set(Object.keys(labelsEn));
    for (const k of FINDING_KINDS) expect(keys).toContain(`findingKind_${k}`);
    for (const s of SEVERITIES) expect(keys).toContain(`severity_${s}`);
  });
});
