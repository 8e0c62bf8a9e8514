// Bundles the CLI to ESM under out/cli/ so `pmwb` starts without transpiling TypeScript (tsx is a
// devDependency). Code splitting keeps `--help` small: the engine is a chunk that only `inspect`
// and `report` load. Run as a script (`node scripts/build-cli.mjs [OUTDIR]`) or import buildCli.

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli(outdir = 'out/cli') {
  // chunk names carry a content hash: drop the last build's, or they pile up
  rmSync(resolve(REPO, outdir, 'chunks'), { recursive: true, force: true });
  await build({
    absWorkingDir: REPO,
    entryPoints: { pmwb: 'cli/pmwb.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies bundled into ESM call require() for Node builtins.
    banner: {
      js: "import { createRequire as __pmwbRequire } from 'node:module'; const require = __pmwbRequire(import.meta.url);",
    },
    sourcemap: true,
    logLevel: 'warning',
  });
  return `${outdir}/pmwb.mjs`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildCli(process.argv[2]);
  console.log(`pmwb bundled into ${out}`);
}
