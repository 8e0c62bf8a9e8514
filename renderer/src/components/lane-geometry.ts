/**
 * Geometry of a time-series lane drawn as plain SVG: scales, axis ticks and path strings. Pure, no
 * DOM. A lane's series become one `<path>` each, so drawing costs a string per series however many
 * rows there are; recharts' store, selectors and element per part made the Timeline tab's first
 * opening one 80-120 ms task.
 */

/** A row of a lane: its time and one column per series (absent where a series has no value). */
export type LaneRow = Readonly<Record<string, unknown>> & { readonly t: number };

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Scale = (v: number) => number;

/** Maps `domain` onto the plot's width; a zero-width domain maps everything to its left edge. */
export function timeScale(domain: readonly [number, number], plot: PlotBox): Scale {
  const [d0, d1] = domain;
  const k = d1 > d0 ? plot.width / (d1 - d0) : 0;
  return (t) => plot.left + (t - d0) * k;
}

/** Maps [min, max] onto the plot's height, min at the bottom. */
export function valueScale(min: number, max: number, plot: PlotBox): Scale {
  const k = max > min ? plot.height / (max - min) : 0;
  const bottom = plot.top + plot.height;
  return (v) => bottom - (v - min) * k;
}

const STEPS = [1, 2, 2.5, 5, 10];

function niceFrom0(max: number, count: number, unit: number, minStep: number): number[] {
  const raw = max / unit / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(minStep, (STEPS.find((m) => m * mag >= raw) ?? 10) * mag * unit);
  const ticks = [0];
  // i × step, not a running sum: 0.05 + 0.05 + 0.05 is 0.15000000000000002
  for (let i = 1; ticks[ticks.length - 1] < max; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

const BYTE_UNITS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4];

/** Ticks from 0 at a 1/2/2.5/5 × 10^k step of a binary unit, so every label is a round KiB/MiB/GiB. */
export function byteTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1024];
  let unit = BYTE_UNITS[0];
  for (const u of BYTE_UNITS) if (max >= u) unit = u;
  return niceFrom0(max, count, unit, 0);
}

/** Ticks from 0 at a 1/2/2.5/5 × 10^k step (counts, milliseconds); whole numbers when `integer`. */
export function countTicks(max: number, count = 5, integer = false): number[] {
  if (!(max > 0)) return [0, 1];
  return niceFrom0(max, count, 1, integer ? 1 : 0);
}

/** Ticks at a 1/2/2.5/5 × 10^k step inside [from, to] (a span that does not start at 0). */
export function spanTicks(from: number, to: number, count = 5): number[] {
  if (!(to > from)) return [from];
  const raw = (to - from) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = (STEPS.find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let i = Math.ceil(from / step); i * step <= to; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** Index of the row nearest to `t` in rows sorted by time (-1 when there are none). */
export function nearestIndex(rows: readonly LaneRow[], t: number): number {
  if (rows.length === 0) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t - rows[lo - 1].t <= rows[lo].t - t ? lo - 1 : lo;
}

/** First index with row.t >= t (rows.length when none). */
function lowerBound(rows: readonly LaneRow[], t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows to draw for `domain`: those inside it and, for lines, the nearest one with a value on
 * each side, so a zoomed line runs on to the plot's edges (the clip cuts it there).
 */
function visibleSpan(
  rows: readonly LaneRow[],
  key: string,
  domain: readonly [number, number],
  withNeighbours: boolean,
): [number, number] {
  let from = lowerBound(rows, domain[0]);
  let to = lowerBound(rows, domain[1] + 1e-9);
  if (withNeighbours) {
    while (from > 0 && typeof rows[from - 1][key] !== 'number') from--;
    if (from > 0) from--;
    while (to < rows.length && typeof rows[to][key] !== 'number') to++;
    if (to < rows.length) to++;
  }
  return [from, to];
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * One line through `key`'s values (rows without one are bridged), at most four points per pixel
 * column — the first, lowest, highest and last of the column, in time order — so a million rows
 * draw as a few thousand points with every peak kept.
 */
export function linePath(
  rows: readonly LaneRow[],
  key: string,
  x: Scale,
  y: Scale,
  domain: readonly [number, number],
): string {
  const [from, to] = visibleSpan(rows, key, domain, true);
  const out: string[] = [];
  let col = Number.NaN;
  // the current column's first, lowest, highest and last row indexes
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  const value = (i: number) => rows[i][key] as number;
  const flush = () => {
    if (first < 0) return;
    const picked = [...new Set([first, low, high, last])].sort((a, b) => a - b);
    for (const i of picked) out.push(`${out.length ? 'L' : 'M'}${r1(x(rows[i].t))},${r1(y(value(i)))}`);
  };
  for (let i = from; i < to; i++) {
    const v = rows[i][key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const c = Math.round(x(rows[i].t));
    if (c !== col) {
      flush();
      col = c;
      first = low = high = i;
    }
    if (v < value(low)) low = i;
    if (v > value(high)) high = i;
    last = i;
  }
  flush();
  return out.join('');
}

/**
 * Every value of `key` as a dot: a zero-length segment per row, drawn round by a round line cap,
 * all in one path (one "M" per dot). Rows landing on the same pixel as the previous dot are skipped.
 */
export function dotsPath(
  rows: readonly LaneRow[],
  key: string,
  x: Scale,
  y: Scale,
  domain: readonly [number, number],
): string {
  const [from, to] = visibleSpan(rows, key, domain, false);
  let out = '';
  let px = Number.NaN;
  let py = Number.NaN;
  for (let i = from; i < to; i++) {
    const v = rows[i][key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const cx = r1(x(rows[i].t));
    const cy = r1(y(v));
    if (cx === px && cy === py) continue;
    px = cx;
    py = cy;
    out += `M${cx},${cy}h0`;
  }
  return out;
}
