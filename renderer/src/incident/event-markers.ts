/**
 * Numbered markers for the events lane: every event on the chart gets its number from the event
 * list ("7"), or shares a marker with its neighbours ("7–12") when there is no room, so each dot
 * can be identified without hovering. Markers are laid out in a few rows above the chart and never
 * overlap: a marker goes into the lowest row where it clears the previous one; when no row has
 * room it is merged into the marker before it. Pure; positions in px within the plot area.
 */

export interface MarkerItem {
  /** Position of the event on the plot, px from its left edge. */
  x: number;
  /** The event's number in the event list (1-based). */
  n: number;
}

export interface Marker {
  /** Event numbers in this marker, in order of x. */
  numbers: number[];
  /** "7" or "7–12". */
  text: string;
  /** Leftmost and rightmost event it stands for, px. */
  fromX: number;
  toX: number;
  /** Its box: left edge and width, px; row 0 is nearest the chart. */
  left: number;
  width: number;
  row: number;
}

export interface MarkerLayout {
  /** Width of the plot, px. */
  width: number;
  /** Rows available. */
  rows: number;
  /** Width of one character of the marker text, px (digits and the dash, tabular). */
  charWidth: number;
  /** Horizontal padding plus border inside a marker, px (both sides together). */
  pad: number;
  /** Least space between two markers in a row, px. */
  gap: number;
}

export const MARKER_LAYOUT: MarkerLayout = { width: 800, rows: 3, charWidth: 8, pad: 12, gap: 4 };

function markerText(numbers: number[]): string {
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  return first === last ? String(first) : `${first}–${last}`;
}

export function markerWidth(text: string, o: Pick<MarkerLayout, 'charWidth' | 'pad'>): number {
  return Math.ceil(text.length * o.charWidth + o.pad);
}

interface Group {
  numbers: number[];
  fromX: number;
  toX: number;
}

/** Markers for `items` (any order) on a plot `o.width` px wide. */
export function layoutMarkers(items: readonly MarkerItem[], opts: Partial<MarkerLayout> = {}): Marker[] {
  const o = { ...MARKER_LAYOUT, ...opts };
  const rows = Math.max(1, Math.floor(o.rows));
  const sorted = [...items].filter((i) => Number.isFinite(i.x)).sort((a, b) => a.x - b.x || a.n - b.n);
  const groups: Group[] = sorted.map((i) => ({ numbers: [i.n], fromX: i.x, toX: i.x }));
  const placed: Marker[] = [];
  // rowEnds[i]: the right edge of each row before group i was placed, to step back after a merge
  const rowEnds: number[][] = [];
  let ends = new Array<number>(rows).fill(Number.NEGATIVE_INFINITY);
  let i = 0;
  while (i < groups.length) {
    const g = groups[i];
    const text = markerText(g.numbers);
    const width = markerWidth(text, o);
    const centre = (g.fromX + g.toX) / 2;
    const left = Math.max(0, Math.min(centre - width / 2, o.width - width));
    const row = ends.findIndex((end) => end + o.gap <= left);
    if (row >= 0 || i === 0) {
      const r = Math.max(0, row);
      rowEnds[i] = ends;
      ends = ends.slice();
      ends[r] = left + width;
      placed[i] = { numbers: g.numbers, text, fromX: g.fromX, toX: g.toX, left, width, row: r };
      i++;
      continue;
    }
    // No row has room: this event joins the marker before it, which is laid out again.
    const prev = groups[i - 1];
    groups.splice(i - 1, 2, {
      numbers: [...prev.numbers, ...g.numbers],
      fromX: prev.fromX,
      toX: g.toX,
    });
    i--;
    ends = rowEnds[i];
    placed.length = i;
    rowEnds.length = i;
  }
  return placed;
}

/** True when two markers' boxes overlap (same row and their spans meet). */
export function markersOverlap(a: Marker, b: Marker): boolean {
  return a.row === b.row && a.left < b.left + b.width && b.left < a.left + a.width;
}
