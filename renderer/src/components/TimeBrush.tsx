import './LaneChart.css';
import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Span = readonly [number, number];

/** What a keyboard key does to one edge of the window: a step of the full span, or an end. */
function keyed(key: string, shift: boolean, at: number, full: Span): number | undefined {
  const step = (full[1] - full[0]) / (shift ? 10 : 50);
  if (key === 'ArrowLeft' || key === 'ArrowDown') return at - step;
  if (key === 'ArrowRight' || key === 'ArrowUp') return at + step;
  if (key === 'PageDown') return at - step * 5;
  if (key === 'PageUp') return at + step * 5;
  if (key === 'Home') return full[0];
  if (key === 'End') return full[1];
  return undefined;
}

const HEIGHT = 28;
const TRAVELLER = 10;
/** Window width, px, from which both edge labels fit inside it. */
const LABELS_INSIDE = 240;

/**
 * The range shown, as a window over the full range: drag either edge or the window itself, or
 * move an edge with the arrow keys (Shift for bigger steps, Home/End to the ends). While dragging
 * only the brush redraws; the new range is given once, on release. The full range again means no
 * zoom (`undefined`).
 */
export function TimeBrush({
  full,
  shown,
  left,
  width,
  label,
  onChange,
}: {
  full: Span;
  shown: Span;
  left: number;
  width: number;
  /** A time as the brush prints it next to an edge. */
  label: (t: number) => string;
  onChange: (zoom: { from: number; to: number } | undefined) => void;
}) {
  const { t: text } = useTranslation('views');
  const [draft, setDraft] = useState<Span>();
  const drag = useRef<{ edge: 'from' | 'to' | 'window'; startX: number; start: Span }>(undefined);
  const span = Math.max(1, full[1] - full[0]);
  const minSpan = span / 1000;
  const [from, to] = draft ?? shown;
  const x = (t: number) => ((Math.min(full[1], Math.max(full[0], t)) - full[0]) / span) * width;

  /** The window after moving `edge` (or the whole window) to `t`, kept inside the full range. */
  const moved = (edge: 'from' | 'to' | 'window', base: Span, dt: number): Span => {
    if (edge === 'window') {
      const w = base[1] - base[0];
      const a = Math.min(full[1] - w, Math.max(full[0], base[0] + dt));
      return [a, a + w];
    }
    if (edge === 'from') return [Math.min(base[1] - minSpan, Math.max(full[0], base[0] + dt)), base[1]];
    return [base[0], Math.max(base[0] + minSpan, Math.min(full[1], base[1] + dt))];
  };
  const commit = (w: Span) => {
    setDraft(undefined);
    if (w[0] <= full[0] && w[1] >= full[1]) onChange(undefined);
    else onChange({ from: w[0], to: w[1] });
  };
  const down = (edge: 'from' | 'to' | 'window') => (e: PointerEvent<SVGElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { edge, startX: e.clientX, start: [from, to] };
    setDraft([from, to]);
  };
  const move = (e: PointerEvent<SVGElement>) => {
    const d = drag.current;
    if (!d || width <= 0) return;
    setDraft(moved(d.edge, d.start, ((e.clientX - d.startX) / width) * span));
  };
  const up = () => {
    const d = drag.current;
    drag.current = undefined;
    if (d && draft) commit(draft);
  };
  const key = (edge: 'from' | 'to') => (e: KeyboardEvent<SVGElement>) => {
    const at = edge === 'from' ? from : to;
    const next = keyed(e.key, e.shiftKey, at, full);
    if (next === undefined) return;
    e.preventDefault();
    commit(moved(edge, [from, to], next - at));
  };
  const traveller = (edge: 'from' | 'to') => {
    const at = edge === 'from' ? from : to;
    return (
      <rect
        className="time-brush-traveller"
        data-edge={edge}
        role="slider"
        tabIndex={0}
        aria-label={text(edge === 'from' ? 'brush_start' : 'brush_end')}
        aria-valuemin={full[0]}
        aria-valuemax={full[1]}
        aria-valuenow={Math.round(at)}
        aria-valuetext={label(at)}
        x={x(at) - TRAVELLER / 2}
        y={0}
        width={TRAVELLER}
        height={HEIGHT}
        rx={2}
        onPointerDown={down(edge)}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onKeyDown={key(edge)}
      />
    );
  };
  return (
    <div className="time-brush" style={{ marginLeft: left, width }}>
      <svg width={width} height={HEIGHT} className="time-brush-surface" overflow="visible">
        <title>{`${label(from)} – ${label(to)}`}</title>
        <rect className="time-brush-track" x={0} y={0} width={width} height={HEIGHT} rx={3} />
        <rect
          className="time-brush-window"
          x={x(from)}
          y={0}
          width={Math.max(1, x(to) - x(from))}
          height={HEIGHT}
          onPointerDown={down('window')}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        />
        {traveller('from')}
        {traveller('to')}
      </svg>
      <div className="time-brush-labels" aria-hidden="true">
        {/* each label on the outer side of its edge when the window is too narrow for both inside */}
        <span style={x(to) - x(from) < LABELS_INSIDE ? { right: width - x(from) } : { left: x(from) }}>
          {label(from)}
        </span>
        <span style={x(to) - x(from) < LABELS_INSIDE ? { left: x(to) } : { right: width - x(to) }}>
          {label(to)}
        </span>
      </div>
    </div>
  );
}
