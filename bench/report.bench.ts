/**
 * Incident/report benchmark: streaming SHA-256 of a 512 MiB source (the hash that every added
 * artifact pays), and timeline + findings + postmortem + Markdown export for an incident with
 * 200 000 GC events, 50 goroutine dumps and a heap dump. Targets: SHA-256 ≥ 150 MiB/s; the whole
 * refresh + export of that incident under 1.5 s (it runs after every edit that reaches the document).
 */

import type { GcEventSummary, InspectResult } from '../contract/inspect.ts';
import type { ByteSource } from '../workers/core/byte-source.ts';
import { makeArtifact } from '../workers/incident/artifacts.ts';
import { newIncident } from '../workers/incident/model.ts';
import { sha256Source } from '../workers/incident/sha256.ts';
import { stateAt } from '../workers/incident/timeline.ts';
import { exportFiles, refreshIncident } from '../workers/report/index.ts';
import { peakRss, type Report } from './lib.ts';

const MiB = 1 << 20;

function syntheticSource(size: number): ByteSource {
  const block = new Uint8Array(4 * MiB).map((_, i) => (i * 31) & 255);
  return {
    name: 'synthetic.bin',
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      return n === block.length ? block : block.subarray(0, n);
    },
  };
}

function bigIncident() {
  const T0 = Date.UTC(2026, 0, 1);
  const events: GcEventSummary[] = [];
  for (let i = 0; i < 200_000; i++) {
    const live = 50 * MiB + i * 1024 + (i % 50) * 4096;
    events.push({
      t: T0 + i * 500,
      kind: 'gc',
      pauseMs: i % 5000 === 0 ? 120 : 0.3,
      heapLiveBytes: live,
      goalBytes: live * 2,
    });
  }
  const base = { schema: 'pmwb.inspect/1' as const, parseMs: 0, truncated: false, warnings: [] };
  const gc: InspectResult = {
    ...base,
    file: 'gctrace.log',
    format: 'go-gctrace',
    bytes: 30 * MiB,
    gc: {
      cycles: events.length,
      startMs: T0,
      endMs: events.at(-1)!.t,
      maxLiveBytes: 0,
      maxGoalBytes: 0,
      pauses: { count: events.length, totalMs: 0, maxMs: 120, p99Ms: 1 },
      gcCpuPercent: 3,
      events,
      absolute: true,
      limitBytes: 2048 * MiB,
    },
  };
  const artifacts = [makeArtifact({ id: 'gc', path: 'gctrace.log', sha256: '0'.repeat(64), result: gc })];
  for (let d = 0; d < 50; d++) {
    const groups = Array.from({ length: 200 }, (_, g) => ({
      count: g === 0 ? 100 * (d + 1) : 1 + (g % 7),
      state: 'chan receive',
      waitMinutesMax: d,
      function: `main.worker${g}`,
      createdBy: 'main.main',
      frames: [{ function: `main.worker${g}`, file: 'main.go', line: g }],
    }));
    const r: InspectResult = {
      ...base,
      file: `g${d}.txt`,
      format: 'goroutine-dump',
      bytes: MiB,
      capturedAtMs: T0 + d * 2_000_000,
      goroutines: { total: groups.reduce((n, g) => n + g.count, 0), byState: {}, groups },
    };
    artifacts.push(makeArtifact({ id: `d${d}`, path: r.file, sha256: String(d % 10).repeat(64), result: r }));
  }
  return newIncident({ title: 'bench', nowMs: T0, artifacts });
}

export default async function bench(report: Report): Promise<void> {
  const size = Number(process.env.SHA_BENCH_MIB ?? 512) * MiB;
  let rss = peakRss();
  let t = performance.now();
  await sha256Source(syntheticSource(size));
  let ms = performance.now() - t;
  report({
    name: `sha256 streaming ${size / MiB} MiB`,
    value: size / MiB / (ms / 1000),
    unit: 'MiB/s',
    note: 'target ≥ 150',
  });
  report({ name: 'sha256 peak RSS', value: rss.stop() / MiB, unit: 'MiB' });

  const inc = bigIncident();
  rss = peakRss();
  t = performance.now();
  const r = refreshIncident(inc, { nowMs: Date.UTC(2026, 1, 1) });
  ms = performance.now() - t;
  report({
    name: 'refresh (timeline + findings + checklist + postmortem), 200k GC events',
    value: ms,
    unit: 'ms',
    note: `${r.findings.length} findings`,
  });
  t = performance.now();
  const files = exportFiles(r, { charts: true });
  report({
    name: 'export (Markdown + CSV + timeline.json + SVG)',
    value: performance.now() - t,
    unit: 'ms',
    note: `${files.reduce((n, f) => n + f.content.length, 0)} chars`,
  });
  t = performance.now();
  const range = r.timeline.range!;
  for (let i = 0; i < 1000; i++)
    stateAt(r.timeline, range.startMs + ((range.endMs - range.startMs) * i) / 1000);
  report({ name: 'stateAt × 1000', value: performance.now() - t, unit: 'ms' });
  report({ name: 'refresh/export peak RSS', value: rss.stop() / MiB, unit: 'MiB' });
}
