import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupFilter } from '../../../../workers/formats/goroutines/analyze.ts';
import type { Similarity } from '../../../../workers/formats/goroutines/model.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatCount } from '../../lib/format.ts';
import { delay, useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Sparkline } from './Sparkline.tsx';
import { type Series, seriesFor } from './series.ts';

type SortKey = NonNullable<GroupFilter['sort']>;

interface Props {
  engine: EngineRemote;
  id: string;
  states: string[];
  similarity: Similarity;
  onSimilarity: (s: Similarity) => void;
  series: Series | undefined;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}

const COLUMNS: { key: SortKey | undefined; label: string; className: string }[] = [
  { key: 'count', label: 'gr_colCount', className: 'goroutines-num' },
  { key: 'state', label: 'gr_colState', className: '' },
  { key: 'wait', label: 'gr_colWait', className: 'goroutines-num' },
  { key: 'function', label: 'gr_colFunction', className: '' },
  { key: 'createdBy', label: 'gr_colCreatedBy', className: '' },
  { key: undefined, label: 'gr_colOverTime', className: '' },
];

export function wait(min: number, max: number): string {
  if (max === 0) return '—';
  return min === max ? String(max) : `${min}~${max}`;
}

export function GroupsTable({
  engine,
  id,
  states,
  similarity,
  onSimilarity,
  series,
  selectedKey,
  onSelect,
}: Props) {
  const { t } = useTranslation('views');
  const [state, setState] = useState('');
  const [text, setText] = useState('');
  const [pkg, setPkg] = useState('');
  const [hideStdlib, setHideStdlib] = useState(false);
  const [sort, setSort] = useState<SortKey>('count');
  const [descending, setDescending] = useState(true);
  const filter: GroupFilter = { state, text, package: pkg, hideStdlib, sort, descending, limit: 5000 };
  const pageQuery = useQuery(
    (signal) => delay(120, signal).then(() => query(engine, id, 'goroutines', 'groups', filter, similarity)),
    [engine, id, state, text, pkg, hideStdlib, sort, descending, similarity],
  );
  const page = pageQuery.data;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = page?.rows ?? [];
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 40,
    overscan: 10,
  });

  const sortBy = (k: SortKey) => {
    if (k === sort) setDescending(!descending);
    else {
      setSort(k);
      // Numbers start biggest first, names A→Z.
      setDescending(k === 'count' || k === 'wait');
    }
  };

  return (
    <div className="goroutines-groups">
      <QueryState query={pageQuery} />
      <div className="goroutines-toolbar">
        <label>
          {t('gr_colState')}{' '}
          <select value={state} onChange={(e) => setState(e.target.value)} aria-label={t('gr_filterState')}>
            <option value="">{t('gr_all')}</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('gr_colFunction')}{' '}
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('gr_fnPlaceholder')}
            aria-label={t('gr_filterFn')}
            data-testid="goroutines-filter"
          />
        </label>
        <label>
          {t('gr_package')}{' '}
          <input
            type="search"
            value={pkg}
            onChange={(e) => setPkg(e.target.value)}
            placeholder={t('gr_pkgPlaceholder')}
            aria-label={t('gr_filterPkg')}
          />
        </label>
        <label>
          <input type="checkbox" checked={hideStdlib} onChange={(e) => setHideStdlib(e.target.checked)} />{' '}
          {t('gr_hideStd')}
        </label>
        <label>
          {t('gr_groupBy')}{' '}
          <select
            value={similarity}
            onChange={(e) => onSimilarity(e.target.value as Similarity)}
            aria-label={t('gr_similarity')}
          >
            <option value="anyValue">{t('gr_simAnyValue')}</option>
            <option value="anyPointer">{t('gr_simAnyPointer')}</option>
            <option value="exact">{t('gr_simExact')}</option>
          </select>
        </label>
        {page ? (
          <span className="goroutines-muted" aria-live="polite">
            {t('gr_groupsCount', {
              groups: formatCount(page.total),
              goroutines: formatCount(page.goroutines),
            })}
          </span>
        ) : null}
      </div>
      <section className="goroutines-table" aria-label={t('gr_groups')}>
        <div className="goroutines-tr goroutines-th">
          {COLUMNS.map((c) => (
            <div key={c.label} className={c.className}>
              {c.key ? (
                <button
                  type="button"
                  className="goroutines-sort"
                  onClick={() => sortBy(c.key!)}
                  aria-label={`${t('sortBy', { col: t(c.label) })}${sort === c.key ? (descending ? t('sortDesc') : t('sortAsc')) : ''}`}
                  aria-pressed={sort === c.key}
                >
                  {t(c.label)}
                  {sort === c.key ? (descending ? ' ▼' : ' ▲') : ''}
                </button>
              ) : (
                t(c.label)
              )}
            </div>
          ))}
        </div>
        <div ref={scrollRef} className="goroutines-scroll">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((v) => {
              const r = rows[v.index];
              const values = seriesFor(series, r.key);
              return (
                <button
                  type="button"
                  key={r.key}
                  data-testid="goroutine-group"
                  aria-pressed={r.key === selectedKey}
                  className={`goroutines-tr goroutines-row${r.key === selectedKey ? ' goroutines-selected' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${v.start}px)`,
                  }}
                  onClick={() => onSelect(r.key)}
                >
                  <div className="goroutines-num">{formatCount(r.count)}</div>
                  <div>
                    <span
                      className={`goroutines-state goroutines-kind-${r.waitKind.replace(/\s+/g, '-')}`}
                      data-raw
                    >
                      {r.state}
                    </span>
                  </div>
                  <div className="goroutines-num">{wait(r.waitMinutesMin, r.waitMinutesMax)}</div>
                  <div className="goroutines-fn" title={`${r.function}\n${r.location}`}>
                    <span data-raw>{r.function || r.topFrame}</span>
                    {r.stdlibOnly ? <span className="goroutines-tag">{t('gr_tagStd')}</span> : null}
                    {r.labels.length ? <span className="goroutines-tag">{t('gr_tagLabels')}</span> : null}
                  </div>
                  <div className="goroutines-fn" title={r.createdByLocation} data-raw>
                    {r.createdBy || '—'}
                  </div>
                  <div>{values ? <Sparkline values={values} label={r.function} /> : '—'}</div>
                </button>
              );
            })}
          </div>
        </div>
      </section>
    </div>
  );
}
