/**
 * Placing artifacts in time when their files do not say when they were taken.
 *
 * Evidence copied off a server (`cp` without `-p`) has every file time set to the copy, days after
 * the capture. So file times are trusted only near the evidence's own clocks (log prefixes, pprof
 * `time_nanos`, heap-dump `LastGC`, thread-dump banners). Everything else is inferred, and says how:
 * - a file in the same folder as an anchored one takes its time ("beside t2/heap.pprof");
 * - goroutine dumps of one process are ordered by their highest goroutine id (ids only grow), which
 *   checks the inferred times and places a dump that has none between its neighbours;
 * - a file whose time is more than an hour from every evidence time is put with the group whose
 *   file times are nearest (the copy kept their order), marked `placed` for the user to confirm.
 * Pure and idempotent: it recomputes every anchor nobody set by hand.
 */
import { defaultAnchor, evidenceCapturedAt, gcTimesAbsolute } from './artifacts.ts';
import type { Incident, IncidentArtifact, TimeAnchor } from './model.ts';

/** How far a file time may lie from every evidence time and still be believed. */
export const TRUST_FILE_TIME_MS = 60 * 60 * 1000;

/** What an artifact's time rests on, from strongest to weakest. */
export type AnchorKind = 'evidence' | 'user' | 'inferred' | 'assumed';

export function anchorKind(a: TimeAnchor): AnchorKind {
  if (a.source === 'user' || a.source === 'manifest') return 'user';
  if (a.source === 'inferred') return 'inferred';
  if (a.assumed) return 'assumed';
  return 'evidence';
}

/** True when the time may bound the incident window and end a span a rate is computed over. */
export function anchorIsReal(a: TimeAnchor): boolean {
  const k = anchorKind(a);
  return k === 'evidence' || k === 'user';
}

/** True when a rate may be computed over a span ending at this anchor (real, or inferred with order). */
export function anchorRateSafe(a: TimeAnchor): boolean {
  return anchorIsReal(a) || (a.source === 'inferred' && a.ordered === true);
}

/** The folder part of a path, '/' and '\' alike ('' for a bare name). */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

/** The absolute times an anchored artifact covers: a moment for snapshots, a span for logs. */
function coveredSpan(a: IncidentArtifact, anchor: TimeAnchor): { from: number; to: number } | undefined {
  const gc = a.summary.gc;
  if (gc) {
    const first = gc.events[0]?.t ?? gc.startMs;
    const last = gc.events.at(-1)?.t ?? gc.endMs;
    if (anchor.kind === 'absolute' && gcTimesAbsolute(a.summary)) return { from: first, to: last };
    if (anchor.processStartMs === undefined) return undefined;
    return { from: anchor.processStartMs + first, to: anchor.processStartMs + last };
  }
  const at = anchor.capturedAtMs ?? evidenceCapturedAt(a.summary);
  const log = a.summary.log;
  if (log?.firstMs !== undefined && log.lastMs !== undefined && at !== undefined)
    return { from: at - (log.lastMs - log.firstMs), to: at };
  return at === undefined ? undefined : { from: at, to: at };
}

/** An anchor that puts artifact `a` at moment `t` (a log: its last line at `t`). */
function anchorAt(
  a: IncidentArtifact,
  t: number,
  extra: Omit<TimeAnchor, 'kind' | 'capturedAtMs'>,
): TimeAnchor {
  const gc = a.summary.gc;
  if (gc) {
    const last = gc.events.at(-1)?.t ?? gc.endMs;
    return { kind: 'relative', processStartMs: t - last, ...extra };
  }
  return { kind: 'absolute', capturedAtMs: t, ...extra };
}

/** The first number in a file's name (`goroutines-2.debug2.txt` → 2), the capture it belongs to. */
function captureNumber(path: string): number | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const m = /\d+/.exec(name.replace(/debug\d/g, ''));
  return m ? Number(m[0]) : undefined;
}

const runtimeFamily = (a: IncidentArtifact): string =>
  a.format === 'jvm-gclog' || a.format === 'jstat' || a.format === 'hprof' || a.format === 'java-thread-dump'
    ? 'jvm'
    : 'go';

/**
 * The highest goroutine id of a goroutine dump. Crash tracebacks are left out: they are often of
 * another run (a restart) and may list only some goroutines.
 */
const maxGoroutineId = (a: IncidentArtifact): number | undefined => {
  const g = a.summary.goroutines;
  if (!g || g.dumpKind === 'traceback' || g.panic) return undefined;
  const v = g.maxGoroutineId;
  return v !== undefined && v >= 0 ? v : undefined;
};

const distance = (t: number, s: { from: number; to: number }) =>
  t < s.from ? s.from - t : t > s.to ? t - s.to : 0;

/**
 * Recomputes the anchor of every artifact nobody anchored by hand (evidence first, then inference).
 * Returns the same incident object when nothing changed.
 */
