import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BOMBS, type BombName, gzipBombParts, longLineParts } from '../testdata/bombs.ts';
import type { Report } from './lib.ts';

/**
 * Hostile input through the CLI, each case in a child process with a timer: gzip bombs that
 * inflate to 5 GiB (built here, never committed) and a 200 MB file of one line. Every case must
 * end within 30 s, with peak RSS at most 1.5 GiB, and either exit 1 with an error naming the
 * file, the offset and the bound, or exit 0 with a warning.
 */

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const INFLATED = 5 * GiB;
const TIME_LIMIT_MS = 30_000;
const RSS_LIMIT = 1.5 * GiB;
const KILL_AFTER_MS = 90_000;
const REPO = resolve(import.meta.dirname, '..');

interface Case {
  name: string;
  file: string;
  parts: () => Iterable<Uint8Array>;
}

function write(path: string, parts: Iterable<Uint8Array>): number {
  const fd = openSync(path, 'w');
  let n = 0;
  try {
    for (const p of parts) n += writeSync(fd, p);
  } finally {
    closeSync(fd);
  }
  return n;
}

interface Outcome {
  ms: number;
  peak: number;
  code: number | null;
  stderr: string;
  stdout: string;
  killed: boolean;
}

/** Runs `pmwb inspect FILE` in a child; peak RSS from GNU time when present, else sampled VmHWM. */
function inspect(file: string): Promise<Outcome> {
  const time = existsSync('/usr/bin/time');
  const args = [join(REPO, 'bin/pmwb.mjs'), 'inspect', file];
  // its own process group, so that a case past the kill timer goes with everything it started
  const child = time
    ? spawn('/usr/bin/time', ['-f', '\nPMWB_PEAK_KB=%M', process.execPath, ...args], {
        cwd: REPO,
        detached: true,
      })
    : spawn(process.execPath, args, { cwd: REPO, detached: true });
  let stdout = '';
  let stderr = '';
  let sampled = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = performance.now();
  const sampler = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) sampled = Math.max(sampled, Number(m[1]) * 1024);
    } catch {
      // exited, or not Linux
    }
  }, 50);
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, KILL_AFTER_MS);
  return new Promise((done) => {
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(killer);
      const m = /PMWB_PEAK_KB=(\d+)/.exec(stderr);
      stderr = stderr.replace(/\n?PMWB_PEAK_KB=\d+\s*$/, '');
      // GNU time reports the child's exit status itself ("Command exited with non-zero status 1")
      stderr = stderr.replace(/\n?Command exited with non-zero status \d+\s*$/, '');
      done({ ms, peak: m ? Number(m[1]) * 1024 : sampled, code, stderr, stdout, killed });
    });
  });
}

export default async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-hostile-'));
  const cases: Case[] = [
    ...(Object.keys(BOMBS) as BombName[]).map((name) => ({
      name: `${name} bomb`,
      file: join(dir, `${name}.gz`),
      parts: () => gzipBombParts(BOMBS[name], INFLATED),
    })),
    { name: 'one 200 MB line', file: join(dir, 'long-line.log'), parts: () => longLineParts(200 * MiB) },
  ];
  // PMWB_HOSTILE=name,name runs only those cases (case names start with them)
  const only = process.env.PMWB_HOSTILE?.split(',').filter(Boolean) ?? [];
  const run = only.length ? cases.filter((c) => only.some((o) => c.name.startsWith(o))) : cases;
  const failures: string[] = [];
  try {
    for (const c of run) {
      const bytes = write(c.file, c.parts());
      const o = await inspect(c.file);
      rmSync(c.file);
      const firstError = o.stderr.split('\n').find((l) => l.startsWith('pmwb: ')) ?? '';
      const warned = /warning:/.test(o.stdout);
      const outcome = o.killed
        ? `killed after ${KILL_AFTER_MS / 1000} s`
        : o.code === 1
          ? `exit 1: ${firstError.slice(0, 200)}`
          : `exit ${o.code}${warned ? ' with a warning' : ''}`;
      const size = bytes >= 10 * MiB ? `${(bytes / MiB).toFixed(0)} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
      report({ name: `${c.name} (${size} file): time`, value: Math.round(o.ms), unit: 'ms', note: outcome });
      report({ name: `${c.name}: peak RSS`, value: Math.round(o.peak / MiB), unit: 'MiB' });
      const clean =
        !o.killed &&
        ((o.code === 1 && firstError.includes(c.file) && /at (byte|line) \d+/.test(firstError)) ||
          (o.code === 0 && warned));
      if (o.ms > TIME_LIMIT_MS) failures.push(`${c.name}: ${Math.round(o.ms)} ms > ${TIME_LIMIT_MS} ms`);
      if (o.peak > RSS_LIMIT) failures.push(`${c.name}: peak RSS ${Math.round(o.peak / MiB)} MiB > 1.5 GiB`);
      if (!clean)
        failures.push(`${c.name}: not a clean exit 1 naming file and offset, nor a warning (${outcome})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) throw new Error(`hostile input over its targets:\n  ${failures.join('\n  ')}`);
}
