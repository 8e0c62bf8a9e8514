import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Report } from './lib.ts';

/**
 * Whole-process time of `pmwb --help` and of `pmwb inspect` on a small sample, the built bundle
 * (out/cli, what `npm run build` makes) against the TypeScript run through tsx, median of 5 runs.
 * Target: `--help` from the bundle under 150 ms. A bare `node -e 0` is reported too: on a busy
 * machine Node's own start-up is most of the figure.
 */
const REPO = resolve(import.meta.dirname, '..');
const RUNS = 5;
const SMALL = join(REPO, 'samples/go-leak/artifacts/goroutines-3.debug2.txt');

function medianMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1];
}

export default async function bench(report: Report): Promise<void> {
  execFileSync(process.execPath, [join(REPO, 'scripts/build-cli.mjs')], { cwd: REPO });
  const bin = join(REPO, 'bin/pmwb.mjs');
  const bundle = join(REPO, 'out/cli/pmwb.mjs');
  const tsx = { ...process.env, PMWB_FROM_SOURCE: '1' };
  const node = medianMs(['-e', '0']);
  report({
    name: 'cli start: bare node -e 0',
    value: Math.round(node),
    unit: 'ms',
    note: `median of ${RUNS}`,
  });
  const help = medianMs([bin, '--help']);
  report({
    name: 'cli start: pmwb --help, bundle (bin/pmwb.mjs)',
    value: Math.round(help),
    unit: 'ms',
    note: `target < 150 ms; ${Math.round(help - node)} ms over bare node`,
  });
  report({
    name: 'cli start: out/cli/pmwb.mjs --help',
    value: Math.round(medianMs([bundle, '--help'])),
    unit: 'ms',
  });
  const helpTsx = medianMs([bin, '--help'], tsx);
  report({
    name: 'cli start: pmwb --help, tsx (PMWB_FROM_SOURCE=1)',
    value: Math.round(helpTsx),
    unit: 'ms',
    note: `${(helpTsx / help).toFixed(1)}× the bundle`,
  });
  const inspect = medianMs([bin, 'inspect', SMALL]);
  report({
    name: 'cli start: pmwb inspect 27 KiB goroutine dump, bundle',
    value: Math.round(inspect),
    unit: 'ms',
  });
  const inspectTsx = medianMs([bin, 'inspect', SMALL], tsx);
  report({
    name: 'cli start: pmwb inspect 27 KiB goroutine dump, tsx',
    value: Math.round(inspectTsx),
    unit: 'ms',
    note: `${(inspectTsx / inspect).toFixed(1)}× the bundle`,
  });
}
