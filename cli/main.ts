import { errorMessage } from '../workers/core/errors.ts';
import { type Io, isUsageError, UsageError } from './usage.ts';

export type { Io } from './usage.ts';

// The engine and Node I/O load only for the command that needs them, so `--help` starts at once.
export const HELP = `pmwb — Postmortem Workbench, headless

Usage:
  pmwb inspect FILE [--json] [--base OLDER] [--binary SERVICE_BINARY] [--limit BYTES]
               [--max-inflated SIZE]
      Sniff FILE's format, analyse it and print a summary (schema pmwb.inspect/1 with --json).
      --base OLDER   compare with an older artifact of the same format (adds "comparison")
      --binary BIN   Go heap dumps: the service binary, to name globals
      --limit BYTES  GC logs: memory limit for the time-to-OOM projection
      --max-inflated SIZE  most a compressed (.gz) file may inflate to, e.g. 8G, 512M or bytes
                     (default: 32 times its compressed size, at least 512M, at most 32G); past
                     it the file is refused as a decompression bomb (exit 1)
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
      --max-inflated SIZE    as for inspect, for every compressed file
      --title T  --service S  --owner TEAM  --severity Sev-1..4  --author NAME (repeatable)  --tz ZONE
  pmwb --help

Exit codes: 0 ok, 1 analysis error (the message names the file and offset), 2 usage error.
Formats: Go heap dump, Java HPROF (.hprof, .hprof.gz), pprof (gzip or raw, legacy CPU, debug=1 text),
goroutine dumps (debug=1, debug=2, tracebacks), Java thread dumps (jstack, jcmd Thread.print),
Go gctrace, JVM GC logs (unified, JDK 8), jstat -gc, application logs with timestamped lines.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP);
      return command ? 0 : 2;
    }
    if (command === 'inspect') {
      const { inspect } = await import('./inspect.ts');
      return await inspect(rest, io);
    }
    if (command === 'report') {
      const { runReport } = await import('./report.ts');
      return await runReport(rest, io);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (
      isUsageError(e) ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr(`pmwb: ${e.message}\n\n${HELP}`);
      return 2;
    }
    io.stderr(`pmwb: ${errorMessage(e)}\n`);
    return 1;
  }
}
