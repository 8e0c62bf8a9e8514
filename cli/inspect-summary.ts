/**
 * What `pmwb inspect` prints without --json: the few facts a terminal user reads first, per kind —
 * heap: top retainers and suspects; pprof: top 10; goroutines: groups; GC: pauses and projection;
 * threads: states and locks. Everything else is in --json.
 */
import type {
  GcBlock,
  GoroutinesBlock,
  HeapBlock,
  InspectResult,
  ProfileBlock,
  ThreadsBlock,
} from '../contract/inspect.ts';
import type { Projection } from '../workers/formats/gclog/analysis.ts';
import {
  formatBytes,
  formatCount,
  formatMinutes,
  formatMs,
  formatPercent,
} from '../workers/report/format.ts';
import { bold, plain, type Style, table } from './table.ts';

/** Rows per table: a screenful, not the whole dump. */
const ROWS = 10;

export function inspectSummary(r: InspectResult & { base?: string }, style: Style): string {
  const out = [
    bold(
      `${plain(r.file)}: ${r.format}, ${formatBytes(r.bytes)}, parsed in ${formatMs(r.parseMs)}${r.truncated ? ` (TRUNCATED at byte ${r.truncatedAt ?? '?'})` : ''}`,
      style,
    ),
  ];
  for (const w of r.warnings) out.push(`warning: ${plain(w)}`);
  if (r.heap) out.push('', ...heapSummary(r.heap, style));
  if (r.profile) out.push('', ...profileSummary(r.profile, style));
  if (r.goroutines) out.push('', ...goroutineSummary(r.goroutines, style));
  if (r.gc) out.push('', ...gcSummary(r.gc, style));
  if (r.threads) out.push('', ...threadSummary(r.threads, style));
  if (r.base) out.push('', `compared with ${plain(r.base)}: the comparison is in --json ("comparison")`);
  return `${out.join('\n')}\n`;
}

function heapSummary(h: HeapBlock, style: Style): string[] {
  const out = [
    `heap: ${formatCount(h.objects)} objects, ${formatBytes(h.totalBytes)} total, ${formatBytes(h.reachableBytes)} reachable, ${formatCount(h.gcRoots)} GC roots`,
    '',
    ...table(
      [
        { header: 'top retainers', max: 60 },
        { header: 'type', max: 30 },
        { header: 'retained', align: 'right' },
        { header: 'shallow', align: 'right' },
      ],
      h.top
        .slice(0, ROWS)
        .map((t) => [t.label, t.type, formatBytes(t.retainedBytes), formatBytes(t.shallowBytes)]),
      style,
    ),
  ];
  if (h.suspects.length) {
    out.push(
      '',
      ...table(
        [
          { header: 'suspects', max: 70 },
          { header: 'retained', align: 'right' },
          { header: 'share', align: 'right' },
          { header: 'accumulates in', max: 50 },
        ],
        h.suspects
          .slice(0, ROWS)
          .map((s) => [
            suspectName(s),
            formatBytes(s.retainedBytes),
            formatPercent(s.percent),
            s.accumulationPoint ?? '',
          ]),
        style,
      ),
    );
  } else out.push('', 'no leak suspects');
  return out;
}

/** A suspect by its holder (`main.orderCache`, `static …`; a linked chain with its length), else the path's end. */
function suspectName(s: HeapBlock['suspects'][number]): string {
  const { holder, chainLength } = s as { holder?: unknown; chainLength?: unknown };
  if (typeof holder === 'string' && holder) {
    return typeof chainLength === 'number'
      ? `${holder}: linked chain of ${formatCount(chainLength)}`
      : holder;
  }
  return s.path.at(-1) ?? s.title;
}

/** pprof's own default: the profile's default sample type, else the last one (as `go tool pprof`). */
function defaultSampleType(p: ProfileBlock): string | undefined {
  const named = typeof p.defaultSampleType === 'string' ? p.defaultSampleType : undefined;
  if (named && p.top[named]) return named;
  return p.sampleTypes.at(-1)?.type;
}

function formatValue(v: number, unit: string): string {
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'nanoseconds') return formatMs(v / 1e6);
  if (unit === 'microseconds') return formatMs(v / 1e3);
  if (unit === 'milliseconds') return formatMs(v);
  return formatCount(v);
}

function profileSummary(p: ProfileBlock, style: Style): string[] {
  const type = defaultSampleType(p);
  if (!type) return ['profile: no sample types'];
  const unit = p.sampleTypes.find((s) => s.type === type)?.unit ?? '';
  const total = p.totals[type] ?? 0;
  const share = (v: number) => (total ? formatPercent((v / total) * 100) : '');
  const others = p.sampleTypes.map((s) => s.type).filter((t) => t !== type);
  return [
    `profile: ${type} (${unit}), total ${formatValue(total, unit)}${others.length ? `; also ${others.join(', ')} in --json` : ''}`,
    '',
    ...table(
      [
        { header: `top ${ROWS} by flat`, max: 70 },
        { header: 'flat', align: 'right' },
        { header: 'flat%', align: 'right' },
        { header: 'cum', align: 'right' },
        { header: 'cum%', align: 'right' },
      ],
      (p.top[type] ?? [])
        .slice(0, ROWS)
        .map((e) => [
          e.function,
          formatValue(e.flat, unit),
          share(e.flat),
          formatValue(e.cum, unit),
          share(e.cum),
        ]),
      style,
    ),
  ];
}

