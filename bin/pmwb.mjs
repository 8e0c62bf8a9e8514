#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx registers the loader), so `npx pmwb` needs no build step.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Whether the process runs under an address-space limit (`ulimit -v`, some containers). */
function addressSpaceLimited() {
  try {
    const m = /^Max address space\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m !== null && m[1] !== 'unlimited';
  } catch {
    return false;
  }
}

// Under such a limit, Node's WebAssembly guard regions (10 GiB of address space per memory; tsx's
// loader uses WebAssembly) and glibc's per-thread malloc arenas (64 MiB each) exhaust it before the
// engine allocates anything: restart once without them.
if (addressSpaceLimited() && !process.execArgv.includes('--disable-wasm-trap-handler')) {
  const r = spawnSync(
    process.execPath,
    ['--disable-wasm-trap-handler', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' } },
  );
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../cli/pmwb.ts');
