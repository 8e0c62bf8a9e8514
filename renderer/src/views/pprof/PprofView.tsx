import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallTreeNode, TopBy } from '../../../../workers/formats/pprof/analysis.ts';
import type { FlameViewOptions } from '../../../../workers/formats/pprof/flame-view.ts';
import { exactValue, formatTop, humanValue } from '../../../../workers/formats/pprof/units.ts';
import { ArtifactPicker, sameFormat } from '../../components/ArtifactPicker.tsx';
import { type TabItem, Tabs } from '../../components/Tabs.tsx';
import { type ArtifactViewProps, compare, compareView, type EngineRemote, query } from '../view-contract.ts';
import { FlameGraph } from './FlameGraph.tsx';
import './pprof.css';
import { QueryState } from '../../components/QueryState.tsx';
import { useQuery, useQueryOnDemand } from '../../lib/use-query.ts';

type Tab = 'top' | 'flame' | 'tree' | 'diff';
const MAX_ROWS = 2000;

export default function PprofView({ artifact, engine, others }: ArtifactViewProps) {
  const { t } = useTranslation('views');
  const block = artifact.result.profile;
  const sampleTypes = block?.sampleTypes ?? [];
  const [sampleType, setSampleType] = useState<string>(
    (block?.defaultSampleType as string | undefined) ?? '',
  );
  const [tab, setTab] = useState<Tab>('top');
  const [by, setBy] = useState<TopBy>('function');
  const [focusInput, setFocusInput] = useState('');
  const [ignoreInput, setIgnoreInput] = useState('');
  const [filters, setFilters] = useState<{ focus?: string; ignore?: string }>({});
  const [search, setSearch] = useState('');
  const unit = sampleTypes.find((s) => s.type === sampleType)?.unit ?? '';

  if (!block) return <p>{t('pp_noProfile')}</p>;

  const tabs: TabItem<Tab>[] = [
    { id: 'top', label: t('pp_tabTop') },
    { id: 'flame', label: t('pp_tabFlame') },
    { id: 'tree', label: t('pp_tabTree') },
    { id: 'diff', label: t('pp_tabDiff') },
  ];
  const common: Common = { engine, id: artifact.id, sampleType, filters };
  return (
    <div className="pprof-view">
      <div className="pprof-meta">
        {artifact.result.format === 'pprof-text' ? t('pp_legacyText') : t('pp_profile')} ·{' '}
        {t('pp_counts', { samples: String(block.samples ?? ''), functions: String(block.functions ?? '') })}
        {artifact.result.capturedAtMs
          ? t('gr_capturedAt', { time: new Date(artifact.result.capturedAtMs).toISOString() })
          : ''}
      </div>
      <form
        className="pprof-controls"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ focus: focusInput || undefined, ignore: ignoreInput || undefined });
        }}
      >
        <label>
          {t('pp_sampleType')}
          <select
            data-testid="pprof-sample-type"
            value={sampleType}
            onChange={(e) => setSampleType(e.target.value)}
            aria-label={t('pp_sampleType')}
          >
            {sampleTypes.map((s) => (
              <option key={s.type} value={s.type} data-raw>
                {s.type} ({s.unit})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pp_focus')}
          <input
            type="text"
            value={focusInput}
            onChange={(e) => setFocusInput(e.target.value)}
            placeholder={t('pp_regex')}
            aria-label={t('pp_focusRegex')}
            data-testid="pprof-focus"
          />
        </label>
        <label>
          {t('pp_ignore')}
          <input
            type="text"
            value={ignoreInput}
            onChange={(e) => setIgnoreInput(e.target.value)}
            placeholder={t('pp_regex')}
            aria-label={t('pp_ignoreRegex')}
            data-testid="pprof-ignore"
          />
        </label>
        <button type="submit">{t('pp_apply')}</button>
        <label>
          {t('pp_search')}
          <input
            type="text"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('pp_highlight')}
            aria-label={t('pp_searchFrames')}
            data-testid="pprof-search"
          />
        </label>
      </form>
      <Tabs tabs={tabs} selected={tab} onSelect={setTab} className="pprof-tabs" testIdPrefix="pprof-tab-" />
      {tab === 'top' && <TopView {...common} unit={unit} by={by} setBy={setBy} />}
      {tab === 'flame' && <FlameView {...common} search={search} />}
      {tab === 'tree' && <CallTree {...common} unit={unit} />}
      {tab === 'diff' && (
        <DiffView
          engine={engine}
          artifact={artifact}
          others={others}
          sampleType={sampleType}
          search={search}
        />
      )}
    </div>
  );
}

