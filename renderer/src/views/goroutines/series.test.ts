import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../../../contract/inspect.ts';
import type { OpenArtifact } from '../view-contract.ts';
import { defaultBase } from './series.ts';

const dump = (id: string, dumpKind: string, capturedAtMs?: number): OpenArtifact => ({
  id,
  result: {
    format: 'goroutine-dump',
    file: `${id}.txt`,
    ...(capturedAtMs !== undefined ? { capturedAtMs } : {}),
    goroutines: { total: 1, byState: {}, groups: [], dumpKind },
  } as unknown as InspectResult,
});

describe('defaultBase (the dump a goroutine comparison starts from)', () => {
  it('takes the previous dump of the same kind, not a crash log opened first', () => {
    const crash = dump('crash', 'traceback', 500);
    const g1 = dump('g1', 'debug2', 1_000);
    const g2 = dump('g2', 'debug2', 2_000);
    const g2d1 = dump('g2d1', 'debug1', 2_000);
    const g3 = dump('g3', 'debug2', 3_000);
    expect(defaultBase(g3, [crash, g1, g2d1, g2])?.id).toBe('g2');
    expect(defaultBase(g2, [crash, g1, g3])?.id).toBe('g1');
  });

  it('uses the next dump of the same kind when this one is the oldest', () => {
    const g1 = dump('g1', 'debug2', 1_000);
    expect(defaultBase(g1, [dump('crash', 'traceback', 5_000), dump('g2', 'debug2', 2_000)])?.id).toBe('g2');
  });

  it('compares a crash with the latest dump before it', () => {
    const crash = dump('crash', 'traceback', 3_500);
    expect(
      defaultBase(crash, [
        dump('g1', 'debug2', 1_000),
        dump('g3', 'debug1', 3_000),
        dump('c0', 'traceback', 3_200),
      ])?.id,
    ).toBe('g3');
  });

  it('falls back to any dump, and to nothing when none is open', () => {
    expect(defaultBase(dump('g1', 'debug2', 1), [dump('c', 'traceback', 2)])?.id).toBe('c');
    expect(defaultBase(dump('g1', 'debug2', 1), [])).toBeUndefined();
  });
});
