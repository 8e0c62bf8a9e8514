/**
 * The postmortem document: drafted from the incident's findings, timeline and checklist, edited by
 * the team, regenerated without touching what they edited. Every generated statement carries its
 * numbers and a reference to its evidence (a relative link to `evidence/<artifact>.md` in the export).
 */

import type { MessageRef } from '../../contract/inspect.ts';
import { fillTemplate, humanNumber, isMsg, localized } from '../core/messages.ts';
import { MESSAGES_ZH } from '../core/messages-zh.ts';
import type {
  ChecklistRow,
  EvidenceRef,
  Finding,
  Incident,
  Lang,
  Postmortem,
  PostmortemSection,
  SectionId,
} from '../incident/model.ts';
import { SECTION_IDS } from '../incident/model.ts';
import type { Timeline, TimelineEvent } from '../incident/timeline.ts';
import { checklistCells, checklistHeader, incidentRuntimes } from './checklist.ts';
import { anchorText, evidenceHref as evidencePageHref } from './evidence.ts';
import { formatBytes, formatCount, formatMs, formatPercent, formatTime } from './format.ts';
import { type Messages, messages } from './i18n/index.ts';
import { escapeInline, fencedBlock, gfmTable, mermaidLabel, type TableCell } from './markdown-escape.ts';

export interface DraftInput {
  incident: Incident;
  findings: Finding[];
  timeline: Timeline;
  checklist: ChecklistRow[];
  lang: Lang;
  nowMs: number;
  authors?: string[];
}

/**
 * Link to an evidence item: the cited artifact's page in the export folder (`evidence/….md`), a
 * relative link that works wherever the folder is pasted; the app opens the artifact from it.
 */
export function evidenceHref(ref: EvidenceRef): string {
  return evidencePageHref(ref);
}

