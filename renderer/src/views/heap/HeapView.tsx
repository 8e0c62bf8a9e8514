import { useState } from 'react';
import type { HeapBlock } from '../../../../workers/model/inspect.ts';
import { formatBytes, formatCount, formatPercent } from '../../lib/format.ts';
import type { ArtifactViewProps } from '../view-contract.ts';
import { Compare } from './Compare.tsx';
import { DominatorTree } from './DominatorTree.tsx';
import { Groups } from './Groups.tsx';
import { Inspector } from './Inspector.tsx';
import './heap.css';

/** Bytes for humans, the exact value on hover. */
export function Bytes({ n }: { n: number }) {
  return <span title={`${formatCount(n)} bytes`}>{formatBytes(n)}</span>;
}

type Tab = 'overview' | 'tree' | 'groups' | 'compare';

interface MemStatsBlock {
  memStats: Record<string, number>;
  notes: string[];
}

function Overview({ heap, onInspect }: { heap: HeapBlock; onInspect: (id: number) => void }) {
  const unreachableObjects = (heap.unreachableObjects as number | undefined) ?? 0;
  const unreachableBytes = heap.totalBytes - heap.reachableBytes;
  const rootsByKind = (heap.rootsByKind as Record<string, number> | undefined) ?? {};
  const ms = heap.memStats as MemStatsBlock | undefined;
  const goroutines = heap.goroutines as { node: number; label: string; retainedBytes: number }[] | undefined;
  return (
    <div className="heap-overview">
      <dl className="heap-facts">
        <dt>Objects</dt>
        <dd>{formatCount(heap.objects)}</dd>
        <dt>Total</dt>
        <dd>
          <Bytes n={heap.totalBytes} />
        </dd>
        <dt>Reachable</dt>
        <dd>
          <Bytes n={heap.reachableBytes} /> ({formatPercent(heap.reachableBytes, heap.totalBytes)})
        </dd>
        <dt>Unreachable (garbage)</dt>
        <dd>
          {formatCount(unreachableObjects)} objects, <Bytes n={unreachableBytes} />
        </dd>
        <dt>GC roots</dt>
        <dd>
          {formatCount(heap.gcRoots)}{' '}
          {Object.entries(rootsByKind)
            .map(([k, v]) => `${k}: ${formatCount(v)}`)
            .join(' · ')}
        </dd>
        <dt>References</dt>
        <dd>{formatCount(heap.edges)}</dd>
      </dl>

      <section aria-labelledby="heap-suspects-h">
        <h3 id="heap-suspects-h">Leak suspects</h3>
        {heap.suspects.length === 0 ? (
          <p>No single object or group retains more than 10 % of the reachable heap.</p>
        ) : (
          <ol className="heap-suspects">
            {heap.suspects.map((s) => (
              <li key={`${s.kind}-${s.title}`} data-testid="heap-suspect">
                <strong>{s.title}</strong>
                <p>{s.description}</p>
                {s.path.length > 0 && <p className="heap-path">Path from root: {s.path.join(' → ')}</p>}
                {s.accumulationPoint && <p>Accumulation point: {s.accumulationPoint}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="heap-top-h">
        <h3 id="heap-top-h">Top retainers</h3>
        <table className="heap-table">
          <thead>
            <tr>
              <th>Retainer</th>
              <th>Held from</th>
              <th className="heap-num">Shallow</th>
              <th className="heap-num">Retained</th>
            </tr>
          </thead>
          <tbody>
            {heap.top.map((t) => (
              <tr key={t.id}>
                <td>
                  <button type="button" className="heap-link" onClick={() => onInspect(t.id)}>
                    {t.label}
                  </button>
                </td>
                <td>{t.root}</td>
                <td className="heap-num">
                  <Bytes n={t.shallowBytes} />
                </td>
                <td className="heap-num">
                  <Bytes n={t.retainedBytes} /> ({formatPercent(t.retainedBytes, heap.reachableBytes)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {goroutines && goroutines.length > 0 && (
        <section aria-labelledby="heap-gor-h">
          <h3 id="heap-gor-h">Goroutines by retained memory</h3>
          <table className="heap-table">
            <tbody>
              {goroutines.slice(0, 15).map((g) => (
                <tr key={g.node}>
                  <td>
                    <button type="button" className="heap-link" onClick={() => onInspect(g.node)}>
                      {g.label}
                    </button>
                  </td>
                  <td className="heap-num">
                    <Bytes n={g.retainedBytes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {ms && (
        <section aria-labelledby="heap-ms-h">
          <h3 id="heap-ms-h">MemStats</h3>
          {ms.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
          <dl className="heap-facts heap-memstats">
            {[
              'HeapAlloc',
              'HeapObjects',
              'HeapInuse',
              'HeapSys',
              'HeapIdle',
              'HeapReleased',
              'Sys',
              'NextGC',
              'NumGC',
            ].map((k) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>
                  {k === 'HeapObjects' || k === 'NumGC' ? (
                    formatCount(ms.memStats[k] ?? 0)
                  ) : (
                    <Bytes n={ms.memStats[k] ?? 0} />
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

export default function HeapView({ artifact, engine, others }: ArtifactViewProps) {
  const heap = artifact.result.heap;
  const [tab, setTab] = useState<Tab>('overview');
  const [inspect, setInspect] = useState<number | undefined>();
  if (!heap) return <p>This artifact has no heap block.</p>;
  const open = (id: number) => setInspect(id);
  const tabs: [Tab, string][] = [
    ['overview', 'Overview'],
    ['tree', 'Dominator tree'],
    ['groups', 'Groups'],
    ['compare', 'Compare'],
  ];
  return (
    <div className="heap-view">
      {artifact.result.truncated && (
        <p className="heap-warning" role="alert">
          Truncated dump: read up to byte {formatCount(artifact.result.truncatedAt ?? 0)}; the numbers cover
          what was read.
        </p>
      )}
      <div role="tablist" className="heap-tabs">
        {tabs.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'heap-tab heap-tab-on' : 'heap-tab'}
            onClick={() => setTab(t)}
            data-testid={`heap-tab-${t}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="heap-body">
        <div className="heap-main" role="tabpanel">
          {tab === 'overview' && <Overview heap={heap} onInspect={open} />}
          {tab === 'tree' && (
            <DominatorTree engine={engine} id={artifact.id} total={heap.reachableBytes} onInspect={open} />
          )}
          {tab === 'groups' && <Groups engine={engine} id={artifact.id} onInspect={open} />}
          {tab === 'compare' && <Compare engine={engine} artifact={artifact} others={others} />}
        </div>
        {inspect !== undefined && (
          <Inspector
            engine={engine}
            id={artifact.id}
            node={inspect}
            onInspect={open}
            onClose={() => setInspect(undefined)}
          />
        )}
      </div>
    </div>
  );
}
