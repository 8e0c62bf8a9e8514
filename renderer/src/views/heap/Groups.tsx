import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.tsx';
import { formatCount } from '../../lib/format.ts';
import { useQuery, useQueryOnDemand } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';

type Sort = 'retained' | 'shallow' | 'count' | 'name';

/** The histogram, grouped by type or by any grouping the format offers (root, site, shape…). */
export function Groups({
  engine,
  id,
  onInspect,
  focus,
}: {
  engine: EngineRemote;
  id: string;
  onInspect: (id: number) => void;
  /** Open this group on arrival (from a group suspect in the overview). */
  focus?: { groupBy: string; name: string };
}) {
  const { t } = useTranslation('views');
  const [groupBy, setGroupBy] = useState(focus?.groupBy ?? 'type');
  const [sort, setSort] = useState<Sort>('retained');
  const pageQuery = useQuery(
    () => query(engine, id, 'heap', 'histogram', { groupBy, sort, limit: 300 }),
    [engine, id, groupBy, sort],
  );
  const page = pageQuery.data;
  // the instances of one group, asked for by a click on it (another grouping closes it)
  const [openGroup, setOpenGroup] = useState<number | undefined>();
  const instances = useQueryOnDemand(
    (_signal, group: number) => query(engine, id, 'heap', 'instances', groupBy, group, { limit: 50 }),
    [engine, id, groupBy],
  );
  const show = (group: number) => {
    setOpenGroup(group);
    instances.run(group);
  };
  // a group named on arrival (from a group suspect) opens with the first page that contains it
  const focused = useRef(focus?.name);
  const { run } = instances;
  // Only the rows in sight are in the page: laying out all 300 rows of the table was one 50-100 ms
  // task when the tab opened.
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = page?.rows ?? [];
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 33,
    overscan: 12,
  });
  const { scrollToIndex } = virtual;
  useEffect(() => {
    if (!page || focused.current === undefined) return;
    const at = page.rows.findIndex((r) => r.type === focused.current);
    focused.current = undefined;
    const hit = page.rows[at];
    if (hit) {
      setOpenGroup(hit.group);
      run(hit.group);
      scrollToIndex(at, { align: 'start' });
    }
  }, [page, run, scrollToIndex]);
  const items = virtual.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtual.getTotalSize() - items[items.length - 1].end : 0;

  const th = (s: Sort, label: string, num = true) => (
    <th className={num ? 'heap-num' : undefined} aria-sort={sort === s ? 'descending' : 'none'}>
      <button type="button" className="heap-link" onClick={() => setSort(s)}>
        {label}
      </button>
    </th>
  );

  return (
    <div className="heap-groups">
      <div className="heap-toolbar">
        <label>
          {t('gr_groupBy')}{' '}
          <select
            value={groupBy}
            onChange={(e) => {
              setGroupBy(e.target.value);
              setOpenGroup(undefined);
            }}
            aria-label={t('hp_groupObjectsBy')}
          >
            {(page?.groupings ?? ['type']).map((g) => (
              <option key={g} value={g}>
                {t(`hp_grouping_${g}`, { defaultValue: g })}
              </option>
            ))}
          </select>
        </label>
        {page && <span>{t('hp_groupsN', { n: formatCount(page.total) })}</span>}
      </div>
      <QueryState query={pageQuery} />
      <div ref={scrollRef} className="heap-scroll">
        <table className="heap-table heap-table-fixed">
          <colgroup>
            <col />
            <col className="heap-col-num" />
            <col className="heap-col-num" />
            <col className="heap-col-num" />
          </colgroup>
          <thead>
            <tr>
              {th('name', t('hp_group'), false)}
              {th('count', t('hp_objects'))}
              {th('shallow', t('hp_shallow'))}
              {th('retained', t('hp_retained'))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? <tr className="heap-pad" style={{ height: padTop }} /> : null}
            {items.map((v) => {
              const r = rows[v.index];
              return (
                <tr
                  key={r.group}
                  data-testid="heap-group-row"
                  data-index={v.index}
                  // measuring a row forces a layout: only the open one (its objects listed) is not a plain row
                  ref={r.group === openGroup ? virtual.measureElement : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="heap-link heap-group-name"
                      onClick={() => show(r.group)}
                      title={r.type}
                      data-raw
                    >
                      {r.type}
                    </button>
                    {openGroup === r.group && <QueryState query={instances} />}
                    {openGroup === r.group && instances.data && (
                      <ul className="heap-refs">
                        {instances.data.rows.map((o) => (
                          <li key={o.id}>
                            <button
                              type="button"
                              className="heap-link"
                              onClick={() => onInspect(o.id)}
                              data-raw
                            >
                              {o.label}
                            </button>{' '}
                            <Bytes n={o.retainedBytes} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="heap-num">{formatCount(r.count)}</td>
                  <td className="heap-num">
                    <Bytes n={r.shallowBytes} />
                  </td>
                  <td className="heap-num">
                    <Bytes n={r.retainedBytes} />
                  </td>
                </tr>
              );
            })}
            {padBottom > 0 ? <tr className="heap-pad" style={{ height: padBottom }} /> : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
