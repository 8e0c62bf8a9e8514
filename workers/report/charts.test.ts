import { describe, expect, it } from 'vitest';
import type { Timeline, TimelineSeries } from '../incident/timeline.ts';
import { type ChartScene, heapChartScene, heapChartSvg, sceneSvg } from './charts.ts';

function series(kind: TimelineSeries['kind'], label: string, v0: number): TimelineSeries {
  return {
    id: `${kind}-${label}`,
    kind,
    label,
    unit: 'bytes',
    sources: [],
    assumed: false,
    anchor: 'evidence',
    points: [0, 1, 2, 3].map((i) => ({ t: 1_700_000_000_000 + i * 1000, v: v0 * (i + 1) })),
  };
}

const twoLogs: Timeline = {
  events: [],
  series: [
    series('live-heap', 'live heap (jstat.txt)', 1 << 20),
    series('live-heap', 'live heap (gc.log)', 1 << 20),
    series('heap-goal', 'heap goal (jstat.txt)', 8 << 20),
    series('heap-goal', 'heap goal (gc.log)', 8 << 20),
  ],
};

const texts = (s: ChartScene) => s.shapes.filter((x) => x.tag === 'text');
const gridTop = (s: ChartScene) =>
  Math.min(
    ...s.shapes.filter((x) => x.tag === 'line' && x.attrs.stroke === '#ddd').map((x) => Number(x.attrs.y1)),
  );

describe('chart scenes', () => {
  for (const size of [
    { width: 960, height: 360 },
    { width: 700, height: 270 },
  ]) {
    it(`puts a four-line legend above the plot at ${size.width}×${size.height}`, () => {
      const s = heapChartScene(twoLogs, 'en', 'UTC', size);
      expect(s).toBeDefined();
      const legend = texts(s!).filter((x) => /heap/.test(x.text ?? '') && x.attrs.fill === '#333');
      expect(legend).toHaveLength(4);
      const top = gridTop(s!);
      for (const l of legend) expect(Number(l.attrs.y)).toBeLessThanOrEqual(top - 6);
      for (const l of legend) expect(Number(l.attrs.x)).toBeLessThan(size.width);
      expect(s!.width).toBe(size.width);
      expect(s!.height).toBe(size.height);
    });
  }

  it('writes the scene as SVG with every text and attribute escaped', () => {
    const hostile: Timeline = {
      events: [],
      series: [series('live-heap', 'live heap (<script>&"x".log)', 1 << 20), series('live-heap', 'b', 1)],
    };
    const svg = sceneSvg(heapChartScene(hostile, 'en', 'UTC')!);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;x&quot;.log');
    expect(heapChartSvg(hostile, 'en', 'UTC')).toBe(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="360"')).toBe(true);
  });
});
