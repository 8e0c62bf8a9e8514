import { useTranslation } from 'react-i18next';
import { host } from '../host/host.ts';
import { useIncidentController } from '../incident/incident-hooks.ts';
import { useStore } from '../state/store.ts';
import { RECOVERY_NS } from './recovery-strings.ts';

/** `<name>.damaged.pmwb`: the raw text goes out under a name that says what it is. */
function rawName(base: string): string {
  const stem = base
    .replace(/^.*[\\/]/, '')
    .replace(/\.pmwb$/i, '')
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 100);
  return `${stem || 'incident'}.damaged.pmwb`;
}

/**
 * An incident that cannot be opened — the autosave (`kind="stored"`, shown instead of the workspace)
 * or a file being imported (`kind="import"`, shown above the current screen, which stays as it was):
 * what is wrong and where in the data, the raw text to take away, and the way out. Never a blank page,
 * and nothing is overwritten until the user chooses.
 */
export function RecoveryView({ kind }: { kind: 'stored' | 'import' }) {
  const { t } = useTranslation(RECOVERY_NS);
  const stored = useStore((s) => s.loadProblem);
  const imported = useStore((s) => s.importProblem);
  const setImportProblem = useStore((s) => s.setImportProblem);
  const incidents = useIncidentController();
  const problem = kind === 'stored' ? stored : imported;
  if (!problem) return null;
  const file = kind === 'import' && imported ? imported.file : stored ? `${stored.id}.pmwb` : 'incident.pmwb';
  const raw = problem.raw;
  return (
    <section
      className="recovery inc-banner inc-banner-bad"
      role="alert"
      data-testid={kind === 'stored' ? 'incident-load-error' : 'import-recovery'}
      data-recovery={kind}
    >
      <h2 data-testid="recovery-view">{kind === 'stored' ? t('storedTitle') : t('importTitle', { file })}</h2>
      <p>
        <strong>{t('whatIsWrong')}: </strong>
        <span data-testid="recovery-message" data-code={problem.error.code}>
          {problem.error.message}
        </span>
      </p>
      {problem.error.issues.length ? (
        <table className="recovery-issues" data-testid="recovery-issues">
          <thead>
            <tr>
              <th>{t('where')}</th>
              <th>{t('whatIsWrong')}</th>
            </tr>
          </thead>
          <tbody>
            {problem.error.issues.map((i) => (
              <tr key={i.field} data-testid="recovery-issue">
                <td>
                  <code>{i.field}</code>
                </td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>{t('nothingChanged')}</p>
      <div className="inc-actions">
        {raw !== undefined ? (
          <button
            type="button"
            data-testid="recovery-export-raw"
            onClick={() => void host.exportFiles(rawName(file), [{ name: rawName(file), data: raw }])}
          >
            {t('exportRaw')}
          </button>
        ) : null}
        {kind === 'stored' ? (
          stored?.backupJson ? (
            <button type="button" onClick={() => incidents.chooseBackup()} data-testid="use-backup">
              {t('useBackup')}
            </button>
          ) : (
            <span>{t('noBackup')}</span>
          )
        ) : null}
        <button
          type="button"
          data-testid="recovery-discard"
          onClick={() => (kind === 'stored' ? incidents.startFresh() : setImportProblem(undefined))}
        >
          {kind === 'stored' ? t('discardStored') : t('discardImport')}
        </button>
      </div>
    </section>
  );
}
