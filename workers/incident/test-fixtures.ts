/**
 * Hand-built analysis summaries for tests (shaped like the parsers' output per the contract in
 * contract/inspect.ts). Numbers are chosen so each expected finding is checkable by hand.
 */
import type { GcEventSummary, GoroutineGroupSummary, InspectResult } from '../../contract/inspect.ts';
import { makeArtifact } from './artifacts.ts';
import { type Incident, newIncident } from './model.ts';

const MiB = 1 << 20;
export const T0 = Date.UTC(2026, 10, 20, 9, 0, 0); // process start of the Go service

const header = (file: string, format: InspectResult['format'], bytes: number): InspectResult => ({
  schema: 'pmwb.inspect/1',
  file,
  format,
  bytes,
  parseMs: 1,
  truncated: false,
  warnings: [],
});

/** gctrace: 60 cycles, one every 10 s, live heap 20 MiB + 1 MiB per cycle (6 MiB/min). Times relative. */
export function gctrace(): InspectResult {
  const events: GcEventSummary[] = [];
  for (let i = 0; i < 60; i++) {
    const live = (20 + i) * MiB;
    events.push({
      t: 10_000 * (i + 1),
      kind: 'gc',
      pauseMs: 0.2 + (i === 45 ? 150 : 0),
      heapLiveBytes: live,
      goalBytes: live * 2,
    });
  }
  return {
    ...header('gctrace.log', 'go-gctrace', 4000),
    gc: {
      cycles: 60,
      startMs: 10_000,
      endMs: 600_000,
      maxLiveBytes: 79 * MiB,
      maxGoalBytes: 158 * MiB,
      pauses: { count: 60, totalMs: 162, maxMs: 150.2, p99Ms: 150.2 },
      gcCpuPercent: 4,
      events,
      limitBytes: 256 * MiB,
    },
  };
}

const group = (
  count: number,
  fn: string,
  state: string,
  createdBy = 'main.startExport',
): GoroutineGroupSummary => ({
  count,
  state,
  waitMinutesMax: 3,
  function: fn,
  createdBy,
  frames: [{ function: fn, file: '/src/main.go', line: 170 }],
});

export function goroutineDump(n: number, capturedAtMs: number): InspectResult {
  return {
    ...header(`goroutines-${n}.debug2.txt`, 'goroutine-dump', 10_000),
    capturedAtMs,
    goroutines: {
      total: 40 * n + 6 * n + 3,
      byState: { 'chan receive': 40 * n, 'sync.Mutex.Lock': 6 * n, running: 1, sleep: 2 },
      groups: [
        group(40 * n, 'main.exportWorker', 'chan receive'),
        group(6 * n, 'main.convoyWaiter', 'sync.Mutex.Lock', 'main.main'),
        group(1, 'main.main', 'running', ''),
        group(2, 'main.slowHolder', 'sleep', 'main.main'),
      ],
    },
  };
}

/** A Go heap dump taken at `lastGcMs` (its MemStats LastGC); the reader's capturedAtMs is only the file time. */
export function heapDump(lastGcMs: number, fileTimeMs = lastGcMs + 7 * 86_400_000): InspectResult {
  return {
    ...header('heapdump-3.bin', 'go-heapdump', 90 * MiB),
    capturedAtMs: fileTimeMs,
    heap: {
      memStats: {
        memStats: { HeapAlloc: 64 * MiB, LastGC: lastGcMs * 1e6 },
        dumpObjects: 60_000,
        dumpBytes: 80 * MiB,
        reachableObjects: 55_000,
        reachableBytes: 64 * MiB,
        notes: [],
      },
      objects: 60_000,
      edges: 120_000,
      totalBytes: 80 * MiB,
      reachableBytes: 64 * MiB,
      gcRoots: 900,
      top: [
        {
          id: 7,
          label: 'main.orderCache',
          type: 'map[int64]*main.Order',
          shallowBytes: 48,
          retainedBytes: 48 * MiB,
          root: 'data/bss main.orderCache',
        },
        {
          id: 9,
          label: '[]byte (4 MiB)',
          type: '[]byte',
          shallowBytes: 4 * MiB,
          retainedBytes: 4 * MiB,
          root: 'goroutine 17 stack frame main.stackHolder',
        },
      ],
      histogram: [
        { type: 'size class 12288', count: 300, shallowBytes: 300 * 12288, retainedBytes: 300 * 12288 },
      ],
      suspects: [
        {
          title: 'main.orderCache',
          description: 'one map retains 75% of the heap',
          retainedBytes: 48 * MiB,
          percent: 75,
          path: ['data/bss', 'main.orderCache'],
          accumulationPoint: 'main.orderCache',
          kind: 'accumulation',
        },
      ],
    },
  };
}

export function crashTraceback(capturedAtMs: number): InspectResult {
  const r = goroutineDump(1, capturedAtMs);
  return {
    ...r,
    file: 'crash.txt',
    goroutines: {
      ...r.goroutines!,
      dumpKind: 'traceback',
      panic: {
        kind: 'panic',
        message: 'order export queue overflow',
        text: ['panic: order export queue overflow'],
      },
      groups: [group(1, 'main.(*exportQueue).push', 'running', ''), ...r.goroutines!.groups],
    },
  };
}

