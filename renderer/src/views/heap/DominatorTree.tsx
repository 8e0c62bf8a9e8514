import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeapNodeRow, HeapPage, HeapSort } from '../../../../workers/graph/queries.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatPercent } from '../../lib/format.ts';
import { useLazyQueries, useQuery, useQueryOnDemand } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';

const PAGE = 200;

type Line =
  | { kind: 'node'; row: HeapNodeRow; depth: number; parent: number; expanded: boolean }
  | { kind: 'more'; parent: number; depth: number; loaded: number; total: number };

/** A node appears once in a dominator tree; a "show more" line is its parent's next offset. */
function lineKey(line: Line): string {
  return line.kind === 'node' ? `n${line.row.id}` : `m${line.parent}@${line.loaded}`;
}

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
  const [search, setSearch] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

  const root = useQuery(
    () => query(engine, id, 'heap', 'children', 0, { offset: 0, limit: PAGE, sort }),
    [engine, id, sort],
  );
  // the lines start from each new first page (another artifact or sort order) and grow by expanding
  const [tree, setTree] = useState<{ from?: HeapPage<HeapNodeRow>; lines: Line[] }>({ lines: [] });
  if (root.data && tree.from !== root.data) setTree({ from: root.data, lines: toLines(root.data, 0, 0) });
  const lines = tree.lines;
  const setLines = (f: (cur: Line[]) => Line[]) => setTree((cur) => ({ ...cur, lines: f(cur.lines) }));

  // one page of children per expanded node or "show more", each with its own loading/error state
  const pages = useLazyQueries<string, { node: number; offset: number }, HeapPage<HeapNodeRow>>(
    (_signal, at) => query(engine, id, 'heap', 'children', at.node, { offset: at.offset, limit: PAGE, sort }),
    [engine, id, sort],
  );

  const toggle = (index: number) => {
    const line = lines[index];
    if (line.kind !== 'node') return;
    const key = lineKey(line);
    if (line.expanded || pages.get(key).loading) {
      pages.reset(key);
      if (!line.expanded) return;
      setLines((cur) => {
        const at = cur.findIndex((l) => lineKey(l) === key);
        if (at < 0) return cur;
        // drop every following line deeper than this one
        let end = at + 1;
        while (end < cur.length && cur[end].depth > line.depth) end++;
        return [...cur.slice(0, at), { ...line, expanded: false }, ...cur.slice(end)];
      });
      return;
    }
    pages.run(key, { node: line.row.id, offset: 0 }, (page) =>
      setLines((cur) => {
        const at = cur.findIndex((l) => l.kind === 'node' && lineKey(l) === key && !l.expanded);
        if (at < 0) return cur;
        return [
          ...cur.slice(0, at),
          { ...line, expanded: true },
          ...toLines(page, line.row.id, line.depth + 1),
          ...cur.slice(at + 1),
        ];
      }),
    );
  };

  const more = (index: number) => {
    const line = lines[index];
    if (line.kind !== 'more') return;
    const key = lineKey(line);
    pages.run(key, { node: line.parent, offset: line.loaded }, (page) =>
      setLines((cur) => {
        const at = cur.findIndex((l) => l.kind === 'more' && lineKey(l) === key);
        if (at < 0) return cur;
        return [...cur.slice(0, at), ...toLines(page, line.parent, line.depth), ...cur.slice(at + 1)];
      }),
    );
  };

  const found = useQueryOnDemand(
    (_signal, text: string) => query(engine, id, 'heap', 'search', text, 100),
    [engine, id],
  );
  const runSearch = () => {
    if (search.trim()) found.run(search);
    else found.reset();
  };
  const results = found.data;

  /** A row's own query state (expanding it, its next page), below it in the row. */
  const lineState = (line: Line) => {
    const st = pages.get(lineKey(line));
    if (!st.loading && st.error === undefined) return null;
    return (
      <span className="heap-tree-status" data-testid="dominator-row-state">
        <QueryState query={st} inline />
      </span>
    );
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
            runSearch();
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
      <QueryState query={found} />
      <QueryState query={root} />
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
                  <button type="button" className="heap-link" onClick={() => more(item.index)}>
                    {t('hp_showMore', { n: line.total - line.loaded })}
                  </button>
                  {lineState(line)}
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
                  onClick={() => toggle(item.index)}
                  disabled={r.children === 0}
                  aria-label={`${line.expanded ? t('collapse') : t('expand')} ${r.label}`}
                  aria-busy={pages.get(lineKey(line)).loading || undefined}
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
                {lineState(line)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
