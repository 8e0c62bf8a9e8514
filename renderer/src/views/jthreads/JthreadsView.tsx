import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadsBlock } from '../../../../contract/inspect.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { type TabItem, Tabs } from '../../components/Tabs.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { useQuery, useQueryOnDemand } from '../../lib/use-query.ts';
import { type ArtifactViewProps, type EngineRemote, query } from '../view-contract.ts';
import './jthreads.css';

type Tab = 'overview' | 'groups' | 'threads' | 'locks';

const TABS: TabItem<Tab>[] = [
  { id: 'overview', label: 'jt_tabOverview' },
  { id: 'groups', label: 'jt_tabGroups' },
  { id: 'threads', label: 'jt_tabThreads' },
  { id: 'locks', label: 'jt_tabLocks' },
];

/** A Java thread dump: states, suspects (lock convoys, deadlocks), groups, threads, the lock graph. */
export default function JthreadsView({ artifact, engine }: ArtifactViewProps) {
  const { t } = useTranslation('views');
  const block = artifact.result.threads;
  const [tab, setTab] = useState<Tab>('overview');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  // a thread named in a lock, a convoy or a stack: look up its index, then show it
  const lookup = useQueryOnDemand(
    (_signal, name: string) => query(engine, artifact.id, 'threads', 'indexOf', name),
    [engine, artifact.id],
    (i) => {
      if (i >= 0) setSelected(i);
    },
  );
  const open = lookup.run;
  if (!block) return <p className="jthreads-empty">{t('jt_noThreads')}</p>;
  return (
    <div className="jthreads-view" data-testid="jthreads-view">
      <Tabs
        tabs={TABS.map((x) => ({ ...x, label: t(x.label as string) }))}
        selected={tab}
        onSelect={setTab}
        className="jthreads-tabs"
        tabClassName="jthreads-tab"
        selectedClassName="jthreads-tab-on"
        testIdPrefix="jthreads-tab-"
        ariaLabel={t('jt_views')}
      />
      <QueryState query={{ ...lookup, loading: false }} />
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
  const { t } = useTranslation('views');
  return (
    <button
      type="button"
      className="jthreads-link"
      data-testid="jthreads-thread-link"
      onClick={() => onThread(name)}
      aria-label={t('jt_showThread', { name })}
      data-raw
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
  const { t } = useTranslation('views');
  const convoysQuery = useQuery(() => query(engine, id, 'threads', 'convoys'), [engine, id]);
  const convoys = convoysQuery.data ?? [];
  const states = Object.entries(block.byState).sort((a, b) => b[1] - a[1]);
  return (
    <div className="jthreads-overview">
      <QueryState query={convoysQuery} />
      <section aria-label={t('jt_byState')}>
        <h3>
          {t('jt_threadsN', { n: formatCount(block.total) })}
          {typeof block.vm === 'string' ? <span data-raw>{` — ${block.vm}`}</span> : ''}
        </h3>
        <ul className="jthreads-states">
          {states.map(([s, n]) => (
            <li key={s} className={`jthreads-state jthreads-state-${s.toLowerCase()}`}>
              <span className="jthreads-state-name" data-raw>
                {s}
              </span>{' '}
              {formatCount(n)} <span className="jthreads-dim">({formatPercent(n, block.total)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t('jt_suspects')}>
        <h3>{t('jt_suspects')}</h3>
        {block.deadlocks.length === 0 && convoys.length === 0 && (
          <p className="jthreads-dim">{t('jt_noSuspects')}</p>
        )}
        {block.deadlocks.map((d) => (
          <div
            key={d.threads.join('\u0001')}
            className="jthreads-suspect jthreads-deadlock"
            data-testid="jthreads-deadlock"
          >
            <strong>{t('jt_deadlock')}</strong> (
            {d.source === 'both' ? t('jt_srcBoth') : d.source === 'jvm' ? t('jt_srcJvm') : t('jt_srcGraph')})
            <ul>
              {d.edges.map((e) => (
                <li key={e.thread}>
                  <ThreadLink name={e.thread} onThread={onThread} /> {t('jt_waitsFor')}{' '}
                  <code>{e.monitor}</code> (<code>{e.class}</code>) {t('jt_heldBy')}{' '}
                  <ThreadLink name={e.heldBy} onThread={onThread} />
                </li>
              ))}
            </ul>
          </div>
        ))}
        {convoys.map((c) => (
          <div key={c.monitor} className="jthreads-suspect jthreads-convoy" data-testid="jthreads-convoy">
            <div>
              <strong>{t('jt_convoy')}</strong>:{' '}
              {t('jt_convoyWaiting', { count: c.waiters.length, n: formatCount(c.waiters.length) })}{' '}
              <code>{c.monitor}</code> (<code>{c.class}</code>) {t('jt_heldBy')}{' '}
              <ThreadLink name={c.owner} onThread={onThread} />{' '}
              <span className="jthreads-dim" data-raw>
                ({c.ownerState})
              </span>
            </div>
            <div className="jthreads-waiters">
              {t('jt_waiting')} <ThreadLinks names={c.waiters} onThread={onThread} />
            </div>
            <div className="jthreads-dim">{t('jt_holderStack')}</div>
            <pre className="jthreads-stack-text">{c.ownerFrames.map((f) => `at ${f}`).join('\n')}</pre>
          </div>
        ))}
      </section>
      {block.pools.length > 0 && (
        <section aria-label={t('jt_pools')}>
          <h3>{t('jt_pools')}</h3>
          <table className="jthreads-table">
            <thead>
              <tr>
                <th scope="col">{t('jt_pool')}</th>
                <th scope="col">{t('jt_threads')}</th>
                <th scope="col">{t('jt_states')}</th>
              </tr>
            </thead>
            <tbody>
              {block.pools.map((p) => (
                <tr key={p.name}>
                  <td data-raw>{p.name}</td>
                  <td className="jthreads-num">{formatCount(p.count)}</td>
                  <td data-raw>
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
  const { t } = useTranslation('views');
  const rowsQuery = useQuery(() => query(engine, id, 'threads', 'groups'), [engine, id]);
  const rows = rowsQuery.data ?? [];
  if (rowsQuery.error !== undefined) return <QueryState query={rowsQuery} />;
  return (
    <table className="jthreads-table" data-testid="jthreads-groups">
      <thead>
        <tr>
          <th scope="col">{t('jt_threads')}</th>
          <th scope="col">{t('jt_state')}</th>
          <th scope="col">{t('jt_topFrame')}</th>
          <th scope="col">{t('jt_names')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr key={g.key}>
            <td className="jthreads-num">{formatCount(g.count)}</td>
            <td data-raw>{g.state}</td>
            <td data-raw>
              <button
                type="button"
                className="jthreads-link"
                onClick={() => onSelect(g.firstThread)}
                aria-label={t('jt_showGroup', { n: g.count })}
              >
                {g.topFrame || t('jt_noJavaStackShort')}
              </button>
            </td>
            <td className="jthreads-names">
              <span data-raw>{g.threadNames.slice(0, 8).join(', ')}</span>
              {g.threadNames.length > 8 ? t('jt_more', { n: g.count - 8 }) : ''}
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
  const { t } = useTranslation('views');
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
          {t('jt_state')}{' '}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('gr_all')}</option>
            {Object.keys(block.byState).map((s) => (
              <option key={s} value={s} data-raw>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('jt_nameOrFrame')} <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <span className="jthreads-dim">
          {t('jt_threadCount', { count: page.total, n: formatCount(page.total) })}
        </span>
      </div>
      <table className="jthreads-table" data-testid="jthreads-threads">
        <thead>
          <tr>
            <th scope="col">{t('jt_name')}</th>
            <th scope="col">{t('jt_state')}</th>
            <th scope="col">{t('jt_topFrame')}</th>
            <th scope="col">{t('jt_cpuMs')}</th>
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
                  data-raw
                >
                  {r.name}
                </button>
                {r.daemon ? <span className="jthreads-dim"> {t('jt_daemon')}</span> : null}
              </td>
              <td data-raw>
                {r.state}
                {r.stateDetail ? <span className="jthreads-dim"> ({r.stateDetail})</span> : null}
              </td>
              <td className="jthreads-frame" data-raw>
                {r.topFrame}
              </td>
              <td className="jthreads-num">{r.cpuMs !== undefined ? r.cpuMs.toFixed(2) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Locks({ block, onThread }: { block: ThreadsBlock; onThread: (name: string) => void }) {
  const { t } = useTranslation('views');
  if (block.locks.length === 0) return <p className="jthreads-dim">{t('jt_noLocks')}</p>;
  return (
    <table className="jthreads-table" data-testid="jthreads-locks">
      <thead>
        <tr>
          <th scope="col">{t('jt_monitor')}</th>
          <th scope="col">{t('jt_class')}</th>
          <th scope="col">{t('jt_heldByCol')}</th>
          <th scope="col">{t('jt_waitingToLock')}</th>
        </tr>
      </thead>
      <tbody>
        {block.locks.map((l) => (
          <tr key={l.monitor}>
            <td>
              <code>{l.monitor}</code>
            </td>
            <td data-raw>{l.class}</td>
            <td>
              {l.owner ? (
                <ThreadLink name={l.owner} onThread={onThread} />
              ) : (
                <span className="jthreads-dim">{t('jt_noHolder')}</span>
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
  const { t: tr } = useTranslation('views');
  const detail = useQuery(() => query(engine, id, 'threads', 'thread', index), [engine, id, index]);
  const t = detail.data;
  if (!t) return <QueryState query={detail} />;
  return (
    <aside
      className="jthreads-pane"
      data-testid="jthreads-thread-detail"
      aria-label={tr('jt_threadAria', { name: t.name })}
    >
      <div className="jthreads-pane-head">
        <h3 data-raw>"{t.name}"</h3>
        <button type="button" onClick={onClose} aria-label={tr('jt_closeThread')}>
          ×
        </button>
      </div>
      <div>
        {t.id >= 0 ? `#${t.id} ` : ''}
        {t.daemon ? `${tr('jt_daemon')} ` : ''}
        <span data-raw>
          <strong>{t.state}</strong>
          {t.stateDetail ? ` (${t.stateDetail})` : ''} — {t.headerState}
        </span>
        {t.cpuMs !== undefined ? tr('jt_cpu', { ms: t.cpuMs }) : ''} — {tr('gr_line', { n: t.line })}
      </div>
      {t.waitsFor && (
        <div className="jthreads-waits">
          <span data-raw>{t.waitsFor.action}</span> <code>{t.waitsFor.monitor}</code> (
          <code>{t.waitsFor.class}</code>)
          {t.waitsFor.owner ? (
            <>
              {' '}
              {tr('jt_heldBy')} <ThreadLink name={t.waitsFor.owner} onThread={onThread} />
            </>
          ) : null}
        </div>
      )}
      {t.holds.map((h) => (
        <div key={h.monitor} className="jthreads-holds">
          {tr('jt_holds')} <code>{h.monitor}</code> (<code>{h.class}</code>)
          {h.waiters.length > 0 ? (
            <>
              {tr('jt_waitedForBy')} <ThreadLinks names={h.waiters} onThread={onThread} />
            </>
          ) : null}
        </div>
      ))}
      {t.lines.length === 0 ? (
        <p className="jthreads-dim">{tr('jt_noJavaStack')}</p>
      ) : (
        <pre className="jthreads-stack-text" data-testid="jthreads-stack">
          {t.lines.map((l) => `${l.kind === 'lock' ? '\t' : ''}${l.text}`).join('\n')}
        </pre>
      )}
      {t.ownableSynchronizers.length > 0 && (
        <div>
          {tr('jt_ownable')}
          <ul>
            {t.ownableSynchronizers.map((s) => (
              <li key={s.monitor}>
                <code>{s.monitor}</code> (<code>{s.class}</code>)
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
