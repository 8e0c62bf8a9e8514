import { type ByteSource, type ParseContext, throwIfAborted } from '../../core/byte-source.ts';
import { checkRecordCount, limitsOf } from '../../core/limits.ts';
import { lineBatches, type TextLinesState } from '../../core/lines.ts';
import { unwrapLogLine } from '../../core/log-prefix.ts';
import { emptyParsed, type GcEvent, noteUnknown, type ParsedGcLog } from './model.ts';

const MB = 1024 * 1024;
/** Prefixed lines per run used to anchor @S to the wall clock. */
const ANCHOR_SAMPLES = 1000;

// gc 1 @0.016s 19%: 0.053+36+0.016 ms clock, 0.21+36/4.9/39+0.066 ms cpu, 3->3->3 MB, 4 MB goal,
// 66 MB stacks, 0 MB globals, 4 P (forced)      — stacks/globals only from Go 1.18
const GC_STICKY =
  /gc (\d+) @(\d+(?:\.\d+)?)s (\d+)%: (\d+(?:\.\d+)?(?:\+\d+(?:\.\d+)?)*) ms clock, (\d+(?:\.\d+)?(?:[+/]\d+(?:\.\d+)?)*) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, )?(?:(\d+) MB globals, )?(\d+) P( \(forced\))?/y;
// Go 1.20: scav 0 KiB work, 8 KiB total, 92% util ; Go 1.23: scav 0 KiB work (bg), 0 KiB work (eager), 8 KiB now, 92% util
const SCAV_120 = /(?:^|\s)scav (\d+) KiB work, (\d+) KiB total, (\d+)% util/;
const SCAV_123 = /(?:^|\s)scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util/;
// before Go 1.13 (also in the Go 1.9 corpus file)
const SCVG_OLD =
  /(?:^|\s)scvg(\d+): inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)/;
const SCVG_OTHER = /(?:^|\s)scvg\d*: /;
const OOM = /(?:fatal error: )?runtime: out of memory|fatal error: out of memory/;
const GOMEMLIMIT = /GOMEMLIMIT[=:]\s*"?(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB|k|m|g)?"?/i;

