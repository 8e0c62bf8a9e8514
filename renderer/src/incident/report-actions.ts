import type { Lang, Postmortem } from '../../../workers/incident/model.ts';
import { postmortemMarkdown } from '../../../workers/report/export.ts';
import { exportFiles } from '../../../workers/report/index.ts';
import { host } from '../host/host.ts';
import { refreshed } from '../state/incident-slice.ts';
import { useStore } from '../state/store.ts';
import { svgToPng } from './svg-to-png.ts';

export type ExportKind = 'folder' | 'md' | 'csv';

/**
 * Refreshes the incident through the engine's report pipeline (findings, checklist suggestions,
 * regenerate only unedited sections), keeps the result in the store, and returns the export files.
 */
export function refreshForExport(lang: Lang, charts: boolean, chartFormat: 'svg' | 'png' = 'svg') {
  const s = useStore.getState();
  const inc = s.incident;
  if (!inc) return undefined;
  // The same pipeline and options as every change in the store: the export is what the screen shows.
  const r = refreshed(inc, lang);
  if (r.changes.some((c) => c.change !== 'unchanged')) s.setRegenChanges(r.changes);
  useStore.setState({ incident: r.incident });
  return exportFiles(r, { charts, chartFormat });
}

function baseName(title: string): string {
  const b = title
    .trim()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return b || 'postmortem';
}

/** Writes an export through the host (browser: downloads; Electron: a folder, atomic writes). */
export async function exportPostmortem(kind: ExportKind, lang: Lang): Promise<string[]> {
  // Charts go next to the Markdown as PNG: every Markdown renderer shows PNG, not all show SVG.
  const files = refreshForExport(lang, kind === 'folder', 'png');
  const inc = useStore.getState().incident;
  if (!files || !inc) return [];
  const base = baseName(inc.title);
  const chosen =
    kind === 'folder'
      ? files
      : kind === 'md'
        ? files.filter((f) => f.name === 'postmortem.md').map((f) => ({ ...f, name: `${base}.md` }))
        : files.filter((f) => f.name === 'checklist.csv');
  const out = await Promise.all(
    chosen.map(async (f) => ({ name: f.name, data: f.rasterize ? await svgToPng(f.content) : f.content })),
  );
  const ok = await host.exportFiles(base, out);
  return ok ? chosen.map((f) => f.name) : [];
}

/** The current postmortem as Markdown (self-contained). */
export function markdownOf(pm: Postmortem): string {
  const inc = useStore.getState().incident;
  return postmortemMarkdown(pm, inc ? { incident: inc } : {});
}
