import type { HostFile } from '../../../contract/host-api.ts';

export interface SampleIndex {
  incidents: {
    id: string;
    title: string;
    files: { path: string; name: string; kind: string; capturedAt?: string }[];
  }[];
}

/** The bundled sample incidents ship with the app (copied into the build under `samples/`). */
export async function loadSampleIndex(): Promise<SampleIndex> {
  const res = await fetch('samples/index.json');
  if (!res.ok) throw new Error(`sample index not found (HTTP ${res.status})`);
  return (await res.json()) as SampleIndex;
}

export async function fetchSampleFiles(incidentId: string): Promise<HostFile[]> {
  const index = await loadSampleIndex();
  const incident = index.incidents.find((i) => i.id === incidentId) ?? index.incidents[0];
  if (!incident) throw new Error('no sample incident is bundled');
  const out: HostFile[] = [];
  for (const f of incident.files) {
    const res = await fetch(`samples/${f.path}`);
    if (!res.ok) throw new Error(`${f.path}: HTTP ${res.status}`);
    const blob = await res.blob();
    // The capture time stands in for the file's modification time, as it would on the machine that took it.
    const lastModified = f.capturedAt ? Date.parse(f.capturedAt) : Date.now();
    const file = new File([blob], f.name, { lastModified });
    out.push({ name: f.name, size: file.size, lastModified: file.lastModified, file });
  }
  return out;
}
