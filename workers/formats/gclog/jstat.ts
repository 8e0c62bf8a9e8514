import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { msg, warn } from '../../core/messages.ts';
import { GcColumns } from './columns.ts';
import { finishTruncation } from './go-gctrace.ts';
import { emptyParsed, type GcEvent, LINE_CHUNK, noteUnknown, type ParsedGcLog } from './model.ts';

const HEADER =
  /^\s*(Timestamp\s+)?(?:S0C\s+S1C\s+S0U\s+S1U\s+EC\s+EU\s+OC\s+OU\b|S0\s+S1\s+E\s+O\s+M\s+CCS\s+YGC\b)/;
/** Any jstat GC option's header (-gcnew, -gcold, -gccause, -gccapacity …): column names, YGC among them. */
const ANY_HEADER = /^\s*(?:Timestamp\s+)?(?:[A-Z][A-Z0-9]*\s+)*YGC(?:\s+[A-Z][A-Z0-9]*)*\s*$/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$|^-$/;
/** -gccause's last columns: the last and the current GC cause, words padded to a width. */
const TEXT_COLUMNS = new Set(['LGCC', 'GCC']);

/**
 * Reads `jstat -gc [-t] [-h N] pid interval` output, `jstat -gcutil` (the same counters, the
 * spaces as percentages of their capacity, so no heap sizes), `-gccause` (its last cause names the
 * interval's collections) and the options that show one generation (`-gcnew`, `-gcold`). The counters (YGC, YGCT, FGC, FGCT, CGC, CGCT)
 * are cumulative, so each row is compared with the one before it: a rise in YGC is a young
 * interval event whose pause is the rise in YGCT, and so on. Sizes are KB.
 */
export async function parseJstat(source: ByteSource, ctx: ParseContext): Promise<ParsedGcLog> {
  const p = emptyParsed('jstat');
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  let cols: string[] | undefined;
  let prev: Record<string, number> | undefined;
  let row = 0;
  let hasTimestamp = false;
  let lastLine = { no: 0, offset: 0, recognised: true };
  let anchor: number | undefined;
  let allWrapped = true;
  const rows: { rel: number; wrap?: number }[] = [];
  const lastOfKind: Partial<Record<GcEvent['kind'], GcEvent>> = {};
  const events: GcEvent[] = [];
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state, LINE_CHUNK)) {
    throwIfAborted(ctx.signal);
    checkRecordCount(rows.length, limits, source.name, batch[0], 'jstat rows');
    for (const l of batch) {
      p.lines = l.no;
      const u = unwrapLogLine(l.text);
      const text = u.text.trim();
      let recognised = true;
      if (text === '') {
        // blank
      } else if (HEADER.test(text) || ANY_HEADER.test(text)) {
        const first = cols === undefined;
        cols = text.split(/\s+/);
        hasTimestamp = cols[0] === 'Timestamp';
        if (first && cols.includes('O') && !cols.includes('OU'))
          warn(p, msg('jstat/warnGcutil', { line: l.no }));
        const missing = ['YGC', 'YGCT', 'FGC', 'FGCT'].filter((c) => !cols?.includes(c));
        if (missing.length) {
          warn(p, msg('jstat/warnMissingColumns', { line: l.no, columns: missing.join(', ') }));
        }
      } else if (cols) {
        const split = splitRow(text, cols);
        if (split) {
          const { fields, cause } = split;
          const r: Record<string, number> = {};
          for (let i = 0; i < fields.length; i++)
            r[cols[i]] = fields[i] === '-' ? 0 : Number(fields[i].replace(',', '.'));
          const rel = hasTimestamp ? r.Timestamp * 1000 : row * 1000;
          if (u.timeMs !== undefined) {
            if (anchor === undefined && hasTimestamp) anchor = u.timeMs - rel;
          } else allWrapped = false;
          rows.push({ rel, wrap: u.timeMs });
          if (prev) emitInterval(events, lastOfKind, prev, r, rel, l.no, cause);
          else p.firstMs = rel;
          p.lastMs = rel;
          prev = r;
          row++;
        } else recognised = false;
      } else recognised = false;
      if (recognised) p.recognisedLines++;
      else noteUnknown(p, l.no, text);
      lastLine = { no: l.no, offset: l.offset, recognised };
    }
  }
  if (!cols) warn(p, msg('jstat/warnNoHeader'));
  if (!hasTimestamp && row > 1) {
    warn(p, msg('jstat/warnNoTimestamp'));
  }
  // Absolute times: from the wrapper's timestamps (kubectl/RFC 3339) when every row has one.
  if (anchor !== undefined) {
    p.absolute = true;
    p.processStartMs = Math.round(anchor);
    for (const e of events) e.t += anchor;
    if (p.firstMs !== undefined) p.firstMs += anchor;
    if (p.lastMs !== undefined) p.lastMs += anchor;
  } else if (allWrapped && rows.length > 0 && rows[0].wrap !== undefined) {
    p.absolute = true;
    const byRel = new Map(rows.map((r) => [r.rel, r.wrap as number]));
    for (const e of events) e.t = byRel.get(e.t) ?? e.t;
    p.firstMs = rows[0].wrap;
    p.lastMs = rows[rows.length - 1].wrap;
  }
  p.cols = GcColumns.fromEvents(events);
  finishTruncation(p, state, lastLine);
  return p;
}

