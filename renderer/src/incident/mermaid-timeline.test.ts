import { describe, expect, it } from 'vitest';
import { goIncident } from '../../../workers/incident/test-fixtures.ts';
import { refreshIncident } from '../../../workers/report/index.ts';
import { mermaidTimeline } from './mermaid-timeline.ts';

describe('mermaidTimeline', () => {
  it('reads the title and the events of the postmortem timeline block', () => {
    const r = refreshIncident(goIncident(), { nowMs: Date.UTC(2026, 10, 21) });
    const body = r.incident.postmortem!.sections.find((s) => s.id === 'timeline')!.body;
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(body)![1];
    const tl = mermaidTimeline(block)!;
    expect(tl.title).toBe('Order service OOM');
    const rows = block.split('\n').filter((l) => l.includes(' : '));
    expect(rows.length).toBeGreaterThan(0);
    expect(tl.items).toHaveLength(rows.length);
    // each item is the time and the label of one row
    expect(tl.items.map((i) => `    ${i.time} : ${i.label}`)).toEqual(rows);
  });

  it('leaves other diagrams alone', () => {
    expect(mermaidTimeline('graph TD\n  A --> B')).toBeUndefined();
  });
});
