import { useTranslation } from 'react-i18next';
import { addStrings } from '../i18n/index.ts';
import type { QueryHandle } from '../lib/use-query.ts';

addStrings('query', { loading: 'Loading…', retry: 'Retry' }, { loading: '加载中…', retry: '重试' });

/**
 * Where a view's query stands, in place: "Loading…" while the first answer is on its way, the
 * error with a Retry button when it failed, nothing once data is there (a reload keeps the old
 * data on screen).
 */
export function QueryState({ query, label }: { query: QueryHandle<unknown>; label?: string }) {
  const { t } = useTranslation('query');
  if (query.error !== undefined) {
    return (
      <p className="error" role="alert" data-testid="query-error">
        {label ? `${label}: ` : ''}
        {query.error}{' '}
        <button type="button" onClick={query.retry}>
          {t('retry')}
        </button>
      </p>
    );
  }
  if (query.loading && query.data === undefined) {
    return (
      <p className="muted" aria-busy="true" data-testid="query-loading">
        {t('loading')}
      </p>
    );
  }
  return null;
}
