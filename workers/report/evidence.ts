/**
 * Evidence pages: one small Markdown file per artifact the postmortem cites, written beside it
 * (`evidence/t2-heap.pprof.md`), so every evidence link in the document is a relative link that
 * works in GitHub, GitLab or Confluence — not a `pmwb://` address only the app understands.
 */

import { FORMAT_LABELS, type FormatId } from '../../contract/inspect.ts';
import { anchorKind } from '../incident/anchors.ts';
import { snapshotTime } from '../incident/artifacts.ts';
import type { EvidenceRef, Incident, IncidentArtifact, Lang, TimeAnchor } from '../incident/model.ts';
import { formatBytes, formatCount, formatMs, formatTime } from './format.ts';
import { type Messages, messages } from './i18n/index.ts';
import { escapeInline, gfmTable } from './markdown-escape.ts';

export const EVIDENCE_DIR = 'evidence';

/** What an artifact's time rests on, with how it was inferred or placed (in the document's language). */
export function anchorText(a: TimeAnchor, m: Messages): string {
  const kind = anchorKind(a);
  const base =
    kind === 'user'
      ? m.anchor.user
      : kind === 'inferred'
        ? m.anchor.inferred
        : kind === 'evidence'
          ? m.anchor.evidence
          : a.source === 'placed'
            ? m.anchor.placed
            : m.anchor.assumed;
  const how = a.basisOf ? m.anchor.basis(a.basisOf) : a.basis;
  return how ? `${base}: ${how}` : base;
}

/** The export-relative path of an artifact's evidence page (label → a safe file name). */
export function evidencePath(label: string): string {
  const slug = label
    .replace(/[\\/]+/g, '-')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 120);
  return `${EVIDENCE_DIR}/${slug || 'artifact'}.md`;
}

/** Link target of an evidence reference: the cited artifact's page. */
export function evidenceHref(ref: Pick<EvidenceRef, 'file'>): string {
  return evidencePath(ref.file);
}

const TEXT = {
  en: {
    format: 'Format',
    bytes: 'Size',
    sha: 'SHA-256',
    time: 'Time',
    anchor: 'Time rests on',
    top: 'Largest retainers',
    groups: 'Goroutine groups',
    gc: 'GC cycles',
    profile: 'Top functions',
    threads: 'Threads by state',
    log: 'Notable lines',
    back: 'Back to the postmortem',
    topColumns: ['#', 'Object', 'Type', 'Retained', 'Root'],
    groupColumns: ['Count', 'State', 'Function', 'Created by'],
    gcColumns: ['Cycles', 'Max live', 'Max goal', 'Pauses (max / p99)'],
    profileColumns: ['Function', 'Flat', 'Cum'],
    threadColumns: ['State', 'Threads'],
    formats: FORMAT_LABELS,
  },
  'zh-CN': {
    format: '格式',
    bytes: '大小',
    sha: 'SHA-256',
    time: '时间',
    anchor: '时间依据',
    top: '最大的保留者',
    groups: 'goroutine 分组',
    gc: 'GC 周期',
    profile: '热点函数',
    threads: '各状态线程数',
    log: '值得关注的日志行',
    back: '返回复盘文档',
    topColumns: ['#', '对象', '类型', '保留', '根'],
    groupColumns: ['数量', '状态', '函数', '创建者'],
    gcColumns: ['周期', '最大存活', '最大目标', '暂停（最大 / p99）'],
    profileColumns: ['函数', 'Flat', 'Cum'],
    threadColumns: ['状态', '线程数'],
    formats: {
      'go-heapdump': 'Go 堆转储',
      hprof: 'Java HPROF 堆转储',
      pprof: 'pprof 剖析文件',
      'pprof-text': 'pprof 旧版文本剖析',
      'goroutine-dump': 'goroutine 转储',
      'go-gctrace': 'Go gctrace 日志',
      'jvm-gclog': 'JVM GC 日志',
      jstat: 'jstat -gc 输出',
      'java-thread-dump': 'Java 线程转储',
      applog: '应用日志',
    } satisfies Record<FormatId, string>,
  },
} as const;

/** The Markdown of one artifact's evidence page: what it is, when, and the rows the postmortem cites. */
export function evidenceMarkdown(a: IncidentArtifact, lang: Lang, tz: string): string {
  const t = TEXT[lang];
  const r = a.summary;
  const out: string[] = [`# ${escapeInline(a.name)}`, ''];
  const when = r.gc ? undefined : snapshotTime(a);
  out.push(
    `- **${t.format}:** ${escapeInline(t.formats[a.format] ?? a.format)}`,
    `- **${t.bytes}:** ${formatBytes(a.size)}`,
    `- **${t.sha}:** \`${a.sha256}\``,
    ...(when !== undefined ? [`- **${t.time}:** ${formatTime(when, tz)}`] : []),
    `- **${t.anchor}:** ${escapeInline(anchorText(a.timeAnchor, messages(lang)))}`,
    '',
  );
  if (r.heap) {
    out.push(`## ${t.top}`, '');
    out.push(
      gfmTable(
        [...t.topColumns],
        r.heap.top
          .slice(0, 20)
          .map((e, i) => [String(i + 1), e.label, e.type, formatBytes(e.retainedBytes), e.root]),
      ),
      '',
    );
  }
  if (r.goroutines) {
    out.push(`## ${t.groups}`, '');
    out.push(
      gfmTable(
        [...t.groupColumns],
        r.goroutines.groups.slice(0, 30).map((g) => [formatCount(g.count), g.state, g.function, g.createdBy]),
      ),
      '',
    );
  }
  if (r.gc) {
    const g = r.gc;
    out.push(`## ${t.gc}`, '');
    out.push(
      gfmTable(
        [...t.gcColumns],
        [
          [
            formatCount(g.cycles),
            formatBytes(g.maxLiveBytes),
            formatBytes(g.maxGoalBytes),
            `${formatMs(g.pauses.maxMs)} / ${formatMs(g.pauses.p99Ms)}`,
          ],
        ],
      ),
      '',
    );
  }
  if (r.profile) {
    const type = r.profile.sampleTypes.at(-1);
    const rows = type ? (r.profile.top[type.type] ?? []) : [];
    out.push(`## ${t.profile}${type ? ` (${escapeInline(type.type)}, ${escapeInline(type.unit)})` : ''}`, '');
    out.push(
      gfmTable(
        [...t.profileColumns],
        rows
          .slice(0, 20)
          .map((e) => [
            e.function,
            type?.unit === 'bytes' ? formatBytes(e.flat) : formatCount(e.flat),
            type?.unit === 'bytes' ? formatBytes(e.cum) : formatCount(e.cum),
          ]),
      ),
      '',
    );
  }
  if (r.threads) {
    out.push(`## ${t.threads}`, '');
    out.push(
      gfmTable(
        [...t.threadColumns],
        Object.entries(r.threads.byState).map(([k, v]) => [k, formatCount(v)]),
      ),
      '',
    );
  }
  out.push(`[${t.back}](../postmortem.md)`, '');
  return out.join('\n');
}

/** The evidence pages an export needs: one per artifact of the incident. */
export function evidenceFiles(incident: Incident, lang: Lang): { name: string; content: string }[] {
  const seen = new Set<string>();
  const out: { name: string; content: string }[] = [];
  for (const a of incident.artifacts) {
    const name = evidencePath(a.name);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, content: evidenceMarkdown(a, lang, incident.timeZone) });
  }
  return out;
}
