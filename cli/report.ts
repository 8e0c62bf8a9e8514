/**
 * `pmwb report FILE|FOLDER… [--incident INCIDENT.pmwb] [--anchor FILE=RFC3339]… [--lang en|zh-CN]
 *  [--self-contained] [--library] [--limit BYTES] [--title T] [--service S] [--severity Sev-1..4]
 *  [--author NAME]… [--tz ZONE] --out DIR`
 *
 * Opens every file with the engine (folders: every file sniffed, unknown ones listed as skipped; an
 * ELF service binary in the inputs names Go heap-dump globals), builds the incident, timeline,
 * findings, checklist and postmortem, and writes DIR/postmortem.md, DIR/checklist.csv,
 * DIR/timeline.json, chart SVGs (unless --self-contained) and DIR/incident.pmwb (the workspace,
 * openable in the app). The --incident file is read, never modified.
 * Exit codes: 0 ok, 1 analysis error (names the file), 2 usage error.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { atomicWriteFile, loadIncident } from '../electron/incident-store.ts';
import type { ByteSource } from '../workers/core/byte-source.ts';
import { errorMessage } from '../workers/core/errors.ts';
import { detectFormat, Engine } from '../workers/engine/engine.ts';
import { artifactFromSource, setAnchor } from '../workers/incident/artifacts.ts';
import {
  type Incident,
  type IncidentArtifact,
  LANGS,
  type Lang,
  newIncident,
  SEVERITIES,
  type Severity,
  serializeIncident,
} from '../workers/incident/model.ts';
import { sha256Source } from '../workers/incident/sha256.ts';
import { messages } from '../workers/report/i18n/index.ts';
import { exportFiles, refreshIncident } from '../workers/report/index.ts';
import type { Io } from './main.ts';
import { listFiles } from './main.ts';
import { fileSource } from './node-source.ts';

class UsageError extends Error {}

const USAGE =
  'usage: pmwb report FILE|FOLDER… [--incident INCIDENT.pmwb] [--anchor FILE=RFC3339]… [--lang en|zh-CN] [--self-contained] [--library] [--limit BYTES] [--title T] [--service S] [--severity Sev-1..4] [--author NAME]… [--tz ZONE] --out DIR\n';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

interface Args {
  inputs: string[];
  out: string;
  incident?: string;
  anchors: { file: string; atMs: number }[];
  lang: Lang;
  selfContained: boolean;
  library: boolean;
  limitBytes?: number;
  title?: string;
  service?: string;
  severity?: Severity;
  authors: string[];
  timeZone?: string;
}

function parse(argv: string[]): Args {
  let parsed: ReturnType<
    typeof parseArgs<{
      allowPositionals: true;
      options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        incident: { type: 'string' },
        anchor: { type: 'string', multiple: true },
        lang: { type: 'string' },
        'self-contained': { type: 'boolean' },
        library: { type: 'boolean' },
        limit: { type: 'string' },
        title: { type: 'string' },
        service: { type: 'string' },
        severity: { type: 'string' },
        author: { type: 'string', multiple: true },
        tz: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (!parsed.positionals.length) throw new UsageError('no input files or folders');
  if (typeof v.out !== 'string' || !v.out) throw new UsageError('--out DIR is required');
  const lang = (v.lang ?? 'en') as Lang;
  if (!LANGS.includes(lang))
    throw new UsageError(`--lang must be one of ${LANGS.join(', ')}, not "${String(v.lang)}"`);
  const anchors = ((v.anchor as string[] | undefined) ?? []).map((a) => {
    const eq = a.lastIndexOf('=');
    const file = eq > 0 ? a.slice(0, eq) : '';
    const time = eq > 0 ? a.slice(eq + 1) : '';
    const atMs = Date.parse(time);
    if (!file || !RFC3339.test(time) || !Number.isFinite(atMs)) {
      throw new UsageError(
        `--anchor expects FILE=RFC3339 (e.g. gctrace.log=2026-11-20T09:00:00Z), got "${a}"`,
      );
    }
    return { file, atMs };
  });
  let limitBytes: number | undefined;
  if (v.limit !== undefined) {
    limitBytes = Number(v.limit);
    if (!Number.isFinite(limitBytes) || limitBytes <= 0)
      throw new UsageError(`--limit expects a byte count, got "${v.limit}"`);
  }
  const severity = v.severity as Severity | undefined;
  if (severity !== undefined && !SEVERITIES.includes(severity)) {
    throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}, not "${severity}"`);
  }
  const tz = typeof v.tz === 'string' ? v.tz : undefined;
  if (tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new UsageError(`--tz expects an IANA time zone such as UTC or Asia/Shanghai, not "${tz}"`);
    }
  }
  return {
    inputs: parsed.positionals,
    ...(typeof v.title === 'string' ? { title: v.title } : {}),
    ...(typeof v.service === 'string' ? { service: v.service } : {}),
    ...(severity ? { severity } : {}),
    authors: (v.author as string[] | undefined) ?? [],
    ...(tz ? { timeZone: tz } : {}),
    out: v.out,
    ...(typeof v.incident === 'string' ? { incident: v.incident } : {}),
    anchors,
    lang,
    selfContained: v['self-contained'] === true,
    library: v.library === true,
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

async function isElf(source: ByteSource): Promise<boolean> {
  const h = await source.read(0, 4);
  return h.length === 4 && h[0] === 0x7f && h[1] === 0x45 && h[2] === 0x4c && h[3] === 0x46;
}

export async function runReport(argv: string[], io: Io): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`pmwb report: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }

  // Collect the files: explicit ones must be analysable; folder members are sniffed and may be skipped.
  const files: { path: string; explicit: boolean }[] = [];
  for (const input of args.inputs) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(input);
    } catch {
      io.stderr(`pmwb report: ${input}: no such file or folder\n`);
      return 1;
    }
    if (st.isDirectory()) for (const p of await listFiles(input)) files.push({ path: p, explicit: false });
    else files.push({ path: input, explicit: true });
  }

  let incident: Incident;
  if (args.incident) {
    const r = await loadIncident(args.incident);
    if (!r.ok) {
      io.stderr(
        `pmwb report: ${args.incident}: ${r.error.message}${r.error.issues.length ? `\n  ${r.error.issues.map((i) => `${i.field}: ${i.message}`).join('\n  ')}` : ''}${r.error.backupPath ? `\n  a backup exists: ${r.error.backupPath}` : ''}\n`,
      );
      return 1;
    }
    incident = r.incident;
    if (r.migratedFrom !== undefined)
      io.stderr(`pmwb report: ${args.incident} was version ${r.migratedFrom}; migrated in memory\n`);
  } else {
    // A folder called "artifacts" is named after its parent (samples/go-leak/artifacts → go-leak).
    const first = resolve(args.inputs[0]);
    const name = basename(first) === 'artifacts' ? basename(resolve(first, '..')) : basename(first);
    incident = newIncident({ title: messages(args.lang).defaultTitle(name), service: name });
  }
  incident = {
    ...incident,
    ...(args.title !== undefined ? { title: args.title } : {}),
    ...(args.service !== undefined ? { service: args.service } : {}),
    ...(args.severity ? { severity: args.severity } : {}),
    ...(args.timeZone ? { timeZone: args.timeZone } : {}),
  };
  if (incident.postmortem && args.title !== undefined)
    incident.postmortem = { ...incident.postmortem, title: args.title };
  if (incident.postmortem && args.authors.length)
    incident.postmortem = { ...incident.postmortem, authors: args.authors };

  const engine = new Engine();
  const skipped: { path: string; reason: string }[] = [];
  const binaries: { path: string; source: ByteSource }[] = [];
  const opened: { path: string; source: ByteSource; format: string }[] = [];
  for (const f of files) {
    let source: ByteSource;
    try {
      source = await fileSource(f.path, basename(f.path));
    } catch (e) {
      io.stderr(`pmwb report: ${f.path}: ${errorMessage(e)}\n`);
      return 1;
    }
    if (await isElf(source)) {
      binaries.push({ path: f.path, source });
      continue;
    }
    const format = await detectFormat(source);
    if (!format) {
      if (f.explicit) {
        io.stderr(
          `pmwb report: ${f.path}: not a format pmwb reads (a heap dump, profile, goroutine dump or GC log)\n`,
        );
        return 1;
      }
      skipped.push({ path: f.path, reason: 'unknown format' });
      continue;
    }
    opened.push({ path: f.path, source, format });
  }

  const artifacts: IncidentArtifact[] = [...incident.artifacts];
  let nextId = artifacts.length + 1;
  for (const o of opened) {
    let result: Awaited<ReturnType<Engine['open']>>['result'];
    try {
      const binary = o.format === 'go-heapdump' ? binaries[0]?.source : undefined;
      ({ result } = await engine.open(
        o.source,
        {},
        { ...(binary ? { binary } : {}), ...(args.limitBytes ? { limitBytes: args.limitBytes } : {}) },
      ));
    } catch (e) {
      const msg = errorMessage(e);
      if (o.path && files.find((f) => f.path === o.path)?.explicit) {
        io.stderr(
          `pmwb report: ${msg.startsWith(o.source.name) ? o.path + msg.slice(o.source.name.length) : `${o.path}: ${msg}`}\n`,
        );
        return 1;
      }
      skipped.push({ path: o.path, reason: msg });
      continue;
    }
    const sha = await sha256Source(o.source);
    const existing = artifacts.findIndex((a) => a.sha256 === sha);
    let id = existing >= 0 ? artifacts[existing].id : `a${nextId++}`;
    while (existing < 0 && artifacts.some((a) => a.id === id)) id = `a${nextId++}`;
    const art = await artifactFromSource(id, resolve(o.path), o.source, result);
    if (existing >= 0) {
      // Same file as in the incident: refresh the analysis, keep the team's anchor.
      const prev = artifacts[existing];
      artifacts[existing] = {
        ...art,
        timeAnchor: prev.timeAnchor.source === 'user' ? prev.timeAnchor : art.timeAnchor,
      };
    } else artifacts.push(art);
    for (const w of result.warnings.slice(0, 3)) io.stderr(`pmwb report: ${o.path}: warning: ${w}\n`);
    if (result.truncated)
      io.stderr(`pmwb report: ${o.path}: truncated at byte ${result.truncatedAt ?? '?'}\n`);
  }
  incident = { ...incident, artifacts, updatedMs: Date.now() };

  for (const a of args.anchors) {
    const target = incident.artifacts.find((x) => x.name === basename(a.file) || x.path === resolve(a.file));
    if (!target) {
      io.stderr(`pmwb report: --anchor ${a.file}: no such artifact among the inputs\n`);
      return 2;
    }
    incident = setAnchor(incident, target.id, a.atMs);
  }

  let refreshed: ReturnType<typeof refreshIncident>;
  let out: ReturnType<typeof exportFiles>;
  try {
    refreshed = refreshIncident(incident, {
      lang: args.lang,
      ...(args.authors.length ? { authors: args.authors } : {}),
      includeBaseline: args.library,
      ...(args.limitBytes ? { limitBytes: args.limitBytes } : {}),
    });
    out = exportFiles(refreshed, { charts: !args.selfContained });
  } catch (e) {
    // Valid fields can still combine into a moment no date holds (an anchor at the edge of the
    // range plus relative times): say which input it came from, not only "Invalid time value".
    const from = args.incident ? `${args.incident} (with ${args.inputs.join(', ')})` : args.inputs.join(', ');
    const hint =
      e instanceof RangeError
        ? ' — a time in the incident (an artifact anchor plus its relative times, an event) is outside the dates that can be shown; check the anchors'
        : '';
    io.stderr(`pmwb report: ${from}: ${errorMessage(e)}${hint}\n`);
    return 1;
  }
  try {
    await mkdir(args.out, { recursive: true });
    for (const f of out) await atomicWriteFile(join(args.out, f.name), f.content, false);
    await atomicWriteFile(join(args.out, 'incident.pmwb'), serializeIncident(refreshed.incident), false);
  } catch (e) {
    io.stderr(`pmwb report: cannot write to ${args.out}: ${errorMessage(e)}\n`);
    return 1;
  }

  io.stdout(`analysed ${refreshed.incident.artifacts.length} artifact(s)\n`);
  for (const b of binaries) io.stdout(`service binary: ${b.path}\n`);
  for (const s of skipped) io.stdout(`skipped ${s.path}: ${s.reason}\n`);
  io.stdout(
    `${refreshed.findings.length} finding(s), ${refreshed.incident.checklist.length} checklist row(s)\n`,
  );
  for (const f of out) io.stdout(`wrote ${join(args.out, f.name)}\n`);
  io.stdout(`wrote ${join(args.out, 'incident.pmwb')}\n`);
  return 0;
}
