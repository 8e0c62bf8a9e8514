import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutMarkers, type Marker, type MarkerItem, markersOverlap, markerWidth } from './event-markers.ts';

const O = { width: 600, rows: 3, charWidth: 8, pad: 12, gap: 4 };

/** Every promise the layout makes, checked on any input. */
function expectSound(items: MarkerItem[], markers: Marker[], width: number) {
  for (let a = 0; a < markers.length; a++)
    for (let b = a + 1; b < markers.length; b++)
      expect(markersOverlap(markers[a], markers[b]), `${markers[a].text} / ${markers[b].text}`).toBe(false);
  // each event is in exactly one marker, and the marker spans its position
  const seen = markers.flatMap((m) => m.numbers).sort((x, y) => x - y);
  expect(seen).toEqual(items.map((i) => i.n).sort((x, y) => x - y));
  for (const m of markers) {
    for (const n of m.numbers) {
      const x = items.find((i) => i.n === n)?.x ?? Number.NaN;
      expect(x).toBeGreaterThanOrEqual(m.fromX);
      expect(x).toBeLessThanOrEqual(m.toX);
    }
    expect(m.width).toBe(markerWidth(m.text, O));
    expect(m.left).toBeGreaterThanOrEqual(0);
    if (m.width <= width) expect(m.left + m.width).toBeLessThanOrEqual(width);
    const lo = Math.min(...m.numbers);
    const hi = Math.max(...m.numbers);
    expect(m.text).toBe(lo === hi ? String(lo) : `${lo}–${hi}`);
  }
}

describe('event markers', () => {
  it('give each well-spaced event its own number, centred on it, in the first row', () => {
    const items = [
      { x: 10, n: 1 },
      { x: 200, n: 2 },
      { x: 590, n: 3 },
    ];
    const m = layoutMarkers(items, O);
    expect(m.map((x) => [x.text, x.row])).toEqual([
      ['1', 0],
      ['2', 0],
      ['3', 0],
    ]);
    expect(m[1].left).toBe(200 - markerWidth('2', O) / 2);
    // at the edges the marker stays on the plot
    expect(m[0].left).toBe(0);
    expect(m[2].left + m[2].width).toBe(600);
  });

  it('stack close events in rows before merging them', () => {
    const items = [
      { x: 100, n: 4 },
      { x: 104, n: 5 },
      { x: 108, n: 6 },
    ];
    const m = layoutMarkers(items, O);
    expect(m.map((x) => [x.text, x.row])).toEqual([
      ['4', 0],
      ['5', 1],
      ['6', 2],
    ]);
  });

  it('merge a crowd into ranges when the rows run out', () => {
    // 40 events within 60 px, as a burst of GC events is at the end of the java-oom sample
    const items = Array.from({ length: 40 }, (_, i) => ({ x: 500 + i * 1.5, n: 20 + i }));
    const m = layoutMarkers(items, O);
    expectSound(items, m, O.width);
    expect(m.length).toBeLessThanOrEqual(6);
    expect(m.some((x) => x.numbers.length > 1 && x.text.includes('–'))).toBe(true);
    // with one row the same crowd needs even fewer markers, still none overlapping
    const one = layoutMarkers(items, { ...O, rows: 1 });
    expectSound(items, one, O.width);
    expect(one.length).toBeLessThan(m.length + 1);
  });

  it('never overlap, and account for every event, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 300 }),
        fc.integer({ min: 40, max: 1600 }),
        fc.integer({ min: 1, max: 4 }),
        (xs, width, rows) => {
          const items = xs.map((f, i) => ({ x: f * width, n: i + 1 }));
          const markers = layoutMarkers(items, { ...O, width, rows });
          expectSound(items, markers, width);
          expect(markers.every((m) => m.row >= 0 && m.row < rows)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lays out nothing for no events', () => {
    expect(layoutMarkers([], O)).toEqual([]);
  });
});
