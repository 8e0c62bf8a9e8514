/**
 * English message catalog for the postmortem and checklist. Plain typed data and small functions
 * (no DOM, no i18n library) so the worker, the CLI and the renderer share one wording. The
 * Simplified Chinese catalog must provide every key (`satisfies Messages`).
 */

import { GC_KIND_LABEL } from '../../formats/gclog/model.ts';
import type {
  ChecklistStatus,
  IncidentStatus,
  PostmortemStatus,
  SectionId,
  Severity,
} from '../../incident/model.ts';

export interface FindingText {
  heapGrowth(n: {
    rate: string;
    from: string;
    to: string;
    start: string;
    end: string;
    cycles: number;
  }): string;
  projectedOom(n: { at: string; limit: string; rate: string; after: string }): string;
  oomReached(n: { limit: string; at: string }): string;
  gcPause(n: { at: string; threshold: string; pause: string; over: number; max: string }): string;
  gcCpu(n: { at: string; threshold: string; percent: string; overall: string }): string;
  goroutineGrowth(n: {
    fn: string;
    state: string;
    counts: string;
    growth: number;
    dumps: number;
    /** Absent when the dumps' times cannot carry a rate (assumed times, or under a second apart). */
    perMinute?: string;
    createdBy: string;
  }): string;
  unreachableHeap(n: {
    file: string;
    unreachable: string;
    dump: string;
    percent: string;
    reachable: string;
    classes: string;
  }): string;
  topRetainer(n: {
    /** Markdown: a code span of the name, or the engine's wording with its names as code (zh-CN). */
    subject: string;
    type: string;
    retained: string;
    percent: string;
    path: string;
    /** `path` for a code span (the Chinese text quotes it as code: field names are not words). */
    pathCode: string;
    holds?: string;
    accumulates?: string;
  }): string;
  gcStorm(n: { at: string; runs: number; collections: number }): string;
  leakSuspect(n: {
    /** Markdown, as `topRetainer`'s. */
    subject: string;
    retained: string;
    percent: string;
    path: string;
    pathCode: string;
    description: string;
  }): string;
  unclosed(n: { type: string; count: string; holder?: string; retained: string }): string;
  stackHeld(n: { subject: string; retained: string; root: string; rootCode: string }): string;
  crash(n: { message: string; at: string; fn?: string; goroutines: number }): string;
  oom(n: { subject: string; at: string; where?: string }): string;
  lockConvoy(n: { owner: string; monitor: string; waiters: number; at: string }): string;
  deadlock(n: { threads: string; at: string }): string;
}

export interface Messages {
  lang: 'en' | 'zh-CN';
  sections: Record<SectionId, string>;
  meta: {
    date: string;
    authors: string;
    status: string;
    severity: string;
    service: string;
    incidentStatus: string;
    window: string;
  };
  postmortemStatus: Record<PostmortemStatus, string>;
  incidentStatus: Record<IncidentStatus, string>;
  severity: Record<Severity, string>;
  checklistStatus: Record<ChecklistStatus, string>;
  checklistColumns: {
    category: string;
    action: string;
    owner: string;
    due: string;
    status: string;
    priority: string;
    link: string;
    notes: string;
    overdue: string;
  };
  categories: Record<string, string>;
  timelineColumns: { time: string; event: string; source: string; evidence: string };
  artifactColumns: { file: string; format: string; size: string; sha256: string; anchor: string };
  /** The per-kind GC pause table of each GC log in the supporting information. */
  gcPauses: {
    heading: (file: string) => string;
    columns: { kind: string; count: string; total: string; max: string; mean: string };
    kinds: Record<string, string>;
  };
  anchor: {
    evidence: string;
    user: string;
    assumed: string;
    inferred: string;
    placed: string;
    /** How an inferred or placed time was reached. */
    basis(b: { rule: string; from: string; gapHours?: number }): string;
  };
  missing: string;
  unassigned: string;
  yes: string;
  evidence: string;
  /** Punctuation after a bold label in the header list. */
  colon: string;
  /** Evidence links after a statement. */
  evidenceList(links: string): string;
  minutes(n: string): string;
  seconds(n: string): string;
  /** Used when an object has no better name. */
  anObject: string;
  culprits: { goroutines(fn: string, growth: number): string; heapRate(rate: string): string; sep: string };
  /** Title of an incident the CLI creates from a folder. */
  defaultTitle(name: string): string;
  placeholder: string;
  codeDefectHint: string;
  noFindings: string;
  noStarred: string;
  noChecklist: string;
  summary(n: { service: string; severity: string; culprits: string; window: string }): string;
  summaryNoFindings(n: { service: string; severity: string }): string;
  impact(n: { window: string; restarts: number; ooms: number; crashes: number }): string;
  detection(n: { detectable?: string; detected?: string; gap?: string }): string;
  resolution(n: { events: string }): string;
  triggerFromDeploy(n: { label: string; at: string }): string;
  findings: FindingText;
  charts: { heap: string; goroutines: string; live: string; goal: string };
}

