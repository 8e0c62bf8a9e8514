import { useTranslation } from 'react-i18next';
import { addStrings } from '../i18n/index.ts';
import type { QueryHandle } from '../lib/use-query.ts';

addStrings('query', { loading: 'Loading…', retry: 'Retry' }, { loading: '加载中…', retry: '重试' });

/**
 * Where a view's query stands, in place: "Loading…" while the first answer is on its way, the
 * error with a Retry button when it failed, nothing once data is there (a reload keeps the old
 * data on screen). `inline` renders it inside a line of text (a tree row) instead of as a paragraph.
 */
export function QueryState({
  query,
  label,
  inline,
}: {
  query: QueryHandle<unknown>;
  label?: string;
  inline?: boolean;
}) {
  const { t } = useTranslation('query');
  const Tag = inline ? 'span' : 'p';
  if (query.error !== undefined) {
    return (
      <Tag className="error" role="alert" data-testid="query-error">
        {label ? `${label}: ` : ''}
        {query.error}{' '}
        <button type="button" onClick={query.retry} data-testid="query-retry">
          {t('retry')}
        </button>
      </Tag>
    );
  }
  if (query.loading && query.data === undefined) {
    return (
      <Tag className="muted" aria-busy="true" data-testid="query-loading">
        {t('loading')}
      </Tag>
    );
  }
  return null;
}
