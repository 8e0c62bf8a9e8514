import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { parseRfc3339, unwrapLogLine } from '../../core/log-prefix.ts';
import { finishTruncation } from './go-gctrace.ts';
import {
  emptyParsed,
  type GcEvent,
  type GcEventKind,
  noteUnknown,
  num,
  type ParsedGcLog,
  sizeBytes,
} from './model.ts';

const SIZE = '(\\d+(?:[.,]\\d+)?)([BKMGT])';
const PARENS = String.raw`((?: \((?:[^()]|\([^()]*\))*\))*)`;

// ---- unified logging (JDK 9+) ----
const UL_DECORATED =
  /^\[(?:\d{4}-\d\d-\d\dT[^\]]*|\d+(?:[.,]\d+)?s|\d+ms|\d+ns|info|debug|trace|warning|error|gc[\w,\s]*|safepoint[\w,\s]*)\]/;
const UL_PAUSE = new RegExp(
  String.raw`^(Pause [A-Za-z][A-Za-z ]*?)${PARENS}(?: ${SIZE}->${SIZE}\(${SIZE}\))? (\d+(?:[.,]\d+)?)ms$`,
);
const UL_CYCLE = /^(Concurrent (?:Mark |Undo )?Cycle) (\d+(?:[.,]\d+)?)ms$/;
const UL_ZGC = new RegExp(
  String.raw`^((?:Garbage|Major|Minor) Collection)${PARENS} ${SIZE}\(\d+%\)->${SIZE}\(\d+%\)(?: (\d+(?:[.,]\d+)?)(ms|s))?$`,
);
const UL_SHEN_CLEANUP = new RegExp(
  String.raw`^(Concurrent cleanup) ${SIZE}->${SIZE}\(${SIZE}\) (\d+(?:[.,]\d+)?)ms$`,
);
const UL_OLD_REGIONS = /^Old regions: (\d+)->(\d+)/;
const UL_OLD_GEN = /^(?:ParOldGen|PSOldGen|Tenured|OldGen|Old): (\d+)K->(\d+)K/;
const UL_CPU = /^User=(\d+(?:[.,]\d+)?)s Sys=(\d+(?:[.,]\d+)?)s Real=(\d+(?:[.,]\d+)?)s/;
const UL_USING =
  /^Using (G1|Parallel|Serial|The Z Garbage Collector|Shenandoah|Concurrent Mark Sweep|Epsilon)/;
const UL_REGION = new RegExp(`^Heap [Rr]egion [Ss]ize: ${SIZE}`);
const UL_MAXCAP = new RegExp(`^Heap Max Capacity: ${SIZE}`);
const UL_COOPS = /^Heap address: 0x[0-9a-f]+, size: (\d+) MB/;
const SP_OLD = /Total time for which application threads were stopped: (\d+(?:[.,]\d+)?) seconds/;
const SP_NEW =
  /^Safepoint "[^"]*", Time since last: \d+ ns, Reaching safepoint: \d+ ns, At safepoint: \d+ ns, Total: (\d+) ns/;

