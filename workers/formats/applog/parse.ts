/**
 * Plain application logs (`app.log`, `stdout.log`, a service's stderr): every line that carries a
 * timestamp becomes a piece of evidence on the incident's timeline. Recognised line shapes:
 * - a timestamp in front (RFC 3339 / ISO 8601 with `T` or a space, `,` or `.` fractions, optional
 *   zone; also in brackets), behind any wrapper `unwrapLogLine` removes (Docker JSON, kubectl, journald);
 * - logfmt with `time=` / `ts=` / `t=`; JSON lines with `time` / `ts` / `timestamp` / `@timestamp`.
 * Lines without a time (stack traces, continuations) count but are not events. Read line by line
 * from the byte source; a file cut mid-line is reported as truncated where it stopped.
 */

import type { LogBlock, LogLineSummary } from '../../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { parseRfc3339, unwrapLogLine } from '../../core/log-prefix.ts';
import { type Msg, msg, warn } from '../../core/messages.ts';

const ISO = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s*/;
const LOGFMT_TIME =
  /(?:^|\s)(?:time|ts|t)="?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)"?/;
const JSON_TIME = /"(?:time|ts|timestamp|@timestamp)"\s*:\s*(?:"([^"]+)"|(\d{10}(?:\.\d+)?))/;
const LEVEL =
  /(?:^|[\s[|"(])(?:level=|lvl=|"level"\s*:\s*")?(FATAL|PANIC|CRIT(?:ICAL)?|ERROR|ERR|WARN(?:ING)?|INFO|DEBUG|TRACE)\b/i;
/** What makes a line worth proposing even without a level: the process is dying or something stalls. */
const ALARM =
  /\b(OOM|out of memory|OutOfMemory\w*|oom-?kill\w*|killed|timeout|timed out|deadline exceeded)\b/i;

export const MAX_PROPOSED = 1000;
export const MAX_OTHER = 1000;
const MAX_TEXT = 300;

/** The absolute time a log line carries and the message after it, or undefined. */
export function lineTime(raw: string): { t: number; text: string } | undefined {
  const u = unwrapLogLine(raw);
  let text = u.text;
  let t = u.timeMs;
  const iso = ISO.exec(text);
  if (iso) {
    const at = parseRfc3339(iso[1]);
    if (at !== undefined) {
      // an application timestamp behind a wrapper's: the application's own clock wins
      t = at;
      text = text.slice(iso[0].length);
    }
  }
  if (t === undefined) {
    const lf = LOGFMT_TIME.exec(text);
    if (lf) t = parseRfc3339(lf[1]);
  }
  if (t === undefined && text.trimStart().startsWith('{')) {
    const j = JSON_TIME.exec(text);
    if (j) t = j[1] !== undefined ? parseRfc3339(j[1]) : Math.round(Number(j[2]) * 1000);
  }
  return t === undefined ? undefined : { t, text };
}

function levelOf(text: string): string | undefined {
  const m = LEVEL.exec(text);
  if (!m) return undefined;
  const l = m[1].toUpperCase();
  if (l === 'ERR') return 'ERROR';
  if (l === 'WARNING') return 'WARN';
  if (l === 'CRITICAL') return 'CRIT';
  return l;
}

/** Proposed for the timeline: errors and warnings, and lines that speak of OOM, kills or timeouts. */
export function isProposed(level: string | undefined, text: string): boolean {
  return (
    level === 'ERROR' ||
    level === 'FATAL' ||
    level === 'PANIC' ||
    level === 'CRIT' ||
    level === 'WARN' ||
    ALARM.test(text)
  );
}

export interface ParsedLog {
  block: LogBlock;
  truncated: boolean;
  truncatedAt?: number;
  warnings: string[];
  warningMsgs: Msg[];
}

export async function parseAppLog(source: ByteSource, ctx: ParseContext = {}): Promise<ParsedLog> {
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const levels: Record<string, number> = {};
  const proposed: LogLineSummary[] = [];
  const other: LogLineSummary[] = [];
  let lines = 0;
  let timed = 0;
  let proposedTotal = 0;
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  let backwards = 0;
  let firstBackwards: number | undefined;
  let lastLine: { no: number; offset: number; text: string } | undefined;
  for await (const batch of lineBatches(source, ctx, state)) {
    for (const line of batch) {
      lines++;
      lastLine = line;
      const at = lineTime(line.text);
      if (!at) continue;
      timed++;
      if (lastMs !== undefined && at.t < lastMs - 1000) {
        backwards++;
        firstBackwards ??= line.no;
      }
      firstMs = firstMs === undefined ? at.t : Math.min(firstMs, at.t);
      lastMs = lastMs === undefined ? at.t : Math.max(lastMs, at.t);
      const level = levelOf(at.text);
      if (level) levels[level] = (levels[level] ?? 0) + 1;
      const p = isProposed(level, at.text);
      const entry: LogLineSummary = {
        line: line.no,
        t: at.t,
        ...(level ? { level } : {}),
        text: at.text.length > MAX_TEXT ? `${at.text.slice(0, MAX_TEXT - 1)}…` : at.text,
        proposed: p,
      };
      if (p) {
        proposedTotal++;
        if (proposed.length < MAX_PROPOSED) proposed.push(entry);
      } else if (other.length < MAX_OTHER) other.push(entry);
    }
  }
  if (timed === 0) {
    throw new ParseError(
      source.name,
      { line: Math.max(1, lines) },
      lines
        ? `an application log with timestamped lines (none of ${lines} line(s) starts with a date and time)`
        : 'an application log with timestamped lines (the file is empty)',
    );
  }
  const sink = { warnings: [] as string[], warningMsgs: [] as Msg[] };
  if (backwards) warn(sink, msg('applog/warnBackwards', { count: backwards, line: firstBackwards ?? 0 }));
  const truncated = state.endedWithoutNewline || state.gzipTruncated;
  if (truncated && lastLine)
    warn(sink, msg('applog/warnCut', { line: lastLine.no, offset: lastLine.offset }));
  const events = [...proposed, ...other].sort((a, b) => a.line - b.line);
  return {
    block: {
      lines,
      timedLines: timed,
      ...(firstMs !== undefined ? { firstMs } : {}),
      ...(lastMs !== undefined ? { lastMs } : {}),
      levels,
      proposedTotal,
      events,
      eventsCapped: proposedTotal > proposed.length || timed - proposedTotal > other.length,
    },
    truncated,
    ...(truncated && lastLine ? { truncatedAt: lastLine.offset } : {}),
    ...sink,
  };
}
