import type { FormatId } from '../../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { english, type Msg, msg } from '../../core/messages.ts';
import type { FormatHandler, OpenedArtifact, OpenOptions } from '../../engine/format-handler.ts';
import {
  analyse,
  buildBlock,
  downsample,
  fitTrend,
  type GcAnalysis,
  project,
  seriesPoints,
} from './analysis.ts';
import { parseGoGctrace } from './go-gctrace.ts';
import { parseJstat } from './jstat.ts';
import { parseJvmGcLog } from './jvm-gclog.ts';
import type { GcEvent, ParsedGcLog } from './model.ts';

type GcFormat = 'go-gctrace' | 'jvm-gclog' | 'jstat';

const EXPECTED: Record<GcFormat, string> = {
  'go-gctrace': 'a Go gctrace log (lines like "gc 1 @0.016s 2%: 0.05+1.2+0.01 ms clock, …")',
  'jvm-gclog':
    'a JVM GC log (unified logging "[0.202s][info][gc] GC(0) Pause Young …" or JDK 8 "[GC (Allocation Failure) …")',
  jstat: 'jstat -gc output (a header "S0C S1C S0U S1U EC EU OC OU …" and rows of numbers)',
};

const PARSERS: Record<GcFormat, (s: ByteSource, c: ParseContext) => Promise<ParsedGcLog>> = {
  'go-gctrace': parseGoGctrace,
  'jvm-gclog': parseJvmGcLog,
  jstat: parseJstat,
};

/** The model kept in the worker for paging, re-projection and comparison. */
export interface GcModel {
  parsed: ParsedGcLog;
  analysis: GcAnalysis;
}

/** The queries a GC view calls; the renderer's calls are typed by them. */
export type GcQueries = ReturnType<typeof gcQueries>;

function gcQueries(parsed: ParsedGcLog, analysis: GcAnalysis) {
  const cols = parsed.cols;
  return {
    /** A page of the full event list (all fields), optionally only some kinds. */
    events: (offset = 0, limit = 200, kinds?: string[]) => {
      const o = Math.max(0, Math.floor(offset));
      const n = Math.max(0, Math.min(5000, Math.floor(limit)));
      const rows: GcEvent[] = [];
      if (!kinds?.length) {
        for (let i = o; i < Math.min(cols.length, o + n); i++) rows.push(cols.event(i));
        return { total: cols.length, offset: o, rows };
      }
      let total = 0;
      for (let i = 0; i < cols.length; i++) {
        if (!kinds.includes(cols.kindOf(i))) continue;
        if (total >= o && rows.length < n) rows.push(cols.event(i));
        total++;
      }
      return { total, offset: o, rows };
    },
    /** Chart points between two times, downsampled to about `maxPoints` keeping maxima. */
    series: (fromMs?: number, toMs?: number, maxPoints = 1500) => {
      const idx = downsample(
        cols,
        Math.max(10, Math.min(20000, maxPoints)),
        fromMs ?? -Infinity,
        toMs ?? Infinity,
      );
      return { total: cols.length, points: seriesPoints(parsed, analysis.shares, idx) };
    },
    /** Re-projects against another limit, optionally fitting only a time window. */
    project: (limitBytes?: number, fromMs?: number, toMs?: number) => {
      const fit =
        fromMs !== undefined || toMs !== undefined ? fitTrend(parsed, fromMs, toMs) : analysis.trend;
      const useLimit =
        limitBytes !== undefined && limitBytes > 0 ? limitBytes : analysis.projection.limitBytes;
      const source = limitBytes !== undefined && limitBytes > 0 ? 'entered' : analysis.projection.limitSource;
      return project(parsed, useLimit, source, fit);
    },
    metrics: () => analysis.metrics,
  };
}

export async function openGcLog(
  format: GcFormat,
  source: ByteSource,
  ctx: ParseContext,
  options: OpenOptions,
): Promise<OpenedArtifact> {
  const parsed = await PARSERS[format](source, ctx);
  if (parsed.cols.length === 0) {
    const first = parsed.unknownSamples[0];
    throw new ParseError(
      source.name,
      first ? { line: first.line } : { offset: 0 },
      EXPECTED[format],
      first
        ? `"${first.text.slice(0, 80)}" and no GC events in ${parsed.lines} lines`
        : `no GC events in ${parsed.lines} lines`,
    );
  }
  const warnings = [...parsed.warnings];
  const warningMsgs: Msg[] = [...parsed.warningMsgs];
  const warn = (m: Msg) => {
    warnings.push(english(m));
    warningMsgs.push(m);
  };
  if (parsed.unknownLines > 0) {
    const quoted = parsed.unknownSamples.map((s) => `line ${s.line}: "${s.text}"`).join('; ');
    warn(msg('gc/warnUnknownLines', { count: parsed.unknownLines, examples: quoted }));
  }
  const analysis = analyse(
    parsed,
    options.limitBytes,
    options.limitBytes !== undefined ? 'given' : undefined,
  );
  if (analysis.backToBackFull.length > 0) {
    const b = analysis.backToBackFull[analysis.backToBackFull.length - 1];
    warn(msg('gc/warnBackToBack', { runs: analysis.backToBackFull.length, count: b.count }));
  }
  if (analysis.thrashing.length > 0) {
    warn(msg('gc/warnThrashing', { count: analysis.thrashing.length }));
  }
  const gc = buildBlock(parsed, analysis);
  const model: GcModel = { parsed, analysis };
  return {
    truncated: parsed.truncated,
    ...(parsed.truncatedAt !== undefined ? { truncatedAt: parsed.truncatedAt } : {}),
    warnings,
    warningMsgs,
    ...(parsed.absolute && parsed.lastMs !== undefined ? { capturedAtMs: parsed.lastMs } : {}),
    gc,
    model,
    queries: gcQueries(parsed, analysis),
  };
}

/** Largest value of a column (0 when absent); a loop, not Math.max(...) over a million arguments. */
function columnMax(col: Float64Array | undefined, n: number): number {
  let max = 0;
  if (col) for (let i = 0; i < n; i++) if (col[i] > max) max = col[i];
  return max;
}

/** The figures two GC logs are compared by. */
function comparedFigures(m: GcModel) {
  return {
    pauseP99Ms: m.analysis.metrics.pauses.p99Ms,
    pauseMaxMs: m.analysis.metrics.pauses.maxMs,
    throughputPercent: m.analysis.metrics.throughputPercent,
    gcCpuPercent: m.analysis.metrics.gcCpuPercent,
    allocationRateBytesPerSec: m.analysis.metrics.allocationRateBytesPerSec,
    slopeBytesPerHour: m.analysis.trend?.slopeBytesPerHour,
    maxLiveBytes: columnMax(m.parsed.cols.column('heapLiveBytes'), m.parsed.cols.length),
  };
}

export interface GcComparison {
  base: ReturnType<typeof comparedFigures>;
  current: ReturnType<typeof comparedFigures>;
}

function handler(format: GcFormat): FormatHandler {
  return {
    format: format as FormatId,
    open: (source, ctx, options) => openGcLog(format, source, ctx, options),
    compare: (base, current): GcComparison => ({
      base: comparedFigures(base.model as GcModel),
      current: comparedFigures(current.model as GcModel),
    }),
  };
}

export const gclogHandlers: FormatHandler[] = [handler('go-gctrace'), handler('jvm-gclog'), handler('jstat')];