function evidenceLinks(f: Finding, m: Messages): string {
  const seen = new Set<string>();
  const links: string[] = [];
  for (const r of f.evidence) {
    const key = `${r.artifactId}/${r.view}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(`[${escapeInline(r.file)}${r.view ? ` › ${escapeInline(r.view)}` : ''}](${evidenceHref(r)})`);
  }
  return links.length ? m.evidenceList(links.join(', ')) : '';
}

/** One finding as a sentence with its numbers (Markdown inline; code spans hold names). */
export function findingSentence(f: Finding, m: Messages, tz: string): string {
  const n = f.numbers;
  const at = f.t !== undefined ? formatTime(f.t, tz) : '?';
  const code = (s: string) => s.replace(/`/g, "'");
  const t = m.findings;
  switch (f.kind) {
    case 'heap-growth':
      return t.heapGrowth({
        rate: formatBytes(n.bytesPerMinute),
        from: at,
        to: formatTime(f.tEnd ?? f.t ?? 0, tz),
        start: formatBytes(n.startBytes),
        end: formatBytes(n.endBytes),
        cycles: n.cycles,
      });
    case 'projected-oom':
      return n.minutesAfterLastCycle > 0
        ? t.projectedOom({
            at,
            limit: formatBytes(n.limitBytes),
            rate: formatBytes(n.bytesPerMinute),
            after:
              n.minutesAfterLastCycle >= 1
                ? m.minutes(String(Math.round(n.minutesAfterLastCycle * 10) / 10))
                : m.seconds(String(Math.max(1, Math.round(n.minutesAfterLastCycle * 60)))),
          })
        : t.oomReached({ limit: formatBytes(n.limitBytes), at });
    case 'gc-threshold':
      if (f.facts?.metric === 'full-gc') return t.gcStorm({ at, runs: n.runs, collections: n.collections });
      return f.facts?.metric === 'cpu'
        ? t.gcCpu({
            at,
            threshold: formatPercent(n.thresholdPercent),
            percent: formatPercent(n.percent),
            overall: formatPercent(n.overallPercent),
          })
        : t.gcPause({
            at,
            threshold: formatMs(n.thresholdMs),
            pause: formatMs(n.pauseMs),
            over: n.cyclesOver,
            max: formatMs(n.maxPauseMs),
          });
    case 'goroutine-growth':
      return t.goroutineGrowth({
        fn: code(f.subject),
        state: f.facts?.state ?? '',
        counts: f.facts?.counts ?? '',
        growth: n.growth,
        dumps: n.dumps,
        ...(n.perMinute !== undefined
          ? { perMinute: n.perMinute.toLocaleString('en-US', { maximumFractionDigits: 1 }) }
          : {}),
        createdBy: code(f.facts?.createdBy || '?'),
      });
    case 'top-retainer':
      return t.topRetainer({
        subject: subjectMd(f, m),
        type: escapeInline(f.facts?.type ?? ''),
        retained: formatBytes(n.retainedBytes),
        percent: formatPercent(n.percent),
        path: escapeInline(f.facts?.path ?? ''),
        pathCode: code(f.facts?.path ?? ''),
        ...(f.facts?.accumulatedType
          ? {
              holds: `${n.accumulatedCount !== undefined ? `${formatCount(n.accumulatedCount)} ` : ''}\`${code(f.facts.accumulatedType)}\``,
            }
          : {}),
        ...(f.facts?.accumulation ? { accumulates: code(f.facts.accumulation) } : {}),
      });
    case 'unreachable-heap':
      return t.unreachableHeap({
        file: code(f.subject),
        unreachable: formatBytes(n.unreachableBytes),
        dump: formatBytes(n.dumpBytes),
        percent: formatPercent(n.percent),
        reachable: formatBytes(n.reachableBytes),
        classes: escapeInline(f.facts?.classes ?? ''),
      });
    case 'leak-suspect':
      return t.leakSuspect({
        subject: subjectMd(f, m),
        retained: formatBytes(n.retainedBytes),
        percent: formatPercent(n.percent),
        path: escapeInline(f.facts?.path ?? ''),
        pathCode: code(f.facts?.path ?? ''),
        description: sentenceMd(f.factMsgs?.description, f.facts?.description ?? '', m),
      });
    case 'unclosed-resource':
      return t.unclosed({
        type: code(f.subject),
        count: formatCount(n.count),
        holder: f.facts?.holder ? code(f.facts.holder) : undefined,
        retained: formatBytes(n.retainedBytes),
      });
    case 'stack-held-memory':
      return t.stackHeld({
        subject: escapeInline(f.facts?.type && f.facts.type !== 'goroutine' ? f.facts.type : m.anObject),
        retained: formatBytes(n.retainedBytes),
        root: escapeInline(f.facts?.root ?? f.subject),
        rootCode: code(f.facts?.root ?? f.subject),
      });
    case 'crash':
      return t.crash({
        message: code(f.subject),
        at,
        fn: f.facts?.function ? code(f.facts.function) : undefined,
        goroutines: n.goroutines,
      });
    case 'oom':
      return t.oom({
        subject: escapeInline(f.subject),
        at,
        ...(f.facts?.frame ? { where: code(f.facts.frame) } : {}),
      });
    case 'lock-convoy':
      return t.lockConvoy({
        owner: code(f.facts?.owner ?? f.subject),
        monitor: code(`${f.facts?.class ?? 'monitor'} <${f.facts?.monitor ?? '?'}>`),
        waiters: n.waiters ?? 0,
        at,
      });
    case 'deadlock':
      return t.deadlock({ threads: code(f.facts?.threads ?? f.subject), at });
    default:
      return escapeInline(`${f.kind}: ${f.subject}`);
  }
}

const ROOT_CAUSE_ORDER: Finding['kind'][] = [
  'unreachable-heap',
  'top-retainer',
  'leak-suspect',
  'unclosed-resource',
  'goroutine-growth',
  'heap-growth',
  'projected-oom',
  'gc-threshold',
  'stack-held-memory',
  'deadlock',
  'lock-convoy',
  'crash',
  'oom',
];

/** Findings in the order the root-cause section and the review meeting present them. */
export function orderedFindings(findings: Finding[]): Finding[] {
  // A kind not ranked here goes last rather than first.
  const rank = (k: Finding['kind']) => {
    const i = ROOT_CAUSE_ORDER.indexOf(k);
    return i < 0 ? ROOT_CAUSE_ORDER.length : i;
  };
  return [...findings].sort((a, b) => rank(a.kind) - rank(b.kind));
}

