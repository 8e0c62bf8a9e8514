import { useState } from 'react';
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
import { useQuery } from '../../lib/use-query.ts';

type Tab = 'overview' | 'groups' | 'createdBy' | 'compare';

const DUMP_KIND: Record<string, string> = {
  debug2: 'full stacks (debug=2 / runtime.Stack)',
  debug1: 'aggregated profile (debug=1: no states or wait times)',
  traceback: 'crash traceback',
};

function Histogram({ title, data, total }: { title: string; data: Record<string, number>; total: number }) {
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
              <th scope="row">{k}</th>
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
  if (suspects.length === 0) {
    return (
      <p>
        No leak suspects: no blocking wait is shared by many goroutines, and nothing waits on a nil channel.
      </p>
    );
  }
  return (
    <ol className="goroutines-suspects">
      {suspects.map((s) => (
        <li key={s.key} data-testid="goroutine-suspect" className={`goroutines-suspect-${s.kind}`}>
          <div className="goroutines-suspect-head">
            <strong>{s.title}</strong>
            <button
              type="button"
              data-testid="goroutine-suspect-stack"
              onClick={() => onShow(s.key)}
              aria-label={`Show the stack of ${s.function}`}
            >
              Show stack
            </button>
          </div>
          <p>{s.explanation}</p>
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
  const q = useQuery(() => query(engine, id, 'goroutines', 'createdByTree'), [engine, id]);
  const nodes = q.data;
  if (!nodes) return <QueryState query={q} />;
  return (
    <ul className="goroutines-tree" aria-label="Goroutines by creator">
      {nodes.slice(0, 200).map((n) => (
        <li key={n.creator}>
          <details open={n.count >= nodes[0].count / 4}>
            <summary>
              <span className="goroutines-num">{formatCount(n.count)}</span> started by{' '}
              <code>{n.creator}</code> <span className="goroutines-loc">{n.locations.join(', ')}</span>
              {n.parents.length
                ? ` — from ${n.parents.map((p) => `goroutine ${p.id} (${p.function})`).join(', ')}`
                : ''}
            </summary>
            <ul>
              {n.children.map((c) => (
                <li key={c.key}>
                  <span className="goroutines-num">{formatCount(c.count)}</span>{' '}
                  <button type="button" className="goroutines-link" onClick={() => onShow(c.key)}>
                    {c.function}
                  </button>{' '}
                  <span className="goroutines-muted">
                    {c.state}
                    {c.waitMinutesMax ? `, up to ${c.waitMinutesMax} min` : ''}
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
  const series = useSeries(engine, artifact, others);

  if (!block) return <p>No goroutine data.</p>;
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
    { id: 'overview', label: 'Overview' },
    { id: 'groups', label: `Groups (${formatCount(Number(block.groupCount ?? block.groups.length))})` },
    { id: 'createdBy', label: 'Created by' },
    { id: 'compare', label: hasOthers ? 'Compare' : 'Compare (open another dump)' },
  ];

  return (
    <div className="goroutines-view">
      <p className="goroutines-summary">
        <strong>{formatCount(block.total)}</strong> goroutines · {DUMP_KIND[dumpKind] ?? dumpKind}
        {artifact.result.capturedAtMs !== undefined
          ? ` · captured ${new Date(artifact.result.capturedAtMs).toISOString()}`
          : ''}
      </p>
      {panic ? (
        <div className="goroutines-panic" role="alert" data-testid="goroutine-panic">
          <strong>
            {panic.kind}: {panic.message}
          </strong>
          {panic.signal ? <div>[{panic.signal}]</div> : null}
          {panic.goroutineId !== undefined ? (
            <div>
              in goroutine {panic.goroutineId}
              {panic.function ? (
                <>
                  {' '}
                  at <code>{panic.function}</code>
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
        ariaLabel="Goroutine dump views"
      />

      {tab === 'overview' ? (
        <div className="goroutines-overview">
          <section aria-labelledby="goroutines-suspects-h" className="goroutines-suspects-panel">
            <h3 id="goroutines-suspects-h">Leak suspects</h3>
            <Suspects suspects={suspects} onShow={show} />
          </section>
          <div className="goroutines-hists">
            <Histogram title="By state" data={block.byState} total={block.total} />
            <Histogram title="By kind of wait" data={byWaitReason} total={block.total} />
            {dumpKind !== 'debug1' ? (
              <Histogram title="Waiting for" data={waitHistogram} total={block.total} />
            ) : null}
          </div>
        </div>
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
