#!/usr/bin/env node
// Runs the bundled CLI (`npm run build` writes out/cli/pmwb.mjs): no TypeScript to transpile at
// start. A dev checkout without a bundle, or with sources edited after the last build, runs the
// TypeScript through tsx instead (a devDependency), so `npx pmwb` never runs stale code.
// PMWB_FROM_SOURCE=1 forces the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

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

const bundle = new URL('../out/cli/pmwb.mjs', import.meta.url);

/** Newest mtime of the TypeScript the bundle is made of (a few ms for ~150 files). */
function newestSource() {
  let newest = 0;
  for (const dir of ['cli', 'workers', 'contract', 'node']) {
    const root = new URL(`../${dir}/`, import.meta.url);
    if (!existsSync(root)) continue;
    for (const f of readdirSync(root, { recursive: true })) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts'))
        newest = Math.max(newest, statSync(new URL(f, root)).mtimeMs);
    }
  }
  return newest;
}

const built = !process.env.PMWB_FROM_SOURCE && existsSync(bundle);
const stale = built && newestSource() > statSync(bundle).mtimeMs;

if (built && !stale) {
  await import(bundle.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (built) {
      await import(bundle.href);
    } else {
      process.stderr.write(
        'pmwb: not built, and tsx (a devDependency) is not installed to run the sources.\n' +
          '  Build the CLI once: npm install && npm run build   (the CLI alone: node scripts/build-cli.mjs)\n',
      );
      process.exitCode = 1;
    }
  }
  if (register) {
    if (stale)
      process.stderr.write(
        'pmwb: sources changed since the last build; running them through tsx (npm run build to refresh out/cli)\n',
      );
    register();
    await import('../cli/pmwb.ts');
  }
}
