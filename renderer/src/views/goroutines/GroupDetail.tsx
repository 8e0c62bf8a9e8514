import { useState } from 'react';
import type { Similarity } from '../../../../workers/formats/goroutines/model.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatCount } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { wait } from './GroupsTable.tsx';
import { Sparkline } from './Sparkline.tsx';

interface Props {
  engine: EngineRemote;
  id: string;
  groupKey: string;
  similarity: Similarity;
  series: number[] | undefined;
  onClose: () => void;
}

/** One group: the full stack with arguments (differing values merged into `*`), creator, ids. */
export function GroupDetail({ engine, id, groupKey, similarity, series, onClose }: Props) {
  const [showRuntime, setShowRuntime] = useState(true);
  const q = useQuery(
    () => query(engine, id, 'goroutines', 'group', groupKey, similarity),
    [engine, id, groupKey, similarity],
  );
  const detail = q.loading || q.error !== undefined ? undefined : (q.data ?? null);

  if (detail === undefined)
    return (
      <section className="goroutines-detail">
        {q.error !== undefined ? <QueryState query={q} /> : 'Loading stack…'}
      </section>
    );
  if (detail === null) {
    return (
      <section className="goroutines-detail">
        <p>This group does not exist at this grouping level.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }
  const states = Object.entries(detail.states);
  return (
    <section
      className="goroutines-detail"
      data-testid="goroutine-stack"
      aria-label={`Stack of ${detail.function}`}
    >
      <header className="goroutines-detail-head">
        <h3>
          {formatCount(detail.count)} × {detail.function || detail.topFrame}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close stack">
          ✕
        </button>
      </header>
      <dl className="goroutines-facts">
        <dt>State</dt>
        <dd>{states.map(([s, n]) => (states.length > 1 ? `${s} (${n})` : s)).join(', ')}</dd>
        <dt>Waiting</dt>
        <dd>
          {detail.waitMinutesMax
            ? `${wait(detail.waitMinutesMin, detail.waitMinutesMax)} minutes`
            : '< 1 minute'}
        </dd>
        <dt>Created by</dt>
        <dd>
          {detail.createdBy ? (
            <>
              <code>{detail.createdBy}</code>{' '}
              <span className="goroutines-loc">{detail.createdByLocation}</span>
              {detail.parentIds.length ? ` in goroutine ${detail.parentIds.join(', ')}` : ''}
            </>
          ) : (
            '—'
          )}
        </dd>
        {detail.lockedCount ? (
          <>
            <dt>Locked to thread</dt>
            <dd>{detail.lockedCount}</dd>
          </>
        ) : null}
        {detail.labels.length ? (
          <>
            <dt>Labels</dt>
            <dd>
              {detail.labels.map((l) => (
                <code key={l}>{l} </code>
              ))}
            </dd>
          </>
        ) : null}
        {series ? (
          <>
            <dt>Over time</dt>
            <dd>
              <Sparkline values={series} label={detail.function} />
            </dd>
          </>
        ) : null}
        <dt>Goroutine ids</dt>
        <dd className="goroutines-ids">
          {detail.ids.length
            ? `${detail.ids.slice(0, 40).join(', ')}${detail.ids.length > 40 ? ` … (${detail.ids.length})` : ''}`
            : 'not recorded (debug=1)'}
        </dd>
        <dt>In the file</dt>
        <dd>line {detail.firstLine}</dd>
      </dl>
      <label className="goroutines-muted">
        <input type="checkbox" checked={showRuntime} onChange={(e) => setShowRuntime(e.target.checked)} />{' '}
        Show runtime frames
      </label>
      <ol className="goroutines-stack">
        {detail.frames.map((f, i) =>
          !showRuntime && f.runtime ? null : (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: frames are positional
              key={i}
              className={
                f.runtime
                  ? 'goroutines-frame-runtime'
                  : f.stdlib
                    ? 'goroutines-frame-std'
                    : 'goroutines-frame-user'
              }
            >
              <code className="goroutines-frame-fn">
                {f.function}({f.args})
              </code>
              <span className="goroutines-loc">
                {f.file}:{f.line}
                {f.pcOffset !== undefined ? ` +0x${f.pcOffset.toString(16)}` : ''}
                {f.inlined ? ' (inlined)' : ''}
              </span>
            </li>
          ),
        )}
        {detail.elided ? (
          <li className="goroutines-muted">
            …{detail.elidedFrames !== undefined ? `${detail.elidedFrames} frames` : 'additional frames'}{' '}
            elided…
          </li>
        ) : null}
      </ol>
      {detail.ancestors.length ? (
        <details>
          <summary>Ancestors ({detail.ancestors.length})</summary>
          {detail.ancestors.map((a) => (
            <div key={a.id}>
              <p>originating from goroutine {a.id}</p>
              <ol className="goroutines-stack">
                {a.frames.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: frames are positional
                  <li key={i}>
                    <code>{f.function}</code> <span className="goroutines-loc">{`${f.file}:${f.line}`}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      ) : null}
    </section>
  );
}