export const en: Messages = {
  lang: 'en',
  sections: {
    summary: 'Summary',
    impact: 'Impact',
    timeline: 'Timeline',
    'root-cause': 'Root cause and evidence',
    trigger: 'Trigger',
    detection: 'Detection',
    resolution: 'Resolution',
    'code-defect': 'Code defect',
    'went-well': 'What went well',
    'went-wrong': 'What went wrong',
    'got-lucky': 'Where we got lucky',
    checklist: 'Defense checklist',
    validation: 'Validation',
    'supporting-information': 'Supporting information',
  },
  meta: {
    date: 'Date',
    authors: 'Authors',
    status: 'Status',
    severity: 'Severity',
    service: 'Service',
    incidentStatus: 'Incident status',
    window: 'Window',
  },
  postmortemStatus: { draft: 'Draft', 'in-review': 'In review', final: 'Final' },
  incidentStatus: {
    investigating: 'Investigating',
    mitigated: 'Mitigated',
    resolved: 'Resolved',
    closed: 'Closed',
  },
  severity: { 'Sev-1': 'Sev-1', 'Sev-2': 'Sev-2', 'Sev-3': 'Sev-3', 'Sev-4': 'Sev-4' },
  checklistStatus: {
    proposed: 'Proposed',
    committed: 'Committed',
    'in-progress': 'In progress',
    done: 'Done',
    'wont-do': "Won't do",
  },
  checklistColumns: {
    category: 'Category',
    action: 'Action',
    owner: 'Owner',
    due: 'Due (SLA)',
    status: 'Status',
    priority: 'Priority',
    link: 'Evidence / ticket',
    notes: 'Notes',
    overdue: 'Overdue',
  },
  categories: {
    build: 'Build',
    runtime: 'Runtime settings',
    'supply-chain': 'Supply chain',
    observability: 'Observability',
    diagnostics: 'Diagnostics',
    code: 'Code',
    testing: 'Testing / CI',
    alerting: 'Alerting',
    platform: 'Platform',
    process: 'Process',
  },
  timelineColumns: { time: 'Time', event: 'Event', source: 'Source', evidence: 'Evidence' },
  artifactColumns: { file: 'File', format: 'Format', size: 'Size', sha256: 'SHA-256', anchor: 'Time anchor' },
  gcPauses: {
    heading: (file) => `GC pauses by kind in ${file}:`,
    columns: { kind: 'Kind', count: 'Count', total: 'Total pause', max: 'Max', mean: 'Mean' },
    kinds: GC_KIND_LABEL,
  },
  anchor: {
    evidence: 'from the evidence',
    user: 'set by the team',
    assumed: 'assumed (file modification time)',
    inferred: 'inferred',
    placed: 'assumed (placed; its file time is not trusted)',
    basis: (b) =>
      b.rule === 'beside'
        ? `beside ${b.from}`
        : b.rule === 'process-start'
          ? `process start from ${b.from}`
          : b.rule === 'after-id'
            ? `after ${b.from} by goroutine id`
            : b.rule === 'before-id'
              ? `before ${b.from} by goroutine id`
              : `with ${b.from}; its file time is ${b.gapHours !== undefined && b.gapHours >= 48 ? `${Math.round(b.gapHours / 24)} days` : `${b.gapHours ?? '?'} h`} from the evidence`,
  },
  missing: 'missing',
  unassigned: 'unassigned',
  yes: 'yes',
  evidence: 'evidence',
  colon: ':',
  evidenceList: (links) => ` (evidence: ${links})`,
  minutes: (n) => `${n} min`,
  seconds: (n) => `${n} s`,
  anObject: 'object',
  culprits: {
    goroutines: (fn, growth) => `${fn} +${growth} goroutines`,
    heapRate: (rate) => `live heap +${rate}/min`,
    sep: '; ',
  },
  defaultTitle: (name) => `Incident report: ${name}`,
  placeholder: '_To be written by the team._',
  codeDefectHint: 'Paste the defective code and the fix.',
  noFindings: 'No findings were computed from the artifacts yet.',
  noStarred: 'No events are starred yet; star the key events on the timeline.',
  noChecklist: 'No defenses yet.',
  summary: (n) =>
    `${n.service} had a ${n.severity} memory incident (${n.window}). The evidence points to: ${n.culprits}.`,
  summaryNoFindings: (n) =>
    `${n.service} had a ${n.severity} incident. The analysis has not identified a cause yet.`,
  impact: (n) =>
    `During ${n.window}: ${n.ooms} out-of-memory event(s), ${n.crashes} crash(es) and ${n.restarts} restart(s) recorded on the timeline. Add user-facing impact (requests failed, customers affected).`,
  detection: (n) =>
    [
      n.detectable
        ? `Detectable from ${n.detectable} (first computed finding).`
        : 'No computed finding gives the moment it became detectable.',
      n.detected
        ? `Detected at ${n.detected} (first alert on the timeline).`
        : 'No alert event is on the timeline yet.',
      n.gap ? `Gap: ${n.gap}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  resolution: (n) =>
    n.events
      ? `Mitigation and recovery events: ${n.events}.`
      : '_Add the mitigation and recovery events to the timeline._',
  triggerFromDeploy: (n) =>
    `Possible trigger: ${n.label} at ${n.at} (the last deploy or config change before the first alert or critical event).`,
  findings: {
    heapGrowth: (n) =>
      `Live heap grew from ${n.start} to ${n.end} between ${n.from} and ${n.to} (${n.cycles} GC cycles), about ${n.rate} per minute.`,
    projectedOom: (n) =>
      `At that rate the heap reaches the ${n.limit} limit at ${n.at}, ${n.after} after the last GC cycle.`,
    oomReached: (n) => `The live heap reached the ${n.limit} limit at ${n.at}.`,
    gcPause: (n) =>
      `GC pauses crossed ${n.threshold} at ${n.at} (${n.pause}); ${n.over} cycle(s) over the threshold, longest ${n.max}.`,
    gcCpu: (n) => `GC CPU crossed ${n.threshold} at ${n.at} (${n.percent}; ${n.overall} over the whole log).`,
    goroutineGrowth: (n) =>
      `Goroutines in \`${n.fn}\` (${n.state}, created by \`${n.createdBy}\`) grew ${n.counts} over ${n.dumps} dumps (+${n.growth}${n.perMinute !== undefined ? `, ${n.perMinute} per minute` : ''}) and never finished.`,
    unreachableHeap: (n) =>
      `\`${n.file}\` is mostly garbage: ${n.unreachable} of ${n.dump} (${n.percent}) is unreachable from the GC roots${n.classes ? `, mostly ${n.classes}` : ''}; only ${n.reachable} is live. The dump was written without a full GC first (HeapDumpOnOutOfMemoryError, \`jmap -dump\` without \`live\`), so what is big among the unreachable objects is what the program allocated and dropped just before it; or roots are missing from the dump. Percentages below are of the live heap.`,
    topRetainer: (n) =>
      `The largest retainer is ${n.subject}${n.type ? ` (${n.type})` : ''} with ${n.retained} retained (${n.percent} of the reachable heap)${n.holds ? `, holding ${n.holds}` : ''}${n.accumulates ? `; the memory accumulates in \`${n.accumulates}\`` : ''}; path from the GC root: ${n.path}.`,
    gcStorm: (n) =>
      `Full collections ran back to back from ${n.at} (${n.runs} run(s), ${n.collections} collections): the heap no longer fitted.`,
    leakSuspect: (n) =>
      `Leak suspect ${n.subject}: ${n.retained} retained (${n.percent}); ${n.description} Path: ${n.path}.`,
    unclosed: (n) =>
      `${n.count} \`${n.type}\` instances are still reachable (never closed)${n.holder ? `, one per \`${n.holder}\`` : ''}; they retain ${n.retained}.`,
    stackHeld: (n) =>
      `${n.retained} (${n.subject}) is kept alive by a goroutine or thread stack frame: ${n.root}.`,
    crash: (n) =>
      `The process crashed at ${n.at}: \`${n.message}\`${n.fn ? ` in \`${n.fn}\`` : ''} (${n.goroutines} goroutines in the traceback).`,
    oom: (n) => `Out of memory at ${n.at}: ${n.subject}${n.where ? `, thrown in \`${n.where}\`` : ''}.`,
    lockConvoy: (n) =>
      `At ${n.at}, ${n.waiters} thread(s) were BLOCKED waiting for \`${n.monitor}\` held by \`${n.owner}\`.`,
    deadlock: (n) => `Threads \`${n.threads}\` were deadlocked at ${n.at}.`,
  },
  charts: {
    heap: 'Heap over time',
    goroutines: 'Goroutines at each dump',
    live: 'live heap',
    goal: 'heap goal / capacity',
  },
};
