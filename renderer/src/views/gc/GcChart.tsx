import type React from 'react';
import type { ComponentProps, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, ComposedChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { ChartIsland } from '../../components/ChartIsland.tsx';

import { gridX, gridY } from '../../components/fast-chart.ts';

export { dotsCurve } from '../../components/fast-chart.ts';

export const SYNC = 'gc-charts';
export const MARGIN = { top: 8, right: 48, bottom: 4, left: 8 };
export const Y_WIDTH = 80;
type ChartData = ComponentProps<typeof ComposedChart>['data'];

export interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

/** What every synchronized chart shares: the time axis, drag-to-zoom and deferred first draw. */
export interface ChartFrame {
  domain: [number, number];
  fmtTime: (t: number) => string;
  drag?: { a: number; b?: number };
  dragHandlers: React.HTMLAttributes<HTMLElement>;
  /** Charts with a higher order than this are still placeholders. */
  drawn: number;
}

/** One of the synchronized charts: shared time axis, grid, tooltip, drag-to-zoom and its area. */
export function GcChart({
  frame,
  order,
  testId,
  caption,
  height,
  data,
  formatValue,
  legend,
  attrs,
  children,
}: {
  frame: ChartFrame;
  order: number;
  testId: string;
  caption: string;
  height: number;
  data: ChartData;
  formatValue: (v: number) => string;
  legend?: LegendItem[];
  /** data-* attributes the e2e tests read (the axis and projection the chart really drew). */
  attrs?: Record<`data-${string}`, string>;
  children: ReactNode;
}) {
  const { t } = useTranslation('views');
  const { domain, fmtTime, drag, dragHandlers, drawn } = frame;
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
      <div className="gc-plot" {...dragHandlers}>
        {drawn <= order ? (
          <div className="gc-plot-pending" style={{ height }} aria-busy="true" />
        ) : (
          <ChartIsland style={{ minHeight: height }}>
            <ResponsiveContainer width="100%" height={height}>
              <ComposedChart data={data} syncId={SYNC} margin={MARGIN}>
                <CartesianGrid
                  stroke="#2a3240"
                  verticalCoordinatesGenerator={gridX}
                  horizontalCoordinatesGenerator={gridY}
                />
                <XAxis
                  dataKey="t"
                  type="number"
                  domain={domain}
                  allowDataOverflow
                  // every tick of the ~5 nice ticks: with the default 'preserveEnd' recharts measures each
                  // tick label (and again for the grid) with getBoundingClientRect, forcing layouts on every draw
                  interval={0}
                  tickFormatter={fmtTime}
                  stroke="#9aa4b2"
                  fontSize={13}
                />
                <Tooltip
                  labelFormatter={(v) => fmtTime(Number(v))}
                  formatter={(v) => (typeof v === 'number' ? formatValue(v) : String(v))}
                  contentStyle={{ background: '#151a22', border: '1px solid #3a4350' }}
                />
                {children}
                {drag?.b !== undefined && (
                  <ReferenceArea x1={drag.a} x2={drag.b} fill="#5cb3ff" fillOpacity={0.2} />
                )}
              </ComposedChart>
            </ResponsiveContainer>
          </ChartIsland>
        )}
      </div>
    </figure>
  );
}