const byCount = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${formatCount(n)} ${k}`)
    .join(', ');

function goroutineSummary(g: GoroutinesBlock, style: Style): string[] {
  return [
    `goroutines: ${formatCount(g.total)} (${byCount(g.byState)}), ${formatCount(g.groups.length)} groups by stack`,
    '',
    ...table(
      [
        { header: 'count', align: 'right' },
        { header: 'state', max: 24 },
        { header: 'waiting', align: 'right' },
        { header: 'function', max: 50 },
        { header: 'created by', max: 40 },
      ],
      g.groups
        .slice(0, ROWS)
        .map((x) => [
          formatCount(x.count),
          x.state,
          x.waitMinutesMax ? `${formatCount(x.waitMinutesMax)} min` : '',
          x.function,
          x.createdBy,
        ]),
      style,
    ),
  ];
}

/** A span for people: "850 ms", "42.3 s", "3.3 min", "5.2 h". */
export function formatSpan(ms: number): string {
  if (ms < 1000) return formatMs(ms);
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120 * 60_000) return formatMinutes(ms);
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function isProjection(v: unknown): v is Projection {
  return typeof v === 'object' && v !== null && 'confidence' in v && 'reason' in v;
}

function gcSummary(gc: GcBlock, style: Style): string[] {
  const out = [
    `gc: ${formatCount(gc.cycles)} cycles over ${formatSpan(gc.endMs - gc.startMs)}, max live ${formatBytes(gc.maxLiveBytes)}, max goal ${formatBytes(gc.maxGoalBytes)}, GC CPU ${formatPercent(gc.gcCpuPercent)}`,
    '',
    ...table(
      [
        { header: 'pauses', align: 'left' },
        { header: 'count', align: 'right' },
        { header: 'total', align: 'right' },
        { header: 'max', align: 'right' },
        { header: 'mean / p99', align: 'right' },
      ],
      [
        // one row a kind of collection (young, remark, full …), as GC reports show them, then all of them
        ...(gc.byKind ?? []).map((k) => [
          k.label,
          formatCount(k.count),
          formatMs(k.totalPauseMs),
          formatMs(k.maxPauseMs),
          formatMs(k.meanPauseMs),
        ]),
        [
          'all',
          formatCount(gc.pauses.count),
          formatMs(gc.pauses.totalMs),
          formatMs(gc.pauses.maxMs),
          formatMs(gc.pauses.p99Ms),
        ],
      ],
      style,
    ),
  ];
  const p = gc.projection;
  if (!isProjection(p)) return out;
  out.push('');
  if (p.limitBytes === undefined) out.push('projection: no memory limit known (give one with --limit BYTES)');
  else if (p.alreadyReached)
    out.push(`projection: the limit ${formatBytes(p.limitBytes)} is already reached`);
  else if (p.remainingMs !== undefined && p.reachAtMs !== undefined) {
    const at = p.reachAtMs;
    const left = (ms: number) => formatSpan(Math.max(0, ms));
    const range =
      p.reachEarliestMs !== undefined
        ? ` (${left(p.remainingMs - (at - p.reachEarliestMs))} – ${p.reachLatestMs !== undefined ? left(p.remainingMs + (p.reachLatestMs - at)) : 'no upper bound'})`
        : '';
    const when =
      p.remainingMs <= 0
        ? 'by the end of the log'
        : `about ${left(p.remainingMs)} after the log ends${range}`;
    out.push(`projection: reaches ${formatBytes(p.limitBytes)} ${when}, ${p.confidence} confidence`);
  } else out.push(`projection: does not reach ${formatBytes(p.limitBytes)}`);
  out.push(`  ${plain(p.reason)}`);
  return out;
}

function threadSummary(t: ThreadsBlock, style: Style): string[] {
  const out = [
    `threads: ${formatCount(t.total)} (${byCount(t.byState)}), ${formatCount(t.groups.length)} groups by stack`,
  ];
  const contended = t.locks.filter((l) => l.waiters.length > 0);
  if (t.deadlocks.length) {
    for (const d of t.deadlocks)
      out.push(`DEADLOCK: ${plain(d.threads.join(' → '))} → ${plain(d.threads[0])}`);
  }
  out.push(
    '',
    ...table(
      [
        { header: 'count', align: 'right' },
        { header: 'state', max: 16 },
        { header: 'top frame', max: 60 },
        { header: 'threads', max: 50 },
      ],
      t.groups
        .slice(0, ROWS)
        .map((g) => [
          formatCount(g.count),
          g.state,
          g.topFrame || '(no Java frames)',
          g.threadNames.join(', '),
        ]),
      style,
    ),
  );
  if (contended.length) {
    out.push(
      '',
      ...table(
        [
          { header: 'lock', max: 50 },
          { header: 'held by', max: 30 },
          { header: 'waiters', align: 'right' },
          { header: 'waiting threads', max: 50 },
        ],
        contended
          .slice(0, ROWS)
          .map((l) => [
            `${l.class} ${l.monitor}`,
            l.owner ?? '(nobody)',
            formatCount(l.waiters.length),
            l.waiters.join(', '),
          ]),
        style,
      ),
    );
  } else out.push('', 'no contended locks');
  return out;
}
