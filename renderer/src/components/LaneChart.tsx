import './LaneChart.css';
import { type ReactNode, useId, useMemo, useSyncExternalStore } from 'react';
import {
  dotsPath,
  type LaneRow,
  linePath,
  nearestIndex,
  type PlotBox,
  type Scale,
  timeScale,
  valueScale,
} from './lane-geometry.ts';

/** A series of a lane: a line, dots, or a line with dots, against the left or the right axis. */
export interface LaneDraw {
  key: string;
  color: string;
  dash?: string;
  axis: 'left' | 'right';
  shape: 'line' | 'dots' | 'line+dots';
  /** Diameter of a dot, px. */
  dotSize?: number;
  /** Width of the line, px. */
  width?: number;
}

export interface LaneAxis {
  ticks: readonly number[];
  /** The value range drawn; defaults to [0, last tick]. */
  domain?: readonly [number, number];
  format: (v: number) => string;
}

export interface LaneMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The moment hovered in one lane, shown as a cursor in every lane of the same store. */
export interface Hovered {
  t: number;
  lane: string;
  /** Pointer position in the lane, px, for the tooltip. */
  x: number;
  y: number;
}

export interface HoverStore {
  get(): Hovered | undefined;
  set(h: Hovered | undefined): void;
  subscribe(listener: () => void): () => void;
}

