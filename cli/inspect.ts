import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { InspectResult } from '../contract/inspect.ts';
import { fileSource } from '../node/file-source.ts';
import type { ByteSource } from '../workers/core/byte-source.ts';
import { errorMessage, ParseError } from '../workers/core/errors.ts';
import { Engine } from '../workers/engine/engine.ts';
import type { OpenOptions } from '../workers/engine/format-handler.ts';
import { inspectSummary } from './inspect-summary.ts';
import { type Io, parseSize, UsageError } from './usage.ts';

/** `pmwb inspect FILE [--json] [--base OLDER] [--binary BIN] [--limit BYTES] [--max-inflated SIZE]` (see HELP in main.ts). */
export async function inspect(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      base: { type: 'string' },
      binary: { type: 'string' },
      limit: { type: 'string' },
      'max-inflated': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE');
  const file = positionals[0];
  const options: OpenOptions = {};
  if (values.limit) {
    const limit = Number(values.limit);
    if (!Number.isFinite(limit) || limit <= 0) throw new UsageError('--limit takes a number of bytes');
    options.limitBytes = limit;
  }
  if (values['max-inflated'] !== undefined) options.maxInflatedBytes = parseSize(values['max-inflated']);
  const engine = new Engine();
  const sources: ByteSource[] = [];
  let output: InspectResult & { base?: string; comparison?: unknown };
  try {
    if (values.binary) {
      options.binary = await fileSource(values.binary);
      sources.push(options.binary);
    }
    const source = await openForInspect(file);
    sources.push(source);
    const { id, result } = await engine.open(source, {}, options);
    output = { ...result };
    if (values.base) {
      const baseSource = await openForInspect(values.base);
      sources.push(baseSource);
      const base = await engine.open(baseSource, {}, options);
      output = { ...output, base: values.base, comparison: engine.compare(base.id, id) };
    }
  } finally {
    await Promise.all(sources.map((s) => s.close?.()));
  }
  if (values.json) io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  else io.stdout(inspectSummary(output, { color: io.isTTY === true && !process.env.NO_COLOR }));
  return 0;
}

async function openForInspect(path: string) {
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new UsageError(`${path} is a folder; inspect takes one file (report takes folders)`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new ParseError(path, {}, 'a readable file', errorMessage(e));
  }
  return fileSource(path);
}
