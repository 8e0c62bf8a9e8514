/**
 * Charts as standalone SVG built by string concatenation (no DOM, no browser), so the CLI can
 * write `heap-over-time.svg` and `goroutines.svg` next to the Markdown. Text is XML-escaped.
 */
import { localized } from '../core/messages.ts';
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
/** Label size in the chart's own units; the title is larger. */
export const CHART_FONT_SIZE = 12;
const FONT = CHART_FONT_SIZE;
const TITLE_FONT = 16;

interface Line {
  label: string;
  color: string;
  points: SeriesPoint[];
}

/** One drawn element: an SVG tag with its attributes (SVG names), text content and a tooltip. */
export interface ChartShape {
  tag: 'rect' | 'line' | 'text' | 'path' | 'circle';
  attrs: Record<string, string | number>;
  text?: string;
  tooltip?: string;
}

/**
 * A chart as data: written out as SVG text for the report (`sceneSvg`) or drawn as elements by the
 * renderer (the presentation's slides), from one geometry. `width`×`height` are the chart's own
 * units; labels are `fontSize` of them, so a viewer that draws the scene at k px per unit shows
 * `k × fontSize` px labels.
 */
export interface ChartScene {
  width: number;
  height: number;
  fontSize: number;
  title: string;
  shapes: ChartShape[];
}

/** The chart's size in its own units (default 960×360, as the report's images). */
export interface ChartSize {
  width: number;
  height: number;
}

/** Approximate advance of a label in the chart font: CJK and other wide characters count double. */
function textWidth(s: string, fontSize: number): number {
  let em = 0;
  for (const ch of s)
    em +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 1
        : 0.56;
  return em * fontSize;
}

