import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileAccess } from './file-access.ts';

vi.mock('electron', () => ({}));

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-grant-'));
  writeFileSync(join(dir, 'gc.log'), 'gc 1 @0.1s\n');
  return dir;
}

describe('file access: grants only what the user chose', () => {
  it('probing a path saved in an incident says exists/size and grants nothing (/etc/passwd stays refused)', async () => {
    const dir = folder();
    const fa = new FileAccess();
    const saved = join(dir, 'gc.log');
    expect(await fa.probe([saved, join(dir, 'gone.bin'), dir])).toEqual([
      { exists: true, size: 11 },
      { exists: false },
      { exists: false },
    ]);
    await expect(fa.read(saved, 0, 4)).rejects.toThrow(/not opened by the user/);
    expect(await fa.probe(['/etc/passwd'])).toEqual([expect.objectContaining({ exists: true })]);
    await expect(fa.read('/etc/passwd', 0, 16)).rejects.toThrow(/not opened by the user/);
    // Once the user's own choice lists it, it reads.
    await fa.expand([saved]);
    expect(new TextDecoder().decode(await fa.read(saved, 0, 4))).toBe('gc 1');
  });

  it('grants a file reached through a symlink by its real path only', async () => {
    const dir = folder();
    const link = join(dir, 'alias.log');
    symlinkSync(join(dir, 'gc.log'), link);
    const fa = new FileAccess();
    const [f] = await fa.expand([link]);
    expect(f.path).toBe(join(dir, 'gc.log'));
    expect(f.name).toBe('alias.log');
    expect(fa.isAllowed(join(dir, 'gc.log'))).toBe(true);
  });

  it('a folder with a symlink cycle is walked once and ends', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'heap.pprof'), 'x');
    symlinkSync(dir, join(dir, 'a', 'b', 'loop')); // back to the top
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'b', 'up'));
    const fa = new FileAccess();
    const listed = await fa.expand([dir]);
    expect(listed.map((f) => f.name).sort()).toEqual(['gc.log', 'heap.pprof']);
  });

  it('depth, entry and file limits bound a walk', async () => {
    const dir = folder();
    let p = dir;
    for (let i = 0; i < 6; i++) {
      p = join(p, `d${i}`);
      mkdirSync(p);
      writeFileSync(join(p, `f${i}.log`), 'x');
    }
    const shallow = new FileAccess({ depth: 2, entries: 1000, files: 1000 });
    expect((await shallow.expand([dir])).map((f) => f.name).sort()).toEqual(['f0.log', 'f1.log', 'gc.log']);
    const few = new FileAccess({ depth: 16, entries: 1000, files: 2 });
    expect(await few.expand([dir])).toHaveLength(2);
    const wide = mkdtempSync(join(tmpdir(), 'pmwb-wide-'));
    for (let i = 0; i < 50; i++) writeFileSync(join(wide, `f${String(i).padStart(2, '0')}`), 'x');
    const capped = new FileAccess({ depth: 16, entries: 10, files: 1000 });
    expect(await capped.expand([wide])).toHaveLength(10);
  });
});
