import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeapBlock } from '../../../../contract/inspect.ts';
import { stepVia } from '../../../../workers/graph/path-steps.ts';
import { type TabItem, Tabs } from '../../components/Tabs.tsx';
import { formatBytes, formatCount, formatPercent } from '../../lib/format.ts';
import type { ArtifactViewProps } from '../view-contract.ts';
import { Compare } from './Compare.tsx';
import { DominatorTree } from './DominatorTree.tsx';
import { Groups } from './Groups.tsx';
import { Inspector } from './Inspector.tsx';
import { Duplicates, Prose, Roots, Threads, Unclosed } from './JavaTabs.tsx';
import { type JavaExtras, javaExtras, type Suspect, type UnreachableRow, unreachableRows } from './java.ts';
import './heap.css';
import { EngineText, useEngineText } from '../../i18n/engine-text.tsx';

/** Bytes for humans, the exact value on hover. */
export function Bytes({ n }: { n: number }) {
  return <span title={`${formatCount(n)} bytes`}>{formatBytes(n)}</span>;
}

type Tab = 'overview' | 'tree' | 'groups' | 'threads' | 'unclosed' | 'strings' | 'roots' | 'compare';

/** What the inspector shows: a node, and whether to look up its paths to GC roots right away. */
interface Inspecting {
  node: number;
  paths: boolean;
  /** Bumped on every request so asking again for the same node re-runs it. */
  seq: number;
}

