/**
 * Incident artifacts whose files are not loaded in this session (the incident was reopened after a
 * reload or restart, or the files moved). Their analysis summary stays visible; "Locate…" (or, in
 * Electron, "Reopen" from the saved path) reads the file again, checks its SHA-256 against the one
 * saved, and — same bytes, or different bytes the user chose to keep — opens the full view again.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostFile } from '../../../contract/host-api.ts';
import type { InspectResult } from '../../../contract/inspect.ts';
import type { Incident, IncidentArtifact } from '../../../workers/incident/model.ts';
import { host } from '../host/host.ts';
import { useLabel } from '../i18n/labels.ts';
import { formatBytes, formatCount } from '../lib/format.ts';
import type { ArtifactEntry } from '../state/artifacts-slice.ts';
import { useStore } from '../state/store.ts';
import { useTimeFormat } from './common.tsx';
import { hashHostFile } from './hash-client.ts';
import { useIncidentController } from './incident-hooks.ts';
import { NS } from './strings.ts';
import './incident.css';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** The few numbers that say what an artifact holds, from its summary alone. */
export function keyNumbers(r: InspectResult, t: T): string[] {
  const out: string[] = [];
  if (r.heap) {
    out.push(
      t('knObjects', { n: formatCount(r.heap.objects) }),
      t('knHeap', { bytes: formatBytes(r.heap.totalBytes) }),
    );
    const top = r.heap.top[0];
    if (top) out.push(t('knTop', { what: top.label || top.type, bytes: formatBytes(top.retainedBytes) }));
  }
  if (r.goroutines) {
    out.push(
      t('knGoroutines', { n: formatCount(r.goroutines.total) }),
      t('knGroups', { n: r.goroutines.groups.length }),
    );
  }
  if (r.gc) {
    out.push(
      t('knCycles', { n: formatCount(r.gc.cycles) }),
      t('knMaxLive', { bytes: formatBytes(r.gc.maxLiveBytes) }),
      t('knMaxPause', { ms: r.gc.pauses.maxMs.toFixed(1) }),
    );
  }
  if (r.profile) {
    for (const st of r.profile.sampleTypes.slice(0, 2)) {
      const v = r.profile.totals[st.type];
      if (v !== undefined) out.push(`${st.type} ${st.unit === 'bytes' ? formatBytes(v) : formatCount(v)}`);
    }
  }
  if (r.truncated) out.push(t('knTruncated'));
  return out;
}

/** When the summary was made: kept in the summary since this version, else the incident's creation. */
export function analyzedAt(a: IncidentArtifact, incident: Incident): number {
  const at = (a.summary as { analyzedAtMs?: unknown }).analyzedAtMs;
  return typeof at === 'number' && Number.isFinite(at) ? at : incident.createdMs;
}

/** Ids of the incident's artifacts whose file is open (or being read) in this session. */
export function loadedIds(linked: Record<string, string>, entries: ArtifactEntry[]): Set<string> {
  const live = new Map(entries.map((e) => [e.key, e.status]));
  const out = new Set<string>();
  for (const [id, key] of Object.entries(linked)) {
    const st = live.get(key);
    if (st === 'reading' || st === 'done') out.add(id);
  }
  return out;
}

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;
type Probe = { state: 'checking' } | { state: 'found' } | { state: 'missing' };

/**
 * Electron: is the file still at its saved path? Only probed (exists/size): a path written in an
 * incident file grants nothing; Reopen goes through the open dialog, started at that path.
 */
function useProbe(a: IncidentArtifact): Probe | undefined {
  const [probe, setProbe] = useState<Probe>();
  const canProbe = host.kind === 'electron' && ABSOLUTE.test(a.path);
  useEffect(() => {
    if (!canProbe) return;
    let live = true;
    setProbe({ state: 'checking' });
    host.probePaths([a.path]).then(
      ([p]) => {
        if (!live) return;
        setProbe(p?.exists ? { state: 'found' } : { state: 'missing' });
      },
      () => live && setProbe({ state: 'missing' }),
    );
    return () => {
      live = false;
    };
  }, [canProbe, a.path]);
  return probe;
}

type Locate =
  | { state: 'idle' }
  | { state: 'hashing'; name: string }
  | { state: 'differs'; file: HostFile; sha256: string }
  | { state: 'error'; message: string };

