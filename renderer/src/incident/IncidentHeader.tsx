/**
 * The incident's own facts — title, service, severity, status, start/end, time zone — every field
 * autosaved, plus the `.pmwb` file commands: export (a download in the browser, a folder in
 * Electron) and import (validated; a bad file shows its structured error and changes nothing).
 */
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INCIDENT_STATUSES,
  type IncidentLoadError,
  type IncidentStatus,
  SEVERITIES,
  type Severity,
} from '../../../workers/incident/model.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { proposeSeverity } from '../../../workers/report/severity.ts';
import { fromFile } from '../host/browser-host.ts';
import { host } from '../host/host.ts';
import { useLabel } from '../i18n/labels.ts';
import { useStore } from '../state/store.ts';
import { TextField } from './ChecklistField.tsx';
import { TimeModeToggle } from './common.tsx';
import { exportIncidentFile, type ImportOutcome, importIncidentFile } from './incident-file.ts';
import { NS } from './strings.ts';
import { useWallError, ZonedTimeInput } from './ZonedTimeInput.tsx';
import { COMMON_ZONES, formatWallInput, isValidTimeZone, parseWallInput } from './zoned-time.ts';

/** A 24-hour time in the incident's zone; commits on blur / Enter (typing half a date changes nothing). */
function ZonedTimeField({
  label,
  ms,
  tz,
  onCommit,
  testId,
}: {
  label: string;
  ms: number | undefined;
  tz: string;
  onCommit: (ms: number | undefined) => void;
  testId: string;
}) {
  const shown = ms !== undefined ? formatWallInput(ms, tz) : '';
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const wallError = useWallError();
  const inputId = useId();
  const commit = () => {
    if (draft === undefined) return;
    if (draft.trim() === '') {
      onCommit(undefined);
      setDraft(undefined);
      setError(undefined);
      return;
    }
    const p = parseWallInput(draft, tz);
    if (!p.ok) {
      setError(wallError(p, tz));
      return;
    }
    onCommit(p.ms);
    setDraft(undefined);
    setError(undefined);
  };
  return (
    <label htmlFor={inputId}>
      {label} <span className="muted">({tz})</span>{' '}
      <ZonedTimeInput
        id={inputId}
        value={draft ?? shown}
        tz={tz}
        allowEmpty
        onChange={(v) => {
          setDraft(v);
          setError(undefined);
        }}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'Enter') commit();
        }}
        error={error}
        testId={testId}
      />
    </label>
  );
}

function TimeZoneField() {
  const { t } = useTranslation(NS);
  const tz = useStore((s) => s.incident?.timeZone ?? 'UTC');
  const setFields = useStore((s) => s.setIncidentFields);
  const [draft, setDraft] = useState<string>();
  const bad = draft !== undefined && !isValidTimeZone(draft);
  const zones = COMMON_ZONES.includes(tz as (typeof COMMON_ZONES)[number])
    ? COMMON_ZONES
    : [tz, ...COMMON_ZONES];
  return (
    <label>
      {t('timeZone')}{' '}
      <input
        list="inc-zones"
        value={draft ?? tz}
        size={18}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setDraft(v);
          if (isValidTimeZone(v)) {
            setFields({ timeZone: v });
          }
        }}
        onBlur={() => setDraft(undefined)}
        data-testid="incident-timezone"
        aria-invalid={bad ? true : undefined}
      />
      <datalist id="inc-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {bad ? (
        <span role="alert" className="inc-error" data-testid="timezone-error">
          {t('timeZoneInvalid')}
        </span>
      ) : null}
    </label>
  );
}