/** A dump that is mostly garbage: what the unreachable objects are, biggest classes first. */
function UnreachableTable({ rows }: { rows: UnreachableRow[] }) {
  return (
    <table className="heap-table" data-testid="heap-unreachable-histogram">
      <caption>Unreachable objects by class (shallow size)</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Objects</th>
          <th scope="col">Shallow</th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 10).map((r) => (
          <tr key={r.type} data-testid="heap-unreachable-row">
            <td>
              <code>{r.type}</code>
            </td>
            <td>{formatCount(r.count)}</td>
            <td>
              <Bytes n={r.shallowBytes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The references from the GC root down to an accumulated object, each named by its field. */
function FieldPath({
  steps,
  onInspect,
}: {
  steps: NonNullable<Suspect['pathSteps']>;
  onInspect: (id: number) => void;
}) {
  const { t } = useTranslation('views');
  return (
    <ol
      className="heap-path heap-field-path"
      aria-label={t('hp_referencePath')}
      data-testid="heap-suspect-field-path"
    >
      {steps.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a path is a fixed sequence
        <li key={i} data-testid="heap-suspect-step">
          {/* Java names the field; Go the pointer's offset (+0x10) or element index ([3]) */}
          {stepVia(p) && <code className="heap-via">{stepVia(p)}</code>}{' '}
          <button type="button" className="heap-link" onClick={() => onInspect(p.id)} data-raw>
            {p.label}
          </button>
        </li>
      ))}
    </ol>
  );
}

function SuspectItem({
  s,
  total,
  unreachable,
  onInspect,
  onGroup,
}: {
  s: Suspect;
  total: number;
  unreachable: UnreachableRow[];
  onInspect: (id: number, paths?: boolean) => void;
  onGroup: (groupBy: string, name: string) => void;
}) {
  const { t } = useTranslation('views');
  const percent = Number.isFinite(s.percent)
    ? `${s.percent.toFixed(1)} %`
    : formatPercent(s.retainedBytes, total);
  const garbage = s.kind === 'unreachable';
  return (
    <li data-testid="heap-suspect" data-kind={s.kind}>
      <strong>
        <EngineText msg={s.titleMsg} text={s.title} />
      </strong>
      <p>
        {s.descriptionMsg ? (
          <EngineText msg={s.descriptionMsg} text={s.description} />
        ) : (
          <Prose text={s.description} />
        )}
      </p>
      {garbage && unreachable.length > 0 && <UnreachableTable rows={unreachable} />}
      <dl className="heap-facts heap-suspect-facts">
        <dt>{garbage ? t('hp_unreachableShort') : t('hp_retained')}</dt>
        <dd>
          <Bytes n={s.retainedBytes} /> —{' '}
          {garbage ? t('hp_ofDump', { pct: percent }) : t('hp_ofReachable', { pct: percent })}
        </dd>
        {s.holder && (
          <>
            <dt>{t('hp_holder')}</dt>
            <dd>
              <code>{s.holder}</code>
            </dd>
          </>
        )}
        {s.staticField && !s.holder && (
          <>
            <dt>{t('hp_heldIn')}</dt>
            <dd>
              {t('hp_staticField')} <code>{s.staticField}</code>
            </dd>
          </>
        )}
        {s.chainLength !== undefined && (
          <>
            <dt>{t('hp_linkedChain')}</dt>
            <dd data-testid="heap-chain-length">{t('hp_chainObjects', { n: formatCount(s.chainLength) })}</dd>
          </>
        )}
        {s.path.length > 0 && (
          <>
            <dt>{t('hp_pathFromRoot')}</dt>
            <dd>
              <ol className="heap-path heap-suspect-path" aria-label={t('hp_pathFromRoot')} data-raw>
                {s.path.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a path is a fixed sequence
                  <li key={i}>{p}</li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {s.pathSteps && s.pathSteps.length > 0 && (
          <>
            <dt>{t('hp_references')}</dt>
            <dd>
              <FieldPath steps={s.pathSteps} onInspect={onInspect} />
            </dd>
          </>
        )}
        {s.accumulationPoint && (
          <>
            <dt>{t('hp_accumulation')}</dt>
            <dd data-testid="heap-accumulation">
              {s.accumulationId !== undefined ? (
                <button
                  type="button"
                  className="heap-link"
                  onClick={() => onInspect(s.accumulationId as number)}
                  data-raw
                >
                  {s.accumulationPoint}
                </button>
              ) : (
                <span data-raw>{s.accumulationPoint}</span>
              )}
              {s.accumulatedType && s.accumulatedCount !== undefined && (
                <>
                  {' '}
                  — {t('hp_holds', { n: formatCount(s.accumulatedCount) })} × <code>{s.accumulatedType}</code>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {s.id !== undefined && (
        <div className="heap-actions">
          <button
            type="button"
            onClick={() => onInspect(s.id as number, true)}
            data-testid="heap-suspect-paths"
          >
            {t('hp_openPath')}
          </button>
          <button type="button" onClick={() => onInspect(s.id as number)}>
            {t('hp_inspectHolder')}
          </button>
        </div>
      )}
      {s.id === undefined && s.group !== undefined && s.kind.startsWith('group:') && (
        <div className="heap-actions">
          <button type="button" onClick={() => onGroup(s.kind.slice('group:'.length), s.group as string)}>
            {t('hp_showGroup')}
          </button>
        </div>
      )}
    </li>
  );
}

function Overview({
  heap,
  java,
  onInspect,
  onGroup,
}: {
  heap: HeapBlock;
  java: JavaExtras;
  onInspect: (id: number, paths?: boolean) => void;
  onGroup: (groupBy: string, name: string) => void;
}) {
  const { t } = useTranslation('views');
  const engineText = useEngineText();
  const unreachableObjects = heap.unreachableObjects ?? 0;
  const unreachableBytes = heap.totalBytes - heap.reachableBytes;
  const unreachable = unreachableRows(heap);
  const rootsByKind = heap.rootsByKind ?? {};
  const ms = heap.memStats;
  const goroutines = heap.goroutines;
  return (
    <div className="heap-overview">
      <dl className="heap-facts">
        <dt>{t('hp_objects')}</dt>
        <dd>{formatCount(heap.objects)}</dd>
        <dt>{t('hp_total')}</dt>
        <dd>
          <Bytes n={heap.totalBytes} />
        </dd>
        <dt>{t('hp_reachable')}</dt>
        <dd>
          <Bytes n={heap.reachableBytes} /> ({formatPercent(heap.reachableBytes, heap.totalBytes)})
        </dd>
        <dt>{t('hp_unreachable')}</dt>
        <dd>
          {t('hp_objectsN', { n: formatCount(unreachableObjects) })}, <Bytes n={unreachableBytes} />
        </dd>
        <dt>{t('hp_gcRoots')}</dt>
        <dd>
          {formatCount(heap.gcRoots)}{' '}
          <span data-raw>
            {Object.entries(rootsByKind)
              .map(([k, v]) => `${k}: ${formatCount(v)}`)
              .join(' · ')}
          </span>
        </dd>
        <dt>{t('hp_references')}</dt>
        <dd>{formatCount(heap.edges)}</dd>
        {java.hprof && (
          <>
            <dt>HPROF</dt>
            <dd>
              {t('hp_hprofVersion', { v: java.hprof.version ?? '?', id: java.hprof.idSize ?? '?' })}
              {java.hprof.classes !== undefined
                ? t('hp_classesN', { n: formatCount(java.hprof.classes) })
                : ''}
              {java.hprof.gzip ? t('hp_gzip') : ''}
            </dd>
          </>
        )}
        {java.unclosed && java.unclosed.open > 0 && (
          <>
            <dt>{t('hp_tabUnclosed')}</dt>
            <dd>{t('hp_stillOpen', { n: formatCount(java.unclosed.open) })}</dd>
          </>
        )}
      </dl>
      {java.convention && (
        <p className="heap-note" data-testid="heap-size-convention">
          <strong>{t('hp_shallowSizes')}</strong>{' '}
          {t('hp_convention', { convention: engineText.text(java.conventionMsg, java.convention) })}
        </p>
      )}

      <section aria-labelledby="heap-suspects-h">
        <h3 id="heap-suspects-h">{t('gr_leakSuspects')}</h3>
        {heap.suspects.length === 0 ? (
          <p>{t('hp_noSuspects')}</p>
        ) : (
          <ol className="heap-suspects">
            {(heap.suspects as Suspect[]).map((s) => (
              <SuspectItem
                key={`${s.kind}-${s.title}`}
                s={s}
                total={heap.reachableBytes}
                unreachable={unreachable}
                onInspect={onInspect}
                onGroup={onGroup}
              />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="heap-top-h">
        <h3 id="heap-top-h">{t('hp_topRetainers')}</h3>
        <table className="heap-table">
          <thead>
            <tr>
              <th>{t('hp_retainer')}</th>
              <th>{t('hp_heldFrom')}</th>
              <th className="heap-num">{t('hp_shallow')}</th>
              <th className="heap-num">{t('hp_retained')}</th>
            </tr>
          </thead>
          <tbody>
            {heap.top.map((t) => (
              <tr key={t.id}>
                <td>
                  <button type="button" className="heap-link" onClick={() => onInspect(t.id)} data-raw>
                    {t.label}
                  </button>
                </td>
                <td data-raw>{t.root}</td>
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
          <h3 id="heap-gor-h">{t('hp_goroutines')}</h3>
          <table className="heap-table">
            <tbody>
              {goroutines.slice(0, 15).map((g) => (
                <tr key={g.node}>
                  <td>
                    <button type="button" className="heap-link" onClick={() => onInspect(g.node)} data-raw>
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
          {ms.notes.map((n, i) => (
            <p key={n}>
              <EngineText msg={ms.noteMsgs?.[i]} text={n} />
            </p>
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
                <dt data-raw>{k}</dt>
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
  const [inspect, setInspect] = useState<Inspecting | undefined>();
  const [groupFocus, setGroupFocus] = useState<{ groupBy: string; name: string } | undefined>();
  const { t } = useTranslation('views');
  if (!heap) return <p>{t('hp_noHeap')}</p>;
  const java = javaExtras(heap);
  const isJava = java.hprof !== undefined || artifact.result.format === 'hprof';
  const open = (node: number, paths = false) =>
    setInspect((cur) => ({ node, paths, seq: (cur?.seq ?? 0) + 1 }));
  const tabs: TabItem<Tab>[] = [
    { id: 'overview', label: t('hp_tabOverview') },
    { id: 'tree', label: t('hp_tabTree') },
    { id: 'groups', label: t('hp_tabGroups') },
  ];
  if (java.threads && java.threads.length > 0) tabs.push({ id: 'threads', label: t('hp_tabThreads') });
  if (java.unclosed) tabs.push({ id: 'unclosed', label: t('hp_tabUnclosed') });
  if (java.duplicates) tabs.push({ id: 'strings', label: t('hp_tabStrings') });
  if (java.rootsByKind) tabs.push({ id: 'roots', label: t('hp_gcRoots') });
  tabs.push({ id: 'compare', label: t('gr_tabCompare') });
  return (
    <div className="heap-view">
      {artifact.result.truncated && (
        <p className="heap-warning" role="alert">
          {t('hp_truncated', { n: formatCount(artifact.result.truncatedAt ?? 0) })}
        </p>
      )}
      <Tabs
        tabs={tabs}
        selected={tab}
        onSelect={(t) => {
          setTab(t);
          if (t === 'groups') setGroupFocus(undefined);
        }}
        className="heap-tabs"
        tabClassName="heap-tab"
        selectedClassName="heap-tab-on"
        testIdPrefix="heap-tab-"
      />
      <div className="heap-body">
        <div className="heap-main" role="tabpanel">
          {tab === 'overview' && (
            <Overview
              heap={heap}
              java={java}
              onInspect={open}
              onGroup={(groupBy, name) => {
                setGroupFocus({ groupBy, name });
                setTab('groups');
              }}
            />
          )}
          {tab === 'tree' && (
            <DominatorTree engine={engine} id={artifact.id} total={heap.reachableBytes} onInspect={open} />
          )}
          {tab === 'groups' && (
            <Groups
              key={groupFocus ? `${groupFocus.groupBy}:${groupFocus.name}` : 'groups'}
              engine={engine}
              id={artifact.id}
              onInspect={open}
              focus={groupFocus}
            />
          )}
          {tab === 'threads' && java.threads && <Threads threads={java.threads} onInspect={open} />}
          {tab === 'unclosed' && java.unclosed && (
            <Unclosed unclosed={java.unclosed} total={heap.reachableBytes} onInspect={open} />
          )}
          {tab === 'strings' && java.duplicates && (
            <Duplicates duplicates={java.duplicates} total={heap.reachableBytes} />
          )}
          {tab === 'roots' && java.rootsByKind && (
            <Roots
              engine={engine}
              id={artifact.id}
              byKind={java.rootsByKind}
              objectsByKind={heap.rootsByKind as Record<string, number> | undefined}
              total={heap.reachableBytes}
              onInspect={open}
            />
          )}
          {tab === 'compare' && <Compare engine={engine} artifact={artifact} others={others} />}
        </div>
        {inspect !== undefined && (
          <Inspector
            key={inspect.paths ? `paths-${inspect.seq}` : 'inspector'}
            engine={engine}
            id={artifact.id}
            node={inspect.node}
            java={isJava}
            autoPaths={inspect.paths}
            onInspect={(n) => open(n)}
            onClose={() => setInspect(undefined)}
          />
        )}
      </div>
    </div>
  );
}
