import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Suspect } from '../../../../workers/formats/goroutines/analyze.ts';
import type { Similarity } from '../../../../workers/formats/goroutines/model.ts';
import { sameFormat } from '../../components/ArtifactPicker.tsx';
import { type TabItem, Tabs } from '../../components/Tabs.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { type ArtifactViewProps, type EngineRemote, query } from '../view-contract.ts';
import { CompareView } from './CompareView.tsx';
import { GroupDetail } from './GroupDetail.tsx';
import { GroupsTable } from './GroupsTable.tsx';
import { seriesFor, useSeries } from './series.ts';
import './goroutines.css';
import { QueryState } from '../../components/QueryState.tsx';
import { EngineText } from '../../i18n/engine-text.tsx';
import { useQuery } from '../../lib/use-query.ts';

type Tab = 'overview' | 'groups' | 'createdBy' | 'compare';

const DUMP_KIND = ['debug2', 'debug1', 'traceback'];

function Histogram({
  title,
  data,
  total,
  name,
}: {
  title: string;
  data: Record<string, number>;
  total: number;
  /** The UI name of a key; without it the key is data from the dump. */
  name?: (key: string) => string;
}) {
  const entries = Object.entries(data)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return (
    <section className="goroutines-hist" aria-label={title}>
      <h4>{title}</h4>
      <table>
        <tbody>
          {entries.map(([k, n]) => (
            <tr key={k}>
              <th scope="row" data-raw={name ? undefined : true}>
                {name ? name(k) : k}
              </th>
              <td className="goroutines-num">{formatCount(n)}</td>
              <td className="goroutines-bar-cell">
                <span className="goroutines-bar" style={{ width: `${(100 * n) / max}%` }} />
              </td>
              <td className="goroutines-muted">{formatPercent(n, total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Suspects({ suspects, onShow }: { suspects: Suspect[]; onShow: (key: string) => void }) {
  const { t } = useTranslation('views');
  if (suspects.length === 0) {
    return <p>{t('gr_noSuspects')}</p>;
  }
  return (
    <ol className="goroutines-suspects">
      {suspects.map((s) => (
        <li key={s.key} data-testid="goroutine-suspect" className={`goroutines-suspect-${s.kind}`}>
          <div className="goroutines-suspect-head">
            <strong>
              <EngineText msg={s.titleMsg} text={s.title} />
            </strong>
            <button
              type="button"
              data-testid="goroutine-suspect-stack"
              onClick={() => onShow(s.key)}
              aria-label={t('gr_showStackOf', { fn: s.function })}
            >
              {t('gr_showStack')}
            </button>
          </div>
          <p>
            <EngineText msg={s.explanationMsg} text={s.explanation} />
          </p>
        </li>
      ))}
    </ol>
  );
}

function CreatedBy({
  engine,
  id,
  onShow,
}: {
  engine: EngineRemote;
  id: string;
  onShow: (key: string) => void;
}) {
  const { t } = useTranslation('views');
  const q = useQuery(() => query(engine, id, 'goroutines', 'createdByTree'), [engine, id]);
  const nodes = q.data;
  if (!nodes) return <QueryState query={q} />;
  return (
    <ul className="goroutines-tree" aria-label={t('gr_byCreator')}>
      {nodes.slice(0, 200).map((n) => (
        <li key={n.creator}>
          <details open={n.count >= nodes[0].count / 4}>
            <summary>
              <span className="goroutines-num">{formatCount(n.count)}</span> {t('gr_startedBy')}{' '}
              <code>{n.creator}</code>{' '}
              <span className="goroutines-loc" data-raw>
                {n.locations.join(', ')}
              </span>
              {n.parents.length ? (
                <span
                  data-raw
                >{` — ${n.parents.map((p) => `goroutine ${p.id} (${p.function})`).join(', ')}`}</span>
              ) : (
                ''
              )}
            </summary>
            <ul>
              {n.children.map((c) => (
                <li key={c.key}>
                  <span className="goroutines-num">{formatCount(c.count)}</span>{' '}
                  <button type="button" className="goroutines-link" onClick={() => onShow(c.key)} data-raw>
                    {c.function}
                  </button>{' '}
                  <span className="goroutines-muted">
                    <span data-raw>{c.state}</span>
                    {c.waitMinutesMax ? t('gr_upToMin', { n: c.waitMinutesMax }) : ''}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

export default function GoroutinesView({ artifact, engine, others }: ArtifactViewProps) {
  const block = artifact.result.goroutines;
  const [tab, setTab] = useState<Tab>('overview');
  const [selected, setSelected] = useState<string>();
  const [similarity, setSimilarity] = useState<Similarity>('anyValue');
  const seriesQuery = useSeries(engine, artifact, others);
  const series = seriesQuery.data;
  const { t } = useTranslation('views');

  if (!block) return <p>{t('gr_noData')}</p>;
  const suspects = block.suspects ?? [];
  const panic = block.panic;
  const byWaitReason = block.byWaitReason ?? {};
  const waitHistogram = block.waitHistogram ?? {};
  const states = Object.keys(block.byState).sort();
  const dumpKind = String(block.dumpKind ?? '');
  const hasOthers = sameFormat(artifact, others).length > 0;

  const show = (key: string) => {
    setSimilarity('anyValue');
    setSelected(key);
    setTab('groups');
  };

  const tabs: TabItem<Tab>[] = [
    { id: 'overview', label: t('gr_tabOverview') },
    {
      id: 'groups',
      label: t('gr_tabGroups', { n: formatCount(Number(block.groupCount ?? block.groups.length)) }),
    },
    { id: 'createdBy', label: t('gr_tabCreatedBy') },
    { id: 'compare', label: hasOthers ? t('gr_tabCompare') : t('gr_tabCompareNone') },
  ];

  return (
    <div className="goroutines-view">
      <p className="goroutines-summary">
        <strong>{formatCount(block.total)}</strong> {t('gr_goroutines')} ·{' '}
        {DUMP_KIND.includes(dumpKind) ? t(`gr_dumpKind_${dumpKind}`) : dumpKind}
        {artifact.result.capturedAtMs !== undefined
          ? t('gr_capturedAt', { time: new Date(artifact.result.capturedAtMs).toISOString() })
          : ''}
      </p>
      {panic ? (
        <div className="goroutines-panic" role="alert" data-testid="goroutine-panic">
          <strong data-raw>
            {panic.kind}: {panic.message}
          </strong>
          {panic.signal ? <div data-raw>[{panic.signal}]</div> : null}
          {panic.goroutineId !== undefined ? (
            <div>
              {t('gr_inGoroutine', { id: panic.goroutineId })}
              {panic.function ? (
                <>
                  {' '}
                  {t('gr_at')} <code>{panic.function}</code>
                </>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <Tabs
        tabs={tabs}
        selected={tab}
        onSelect={setTab}
        className="goroutines-tabs"
        tabClassName="goroutines-tab"
        selectedClassName="goroutines-tab-on"
        testIdPrefix="goroutines-tab-"
        ariaLabel={t('gr_views')}
      />

      {tab === 'overview' ? (
        <div className="goroutines-overview">
          <section aria-labelledby="goroutines-suspects-h" className="goroutines-suspects-panel">
            <h3 id="goroutines-suspects-h">{t('gr_leakSuspects')}</h3>
            <Suspects suspects={suspects} onShow={show} />
          </section>
          <div className="goroutines-hists">
            <Histogram title={t('gr_byState')} data={block.byState} total={block.total} />
            <Histogram
              title={t('gr_byWaitKind')}
              data={byWaitReason}
              total={block.total}
              name={(k) => t(`gr_cat_${k.replace(/ /g, '-')}`, { defaultValue: k })}
            />
            {dumpKind !== 'debug1' ? (
              <Histogram
                title={t('gr_waitingFor')}
                data={waitHistogram}
                total={block.total}
                name={(k) => k.replace('m', ` ${t('unitMin')}`)}
              />
            ) : null}
          </div>
        </div>
      ) : null}

      {tab === 'groups' ? (
        // the trend over the other dumps is secondary: only its failure is shown
        <QueryState query={{ ...seriesQuery, loading: false }} label={t('gr_trend')} />
      ) : null}
      {tab === 'groups' ? (
        <div className="goroutines-body">
          <GroupsTable
            engine={engine}
            id={artifact.id}
            states={states}
            similarity={similarity}
            onSimilarity={setSimilarity}
            series={series}
            selectedKey={selected}
            onSelect={setSelected}
          />
          {selected ? (
            <GroupDetail
              engine={engine}
              id={artifact.id}
              groupKey={selected}
              similarity={similarity}
              series={similarity === 'anyValue' ? seriesFor(series, selected) : undefined}
              onClose={() => setSelected(undefined)}
            />
          ) : null}
        </div>
      ) : null}

      {tab === 'createdBy' ? <CreatedBy engine={engine} id={artifact.id} onShow={show} /> : null}

      {tab === 'compare' ? (
        <CompareView engine={engine} artifact={artifact} others={others} onSelect={show} />
      ) : null}
    </div>
  );
}