interface Common {
  engine: EngineRemote;
  id: string;
  sampleType: string;
  filters: { focus?: string; ignore?: string };
}

function TopView({
  engine,
  id,
  sampleType,
  by,
  setBy,
  filters,
}: Common & { unit: string; by: TopBy; setBy: (b: TopBy) => void }) {
  const { t } = useTranslation('views');
  const topQuery = useQuery(
    () => query(engine, id, 'profile', 'top', sampleType, by, filters.focus, filters.ignore),
    [engine, id, sampleType, by, filters],
  );
  const table = topQuery.data;
  const rows = useMemo(
    () => (table ? formatTop(table.rows.slice(0, MAX_ROWS), table.total, table.unit) : []),
    [table],
  );
  if (!table) return <QueryState query={topQuery} />;
  return (
    <div>
      <QueryState query={topQuery} />
      <div className="pprof-controls">
        <span>
          {t('pp_total', { total: humanValue(table.total, table.unit), rows: table.rows.length })}
          {table.rows.length > MAX_ROWS ? t('pp_firstShown', { n: MAX_ROWS }) : ''}
        </span>
        <label>
          <input
            type="radio"
            name="pprof-by"
            checked={by === 'function'}
            onChange={() => setBy('function')}
          />{' '}
          {t('pp_byFunction')}
        </label>
        <label>
          <input
            type="radio"
            name="pprof-by"
            checked={by === 'fileline'}
            onChange={() => setBy('fileline')}
            data-testid="pprof-by-fileline"
          />{' '}
          {t('pp_byFileLine')}
        </label>
      </div>
      <table className="pprof-table" data-testid="pprof-top">
        <thead>
          <tr>
            <th>{t('pp_flat')}</th>
            <th>{t('pp_flatPct')}</th>
            <th>{t('pp_sumPct')}</th>
            <th>{t('pp_cum')}</th>
            <th>{t('pp_cumPct')}</th>
            <th>{by === 'function' ? t('pp_function') : t('pp_functionFileLine')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.name} data-testid="pprof-top-row">
              <td title={exactValue(table.rows[i].flat, table.unit)}>
                {humanValue(table.rows[i].flat, table.unit)}
              </td>
              <td>{r.flatPct}</td>
              <td>{r.sumPct}</td>
              <td title={exactValue(table.rows[i].cum, table.unit)}>
                {humanValue(table.rows[i].cum, table.unit)}
              </td>
              <td>{r.cumPct}</td>
              <td data-raw>
                {r.name}
                {table.rows[i].inline && <span className="pprof-inline"> ({table.rows[i].inline})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Nodes narrower than half a pixel of the widest canvas we may draw on are not shipped from the worker. */
function flameMinFraction(): number {
  const px = typeof window === 'undefined' ? 1920 : Math.max(1920, window.innerWidth);
  return 0.5 / px;
}

/**
 * The zoom of a flame tree fetched from the worker pruned to what is drawable (flame tab and diff);
 * another `key` (sample type, filters, base) starts from the top again: node ids belong to one tree.
 */
function useFlameZoom(key: string): { view: FlameViewOptions; setRoot: (fullId: number) => void } {
  const [zoom, setZoom] = useState({ key, root: 0 });
  const root = zoom.key === key ? zoom.root : 0;
  const setRoot = useCallback((r: number) => setZoom({ key, root: r }), [key]);
  const view = useMemo(() => ({ root, minFraction: flameMinFraction() }), [root]);
  return { view, setRoot };
}

function FlameView({ engine, id, sampleType, filters, search }: Common & { search: string }) {
  const { t } = useTranslation('views');
  const { view, setRoot } = useFlameZoom(
    `${sampleType}\u0000${filters.focus ?? ''}\u0000${filters.ignore ?? ''}`,
  );
  const flame = useQuery(
    () => query(engine, id, 'profile', 'flame', sampleType, filters.focus, filters.ignore, view),
    [engine, id, sampleType, filters, view],
  );
  const tree = flame.data;
  const matchQuery = useQuery(
    () =>
      search
        ? query(engine, id, 'profile', 'flameSearch', sampleType, filters.focus, filters.ignore, search)
        : undefined,
    [engine, id, sampleType, filters, search],
  );
  const matches = search ? matchQuery.data : undefined;
  if (!tree) return <QueryState query={flame} />;
  return (
    <>
      <QueryState query={flame} />
      <QueryState query={matchQuery} label={t('pp_search')} />
      {matches && (
        <p className="pprof-flame-matches" data-testid="pprof-flame-matches">
          {matches.frames.length === 0
            ? t('pp_noMatch')
            : t('pp_matches', {
                count: matches.frames.length,
                value: humanValue(matches.total, tree.unit),
                pct: (100 * matches.fraction).toFixed(2),
              })}
        </p>
      )}
      <FlameGraph tree={tree} search={search} onZoom={setRoot} />
    </>
  );
}

function CallTree({ engine, id, sampleType, filters, unit }: Common & { unit: string }) {
  const { t } = useTranslation('views');
  const rootQuery = useQuery(
    () =>
      Promise.all([
        query(engine, id, 'profile', 'callTree', sampleType, 0, filters.focus, filters.ignore),
        // the total only: the root of a view that keeps nothing narrower than the whole
        query(engine, id, 'profile', 'flame', sampleType, filters.focus, filters.ignore, { minFraction: 1 }),
      ]),
    [engine, id, sampleType, filters],
  );
  if (!rootQuery.data) return <QueryState query={rootQuery} />;
  const [roots, whole] = rootQuery.data;
  const tree: TreeContext = { engine, id, sampleType, filters, unit, total: whole.value[0] };
  return (
    <>
      <QueryState query={rootQuery} />
      <ul className="pprof-tree" data-testid="pprof-call-tree" aria-label={t('pp_tabTree')}>
        {roots.map((n) => (
          <TreeNode key={n.id} node={n} tree={tree} />
        ))}
      </ul>
    </>
  );
}

type TreeContext = Common & { unit: string; total: number };

function TreeNode({ node, tree }: { node: CallTreeNode; tree: TreeContext }) {
  const { t } = useTranslation('views');
  const { engine, id, sampleType, filters, unit, total } = tree;
  // a node's children, asked for when it is first opened
  const kids = useQueryOnDemand(
    () => query(engine, id, 'profile', 'callTree', sampleType, node.id, filters.focus, filters.ignore),
    [engine, id, sampleType, filters, node.id],
  );
  const [open, setOpen] = useState(false);
  const toggle = () => {
    if (!open && !kids.data && !kids.loading) kids.run();
    setOpen(!open);
  };
  return (
    <li>
      <div className="pprof-tree-row" data-testid="pprof-tree-row">
        {node.children > 0 ? (
          <button
            type="button"
            onClick={toggle}
            aria-expanded={open}
            aria-label={`${open ? t('collapse') : t('expand')} ${node.name}`}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span style={{ minWidth: '1.8rem' }} />
        )}
        <span>{humanValue(node.total, unit)}</span>
        <span className="pprof-meta">{total ? `${((100 * node.total) / total).toFixed(2)}%` : ''}</span>
        <span className="pprof-meta">{t('pp_self', { value: humanValue(node.self, unit) })}</span>
        <span data-raw>{node.name}</span>
      </div>
      {open && <QueryState query={kids} />}
      {open && kids.data && (
        <ul className="pprof-tree">
          {kids.data.map((k) => (
            <TreeNode key={k.id} node={k} tree={tree} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The diff flame graph of one sample type, fetched pruned to the zoom like the flame tab's. */
function DiffFlame({
  engine,
  baseId,
  id,
  sampleType,
  search,
}: {
  engine: EngineRemote;
  baseId: string;
  id: string;
  sampleType: string;
  search: string;
}) {
  const { view, setRoot } = useFlameZoom(`${baseId}\u0000${sampleType}`);
  const flame = useQuery(
    () => compareView(engine, 'profile', baseId, id, sampleType, view),
    [engine, baseId, id, sampleType, view],
  );
  const tree = flame.data;
  if (!tree) return <QueryState query={flame} />;
  return (
    <>
      <QueryState query={flame} />
      <FlameGraph tree={tree} search={search} diff onZoom={setRoot} />
    </>
  );
}

function DiffView({
  engine,
  artifact,
  others,
  sampleType,
  search,
}: {
  engine: EngineRemote;
  artifact: ArtifactViewProps['artifact'];
  others: ArtifactViewProps['others'];
  sampleType: string;
  search: string;
}) {
  const { t } = useTranslation('views');
  const candidates = sameFormat(artifact, others);
  const [baseId, setBaseId] = useState<string>(candidates[0]?.id ?? '');
  const diffQuery = useQuery(
    () => (baseId ? compare(engine, 'profile', baseId, artifact.id) : undefined),
    [engine, baseId, artifact.id],
  );
  const diff = diffQuery.data;
  if (candidates.length === 0) {
    return <p>{t('pp_diffNone')}</p>;
  }
  const st = diff && (diff.functions[sampleType] ? sampleType : diff.defaultSampleType);
  const unit = diff?.sampleTypes.find((s) => s.type === st)?.unit ?? '';
  const fmt = (v: number) => `${v > 0 ? '+' : ''}${humanValue(v, unit)}`;
  return (
    <div data-testid="pprof-diff">
      <ArtifactPicker
        className="pprof-controls"
        label={t('pp_base')}
        ariaLabel={t('pp_base')}
        candidates={candidates}
        value={baseId}
        onChange={setBaseId}
        testId="pprof-diff-base"
      />
      <QueryState query={diffQuery} />
      {diff && st && (
        <>
          <p>
            <span data-raw>{st}</span>: {humanValue(diff.totals[st].base, unit)} →{' '}
            {humanValue(diff.totals[st].current, unit)} ({fmt(diff.totals[st].delta)})
          </p>
          <DiffFlame engine={engine} baseId={baseId} id={artifact.id} sampleType={st} search={search} />
          <table className="pprof-table" data-testid="pprof-diff-table">
            <thead>
              <tr>
                <th>{t('pp_flatDelta')}</th>
                <th>{t('pp_cumDelta')}</th>
                <th>{t('pp_flatBaseNow')}</th>
                <th>{t('pp_function')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.functions[st].slice(0, 500).map((r) => (
                <tr key={r.function} data-testid="pprof-diff-row">
                  <td className={r.flatDelta > 0 ? 'pprof-grow' : r.flatDelta < 0 ? 'pprof-shrink' : ''}>
                    {fmt(r.flatDelta)}
                  </td>
                  <td className={r.cumDelta > 0 ? 'pprof-grow' : r.cumDelta < 0 ? 'pprof-shrink' : ''}>
                    {fmt(r.cumDelta)}
                  </td>
                  <td>
                    {humanValue(r.flatBase, unit)} → {humanValue(r.flat, unit)}
                  </td>
                  <td data-raw>{r.function}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
