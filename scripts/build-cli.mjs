// Bundles the CLI under out/cli/ so `pmwb` starts without transpiling TypeScript (tsx is a
// devDependency). The entry (pmwb.mjs, ESM) holds only argument handling, so `--help` stays small;
// each command is a CommonJS bundle of its own (inspect.cjs, report.cjs) that the entry runs through
// V8's code cache (cli/code-cache.ts), and the build trains inspect's cache on small inputs of every
// format so that even the first run skips compiling. Run as a script
// (`node scripts/build-cli.mjs [OUTDIR]`) or import buildCli.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** The commands `cli/main.ts` imports on demand, each bundled apart: module path → export. */
const COMMANDS = { './inspect.ts': ['inspect', 'inspect'], './report.ts': ['report', 'runReport'] };

/** Small inputs of each format for training inspect's code cache (skipped when absent). */
const TRAINING = [
  'workers/formats/pprof/testdata/mixed.pb.gz',
  'samples/go-leak/artifacts/heap-1.debug1.txt',
  'samples/go-leak/artifacts/goroutines-3.debug2.txt',
  'samples/go-leak/artifacts/gctrace.log',
  'samples/go-chain/artifacts/heapdump.bin',
  'samples/java-oom/artifacts/gc.log',
  'samples/java-oom/artifacts/jstat.txt',
  'samples/java-oom/artifacts/threaddump.txt',
];

const common = {
  absWorkingDir: REPO,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

/** Resolves main.ts's `import('./inspect.ts')` to a stub that runs out/cli/inspect.cjs with its cache. */
const commandStubs = {
  name: 'pmwb-command-stubs',
  setup(b) {
    b.onResolve({ filter: /^\.\/(inspect|report)\.ts$/ }, (args) =>
      args.importer.endsWith(join('cli', 'main.ts'))
        ? { path: args.path, namespace: 'pmwb-command' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'pmwb-command' }, (args) => {
      const [name, fn] = COMMANDS[args.path];
      return {
        resolveDir: join(REPO, 'cli'),
        loader: 'js',
        contents: `import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.ts';
export async function ${fn}(...args) {
  const bundle = loadBundle(fileURLToPath(new URL('./${name}.cjs', import.meta.url)));
  try {
    return await bundle.exports.${fn}(...args);
  } finally {
    bundle.save();
  }
}
`,
      };
    });
  },
};

export async function buildCli(outdir = 'out/cli', { train = true } = {}) {
  const out = resolve(REPO, outdir);
  // an older build's chunks and caches (the caches belong to the old code)
  rmSync(join(out, 'chunks'), { recursive: true, force: true });
  if (existsSync(out))
    for (const f of readdirSync(out)) if (f.endsWith('.cache')) rmSync(join(out, f), { force: true });
  await build({
    ...common,
    entryPoints: { pmwb: 'cli/pmwb.ts' },
    outdir: out,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    plugins: [commandStubs],
  });
  for (const [path, [name]] of Object.entries(COMMANDS)) {
    await build({
      ...common,
      entryPoints: { [name]: join('cli', path) },
      outdir: out,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
    });
  }
  if (train) await trainCache(out);
  return `${outdir}/pmwb.mjs`;
}

/**
 * Runs inspect.cjs on the training inputs in one process and writes its code cache: what those runs
 * compiled is what any inspect compiles. The child is a plain `node` (no flags), as a user runs pmwb,
 * since V8 rejects a cache made under other flags.
 */
async function trainCache(out) {
  const files = TRAINING.map((f) => join(REPO, f)).filter((f) => existsSync(f));
  if (!files.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'pmwb-train-'));
  try {
    const script = join(dir, 'train.mjs');
    await build({
      ...common,
      sourcemap: false,
      format: 'esm',
      stdin: {
        contents: `import { loadBundle } from './code-cache.ts';
const bundle = loadBundle(process.argv[2]);
const io = { stdout: () => {}, stderr: () => {} };
for (const f of process.argv.slice(3)) {
  await bundle.exports.inspect([f, '--json'], io);
  await bundle.exports.inspect([f], io);
}
bundle.save(true);
`,
        resolveDir: join(REPO, 'cli'),
        loader: 'ts',
      },
      outfile: script,
    });
    execFileSync(process.execPath, [script, join(out, 'inspect.cjs'), ...files], { stdio: 'ignore' });
  } catch {
    // no trained cache: the first run writes one
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildCli(process.argv[2]);
  console.log(`pmwb bundled into ${out}`);
}
