import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentIncident } from '../../../contract/host-api.ts';
import { host } from '../host/host.ts';
import { useCommands } from './commands.ts';
import { loadSampleIndex, type SampleIndex } from './sample-incident.ts';

export function Welcome() {
  const { t } = useTranslation();
  const commands = useCommands();
  const [recent, setRecent] = useState<RecentIncident[]>([]);
  const [samples, setSamples] = useState<SampleIndex['incidents']>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    host.recentIncidents().then(setRecent, () => setRecent([]));
    loadSampleIndex().then(
      (i) => setSamples(i.incidents),
      () => setSamples([]),
    );
  }, []);
  return (
    <main className="welcome" data-testid="welcome">
      <h1>{t('appName')}</h1>
      <p className="tagline">{t('tagline')}</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={commands.openFiles}>
          {t('openFiles')} <kbd>Ctrl+O</kbd>
        </button>
        <button type="button" onClick={commands.openFolder}>
          {t('openFolder')} <kbd>Ctrl+Shift+O</kbd>
        </button>
        <button
          type="button"
          data-testid="open-sample"
          onClick={() => commands.openSample().catch((e: unknown) => setError(String(e)))}
        >
          {t('openSample')}
        </button>
      </div>
      {samples.length > 1 ? (
        <ul className="sample-list" aria-label={t('sampleIncidents')}>
          {samples.map((i) => (
            <li key={i.id}>
              <button
                type="button"
                data-testid={`open-sample-${i.id}`}
                onClick={() => commands.openSample(i.id).catch((e: unknown) => setError(String(e)))}
                data-raw
              >
                {i.title}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="artifact-error">
          {error}
        </p>
      ) : null}
      <p className="drop-hint">{t('dropHint')}</p>
      <section className="recent">
        <h2>{t('recent')}</h2>
        {recent.length === 0 ? <p>{t('noRecent')}</p> : null}
        <ul>
          {recent.map((r) => (
            <li key={r.id}>
              <button type="button" onClick={() => commands.openIncident(r.id)}>
                <span data-raw>{r.title}</span>{' '}
                <span className="muted">{new Date(r.savedAt).toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
