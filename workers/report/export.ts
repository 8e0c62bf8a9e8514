/**
 * Export of the postmortem: GitHub-flavoured Markdown (optionally referencing chart image files
 * written next to it) and the checklist as RFC 4180 CSV.
 */

import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import type { ChecklistRow, Incident, Postmortem } from '../incident/model.ts';
import { checklistCells, checklistHeader } from './checklist.ts';
import { messages } from './i18n/index.ts';
import { escapeInline, sanitizeMarkdown } from './markdown-escape.ts';

const gfm = remark().use(remarkGfm);
/** Section bodies are typed by people (and quote dump text): exported as safe as the preview shows them. */
export const safeSectionMarkdown = (body: string): string => sanitizeMarkdown(body, (md) => gfm.parse(md));

export interface ChartRef {
  /** File name relative to the .md (e.g. `heap-over-time.svg`). */
  file: string;
  alt: string;
}

export interface MarkdownOptions {
  /** Charts to reference in the timeline section; omit for a self-contained document. */
  charts?: ChartRef[];
  incident?: Pick<Incident, 'severity' | 'service' | 'status'>;
}

/** Renders the postmortem as GitHub-flavoured Markdown. */
export function postmortemMarkdown(pm: Postmortem, options: MarkdownOptions = {}): string {
  const m = messages(pm.lang);
  const out: string[] = [];
  out.push(`# ${escapeInline(pm.title || m.sections.summary)}`);
  const meta = [
    `- **${m.meta.date}${m.colon}** ${escapeInline(pm.date)}`,
    `- **${m.meta.authors}${m.colon}** ${escapeInline(pm.authors.join(', ') || m.unassigned)}`,
    `- **${m.meta.status}${m.colon}** ${m.postmortemStatus[pm.status]}`,
  ];
  if (options.incident) {
    meta.push(`- **${m.meta.severity}${m.colon}** ${escapeInline(m.severity[options.incident.severity])}`);
    if (options.incident.service)
      meta.push(`- **${m.meta.service}${m.colon}** ${escapeInline(options.incident.service)}`);
    meta.push(`- **${m.meta.incidentStatus}${m.colon}** ${m.incidentStatus[options.incident.status]}`);
  }
  out.push(meta.join('\n'));
  for (const s of pm.sections) {
    out.push(`## ${m.sections[s.id]}`);
    if (s.id === 'timeline' && options.charts?.length) {
      out.push(options.charts.map((c) => `![${escapeInline(c.alt)}](${encodeURI(c.file)})`).join('\n\n'));
    }
    out.push(safeSectionMarkdown(s.body.trim()) || m.placeholder);
  }
  return `${out.join('\n\n')}\n`;
}

/** Quotes one CSV field per RFC 4180 (quotes when it has a comma, quote, CR or LF; doubles quotes). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows → RFC 4180 CSV (CRLF line ends, header first). */
export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The checklist as CSV rows (header + one row per action), values in the chosen language. */
export function checklistRowsForCsv(
  rows: ChecklistRow[],
  lang: Postmortem['lang'],
  nowMs: number,
): string[][] {
  const m = messages(lang);
  return [['id', ...checklistHeader(m)], ...rows.map((r) => [r.id, ...checklistCells(r, m, nowMs)])];
}

/**
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a CR), made
 * inert with a leading apostrophe, as OWASP advises: checklist text comes from people and from
 * dumps, and the file is opened in Excel, LibreOffice and Google Sheets.
 */
export function inertCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** `checklist.csv` content (every cell made inert for spreadsheets). */
export function checklistCsv(rows: ChecklistRow[], lang: Postmortem['lang'], nowMs: number): string {
  return toCsv(checklistRowsForCsv(rows, lang, nowMs).map((r) => r.map(inertCell)));
}
