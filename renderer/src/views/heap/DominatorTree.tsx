import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeapNodeRow, HeapPage, HeapSort } from '../../../../workers/graph/queries.ts';
import { formatPercent } from '../../lib/format.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';

const PAGE = 200;

type Line =
  | { kind: 'node'; row: HeapNodeRow; depth: number; parent: number; expanded: boolean }
  | { kind: 'more'; parent: number; depth: number; loaded: number; total: number };

function toLines(page: HeapPage<HeapNodeRow>, parent: number, depth: number): Line[] {
  const out: Line[] = page.rows.map((row) => ({ kind: 'node', row, depth, parent, expanded: false }));
  const loaded = page.offset + page.rows.length;
  if (loaded < page.total) out.push({ kind: 'more', parent, depth, loaded, total: page.total });
  return out;
}

interface Props {
  engine: EngineRemote;
  id: string;
  total: number;
  onInspect: (id: number) => void;
}

/** The dominator tree, lazy (a page of children per expand) and virtualized. */
export function DominatorTree({ engine, id, total, onInspect }: Props) {
  const { t } = useTranslation('views');
  const [sort, setSort] = useState<HeapSort>('retained');
  const [lines, setLines] = useState<Line[]>([]);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<HeapNodeRow[] | undefined>();
  const scrollRef = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    (node: number, offset: number) =>
      query(engine, id, 'heap', 'children', node, { offset, limit: PAGE, sort }),
    [engine, id, sort],
  );

  useEffect(() => {
    let live = true;
    fetchPage(0, 0).then((p) => live && setLines(toLines(p, 0, 0)));
    return () => {
      live = false;
    };
  }, [fetchPage]);

  const toggle = async (index: number) => {
    const line = lines[index];
    if (line.kind !== 'node') return;
    if (line.expanded) {
      // drop every following line deeper than this one
      let end = index + 1;
      while (end < lines.length && lines[end].depth > line.depth) end++;
      setLines([...lines.slice(0, index), { ...line, expanded: false }, ...lines.slice(end)]);
      return;
    }
    const page = await fetchPage(line.row.id, 0);
    setLines((cur) => {
      const at = cur.findIndex(
        (l) => l.kind === 'node' && l.row.id === line.row.id && l.depth === line.depth,
      );
      if (at < 0) return cur;
      return [
        ...cur.slice(0, at),
        { ...line, expanded: true },
        ...toLines(page, line.row.id, line.depth + 1),
        ...cur.slice(at + 1),
      ];
    });
  };

  const more = async (index: number) => {
    const line = lines[index];
    if (line.kind !== 'more') return;
    const page = await fetchPage(line.parent, line.loaded);
    setLines((cur) => [
      ...cur.slice(0, index),
      ...toLines(page, line.parent, line.depth),
      ...cur.slice(index + 1),
    ]);
  };

  const runSearch = async () => {
    if (!search.trim()) {
      setResults(undefined);
      return;
    }
    setResults(await query(engine, id, 'heap', 'search', search, 100));
  };

  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 34,
    overscan: 12,
  });

  return (
    <div className="heap-tree">
      <div className="heap-toolbar">
        <label>
          {t('hp_sortBy')}{' '}
          <select
            value={sort}
            onChange={(e) => setSort(e.target.value as HeapSort)}
            aria-label={t('hp_sortChildren')}
          >
            <option value="retained">{t('hp_retainedSize')}</option>
            <option value="shallow">{t('hp_shallowSize')}</option>
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void runSearch();
          }}
        >
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('hp_searchPlaceholder')}
            aria-label={t('hp_searchObjects')}
          />
          <button type="submit">{t('pp_search')}</button>
        </form>
      </div>
      {results && (
        <ul className="heap-results" aria-label={t('hp_searchResults')}>
          {results.length === 0 && <li>{t('hp_noMatch')}</li>}
          {results.map((r) => (
            <li key={r.id}>
              <button type="button" className="heap-link" onClick={() => onInspect(r.id)} data-raw>
                {r.label}
              </button>{' '}
              <Bytes n={r.retainedBytes} />
            </li>
          ))}
        </ul>
      )}
      <div className="heap-tree-head" aria-hidden="true">
        <span>{t('hp_object')}</span>
        <span className="heap-num">{t('hp_shallow')}</span>
        <span className="heap-num">{t('hp_retained')}</span>
      </div>
      <div ref={scrollRef} className="heap-tree-scroll" role="tree" aria-label={t('hp_tabTree')}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const line = lines[item.index];
            const style = {
              position: 'absolute' as const,
              top: 0,
              left: 0,
              right: 0,
              transform: `translateY(${item.start}px)`,
              paddingLeft: `${line.depth * 1.2 + 0.3}em`,
            };
            if (line.kind === 'more') {
              return (
                <div
                  key={`more-${line.parent}-${line.loaded}`}
                  ref={virtual.measureElement}
                  data-index={item.index}
                  style={style}
                  className="heap-tree-row"
                >
                  <button type="button" className="heap-link" onClick={() => void more(item.index)}>
                    {t('hp_showMore', { n: line.total - line.loaded })}
                  </button>
                </div>
              );
            }
            const r = line.row;
            return (
              <div
                key={`${line.parent}-${r.id}`}
                ref={virtual.measureElement}
                data-index={item.index}
                style={style}
                className="heap-tree-row"
                role="treeitem"
                tabIndex={-1}
                aria-expanded={r.children > 0 ? line.expanded : undefined}
                aria-level={line.depth + 1}
                aria-selected={false}
                data-testid="dominator-row"
              >
                <button
                  type="button"
                  className="heap-expand"
                  onClick={() => void toggle(item.index)}
                  disabled={r.children === 0}
                  aria-label={`${line.expanded ? t('collapse') : t('expand')} ${r.label}`}
                  data-testid="dominator-expand"
                >
                  {r.children === 0 ? '·' : line.expanded ? '▾' : '▸'}
                </button>
                <button
                  type="button"
                  className="heap-link heap-tree-label"
                  onClick={() => onInspect(r.id)}
                  title={r.label}
                  data-raw
                >
                  {r.label}
                </button>
                <span className="heap-num">
                  <Bytes n={r.shallowBytes} />
                </span>
                <span className="heap-num">
                  <Bytes n={r.retainedBytes} /> <small>{formatPercent(r.retainedBytes, total)}</small>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