/**
 * A row's number fields (one per numeric column) and, for -gccause, the last GC's cause; undefined
 * when the row does not fit the header.
 */
function splitRow(text: string, cols: string[]): { fields: string[]; cause?: string } | undefined {
  const numeric = cols.filter((c) => !TEXT_COLUMNS.has(c)).length;
  const all = text.split(/\s+/);
  if (numeric === cols.length) {
    return all.length === cols.length && all.every((f) => NUMBER.test(f)) ? { fields: all } : undefined;
  }
  const fields = all.slice(0, numeric);
  if (all.length <= numeric || !fields.every((f) => NUMBER.test(f))) return undefined;
  // the causes are words padded to a column: "G1 Evacuation Pause  No GC"
  let at = 0;
  for (let i = 0; i < numeric; i++) at = text.indexOf(all[i], at) + all[i].length;
  const causes = text
    .slice(at)
    .trim()
    .split(/\s{2,}/);
  const last = cols.indexOf('LGCC') >= 0 && causes.length >= 1 ? causes[0] : undefined;
  return { fields, cause: last && last !== 'No GC' ? last : undefined };
}

function emitInterval(
  events: GcEvent[],
  last: Partial<Record<GcEvent['kind'], GcEvent>>,
  a: Record<string, number>,
  b: Record<string, number>,
  t: number,
  line: number,
  lastCause?: string,
) {
  // -gcutil has no sizes (its columns are percentages), -gcnew and -gcold only one generation's:
  // those events carry no heap totals
  const sized = ['S0U', 'S1U', 'EU', 'OU', 'OC'].every((c) => b[c] !== undefined);
  // KB with one decimal: whole bytes
  const used = (r: Record<string, number>) =>
    Math.round(((r.S0U ?? 0) + (r.S1U ?? 0) + (r.EU ?? 0) + (r.OU ?? 0)) * 1024);
  const cap = (r: Record<string, number>) =>
    Math.round(((r.S0C ?? 0) + (r.S1C ?? 0) + (r.EC ?? 0) + (r.OC ?? 0)) * 1024);
  const pairs: [string, string, GcEvent['kind']][] = [
    ['YGC', 'YGCT', 'young'],
    ['FGC', 'FGCT', 'full'],
    ['CGC', 'CGCT', 'remark'],
  ];
  // the last cause belongs to the interval's only kind of collection; with two kinds it is unclear which
  const rising = pairs.filter(([c]) => b[c] !== undefined && a[c] !== undefined && b[c] > a[c]).length;
  for (const [c, ct, kind] of pairs) {
    // A damaged header can lose a column: skip the pair rather than turn its numbers into NaN.
    if (b[c] === undefined || a[c] === undefined || b[ct] === undefined || a[ct] === undefined) continue;
    const dn = b[c] - a[c];
    const dt = Math.max(0, Math.round((b[ct] - a[ct]) * 1e6) / 1e3);
    if (dn <= 0) {
      // the count rises when a collection starts, its time when it ends: late time belongs to it
      if (dt > 0) {
        const prev = last[kind];
        if (prev) prev.pauseMs = Math.round((prev.pauseMs + dt) * 1000) / 1000;
      }
      continue;
    }
    const ev: GcEvent = {
      t,
      kind,
      name: `${c} +${dn}`,
      pauseMs: dt,
      count: dn,
      line,
    };
    if (lastCause && rising === 1) ev.cause = lastCause;
    if (sized) {
      ev.heapAfterBytes = used(b);
      ev.goalBytes = cap(b);
    }
    if (a.OU !== undefined) ev.oldBeforeBytes = Math.round(a.OU * 1024);
    if (b.OU !== undefined) ev.oldAfterBytes = Math.round(b.OU * 1024);
    if (kind === 'full' && b.OU !== undefined) ev.heapLiveBytes = Math.round(b.OU * 1024);
    events.push(ev);
    last[kind] = ev;
  }
}
