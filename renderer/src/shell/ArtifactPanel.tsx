import { Component, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { engine } from '../engine-client.ts';
import { EngineText } from '../i18n/engine-text.tsx';
import { useLabel } from '../i18n/labels.ts';
import { formatBytes, formatMs } from '../lib/format.ts';
import { useStore } from '../state/store.ts';
import { VIEWS } from '../views/registry.ts';
import type { OpenArtifact } from '../views/view-contract.ts';

class ViewBoundary extends Component<{ children: ReactNode; title: string }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="view-error" role="alert">
          <h3>{this.props.title}</h3>
          <pre>{this.state.error.message}</pre>
        </div>
      );
    }
    return this.props.children;
  }
}

export function ArtifactPanel() {
  const { t } = useTranslation();
  const { t: tv } = useTranslation('views');
  const label = useLabel();
  const artifacts = useStore((s) => s.artifacts);
  const selected = useStore((s) => s.artifacts.find((a) => a.key === s.selectedKey));
  if (!selected) return <p className="empty">{t('selectArtifact')}</p>;
  if (selected.role === 'binary') {
    return (
      <section className="artifact-view" data-testid="artifact-view">
        <h2>{selected.name}</h2>
        <p>{t('serviceBinaryHelp')}</p>
      </section>
    );
  }
  if (selected.status === 'error') {
    return (
      <section className="artifact-view" data-testid="artifact-view">
        <h2>{selected.name}</h2>
        <p role="alert" className="artifact-error">
          {selected.error?.message}
        </p>
      </section>
    );
  }
  if (!selected.result || !selected.id) {
    return (
      <section className="artifact-view" data-testid="artifact-view">
        <h2>{selected.name}</h2>
        <p>{selected.status === 'cancelled' ? t('cancelled') : t('reading')}</p>
      </section>
    );
  }
  const r = selected.result;
  const View = VIEWS[r.format];
  const artifact: OpenArtifact = { id: selected.id, result: r };
  const others: OpenArtifact[] = artifacts
    .filter((a) => a.key !== selected.key && a.id && a.result)
    .map((a) => ({ id: a.id!, result: a.result! }));
  return (
    <section className="artifact-view" data-testid="artifact-view" aria-label={selected.name}>
      <header className="artifact-view-header">
        <h2 data-raw>{selected.name}</h2>
        <span className="badge">{label('format', r.format)}</span>
        <span title={`${r.bytes} bytes`}>{formatBytes(r.bytes)}</span>
        <span>{tv('shell_parsedIn', { ms: formatMs(r.parseMs) })}</span>
        {r.truncated ? (
          <span className="badge warn" data-testid="truncated-badge">
            {t('truncated')}
            {r.truncatedAt !== undefined ? tv('shell_truncatedAt', { offset: r.truncatedAt }) : ''}
          </span>
        ) : null}
      </header>
      {r.warnings.length ? (
        <details className="warnings">
          <summary>
            {t('warnings')}: {r.warnings.length}
          </summary>
          <ul>
            {r.warnings.slice(0, 50).map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: warnings are a fixed list
              <li key={i}>
                <EngineText msg={r.warningMsgs?.[i] ?? undefined} text={w} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ViewBoundary title={t('viewError')} key={selected.key}>
        <Suspense fallback={<p>{t('loadingView')}</p>}>
          <View artifact={artifact} engine={engine()} others={others} />
        </Suspense>
      </ViewBoundary>
    </section>
  );
}
