/**
 * `pmwb report FILE|FOLDER… [--incident INCIDENT.pmwb] [--anchor FILE=RFC3339]… [--lang en|zh-CN]
 *  [--self-contained] [--library] [--limit BYTES] [--max-inflated SIZE] [--title T] [--service S] [--owner TEAM] [--severity Sev-1..4]
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
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileSource } from '../node/file-source.ts';
import { atomicWriteFile, loadIncident } from '../node/incident-store.ts';
import { listFiles } from '../node/list-files.ts';
import type { ByteSource } from '../workers/core/byte-source.ts';
import { errorMessage } from '../workers/core/errors.ts';
import { describeSource, detectFormat, Engine } from '../workers/engine/engine.ts';
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
import { proposeSeverity } from '../workers/report/severity.ts';
import { type Io, parseSize } from './usage.ts';

class UsageError extends Error {}

const USAGE =
  'usage: pmwb report FILE|FOLDER… [--incident INCIDENT.pmwb] [--anchor FILE=RFC3339]… [--lang en|zh-CN] [--self-contained] [--library] [--limit BYTES] [--max-inflated SIZE] [--title T] [--service S] [--owner TEAM] [--severity Sev-1..4] [--author NAME]… [--tz ZONE] --out DIR\n';

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
  maxInflatedBytes?: number;
  title?: string;
  service?: string;
  /** Team owning the service: default owner of new checklist rows. */
  owner?: string;
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
        'max-inflated': { type: 'string' },
        title: { type: 'string' },
        service: { type: 'string' },
        owner: { type: 'string' },
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
    ...(typeof v.owner === 'string' ? { owner: v.owner } : {}),
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
    ...(typeof v['max-inflated'] === 'string' ? { maxInflatedBytes: sizeArg(v['max-inflated']) } : {}),
  };
}

function sizeArg(text: string): number {
  try {
    return parseSize(text);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

async function isElf(source: ByteSource): Promise<boolean> {
  const h = await source.read(0, 4);
  return h.length === 4 && h[0] === 0x7f && h[1] === 0x45 && h[2] === 0x4c && h[3] === 0x46;
}

/** A failure that ends the command: printed after "pmwb report: ", exit code 1 (analysis) or 2 (usage). */
class ReportError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
  ) {
    super(message);
  }
}

interface InputFile {
  path: string;
  /** Named on the command line (must be analysable), not found in a folder (may be skipped). */
  explicit: boolean;
}

interface Opened {
  path: string;
  source: ByteSource;
  format: string;
  explicit: boolean;
}

/** The sources `report` reads; every one is closed when the command ends, whatever happened. */
interface Inputs {
  opened: Opened[];
  binaries: { path: string; source: ByteSource }[];
  skipped: { path: string; reason: string }[];
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
  const inputs: Inputs = { opened: [], binaries: [], skipped: [] };
  try {
    const files = await collectFiles(args.inputs);
    let incident = await startIncident(args, io);
    await openInputs(files, inputs);
    incident = await analyse(incident, inputs, args, io);
    incident = applyAnchors(incident, args.anchors);
    const options = {
      lang: args.lang,
      ...(args.authors.length ? { authors: args.authors } : {}),
      includeBaseline: args.library,
      ...(args.limitBytes ? { limitBytes: args.limitBytes } : {}),
    };
    const refreshed = buildReport(incident, options, args, io);
    const written = await writeOutputs(refreshed, args);
    printSummary(io, refreshed, inputs, written);
    return 0;
  } catch (e) {
    if (!(e instanceof ReportError)) throw e;
    io.stderr(`pmwb report: ${e.message}\n`);
    return e.code;
  } finally {
    const sources = [...inputs.opened, ...inputs.binaries].map((i) => i.source);
    await Promise.all(sources.map((s) => s.close?.()));
  }
}

/** Explicit files must be analysable; a folder's files are sniffed and may be skipped. */
async function collectFiles(inputs: string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const input of inputs) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(input);
    } catch {
      throw new ReportError(`${input}: no such file or folder`);
    }
    if (st.isDirectory()) for (const p of await listFiles(input)) files.push({ path: p, explicit: false });
    else files.push({ path: input, explicit: true });
  }
  return files;
}

