import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newGcLineFields, scanGcLine } from './gc-line-scanner.ts';

// The same grammar as the regex reader in go-gctrace.ts, kept here to compare the two.
const GC =
  /gc (\d+) @(\d+(?:\.\d+)?)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, )?(?:(\d+) MB globals, )?(\d+) P( \(forced\))?/y;

const dec = fc
  .tuple(fc.nat({ max: 100_000 }), fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }))
  .map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`));

const gcLine = fc
  .record({
    n: fc.nat({ max: 10_000_000 }),
    s: dec,
    pct: fc.nat({ max: 100 }),
    clock: fc.array(dec, { minLength: 1, maxLength: 3 }),
    cpu: fc.tuple(dec, dec, dec, dec, dec),
    h: fc.tuple(fc.nat(99_999), fc.nat(99_999), fc.nat(99_999), fc.nat(99_999)),
    stacks: fc.option(fc.nat(9999), { nil: undefined }),
    globals: fc.option(fc.nat(9999), { nil: undefined }),
    procs: fc.nat(512),
    forced: fc.boolean(),
  })
  .map(
    (r) =>
      `gc ${r.n} @${r.s}s ${r.pct}%: ${r.clock.join('+')} ms clock, ${r.cpu[0]}+${r.cpu[1]}/${r.cpu[2]}/${r.cpu[3]}+${r.cpu[4]} ms cpu, ` +
      `${r.h[0]}->${r.h[1]}->${r.h[2]} MB, ${r.h[3]} MB goal, ` +
      `${r.stacks === undefined ? '' : `${r.stacks} MB stacks, `}${r.globals === undefined ? '' : `${r.globals} MB globals, `}` +
      `${r.procs} P${r.forced ? ' (forced)' : ''}`,
  );

describe('gc line scanner', () => {
  it('reads exactly what the regex reads', () => {
    fc.assert(
      fc.property(gcLine, fc.string({ maxLength: 30 }), (line, prefix) => {
        const raw = `${prefix} ${line}`;
        const at = prefix.length + 1;
        const f = newGcLineFields();
        GC.lastIndex = at;
        const m = GC.exec(raw);
        expect(scanGcLine(raw, at, f)).toBe(m !== null);
        if (!m) return;
        expect([f.n, f.seconds, f.percent, f.h0, f.h1, f.h2, f.goal]).toEqual(
          [1, 2, 3, 6, 7, 8, 9].map((i) => Number(m[i])),
        );
        expect(f.clock).toEqual(m[4].split('+').map(Number));
        expect(f.cpu).toEqual(m[5].split(/[+/]/).map(Number));
        expect(f.forced).toBe(m[13] !== undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('says no to what is not a gc line, so the regex can take over', () => {
    const f = newGcLineFields();
    expect(scanGcLine('gc 1 @0.1s 1%: 1..2 ms clock, 1 ms cpu, 1->1->1 MB, 1 MB goal, 4 P', 0, f)).toBe(
      false,
    );
    expect(scanGcLine('gc x @', 0, f)).toBe(false);
    expect(scanGcLine('gc 12 @1.5s 3%: 0.1+2+0.1 ms clock, 0.4+0.2/1/2+0.4 ms cpu, 4->4->2 MB', 0, f)).toBe(
      false,
    );
  });
});
