/**
 * The report pipeline in one call: incident → timeline → findings → checklist → postmortem, and
 * the export files. Pure; the CLI and the UI call `refreshIncident` after every change that
 * should reach the document and `exportFiles` to write a folder.
 */
import { anchorKind, labelArtifacts, placeArtifacts } from '../incident/anchors.ts';
import { snapshotTime } from '../incident/artifacts.ts';
import { computeFindings, type FindingOptions } from '../incident/findings.ts';
import type { Finding, Incident, Lang } from '../incident/model.ts';
import { buildTimeline, type Timeline } from '../incident/timeline.ts';
import { goroutineChartSvg, heapChartSvg } from './charts.ts';
import { buildChecklist } from './checklist.ts';
import { evidenceFiles } from './evidence.ts';
import { checklistCsv, postmortemMarkdown } from './export.ts';
import { draftPostmortem, regeneratePostmortem, type SectionChange } from './postmortem.ts';

export interface RefreshOptions extends FindingOptions {
  lang?: Lang;
  nowMs?: number;
  authors?: string[];
  /** Add the baseline library rows for the incident's runtimes to the checklist. */
  includeBaseline?: boolean;
}

export interface Refreshed {
  incident: Incident;
  timeline: Timeline;
  findings: Finding[];
  changes: { id: string; change: SectionChange }[];
}

/** Recomputes findings, merges checklist suggestions and (re)generates the postmortem. */
export function refreshIncident(incident: Incident, options: RefreshOptions = {}): Refreshed {
  const nowMs = options.nowMs ?? Date.now();
  const lang = options.lang ?? incident.postmortem?.lang ?? 'en';
  incident = placeArtifacts(labelArtifacts(incident));
  const base = buildTimeline(incident);
  const findings = computeFindings(incident, options, base);
  const timeline = buildTimeline(incident, { findings });
  const checklist = buildChecklist(incident, findings, {
    lang,
    nowMs,
    includeBaseline: options.includeBaseline ?? incident.includeLibrary === true,
  });
  const next: Incident = { ...incident, findings, checklist };
  const input = {
    incident: next,
    findings,
    timeline: base,
    checklist,
    lang,
    nowMs,
    authors: options.authors,
  };
  if (!incident.postmortem) {
    const postmortem = draftPostmortem(input);
    return {
      incident: { ...next, postmortem },
      timeline,
      findings,
      changes: postmortem.sections.map((s) => ({ id: s.id, change: 'added' })),
    };
  }
  const { postmortem, changes } = regeneratePostmortem(incident.postmortem, input);
  return { incident: { ...next, postmortem }, timeline, findings, changes };
}

export interface ExportFile {
  name: string;
  content: string;
  /** The content is SVG markup that the host should rasterize to PNG under `name`. */
  rasterize?: boolean;
}

/**
 * The files of an export folder: `postmortem.md`, `checklist.csv`, `timeline.json` and, when
 * `charts` is true, charts referenced from the Markdown: SVG files, or, with `chartFormat: 'png'`,
 * PNG names whose SVG content a host with a canvas rasterizes (`rasterize`).
 */
export function exportFiles(
  refreshed: Refreshed,
  options: { charts?: boolean; chartFormat?: 'svg' | 'png'; nowMs?: number } = {},
): ExportFile[] {
  const ext = options.chartFormat ?? 'svg';
  const chartFile = (base: string, content: string): ExportFile => ({
    name: `${base}.${ext}`,
    content,
    ...(ext === 'png' ? { rasterize: true } : {}),
  });
  const { incident, timeline } = refreshed;
  const pm = incident.postmortem;
  if (!pm) throw new Error('incident has no postmortem; call refreshIncident first');
  const nowMs = options.nowMs ?? Date.now();
  const files: ExportFile[] = [];
  const charts: { file: string; alt: string }[] = [];
  if (options.charts) {
    const heap = heapChartSvg(timeline, pm.lang, incident.timeZone);
    if (heap) {
      files.push(chartFile('heap-over-time', heap));
      charts.push({
        file: `heap-over-time.${ext}`,
        alt: pm.lang === 'zh-CN' ? '堆内存随时间变化' : 'Heap over time',
      });
    }
    const gr = goroutineChartSvg(timeline, pm.lang, incident.timeZone);
    if (gr) {
      files.push(chartFile('goroutines', gr));
      charts.push({
        file: `goroutines.${ext}`,
        alt: pm.lang === 'zh-CN' ? '各次转储的 goroutine 数' : 'Goroutines at each dump',
      });
    }
  }
  files.unshift({ name: 'postmortem.md', content: postmortemMarkdown(pm, { charts, incident }) });
  files.push({ name: 'checklist.csv', content: checklistCsv(incident.checklist, pm.lang, nowMs) });
  files.push({
    name: 'timeline.json',
    content: `${JSON.stringify({ schema: 'pmwb.timeline/1', timeZone: incident.timeZone, ...timeline, artifacts: artifactAnchors(incident), findings: refreshed.findings }, null, 1)}\n`,
  });
  // the pages the document's evidence links point at
  files.push(...evidenceFiles(incident, pm.lang));
  return files;
}

/** Per artifact: its label, what its time rests on (`evidence`, `user`, `inferred`, `assumed`) and how. */
export function artifactAnchors(incident: Incident) {
  return incident.artifacts.map((a) => ({
    id: a.id,
    label: a.name,
    format: a.format,
    anchor: anchorKind(a.timeAnchor),
    ...(a.timeAnchor.basis ? { basis: a.timeAnchor.basis } : {}),
    ...(a.summary.gc ? { processStartMs: a.timeAnchor.processStartMs } : { t: snapshotTime(a) }),
  }));
}
