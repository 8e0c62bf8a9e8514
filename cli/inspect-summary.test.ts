import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../contract/inspect.ts';
import { formatBytes, formatCount, formatMs, formatPercent } from '../workers/report/format.ts';
import { main } from './main.ts';
import { table } from './table.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'samples');
const goLeak = (f: string) => join(ARTIFACTS, 'go-leak', 'artifacts', f);
const javaOom = (f: string) => join(ARTIFACTS, 'java-oom', 'artifacts', f);

async function run(args: string[], isTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY });
  return { code, stdout, stderr };
}

/** The human output and the --json of the same file, so expectations come from the engine, not from here. */
async function both(args: string[]) {
  const human = await run(args);
  const json = await run([...args, '--json']);
  expect(human.code).toBe(0);
  expect(json.code).toBe(0);
  return { text: human.stdout, r: JSON.parse(json.stdout) as InspectResult };
}

/** The lines of the table whose header starts with `header`, up to the next blank line. */
function tableUnder(text: string, header: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  expect(start, `a table headed "${header}"`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

/** Right edge of column `name` in the header: every right-aligned cell below must end there. */
function expectRightAligned(rows: string[], name: string, cells: string[]) {
  // a header cell starts the line or follows the two-space gap between columns
  const at = new RegExp(`(?:^|\\s{2})${name}(?=\\s|$)`).exec(rows[0]);
  expect(at, `a column "${name}"`).not.toBeNull();
  const edge = at!.index + at![0].length;
  rows.slice(1).forEach((row, i) => {
    expect(row.slice(0, edge).endsWith(cells[i]), `row ${i + 1} "${row}" ends "${cells[i]}" at ${edge}`).toBe(
      true,
    );
  });
}

describe('pmwb inspect, human output', () => {
  it('heap: top retainers and suspects, with sizes in binary units, aligned', async () => {
    const { text, r } = await both(['inspect', goLeak('heapdump-3.bin')]);
    const heap = r.heap!;
    expect(text).toContain(
      `heap: ${formatCount(heap.objects)} objects, ${formatBytes(heap.totalBytes)} total`,
    );
    const top = tableUnder(text, 'top retainers');
    const shown = heap.top.slice(0, 10);
    expect(top).toHaveLength(shown.length + 1);
    for (const [i, t] of shown.entries()) expect(top[i + 1].startsWith(t.label.slice(0, 59))).toBe(true);
    expectRightAligned(
      top,
      'retained',
      shown.map((t) => formatBytes(t.retainedBytes)),
    );
    const suspects = tableUnder(text, 'suspects');
    expect(suspects.length).toBe(Math.min(10, heap.suspects.length) + 1);
    expect(suspects[1]).toContain(formatBytes(heap.suspects[0].retainedBytes));
    expect(suspects[1]).toContain(heap.suspects[0].accumulationPoint!);
  });

  it('heap: a Go suspect is named by its holder, a linked chain with its length', async () => {
    const { text } = await both(['inspect', goLeak('heapdump-3.bin'), '--binary', goLeak('go-leak')]);
    expect(tableUnder(text, 'suspects')[1].startsWith('main.orderCache  ')).toBe(true);
    const chain = await both(['inspect', join(ARTIFACTS, 'go-chain', 'artifacts', 'heapdump.bin')]);
    expect(tableUnder(chain.text, 'suspects')[1]).toMatch(
      /^global at bss\+0x[0-9a-f]+: linked chain of 4,096 /,
    );
  });

  it('pprof: the top 10 of the default sample type, in order, with flat and cum shares', async () => {
    const { text, r } = await both(['inspect', goLeak('heap-3.pb.gz')]);
    const p = r.profile!;
    expect(text).toContain('profile: inuse_space (bytes)');
    const rows = tableUnder(text, 'top 10 by flat');
    const top = p.top.inuse_space.slice(0, 10);
    expect(rows).toHaveLength(11);
    for (const [i, e] of top.entries()) expect(rows[i + 1].split(/\s{2,}/)[0]).toBe(e.function);
    expectRightAligned(
      rows,
      'flat',
      top.map((e) => formatBytes(e.flat)),
    );
    const share = (top[0].flat / p.totals.inuse_space) * 100;
    expect(rows[1]).toContain(formatPercent(share));
  });

  it('goroutines: one row per group with its count, state and function', async () => {
    const { text, r } = await both(['inspect', goLeak('goroutines-3.debug2.txt')]);
    const g = r.goroutines!;
    expect(text).toContain(`goroutines: ${g.total} (`);
    const rows = tableUnder(text, 'count');
    expect(rows).toHaveLength(Math.min(10, g.groups.length) + 1);
    expectRightAligned(
      rows,
      'count',
      g.groups.slice(0, 10).map((x) => formatCount(x.count)),
    );
    g.groups.slice(0, 10).forEach((x, i) => {
      expect(rows[i + 1]).toContain(x.state);
      expect(rows[i + 1]).toContain(x.function);
    });
  });

  it('GC: pauses and the time-to-limit projection', async () => {
    const { text, r } = await both(['inspect', goLeak('gctrace.log'), '--limit', '268435456']);
    const gc = r.gc!;
    const pauses = tableUnder(text, 'pauses');
    const kinds = gc.byKind ?? [];
    expect(pauses).toHaveLength(kinds.length + 2);
    expectRightAligned(pauses, 'mean / p99', [
      ...kinds.map((k) => formatMs(k.meanPauseMs)),
      formatMs(gc.pauses.p99Ms),
    ]);
    expectRightAligned(pauses, 'count', [
      ...kinds.map((k) => formatCount(k.count)),
      formatCount(gc.pauses.count),
    ]);
    expect(pauses[pauses.length - 1]).toMatch(/^all /);
    expect(text).toMatch(/projection: reaches 256 MiB about [\d.]+ (s|min|h) after the log ends/);
    const noLimit = await run(['inspect', javaOom('jstat.txt')]);
    expect(noLimit.stdout).toContain('projection: no memory limit known (give one with --limit BYTES)');
  });

  it('threads: states, stack groups and who holds a contended lock', async () => {
    const { text, r } = await both(['inspect', javaOom('threaddump.txt')]);
    const t = r.threads!;
    expect(text).toContain(`threads: ${t.total} (`);
    expect(text).toContain(`${t.byState.BLOCKED} BLOCKED`);
    const locks = tableUnder(text, 'lock');
    const contended = t.locks.filter((l) => l.waiters.length > 0);
    expect(contended.length).toBeGreaterThan(0);
    expect(locks).toHaveLength(contended.length + 1);
    expect(locks[1]).toContain(contended[0].owner!);
    expectRightAligned(locks, 'waiters', [String(contended[0].waiters.length)]);
  });

  it('uses no escape codes unless stdout is a terminal', async () => {
    const file = goLeak('goroutines-3.debug2.txt');
    const pipe = await run(['inspect', file], false);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(pipe.stdout).not.toMatch(/\u001b/);
    const tty = await run(['inspect', file], true);
    expect(tty.stdout).toContain('\u001b[1m');
  });

  it('shows control characters from a dump as U+FFFD, so a label cannot drive the terminal', () => {
    const rows = table([{ header: 'name' }], [['evil\u001b[2J\u0007name']], { color: false });
    expect(rows[1]).toBe('evil\uFFFD[2J\uFFFDname');
  });
});
