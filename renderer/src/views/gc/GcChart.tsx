import type React from 'react';
import { useTranslation } from 'react-i18next';
import {
  type HoverStore,
  type LaneAxis,
  LaneChart,
  type LaneChartProps,
  type LaneDraw,
  SeriesTooltip,
} from '../../components/LaneChart.tsx';
import type { LaneRow } from '../../components/lane-geometry.ts';
import { useWidth } from '../../components/use-width.ts';

export const MARGIN = { top: 8, right: 48, bottom: 4, left: 8 };
export const Y_WIDTH = 80;

export interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

/** What every synchronized chart shares: the time axis, its ticks, the hover and drag-to-zoom. */
export interface ChartFrame {
  domain: [number, number];
  ticks: readonly number[];
  tickLabel: (t: number) => string;
  fmtTime: (t: number) => string;
  hover: HoverStore;
  drag?: { a: number; b?: number };
  dragHandlers: React.HTMLAttributes<HTMLElement>;
}

/** A series of a GC chart: how it is drawn, its name and how its values read. */
export interface GcSeries extends LaneDraw {
  name: string;
  format: (v: number) => string;
}

/** One of the synchronized charts: shared time axis, grid, tooltip, drag-to-zoom and its marks. */
export function GcChart({
  frame,
  testId,
  caption,
  height,
  rows,
  series,
  axis,
  legend,
  attrs,
  extra,
}: {
  frame: ChartFrame;
  testId: string;
  caption: string;
  height: number;
  rows: readonly LaneRow[];
  series: readonly GcSeries[];
  axis: LaneAxis;
  legend?: LegendItem[];
  /** data-* attributes the e2e tests read (the axis and projection the chart really drew). */
  attrs?: Record<`data-${string}`, string>;
  extra?: LaneChartProps['extra'];
}) {
  const { t } = useTranslation('views');
  const [ref, width] = useWidth<HTMLDivElement>();
  const { domain, drag, dragHandlers } = frame;
  return (
    <figure className="gc-chart" data-testid={testId} {...attrs}>
      <figcaption>
        {caption}
        {legend && (
          <ul className="gc-legend" aria-label={t('gc_seriesOf', { caption })}>
            {legend.map((l) => (
              <li key={l.name}>
                <span
                  className={`gc-legend-swatch${l.dashed ? ' gc-legend-dashed' : ''}`}
                  style={{ borderColor: l.color }}
                />
                {l.name}
              </li>
            ))}
          </ul>
        )}
      </figcaption>
      <div className="gc-plot" ref={ref} {...dragHandlers}>
        <LaneChart
          id={testId}
          label={caption}
          width={width}
          height={height}
          margin={MARGIN}
          leftWidth={Y_WIDTH}
          rightWidth={0}
          rows={rows}
          series={series}
          domain={domain}
          xTicks={frame.ticks}
          xLabel={frame.tickLabel}
          left={axis}
          hover={frame.hover}
          tooltip={(row) => <SeriesTooltip time={frame.fmtTime(row.t)} row={row} items={series} />}
          extra={(scales) => (
            <>
              {extra?.(scales)}
              {drag?.b !== undefined ? (
                <rect
                  className="gc-drag"
                  x={Math.min(scales.x(drag.a), scales.x(drag.b))}
                  y={scales.plot.top}
                  width={Math.abs(scales.x(drag.b) - scales.x(drag.a))}
                  height={scales.plot.height}
                  fill="#5cb3ff"
                  fillOpacity={0.2}
                />
              ) : null}
            </>
          )}
        />
      </div>
    </figure>
  );
}