/** Critical application-log lines shown in the review when nothing is starred. */
const MAX_LOG_EVENTS = 5;

/** The events shown in the postmortem's timeline: starred ones, else the key ones. */
export function reviewEvents(timeline: Timeline): { events: TimelineEvent[]; starred: boolean } {
  const starred = timeline.events.filter((e) => e.starred);
  if (starred.length) return { events: starred, starred: true };
  let logLines = 0;
  const key = timeline.events.filter((e) => {
    // application-log lines are many: the first few critical ones speak for the rest until starred
    if (e.kind === 'log' || e.kind === 'log-line')
      return e.severity === 'critical' && logLines++ < MAX_LOG_EVENTS;
    return (
      e.source === 'user' ||
      e.severity === 'critical' ||
      ['heap-dump', 'goroutine-dump', 'profile', 'crash', 'oom'].includes(e.kind)
    );
  });
  return { events: key, starred: false };
}

/** A private-use character marks where a link goes into an escaped table (escaping leaves it alone). */
const LINK_MARK = '\uE000';
const LINK_SLOT = new RegExp(`${LINK_MARK}(\\d+)${LINK_MARK}`, 'g');

/**
 * An engine sentence in Chinese Markdown: the zh template's words escaped, the evidence's own text
 * (file, class, function names) as code spans — or as the code it already sits in, where the
 * template quotes it (`` `{type}` ``). Nested clauses are few and shallow; a queue keeps the order.
 */
function zhMarkdown(msg: MessageRef): string {
  const zh = MESSAGES_ZH as Record<string, string>;
  const clean = (t: string) => t.replaceAll(LINK_MARK, '');
  let md = '';
  let inCode = false;
  const queue: (MessageRef | { text: string } | { param: string })[] = [msg];
  while (queue.length) {
    const x = queue.shift() as MessageRef | { text: string } | { param: string };
    if ('text' in x) {
      x.text.split('`').forEach((piece, i) => {
        if (i > 0) {
          md += '`';
          inCode = !inCode;
        }
        md += inCode ? clean(piece) : escapeInline(clean(piece));
      });
    } else if ('param' in x) {
      const text = clean(x.param).replace(/`/g, "'");
      if (inCode) md += text;
      else if (text !== '') md += `\`${text}\``;
    } else if (isMsg(x)) {
      const parts = fillTemplate(zh[x.key] ?? '', x.params, humanNumber).map((p) =>
        p.kind === 'msg' ? p.msg : p.kind === 'param' ? { param: p.text } : { text: p.text },
      );
      queue.unshift(...parts);
    }
  }
  return md;
}

/** An engine sentence as Markdown: Chinese from its message in a zh-CN draft, else its English escaped. */
function sentenceMd(msg: MessageRef | undefined, english: string, m: Messages): string {
  return m.lang !== 'en' && isMsg(msg) ? zhMarkdown(msg) : escapeInline(english);
}

/**
 * A finding's subject as Markdown: a code span of its name, or — in a zh-CN draft, when the engine
 * worded it (`global at bss+0x48`, a suspect's title) — the Chinese sentence with its names as code.
 */
function subjectMd(f: Finding, m: Messages): string {
  if (m.lang !== 'en' && isMsg(f.subjectMsg)) return zhMarkdown(f.subjectMsg);
  return `\`${f.subject.replace(/`/g, "'")}\``;
}

/**
 * A derived event's label as a table cell: in Chinese, the Chinese template of its message with
 * the evidence's own text (file names, panic messages) as code spans; otherwise the English label.
 */
function labelCell(label: string, labelMsg: MessageRef | undefined, m: Messages): TableCell {
  const plain = label.replaceAll(LINK_MARK, '');
  if (m.lang === 'en' || !isMsg(labelMsg)) return plain;
  return { md: zhMarkdown(labelMsg) };
}

