import { createElement, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  CHART_FONT_SIZE,
  type ChartScene,
  type ChartShape,
  type ChartSize,
} from '../../../workers/report/charts.ts';

/** Chart labels on a slide, in screen px (the report's 12-unit labels drawn at this size). */
export const SLIDE_CHART_LABEL_PX = 20;

/** SVG attribute names (`text-anchor`) as React props (`textAnchor`). */
function props(attrs: ChartShape['attrs']): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(attrs))
    out[k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/**
 * A report chart filling its box on a slide: the scene is laid out in units such that the box
 * shows it at `SLIDE_CHART_LABEL_PX / scene.fontSize` px per unit, so labels are that size on
 * screen whatever the screen is. Drawn as SVG elements (text is React text, never markup).
 */
export function SlideChart({
  scene,
  label,
}: {
  scene: (size: ChartSize) => ChartScene | undefined;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [px, setPx] = useState<{ w: number; h: number }>();
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      const h = Math.floor(el.clientHeight);
      setPx((p) => (p && p.w === w && p.h === h ? p : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const s = useMemo(() => {
    if (!px || px.w <= 0 || px.h <= 0) return undefined;
    const k = SLIDE_CHART_LABEL_PX / CHART_FONT_SIZE;
    return scene({ width: px.w / k, height: px.h / k });
  }, [px, scene]);
  let svg = null;
  if (px && s)
    svg = (
      <svg
        role="img"
        aria-label={label}
        width={px.w}
        height={px.h}
        viewBox={`0 0 ${s.width} ${s.height}`}
        fontFamily="sans-serif"
        fontSize={s.fontSize}
      >
        {s.shapes.map((sh, i) =>
          createElement(
            sh.tag,
            // shapes are drawn in order and never reordered: the index is their identity
            { key: i, ...props(sh.attrs) },
            sh.text,
            sh.tooltip !== undefined ? <title>{sh.tooltip}</title> : null,
          ),
        )}
      </svg>
    );
  return (
    <div className="pres-chart" ref={box} data-testid="presentation-chart">
      {svg}
    </div>
  );
}
