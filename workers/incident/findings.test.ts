import { describe, expect, it } from 'vitest';
import { computeFindings, heapGrowth, linearFit } from './findings.ts';
import { goIncident, javaIncident, T0 } from './test-fixtures.ts';

const MiB = 1 << 20;

describe('findings (Go incident)', () => {
  const findings = computeFindings(goIncident());
  const byKind = (k: string) => findings.filter((f) => f.kind === k);

  it('measures heap growth over the leak period from the live-heap series', () => {
    const [g] = byKind('heap-growth');
    expect(g.numbers.bytesPerMinute).toBe(6 * MiB);
    expect(g.numbers.startBytes).toBe(20 * MiB);
    expect(g.numbers.endBytes).toBe(79 * MiB);
    expect(g.t).toBe(T0 + 10_000);
    expect(g.tEnd).toBe(T0 + 600_000);
    expect(g.severity).toBe('critical');
  });

  it('projects the OOM time against the memory limit', () => {
    const [p] = byKind('projected-oom');
    // (256 - 79) MiB at 6 MiB/min after the last cycle = 29.5 min
    expect(p.numbers.minutesAfterLastCycle).toBeCloseTo(29.5, 6);
    expect(p.t).toBe(T0 + 600_000 + 29.5 * 60_000);
  });

  it('finds the moment the GC pause crossed 100 ms', () => {
    const pause = byKind('gc-threshold').find((f) => f.facts?.metric === 'pause')!;
    expect(pause.t).toBe(T0 + 460_000);
    expect(pause.numbers.pauseMs).toBeCloseTo(150.2);
    expect(pause.numbers.cyclesOver).toBe(1);
  });

  it('reports the goroutine group that grew between dumps, not the stable ones', () => {
    const g = byKind('goroutine-growth');
    expect(g.map((f) => f.subject)).toEqual(['main.exportWorker', 'main.convoyWaiter']);
    expect(g[0].numbers).toMatchObject({ first: 40, last: 120, growth: 80, dumps: 3 });
    expect(g[0].numbers.perMinute).toBeCloseTo(11.4, 1);
    expect(g[0].evidence.map((e) => e.artifactId)).toEqual(['g1', 'g2', 'g3']);
    expect(g[1].numbers.growth).toBe(12);
  });

  it('names the top retainer with its retained size and path, and the stack-held slice', () => {
    const [top] = byKind('top-retainer');
    expect(top.subject).toBe('main.orderCache');
    expect(top.numbers.retainedBytes).toBe(48 * MiB);
    expect(top.numbers.percent).toBe(75);
    expect(top.facts?.cacheLike).toBe('yes');
    expect(top.facts?.path).toBe('data/bss → main.orderCache');
    const [stack] = byKind('stack-held-memory');
    expect(stack.numbers.retainedBytes).toBe(4 * MiB);
  });

  it('reports the crash with its panic message', () => {
    const [c] = byKind('crash');
    expect(c.subject).toBe('order export queue overflow');
    expect(c.t).toBe(T0 + 11 * 60_000);
    expect(c.facts?.function).toBe('main.(*exportQueue).push');
  });
});

