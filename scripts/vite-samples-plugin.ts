import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

interface ManifestArtifact {
  file: string;
  kind: string;
  capturedAt?: string;
}

/** Artifacts that make no sense to load as evidence in the sample incident. */
const LEFT_OUT = new Set<string>([]);
/**
 * Second copies of one moment (the debug=1 twins of each goroutine dump and heap profile) and the
 * truncated heap dump would show every moment twice on the sample's timeline; they stay in samples/
 * for the tests and the CLI.
 */
const REDUNDANT = /(\.debug1\.txt|truncated)/;

export interface SampleIndexEntry {
  id: string;
  title: string;
  files: { path: string; name: string; kind: string; capturedAt?: string }[];
}

/** Reads samples/<incident>/manifest.json files into the index the welcome screen loads. */
export function sampleIndex(samplesDir: string): SampleIndexEntry[] {
  if (!existsSync(samplesDir)) return [];
  const out: SampleIndexEntry[] = [];
  for (const id of readdirSync(samplesDir).sort()) {
    const manifestPath = join(samplesDir, id, 'manifest.json');
    if (!existsSync(manifestPath)) continue;
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      title?: string;
      artifacts?: ManifestArtifact[];
    };
    const files = (m.artifacts ?? [])
      .filter(
        (a) => !LEFT_OUT.has(a.kind) && !REDUNDANT.test(a.file) && existsSync(join(samplesDir, id, a.file)),
      )
      .map((a) => ({
        path: `${id}/${a.file}`,
        name: a.file.split('/').pop() ?? a.file,
        kind: a.kind,
        ...(a.capturedAt ? { capturedAt: a.capturedAt } : {}),
      }));
    out.push({ id, title: m.title ?? id, files });
  }
  return out;
}

/** Ships the sample incidents with the web build (and serves them from the dev server). */
export function samplesPlugin(samplesDir: string): Plugin {
  let outDir = '';
  return {
    name: 'pmwb-samples',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/samples/', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        if (rel === 'index.json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ incidents: sampleIndex(samplesDir) }));
          return;
        }
        const allowed = sampleIndex(samplesDir).some((i) => i.files.some((f) => f.path === rel));
        if (!allowed) return next();
        res.end(readFileSync(join(samplesDir, rel)));
      });
    },
    closeBundle() {
      const incidents = sampleIndex(samplesDir);
      const dest = join(outDir, 'samples');
      mkdirSync(dest, { recursive: true });
      for (const i of incidents) {
        for (const f of i.files) {
          mkdirSync(dirname(join(dest, f.path)), { recursive: true });
          copyFileSync(join(samplesDir, f.path), join(dest, f.path));
        }
      }
      writeFileSync(join(dest, 'index.json'), JSON.stringify({ incidents }, null, 2));
    },
  };
}