// ---- JDK 8 PrintGCDetails ----
const J8_PREFIX = /^(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.,]\d+[+-]\d{4}): )?(?:(\d+[.,]\d+): )?(?:#(\d+): )?/;
const J8_EVENT_START = /^\[(?:GC\b|Full GC\b|Pause |Concurrent |CMS-concurrent-)/;
const J8_HEAD =
  /^\[(Full GC|GC pause|GC remark|GC cleanup|GC concurrent-[\w-]+|GC|Pause [A-Z][a-z]+(?: [A-Z][A-Za-z]*)*|Concurrent [a-z]+(?: [a-z]+)*|CMS-concurrent-[\w-]+)(?=[ ,:\]])/;
const J8_CAUSES = /^((?: \((?:[^()]|\([^()]*\))*\))*)/;
const J8_TIMES = /\[Times: user=(\d+(?:[.,]\d+)?) sys=(\d+(?:[.,]\d+)?), real=(\d+(?:[.,]\d+)?) secs\]/;
const J8_G1_HEAP = new RegExp(String.raw`Heap: ${SIZE}\(${SIZE}\)->${SIZE}\(${SIZE}\)`);
const J8_G1_EDEN = new RegExp(
  String.raw`Eden: ${SIZE}\(${SIZE}\)->${SIZE}\(${SIZE}\) Survivors: ${SIZE}->${SIZE}`,
);
const J8_TRANSITION = new RegExp(String.raw`${SIZE}->${SIZE}\(${SIZE}\)`, 'g');
const J8_YOUNG_GEN = /\[(PSYoungGen|ParNew|DefNew|ASParNew|ASPSYoungGen): (\d+)K->(\d+)K\((\d+)K\)/;
const J8_OLD_GEN = /\[(ParOldGen|PSOldGen|Tenured|CMS|ASCMS): (\d+)K->(\d+)K\((\d+)K\)/;
const J8_GEN_LABEL =
  /(?:PSYoungGen|ParOldGen|PSOldGen|ParNew|DefNew|Tenured|CMS|Metaspace|PSPermGen|Perm|CMS Perm|class space|Survivors|Eden):\s*$/;
const J8_STAT = /^\s*[A-Z][\w ()<>:,.=-]*?\s+\d+ us\b/;
const J8_HEADER =
  /^(?:OpenJDK|Java HotSpot|Memory: |CommandLine flags: |Heap$|\{Heap|Regions: |Humongous object|Max TLAB|GC threads|Heuristics |Shenandoah |Pacer |Initialize |Reference processing|Soft Max|Trigger: |Free: |Adaptive CSet|Collectable Garbage|Cancelling GC|Failed to|All times|all workers|Allocation pacing|Under allocation|Pacing delays|Degenerated|Full GCs|Good progress|Bad progress|Concurrent GCs|Pause Degenerated|, \[Metaspace|Status: |Reserved region|Heap Regions|Region state|\s)/;

const XMX = /-Xmx(\d+)([kKmMgGtT]?)\b/;
const MAXHEAP = /-XX:MaxHeapSize=(\d+)([kKmMgG]?)\b/;
const SHEN_INIT = new RegExp(`Initialize Shenandoah heap: .*?${SIZE} max`);
const OOM = /java\.lang\.OutOfMemoryError|OutOfMemoryError:/;

interface Pending {
  text: string;
  line: number;
  relMs?: number;
  absMs?: number;
  id?: number;
  depth: number;
  lines: number;
}

/**
 * Reads a JVM GC log: unified logging (JDK 9–21, any decorations, G1/Parallel/Serial/ZGC/Shenandoah)
 * or JDK 8 `-XX:+PrintGCDetails` (with or without date stamps, events spread over several lines).
 */
export async function parseJvmGcLog(source: ByteSource, ctx: ParseContext): Promise<ParsedGcLog> {
  const p = emptyParsed('jvm-gclog');
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  const rel: number[] = []; // per event: uptime ms (NaN when unknown)
  const abs: number[] = []; // per event: absolute ms (NaN when unknown)
  let anchor: number | undefined; // absolute process start
  let regionBytes = 0;
  let limit: { bytes: number; source: string; rank: number } | undefined;
  const setLimit = (bytes: number, source: string, rank: number) => {
    if (bytes > 0 && Number.isFinite(bytes) && (!limit || rank >= limit.rank))
      limit = { bytes, source, rank };
  };
  const details = new Map<number, { oldBefore?: number; oldAfter?: number }>();
  const lastEventOfId = new Map<number, number>();
  const seen = new Set<string>();
  let duplicates = 0;
  let sp = { count: 0, totalMs: 0, maxMs: 0 };
  let firstRel = Number.NaN;
  let lastRel = Number.NaN;
  let firstAbs = Number.NaN;
  let lastAbs = Number.NaN;
  let pending: Pending | undefined;
  let detailTarget: GcEvent | undefined; // JDK 8 G1: indented lines after the summary belong to it
  let lastLine = { no: 0, offset: 0, recognised: true };

  const push = (ev: GcEvent, relMs: number | undefined, absMs: number | undefined) => {
    p.events.push(ev);
    rel.push(relMs ?? Number.NaN);
    abs.push(absMs ?? Number.NaN);
    if (ev.id !== undefined) lastEventOfId.set(ev.id, p.events.length - 1);
  };
  const noteTime = (relMs: number | undefined, absMs: number | undefined) => {
    if (relMs !== undefined) {
      if (Number.isNaN(firstRel)) firstRel = relMs;
      lastRel = relMs;
    }
    if (absMs !== undefined) {
      if (Number.isNaN(firstAbs)) firstAbs = absMs;
      lastAbs = absMs;
      if (anchor === undefined && relMs !== undefined) anchor = absMs - relMs;
    }
  };
  const flushPending = () => {
    if (!pending) return;
    const pd = pending;
    pending = undefined;
    for (const ev of parseJdk8Record(pd.text, pd.line, pd.id)) {
      push(ev, pd.relMs, pd.absMs);
      detailTarget = ev;
    }
  };

  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state)) {
    throwIfAborted(ctx.signal);
    checkRecordCount(p.events.length, limits, source.name, batch[0], 'GC events');
    for (const l of batch) {
      p.lines = l.no;
      let text = l.text;
      let wrapTime: number | undefined;
      if (!text.startsWith('[') && !/^\d/.test(text) && text.length > 0) {
        const u = unwrapLogLine(text);
        text = u.text;
        wrapTime = u.timeMs;
      }
      let recognised = true;
      if (OOM.test(text)) p.oomMarks.push({ line: l.no, text: text.slice(0, 200), t: wrapTime });
      if (UL_DECORATED.test(text)) {
        flushPending();
        detailTarget = undefined;
        // ---- unified logging line ----
        let pos = 0;
        let relMs: number | undefined;
        let absMs: number | undefined = wrapTime;
        let tags = '';
        while (text.charCodeAt(pos) === 91 /* [ */) {
          const close = text.indexOf(']', pos);
          if (close < 0) break;
          const d = text.slice(pos + 1, close).trim();
          pos = close + 1;
          if (/^\d{4}-\d\d-\d\dT/.test(d)) absMs = parseRfc3339(d);
          else if (/^\d+(?:[.,]\d+)?s$/.test(d)) relMs = num(d.slice(0, -1)) * 1000;
          else if (/^\d+ms$/.test(d)) {
            const v = Number(d.slice(0, -2));
            if (v > 1e12) absMs = v;
            else relMs = v;
          } else if (/^\d+ns$/.test(d)) {
            const v = Number(d.slice(0, -2)) / 1e6;
            if (v > 1e12) absMs = v;
            else relMs = v;
          } else if (/^[a-z][a-z0-9_,\s]*$/.test(d) && !/^(info|debug|trace|warning|error|develop)$/.test(d))
            tags = d;
        }
        noteTime(relMs, absMs);
        const msg = text.slice(pos).trim();
        handleUnified(msg, tags, l.no, relMs, absMs);
      } else {
        // ---- JDK 8 (or a stray line) ----
        const pre = J8_PREFIX.exec(text) as RegExpExecArray;
        const body = text.slice(pre[0].length);
        const absMs = pre[1] ? parseRfc3339(pre[1]) : wrapTime;
        const relMs = pre[2] ? num(pre[2]) * 1000 : undefined;
        const id = pre[3] !== undefined ? Number(pre[3]) : undefined;
        if (pending) {
          if (
            J8_EVENT_START.test(body) &&
            (pre[1] || pre[2]) &&
            pending.depth > 0 &&
            !body.startsWith('[GC (CMS')
          ) {
            // a new event while the previous one is still open: the old one was cut short
            flushPending();
          } else {
            pending.text += ` ${text.trim()}`;
            pending.depth += bracketDepth(text);
            pending.lines++;
            if (pending.depth <= 0 || pending.lines > 400) flushPending();
            lastLine = { no: l.no, offset: l.offset, recognised: pending === undefined };
            p.recognisedLines++;
            continue;
          }
        }
        if (J8_EVENT_START.test(body)) {
          detailTarget = undefined;
          noteTime(relMs, absMs);
          pending = { text: body, line: l.no, relMs, absMs, id, depth: bracketDepth(body), lines: 1 };
          if (pending.depth <= 0) flushPending();
        } else if (detailTarget && /^\s+\[/.test(text)) {
          applyJdk8Detail(detailTarget, text);
        } else if (/^\s*\d+[.,]\d+: \[G1Ergonomics/.test(text) || (pre[0] !== '' && body.startsWith('['))) {
          noteTime(relMs, absMs);
        } else if (J8_HEADER.test(text) || J8_STAT.test(text) || text.trim() === '') {
          const x = XMX.exec(text);
          if (x) setLimit(sizeBytes(x[1], x[2] || 'B'), '-Xmx', 3);
          const mh = MAXHEAP.exec(text);
          if (mh) setLimit(sizeBytes(mh[1], mh[2] || 'B'), '-XX:MaxHeapSize', 3);
          const si = SHEN_INIT.exec(text);
          if (si) setLimit(sizeBytes(si[1], si[2]), 'Shenandoah max heap', 2);
        } else if (!OOM.test(text)) {
          recognised = false;
        }
      }
      if (recognised) p.recognisedLines++;
      else noteUnknown(p, l.no, text);
      lastLine = { no: l.no, offset: l.offset, recognised };
    }
  }
  const openAtEnd = pending !== undefined;
  flushPending();

  function handleUnified(
    msg: string,
    tags: string,
    line: number,
    relMs: number | undefined,
    absMs: number | undefined,
  ) {
    const g = /^GC\((\d+)\) /.exec(msg);
    if (g) {
      const id = Number(g[1]);
      const rest = msg.slice(g[0].length).trim();
      let m: RegExpExecArray | null;
      m = rest.startsWith('Pause ') ? UL_PAUSE.exec(rest) : null;
      if (m) {
        if (isDuplicate(id, rest)) return;
        const name = m[1].trim();
        const parens = splitParens(m[2]);
        let kind: GcEventKind = 'remark';
        let subtype: string | undefined;
        if (name === 'Pause Young') {
          kind = 'young';
          if (parens[0] && /^(Normal|Concurrent Start|Prepare Mixed|Mixed)$/.test(parens[0])) {
            subtype = parens.shift();
            if (subtype === 'Mixed') kind = 'mixed';
          }
        } else if (name === 'Pause Mixed') kind = 'mixed';
        else if (name === 'Pause Initial Mark') kind = 'young';
        else if (name === 'Pause Full' || name.startsWith('Pause Degenerated')) kind = 'full';
        const pauseMs = num(m[9]);
        const ev: GcEvent = {
          t: 0,
          kind,
          name: subtype ? `${name} (${subtype})` : name,
          pauseMs,
          id,
          line,
        };
        if (parens.length) ev.cause = parens.join(', ');
        if (m[3] !== undefined) {
          ev.heapBeforeBytes = sizeBytes(m[3], m[4]);
          ev.heapAfterBytes = sizeBytes(m[5], m[6]);
          ev.goalBytes = sizeBytes(m[7], m[8]);
          if (kind === 'full') ev.heapLiveBytes = ev.heapAfterBytes;
        }
        const d = details.get(id);
        if (d && (kind === 'young' || kind === 'mixed')) {
          ev.oldBeforeBytes = d.oldBefore;
          ev.oldAfterBytes = d.oldAfter;
        }
        details.delete(id);
        // the summary line is written at the end of the pause
        push(
          ev,
          relMs !== undefined ? relMs - pauseMs : undefined,
          absMs !== undefined ? absMs - pauseMs : undefined,
        );
        return;
      }
      m = UL_CYCLE.exec(rest);
      if (m) {
        if (isDuplicate(id, rest)) return;
        const durationMs = num(m[2]);
        push(
          { t: 0, kind: 'concurrent', name: m[1], pauseMs: 0, durationMs, id, line },
          relMs !== undefined ? relMs - durationMs : undefined,
          absMs !== undefined ? absMs - durationMs : undefined,
        );
        return;
      }
      m = UL_ZGC.exec(rest);
      if (m) {
        if (isDuplicate(id, rest)) return;
        const parens = splitParens(m[2]);
        const durationMs = m[7] !== undefined ? num(m[7]) * (m[8] === 's' ? 1000 : 1) : undefined;
        const after = sizeBytes(m[5], m[6]);
        push(
          {
            t: 0,
            kind: m[1] === 'Minor Collection' ? 'young' : 'concurrent',
            name: m[1],
            pauseMs: 0,
            durationMs,
            heapBeforeBytes: sizeBytes(m[3], m[4]),
            heapAfterBytes: after,
            heapLiveBytes: m[1] === 'Minor Collection' ? undefined : after,
            cause: parens.join(', ') || undefined,
            id,
            line,
          },
          relMs !== undefined && durationMs !== undefined ? relMs - durationMs : relMs,
          absMs !== undefined && durationMs !== undefined ? absMs - durationMs : absMs,
        );
        return;
      }
      m = UL_SHEN_CLEANUP.exec(rest);
      if (m) {
        if (isDuplicate(id, rest)) return;
        push(
          {
            t: 0,
            kind: 'concurrent',
            name: m[1],
            pauseMs: 0,
            durationMs: num(m[8]),
            heapBeforeBytes: sizeBytes(m[2], m[3]),
            heapAfterBytes: sizeBytes(m[4], m[5]),
            goalBytes: sizeBytes(m[6], m[7]),
            id,
            line,
          },
          relMs,
          absMs,
        );
        return;
      }
      m = UL_OLD_REGIONS.exec(rest);
      if (m && regionBytes > 0) {
        details.set(id, { oldBefore: Number(m[1]) * regionBytes, oldAfter: Number(m[2]) * regionBytes });
        return;
      }
      m = UL_OLD_GEN.exec(rest);
      if (m) {
        details.set(id, { oldBefore: Number(m[1]) * 1024, oldAfter: Number(m[2]) * 1024 });
        return;
      }
      m = UL_CPU.exec(rest);
      if (m) {
        const idx = lastEventOfId.get(id);
        if (idx !== undefined) {
          const ev = p.events[idx];
          if (ev.cpuMs === undefined) ev.cpuMs = Math.round((num(m[1]) + num(m[2])) * 1000);
        }
        return;
      }
      return; // another detail of a collection
    }
    if (tags.startsWith('safepoint')) {
      const a = SP_OLD.exec(msg);
      const b = a ? null : SP_NEW.exec(msg);
      if (a) noteSafepoint(num(a[1]) * 1000);
      else if (b) noteSafepoint(Number(b[1]) / 1e6);
      return;
    }
    const using = UL_USING.exec(msg);
    if (using) p.collector = using[1] === 'The Z Garbage Collector' ? 'ZGC' : using[1];
    const region = UL_REGION.exec(msg);
    if (region) regionBytes = sizeBytes(region[1], region[2]);
    const maxCap = UL_MAXCAP.exec(msg);
    if (maxCap) setLimit(sizeBytes(maxCap[1], maxCap[2]), 'Heap Max Capacity', 2);
    const coops = UL_COOPS.exec(msg);
    if (coops) setLimit(Number(coops[1]) * 1024 * 1024, 'heap reservation (gc,heap,coops)', 1);
    const x = XMX.exec(msg);
    if (x) setLimit(sizeBytes(x[1], x[2] || 'B'), '-Xmx', 3);
    const mh = MAXHEAP.exec(msg);
    if (mh) setLimit(sizeBytes(mh[1], mh[2] || 'B'), '-XX:MaxHeapSize', 3);
    void line;
  }

  function noteSafepoint(ms: number) {
    sp = { count: sp.count + 1, totalMs: sp.totalMs + ms, maxMs: Math.max(sp.maxMs, ms) };
  }

  function isDuplicate(id: number, rest: string): boolean {
    const key = `${id}|${rest}`;
    if (seen.has(key)) {
      duplicates++;
      return true;
    }
    if (seen.size > 100_000) seen.clear();
    seen.add(key);
    return false;
  }

  // ---- times ----
  const absolute =
    anchor !== undefined || (!Number.isNaN(firstAbs) && p.events.every((_, i) => !Number.isNaN(abs[i])));
  for (let i = 0; i < p.events.length; i++) {
    const r = rel[i];
    const a = abs[i];
    if (absolute)
      p.events[i].t = !Number.isNaN(a) ? a : anchor !== undefined && !Number.isNaN(r) ? anchor + r : 0;
    else p.events[i].t = Number.isNaN(r) ? 0 : r;
    p.events[i].t = Math.round(p.events[i].t * 1000) / 1000;
  }
  // Unified logging writes a pause when it ends, so a log's lines are in end order; sort by start.
  if (p.events.some((e, i) => i > 0 && e.t < p.events[i - 1].t))
    p.events.sort((a, b) => a.t - b.t || a.line - b.line);
  p.absolute = absolute;
  if (absolute) {
    if (anchor !== undefined) p.processStartMs = Math.round(anchor);
    p.firstMs = !Number.isNaN(firstAbs) ? firstAbs : undefined;
    p.lastMs = !Number.isNaN(lastAbs) ? lastAbs : undefined;
    for (const o of p.oomMarks) if (o.t === undefined && anchor !== undefined) o.t = undefined;
  } else {
    p.firstMs = Number.isNaN(firstRel) ? undefined : firstRel;
    p.lastMs = Number.isNaN(lastRel) ? undefined : lastRel;
  }
  if (limit) {
    p.logLimitBytes = limit.bytes;
    p.logLimitSource = limit.source;
  }
  if (sp.count > 0) p.safepoints = { count: sp.count, totalMs: round3(sp.totalMs), maxMs: round3(sp.maxMs) };
  if (duplicates > 0) p.warnings.push(`${duplicates} duplicated event line(s) skipped`);
  finishTruncation(p, state, lastLine);
  if (openAtEnd && !p.truncated) {
    p.truncated = true;
    p.truncatedAt = state.bytes;
    p.warnings.push('the log ends inside a multi-line event; its last event is incomplete');
  }
  return p;
}

function splitParens(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') {
      if (depth > 0) cur += ch;
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth > 0) cur += ch;
      else {
        out.push(cur);
        cur = '';
      }
    } else if (depth > 0) cur += ch;
  }
  return out;
}

function bracketDepth(s: string): number {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) d++;
    else if (c === 93) d--;
  }
  return d;
}

/** One JDK 8 event record (possibly several lines joined) → events. */
export function parseJdk8Record(rec: string, line: number, id?: number): GcEvent[] {
  const h = J8_HEAD.exec(rec);
  if (!h) return [];
  const head = h[1];
  const afterHead = rec.slice(h[0].length);
  const causes = splitParens(J8_CAUSES.exec(afterHead)?.[1] ?? '');
  const timesAt = rec.search(/\[Times: /);
  const main = timesAt >= 0 ? rec.slice(0, timesAt) : rec;
  let kind: GcEventKind | undefined;
  let name = head;
  let cause: string | undefined;
  if (head === 'Full GC') {
    kind = 'full';
    cause = causes[0];
  } else if (head === 'GC pause') {
    kind = causes.includes('mixed') ? 'mixed' : 'young';
    cause = causes[0];
    name = `GC pause (${causes.slice(1).join(') (')})`;
  } else if (head === 'GC remark' || head === 'GC cleanup') kind = 'remark';
  else if (head === 'GC') {
    cause = causes[0];
    kind = cause === 'CMS Initial Mark' || cause === 'CMS Final Remark' ? 'remark' : 'young';
    name = cause && kind === 'remark' ? cause : 'GC';
  } else if (head.startsWith('Pause ')) {
    if (/, start\]/.test(rec)) return [];
    kind = head.startsWith('Pause Full') || head.startsWith('Pause Degenerated') ? 'full' : 'remark';
    cause = causes[0];
  } else if (head === 'GC concurrent-mark-end' || head === 'CMS-concurrent-mark') kind = 'concurrent';
  else if (head === 'Concurrent cleanup' && /->/.test(rec)) kind = 'concurrent';
  if (!kind) return []; // a concurrent phase without its own event
  const ev: GcEvent = { t: 0, kind, name, pauseMs: 0, line };
  if (id !== undefined) ev.id = id;
  if (cause) ev.cause = cause;
  // duration: the outermost "…, N secs]" (last in the main part) or Shenandoah's "N ms]"
  const secs = [...main.matchAll(/(\d+(?:[.,]\d+)?) secs\]/g)];
  const ms = /(\d+(?:[.,]\d+)?) ms\]\s*$/.exec(main.trim());
  const conc = /: (\d+(?:[.,]\d+)?)\/(\d+(?:[.,]\d+)?) secs\]/.exec(main);
  if (kind === 'concurrent') {
    if (conc) ev.durationMs = num(conc[2]) * 1000;
    else if (secs.length) ev.durationMs = num(secs[secs.length - 1][1]) * 1000;
    else if (ms) ev.durationMs = num(ms[1]);
  } else if (secs.length) ev.pauseMs = round3(num(secs[secs.length - 1][1]) * 1000);
  else if (ms) ev.pauseMs = num(ms[1]);
  // heap
  const g1 = J8_G1_HEAP.exec(rec);
  if (g1) {
    ev.heapBeforeBytes = sizeBytes(g1[1], g1[2]);
    ev.heapAfterBytes = sizeBytes(g1[5], g1[6]);
    ev.goalBytes = sizeBytes(g1[7], g1[8]);
    const eden = J8_G1_EDEN.exec(rec);
    if (eden) {
      const youngBefore = sizeBytes(eden[1], eden[2]) + sizeBytes(eden[9], eden[10]);
      const youngAfter = sizeBytes(eden[5], eden[6]) + sizeBytes(eden[11], eden[12]);
      ev.oldBeforeBytes = Math.max(0, ev.heapBeforeBytes - youngBefore);
      ev.oldAfterBytes = Math.max(0, ev.heapAfterBytes - youngAfter);
    }
  } else {
    for (const t of main.matchAll(J8_TRANSITION)) {
      const before = main.slice(Math.max(0, (t.index ?? 0) - 24), t.index);
      if (J8_GEN_LABEL.test(before)) continue;
      ev.heapBeforeBytes = sizeBytes(t[1], t[2]);
      ev.heapAfterBytes = sizeBytes(t[3], t[4]);
      ev.goalBytes = sizeBytes(t[5], t[6]);
      break;
    }
    if (ev.heapAfterBytes === undefined) {
      // CMS initial mark / remark: "] 18533K(31680K), 0.001 secs]"
      const occ = /\] (\d+)K\((\d+)K\), \d+(?:[.,]\d+)? secs\]/.exec(main);
      if (occ) {
        ev.heapAfterBytes = Number(occ[1]) * 1024;
        ev.goalBytes = Number(occ[2]) * 1024;
      }
    }
    const yg = J8_YOUNG_GEN.exec(main);
    const og = J8_OLD_GEN.exec(main);
    if (og) {
      ev.oldBeforeBytes = Number(og[2]) * 1024;
      ev.oldAfterBytes = Number(og[3]) * 1024;
    } else if (
      yg &&
      ev.heapBeforeBytes !== undefined &&
      ev.heapAfterBytes !== undefined &&
      kind === 'young'
    ) {
      ev.oldBeforeBytes = Math.max(0, ev.heapBeforeBytes - Number(yg[2]) * 1024);
      ev.oldAfterBytes = Math.max(0, ev.heapAfterBytes - Number(yg[3]) * 1024);
    }
  }
  if (kind === 'full' && ev.heapAfterBytes !== undefined) ev.heapLiveBytes = ev.heapAfterBytes;
  const times = J8_TIMES.exec(rec);
  if (times) ev.cpuMs = Math.round((num(times[1]) + num(times[2])) * 1000);
  const out = [ev];
  // CMS with -XX:+CMSScavengeBeforeRemark: a young collection is nested in the remark record
  if (kind === 'remark' && /\[(ParNew|DefNew): /.test(main)) {
    const y =
      /\[(?:ParNew|DefNew): (\d+)K->(\d+)K\((\d+)K\), [\d.,]+ secs\] (\d+)K->(\d+)K\((\d+)K\), (\d+(?:[.,]\d+)?) secs\]/.exec(
        main,
      );
    if (y) {
      out.unshift({
        t: 0,
        kind: 'young',
        name: 'GC',
        cause: cause ? `${cause} (scavenge before remark)` : 'scavenge before remark',
        pauseMs: round3(num(y[7]) * 1000),
        heapBeforeBytes: Number(y[4]) * 1024,
        heapAfterBytes: Number(y[5]) * 1024,
        goalBytes: Number(y[6]) * 1024,
        line,
      });
    }
  }
  return out;
}

function applyJdk8Detail(ev: GcEvent, text: string): void {
  const g1 = J8_G1_HEAP.exec(text);
  if (g1) {
    ev.heapBeforeBytes = sizeBytes(g1[1], g1[2]);
    ev.heapAfterBytes = sizeBytes(g1[5], g1[6]);
    ev.goalBytes = sizeBytes(g1[7], g1[8]);
    const eden = J8_G1_EDEN.exec(text);
    if (eden) {
      const youngBefore = sizeBytes(eden[1], eden[2]) + sizeBytes(eden[9], eden[10]);
      const youngAfter = sizeBytes(eden[5], eden[6]) + sizeBytes(eden[11], eden[12]);
      ev.oldBeforeBytes = Math.max(0, ev.heapBeforeBytes - youngBefore);
      ev.oldAfterBytes = Math.max(0, ev.heapAfterBytes - youngAfter);
    }
    if (ev.kind === 'full') ev.heapLiveBytes = ev.heapAfterBytes;
  }
  const times = J8_TIMES.exec(text);
  if (times && ev.cpuMs === undefined) ev.cpuMs = Math.round((num(times[1]) + num(times[2])) * 1000);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
