import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../testdata/corpus.ts';
import { bytesSource } from '../../core/byte-source.ts';
import { Engine } from '../../engine/engine.ts';
import { parseThreadDump } from './parse.ts';

/**
 * Thread dumps as they really come besides jstack: ThreadInfo.toString(), VisualVM-style (Spring
 * Boot), JDK 1.4 without `0x` monitors or state lines, a class histogram after the dump, a thread
 * name with a newline in it. Expected counts are read off the files themselves.
 */
const OWN = join(import.meta.dirname, 'testdata');
const own = (f: string) => readFileSync(join(OWN, f));
const corpus = (f: string) => readFileSync(join(CORPUS, 'jthreads', f));
const headerLines = (b: Buffer) =>
  b
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('"'));

async function open(name: string, bytes: Buffer) {
  return (await new Engine().open(bytesSource(name, bytes))).result;
}

describe('ThreadInfo.toString() (ThreadMXBean.dumpAllThreads)', () => {
  const bytes = own('jdk17-threadinfo.txt');
  const text = bytes.toString('utf8');

  it('reads every thread with the state its header carries', async () => {
    const d = await parseThreadDump(bytesSource('ti.txt', bytes));
    const headers = headerLines(bytes);
    expect(d.threads.map((t) => t.name)).toEqual(headers.map((h) => /^"(.*?)"/.exec(h)![1]));
    expect(d.threads.map((t) => t.state)).toEqual(headers.map((h) => / Id=\d+ ([A-Z_]+)/.exec(h)![1]));
    expect(d.truncated).toBe(false);
    expect(d.warnings).toEqual([]);
    const main = d.threads.find((t) => t.name === 'main')!;
    expect(main.id).toBe(1);
    expect(main.frames[0]).toEqual({
      function: 'sun.management.ThreadImpl.dumpThreads0',
      file: 'Native Method',
      line: 0,
      module: 'java.management@17.0.15',
    });
  });

  it('links the blocked and parked threads to the holder through the printed locks', async () => {
    const monitor = /- {2}locked java\.lang\.Object@([0-9a-f]+)/.exec(text)![1];
    const sync = /Number of locked synchronizers = 1\n\t- (\S+)@([0-9a-f]+)/.exec(text)!;
    const r = await open('ti.txt', bytes);
    expect(r.truncated).toBe(false);
    expect(r.threads?.total).toBe(headerLines(bytes).length);
    const locks = r.threads!.locks;
    expect(locks.find((l) => l.monitor === `0x${monitor}`)).toMatchObject({
      owner: 'lock-holder',
      waiters: ['monitor-waiter'],
      class: 'java.lang.Object',
    });
    expect(locks.find((l) => l.monitor === `0x${sync[2]}`)).toMatchObject({
      owner: 'lock-holder',
      waiters: ['lock-waiter'],
      class: sync[1],
    });
  });
});

describe('a thread name holding a newline and a forged header (jstack -l, JDK 17)', () => {
  const bytes = own('jdk17-evil-name.txt');
  it('is one thread with its whole name; no thread is forged', async () => {
    const d = await parseThreadDump(bytesSource('evil.txt', bytes), {}, { chunkSize: 61 });
    const evilName = 'evil\n"forged" #99 prio=5 os_prio=0 tid=0x1 nid=0x1 runnable';
    // the name's second line starts with a quote too: one header spans two lines
    expect(d.threads).toHaveLength(headerLines(bytes).length - 1);
    const evil = d.threads.filter((t) => t.name.startsWith('evil'));
    expect(evil).toHaveLength(1);
    const real = /runnable" #(\d+) daemon .* nid=(0x[0-9a-f]+)/.exec(bytes.toString('utf8'))!;
    expect(evil[0]).toMatchObject({
      name: evilName,
      id: Number(real[1]),
      nid: real[2],
      state: 'TIMED_WAITING',
      daemon: true,
    });
    expect(d.threads.some((t) => t.id === 99 || t.name === 'forged')).toBe(false);
    expect(d.warnings).toEqual([]);
    expect(d.truncated).toBe(false);
  });
});

