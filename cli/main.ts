import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ByteSource } from '../workers/core/byte-source.ts';
import { errorMessage, ParseError } from '../workers/core/errors.ts';
import { Engine } from '../workers/engine/engine.ts';
import type { OpenOptions } from '../workers/engine/format-handler.ts';
import { fileSource } from './node-source.ts';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const HELP = `pmwb — Postmortem Workbench, headless

Usage:
  pmwb inspect FILE [--json] [--base OLDER] [--binary SERVICE_BINARY] [--limit BYTES]
      Sniff FILE's format, analyse it and print a summary (schema pmwb.inspect/1 with --json).
      --base OLDER   compare with an older artifact of the same format (adds "comparison")
      --binary BIN   Go heap dumps: the service binary, to name globals
      --limit BYTES  GC logs: memory limit for the time-to-OOM projection
  pmwb report FILE|FOLDER… --out DIR [options]
      Analyse every file (folders are scanned; unknown files are listed as skipped), build the
      incident timeline and findings, and write postmortem.md, checklist.csv, timeline.json,
      chart SVGs, evidence/ pages and incident.pmwb to DIR. Without --severity the evidence proposes one.
      Files without a clock of their own are placed by the evidence beside them (timeline.json says how).
      --incident FILE.pmwb   start from a saved incident (its events, edits and checklist; never modified)
      --anchor FILE=RFC3339  when a file without timestamps was captured (repeatable)
      --lang en|zh-CN        language of the postmortem and checklist (default en)
      --self-contained       one .md with no chart files
      --library              add the baseline defense library to the checklist, not only suggestions
      --limit BYTES          memory limit for the time-to-OOM projection
      --title T  --service S  --owner TEAM  --severity Sev-1..4  --author NAME (repeatable)  --tz ZONE
  pmwb --help

Exit codes: 0 ok, 1 analysis error (the message names the file and offset), 2 usage error.
Formats: Go heap dump, Java HPROF (.hprof, .hprof.gz), pprof (gzip or raw, legacy CPU, debug=1 text),
goroutine dumps (debug=1, debug=2, tracebacks), Java thread dumps (jstack, jcmd Thread.print),
Go gctrace, JVM GC logs (unified, JDK 8), jstat -gc, application logs with timestamped lines.
`;

class UsageError extends Error {}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP);
      return command ? 0 : 2;
    }
    if (command === 'inspect') return await inspect(rest, io);
    if (command === 'report') {
      const { runReport } = await import('./report.ts');
      return await runReport(rest, io);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr(`pmwb: ${e.message}\n\n${HELP}`);
      return 2;
    }
    io.stderr(`pmwb: ${errorMessage(e)}\n`);
    return 1;
  }
}

async function inspect(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      base: { type: 'string' },
      binary: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE');
  const file = positionals[0];
  const options: OpenOptions = {};
  if (values.binary) options.binary = await fileSource(values.binary);
  if (values.limit) {
    const limit = Number(values.limit);
    if (!Number.isFinite(limit) || limit <= 0) throw new UsageError('--limit takes a number of bytes');
    options.limitBytes = limit;
  }
  const engine = new Engine();
  const sources: ByteSource[] = options.binary ? [options.binary] : [];
  let output: Record<string, unknown>;
  try {
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
  else io.stdout(humanSummary(output));
  return 0;
}

async function openForInspect(path: string) {
  try {
    const st = await stat(path);
    if (st.isDirectory())
      throw new UsageError(`${path} is a folder; inspect takes one file (report takes folders)`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new ParseError(path, {}, 'a readable file', errorMessage(e));
  }
  return fileSource(path);
}

function humanSummary(r: Record<string, unknown>): string {
  const lines = [
    `${r.file}: ${r.format}, ${r.bytes} bytes, parsed in ${r.parseMs} ms${r.truncated ? ' (TRUNCATED)' : ''}`,
  ];
  for (const w of (r.warnings as string[]) ?? []) lines.push(`  warning: ${w}`);
  for (const key of ['heap', 'profile', 'goroutines', 'gc', 'threads']) {
    const block = r[key] as Record<string, unknown> | undefined;
    if (!block) continue;
    for (const [k, v] of Object.entries(block)) {
      if (typeof v === 'number' || typeof v === 'string') lines.push(`  ${key}.${k}: ${v}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Lists a folder's regular files (one level and below), for `report` and folder opening. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (entry.isFile()) out.push(p);
    }
  }
  return out.sort();
}
