/**
 * Building incident artifacts from analysis results, and time anchoring: where an artifact's
 * evidence sits on the incident's absolute time axis.
 */

import type { InspectResult } from '../../contract/inspect.ts';
import type { ByteSource, ParseContext } from '../core/byte-source.ts';
import type { Incident, IncidentArtifact, TimeAnchor } from './model.ts';
import { sha256Source } from './sha256.ts';

/** Times at or above this (1973-03-03) are taken as ms since the epoch; below, as ms since process start. */
export const EPOCH_THRESHOLD_MS = 1e11;

/** True when the GC block's event times are absolute (ms since epoch). */
export function gcTimesAbsolute(result: InspectResult): boolean {
  const gc = result.gc;
  if (!gc) return false;
  if (typeof gc.absolute === 'boolean') return gc.absolute;
  const first = gc.events[0]?.t ?? gc.startMs;
  return first >= EPOCH_THRESHOLD_MS;
}

/** The moment a snapshot artifact (dump, profile) was taken, when the evidence says. */
export function evidenceCapturedAt(result: InspectResult): number | undefined {
  if (result.format === 'go-heapdump') return heapDumpLastGcMs(result);
  // a zero or tiny time is no clock (an unset field), not 1970
  if (result.capturedAtMs !== undefined && result.capturedAtMs >= EPOCH_THRESHOLD_MS)
    return result.capturedAtMs;
  const tn = result.profile?.timeNanos;
  if (typeof tn === 'number' && tn > 0) return Math.round(tn / 1e6);
  return undefined;
}

/**
 * A Go heap dump carries no capture time of its own (the reader's `capturedAtMs` is the file time);
 * its MemStats `LastGC` (absolute ns) is the last collection before the dump: the evidence's clock.
 */
export function heapDumpLastGcMs(result: InspectResult): number | undefined {
  const ns = result.heap?.memStats?.memStats.LastGC;
  if (ns === undefined || !Number.isFinite(ns)) return undefined;
  const ms = Math.round(ns / 1e6);
  return ms >= EPOCH_THRESHOLD_MS ? ms : undefined;
}

/**
 * The default anchor: absolute where the evidence carries time; otherwise relative, anchored at the
 * file modification time and marked assumed (for a log, the last line is taken as written at mtime).
 */
export function defaultAnchor(result: InspectResult, lastModifiedMs?: number): TimeAnchor {
  if (result.gc) {
    if (gcTimesAbsolute(result)) return { kind: 'absolute', assumed: false, source: 'evidence' };
    const gc = result.gc;
    // gctrace with an absolute log prefix: the handler may report when the process started.
    const ps = gc.processStartMs;
    if (typeof ps === 'number' && ps >= EPOCH_THRESHOLD_MS) {
      return { kind: 'relative', processStartMs: ps, assumed: false, source: 'evidence' };
    }
    if (lastModifiedMs !== undefined) {
      const lastT = gc.events.at(-1)?.t ?? gc.endMs;
      return {
        kind: 'relative',
        processStartMs: lastModifiedMs - lastT,
        assumed: true,
        source: 'file-mtime',
      };
    }
    return { kind: 'relative', processStartMs: 0, assumed: true, source: 'none' };
  }
  const at = evidenceCapturedAt(result);
  if (at !== undefined) return { kind: 'absolute', capturedAtMs: at, assumed: false, source: 'evidence' };
  if (lastModifiedMs !== undefined) {
    return { kind: 'relative', capturedAtMs: lastModifiedMs, assumed: true, source: 'file-mtime' };
  }
  return { kind: 'relative', capturedAtMs: 0, assumed: true, source: 'none' };
}

/** Builds an artifact entry from an already computed summary and hash. */
export function makeArtifact(init: {
  id: string;
  path: string;
  name?: string;
  sha256: string;
  result: InspectResult;
  lastModifiedMs?: number;
}): IncidentArtifact {
  const { result } = init;
  return {
    id: init.id,
    path: init.path,
    name: init.name ?? init.path.split(/[\\/]/).pop() ?? init.path,
    size: result.bytes,
    sha256: init.sha256,
    format: result.format,
    ...(init.lastModifiedMs !== undefined ? { lastModifiedMs: init.lastModifiedMs } : {}),
    timeAnchor: defaultAnchor(result, init.lastModifiedMs),
    summary: result,
  };
}

/** Hashes a source and builds its artifact entry. */
export async function artifactFromSource(
  id: string,
  path: string,
  source: ByteSource,
  result: InspectResult,
  ctx: ParseContext = {},
): Promise<IncidentArtifact> {
  const sha256 = await sha256Source(source, ctx);
  return makeArtifact({ id, path, name: source.name, sha256, result, lastModifiedMs: source.lastModified });
}

/**
 * Sets an artifact's anchor to a moment the user gives: "process started at" for logs with
 * relative times, "taken at" for snapshots. Returns a new incident; the timeline moves with it.
 */
export function setAnchor(
  incident: Incident,
  artifactId: string,
  atMs: number,
  nowMs = Date.now(),
): Incident {
  return {
    ...incident,
    updatedMs: nowMs,
    artifacts: incident.artifacts.map((a) => {
      if (a.id !== artifactId) return a;
      const anchor: TimeAnchor = a.summary.gc
        ? gcTimesAbsolute(a.summary)
          ? a.timeAnchor
          : { kind: 'relative', processStartMs: atMs, assumed: false, source: 'user' }
        : { kind: 'absolute', capturedAtMs: atMs, assumed: false, source: 'user' };
      return { ...a, timeAnchor: anchor };
    }),
  };
}

/** Maps a GC event time of an artifact onto the absolute axis. */
export function gcTime(artifact: IncidentArtifact, t: number): number {
  const a = artifact.timeAnchor;
  if (a.kind === 'absolute' && gcTimesAbsolute(artifact.summary)) return t;
  return (a.processStartMs ?? 0) + t;
}

/** The absolute moment of a snapshot artifact (dump, profile). */
export function snapshotTime(artifact: IncidentArtifact): number {
  return (
    artifact.timeAnchor.capturedAtMs ?? evidenceCapturedAt(artifact.summary) ?? artifact.lastModifiedMs ?? 0
  );
}