/** The saved incident given with --incident (never modified), or a new one named after the inputs. */
async function startIncident(args: Args, io: Io): Promise<Incident> {
  let incident: Incident;
  if (args.incident) {
    const r = await loadIncident(args.incident);
    if (!r.ok) {
      throw new ReportError(
        `${args.incident}: ${r.error.message}${r.error.issues.length ? `\n  ${r.error.issues.map((i) => `${i.field}: ${i.message}`).join('\n  ')}` : ''}${r.error.backupPath ? `\n  a backup exists: ${r.error.backupPath}` : ''}`,
      );
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
    ...(args.owner !== undefined ? { owner: args.owner } : {}),
    ...(args.severity ? { severity: args.severity } : {}),
    ...(args.timeZone ? { timeZone: args.timeZone } : {}),
  };
  if (incident.postmortem && args.title !== undefined)
    incident.postmortem = { ...incident.postmortem, title: args.title };
  if (incident.postmortem && args.authors.length)
    incident.postmortem = { ...incident.postmortem, authors: args.authors };
  return incident;
}

/** Opens every file into `inputs` (so the caller closes them even on failure), sorted by what it is. */
async function openInputs(files: InputFile[], inputs: Inputs): Promise<void> {
  for (const f of files) {
    let source: ByteSource;
    try {
      source = await fileSource(f.path, basename(f.path));
    } catch (e) {
      throw new ReportError(`${f.path}: ${errorMessage(e)}`);
    }
    if (await isElf(source)) {
      inputs.binaries.push({ path: f.path, source });
      continue;
    }
    const format = await detectFormat(source);
    if (format) {
      inputs.opened.push({ path: f.path, source, format, explicit: f.explicit });
      continue;
    }
    if (f.explicit) {
      const found = await describeSource(source);
      await source.close?.();
      throw new ReportError(
        `${f.path}: not a format pmwb reads (a heap dump, profile, goroutine dump or GC log): found ${found}`,
      );
    }
    await source.close?.();
    inputs.skipped.push({ path: f.path, reason: 'unknown format' });
  }
}

/** Analyses every opened file into the incident's artifacts (a file already there is refreshed). */
async function analyse(incident: Incident, inputs: Inputs, args: Args, io: Io): Promise<Incident> {
  const engine = new Engine();
  const artifacts: IncidentArtifact[] = [...incident.artifacts];
  let nextId = artifacts.length + 1;
  for (const o of inputs.opened) {
    let result: Awaited<ReturnType<Engine['open']>>['result'];
    try {
      const binary = o.format === 'go-heapdump' ? inputs.binaries[0]?.source : undefined;
      ({ result } = await engine.open(
        o.source,
        {},
        {
          ...(binary ? { binary } : {}),
          ...(args.limitBytes ? { limitBytes: args.limitBytes } : {}),
          ...(args.maxInflatedBytes ? { maxInflatedBytes: args.maxInflatedBytes } : {}),
        },
      ));
    } catch (e) {
      const msg = errorMessage(e);
      if (o.explicit) {
        // the engine names the file by its display name; the user typed a path
        throw new ReportError(
          msg.startsWith(o.source.name) ? o.path + msg.slice(o.source.name.length) : `${o.path}: ${msg}`,
        );
      }
      inputs.skipped.push({ path: o.path, reason: msg });
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
  return { ...incident, artifacts, updatedMs: Date.now() };
}

/** --anchor FILE=TIME: when a file without timestamps was captured. */
function applyAnchors(incident: Incident, anchors: Args['anchors']): Incident {
  for (const a of anchors) {
    // names are paths inside the opened folder (t2/heap.pprof)
    const target = incident.artifacts.find(
      (x) => x.name === a.file || x.name === basename(a.file) || x.path === resolve(a.file),
    );
    if (!target) throw new ReportError(`--anchor ${a.file}: no such artifact among the inputs`, 2);
    incident = setAnchor(incident, target.id, a.atMs);
  }
  return incident;
}

/**
 * The incident refreshed into its report; with no severity chosen the evidence proposes one (an OOM or
 * a crash: Sev-2) and says why. Valid fields can still combine into a moment no date holds (an anchor at
 * the edge of the range plus relative times): the error then names the inputs, not only "Invalid time value".
 */
function buildReport(
  incident: Incident,
  options: Parameters<typeof refreshIncident>[1],
  args: Args,
  io: Io,
): ReturnType<typeof refreshIncident> {
  try {
    let refreshed = refreshIncident(incident, options);
    if (!args.severity && !args.incident) {
      const proposal = proposeSeverity(refreshed.findings, args.lang);
      io.stdout(`severity ${proposal.severity}: ${proposal.reason}\n`);
      if (proposal.severity !== incident.severity)
        refreshed = refreshIncident({ ...incident, severity: proposal.severity }, options);
    }
    return refreshed;
  } catch (e) {
    const from = args.incident ? `${args.incident} (with ${args.inputs.join(', ')})` : args.inputs.join(', ');
    const hint =
      e instanceof RangeError
        ? ' — a time in the incident (an artifact anchor plus its relative times, an event) is outside the dates that can be shown; check the anchors'
        : '';
    throw new ReportError(`${from}: ${errorMessage(e)}${hint}`);
  }
}

/** Writes the export files and incident.pmwb into --out, each atomically; returns their paths. */
async function writeOutputs(refreshed: ReturnType<typeof refreshIncident>, args: Args): Promise<string[]> {
  const files = [
    ...exportFiles(refreshed, { charts: !args.selfContained }),
    { name: 'incident.pmwb', content: serializeIncident(refreshed.incident) },
  ];
  try {
    await mkdir(args.out, { recursive: true });
    for (const f of files) {
      // evidence pages go in evidence/
      await mkdir(dirname(join(args.out, f.name)), { recursive: true });
      await atomicWriteFile(join(args.out, f.name), f.content, false);
    }
  } catch (e) {
    throw new ReportError(`cannot write to ${args.out}: ${errorMessage(e)}`);
  }
  return files.map((f) => join(args.out, f.name));
}

function printSummary(
  io: Io,
  refreshed: ReturnType<typeof refreshIncident>,
  inputs: Inputs,
  written: string[],
): void {
  io.stdout(`analysed ${refreshed.incident.artifacts.length} artifact(s)\n`);
  for (const b of inputs.binaries) io.stdout(`service binary: ${b.path}\n`);
  for (const s of inputs.skipped) io.stdout(`skipped ${s.path}: ${s.reason}\n`);
  io.stdout(
    `${refreshed.findings.length} finding(s), ${refreshed.incident.checklist.length} checklist row(s)\n`,
  );
  for (const path of written) io.stdout(`wrote ${path}\n`);
}
