/**
 * The timeline's one event model and numeric series, and the small rules every part of it shares
 * (which anchor is weakest, what counts as a projection, which goroutine groups are "the same").
 */
import type { GoroutineGroupSummary, MessageRef } from '../../contract/inspect.ts';
import type { AnchorKind } from './anchors.ts';
import type { EventSeverity, EvidenceRef, Finding, Incident } from './model.ts';

export type DerivedEventKind =
  | 'gc'
  | 'gc-full'
  | 'heap-dump'
  | 'profile'
  | 'goroutine-dump'
  | 'thread-dump'
  | 'memstats'
  | 'log'
  | 'log-line'
  | 'crash'
  | 'oom'
  | `finding:${string}`;

/** One event on the timeline, whatever its source. */
export interface TimelineEvent {
  id: string;
  /** Absolute ms since the epoch. */
  t: number;
  /** 'user' or the artifact id the event comes from. */
  source: string;
  kind: DerivedEventKind | Incident['events'][number]['kind'];
  label: string;
  /** `label` as a message (derived events), for the UI's language. */
  labelMsg?: MessageRef;
  /** A finding's event: its subject as a message, when the engine worded it. */
  subjectMsg?: MessageRef;
  severity: EventSeverity;
  starred: boolean;
  /** The evidence behind a derived event (artifact + view + item). */
  ref?: EvidenceRef;
  /** A link the user attached (ticket, dashboard). */
  link?: string;
  /** True when the time rests on an assumed anchor (file modification time). */
  assumed: boolean;
  /** What the time rests on (user events: 'user'). */
  anchor: AnchorKind;
}

export type SeriesUnit = 'bytes' | 'ms' | 'count' | 'percent';

export interface SeriesPoint {
  t: number;
  v: number;
}

/** A numeric series: 'live-heap', 'heap-goal', 'gc-pause', 'goroutines', 'goroutine-group', 'memstats-heap'. */
export interface TimelineSeries {
  id: string;
  kind: 'live-heap' | 'heap-goal' | 'gc-pause' | 'goroutines' | 'goroutine-group' | 'memstats-heap';
  label: string;
  /** `label` as a message (not for a goroutine group, whose label is its stack's key). */
  labelMsg?: MessageRef;
  unit: SeriesUnit;
  /** Artifact ids the points come from. */
  sources: string[];
  assumed: boolean;
  /** The weakest anchor among the sources. */
  anchor: AnchorKind;
  points: SeriesPoint[];
}

export interface Timeline {
  events: TimelineEvent[];
  series: TimelineSeries[];
  /**
   * Earliest and latest moment of what was observed: events and points whose time is real (evidence
   * or user), not projections; inferred or assumed times never widen it (unless nothing else has a
   * time). Undefined when empty. A projected OOM minutes after a few seconds of evidence would
   * otherwise squeeze the evidence into a sliver of the default view.
   */
  range?: { startMs: number; endMs: number };
  /** `range` widened to the projections (projected OOM), when one lies outside it. */
  fullRange?: { startMs: number; endMs: number };
}

const ANCHOR_STRENGTH: AnchorKind[] = ['evidence', 'user', 'inferred', 'assumed'];
/** The weakest of several anchor kinds (what a series or finding built from them rests on). */
export function weakest(kinds: AnchorKind[]): AnchorKind {
  let i = 0;
  for (const k of kinds) i = Math.max(i, ANCHOR_STRENGTH.indexOf(k));
  return ANCHOR_STRENGTH[i];
}
/** Whether a time rests on evidence or on the user (not inferred, not assumed). */
export const isReal = (k: AnchorKind) => k === 'evidence' || k === 'user';

/** Whether an event is a forecast rather than something that happened. */
export function isProjection(e: Pick<TimelineEvent, 'kind'>): boolean {
  return e.kind === 'finding:projected-oom';
}

export interface TimelineOptions {
  /** GC pauses at or above this are shown as events (default 100 ms). */
  pauseEventMs?: number;
  /** Findings to place on the timeline (those with a time). */
  findings?: Finding[];
}

/** Key that identifies "the same" goroutine group across dumps. */
export function groupKey(g: Pick<GoroutineGroupSummary, 'function' | 'createdBy' | 'state'>): string {
  return `${g.function} | ${g.state} | ${g.createdBy}`;
}