function lineScene(
  title: string,
  lines: Line[],
  fmt: (v: number) => string,
  tz: string,
  events: TimelineEvent[] = [],
  size: ChartSize = { width: W, height: H },
): ChartScene | undefined {
  const { width: w, height: h } = size;
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
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (w - PAD.l - PAD.r);
  // Legend in one row beside the title when it fits there, else in rows under the title; the plot
  // starts below it.
  const legend: ChartShape[] = [];
  const widths = lines.map((l) => textWidth(l.label, FONT) + 24);
  const beside = PAD.l + Math.max(220, textWidth(title, TITLE_FONT) + 24);
  const under = beside + widths.reduce((a, b) => a + b, 0) > w - PAD.r;
  const legendX = under ? PAD.l : beside;
  let lx = legendX;
  let ly = under ? 42 : 20;
  lines.forEach((l, i) => {
    if (lx + widths[i] > w - PAD.r && lx > legendX) {
      lx = legendX;
      ly += 16;
    }
    legend.push({ tag: 'rect', attrs: { x: lx, y: ly - 8, width: 12, height: 3, fill: l.color } });
    legend.push({ tag: 'text', attrs: { x: lx + 16, y: ly, fill: '#333' }, text: l.label });
    lx += widths[i];
  });
  const top = Math.max(PAD.t, ly + 16);
  const y = (v: number) => h - PAD.b - (v / vMax) * (h - top - PAD.b);
  const shapes: ChartShape[] = [];
  shapes.push({ tag: 'rect', attrs: { width: w, height: h, fill: '#fff' } });
  shapes.push({
    tag: 'text',
    attrs: { x: PAD.l, y: 22, 'font-size': TITLE_FONT, 'font-weight': 'bold' },
    text: title,
  });
  for (let i = 0; i <= 4; i++) {
    const v = (vMax * i) / 4;
    const yy = y(v).toFixed(1);
    shapes.push({ tag: 'line', attrs: { x1: PAD.l, x2: w - PAD.r, y1: yy, y2: yy, stroke: '#ddd' } });
    shapes.push({
      tag: 'text',
      attrs: { x: PAD.l - 6, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      text: fmt(v),
    });
  }
  shapes.push({ tag: 'text', attrs: { x: PAD.l, y: h - 18 }, text: formatTime(t0, tz) });
  shapes.push({
    tag: 'text',
    attrs: { x: w - PAD.r, y: h - 18, 'text-anchor': 'end' },
    text: formatTime(t1, tz),
  });
  for (const e of events) {
    if (e.t < t0 || e.t > t1) continue;
    const xx = x(e.t).toFixed(1);
    const color = e.severity === 'critical' ? '#c0392b' : e.severity === 'warning' ? '#d68910' : '#7f8c8d';
    shapes.push({
      tag: 'line',
      attrs: { x1: xx, x2: xx, y1: top, y2: h - PAD.b, stroke: color, 'stroke-dasharray': '4 3' },
      tooltip: `${formatTime(e.t, tz)} ${e.label}`,
    });
  }
  shapes.push(...legend);
  for (const l of lines) {
    const pts = downsample(l.points, t0, t1, w - PAD.l - PAD.r);
    const d = pts.map((p, j) => `${j ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    shapes.push({ tag: 'path', attrs: { d, fill: 'none', stroke: l.color, 'stroke-width': 2 } });
    for (const p of l.points.length <= 40 ? l.points : [])
      shapes.push({
        tag: 'circle',
        attrs: { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3, fill: l.color },
      });
  }
  return { width: w, height: h, fontSize: FONT, title, shapes };
}

/** A scene as standalone SVG text, every text and attribute value XML-escaped. */
export function sceneSvg(scene: ChartScene): string {
  const { width: w, height: h } = scene;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="${scene.fontSize}">`,
    `<title>${xmlEscape(scene.title)}</title>`,
  ];
  for (const s of scene.shapes) {
    const attrs = Object.entries(s.attrs)
      .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
      .join('');
    const inner = `${s.text !== undefined ? xmlEscape(s.text) : ''}${s.tooltip !== undefined ? `<title>${xmlEscape(s.tooltip)}</title>` : ''}`;
    parts.push(inner ? `<${s.tag}${attrs}>${inner}</${s.tag}>` : `<${s.tag}${attrs}/>`);
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
export function heapChartScene(
  tl: Timeline,
  lang: Lang,
  tz: string,
  size?: ChartSize,
): ChartScene | undefined {
  const m = messages(lang);
  const live = tl.series.filter((s) => s.kind === 'live-heap');
  const goal = tl.series.filter((s) => s.kind === 'heap-goal');
  if (!live.length) return undefined;
  // One line per GC log (two logs of one process, e.g. gc.log and jstat, would zig-zag if merged).
  const LIVE = ['#2471a3', '#884ea0', '#117a65', '#b9770e'];
  const GOAL = ['#a6acaf', '#c39bd3', '#a2d9ce', '#f8c471'];
  // the GC log a series comes from: its message's file (an older timeline: the label's parentheses)
  const name = (s: (typeof live)[number]) => {
    const file = s.labelMsg?.params.file;
    return typeof file === 'string' ? file : (/\(([^)]*)\)$/.exec(s.label)?.[1] ?? '');
  };
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
  // marker tooltips in the report's language (user events keep the words their author wrote)
  const events = tl.events
    .filter((e) => e.source === 'user' || ['crash', 'oom', 'heap-dump', 'goroutine-dump'].includes(e.kind))
    .map((e) => ({ ...e, label: localized(e.labelMsg, e.label, lang) }));
  return lineScene(m.charts.heap, lines, formatBytes, tz, events, size);
}

export function heapChartSvg(tl: Timeline, lang: Lang, tz: string): string | undefined {
  const scene = heapChartScene(tl, lang, tz);
  return scene && sceneSvg(scene);
}

/** Goroutine totals at each dump. */
export function goroutineChartScene(
  tl: Timeline,
  lang: Lang,
  tz: string,
  size?: ChartSize,
): ChartScene | undefined {
  const m = messages(lang);
  const g = tl.series.find((s) => s.kind === 'goroutines');
  if (!g || g.points.length < 2) return undefined;
  return lineScene(
    m.charts.goroutines,
    [{ label: m.charts.goroutines, color: '#1e8449', points: g.points }],
    (v) => String(Math.round(v)),
    tz,
    [],
    size,
  );
}

export function goroutineChartSvg(tl: Timeline, lang: Lang, tz: string): string | undefined {
  const scene = goroutineChartScene(tl, lang, tz);
  return scene && sceneSvg(scene);
}
