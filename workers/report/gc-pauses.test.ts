import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../testdata/corpus.ts';
import { bytesSource } from '../core/byte-source.ts';
import { Engine } from '../engine/engine.ts';
import { artifactFromSource } from '../incident/artifacts.ts';
import { newIncident } from '../incident/model.ts';
import { refreshIncident } from './index.ts';

const NOW = Date.UTC(2026, 0, 2);

describe('report: GC pauses by kind', () => {
  it('the supporting information carries each GC log’s per-kind pause table, in the report’s language', async () => {
    const file = join(CORPUS, 'jvm-gc/jdk8-cms-failure/SampleSun1_6_0CMS.txt');
    const text = readFileSync(file, 'utf8');
    const source = bytesSource('cms.log', new TextEncoder().encode(text));
    const { result } = await new Engine().open(source);
    const artifact = await artifactFromSource('g', 'cms.log', source, result);
    const inc = newIncident({ title: 'CMS', nowMs: NOW, artifacts: [artifact] });
    const body = (lang: 'en' | 'zh-CN') => {
      const r = refreshIncident(inc, { nowMs: NOW, lang });
      return r.incident.postmortem!.sections.find((s) => s.id === 'supporting-information')!.body;
    };
    const en = body('en');
    expect(en).toContain('GC pauses by kind in cms.log:');
    expect(en).toContain('| Kind | Count | Total pause | Max | Mean |');
    const row = (label: string) => en.split('\n').find((l) => l.startsWith(`| ${label} |`));
    expect(row('Initial mark')?.split(' | ')[1]).toBe(
      String((text.match(/CMS-initial-mark: /g) ?? []).length),
    );
    expect(row('Full')?.split(' | ')[1]).toBe(
      String((text.match(/\(concurrent mode failure\)/g) ?? []).length),
    );
    expect(row('Remark')).toBeDefined();
    const zh = body('zh-CN');
    expect(zh).toContain('| 类型 | 次数 | 停顿总计 | 最长 | 平均 |');
    expect(zh).toContain('| 初始标记 |');
  });
});
