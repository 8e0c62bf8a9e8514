import { useState } from 'react';
import type { ThreadsBlock } from '../../../../contract/inspect.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { type TabItem, Tabs } from '../../components/Tabs.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { type ArtifactViewProps, type EngineRemote, query } from '../view-contract.ts';
import './jthreads.css';

type Tab = 'overview' | 'groups' | 'threads' | 'locks';

const TABS: TabItem<Tab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'groups', label: 'Groups' },
  { id: 'threads', label: 'Threads' },
  { id: 'locks', label: 'Lock graph' },
];

/** A Java thread dump: states, suspects (lock convoys, deadlocks), groups, threads, the lock graph. */
export default function JthreadsView({ artifact, engine }: ArtifactViewProps) {
  const block = artifact.result.threads;
  const [tab, setTab] = useState<Tab>('overview');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const open = async (name: string) => {
    const i = await query(engine, artifact.id, 'threads', 'indexOf', name);
    if (i >= 0) setSelected(i);
  };
  if (!block) return <p className="jthreads-empty">This artifact has no threads.</p>;
  return (
    <div className="jthreads-view" data-testid="jthreads-view">
      <Tabs
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
        className="jthreads-tabs"
        tabClassName="jthreads-tab"
        selectedClassName="jthreads-tab-on"
        testIdPrefix="jthreads-tab-"
        ariaLabel="Thread dump views"
      />
      <div className="jthreads-body">
        <div className="jthreads-main">
          {tab === 'overview' && <Overview block={block} engine={engine} id={artifact.id} onThread={open} />}
          {tab === 'groups' && <Groups engine={engine} id={artifact.id} onSelect={setSelected} />}
          {tab === 'threads' && (
            <Threads engine={engine} id={artifact.id} block={block} onSelect={setSelected} />
          )}
          {tab === 'locks' && <Locks block={block} onThread={open} />}
        </div>
        {selected !== undefined && (
          <ThreadPane
            engine={engine}
            id={artifact.id}
            index={selected}
            onThread={open}
            onClose={() => setSelected(undefined)}
          />
        )}
      </div>
    </div>
  );
}

function ThreadLink({ name, onThread }: { name: string; onThread: (name: string) => void }) {
  return (
    <button
      type="button"
      className="jthreads-link"
      data-testid="jthreads-thread-link"
      onClick={() => onThread(name)}
      aria-label={`Show the stack of thread ${name}`}
    >
      {name}
    </button>
  );
}

/** Thread names side by side must not run together (`ledger-writer-1ledger-writer-2`). */
function ThreadLinks({ names, onThread }: { names: string[]; onThread: (name: string) => void }) {
  return (
    <>
      {names.map((w, i) => (
        <span key={w}>
          {i > 0 && ', '}
          <ThreadLink name={w} onThread={onThread} />
        </span>
      ))}
    </>
  );
}

