import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Similarity } from '../../../../workers/formats/goroutines/model.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatCount } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { wait } from './GroupsTable.tsx';
import { Sparkline } from './Sparkline.tsx';

interface Props {
  engine: EngineRemote;
  id: string;
  groupKey: string;
  similarity: Similarity;
  series: number[] | undefined;
  onClose: () => void;
}

/** One group: the full stack with arguments (differing values merged into `*`), creator, ids. */
export function GroupDetail({ engine, id, groupKey, similarity, series, onClose }: Props) {
  const { t } = useTranslation('views');
  const [showRuntime, setShowRuntime] = useState(true);
  const q = useQuery(
    () => query(engine, id, 'goroutines', 'group', groupKey, similarity),
    [engine, id, groupKey, similarity],
  );
  const detail = q.loading || q.error !== undefined ? undefined : (q.data ?? null);

  if (detail === undefined)
    return (
      <section className="goroutines-detail">
        {q.error !== undefined ? <QueryState query={q} /> : t('gr_loadingStack')}
      </section>
    );
  if (detail === null) {
    return (
      <section className="goroutines-detail">
        <p>{t('gr_noGroup')}</p>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </section>
    );
  }
  const states = Object.entries(detail.states);
  return (
    <section
      className="goroutines-detail"
      data-testid="goroutine-stack"
      aria-label={t('gr_stackOf', { fn: detail.function })}
    >
      <header className="goroutines-detail-head">
        <h3 data-raw>
          {formatCount(detail.count)} × {detail.function || detail.topFrame}
        </h3>
        <button type="button" onClick={onClose} aria-label={t('gr_closeStack')}>
          ✕
        </button>
      </header>
      <dl className="goroutines-facts">
        <dt>{t('gr_colState')}</dt>
        <dd data-raw>{states.map(([s, n]) => (states.length > 1 ? `${s} (${n})` : s)).join(', ')}</dd>
        <dt>{t('gr_waiting')}</dt>
        <dd>
          {detail.waitMinutesMax
            ? t('gr_minutes', { n: wait(detail.waitMinutesMin, detail.waitMinutesMax) })
            : t('gr_underMinute')}
        </dd>
        <dt>{t('gr_colCreatedBy')}</dt>
        <dd>
          {detail.createdBy ? (
            <>
              <code>{detail.createdBy}</code>{' '}
              <span className="goroutines-loc" data-raw>
                {detail.createdByLocation}
              </span>
              {detail.parentIds.length ? t('gr_inGoroutineList', { ids: detail.parentIds.join(', ') }) : ''}
            </>
          ) : (
            '—'
          )}
        </dd>
        {detail.lockedCount ? (
          <>
            <dt>{t('gr_locked')}</dt>
            <dd>{detail.lockedCount}</dd>
          </>
        ) : null}
        {detail.labels.length ? (
          <>
            <dt>{t('gr_labels')}</dt>
            <dd>
              {detail.labels.map((l) => (
                <code key={l}>{l} </code>
              ))}
            </dd>
          </>
        ) : null}
        {series ? (
          <>
            <dt>{t('gr_colOverTime')}</dt>
            <dd>
              <Sparkline values={series} label={detail.function} />
            </dd>
          </>
        ) : null}
        <dt>{t('gr_ids')}</dt>
        <dd className="goroutines-ids">
          {detail.ids.length
            ? `${detail.ids.slice(0, 40).join(', ')}${detail.ids.length > 40 ? ` … (${detail.ids.length})` : ''}`
            : t('gr_idsNone')}
        </dd>
        <dt>{t('gr_inFile')}</dt>
        <dd>{t('gr_line', { n: detail.firstLine })}</dd>
      </dl>
      <label className="goroutines-muted">
        <input type="checkbox" checked={showRuntime} onChange={(e) => setShowRuntime(e.target.checked)} />{' '}
        {t('gr_showRuntime')}
      </label>
      <ol className="goroutines-stack">
        {detail.frames.map((f, i) =>
          !showRuntime && f.runtime ? null : (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: frames are positional
              key={i}
              className={
                f.runtime
                  ? 'goroutines-frame-runtime'
                  : f.stdlib
                    ? 'goroutines-frame-std'
                    : 'goroutines-frame-user'
              }
            >
              <code className="goroutines-frame-fn">
                {f.function}({f.args})
              </code>
              <span className="goroutines-loc">
                <span data-raw>
                  {f.file}:{f.line}
                  {f.pcOffset !== undefined ? ` +0x${f.pcOffset.toString(16)}` : ''}
                </span>
                {f.inlined ? t('gr_inlined') : ''}
              </span>
            </li>
          ),
        )}
        {detail.elided ? (
          <li className="goroutines-muted">
            …
            {detail.elidedFrames !== undefined
              ? t('gr_elidedN', { n: detail.elidedFrames })
              : t('gr_elidedMore')}
            …
          </li>
        ) : null}
      </ol>
      {detail.ancestors.length ? (
        <details>
          <summary>{t('gr_ancestors', { n: detail.ancestors.length })}</summary>
          {detail.ancestors.map((a) => (
            <div key={a.id}>
              <p>{t('gr_originating', { id: a.id })}</p>
              <ol className="goroutines-stack">
                {a.frames.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: frames are positional
                  <li key={i}>
                    <code>{f.function}</code>{' '}
                    <span className="goroutines-loc" data-raw>{`${f.file}:${f.line}`}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}
