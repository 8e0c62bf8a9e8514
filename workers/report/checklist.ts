/**
 * The defense-checklist matrix: rows with category, action, owner, SLA due date, status, priority,
 * evidence/ticket link and notes; SLA presets by severity; overdue flags; rows suggested by
 * findings (status `proposed` until someone commits) and rows from the built-in library.
 */
import {
  type ChecklistRow,
  type Finding,
  type Incident,
  type Lang,
  PRIORITIES,
  type Severity,
} from '../incident/model.ts';
import { DEFENSES, defense, type Runtime, suggestionsFor } from './defenses.ts';
import type { Messages } from './i18n/index.ts';

/** Days from the postmortem to an action's due date, by incident severity (Sev-1 15 d, Sev-2 30 d, …). */
export const SLA_DAYS: Record<Severity, number> = { 'Sev-1': 15, 'Sev-2': 30, 'Sev-3': 60, 'Sev-4': 90 };

const DAY = 86_400_000;

/** `YYYY-MM-DD` of a UTC moment. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Due date for a new action: `fromMs` + the severity's SLA. */
export function dueFor(severity: Severity, fromMs: number): string {
  return isoDate(fromMs + SLA_DAYS[severity] * DAY);
}

/** A row is overdue when it has a due date before today and is neither done nor dropped. */
export function isOverdue(row: Pick<ChecklistRow, 'due' | 'status'>, todayMs: number): boolean {
  if (!row.due || row.status === 'done' || row.status === 'wont-do') return false;
  return row.due < isoDate(todayMs);
}

/** The runtime (Go / JVM) the evidence of a finding comes from. */
export function runtimeOf(incident: Incident, f: Finding): Runtime {
  for (const e of f.evidence) {
    const a = incident.artifacts.find((x) => x.id === e.artifactId);
    if (!a) continue;
    if (a.format === 'hprof' || a.format === 'jvm-gclog' || a.format === 'jstat') return 'jvm';
    return 'go';
  }
  return 'any';
}

/** The runtimes present in an incident's artifacts. */
export function incidentRuntimes(incident: Incident): Set<Runtime> {
  const out = new Set<Runtime>(['any']);
  for (const a of incident.artifacts) {
    out.add(a.format === 'hprof' || a.format === 'jvm-gclog' || a.format === 'jstat' ? 'jvm' : 'go');
  }
  return out;
}

/** The action text of a row in a language: library rows that were not reworded follow the language. */
export function rowAction(row: ChecklistRow, lang: Lang): string {
  const d = row.libraryId ? defense(row.libraryId) : undefined;
  if (d && (row.action === d.text.en || row.action === d.text['zh-CN'])) return d.text[lang];
  return row.action;
}

export interface ChecklistOptions {
  lang: Lang;
  /** Today (for due dates of new rows). */
  nowMs: number;
  /** Also add the baseline library rows for the incident's runtimes (default false: only suggestions). */
  includeBaseline?: boolean;
}

/**
 * Merges suggestions from findings (and optionally the baseline library) into the incident's
 * existing checklist. Existing rows are never changed except to link more findings; new rows are
 * `proposed`, unassigned, due by the severity's SLA.
 */
export function buildChecklist(
  incident: Incident,
  findings: Finding[],
  options: ChecklistOptions,
): ChecklistRow[] {
  const owner = incident.owner ?? '';
  // Generic baseline rows nobody touched leave again when the library is switched off.
  const untouchedLibrary = (r: ChecklistRow) =>
    r.origin === 'library' &&
    !r.findingIds?.length &&
    r.status === 'proposed' &&
    (r.owner === '' || r.owner === owner) &&
    !r.notes &&
    !r.link &&
    (!r.libraryId ||
      r.action === defense(r.libraryId)?.text.en ||
      r.action === defense(r.libraryId)?.text['zh-CN']);
  const rows = incident.checklist
    .filter((r) => options.includeBaseline || !untouchedLibrary(r))
    .map((r) => ({ ...r }));
  const byLibrary = new Map(rows.filter((r) => r.libraryId).map((r) => [r.libraryId!, r]));
  const due = dueFor(incident.severity, options.nowMs);
  const add = (id: string, findingId?: string) => {
    const d = defense(id);
    if (!d) return;
    const existing = byLibrary.get(id);
    if (existing) {
      if (findingId && !existing.findingIds?.includes(findingId)) {
        existing.findingIds = [...(existing.findingIds ?? []), findingId];
        if (existing.origin === 'library') existing.origin = 'finding';
      }
      return;
    }
    const row: ChecklistRow = {
      id: `cl-${id}`,
      category: d.category,
      action: d.text[options.lang],
      owner,
      due,
      status: 'proposed',
      priority: d.priority,
      origin: findingId ? 'finding' : 'library',
      libraryId: id,
      ...(findingId ? { findingIds: [findingId] } : {}),
    };
    rows.push(row);
    byLibrary.set(id, row);
  };
  for (const f of findings) for (const id of suggestionsFor(f, runtimeOf(incident, f))) add(id, f.id);
  if (options.includeBaseline) {
    const runtimes = incidentRuntimes(incident);
    for (const d of DEFENSES) if (d.baseline && runtimes.has(d.runtime)) add(d.id);
  }
  // P0 first; rows of one priority keep their order (stable sort).
  return rows.sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority));
}

/** Assigns one owner to many rows (bulk assignment). */
export function assignOwner(rows: ChecklistRow[], ids: readonly string[], owner: string): ChecklistRow[] {
  const set = new Set(ids);
  return rows.map((r) => (set.has(r.id) ? { ...r, owner } : r));
}

export type ChecklistSortKey = 'priority' | 'due' | 'status' | 'category' | 'owner';

const STATUS_ORDER = ['proposed', 'committed', 'in-progress', 'done', 'wont-do'];

/** Sorts rows by a key (stable), overdue first when sorting by due date. */
export function sortChecklist(rows: ChecklistRow[], key: ChecklistSortKey): ChecklistRow[] {
  const val = (r: ChecklistRow): string =>
    key === 'status'
      ? String(STATUS_ORDER.indexOf(r.status))
      : key === 'due'
        ? (r.due ?? '9999')
        : (r[key] ?? '');
  return [...rows].sort((a, b) => val(a).localeCompare(val(b)));
}

/** Filters rows by status, owner, category, or overdue. */
export function filterChecklist(
  rows: ChecklistRow[],
  filter: { status?: ChecklistRow['status'][]; owner?: string; category?: string; overdueAt?: number },
): ChecklistRow[] {
  return rows.filter(
    (r) =>
      (!filter.status || filter.status.includes(r.status)) &&
      (filter.owner === undefined || r.owner === filter.owner) &&
      (!filter.category || r.category === filter.category) &&
      (filter.overdueAt === undefined || isOverdue(r, filter.overdueAt)),
  );
}

/** The checklist's column headings in the language of `m` (the order of {@link checklistCells}). */
export function checklistHeader(m: Messages): string[] {
  const c = m.checklistColumns;
  return [c.category, c.action, c.owner, c.due, c.status, c.priority, c.link, c.notes, c.overdue];
}

/** One checklist row as cells (owner as entered, empty when nobody is assigned). */
export function checklistCells(r: ChecklistRow, m: Messages, nowMs: number): string[] {
  return [
    m.categories[r.category] ?? r.category,
    rowAction(r, m.lang),
    r.owner,
    r.due ?? '',
    m.checklistStatus[r.status],
    r.priority,
    r.link ?? '',
    r.notes ?? '',
    isOverdue(r, nowMs) ? m.yes : '',
  ];
}
