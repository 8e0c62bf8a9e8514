import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../../contract/inspect.ts';
import type { OpenArtifact } from '../views/view-contract.ts';
import { sameFormat } from './ArtifactPicker.tsx';

const open = (id: string, format: string, file = `${id}.bin`): OpenArtifact => ({
  id,
  result: { format, file } as unknown as InspectResult,
});

describe('sameFormat', () => {
  it('keeps the other artifacts of the same format, in their order, never the artifact itself', () => {
    const me = open('a2', 'go-heapdump');
    const others = [
      open('p1', 'pprof'),
      open('a1', 'go-heapdump'),
      me,
      open('h1', 'hprof'),
      open('a3', 'go-heapdump'),
    ];
    expect(sameFormat(me, others).map((o) => o.id)).toEqual(['a1', 'a3']);
  });

  it('is empty when nothing else of the format is open', () => {
    expect(sameFormat(open('g1', 'goroutine-dump'), [open('x', 'pprof-text')])).toEqual([]);
  });
});
