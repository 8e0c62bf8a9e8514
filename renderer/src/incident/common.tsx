import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildTimeline, type Timeline } from '../../../workers/incident/timeline.ts';
import { formatTime } from '../../../workers/report/format.ts';
import { useStore } from '../state/store.ts';
import { useIncidentController } from './incident-hooks.ts';
import { NS } from './strings.ts';
import './incident.css';

/** The incident's timeline (engine `buildTimeline`), recomputed only when the incident changes. */
export function useTimeline(): Timeline | undefined {
  const incident = useStore((s) => s.incident);
  return useMemo(
    () => (incident ? buildTimeline(incident, { findings: incident.findings }) : undefined),
    [incident],
  );
}

export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Formats absolute times in the chosen mode (UTC, the incident's zone, or the machine's zone). */
export function useTimeFormat(): { tz: string; fmt: (ms: number) => string; short: (ms: number) => string } {
  const mode = useStore((s) => s.timeMode);
  const incidentZone = useStore((s) => s.incident?.timeZone ?? 'UTC');
  return useMemo(() => {
    const tz = mode === 'utc' ? 'UTC' : mode === 'incident' ? incidentZone : localTimeZone();
    return {
      tz,
      fmt: (ms: number) => formatTime(ms, tz),
      short: (ms: number) => formatTime(ms, tz).slice(11, 19),
    };
  }, [mode, incidentZone]);
}

export function TimeModeToggle() {
  const { t } = useTranslation(NS);
  const mode = useStore((s) => s.timeMode);
  const setMode = useStore((s) => s.setTimeMode);
  const incidentZone = useStore((s) => s.incident?.timeZone ?? 'UTC');
  return (
    <fieldset className="inc-tz" aria-label={t('timeZoneToggle')}>
      <button type="button" aria-pressed={mode === 'utc'} onClick={() => setMode('utc')} data-testid="tz-utc">
        {t('utc')}
      </button>
      {incidentZone !== 'UTC' ? (
        <button
          type="button"
          aria-pressed={mode === 'incident'}
          onClick={() => setMode('incident')}
          data-testid="tz-incident"
        >
          {t('incidentZone')} ({incidentZone})
        </button>
      ) : null}
      <button
        type="button"
        aria-pressed={mode === 'local'}
        onClick={() => setMode('local')}
        data-testid="tz-local"
      >
        {t('local')} ({localTimeZone()})
      </button>
    </fieldset>
  );
}

/** Restored-autosave notice, load problems (with the backup offered) and the save status. */
export function IncidentBanner() {
  const { t } = useTranslation(NS);
  const restored = useStore((s) => s.restored);
  const problem = useStore((s) => s.loadProblem);
  const dismiss = useStore((s) => s.dismissRestored);
  const status = useStore((s) => s.saveStatus);
  const saveError = useStore((s) => s.saveError);
  const lastSaved = useStore((s) => s.lastSavedMs);
  const incidents = useIncidentController();
  const { fmt } = useTimeFormat();
  return (
    <div className="inc-banners">
      {problem ? (
        <div className="inc-banner inc-banner-bad" role="alert" data-testid="incident-load-error">
          <strong>{t('loadProblem')}</strong>{' '}
          <span data-code={problem.error.code}>{problem.error.message}</span>
          {problem.error.issues.length ? (
            <ul>
              {problem.error.issues.map((i) => (
                <li key={i.field}>
                  <code>{i.field}</code>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="inc-actions">
            {problem.backupJson ? (
              <button type="button" onClick={() => incidents.chooseBackup()} data-testid="use-backup">
                {t('useBackup')}
              </button>
            ) : (
              <span>{t('noBackup')}</span>
            )}
            <button type="button" onClick={() => incidents.startFresh()}>
              {t('startFresh')}
            </button>
          </div>
        </div>
      ) : null}
      {restored ? (
        <div className="inc-banner" role="status" data-testid="restored-banner">
          {restored.fromBackup
            ? t('restoredBackup', { time: fmt(restored.savedMs) })
            : t('restored', { time: fmt(restored.savedMs) })}
          {restored.migratedFrom !== undefined
            ? ` ${t('restoredMigrated', { v: restored.migratedFrom })}`
            : ''}
          <button type="button" onClick={dismiss}>
            {t('dismiss')}
          </button>
        </div>
      ) : null}
      <span className={`inc-save inc-save-${status}`} data-testid="save-status" data-state={status}>
        {status === 'saved' && lastSaved
          ? t('saveSaved', { time: fmt(lastSaved) })
          : status === 'error'
            ? t('saveError', { error: saveError ?? '' })
            : status === 'saving'
              ? t('saveSaving')
              : status === 'pending'
                ? t('savePending')
                : t('saveIdle')}
      </span>
    </div>
  );
}
