/**
 * Charts as standalone SVG built by string concatenation (no DOM, no browser), so the CLI can
 * write `heap-over-time.svg` and `goroutines.svg` next to the Markdown. Text is XML-escaped.
 */
import type { Lang } from '../incident/model.ts';
import type { SeriesPoint, Timeline, TimelineEvent } from '../incident/timeline.ts';
import { formatBytes, formatTime } from './format.ts';
import { messages } from './i18n/index.ts';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const W = 960;
const H = 360;
const PAD = { l: 80, r: 20, t: 40, b: 50 };

interface Line {
  label: string;
  color: string;
  points: SeriesPoint[];
}

function lineChart(
  title: string,
  lines: Line[],
  fmt: (v: number) => string,
  tz: string,
  events: TimelineEvent[] = [],
): string | undefined {
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  let vMax = 1;
  for (const l of lines) {
    for (const p of l.points) {
      if (p.t < t0) t0 = p.t;
      if (p.t > t1) t1 = p.t;
      if (p.v > vMax) vMax = p.v;
    }
  }
  if (!Number.isFinite(t0)) return undefined;
  if (t1 === t0) {
    t0 -= 60_000;
    t1 += 60_000;
  }
  vMax *= 1.05;
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / vMax) * (H - PAD.t - PAD.b);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<title>${xmlEscape(title)}</title>`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${PAD.l}" y="22" font-size="16" font-weight="bold">${xmlEscape(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (vMax * i) / 4;
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${PAD.l - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${xmlEscape(fmt(v))}</text>`,
    );
  }
  parts.push(`<text x="${PAD.l}" y="${H - 18}">${xmlEscape(formatTime(t0, tz))}</text>`);
  parts.push(
    `<text x="${W - PAD.r}" y="${H - 18}" text-anchor="end">${xmlEscape(formatTime(t1, tz))}</text>`,
  );
  for (const e of events) {
    if (e.t < t0 || e.t > t1) continue;
    const xx = x(e.t).toFixed(1);
    const color = e.severity === 'critical' ? '#c0392b' : e.severity === 'warning' ? '#d68910' : '#7f8c8d';
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="${color}" stroke-dasharray="4 3"><title>${xmlEscape(`${formatTime(e.t, tz)} ${e.label}`)}</title></line>`,
    );
  }
  // Legend in one row under the title; long legends wrap to a second row.
  let lx = PAD.l + 220;
  let ly = 20;
  for (const l of lines) {
    const w = l.label.length * 6.5 + 24;
    if (lx + w > W - PAD.r) {
      lx = PAD.l + 220;
      ly += 14;
    }
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="12" height="3" fill="${l.color}"/>`);
    parts.push(`<text x="${lx + 16}" y="${ly}" fill="#333">${xmlEscape(l.label)}</text>`);
    lx += w;
  }
  for (const l of lines) {
    const pts = downsample(l.points, t0, t1, W - PAD.l - PAD.r);
    const d = pts.map((p, j) => `${j ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2"/>`);
    for (const p of l.points.length <= 40 ? l.points : [])
      parts.push(`<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.v).toFixed(1)}" r="3" fill="${l.color}"/>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** At most two points (min and max) per pixel column, in time order, so a 1M-cycle log draws fast. */
export function downsample(points: SeriesPoint[], t0: number, t1: number, width: number): SeriesPoint[] {
  if (points.length <= width * 2) return points;
  const out: SeriesPoint[] = [];
  let col = -1;
  let lo: SeriesPoint | undefined;
  let hi: SeriesPoint | undefined;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const c = Math.floor(((p.t - t0) / (t1 - t0 || 1)) * width);
    if (c !== col) {
      flush();
      col = c;
      lo = p;
      hi = p;
    } else {
      if (p.v < lo!.v) lo = p;
      if (p.v > hi!.v) hi = p;
    }
  }
  flush();
  return out;
}

/** Live heap and goal/capacity over time, with the key events as vertical markers. */
export function heapChartSvg(tl: Timeline, lang: Lang, tz: string): string | undefined {
  const m = messages(lang);
  const live = tl.series.filter((s) => s.kind === 'live-heap');
  const goal = tl.series.filter((s) => s.kind === 'heap-goal');
  if (!live.length) return undefined;
  // One line per GC log (two logs of one process, e.g. gc.log and jstat, would zig-zag if merged).
  const LIVE = ['#2471a3', '#884ea0', '#117a65', '#b9770e'];
  const GOAL = ['#a6acaf', '#c39bd3', '#a2d9ce', '#f8c471'];
  const name = (s: { label: string }) => /\(([^)]*)\)$/.exec(s.label)?.[1] ?? '';
  const many = live.length > 1;
  const lines: Line[] = [];
  live.forEach((s, i) => {
    lines.push({
      label: many ? `${m.charts.live} (${name(s)})` : m.charts.live,
      color: LIVE[i % LIVE.length],
      points: s.points,
    });
  });
  goal.forEach((s, i) => {
    lines.push({
      label: many ? `${m.charts.goal} (${name(s)})` : m.charts.goal,
      color: GOAL[i % GOAL.length],
      points: s.points,
    });
  });
  const events = tl.events.filter(
    (e) => e.source === 'user' || ['crash', 'oom', 'heap-dump', 'goroutine-dump'].includes(e.kind),
  );
  return lineChart(m.charts.heap, lines, formatBytes, tz, events);
}

/** Goroutine totals at each dump. */
export function goroutineChartSvg(tl: Timeline, lang: Lang, tz: string): string | undefined {
  const m = messages(lang);
  const g = tl.series.find((s) => s.kind === 'goroutines');
  if (!g || g.points.length < 2) return undefined;
  return lineChart(
    m.charts.goroutines,
    [{ label: m.charts.goroutines, color: '#1e8449', points: g.points }],
    (v) => String(Math.round(v)),
    tz,
  );
}