/** A hover shared by a page's lanes: a pointer move redraws their cursors, not the page. */
export function createHoverStore(): HoverStore {
  let current: Hovered | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(h) {
      if (h?.t === current?.t && h?.lane === current?.lane && h?.x === current?.x && h?.y === current?.y)
        return;
      current = h;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const X_AXIS_HEIGHT = 24;
const AXIS_COLOR = '#9fb0c0';
const GRID_COLOR = '#2e3a46';

export interface LaneChartProps {
  /** Names the lane for its hover (unique in its store). */
  id: string;
  label: string;
  width: number;
  height: number;
  margin: LaneMargin;
  /** Room of the left axis' labels, px; the right axis' room is kept free when there is none. */
  leftWidth: number;
  rightWidth: number;
  rows: readonly LaneRow[];
  series: readonly LaneDraw[];
  domain: readonly [number, number];
  xTicks: readonly number[];
  xLabel: (t: number) => string;
  left: LaneAxis;
  right?: LaneAxis;
  hover: HoverStore;
  /** Called with the time of the row nearest to a click. */
  onPick?: (t: number) => void;
  /** What the tooltip says of a row (text from dumps stays text: React escapes it). */
  tooltip: (row: LaneRow) => ReactNode;
  /** More marks inside the plot (reference lines, a selection), drawn over the series. */
  extra?: (scales: { x: Scale; y: Scale; plot: PlotBox }) => ReactNode;
}

/**
 * A time-series lane as plain SVG: grid, axes, one path per series, a cursor that follows the
 * hover of every lane in the store and a tooltip in the lane hovered. Drawing is string building in
 * a memo, so opening or zooming the lane is a few ms however many rows it has.
 */
export function LaneChart(props: LaneChartProps) {
  const { width, height, margin, leftWidth, rightWidth, rows, series, domain, left, right } = props;
  const clipId = useId();
  const plot: PlotBox = {
    left: margin.left + leftWidth,
    top: margin.top,
    width: Math.max(0, width - margin.left - leftWidth - margin.right - rightWidth),
    height: Math.max(0, height - margin.top - margin.bottom - X_AXIS_HEIGHT),
  };
  const d0 = domain[0];
  const d1 = domain[1];
  // the scales and paths are worked out again only when what they draw changes (not on a hover)
  const { x, yLeft, yRight } = useMemo(() => {
    const box: PlotBox = { left: plot.left, top: plot.top, width: plot.width, height: plot.height };
    const yOf = (a: LaneAxis) => valueScale(...(a.domain ?? [0, a.ticks[a.ticks.length - 1] ?? 1]), box);
    return { x: timeScale([d0, d1], box), yLeft: yOf(left), yRight: right ? yOf(right) : undefined };
  }, [d0, d1, left, right, plot.left, plot.top, plot.width, plot.height]);
  const drawn = useMemo(
    () =>
      series.map((s) => {
        const y = s.axis === 'right' && yRight ? yRight : yLeft;
        return {
          s,
          line: s.shape === 'dots' ? '' : linePath(rows, s.key, x, y, [d0, d1]),
          dots: s.shape === 'line' ? '' : dotsPath(rows, s.key, x, y, [d0, d1]),
        };
      }),
    [rows, series, x, yLeft, yRight, d0, d1],
  );
  if (width <= 0) return <div style={{ height }} />;
  const bottom = plot.top + plot.height;
  const pick = (clientX: number, el: SVGElement) => {
    const i = nearestIndex(
      rows,
      d0 + ((clientX - el.getBoundingClientRect().left - plot.left) / plot.width) * (d1 - d0),
    );
    return i < 0 ? undefined : rows[i];
  };
  return (
    <div className="lane-chart" style={{ position: 'relative', width, height }}>
      <svg className="lane-surface" width={width} height={height} role="img" aria-label={props.label}>
        <defs>
          <clipPath id={clipId}>
            <rect x={plot.left} y={plot.top - 6} width={plot.width} height={plot.height + 12} />
          </clipPath>
        </defs>
        <g className="lane-grid" stroke={GRID_COLOR}>
          <rect
            className="lane-plot"
            x={plot.left}
            y={plot.top}
            width={plot.width}
            height={plot.height}
            fill="none"
          />
          {props.xTicks.map((t) => (
            <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={plot.top} y2={bottom} />
          ))}
          {left.ticks.map((v) => (
            <line key={`y${v}`} x1={plot.left} x2={plot.left + plot.width} y1={yLeft(v)} y2={yLeft(v)} />
          ))}
        </g>
        <g className="lane-x-labels" fill={AXIS_COLOR} textAnchor="middle">
          {props.xTicks.map((t) => (
            <text key={t} className="lane-x-label" x={x(t)} y={bottom + 16}>
              {props.xLabel(t)}
            </text>
          ))}
        </g>
        <g className="lane-y-labels" fill={AXIS_COLOR} textAnchor="end" dominantBaseline="middle">
          {left.ticks.map((v) => (
            <text key={v} x={plot.left - 6} y={yLeft(v)}>
              {left.format(v)}
            </text>
          ))}
        </g>
        {right && yRight ? (
          <g className="lane-y-labels" fill={AXIS_COLOR} textAnchor="start" dominantBaseline="middle">
            {right.ticks.map((v) => (
              <text key={v} x={plot.left + plot.width + 6} y={yRight(v)}>
                {right.format(v)}
              </text>
            ))}
          </g>
        ) : null}
        <g clipPath={`url(#${clipId})`} fill="none">
          {drawn.map(({ s, line, dots }) => (
            <g key={s.key} data-series={s.key}>
              {line ? (
                <path
                  className="lane-line"
                  d={line}
                  stroke={s.color}
                  strokeWidth={1.5}
                  strokeDasharray={s.dash}
                />
              ) : null}
              {dots ? (
                <path
                  className="lane-dots"
                  d={dots}
                  stroke={s.color}
                  strokeWidth={s.dotSize ?? 6}
                  strokeLinecap="round"
                />
              ) : null}
            </g>
          ))}
          {props.extra?.({ x, y: yLeft, plot })}
        </g>
        <Cursor store={props.hover} x={x} top={plot.top} bottom={bottom} domain={domain} />
        {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer hover and click on the plot; the keyboard reaches the same moments through the event list and markers */}
        <rect
          className="lane-hit"
          x={plot.left}
          y={plot.top}
          width={plot.width}
          height={plot.height}
          fill="transparent"
          onPointerMove={(e) => {
            const row = pick(e.clientX, e.currentTarget);
            const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
            props.hover.set(
              row && box
                ? { t: row.t, lane: props.id, x: e.clientX - box.left, y: e.clientY - box.top }
                : undefined,
            );
          }}
          onPointerLeave={() => props.hover.set(undefined)}
          onClick={(e) => {
            const row = pick(e.clientX, e.currentTarget);
            if (row) props.onPick?.(row.t);
          }}
        />
      </svg>
      <LaneTooltip store={props.hover} lane={props.id} rows={rows} width={width} render={props.tooltip} />
    </div>
  );
}

function useHovered(store: HoverStore): Hovered | undefined {
  return useSyncExternalStore(store.subscribe, store.get);
}

function Cursor({
  store,
  x,
  top,
  bottom,
  domain,
}: {
  store: HoverStore;
  x: (t: number) => number;
  top: number;
  bottom: number;
  domain: readonly [number, number];
}) {
  const h = useHovered(store);
  if (!h || h.t < domain[0] || h.t > domain[1]) return null;
  const cx = x(h.t);
  return (
    <line
      className="lane-cursor"
      x1={cx}
      x2={cx}
      y1={top}
      y2={bottom}
      stroke="#e8edf2"
      strokeOpacity={0.5}
      pointerEvents="none"
    />
  );
}

function LaneTooltip({
  store,
  lane,
  rows,
  width,
  render,
}: {
  store: HoverStore;
  lane: string;
  rows: readonly LaneRow[];
  width: number;
  render: (row: LaneRow) => ReactNode;
}) {
  const h = useHovered(store);
  if (!h || h.lane !== lane) return null;
  const i = nearestIndex(rows, h.t);
  if (i < 0) return null;
  // beside the pointer, on the side with room
  const onLeft = h.x > width / 2;
  return (
    <div
      className="lane-tooltip"
      role="status"
      style={{
        position: 'absolute',
        top: Math.max(0, h.y - 12),
        ...(onLeft ? { right: width - h.x + 16 } : { left: h.x + 16 }),
      }}
    >
      {render(rows[i])}
    </div>
  );
}

/** A tooltip's rows: the moment, then each series with a value there, in its colour. */
export function SeriesTooltip({
  time,
  row,
  items,
}: {
  time: string;
  row: LaneRow;
  items: readonly { key: string; color: string; name: string; format: (v: number) => string }[];
}) {
  return (
    <>
      <strong>{time}</strong>
      <ul>
        {items.map((s) => {
          const v = row[s.key];
          return typeof v === 'number' ? (
            <li key={s.key} style={{ color: s.color }}>
              {s.name}: {s.format(v)}
            </li>
          ) : null;
        })}
      </ul>
    </>
  );
}
