/** Recharts parts drawn without per-point elements or label measuring: the UI thread stays free. */
import type { ComponentProps } from 'react';
import type { CartesianGrid } from 'recharts';

/**
 * A d3 curve that draws every point as a dot (a zero-length segment with a round cap), all in ONE
 * <path>. Recharts' Scatter renders one React element per point, which cost ~200 ms on the UI
 * thread for 1500 pauses; a Line with this curve draws the same dots for the cost of one path.
 */
export const dotsCurve = (context: {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}) => ({
  areaStart() {},
  areaEnd() {},
  lineStart() {},
  lineEnd() {},
  point(x: number, y: number) {
    context.moveTo(x, y);
    context.lineTo(x, y);
  },
});

type GridProps = ComponentProps<typeof CartesianGrid>;
type GridAxis = {
  ticks?: readonly unknown[];
  niceTicks?: readonly unknown[];
  scale?: { map(v: never): number | undefined };
};
/** Grid lines at the axis' nice ticks. Recharts' default generator re-runs tick-label collision
 *  checks that measure every label with getBoundingClientRect (forced layouts) on each draw. */
const tickCoords = (axis: GridAxis | undefined): number[] => {
  const out: number[] = [];
  // an axis given explicit ticks (the heap's round KiB/MiB/GiB) gets its grid lines at those
  for (const v of axis?.ticks ?? axis?.niceTicks ?? []) {
    const c = axis?.scale?.map(v as never);
    if (typeof c === 'number' && Number.isFinite(c)) out.push(c);
  }
  return out;
};
export const gridX: NonNullable<GridProps['verticalCoordinatesGenerator']> = ({ xAxis }) =>
  tickCoords(xAxis as GridAxis | undefined);
export const gridY: NonNullable<GridProps['horizontalCoordinatesGenerator']> = ({ yAxis }) =>
  tickCoords(yAxis as GridAxis | undefined);
