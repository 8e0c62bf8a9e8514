import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow as Row } from './lib.ts';

/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
 * one table. Targets live here, not in timed tests.
 */

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
const rows: (Row & { suite: string })[] = [];
for (const f of files) {
  const suite = f.replace('.bench.ts', '');
  console.log(`\n## ${suite}`);
  const mod = (await import(join(dir, f))) as { default: (report: (r: Row) => void) => Promise<void> };
  try {
    await mod.default((r) => {
      rows.push({ ...r, suite });
      const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
      console.log(`${r.name.padEnd(60)} ${v.padStart(12)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
    });
  } catch (e) {
    console.log(`${suite} failed: ${String(e)}`);
    process.exitCode = 1;
  }
}
console.log(`\n${rows.length} measurements from ${files.length} suites`);
