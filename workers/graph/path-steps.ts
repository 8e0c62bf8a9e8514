import type { HeapPathStep } from '../../contract/inspect.ts';
import { hex } from './queries.ts';

/** How a step is held by the step before it: a field name or `[12]`, `+0x10`, or '' when unknown. */
export function stepVia(step: Pick<HeapPathStep, 'field' | 'index' | 'offset'>): string {
  if (step.field) return step.field;
  if (step.index !== undefined) return `[${step.index}]`;
  if (step.offset !== undefined) return `+${hex(step.offset)}`;
  return '';
}

/** A path on one line: `main.orderCache → +0x10 obj48{…} @ 0xc000… → [3] …`. */
export function formatHeapPath(steps: Pick<HeapPathStep, 'label' | 'field' | 'index' | 'offset'>[]): string {
  return steps
    .map((s) => {
      const via = stepVia(s);
      return via ? `${via} ${s.label}` : s.label;
    })
    .join(' → ');
}