function ImportError({
  outcome,
  onDismiss,
}: {
  outcome: { file: string; error: IncidentLoadError };
  onDismiss: () => void;
}) {
  const { t } = useTranslation(NS);
  return (
    <div
      className="inc-banner inc-banner-bad"
      role="alert"
      data-testid="import-error"
      data-code={outcome.error.code}
    >
      <strong>{t('importFailed', { file: outcome.file })}</strong> <span>{outcome.error.message}</span>
      {outcome.error.issues.length ? (
        <ul>
          {outcome.error.issues.map((i) => (
            <li key={i.field}>
              <code>{i.field}</code>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <span className="muted">{t('importNothingChanged')}</span>
      <button type="button" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}

/** Export / import of the `.pmwb` file. */
export function IncidentFileActions() {
  const { t } = useTranslation(NS);
  const setTab = useStore((s) => s.setTab);
  const setScreen = useStore((s) => s.setScreen);
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<{ file: string; error: IncidentLoadError }>();
  const done = (o: ImportOutcome) => {
    if (!o.ok) {
      setFailure({ file: o.file, error: o.error });
      setNote(undefined);
      return;
    }
    setFailure(undefined);
    setNote(
      o.migratedFrom !== undefined
        ? `${t('imported', { title: o.incident.title })} ${t('restoredMigrated', { v: o.migratedFrom })}`
        : t('imported', { title: o.incident.title }),
    );
    setScreen('workspace');
    setTab('timeline');
  };
  const doExport = async () => {
    const inc = useStore.getState().incident;
    if (!inc) return;
    setFailure(undefined);
    const r = await exportIncidentFile(inc);
    if (r.ok === true) setNote(t('exportedFile', { name: r.name }));
    else if (r.ok === false) setNote(t('exportFailed', { error: r.message }));
  };
  const pickElectron = async () => {
    const files = await host.openFiles();
    if (files[0]) done(await importIncidentFile(files[0]));
  };
  return (
    <div className="inc-file-actions">
      <button type="button" onClick={() => void doExport()} data-testid="export-incident">
        {t('exportIncident')}
      </button>
      {host.kind === 'electron' ? (
        <button type="button" onClick={() => void pickElectron()} data-testid="import-incident-button">
          {t('importIncident')}
        </button>
      ) : (
        <>
          <button type="button" onClick={() => input.current?.click()} data-testid="import-incident-button">
            {t('importIncident')}
          </button>
          <input
            ref={input}
            type="file"
            accept=".pmwb,application/json"
            hidden
            aria-label={t('importIncident')}
            data-testid="import-incident"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f) void importIncidentFile(fromFile(f)).then(done);
            }}
          />
        </>
      )}
      {note ? (
        <span role="status" className="muted" data-testid="incident-file-note">
          {note}
        </span>
      ) : null}
      {failure ? <ImportError outcome={failure} onDismiss={() => setFailure(undefined)} /> : null}
    </div>
  );
}

/** The severity the evidence calls for, when it differs from the chosen one: says why, applies in one click. */
function SeverityProposal() {
  const { t, i18n } = useTranslation(NS);
  const findings = useStore((s) => s.incident?.findings);
  const severity = useStore((s) => s.incident?.severity);
  const setFields = useStore((s) => s.setIncidentFields);
  if (!findings || !severity) return null;
  const p = proposeSeverity(findings, i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  if (p.severity === severity) return null;
  return (
    <span className="inc-sev-proposal muted" data-testid="severity-proposal">
      {t('pmSeverityProposed', { severity: p.severity, reason: p.reason })}{' '}
      <button type="button" onClick={() => setFields({ severity: p.severity })}>
        {t('pmSeverityApply', { severity: p.severity })}
      </button>
    </span>
  );
}

/** The editable incident header (Timeline tab). */
export function IncidentHeader() {
  const { t, i18n } = useTranslation(NS);
  const label = useLabel();
  const incident = useStore((s) => s.incident);
  const setFields = useStore((s) => s.setIncidentFields);
  if (!incident) return null;
  const m = messages(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const tz = incident.timeZone;
  return (
    <header className="inc-header" data-testid="incident-header">
      <TextField
        className="inc-title-field"
        label={t('title')}
        value={incident.title}
        onChange={(title) => setFields({ title })}
        testId="incident-title"
        size={40}
      />
      <TextField
        label={t('service')}
        value={incident.service}
        onChange={(service) => setFields({ service })}
        testId="incident-service"
        size={16}
      />
      <label>
        {t('severity')}{' '}
        <select
          value={incident.severity}
          onChange={(e) => setFields({ severity: e.currentTarget.value as Severity })}
          data-testid="incident-severity"
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {label('severity', s)}
            </option>
          ))}
        </select>
      </label>
      <SeverityProposal />
      <label>
        {t('status')}{' '}
        <select
          value={incident.status}
          onChange={(e) => setFields({ status: e.currentTarget.value as IncidentStatus })}
          data-testid="incident-status"
        >
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {m.incidentStatus[s]}
            </option>
          ))}
        </select>
      </label>
      <ZonedTimeField
        key={`start-${tz}-${incident.startMs ?? ''}`}
        label={t('start')}
        ms={incident.startMs}
        tz={tz}
        onCommit={(ms) => setFields({ startMs: ms })}
        testId="incident-start"
      />
      <ZonedTimeField
        key={`end-${tz}-${incident.endMs ?? ''}`}
        label={t('end')}
        ms={incident.endMs}
        tz={tz}
        onCommit={(ms) => setFields({ endMs: ms })}
        testId="incident-end"
      />
      <TimeZoneField />
      <TimeModeToggle />
      <IncidentFileActions />
    </header>
  );
}