export function placeArtifacts(incident: Incident): Incident {
  const arts = incident.artifacts;
  const anchors = new Map<string, TimeAnchor>();
  const spans = new Map<string, { from: number; to: number }>();
  const pending: IncidentArtifact[] = [];
  for (const a of arts) {
    const kept = a.timeAnchor.source === 'user' || a.timeAnchor.source === 'manifest';
    const anchor = kept ? a.timeAnchor : defaultAnchor(a.summary, a.lastModifiedMs);
    const span = coveredSpan(a, anchor);
    if ((kept || !anchor.assumed) && span) {
      anchors.set(a.id, anchor);
      spans.set(a.id, span);
    } else pending.push(a);
  }
  const byId = new Map(arts.map((a) => [a.id, a]));

  // 0. A log in uptimes (jstat -t, a JVM log without wall-clock decorations) of a runtime whose
  //    process start another log gives: that start.
  for (const a of pending.splice(0)) {
    const family = runtimeFamily(a);
    const donor = a.summary.gc
      ? arts.find(
          (b) =>
            b !== a &&
            runtimeFamily(b) === family &&
            spans.has(b.id) &&
            anchors.get(b.id)?.kind === 'relative' &&
            anchors.get(b.id)?.processStartMs !== undefined,
        )
      : undefined;
    const ps = donor ? anchors.get(donor.id)?.processStartMs : undefined;
    if (!donor || ps === undefined) {
      pending.push(a);
      continue;
    }
    const anchor: TimeAnchor = {
      kind: 'relative',
      processStartMs: ps,
      assumed: false,
      source: 'inferred',
      basis: `process start from ${donor.name}`,
      basisOf: { rule: 'process-start', from: donor.name },
      ordered: true,
    };
    anchors.set(a.id, anchor);
    const span = coveredSpan(a, anchor);
    if (span) spans.set(a.id, span);
  }
  const real = [...spans.entries()].filter(([id]) => anchorIsReal(anchors.get(id)!));

  const fileTimeTrusted = (a: IncidentArtifact) =>
    a.lastModifiedMs !== undefined &&
    (!real.length || real.some(([, s]) => distance(a.lastModifiedMs!, s) <= TRUST_FILE_TIME_MS));

  // 1. Beside an anchored file: the latest anchored moment in the same folder. (A log spans time, and
  //    its last line was written at its file time: a believable file time says more than a neighbour.)
  const stillPending: IncidentArtifact[] = [];
  for (const a of pending) {
    if (a.summary.gc && fileTimeTrusted(a)) {
      stillPending.push(a);
      continue;
    }
    const dir = folderOf(a.path);
    // In a flat folder of numbered captures (goroutines-2.txt beside heap-2.pb.gz), the same number
    // is the same moment; otherwise the folder's latest anchored moment.
    const num = captureNumber(a.path);
    let best: { id: string; t: number; same: boolean } | undefined;
    for (const [id, s] of real) {
      const b = byId.get(id)!;
      if (folderOf(b.path) !== dir) continue;
      const same = num !== undefined && captureNumber(b.path) === num;
      if (!best || (same && !best.same) || (same === best.same && s.to > best.t))
        best = { id, t: s.to, same };
    }
    if (!best) {
      stillPending.push(a);
      continue;
    }
    const anchor = anchorAt(a, best.t, {
      assumed: false,
      source: 'inferred',
      basis: `beside ${byId.get(best.id)!.name}`,
      basisOf: { rule: 'beside', from: byId.get(best.id)!.name },
    });
    anchors.set(a.id, anchor);
    spans.set(a.id, { from: best.t, to: best.t });
  }

  // 2. Goroutine dumps: the highest goroutine id orders them; inferred times that agree are ordered.
  const dumps = arts
    .filter((a) => maxGoroutineId(a) !== undefined)
    .sort((x, y) => maxGoroutineId(x)! - maxGoroutineId(y)!);
  const placedDumps = dumps.filter((d) => spans.has(d.id));
  for (let i = 0; i < placedDumps.length; i++) {
    const d = placedDumps[i];
    const anchor = anchors.get(d.id)!;
    if (anchor.source !== 'inferred') continue;
    const t = spans.get(d.id)!.from;
    const prev = placedDumps[i - 1];
    const next = placedDumps[i + 1];
    const okPrev = !prev || spans.get(prev.id)!.from < t;
    const okNext = !next || spans.get(next.id)!.from > t;
    anchors.set(d.id, { ...anchor, ordered: okPrev && okNext && placedDumps.length > 1 });
  }
  const rest: IncidentArtifact[] = [];
  for (const a of stillPending) {
    const id = maxGoroutineId(a);
    if (id === undefined || !placedDumps.length) {
      rest.push(a);
      continue;
    }
    const before = placedDumps.filter((d) => maxGoroutineId(d)! <= id).at(-1);
    const after = placedDumps.find((d) => maxGoroutineId(d)! > id);
    const ref = before ?? after!;
    const t = spans.get(ref.id)!.from;
    anchors.set(
      a.id,
      anchorAt(a, t, {
        assumed: true,
        source: 'placed',
        basis: `${before ? 'after' : 'before'} ${ref.name} by goroutine id`,
        basisOf: { rule: before ? 'after-id' : 'before-id', from: ref.name },
      }),
    );
    spans.set(a.id, { from: t, to: t });
  }

  // 3. File times: believed near the evidence; far from it, the file goes with its nearest group.
  for (const a of rest) {
    const fallback = defaultAnchor(a.summary, a.lastModifiedMs);
    const mt = a.lastModifiedMs;
    if (mt === undefined || fileTimeTrusted(a)) {
      anchors.set(a.id, fallback);
      continue;
    }
    let near: { a: IncidentArtifact; d: number } | undefined;
    for (const b of arts) {
      if (b === a || b.lastModifiedMs === undefined || !spans.has(b.id)) continue;
      const d = Math.abs(b.lastModifiedMs - mt);
      if (!near || d < near.d) near = { a: b, d };
    }
    const group = near?.a ?? byId.get(real[0][0])!;
    const t = spans.get(group.id)!.to;
    anchors.set(
      a.id,
      anchorAt(a, t, {
        assumed: true,
        source: 'placed',
        basis: `with ${group.name} (its file time is ${describeGap(mt, real)} from the evidence)`,
        basisOf: {
          rule: 'nearest-group',
          from: group.name,
          gapHours: Math.round(gapMs(mt, real) / 3_600_000),
        },
      }),
    );
  }

  let changed = false;
  const artifacts = arts.map((a) => {
    const next = anchors.get(a.id) ?? a.timeAnchor;
    if (sameAnchor(next, a.timeAnchor)) return a;
    changed = true;
    return { ...a, timeAnchor: next };
  });
  return changed ? { ...incident, artifacts } : incident;
}