describe('a dump followed by a class histogram (-XX:+PrintClassHistogram, kill -3)', () => {
  const bytes = own('jdk17-class-histogram.txt');
  const text = bytes.toString('utf8');
  it('is complete, and the histogram is read, not counted as stray lines', async () => {
    const d = await parseThreadDump(bytesSource('h.txt', bytes));
    expect(d.truncated).toBe(false);
    expect(d.threads).toHaveLength(headerLines(bytes).length);
    const total = /^Total\s+(\d+)\s+(\d+)$/m.exec(text)!;
    expect(d.classHistogram).toEqual({
      classes: text.split('\n').filter((l) => /^\s*\d+:\s+\d+\s+\d+\s+\S/.test(l)).length,
      instances: Number(total[1]),
      bytes: Number(total[2]),
    });
    // only the program's own "ready <pid>" line is outside the dump
    expect(d.otherLines).toBe(1);
    expect(d.warnings).toEqual([`1 line outside the dump skipped (line 1: "${text.split('\n')[0]}")`]);
  });
  it('pmwb inspect shows the histogram in the threads block', async () => {
    const r = await open('h.txt', bytes);
    const d = await parseThreadDump(bytesSource('h.txt', bytes));
    expect(r.threads?.classHistogram).toEqual(d.classHistogram);
    expect(r.truncated).toBe(false);
  });
  it('cut inside the histogram: the dump is whole, the histogram marked cut', async () => {
    const cut = bytes.subarray(0, text.indexOf('Total'));
    const d = await parseThreadDump(bytesSource('h.txt', cut));
    expect(d.threads).toHaveLength(headerLines(bytes).length);
    expect(d.truncated).toBe(true);
    expect(d.warnings[0]).toMatch(/class histogram after the dump ends before its "Total" line/);
  });
});

describe('VisualVM-style dump (Spring Boot 2.5.4 actuator text, third-party)', () => {
  const bytes = corpus('springboot-2.5.4-visualvm-style.txt');
  it('reads every thread, bare-hex monitors, and finds the deadlock the app staged', async () => {
    const r = await open('sb.txt', bytes);
    expect(r.format).toBe('java-thread-dump');
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    expect(r.threads?.total).toBe(headerLines(bytes).length);
    const states = bytes
      .toString('utf8')
      .split('\n')
      .map((l) => /^\s+java\.lang\.Thread\.State: (\S+)/.exec(l)?.[1])
      .filter((s): s is string => s !== undefined);
    const byState: Record<string, number> = {};
    for (const s of states) byState[s] = (byState[s] ?? 0) + 1;
    expect(r.threads?.byState).toEqual(byState);
    expect(r.threads?.deadlocks).toHaveLength(1);
    expect([...r.threads!.deadlocks[0].threads].sort()).toEqual(['deadLock1', 'deadLock2']);
  });
  it('keeps the ownable synchronizer VisualVM prints as "- Locked <…>"', async () => {
    const d = await parseThreadDump(bytesSource('sb.txt', bytes));
    const ctrl = d.threads.find((t) => t.name === 'Monitor Ctrl-Break')!;
    expect(ctrl.ownableSynchronizers).toEqual([
      { monitor: '0x5cba6f7f', class: 'java.util.concurrent.locks.ReentrantLock$NonfairSync' },
    ]);
    expect(d.threads.find((t) => t.name === 'Finalizer')?.state).toBe('WAITING');
  });
});

describe('JDK 1.4.1 dump: monitors without 0x, no Thread.State lines (WebLogic 8.1, third-party)', () => {
  const bytes = corpus('jdk1.4.1-weblogic-deadlock.txt');
  it('finds the monitor deadlock through the bare-hex lock lines', async () => {
    const r = await open('wl.txt', bytes);
    expect(r.truncated).toBe(false);
    expect(r.threads?.total).toBe(headerLines(bytes).length);
    expect(r.threads?.byState.UNKNOWN).toBeUndefined();
    const dl = r.threads!.deadlocks;
    expect(dl).toHaveLength(1);
    expect(dl[0].edges.map((e) => e.monitor).sort()).toEqual(['0x04624230', '0x04624238']);
    // the header's "waiting for monitor entry" is BLOCKED: the four threads queued on the two monitors
    const blocked = headerLines(bytes).filter((h) => h.includes('waiting for monitor entry')).length;
    expect(r.threads?.byState.BLOCKED).toBe(blocked);
  });
});

describe('HP-UX HotSpot dump: "Full thread dump:" without a VM name, lwp_id=, no state lines (third-party)', () => {
  const bytes = corpus('hpux-weblogic.txt');
  it('reads every thread with a state from its header', async () => {
    const r = await open('hp.txt', bytes);
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    const heads = headerLines(bytes);
    expect(r.threads?.total).toBe(heads.length);
    expect(r.threads?.byState.UNKNOWN).toBeUndefined();
    expect(r.threads?.byState.BLOCKED).toBe(
      heads.filter((h) => h.includes('waiting for monitor entry')).length,
    );
    // stackless VM threads (no #id) are the VM's own
    expect(r.threads?.byState.VM).toBe(
      bytes
        .toString('utf8')
        .split('\n')
        .filter((l, i, all) => l.startsWith('"') && !(all[i + 1] ?? '').startsWith(' ')).length,
    );
  });
});