function timelineSection(input: DraftInput, m: Messages): string {
  const tz = input.incident.timeZone;
  const { events, starred } = reviewEvents(input.timeline);
  const parts: string[] = [];
  if (!starred) parts.push(`_${m.noStarred}_`);
  if (events.length) {
    // Evidence cells are links (built here, escaped text inside); a placeholder keeps them out of
    // the table's cell escaping.
    const links: string[] = [];
    const table = gfmTable(
      [m.timelineColumns.time, m.timelineColumns.event, m.timelineColumns.source, m.timelineColumns.evidence],
      events.map((e) => {
        const art = input.incident.artifacts.find((a) => a.id === e.source);
        const link = e.ref
          ? `[${escapeInline(e.ref.file)}](${evidenceHref(e.ref)})`
          : e.link && /^https?:\/\/[^\s|<>()]+$/.test(e.link)
            ? `<${e.link}>`
            : escapeInline(e.link ?? '');
        links.push(link);
        return [
          `${formatTime(e.t, tz)}${e.assumed ? ' *' : e.anchor === 'inferred' ? ' ~' : ''}`,
          labelCell(e.label, e.labelMsg, m),
          (art ? art.name : e.source).replaceAll(LINK_MARK, ''),
          link ? `${LINK_MARK}${links.length - 1}${LINK_MARK}` : '',
        ];
      }),
    );
    parts.push(table.replace(LINK_SLOT, (_m, i: string) => links[Number(i)]));
    if (events.some((e) => e.assumed)) parts.push(`\\* ${escapeInline(m.anchor.assumed)}`);
    if (events.some((e) => e.anchor === 'inferred'))
      parts.push(`~ ${escapeInline(m.anchor.inferred)} (${escapeInline(m.artifactColumns.anchor)})`);
    const lines = [
      '```mermaid',
      'timeline',
      `    title ${mermaidLabel(input.incident.title || m.sections.timeline)}`,
    ];
    for (const e of events)
      lines.push(
        `    ${mermaidLabel(formatTime(e.t, tz).slice(0, 19))} : ${mermaidLabel(localized(e.labelMsg, e.label, m.lang))}`,
      );
    lines.push('```');
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

function rootCauseSection(input: DraftInput, m: Messages): string {
  if (!input.findings.length) return `_${m.noFindings}_`;
  return orderedFindings(input.findings)
    .map((f) => `- ${findingSentence(f, m, input.incident.timeZone)}${evidenceLinks(f, m)}`)
    .join('\n');
}

/** The checklist as a GFM table (action text in the document's language). */
export function checklistTable(rows: ChecklistRow[], m: Messages, nowMs: number): string {
  if (!rows.length) return `_${m.noChecklist}_`;
  return gfmTable(
    checklistHeader(m),
    rows.map((r): TableCell[] => {
      const cells: TableCell[] = checklistCells(r, m, nowMs);
      // actions name commands and settings (`go vet`, `GOMEMLIMIT`): they stay code
      cells[1] = { md: cells[1] as string };
      cells[2] = cells[2] || m.unassigned;
      return cells;
    }),
  );
}

function supportingSection(input: DraftInput, m: Messages): string {
  const c = m.artifactColumns;
  if (!input.incident.artifacts.length) return m.placeholder;
  const artifacts = gfmTable(
    [c.file, c.format, c.size, c.sha256, c.anchor],
    input.incident.artifacts.map((a) => [
      `${a.name}${a.missing ? ` (${m.missing})` : ''}`,
      `\`${a.format}\``,
      formatBytes(a.size),
      a.sha256,
      anchorText(a.timeAnchor, m),
    ]),
  );
  return [artifacts, ...input.incident.artifacts.flatMap((a) => gcPauseTable(a, m))].join('\n\n');
}

/** A GC log's pauses per collection kind (count, total, max, mean), when its summary has them. */
function gcPauseTable(a: DraftInput['incident']['artifacts'][number], m: Messages): string[] {
  const rows = (a.summary.gc?.byKind ?? []).filter((r) => r.count > 0);
  if (!rows.length) return [];
  const c = m.gcPauses.columns;
  return [
    escapeInline(m.gcPauses.heading(a.name)),
    gfmTable(
      [c.kind, c.count, c.total, c.max, c.mean],
      rows.map((r) => [
        m.gcPauses.kinds[r.kind] ?? r.label,
        formatCount(r.count),
        formatMs(r.totalPauseMs),
        formatMs(r.maxPauseMs),
        formatMs(r.meanPauseMs),
      ]),
    ),
  ];
}

function windowText(input: DraftInput): string {
  const tz = input.incident.timeZone;
  const start = input.incident.startMs ?? input.timeline.range?.startMs;
  const end = input.incident.endMs ?? input.timeline.range?.endMs;
  if (start === undefined || end === undefined) return '?';
  return `${formatTime(start, tz)} – ${formatTime(end, tz)}`;
}

function culprits(input: DraftInput, m: Messages): string {
  const out: string[] = [];
  const first = (k: Finding['kind']) => input.findings.find((f) => f.kind === k);
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const top = first('top-retainer');
  if (top) {
    const holds = top.facts?.accumulatedType
      ? ` (${top.numbers.accumulatedCount !== undefined ? `${formatCount(top.numbers.accumulatedCount)} ` : ''}${code(top.facts.accumulatedType)})`
      : top.facts?.accumulation
        ? ` (${code(top.facts.accumulation)})`
        : '';
    out.push(`${subjectMd(top, m)} ${formatBytes(top.numbers.retainedBytes)}${holds}`);
  }
  const unclosed = first('unclosed-resource');
  if (unclosed)
    out.push(
      `${formatCount(unclosed.numbers.count)} ${code(unclosed.subject)}${unclosed.facts?.holder ? ` / ${code(unclosed.facts.holder)}` : ''}`,
    );
  const gr = first('goroutine-growth');
  if (gr) out.push(m.culprits.goroutines(code(gr.subject), gr.numbers.growth));
  const hg = first('heap-growth');
  if (hg) out.push(m.culprits.heapRate(formatBytes(hg.numbers.bytesPerMinute)));
  const crash = first('crash') ?? first('oom');
  if (crash) out.push(code(crash.subject));
  return out.join(m.culprits.sep);
}

/** Generates the body of every generated section (undefined: not generated). */
export function generateSections(input: DraftInput): Record<SectionId, string> {
  const m = messages(input.lang);
  const tz = input.incident.timeZone;
  const inc = input.incident;
  const service = escapeInline(inc.service || inc.title || '?');
  const sev = m.severity[inc.severity];
  const win = windowText(input);
  const c = culprits(input, m);
  const timed = input.findings.filter(
    (f) => f.t !== undefined && f.kind !== 'crash' && f.kind !== 'oom' && f.kind !== 'projected-oom',
  );
  const detectable = timed.length
    ? timed.reduce((m, f) => Math.min(m, f.t!), Number.POSITIVE_INFINITY)
    : undefined;
  const alert = input.timeline.events.find((e) => e.kind === 'alert-fired');
  const firstCritical = input.timeline.events.find(
    (e) => e.severity === 'critical' || e.kind === 'alert-fired',
  );
  const triggerBefore = firstCritical?.t ?? input.timeline.range?.endMs ?? Number.POSITIVE_INFINITY;
  const trigger = input.timeline.events
    .filter((e) => (e.kind === 'deploy' || e.kind === 'config-change') && e.t <= triggerBefore)
    .at(-1);
  const resolution = input.timeline.events
    .filter((e) => e.kind === 'mitigation' || e.kind === 'recovery' || e.kind === 'restart')
    .map((e) => `${formatTime(e.t, tz)} ${escapeInline(e.label)}`)
    .join('; ');
  const runtimes = incidentRuntimes(inc);
  return {
    summary: c
      ? m.summary({ service, severity: sev, culprits: c, window: win })
      : m.summaryNoFindings({ service, severity: sev }),
    impact: m.impact({
      window: win,
      restarts: input.timeline.events.filter((e) => e.kind === 'restart').length,
      ooms: Math.max(
        input.timeline.events.filter((e) => e.kind === 'oom-kill' || e.kind === 'oom').length,
        input.findings.filter((f) => f.kind === 'oom').length,
      ),
      crashes: input.timeline.events.filter((e) => e.kind === 'crash').length,
    }),
    timeline: timelineSection(input, m),
    'root-cause': rootCauseSection(input, m),
    trigger: trigger
      ? m.triggerFromDeploy({ label: escapeInline(trigger.label), at: formatTime(trigger.t, tz) })
      : m.placeholder,
    detection: m.detection({
      detectable: detectable !== undefined ? formatTime(detectable, tz) : undefined,
      detected: alert ? formatTime(alert.t, tz) : undefined,
      gap:
        detectable !== undefined && alert
          ? m.minutes(String(Math.round(((alert.t - detectable) / 60_000) * 10) / 10))
          : undefined,
    }),
    resolution: m.resolution({ events: resolution }),
    'code-defect': `${m.codeDefectHint}\n\n${fencedBlock('// …', runtimes.has('jvm') && !runtimes.has('go') ? 'java' : 'go')}`,
    'went-well': m.placeholder,
    'went-wrong': m.placeholder,
    'got-lucky': m.placeholder,
    checklist: checklistTable(input.checklist, m, input.nowMs),
    validation: m.placeholder,
    'supporting-information': supportingSection(input, m),
  };
}

/** A fresh draft of the postmortem. */
export function draftPostmortem(input: DraftInput): Postmortem {
  const gen = generateSections(input);
  return {
    lang: input.lang,
    title: input.incident.title,
    date: new Date(input.incident.startMs ?? input.timeline.range?.startMs ?? input.nowMs)
      .toISOString()
      .slice(0, 10),
    authors: input.authors ?? [],
    status: 'draft',
    sections: SECTION_IDS.map((id) => ({ id, body: gen[id], generated: gen[id], edited: false })),
    generatedAtMs: input.nowMs,
  };
}

export type SectionChange = 'updated' | 'unchanged' | 'kept-edited' | 'added';

/**
 * Regenerates the postmortem: sections the user has not edited take the new generated text; edited
 * sections are kept (their `generated` base is refreshed so the UI can offer the new draft).
 * Returns the new document and, per section, what happened.
 */
export function regeneratePostmortem(
  pm: Postmortem,
  input: DraftInput,
): { postmortem: Postmortem; changes: { id: SectionId; change: SectionChange }[] } {
  const gen = generateSections(input);
  const changes: { id: SectionId; change: SectionChange }[] = [];
  const sections: PostmortemSection[] = SECTION_IDS.map((id) => {
    const old = pm.sections.find((s) => s.id === id);
    const next = gen[id];
    if (!old) {
      changes.push({ id, change: 'added' });
      return { id, body: next, generated: next, edited: false };
    }
    if (old.edited) {
      if (old.generated === next) {
        changes.push({ id, change: 'unchanged' });
        return old;
      }
      changes.push({ id, change: 'kept-edited' });
      // What the user saw before the evidence moved, until they review it (or the text comes back).
      const reviewFrom = old.reviewFrom ?? old.generated;
      return {
        ...old,
        generated: next,
        ...(reviewFrom !== undefined && reviewFrom !== next ? { reviewFrom } : { reviewFrom: undefined }),
      };
    }
    changes.push({ id, change: old.body === next ? 'unchanged' : 'updated' });
    return { id, body: next, generated: next, edited: false };
  });
  return {
    postmortem: { ...pm, lang: input.lang, sections, generatedAtMs: input.nowMs },
    changes,
  };
}

/** Sets a section's body from the editor; it counts as edited unless it equals the generated text. */
export function editSection(pm: Postmortem, id: SectionId, body: string): Postmortem {
  return {
    ...pm,
    sections: pm.sections.map((s) => (s.id === id ? { ...s, body, edited: body !== s.generated } : s)),
  };
}

/** Drops the user's edit of a section and takes the generated text again. */
export function revertSection(pm: Postmortem, id: SectionId): Postmortem {
  return {
    ...pm,
    sections: pm.sections.map((s) =>
      s.id === id && s.generated !== undefined
        ? { id: s.id, body: s.generated, generated: s.generated, edited: false }
        : s,
    ),
  };
}

/** The user reviewed what the evidence changed in an edited section and keeps their words. */
export function markReviewed(pm: Postmortem, id: SectionId): Postmortem {
  return {
    ...pm,
    sections: pm.sections.map((s) => {
      if (s.id !== id || s.reviewFrom === undefined) return s;
      const { reviewFrom: _seen, ...rest } = s;
      return rest;
    }),
  };
}
