import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
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
  { key: 'count', label: 'Count', className: 'goroutines-num' },
  { key: 'state', label: 'State', className: '' },
  { key: 'wait', label: 'Wait (min)', className: 'goroutines-num' },
  { key: 'function', label: 'Function', className: '' },
  { key: 'createdBy', label: 'Created by', className: '' },
  { key: undefined, label: 'Over time', className: '' },
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
          State{' '}
          <select value={state} onChange={(e) => setState(e.target.value)} aria-label="Filter by state">
            <option value="">all</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Function{' '}
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. exportWorker"
            aria-label="Filter by function, file or creator"
            data-testid="goroutines-filter"
          />
        </label>
        <label>
          Package{' '}
          <input
            type="search"
            value={pkg}
            onChange={(e) => setPkg(e.target.value)}
            placeholder="e.g. main, net/http"
            aria-label="Filter by package"
          />
        </label>
        <label>
          <input type="checkbox" checked={hideStdlib} onChange={(e) => setHideStdlib(e.target.checked)} />{' '}
          Hide standard-library-only
        </label>
        <label>
          Group by{' '}
          <select
            value={similarity}
            onChange={(e) => onSimilarity(e.target.value as Similarity)}
            aria-label="Grouping similarity"
          >
            <option value="anyValue">same functions and lines</option>
            <option value="anyPointer">… and same non-pointer arguments</option>
            <option value="exact">exact (arguments, locked thread)</option>
          </select>
        </label>
        {page ? (
          <span className="goroutines-muted" aria-live="polite">
            {formatCount(page.total)} groups · {formatCount(page.goroutines)} goroutines
          </span>
        ) : null}
      </div>
      <section className="goroutines-table" aria-label="Goroutine groups">
        <div className="goroutines-tr goroutines-th">
          {COLUMNS.map((c) => (
            <div key={c.label} className={c.className}>
              {c.key ? (
                <button
                  type="button"
                  className="goroutines-sort"
                  onClick={() => sortBy(c.key!)}
                  aria-label={`Sort by ${c.label}${sort === c.key ? (descending ? ', descending' : ', ascending') : ''}`}
                  aria-pressed={sort === c.key}
                >
                  {c.label}
                  {sort === c.key ? (descending ? ' ▼' : ' ▲') : ''}
                </button>
              ) : (
                c.label
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
                    <span className={`goroutines-state goroutines-kind-${r.waitKind.replace(/\s+/g, '-')}`}>
                      {r.state}
                    </span>
                  </div>
                  <div className="goroutines-num">{wait(r.waitMinutesMin, r.waitMinutesMax)}</div>
                  <div className="goroutines-fn" title={`${r.function}\n${r.location}`}>
                    {r.function || r.topFrame}
                    {r.stdlibOnly ? <span className="goroutines-tag">std</span> : null}
                    {r.labels.length ? <span className="goroutines-tag">labels</span> : null}
                  </div>
                  <div className="goroutines-fn" title={r.createdByLocation}>
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