function NotLoadedRow({ a, incident }: { a: IncidentArtifact; incident: Incident }) {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const { fmt } = useTimeFormat();
  const probe = useProbe(a);
  const [locate, setLocate] = useState<Locate>({ state: 'idle' });
  const incidents = useIncidentController();

  const adopt = async (file: HostFile) => {
    setLocate({ state: 'hashing', name: file.name });
    const sha256 = await hashHostFile(file);
    if (!sha256) {
      setLocate({ state: 'error', message: t('locateUnreadable', { name: file.name }) });
      return;
    }
    if (sha256 === a.sha256) {
      setLocate({ state: 'idle' });
      incidents.openFor(a.id, file, sha256, false);
      return;
    }
    setLocate({ state: 'differs', file, sha256 });
  };
  const pick = async () => {
    const files = await host.openFiles();
    if (files[0]) await adopt(files[0]);
  };
  const missing = probe?.state === 'missing';
  return (
    <li
      className="artifact-row inc-not-loaded"
      data-testid="incident-artifact"
      data-state={missing ? 'missing' : 'not-loaded'}
      data-name={a.name}
      data-format={a.format}
    >
      <div className="artifact-main">
        <span className="artifact-name" title={a.path}>
          {a.name}
        </span>
        <span className="artifact-meta">
          <span>{label('format', a.format)}</span>
          <span title={`${a.size} bytes`}>{formatBytes(a.size)}</span>
        </span>
      </div>
      <p className="inc-not-loaded-state" data-testid="not-loaded-note">
        {missing ? <strong className="inc-missing">{t('missingAtPath')} </strong> : null}
        {t('notLoaded', { date: fmt(analyzedAt(a, incident)) })}
      </p>
      <ul className="inc-key-numbers" data-testid="artifact-summary" aria-label={t('summaryNumbers')}>
        {keyNumbers(a.summary, t).map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      {locate.state === 'differs' ? (
        <div className="inc-banner inc-banner-bad" role="alert" data-testid="hash-differs">
          <span>
            {t('hashDiffers', {
              name: locate.file.name,
              found: locate.sha256.slice(0, 12),
              saved: a.sha256.slice(0, 12),
            })}
          </span>
          <span className="inc-actions">
            <button
              type="button"
              data-testid="keep-different"
              onClick={() => {
                setLocate({ state: 'idle' });
                incidents.openFor(a.id, locate.file, locate.sha256, true);
              }}
            >
              {t('keepDifferent')}
            </button>
            <button type="button" data-testid="reject-different" onClick={() => setLocate({ state: 'idle' })}>
              {t('rejectDifferent')}
            </button>
          </span>
        </div>
      ) : null}
      {locate.state === 'hashing' ? (
        <p className="muted" role="status">
          {t('locateHashing', { name: locate.name })}
        </p>
      ) : null}
      {locate.state === 'error' ? (
        <p className="artifact-error" role="alert">
          {locate.message}
        </p>
      ) : null}
      <div className="artifact-actions">
        {probe?.state === 'found' ? (
          <button
            type="button"
            data-testid="reopen-artifact"
            onClick={async () => {
              const [f] = await host.openFiles({ defaultPath: a.path });
              if (f) await adopt(f);
            }}
            aria-label={`${t('reopen')} ${a.name}`}
          >
            {t('reopen')}
          </button>
        ) : null}
        <button
          type="button"
          data-testid="locate-artifact"
          onClick={() => void pick()}
          disabled={locate.state === 'hashing'}
          aria-label={`${t('locate')} ${a.name}`}
        >
          {t('locate')}
        </button>
      </div>
    </li>
  );
}

/** Rows for the artifact list: the incident's artifacts that are not loaded in this session. */
export function IncidentOnlyRows() {
  const { t } = useTranslation(NS);
  const incident = useStore((s) => s.incident);
  const linked = useStore((s) => s.linked);
  const entries = useStore((s) => s.artifacts);
  const notLoaded = useMemo(() => {
    if (!incident) return [];
    const loaded = loadedIds(linked, entries);
    return incident.artifacts.filter((a) => !loaded.has(a.id));
  }, [incident, linked, entries]);
  if (!incident || notLoaded.length === 0) return null;
  return (
    <section className="inc-not-loaded-list" aria-label={t('notLoadedTitle')}>
      <h3>{t('notLoadedTitle')}</h3>
      <ul>
        {notLoaded.map((a) => (
          <NotLoadedRow key={a.id} a={a} incident={incident} />
        ))}
      </ul>
    </section>
  );
}
