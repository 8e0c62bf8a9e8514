import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { createdByTree, findSuspects, groupCategory, groupGoroutines } from './analyze.ts';
import { parseGoroutineDump } from './parse.ts';

/** Real output of Go 1.19.8 made by testdata/grgo.go.txt (see testdata/README.md). */
const DIR = join(import.meta.dirname, 'testdata');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const open = (f: string) => parseGoroutineDump(bytesSource(f, readFileSync(join(DIR, f))));
const headers = (text: string) => text.split('\n').filter((l) => /^goroutine \d+ /.test(l)).length;

describe('real Go 1.19 dumps', () => {
  for (const f of readdirSync(DIR).filter((n) => n.startsWith('go1.19-'))) {
    it(`${f}: every goroutine read, no warning`, async () => {
      const d = await open(f);
      expect(d.total).toBe(headers(read(f)));
      expect(d.warnings).toEqual([]);
      expect(d.truncated).toBe(false);
      expect(d.goroutines.every((g) => !g.partial)).toBe(true);
    });
  }

  it('deep: keeps a two-line panic value', async () => {
    const d = await open('go1.19-deep.txt');
    expect(d.panic).toMatchObject({
      kind: 'panic',
      message: 'too deep\nsecond line of the panic value',
      goroutineId: 1,
      function: 'main.recurse',
    });
    const frames = d.stacks[d.goroutines[0].stack].frames;
    const recurse = read('go1.19-deep.txt')
      .split('\n')
      .filter((l) => l.startsWith('main.recurse(')).length;
    expect(frames.filter((f) => f.function === 'main.recurse')).toHaveLength(recurse);
  });

  it('deadlock: the fatal error, never-waking waits ranked first, a mutex wait seen through semacquire', async () => {
    const d = await open('go1.19-deadlock.txt');
    expect(d.panic).toMatchObject({ kind: 'fatal error', message: 'all goroutines are asleep - deadlock!' });
    const groups = groupGoroutines(d);
    const suspects = findSuspects(d, groups);
    expect(suspects[0]).toMatchObject({ kind: 'never-wakes', function: 'main.main.func1', count: 3 });
    // `select {}` in a spawned goroutine is reported; in main.main (goroutine 1) it is the idiom and is not.
    expect(suspects.map((s) => s.function)).toContain('main.main.func2');
    expect(suspects.map((s) => s.function)).not.toContain('main.main');
    const mutex = groups.find((g) => g.state === 'semacquire')!;
    expect(groupCategory(d, mutex)).toBe('mutex');
  });

  it('stack: generic methods, WaitGroup waits and locked threads', async () => {
    const d = await open('go1.19-stack.txt');
    const groups = groupGoroutines(d);
    const box = groups.find((g) => d.stacks[g.stack].frames[0].function === 'main.(*Box[...]).Wait')!;
    expect(box.count).toBe(
      read('go1.19-stack.txt')
        .split('\n')
        .filter((l) => l.startsWith('main.(*Box[...]).Wait(')).length,
    );
    const wg = groups.find((g) =>
      d.stacks[g.stack].frames.some((f) => f.function === 'sync.(*WaitGroup).Wait'),
    )!;
    expect(groupCategory(d, wg)).toBe('waitgroup');
    expect(d.goroutines.filter((g) => g.locked).map((g) => g.state)).toEqual(['sleep']);
  });

  it('ancestors: [originating from goroutine N] blocks stay out of the stack and the creator', async () => {
    const d = await open('go1.19-ancestors.txt');
    const g8 = d.goroutines.find((g) => g.id === 8)!;
    expect(g8.ancestors!.map((a) => a.id)).toEqual([7, 6, 1]);
    expect(d.stacks[g8.stack].frames.map((f) => f.function)).toEqual(['main.spawnChain']);
    expect(d.creators[g8.creator].function).toBe('main.spawnChain');
    expect(d.panic!.message).toBe('ancestors');
  });

  it('sigquit: SIGQUIT preamble, fp/sp/pc frames, runtime goroutines, the register dump', async () => {
    const text = read('go1.19-sigquit.txt');
    const d = await open('go1.19-sigquit.txt');
    expect(d.panic).toMatchObject({ kind: 'SIGQUIT', message: 'quit', goroutineId: 0 });
    expect(d.panic!.text).toEqual(['SIGQUIT: quit', text.split('\n')[1]]);
    expect(d.registerLines).toBe(text.split('\n').filter((l) => /^[a-z0-9]+\s+0x[0-9a-f]+$/.test(l)).length);
    const g0 = d.goroutines.find((g) => g.id === 0)!;
    expect(d.stacks[g0.stack].frames[0]).toMatchObject({
      function: 'runtime.futex',
      file: '/usr/lib/go-1.19/src/runtime/sys_linux_amd64.s',
      line: 559,
      pcOffset: 0x21,
    });
    const groups = groupGoroutines(d);
    const gc = groups.find((g) => g.state === 'force gc (idle)')!;
    expect(gc.stdlibOnly).toBe(true);
    // A runtime-only stack is named by its worker, not by runtime.gopark.
    expect(d.stacks[gc.stack].frames[gc.fnIndex].function).toBe('runtime.forcegchelper');
    // Goroutines started from three `go` statements in main.main: one creator node, three locations.
    const byMain = createdByTree(d, groups).find((n) => n.creator === 'main.main')!;
    expect(byMain.locations).toHaveLength(3);
    expect(byMain.count).toBe(
      d.goroutines.filter((g) => g.creator >= 0 && d.creators[g.creator].function === 'main.main').length,
    );
    const user = groups.find((g) => g.state === 'chan receive')!;
    expect(user.stdlibOnly).toBe(false);
    expect(user.count).toBe(4);
  });
});

describe('a header glued to text printed before it without a newline', () => {
  it('glued-go1.19.txt: the glued header is found; the text before it is outside the dump', async () => {
    const text = read('glued-go1.19.txt');
    const first = text.split('\n')[0];
    const glued = /^(.*?)(goroutine (\d+) \[([^\]]+)\]:)$/.exec(first)!;
    expect(glued[1]).toMatch(/dumping all stacks$/);
    const d = await open('glued-go1.19.txt');
    expect(d.total).toBe(headers(text) + 1);
    expect(d.goroutines[0]).toMatchObject({ id: Number(glued[3]), state: glued[4] });
    expect(d.truncated).toBe(false);
    expect(d.warnings).toEqual([expect.stringMatching(/^1 line outside .*dumping all stacks/)]);
  });
});