function Overview({
  block,
  engine,
  id,
  onThread,
}: {
  block: ThreadsBlock;
  engine: EngineRemote;
  id: string;
  onThread: (name: string) => void;
}) {
  const convoysQuery = useQuery(() => query(engine, id, 'threads', 'convoys'), [engine, id]);
  const convoys = convoysQuery.data ?? [];
  const states = Object.entries(block.byState).sort((a, b) => b[1] - a[1]);
  return (
    <div className="jthreads-overview">
      <QueryState query={convoysQuery} />
      <section aria-label="Threads by state">
        <h3>
          {formatCount(block.total)} threads{typeof block.vm === 'string' ? ` — ${block.vm}` : ''}
        </h3>
        <ul className="jthreads-states">
          {states.map(([s, n]) => (
            <li key={s} className={`jthreads-state jthreads-state-${s.toLowerCase()}`}>
              <span className="jthreads-state-name">{s}</span> {formatCount(n)}{' '}
              <span className="jthreads-dim">({formatPercent(n, block.total)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Suspects">
        <h3>Suspects</h3>
        {block.deadlocks.length === 0 && convoys.length === 0 && (
          <p className="jthreads-dim">No deadlock and no thread BLOCKED on a held lock.</p>
        )}
        {block.deadlocks.map((d) => (
          <div
            key={d.threads.join('\u0001')}
            className="jthreads-suspect jthreads-deadlock"
            data-testid="jthreads-deadlock"
          >
            <strong>Deadlock</strong> (
            {d.source === 'both'
              ? 'reported by the JVM and found in the lock graph'
              : d.source === 'jvm'
                ? 'reported by the JVM'
                : 'found in the lock graph'}
            )
            <ul>
              {d.edges.map((e) => (
                <li key={e.thread}>
                  <ThreadLink name={e.thread} onThread={onThread} /> waits for <code>{e.monitor}</code> (
                  {e.class}) held by <ThreadLink name={e.heldBy} onThread={onThread} />
                </li>
              ))}
            </ul>
          </div>
        ))}
        {convoys.map((c) => (
          <div key={c.monitor} className="jthreads-suspect jthreads-convoy" data-testid="jthreads-convoy">
            <div>
              <strong>Lock convoy</strong>: {formatCount(c.waiters.length)} thread
              {c.waiters.length > 1 ? 's' : ''} waiting for <code>{c.monitor}</code> ({c.class}) held by{' '}
              <ThreadLink name={c.owner} onThread={onThread} />{' '}
              <span className="jthreads-dim">({c.ownerState})</span>
            </div>
            <div className="jthreads-waiters">
              Waiting: <ThreadLinks names={c.waiters} onThread={onThread} />
            </div>
            <div className="jthreads-dim">The holder's stack:</div>
            <pre className="jthreads-stack-text">{c.ownerFrames.map((f) => `at ${f}`).join('\n')}</pre>
          </div>
        ))}
      </section>
      {block.pools.length > 0 && (
        <section aria-label="Thread pools">
          <h3>Pools</h3>
          <table className="jthreads-table">
            <thead>
              <tr>
                <th scope="col">Pool (name prefix)</th>
                <th scope="col">Threads</th>
                <th scope="col">States</th>
              </tr>
            </thead>
            <tbody>
              {block.pools.map((p) => (
                <tr key={p.name}>
                  <td>{p.name}</td>
                  <td className="jthreads-num">{formatCount(p.count)}</td>
                  <td>
                    {Object.entries(p.byState)
                      .map(([s, n]) => `${s} ${n}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function Groups({
  engine,
  id,
  onSelect,
}: {
  engine: EngineRemote;
  id: string;
  onSelect: (i: number) => void;
}) {
  const rowsQuery = useQuery(() => query(engine, id, 'threads', 'groups'), [engine, id]);
  const rows = rowsQuery.data ?? [];
  if (rowsQuery.error !== undefined) return <QueryState query={rowsQuery} />;
  return (
    <table className="jthreads-table" data-testid="jthreads-groups">
      <thead>
        <tr>
          <th scope="col">Threads</th>
          <th scope="col">State</th>
          <th scope="col">Top frame</th>
          <th scope="col">Names</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr key={g.key}>
            <td className="jthreads-num">{formatCount(g.count)}</td>
            <td>{g.state}</td>
            <td>
              <button
                type="button"
                className="jthreads-link"
                onClick={() => onSelect(g.firstThread)}
                aria-label={`Show the stack of this group (${g.count} threads)`}
              >
                {g.topFrame || '(no Java stack)'}
              </button>
            </td>
            <td className="jthreads-names">
              {g.threadNames.slice(0, 8).join(', ')}
              {g.threadNames.length > 8 ? `, … (${g.count - 8} more)` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Threads({
  engine,
  id,
  block,
  onSelect,
}: {
  engine: EngineRemote;
  id: string;
  block: ThreadsBlock;
  onSelect: (i: number) => void;
}) {
  const [state, setState] = useState('');
  const [text, setText] = useState('');
  const pageQuery = useQuery(
    () => query(engine, id, 'threads', 'threads', { state, text, limit: 1000 }),
    [engine, id, state, text],
  );
  const page = pageQuery.data ?? { total: 0, rows: [] };
  return (
    <div>
      <QueryState query={pageQuery} />
      <div className="jthreads-filters">
        <label>
          State{' '}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">all</option>
            {Object.keys(block.byState).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name or frame <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <span className="jthreads-dim">
          {formatCount(page.total)} thread{page.total === 1 ? '' : 's'}
        </span>
      </div>
      <table className="jthreads-table" data-testid="jthreads-threads">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Top frame</th>
            <th scope="col">CPU ms</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.index}>
              <td>
                <button
                  type="button"
                  className="jthreads-link"
                  data-testid="jthreads-thread-link"
                  onClick={() => onSelect(r.index)}
                >
                  {r.name}
                </button>
                {r.daemon ? <span className="jthreads-dim"> daemon</span> : null}
              </td>
              <td>
                {r.state}
                {r.stateDetail ? <span className="jthreads-dim"> ({r.stateDetail})</span> : null}
              </td>
              <td className="jthreads-frame">{r.topFrame}</td>
              <td className="jthreads-num">{r.cpuMs !== undefined ? r.cpuMs.toFixed(2) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Locks({ block, onThread }: { block: ThreadsBlock; onThread: (name: string) => void }) {
  if (block.locks.length === 0)
    return <p className="jthreads-dim">No thread holds a lock another waits for.</p>;
  return (
    <table className="jthreads-table" data-testid="jthreads-locks">
      <thead>
        <tr>
          <th scope="col">Monitor</th>
          <th scope="col">Class</th>
          <th scope="col">Held by</th>
          <th scope="col">Waiting to lock</th>
        </tr>
      </thead>
      <tbody>
        {block.locks.map((l) => (
          <tr key={l.monitor}>
            <td>
              <code>{l.monitor}</code>
            </td>
            <td>{l.class}</td>
            <td>
              {l.owner ? (
                <ThreadLink name={l.owner} onThread={onThread} />
              ) : (
                <span className="jthreads-dim">no thread shows it held</span>
              )}
            </td>
            <td>
              <ThreadLinks names={l.waiters} onThread={onThread} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ThreadPane({
  engine,
  id,
  index,
  onThread,
  onClose,
}: {
  engine: EngineRemote;
  id: string;
  index: number;
  onThread: (name: string) => void;
  onClose: () => void;
}) {
  const detail = useQuery(() => query(engine, id, 'threads', 'thread', index), [engine, id, index]);
  const t = detail.data;
  if (!t) return <QueryState query={detail} />;
  return (
    <aside className="jthreads-pane" data-testid="jthreads-thread-detail" aria-label={`Thread ${t.name}`}>
      <div className="jthreads-pane-head">
        <h3>"{t.name}"</h3>
        <button type="button" onClick={onClose} aria-label="Close the thread">
          ×
        </button>
      </div>
      <div>
        {t.id >= 0 ? `#${t.id} ` : ''}
        {t.daemon ? 'daemon ' : ''}
        <strong>{t.state}</strong>
        {t.stateDetail ? ` (${t.stateDetail})` : ''} — {t.headerState}
        {t.cpuMs !== undefined ? ` — cpu ${t.cpuMs} ms` : ''} — line {t.line}
      </div>
      {t.waitsFor && (
        <div className="jthreads-waits">
          {t.waitsFor.action} <code>{t.waitsFor.monitor}</code> ({t.waitsFor.class})
          {t.waitsFor.owner ? (
            <>
              {' '}
              held by <ThreadLink name={t.waitsFor.owner} onThread={onThread} />
            </>
          ) : null}
        </div>
      )}
      {t.holds.map((h) => (
        <div key={h.monitor} className="jthreads-holds">
          holds <code>{h.monitor}</code> ({h.class})
          {h.waiters.length > 0 ? (
            <>
              , waited for by <ThreadLinks names={h.waiters} onThread={onThread} />
            </>
          ) : null}
        </div>
      ))}
      {t.lines.length === 0 ? (
        <p className="jthreads-dim">No Java stack (a VM-internal thread or an idle one).</p>
      ) : (
        <pre className="jthreads-stack-text" data-testid="jthreads-stack">
          {t.lines.map((l) => `${l.kind === 'lock' ? '\t' : ''}${l.text}`).join('\n')}
        </pre>
      )}
      {t.ownableSynchronizers.length > 0 && (
        <div>
          Locked ownable synchronizers:
          <ul>
            {t.ownableSynchronizers.map((s) => (
              <li key={s.monitor}>
                <code>{s.monitor}</code> ({s.class})
              </li>
            ))}
          </ul>
        </div>
      )}
      {t.notes.map((n) => (
        <div key={n} className="jthreads-dim">
          {n}
        </div>
      ))}
    </aside>
  );
}