const MEM_UNITS: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** Reads a `GODEBUG=gctrace=1` log (Go 1.5 … 1.23+), with scavenger lines and application output around it. */
export async function parseGoGctrace(source: ByteSource, ctx: ParseContext): Promise<ParsedGcLog> {
  const p = emptyParsed('go-gctrace');
  const state: TextLinesState = { endedWithoutNewline: false, gzipTruncated: false, bytes: 0 };
  // Per process (a log may span restarts): the anchor (absolute start) and the relative offset
  // that keeps an un-anchored series continuous.
  const segments: { anchor?: number; samples: number; shift: number; firstEvent: number }[] = [
    { samples: 0, shift: 0, firstEvent: 0 },
  ];
  let lastN = -1;
  let lastRelT = 0;
  let lastNo = 0;
  let lastOffset = 0;
  let lastRecognised = true;
  let restarts = 0;
  const limits = limitsOf(ctx);
  for await (const batch of lineBatches(source, ctx, state)) {
    throwIfAborted(ctx.signal);
    checkRecordCount(p.events.length, limits, source.name, batch[0], 'GC events');
    for (const l of batch) {
      p.lines = l.no;
      const raw = l.text;
      // Fast path: find "gc N @" and match from there (sticky); the prefix is parsed only while
      // the current run still needs a wall-clock anchor.
      const at = raw.startsWith('gc ') ? 0 : raw.indexOf(' gc ') + 1;
      let m: RegExpExecArray | null = null;
      if (at >= 0 && (at > 0 || raw.startsWith('gc '))) {
        GC_STICKY.lastIndex = at;
        m = GC_STICKY.exec(raw);
      }
      const text = raw;
      let recognised = false;
      if (m) {
        recognised = true;
        const n = Number(m[1]);
        const relT = Number(m[2]) * 1000;
        if (n <= lastN && (n === 1 || relT < lastRelT)) {
          restarts++;
          const prev = segments[segments.length - 1];
          segments.push({ samples: 0, shift: prev.shift + lastRelT, firstEvent: p.events.length });
          p.warnings.push(
            `line ${l.no}: the process restarted (gc ${n} after gc ${lastN}); times continue from the previous run`,
          );
        }
        lastN = n;
        lastRelT = relT;
        const seg = segments[segments.length - 1];
        // A prefix is stamped when the line arrives, after the cycle began at @S: the smallest
        // (prefix − @S) over the first lines is the best estimate of the process start.
        if (at > 0 && seg.samples < ANCHOR_SAMPLES) {
          const timeMs = unwrapLogLine(raw).timeMs;
          if (timeMs !== undefined) {
            seg.samples++;
            seg.anchor = seg.anchor === undefined ? timeMs - relT : Math.min(seg.anchor, timeMs - relT);
          }
        }
        const clock = terms(m[4]);
        const cpu = terms(m[5]);
        // clock: sweep termination + concurrent mark + mark termination; STW = first + last
        const pauseMs = clock.length >= 2 ? clock[0] + clock[clock.length - 1] : clock[0];
        let clockSum = 0;
        for (const c of clock) clockSum += c;
        // cpu: d + e/f/g + h: assist, background, idle; GC CPU = all but idle
        let cpuMs = 0;
        if (cpu.length === 5) cpuMs = cpu[0] + cpu[1] + cpu[2] + cpu[4];
        else for (const c of cpu) cpuMs += c;
        const ev: GcEvent = {
          t: relT,
          kind: 'go-cycle',
          name: `gc ${n}`,
          id: n,
          pauseMs: round3(pauseMs),
          durationMs: round3(clockSum),
          heapBeforeBytes: Number(m[6]) * MB,
          heapAfterBytes: Number(m[7]) * MB,
          heapLiveBytes: Number(m[8]) * MB,
          goalBytes: Number(m[9]) * MB,
          cpuMs: round3(cpuMs),
          cumulativeCpuPercent: Number(m[3]),
          line: l.no,
        };
        if (m[13]) {
          ev.forced = true;
          ev.cause = 'forced';
        }
        p.events.push(ev);
      } else if (text.includes('scav') || text.includes('scvg')) {
        const t = lastRelT;
        const s123 = SCAV_123.exec(text);
        const s120 = s123 ? null : SCAV_120.exec(text);
        const sOld = s123 || s120 ? null : SCVG_OLD.exec(text);
        if (s123) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(s123[1]) + Number(s123[2]),
            totalKiB: Number(s123[3]),
            utilPercent: Number(s123[4]),
          });
          recognised = true;
        } else if (s120) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(s120[1]),
            totalKiB: Number(s120[2]),
            utilPercent: Number(s120[3]),
          });
          recognised = true;
        } else if (sOld) {
          p.scavenges.push({
            t,
            line: l.no,
            releasedKiB: Number(sOld[5]) * 1024,
            totalKiB: Number(sOld[4]) * 1024,
          });
          recognised = true;
        } else if (SCVG_OTHER.test(text)) recognised = true;
      }
      if (!recognised) {
        if (OOM.test(text)) {
          p.oomMarks.push({ t: lastRelT, line: l.no, text: text.slice(0, 200) });
          recognised = true;
        } else {
          const g = /gomemlimit/i.test(text) ? GOMEMLIMIT.exec(text) : null;
          if (g) {
            const unit = (g[2] ?? 'b').toLowerCase();
            const bytes = Number(g[1]) * (MEM_UNITS[unit] ?? 1);
            if (bytes > 0 && Number.isFinite(bytes)) {
              p.logLimitBytes = Math.round(bytes);
              p.logLimitSource = `GOMEMLIMIT (line ${l.no})`;
            }
            recognised = true;
          }
        }
      }
      if (recognised) p.recognisedLines++;
      else if (text.trim() !== '') noteUnknown(p, l.no, text);
      lastNo = l.no;
      lastOffset = l.offset;
      lastRecognised = recognised;
    }
  }
  // Times: absolute when every run was anchored by a timestamp prefix.
  const anchored = segments.every((s) => s.anchor !== undefined);
  for (let si = 0; si < segments.length; si++) {
    const seg = segments[si];
    const end = si + 1 < segments.length ? segments[si + 1].firstEvent : p.events.length;
    const base = anchored ? (seg.anchor as number) : seg.shift;
    for (let i = seg.firstEvent; i < end; i++)
      p.events[i].t = Math.round((p.events[i].t + base) * 1000) / 1000;
  }
  if (anchored && p.events.length > 0) {
    p.absolute = true;
    p.processStartMs = Math.round(segments[0].anchor as number);
    const base = segments[0].anchor as number;
    for (const s of p.scavenges) s.t += base;
    for (const o of p.oomMarks) if (o.t !== undefined) o.t += base;
  }
  if (restarts > 0) p.warnings.push(`${restarts} restart(s) of the process in this log`);
  if (p.events.length > 0) {
    p.firstMs = p.events[0].t;
    const last = p.events[p.events.length - 1];
    p.lastMs = last.t + (last.durationMs ?? 0);
  }
  finishTruncation(p, state, { no: lastNo, offset: lastOffset, recognised: lastRecognised });
  return p;
}

/** A last line without a newline that is not a complete record means the file was cut. */
export function finishTruncation(
  p: ParsedGcLog,
  state: TextLinesState,
  lastLine: { no: number; offset: number; recognised: boolean },
): void {
  if (state.gzipTruncated) {
    p.truncated = true;
    p.truncatedAt = state.bytes;
    p.warnings.push(`the gzip stream ends early; read ${state.bytes} bytes of log text`);
  } else if (state.endedWithoutNewline && !lastLine.recognised) {
    p.truncated = true;
    p.truncatedAt = lastLine.offset;
    p.warnings.push(
      `the file ends mid-line at line ${lastLine.no} (byte ${lastLine.offset}); the last line is incomplete`,
    );
  }
}

/** `0.053+36+0.016` or `0.21+36/4.9/39+0.066` → the numbers, without regex or array churn. */
function terms(s: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 43;
    if (c === 43 /* + */ || c === 47 /* / */) {
      out.push(+s.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