describe('findings (Go heap suspects with holders and path steps)', () => {
  const incident = goIncident();
  const heap = incident.artifacts.find((a) => a.id === 'h3')!.summary.heap!;
  heap.suspects = [
    {
      kind: 'root',
      title: 'main.orderCache retains 48.0 MiB (75 % of the reachable heap)',
      description: 'Held by the global main.orderCache.',
      retainedBytes: 48 * MiB,
      percent: 75,
      path: ['main.orderCache [bss+0xe0 (0x5e4b00)]', 'obj48 @ 0xc000010000', 'obj10240 @ 0xc000020000'],
      pathSteps: [
        { label: 'main.orderCache', id: 90, type: 'bss' },
        { label: 'obj48 @ 0xc000010000', id: 7, type: 'obj48' },
        { label: 'obj10240 @ 0xc000020000', id: 8, type: 'obj10240', offset: 16 },
      ],
      holder: 'main.orderCache',
      id: 7,
    },
    {
      kind: 'chain',
      title:
        'main.auditTrail: linked chain of 4,096 objects (obj48{p0,p8}) retains 8.0 MiB (12.5 % of the reachable heap)',
      description: 'A linked chain.',
      retainedBytes: 8 * MiB,
      percent: 12.5,
      path: ['main.auditTrail [bss+0x48 (0x555508)]', 'obj48{p0,p8} @ 0xc00013e4e0'],
      pathSteps: [
        { label: 'main.auditTrail', id: 91, type: 'bss' },
        { label: 'obj48{p0,p8} @ 0xc00013e4e0', id: 11, index: 3, offset: 24 },
      ],
      holder: 'main.auditTrail',
      chainLength: 4096,
      id: 11,
    },
    {
      kind: 'root',
      title: 'goroutine 17 frame main.stackHolder retains 4.0 MiB (6.3 % of the reachable heap)',
      description: 'Held by goroutine 17 frame main.stackHolder.',
      retainedBytes: 4 * MiB,
      percent: 6.3,
      path: ['goroutine 17 stack frame main.stackHolder', '[]byte (4 MiB)'],
      pathSteps: [
        { label: 'goroutine 17 frame main.stackHolder', id: 92, type: 'stack frame' },
        { label: '[]byte (4 MiB)', id: 9 },
      ],
      holder: 'goroutine 17 frame main.stackHolder',
      id: 9,
    },
  ] as unknown as typeof heap.suspects;
  const findings = computeFindings(incident);

  it('names the top retainer by its holder and writes the path with pointer offsets', () => {
    const top = findings.find((f) => f.kind === 'top-retainer')!;
    expect(top.subject).toBe('main.orderCache');
    expect(top.facts?.root).toBe('main.orderCache');
    expect(top.facts?.path).toBe('main.orderCache → obj48 @ 0xc000010000 → +0x10 obj10240 @ 0xc000020000');
  });

  it('names the frame that holds stack-held memory', () => {
    const stack = findings.find((f) => f.kind === 'stack-held-memory')!;
    expect(stack.facts?.root).toBe('goroutine 17 frame main.stackHolder');
  });

  it('reports a linked chain with its length and element index', () => {
    const chain = findings.find((f) => f.kind === 'leak-suspect')!;
    expect(chain.subject).toMatch(/linked chain of 4,096 objects/);
    expect(chain.numbers.chainLength).toBe(4096);
    expect(chain.facts?.path).toBe('main.auditTrail → [3] obj48{p0,p8} @ 0xc00013e4e0');
  });
});

describe('findings (Java incident)', () => {
  const findings = computeFindings(javaIncident());
  it('finds unclosed streams and the type that holds them', () => {
    const [u] = findings.filter((f) => f.kind === 'unclosed-resource');
    expect(u.subject).toBe('java.io.BufferedInputStream');
    expect(u.numbers.count).toBe(14_000);
    expect(u.facts?.holder).toBe('com.example.order.domain.OrderAggregate');
  });
  it('finds the OOM, the Full-GC pause crossing and GC CPU share', () => {
    expect(findings.find((f) => f.kind === 'oom')?.subject).toBe('OutOfMemoryError');
    const pause = findings.find((f) => f.kind === 'gc-threshold' && f.facts?.metric === 'pause')!;
    expect(pause.numbers.cyclesOver).toBe(5);
    const cpu = findings.find((f) => f.kind === 'gc-threshold' && f.facts?.metric === 'cpu')!;
    // window of 10 cycles, 3 s apart: (4 × 400 + 6 × 8) ms over 27 s ≈ 6.1 % < 25 %; overall 30 % crosses.
    expect(cpu.numbers.overallPercent).toBe(30);
  });
});

describe('linear fit', () => {
  it('fits an exact line and refuses degenerate input', () => {
    expect(
      linearFit([
        { t: 0, v: 1 },
        { t: 2, v: 5 },
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
    expect(linearFit([{ t: 1, v: 1 }])).toBeUndefined();
    expect(
      heapGrowth(
        [
          { t: 0, v: 0 },
          { t: 60_000, v: 10 },
          { t: 120_000, v: 20 },
        ],
        60_000,
      )?.bytesPerMinute,
    ).toBe(10);
  });
});
