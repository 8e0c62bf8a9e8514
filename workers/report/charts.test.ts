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

describe('chart scenes in the report language', () => {
  it('name series by their GC log and write marker tooltips in Chinese for a zh-CN report', async () => {
    const { goIncident, javaIncident } = await import('../incident/test-fixtures.ts');
    const { buildTimeline } = await import('../incident/timeline.ts');
    for (const inc of [goIncident(), javaIncident()]) {
      const tl = buildTimeline(inc, { findings: [] });
      const markers = tl.events.filter((e) =>
        ['crash', 'oom', 'heap-dump', 'goroutine-dump'].includes(e.kind),
      );
      expect(markers.length, inc.title).toBeGreaterThan(0);
      const tips = (lang: 'en' | 'zh-CN') =>
        (heapChartScene(tl, lang, 'UTC')?.shapes ?? []).flatMap((s) => (s.tooltip ? [s.tooltip] : []));
      const en = tips('en');
      const zh = tips('zh-CN');
      expect(en.length, inc.title).toBeGreaterThan(0);
      expect(zh).toHaveLength(en.length);
      // the English tooltips are the engine's labels; the Chinese ones its zh templates
      expect(en.some((t) => /Heap dump|Goroutine dump|Crash|Out of memory/.test(t))).toBe(true);
      for (const t of zh)
        expect(t, inc.title).not.toMatch(/Heap dump|Goroutine dump|Crash:|Out of memory|objects/);
      expect(
        zh.some((t) => /堆转储|goroutine 转储|崩溃|内存耗尽/.test(t)),
        zh.join('\n'),
      ).toBe(true);
    }
  });

  it('takes a series’ GC log name from its message, whatever its label says', () => {
    const tl: Timeline = {
      events: [],
      series: [
        {
          ...series('live-heap', 'x', 1 << 20),
          labelMsg: { key: 'timeline/seriesLiveHeap', params: { file: 'gc (1).log' } },
        },
        {
          ...series('live-heap', 'y', 1 << 20),
          labelMsg: { key: 'timeline/seriesLiveHeap', params: { file: 'jstat.txt' } },
        },
      ],
    };
    const legend = texts(heapChartScene(tl, 'zh-CN', 'UTC')!).filter((x) => x.attrs.fill === '#333');
    expect(legend.map((x) => x.text)).toEqual(['存活堆 (gc (1).log)', '存活堆 (jstat.txt)']);
  });
});