/** The Go incident: gctrace (relative, anchored at mtime), three dumps at 2, 5, 9 min, heap dump, crash at 11 min. */
export function goIncident(): Incident {
  const min = 60_000;
  const sha = (c: string) => c.repeat(64);
  const artifacts = [
    makeArtifact({
      id: 'gc',
      path: '/x/gctrace.log',
      sha256: sha('a'),
      result: gctrace(),
      lastModifiedMs: T0 + 600_000,
    }),
    makeArtifact({
      id: 'g1',
      path: '/x/goroutines-1.debug2.txt',
      sha256: sha('b'),
      result: goroutineDump(1, T0 + 2 * min),
    }),
    makeArtifact({
      id: 'g2',
      path: '/x/goroutines-2.debug2.txt',
      sha256: sha('c'),
      result: goroutineDump(2, T0 + 5 * min),
    }),
    makeArtifact({
      id: 'g3',
      path: '/x/goroutines-3.debug2.txt',
      sha256: sha('d'),
      result: goroutineDump(3, T0 + 9 * min),
    }),
    makeArtifact({ id: 'h3', path: '/x/heapdump-3.bin', sha256: sha('e'), result: heapDump(T0 + 9.5 * min) }),
    makeArtifact({ id: 'cr', path: '/x/crash.txt', sha256: sha('f'), result: crashTraceback(T0 + 11 * min) }),
  ];
  return newIncident({
    id: 'inc-go',
    title: 'Order service OOM',
    service: 'orders',
    severity: 'Sev-2',
    nowMs: T0 + 20 * min,
    artifacts,
    events: [
      {
        id: 'u1',
        t: T0 + 30_000,
        kind: 'deploy',
        label: 'Deploy v2.3.1 (export refactor)',
        severity: 'info',
        starred: true,
        source: 'user',
      },
      {
        id: 'u2',
        t: T0 + 10 * min,
        kind: 'alert-fired',
        label: 'Memory > 80% alert | pager',
        severity: 'warning',
        starred: true,
        source: 'user',
        ref: 'https://alerts.example/1',
      },
    ],
  });
}

/** Java: absolute JVM GC log ending in OOM, HPROF with unclosed streams held by OrderAggregate. */
export function javaIncident(): Incident {
  const JT = Date.UTC(2026, 10, 21, 14, 0, 0);
  const events: GcEventSummary[] = [];
  for (let i = 0; i < 40; i++) {
    const after = (30 + i * 5) * MiB;
    events.push({
      t: JT + i * 3000,
      kind: i >= 36 ? 'Pause Full' : 'Pause Young',
      pauseMs: i >= 36 ? 400 : 8,
      heapBeforeBytes: after + 20 * MiB,
      heapAfterBytes: after,
      cause: i >= 36 ? 'Allocation Failure' : 'G1 Evacuation Pause',
    });
  }
  events.push({
    t: JT + 40 * 3000,
    kind: 'Pause Full',
    pauseMs: 500,
    heapBeforeBytes: 256 * MiB,
    heapAfterBytes: 255 * MiB,
    cause: 'OutOfMemoryError',
  });
  const gc: InspectResult = {
    ...header('gc.log', 'jvm-gclog', 20_000),
    gc: {
      cycles: 41,
      startMs: JT,
      endMs: JT + 120_000,
      maxLiveBytes: 255 * MiB,
      maxGoalBytes: 256 * MiB,
      pauses: { count: 41, totalMs: 2400, maxMs: 500, p99Ms: 500 },
      gcCpuPercent: 30,
      events,
      limitBytes: 256 * MiB,
    },
  };
  const hprof: InspectResult = {
    ...header('heap.hprof', 'hprof', 300 * MiB),
    capturedAtMs: JT + 121_000,
    heap: {
      objects: 900_000,
      edges: 2_000_000,
      totalBytes: 250 * MiB,
      reachableBytes: 240 * MiB,
      gcRoots: 2000,
      top: [
        {
          id: 1,
          label: 'java.util.ArrayList OrderExportService.pending',
          type: 'java.util.ArrayList',
          shallowBytes: 24,
          retainedBytes: 200 * MiB,
          root: 'static com.example.order.OrderExportService.pending',
        },
      ],
      histogram: [
        {
          type: 'com.example.order.domain.OrderAggregate',
          count: 14_000,
          shallowBytes: 14_000 * 32,
          retainedBytes: 196 * MiB,
        },
        {
          type: 'java.io.BufferedInputStream',
          count: 14_000,
          shallowBytes: 14_000 * 40,
          retainedBytes: 112 * MiB,
        },
        { type: 'byte[]', count: 40_000, shallowBytes: 200 * MiB, retainedBytes: 200 * MiB },
      ],
      suspects: [],
    },
  };
  return newIncident({
    id: 'inc-java',
    title: 'Order export OOM',
    service: 'order-export',
    severity: 'Sev-1',
    nowMs: JT + 3_600_000,
    artifacts: [
      makeArtifact({ id: 'jgc', path: '/j/gc.log', sha256: '1'.repeat(64), result: gc }),
      makeArtifact({ id: 'hp', path: '/j/heap.hprof', sha256: '2'.repeat(64), result: hprof }),
    ],
  });
}
