import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIncident, parseIncident, serializeIncident } from '../workers/incident/model.ts';
import { IncidentFiles } from './incident-files.ts';
import { atomicWriteFile, closeFolderSession, loadIncident, recoverFolder } from './incident-store.ts';

/** Saves an incident the way the desktop app and the CLI do (atomically, keeping `.bak`). */
const save = (path: string, title: string, nowMs: number) =>
  atomicWriteFile(path, serializeIncident(newIncident({ id: 'x', title, nowMs })), true);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmwb-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the autosave child in `folder`, SIGKILLs it after `killAfter` reported saves; returns the last one reported. */
function burstAndKill(folder: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'testdata', 'autosave-child.ts'), folder],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let last = 0;
    let buf = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^saved (\d+)$/.exec(l);
        if (m) last = Number(m[1]);
      }
      if (last >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`child exited without being killed: ${err}`));
    });
  });
}

describe('incident store', () => {
  it('survives SIGKILL in the middle of a burst of autosaves with every completed edit', async () => {
    for (const killAfter of [4, 40]) {
      const folder = join(dir, `kill-${killAfter}`);
      await mkdir(folder);
      const last = await burstAndKill(folder, killAfter);
      expect(last).toBeGreaterThanOrEqual(killAfter);
      // the next start of the app: leftovers of the interrupted save go
      const files = new IncidentFiles(() => folder);
      await files.startup();
      const path = join(folder, 'kill-test.pmwb');
      const r = await loadIncident(path);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const n = Number(r.incident.title.replace('edit ', ''));
      // Every save reported as complete is in the file; at most one more completed after the last report.
      expect(n).toBeGreaterThanOrEqual(last);
      expect(n).toBeLessThanOrEqual(last + 1);
      expect(r.incident.events.at(-1)?.id).toBe(`e${n}`);
      // The backup is the previous complete save.
      const b = parseIncident(await readFile(`${path}.bak`, 'utf8'));
      expect(b.ok && b.incident.title).toBe(`edit ${n - 1}`);
      expect((await readdir(folder)).some((f) => f.includes('.tmp-'))).toBe(false);
    }
  });

  it('keeps the previous good file as .bak and offers it when the file is damaged', async () => {
    const path = join(dir, 'bak.pmwb');
    await save(path, 'first', 1);
    await save(path, 'second', 2);
    expect(JSON.parse(await readFile(`${path}.bak`, 'utf8')).title).toBe('first');
    const good = await readFile(path, 'utf8');
    await writeFile(path, good.slice(0, 40));
    const r = await loadIncident(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('corrupt');
    expect(r.error.backupPath).toBe(`${path}.bak`);
    // nothing was overwritten by loading
    expect(await readFile(path, 'utf8')).toBe(good.slice(0, 40));
  });

  it('reports a hand-edited field and a missing file as structured errors', async () => {
    const path = join(dir, 'hand.pmwb');
    const doc = JSON.parse(serializeIncident(newIncident({ id: 'h', nowMs: 1 })));
    doc.severity = 'critical';
    await writeFile(path, JSON.stringify(doc));
    const r = await loadIncident(path);
    expect(!r.ok && r.error.issues[0].field).toBe('severity');
    expect(!r.ok && r.error.backupPath).toBeUndefined();
    const missing = await loadIncident(join(dir, 'nope.pmwb'));
    expect(!missing.ok && missing.error.code).toBe('io');
  });
});

describe('incident store: cleanup and crash recovery at startup', () => {
  it('a failing backup copy leaves no temp file behind (repeated saves do not fill the disk)', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'pmwb-bakfail-'));
    const path = join(sub, 'inc.pmwb');
    await save(path, 'first', 1);
    // `<file>.bak` is a non-empty folder: moving the backup into place fails every time.
    await mkdir(join(sub, 'inc.pmwb.bak', 'x'), { recursive: true });
    for (let i = 0; i < 3; i++) {
      await expect(save(path, `n${i}`, 2)).rejects.toThrow();
    }
    expect((await readdir(sub)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    // The last good save is untouched.
    const r = await loadIncident(path);
    expect(r.ok && r.incident.title).toBe('first');
  });

  it('startup removes leftovers; after a crash a damaged autosave gets its backup back, the damaged copy kept', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'pmwb-recover-'));
    const path = join(sub, 'inc-a.pmwb');
    await save(path, 'good', 1);
    await save(path, 'newer', 2);
    // First start: nothing to recover; the marker is written.
    const first = await recoverFolder(sub, 10);
    expect(first).toEqual({ uncleanShutdown: false, discardedTemp: [], restoredFromBackup: [] });
    // The run dies mid-save: a temp file stays and the file is damaged.
    await writeFile(join(sub, '.inc-a.pmwb.tmp-123-1-abcdef'), '{"half');
    await writeFile(path, '{"schema":"pmwb.incident","ver');
    const second = await recoverFolder(sub, 20);
    expect(second.uncleanShutdown).toBe(true);
    expect(second.discardedTemp).toEqual(['.inc-a.pmwb.tmp-123-1-abcdef']);
    expect(second.restoredFromBackup).toEqual(['inc-a.pmwb']);
    const r = await loadIncident(path);
    expect(r.ok && r.incident.title).toBe('good');
    expect(await readFile(`${path}.damaged-20`, 'utf8')).toContain('"ver');
    // A clean quit: the next start is not a crash and changes nothing.
    await closeFolderSession(sub);
    await writeFile(path, 'hand-edited, broken');
    const third = await recoverFolder(sub, 30);
    expect(third.uncleanShutdown).toBe(false);
    expect(third.restoredFromBackup).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe('hand-edited, broken');
  });

  it('IncidentFiles.startup/shutdown wire the same recovery for the desktop app', async () => {
    const sub = await mkdtemp(join(tmpdir(), 'pmwb-files-'));
    const files = new IncidentFiles(() => join(sub, 'incidents'));
    expect((await files.startup()).uncleanShutdown).toBe(false);
    expect((await files.startup()).uncleanShutdown).toBe(true); // no shutdown in between = crash
    await files.shutdown();
    expect((await files.startup()).uncleanShutdown).toBe(false);
  });
});