function gapMs(t: number, real: [string, { from: number; to: number }][]): number {
  return Math.min(...real.map(([, s]) => distance(t, s)));
}

function describeGap(t: number, real: [string, { from: number; to: number }][]): string {
  const h = gapMs(t, real) / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
}

function sameAnchor(x: TimeAnchor, y: TimeAnchor): boolean {
  return (
    x.kind === y.kind &&
    x.processStartMs === y.processStartMs &&
    x.capturedAtMs === y.capturedAtMs &&
    x.assumed === y.assumed &&
    x.source === y.source &&
    x.basis === y.basis &&
    JSON.stringify(x.basisOf) === JSON.stringify(y.basisOf) &&
    x.ordered === y.ordered
  );
}

/** Artifacts whose time nobody confirmed (file time or placement), with the time suggested for each. */
export function unplacedArtifacts(incident: Incident): { artifact: IncidentArtifact; suggestedMs: number }[] {
  const out: { artifact: IncidentArtifact; suggestedMs: number }[] = [];
  for (const a of incident.artifacts) {
    if (anchorKind(a.timeAnchor) !== 'assumed') continue;
    const span = coveredSpan(a, a.timeAnchor);
    if (span)
      out.push({ artifact: a, suggestedMs: a.summary.gc ? (a.timeAnchor.processStartMs ?? 0) : span.to });
  }
  return out;
}

/**
 * Accepts the suggested times of the given artifacts in one step: their anchors become the user's.
 * (`suggestedMs` of a log is its process start, of a snapshot the moment it was taken.)
 */
export function acceptPlacements(
  incident: Incident,
  accepted: { artifactId: string; suggestedMs: number }[],
  nowMs = Date.now(),
): Incident {
  const by = new Map(accepted.map((x) => [x.artifactId, x.suggestedMs]));
  return {
    ...incident,
    updatedMs: nowMs,
    artifacts: incident.artifacts.map((a) => {
      const t = by.get(a.id);
      if (t === undefined) return a;
      const anchor: TimeAnchor = a.summary.gc
        ? { kind: 'relative', processStartMs: t, assumed: false, source: 'user' }
        : { kind: 'absolute', capturedAtMs: t, assumed: false, source: 'user' };
      return { ...a, timeAnchor: anchor };
    }),
  };
}

/**
 * Labels every artifact by its path inside the folder the evidence was opened from (the folder
 * common to all of them): `t2/heap.pprof`, not three rows of `heap.pprof`. Artifacts known only by
 * a bare name keep it. Returns the same incident when nothing changed.
 */
export function labelArtifacts(incident: Incident): Incident {
  const split = (p: string) => p.split(/[\\/]/).filter((x, i) => x !== '' || i === 0);
  const withFolders = incident.artifacts.filter((a) => folderOf(a.path) !== '');
  if (!withFolders.length) return incident;
  let common = split(folderOf(withFolders[0].path));
  for (const a of withFolders) {
    const parts = split(folderOf(a.path));
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  let changed = false;
  const artifacts = incident.artifacts.map((a) => {
    if (folderOf(a.path) === '') return a;
    const name = split(a.path).slice(common.length).join('/');
    if (!name || name === a.name) return a;
    changed = true;
    return { ...a, name };
  });
  return changed ? { ...incident, artifacts } : incident;
}
