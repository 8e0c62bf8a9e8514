/**
 * The incident workspace: one versioned document (`*.pmwb`, JSON) holding the incident's facts,
 * its artifacts (with their analysis summaries, so a moved dump still shows its analysis), the
 * team's timeline events, the computed findings, the postmortem and the defense checklist.
 *
 * Everything here is pure and structured-clone friendly. `parseIncident` validates untrusted text
 * (a file from disk, IndexedDB, an import) and migrates older versions; it never throws on bad
 * input but returns an `IncidentLoadError` the UI can show, naming the field and offering the backup.
 */
import { z } from 'zod';
import type { FormatId, InspectResult, MessageRef } from '../../contract/inspect.ts';
import { isMsg } from '../core/messages.ts';
import { zoneFormatter } from '../report/format.ts';
import { gcTime, snapshotTime } from './artifacts.ts';

export const INCIDENT_SCHEMA = 'pmwb.incident';
/** Current version of the incident file. Bump it and add a migration in `MIGRATIONS` when the shape changes. */
export const INCIDENT_VERSION = 2;

export const SEVERITIES = ['Sev-1', 'Sev-2', 'Sev-3', 'Sev-4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['investigating', 'mitigated', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Kinds of events the team adds by hand. */
export const USER_EVENT_KINDS = [
  'deploy',
  'config-change',
  'alert-fired',
  'oom-kill',
  'restart',
  'mitigation',
  'recovery',
  'note',
] as const;
export type UserEventKind = (typeof USER_EVENT_KINDS)[number];

export const EVENT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/**
 * Bounds checked on load. A workspace comes from disk, IndexedDB or an import and may be hostile or
 * broken; anything past these would blank the views (a time `Date` cannot hold, a zone `Intl`
 * rejects), fail every autosave (nesting deeper than `JSON.stringify` can recurse) or freeze the tab
 * (a million events). Real incidents stay far below them.
 */
export const LIMITS = {
  /** ECMAScript's time range: ±8.64e15 ms around 1970 (`new Date(t)` is invalid outside it). */
  timeMs: 8.64e15,
  /** Object/array nesting anywhere in the document (analysis summaries are ~6 deep). */
  depth: 64,
  /** JSON values walked before giving up (bounds the check itself). */
  nodes: 5_000_000,
  /** Characters in any one string (a postmortem section is the longest). */
  stringChars: 1_000_000,
  artifacts: 1_000,
  events: 20_000,
  findings: 5_000,
  checklistRows: 5_000,
  starredDerived: 100_000,
  sections: 64,
  authors: 100,
  /** Short fields: ids, titles, labels, owners. */
  shortChars: 10_000,
} as const;

const timeMs = z
  .number()
  .min(-LIMITS.timeMs, 'a time within ±8.64e15 ms of 1970')
  .max(LIMITS.timeMs, 'a time within ±8.64e15 ms of 1970');
const short = z.string().max(LIMITS.shortChars);

/**
 * True when `zone` names a time zone this runtime knows ("UTC", "Europe/Berlin"): the same
 * formatter the report and views use must accept it (an unknown zone throws a RangeError there).
 */
export function isValidTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

const FORMAT_IDS = [
  'go-heapdump',
  'hprof',
  'pprof',
  'pprof-text',
  'goroutine-dump',
  'go-gctrace',
  'jvm-gclog',
  'jstat',
  'java-thread-dump',
  'applog',
] as const satisfies readonly FormatId[];

/**
 * How an artifact's times map onto the incident's absolute axis.
 * - `absolute`: the evidence carries absolute times (log prefixes, `capturedAtMs`, pprof `time_nanos`).
 * - `relative`: times are ms since process start; `processStartMs` places them. `assumed` is true when
 *   nobody confirmed that anchor (e.g. it defaults to the file modification time).
 */
const timeAnchorSchema = z.object({
  kind: z.enum(['absolute', 'relative']),
  processStartMs: timeMs.optional(),
  /** For snapshots (dumps, profiles) without an absolute time: when the snapshot was taken. */
  capturedAtMs: timeMs.optional(),
  assumed: z.boolean(),
  /**
   * Where the anchor comes from: 'evidence' | 'user' | 'inferred' (from other evidence, see `basis`)
   * | 'placed' (file time untrusted, put with its nearest group) | 'file-mtime' | 'none' (free text allowed for hosts).
   */
  source: short,
  /** How an inferred or placed anchor was reached ("beside t2/heap.pprof"), in English (JSON, logs). */
  basis: short.optional(),
  /** The same, structured, so the report and the UI can say it in their language. */
  basisOf: z
    .object({
      rule: z.enum(['beside', 'process-start', 'after-id', 'before-id', 'nearest-group']),
      /** The artifact (label) the time was taken from. */
      from: short,
      /** For 'nearest-group': how far the file time lay from the evidence, in hours. */
      gapHours: z.number().optional(),
    })
    .optional(),
  /** An inferred time whose order among its peers is known (goroutine ids agree): rates may use it. */
  ordered: z.boolean().optional(),
});
export type TimeAnchor = z.infer<typeof timeAnchorSchema>;

const inspectSummarySchema = z.looseObject({
  schema: z.literal('pmwb.inspect/1'),
  file: z.string(),
  format: z.enum(FORMAT_IDS),
  bytes: z.number(),
  parseMs: z.number(),
  truncated: z.boolean(),
  truncatedAt: z.number().optional(),
  warnings: z.array(z.string()),
  capturedAtMs: timeMs.optional(),
}) as unknown as z.ZodType<InspectResult>;

const artifactSchema = z.object({
  id: short.min(1),
  path: short,
  name: short,
  size: z.number().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in 64 lowercase hex digits'),
  format: z.enum(FORMAT_IDS),
  lastModifiedMs: timeMs.optional(),
  timeAnchor: timeAnchorSchema,
  summary: inspectSummarySchema,
  /** Set by the host when the file is no longer at `path` (the summary still shows). */
  missing: z.boolean().optional(),
});
export type IncidentArtifact = z.infer<typeof artifactSchema>;

/** A user timeline event as persisted. Derived events (from artifacts) are recomputed, never stored. */
const userEventSchema = z.object({
  id: short.min(1),
  t: timeMs,
  kind: z.enum(USER_EVENT_KINDS),
  /** Free text (may quote a log line); bounded by `LIMITS.stringChars` like every string. */
  label: z.string(),
  severity: z.enum(EVENT_SEVERITIES),
  starred: z.boolean(),
  ref: z.string().optional(),
  source: z.literal('user'),
  notes: z.string().optional(),
});
export type UserEvent = z.infer<typeof userEventSchema>;

/** A pointer to the evidence behind a statement: an artifact and, optionally, a view / item in it. */
const evidenceRefSchema = z.object({
  artifactId: z.string(),
  /** The artifact's file name, so the reference reads well even without the artifact list. */
  file: z.string(),
  /** View to open: 'heap' | 'goroutines' | 'gc' | 'profile' | 'timeline'. */
  view: z.string().optional(),
  /** What inside the view (dominator node id, group function, time…), as text. */
  item: z.string().optional(),
});
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

export const FINDING_KINDS = [
  'heap-growth',
  'gc-threshold',
  'goroutine-growth',
  'projected-oom',
  'top-retainer',
  'leak-suspect',
  'unclosed-resource',
  'stack-held-memory',
  'unreachable-heap',
  'crash',
  'oom',
  'lock-convoy',
  'deadlock',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** An engine sentence as data (workers/core/messages.ts): a key this build knows and its parameters. */
const messageRef = z.custom<MessageRef>((v) => isMsg(v), 'an engine message ({ key, params })');

const findingSchema = z.object({
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(EVENT_SEVERITIES),
  /** Moment (or start of the period) the finding is about, absolute ms. */
  t: timeMs.optional(),
  tEnd: timeMs.optional(),
  /** The subject: a type, a function, a map, a cause. */
  subject: z.string(),
  /** Named numbers (bytes, counts, rates, percentages) that the text quotes. */
  numbers: z.record(z.string(), z.number()),
  evidence: z.array(evidenceRefSchema).max(LIMITS.artifacts),
  /** Extra text facts (path to root, panic message, cause names). */
  facts: z.record(z.string(), z.string()).optional(),
  /** `subject` as a message, when the engine words it (a suspect's title, `global at bss+0x48`). */
  subjectMsg: messageRef.optional(),
  /** Messages of some of `facts` (a suspect's description), so a Chinese draft can say them in Chinese. */
  factMsgs: z.record(z.string(), messageRef).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const POSTMORTEM_STATUSES = ['draft', 'in-review', 'final'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

export const SECTION_IDS = [
  'summary',
  'impact',
  'timeline',
  'root-cause',
  'trigger',
  'detection',
  'resolution',
  'code-defect',
  'went-well',
  'went-wrong',
  'got-lucky',
  'checklist',
  'validation',
  'supporting-information',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

const sectionSchema = z.object({
  id: z.enum(SECTION_IDS),
  /** Current Markdown body (what is shown and exported). */
  body: z.string(),
  /** The body as last generated; `undefined` for sections that are never generated. */
  generated: z.string().optional(),
  /** True once the user changed the body away from `generated`. */
  edited: z.boolean(),
  /**
   * For an edited section: the generated text the user last saw, kept when the evidence changed
   * the generated text since ("evidence changed — review", with the diff to `generated`).
   */
  reviewFrom: z.string().optional(),
});
export type PostmortemSection = z.infer<typeof sectionSchema>;

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

const postmortemSchema = z.object({
  lang: z.enum(LANGS),
  title: short,
  date: short,
  authors: z.array(short).max(LIMITS.authors),
  status: z.enum(POSTMORTEM_STATUSES),
  sections: z.array(sectionSchema).max(LIMITS.sections),
  generatedAtMs: timeMs.optional(),
});
export type Postmortem = z.infer<typeof postmortemSchema>;

export const CHECKLIST_STATUSES = ['proposed', 'committed', 'in-progress', 'done', 'wont-do'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

const checklistRowSchema = z.object({
  id: z.string(),
  category: z.string(),
  action: z.string(),
  owner: z.string(),
  /** Due date, `YYYY-MM-DD`. */
  due: z.string().optional(),
  status: z.enum(CHECKLIST_STATUSES),
  priority: z.enum(PRIORITIES),
  link: z.string().optional(),
  notes: z.string().optional(),
  /** Where the row came from: the built-in library, a finding's suggestion, or the user. */
  origin: z.enum(['library', 'finding', 'user']),
  libraryId: z.string().optional(),
  findingIds: z.array(z.string()).optional(),
});
export type ChecklistRow = z.infer<typeof checklistRowSchema>;

export const incidentSchema = z
  .object({
    schema: z.literal(INCIDENT_SCHEMA),
    version: z.literal(INCIDENT_VERSION),
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_", at most 64'),
    title: short,
    service: short,
    /** Team or person owning the service: the default owner of new checklist rows. */
    owner: short.optional(),
    /** Also list the generic baseline defenses (the library) in the checklist, not only those the evidence calls for. */
    includeLibrary: z.boolean().optional(),
    severity: z.enum(SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    startMs: timeMs.optional(),
    endMs: timeMs.optional(),
    /** IANA time zone used to show times ("UTC", "Europe/Berlin", "Asia/Shanghai"). */
    timeZone: z
      .string()
      .min(1)
      .max(100)
      .refine(isValidTimeZone, 'an IANA time zone this system knows, such as "UTC" or "Europe/Berlin"'),
    createdMs: timeMs,
    updatedMs: timeMs,
    artifacts: z.array(artifactSchema).max(LIMITS.artifacts),
    events: z.array(userEventSchema).max(LIMITS.events),
    /** Ids of derived (artifact) events the team starred for the review. */
    starredDerived: z.array(short).max(LIMITS.starredDerived),
    findings: z.array(findingSchema).max(LIMITS.findings),
    postmortem: postmortemSchema.optional(),
    checklist: z.array(checklistRowSchema).max(LIMITS.checklistRows),
  })
  .superRefine(checkDerivedTimes);
export type Incident = z.infer<typeof incidentSchema>;

/**
 * Fields each within range can still combine into a moment no `Date` holds — an anchor at the edge
 * plus the artifact's relative GC times, or a profile's own capture time — and every view that
 * shows that moment would throw "Invalid time value". Checked with the same mapping the timeline uses.
 */
function checkDerivedTimes(
  inc: { artifacts: IncidentArtifact[] },
  ctx: { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[] }): void },
): void {
  const outside = (t: number) => !(Math.abs(t) <= LIMITS.timeMs);
  inc.artifacts.forEach((a, i) => {
    const gc = a.summary.gc;
    for (const [name, rel] of [
      ['start', gc?.startMs],
      ['end', gc?.endMs],
    ] as const) {
      if (typeof rel !== 'number') continue;
      const at = gcTime(a, rel);
      if (outside(at)) {
        ctx.addIssue({
          code: 'custom',
          path: ['artifacts', i, 'timeAnchor', 'processStartMs'],
          message: `places the GC log's ${name} (${rel} ms) at ${at} ms, outside ±8.64e15 ms of 1970`,
        });
        return;
      }
    }
    if (!gc && outside(snapshotTime(a))) {
      ctx.addIssue({
        code: 'custom',
        path: ['artifacts', i, 'summary'],
        message: 'the capture time it records is outside ±8.64e15 ms of 1970',
      });
    }
  });
}

/** Creates an empty incident (version = current). */
export function newIncident(
  init: Partial<Omit<Incident, 'schema' | 'version'>> & { nowMs?: number } = {},
): Incident {
  const now = init.nowMs ?? Date.now();
  const { nowMs: _ignored, ...rest } = init;
  return {
    schema: INCIDENT_SCHEMA,
    version: INCIDENT_VERSION,
    id: rest.id ?? `inc-${now.toString(36)}`,
    title: rest.title ?? '',
    service: rest.service ?? '',
    severity: rest.severity ?? 'Sev-2',
    status: rest.status ?? 'investigating',
    ...(rest.startMs !== undefined ? { startMs: rest.startMs } : {}),
    ...(rest.endMs !== undefined ? { endMs: rest.endMs } : {}),
    timeZone: rest.timeZone ?? 'UTC',
    createdMs: rest.createdMs ?? now,
    updatedMs: rest.updatedMs ?? now,
    artifacts: rest.artifacts ?? [],
    events: rest.events ?? [],
    starredDerived: rest.starredDerived ?? [],
    findings: rest.findings ?? [],
    ...(rest.postmortem ? { postmortem: rest.postmortem } : {}),
    checklist: rest.checklist ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Loading: structured errors and migrations

export type IncidentLoadErrorCode = 'corrupt' | 'not-incident' | 'newer-version' | 'invalid' | 'io';

/** What the UI shows when an incident cannot be opened. Nothing is overwritten until the user chooses. */
export interface IncidentLoadError {
  code: IncidentLoadErrorCode;
  /** One sentence for the user. */
  message: string;
  /** Field problems (`artifacts[2].sha256: …`), first few, for `invalid`. */
  issues: { field: string; message: string }[];
  /** JSON syntax errors: where. */
  offset?: number;
  /** Version found in the file (for `newer-version`). */
  foundVersion?: number;
  /** Filled in by the store: a backup exists and can be opened instead. */
  backupPath?: string;
}

export type IncidentParse =
  | { ok: true; incident: Incident; migratedFrom?: number }
  | { ok: false; error: IncidentLoadError };

/**
 * Migrations from version N to N+1, applied in order. Each receives the parsed JSON object of
 * version N and returns one of version N+1 (it must not assume fields are valid; validation runs after).
 */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // v1 had no time zone (times were shown in UTC) and no starred derived events.
  1: (doc) => ({
    ...doc,
    version: 2,
    timeZone: typeof doc.timeZone === 'string' && doc.timeZone ? doc.timeZone : 'UTC',
    starredDerived: Array.isArray(doc.starredDerived) ? doc.starredDerived : [],
  }),
};

function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s || '(document)';
}

interface PathNode {
  key: string | number;
  parent?: PathNode;
}

function pathOf(node: PathNode | undefined): string {
  const keys: (string | number)[] = [];
  for (let n = node; n; n = n.parent) keys.push(n.key);
  return fieldPath(keys.reverse());
}

/**
 * Walks parsed JSON without recursion and returns the first place that breaks the generic bounds
 * (nesting, one string's length, number of values): the schema alone would accept a summary
 * nested 100,000 deep (its extra keys pass through) that no autosave can then stringify.
 */
export function checkJsonBounds(doc: unknown): { field: string; message: string } | undefined {
  const stack: { v: unknown; depth: number; at?: PathNode }[] = [{ v: doc, depth: 0 }];
  let nodes = 0;
  while (stack.length) {
    const { v, depth, at } = stack.pop()!;
    if (++nodes > LIMITS.nodes) {
      return { field: pathOf(at), message: `more than ${LIMITS.nodes} values in the document` };
    }
    if (typeof v === 'string') {
      if (v.length > LIMITS.stringChars)
        return {
          field: pathOf(at),
          message: `a text of ${v.length} characters (at most ${LIMITS.stringChars})`,
        };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= LIMITS.depth) {
      return { field: pathOf(at), message: `nested deeper than ${LIMITS.depth} levels` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], depth: depth + 1, at: { key: i, parent: at } });
    } else {
      for (const [k, x] of Object.entries(v))
        stack.push({ v: x, depth: depth + 1, at: { key: k, parent: at } });
    }
  }
  return undefined;
}

const COUNTED: [key: string, limit: number][] = [
  ['artifacts', LIMITS.artifacts],
  ['events', LIMITS.events],
  ['findings', LIMITS.findings],
  ['checklist', LIMITS.checklistRows],
  ['starredDerived', LIMITS.starredDerived],
];

/** The top-level lists, counted before anything walks them (a million events is refused at once). */
function checkCounts(doc: Record<string, unknown>): { field: string; message: string } | undefined {
  for (const [key, limit] of COUNTED) {
    const v = doc[key];
    if (Array.isArray(v) && v.length > limit) {
      return { field: key, message: `${v.length} entries (at most ${limit})` };
    }
  }
  return undefined;
}

/** Validates and migrates an incident from parsed JSON. */
export function incidentFromJson(doc: unknown): IncidentParse {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail('not-incident', 'This file is not a Postmortem Workbench incident (expected a JSON object).');
  }
  const bound = checkCounts(doc as Record<string, unknown>) ?? checkJsonBounds(doc);
  if (bound) {
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: `The incident file is out of bounds at ${bound.field}: ${bound.message}.`,
        issues: [bound],
      },
    };
  }
  let obj = doc as Record<string, unknown>;
  if (obj.schema !== INCIDENT_SCHEMA) {
    return fail(
      'not-incident',
      `This file is not a Postmortem Workbench incident: field "schema" should be "${INCIDENT_SCHEMA}", found ${JSON.stringify(obj.schema) ?? 'nothing'}.`,
    );
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: `Field "version" should be a whole number ≥ 1, found ${JSON.stringify(version) ?? 'nothing'}.`,
        issues: [{ field: 'version', message: 'expected a whole number ≥ 1' }],
      },
    };
  }
  if (version > INCIDENT_VERSION) {
    return {
      ok: false,
      error: {
        code: 'newer-version',
        message: `This incident was saved by a newer Postmortem Workbench (file version ${version}, this build reads up to ${INCIDENT_VERSION}). Update the app to open it; the file was not changed.`,
        issues: [],
        foundVersion: version,
      },
    };
  }
  for (let v = version; v < INCIDENT_VERSION; v++) {
    const m = MIGRATIONS[v];
    if (!m) return fail('invalid', `No migration from incident version ${v}.`);
    obj = m(obj);
  }
  const parsed = incidentSchema.safeParse(obj);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 8)
      .map((i) => ({ field: fieldPath(i.path), message: i.message }));
    const first = issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: `The incident file has ${parsed.error.issues.length === 1 ? 'an invalid field' : `${parsed.error.issues.length} invalid fields`}: ${first.field} (${first.message}). It may have been edited by hand.`,
        issues,
      },
    };
  }
  return version < INCIDENT_VERSION
    ? { ok: true, incident: parsed.data, migratedFrom: version }
    : { ok: true, incident: parsed.data };
}

/** Parses the text of a `.pmwb` file. */
export function parseIncident(text: string): IncidentParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const offset = m ? Number(m[1]) : undefined;
    return {
      ok: false,
      error: {
        code: 'corrupt',
        message: `The incident file is damaged (not valid JSON${offset !== undefined ? ` at character ${offset}` : ''}${text.length === 0 ? ': it is empty' : ''}).`,
        issues: [],
        ...(offset !== undefined ? { offset } : {}),
      },
    };
  }
  return incidentFromJson(doc);
}

/** Serialises an incident for saving (stable key order as built, 1-space indent keeps diffs readable). */
export function serializeIncident(incident: Incident): string {
  return `${JSON.stringify(incident, null, 1)}\n`;
}

function fail(code: IncidentLoadErrorCode, message: string): IncidentParse {
  return { ok: false, error: { code, message, issues: [] } };
}
