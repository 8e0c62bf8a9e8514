import { useTranslation } from 'react-i18next';
import { useLabel } from '../i18n/labels.ts';
import { IncidentOnlyRows } from '../incident/IncidentArtifacts.tsx';
import { formatBytes } from '../lib/format.ts';
import type { ArtifactEntry } from '../state/artifacts-slice.ts';
import { useStore } from '../state/store.ts';
import { LimitPrompt } from './LimitPrompt.tsx';

function ProgressBar({ a }: { a: ArtifactEntry }) {
  const p = a.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((100 * p.done) / p.total)) : 0;
  return (
    <div className="progress" data-testid="artifact-progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={a.status === 'done' ? 100 : pct}
        aria-label={`${a.name} ${p?.phase ?? ''}`}
      >
        <div className="progress-fill" style={{ width: `${a.status === 'done' ? 100 : pct}%` }} />
      </div>
      <span className="progress-text">{a.status === 'reading' ? `${p?.phase ?? '…'} ${pct}%` : ''}</span>
    </div>
  );
}

export function ArtifactRow({ a }: { a: ArtifactEntry }) {
  const { t } = useTranslation();
  const label = useLabel();
  const selected = useStore((s) => s.selectedKey === a.key);
  const select = useStore((s) => s.select);
  const setTab = useStore((s) => s.setTab);
  const cancel = useStore((s) => s.cancel);
  const remove = useStore((s) => s.remove);
  const format =
    a.role === 'binary'
      ? t('serviceBinary')
      : a.result
        ? label('format', a.result.format)
        : a.status === 'error'
          ? t('failed')
          : '';
  return (
    <li
      className={`artifact-row status-${a.status}${selected ? ' selected' : ''}`}
      data-testid="artifact-row"
      data-status={a.status}
      data-format={a.result?.format ?? (a.role === 'binary' ? 'binary' : '')}
    >
      <button
        type="button"
        className="artifact-main"
        onClick={() => {
          // From the timeline or the postmortem, a file in the list means "show me this file".
          select(a.key);
          setTab('artifacts');
        }}
        aria-pressed={selected}
      >
        <span className="artifact-name" title={a.path ?? a.name} data-raw>
          {a.name}
        </span>
        <span className="artifact-meta">
          <span data-testid="artifact-format">{format}</span>
          <span title={`${a.size} bytes`}>{formatBytes(a.size)}</span>
          {a.result?.truncated ? <span className="badge warn">{t('truncated')}</span> : null}
          {a.status === 'cancelled' ? <span className="badge">{t('cancelled')}</span> : null}
        </span>
      </button>
      {a.status === 'reading' ? <ProgressBar a={a} /> : null}
      {a.status === 'error' && a.error ? (
        <p className="artifact-error" role="alert" data-testid="artifact-error">
          {a.error.message}
        </p>
      ) : null}
      <LimitPrompt a={a} />
      <div className="artifact-actions">
        {a.status === 'reading' ? (
          <button type="button" onClick={() => cancel(a.key)} data-testid="artifact-cancel">
            {t('cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="artifact-remove"
            onClick={() => remove(a.key)}
            aria-label={`${t('remove')} ${a.name}`}
            title={`${t('remove')} ${a.name}`}
          >
            ×
          </button>
        )}
      </div>
    </li>
  );
}

export function ArtifactList() {
  const { t } = useTranslation();
  const artifacts = useStore((s) => s.artifacts);
  const skipped = useStore((s) => s.skipped);
  return (
    <nav className="artifact-list" aria-label={t('artifacts')}>
      <h2>{t('artifacts')}</h2>
      <ul>
        {artifacts.map((a) => (
          <ArtifactRow key={a.key} a={a} />
        ))}
      </ul>
      <IncidentOnlyRows />
      {skipped.length ? (
        <details className="skipped">
          <summary>
            {t('skipped')}: {skipped.length}
          </summary>
          <ul>
            {skipped.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </nav>
  );
}
