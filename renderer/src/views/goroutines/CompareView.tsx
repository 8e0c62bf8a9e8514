import { useEffect, useState } from 'react';
import type { GoroutineComparison } from '../../../../workers/formats/goroutines/compare.ts';
import { ArtifactPicker, sameFormat } from '../../components/ArtifactPicker.tsx';
import { formatCount } from '../../lib/format.ts';
import { compare, type EngineRemote, type OpenArtifact } from '../view-contract.ts';
import { Sparkline } from './Sparkline.tsx';
import { defaultBase, goroutineDumps } from './series.ts';

interface Props {
  engine: EngineRemote;
  artifact: OpenArtifact;
  others: OpenArtifact[];
  onSelect: (key: string) => void;
}

const STATUS_LABEL: Record<string, string> = {
  new: 'new',
  grown: 'grown',
  shrunk: 'shrunk',
  gone: 'gone',
  same: 'same',
};

/** This dump against another open goroutine dump (the older one is the base). */
export function CompareView({ engine, artifact, others, onSelect }: Props) {
  const candidates = sameFormat(artifact, others);
  const [otherId, setOtherId] = useState(defaultBase(artifact, candidates)?.id ?? '');
  const [cmp, setCmp] = useState<GoroutineComparison>();
  const [error, setError] = useState<string>();
  const [showSame, setShowSame] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: candidates follow `others`, keyed by id
  useEffect(() => {
    if (!otherId) return;
    const other = candidates.find((c) => c.id === otherId);
    if (!other) return;
    // Older first: order by capture time when known.
    const ordered = goroutineDumps(artifact, [other]);
    let live = true;
    setError(undefined);
    compare(engine, 'goroutines', ordered[0].id, ordered[1].id)
      .then((c) => {
        if (live) setCmp(c);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [engine, artifact, otherId]);

  if (candidates.length === 0) {
    return (
      <p className="goroutines-muted">Open another goroutine dump of the same service to compare with it.</p>
    );
  }
  const rows = cmp?.groups.filter((g) => showSame || g.status !== 'same') ?? [];
  return (
    <div className="goroutines-compare" data-testid="goroutine-compare">
      <div className="goroutines-toolbar">
        <ArtifactPicker
          label="Compare with"
          ariaLabel="Dump to compare with"
          candidates={candidates}
          value={otherId}
          onChange={setOtherId}
        />
        <label>
          <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> Show
          unchanged groups
        </label>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {cmp ? (
        <>
          <p className="goroutines-compare-summary">
            {cmp.dumps.map((d) => d.file).join(' → ')}: {cmp.totals.map(formatCount).join(' → ')} goroutines (
            {cmp.totalDelta >= 0 ? '+' : ''}
            {formatCount(cmp.totalDelta)}). Groups: {cmp.summary.new} new, {cmp.summary.grown} grown,{' '}
            {cmp.summary.shrunk} shrunk, {cmp.summary.gone} gone.
            {cmp.persistentIds
              ? ` ${formatCount(cmp.persistentIds.count)} goroutine ids are in both dumps.`
              : ''}
            {cmp.matchedBy === 'frames' ? ' (debug=1 against debug=2: matched by stack frames.)' : ''}
          </p>
          {cmp.growing.length ? (
            <ol className="goroutines-growing">
              {cmp.growing.slice(0, 5).map((g) => (
                <li key={g.key} data-testid="goroutine-growing">
                  {g.explanation}
                </li>
              ))}
            </ol>
          ) : null}
          <table className="goroutines-compare-table">
            <thead>
              <tr>
                <th>Change</th>
                <th className="goroutines-num">Before</th>
                <th className="goroutines-num">After</th>
                <th className="goroutines-num">Δ</th>
                <th>State</th>
                <th>Function</th>
                <th>Created by</th>
                <th>Trend</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 500).map((g) => (
                <tr key={`${g.key}`} className={`goroutines-status-${g.status}`}>
                  <td>{STATUS_LABEL[g.status]}</td>
                  <td className="goroutines-num">{formatCount(g.base)}</td>
                  <td className="goroutines-num">{formatCount(g.current)}</td>
                  <td className="goroutines-num">
                    {g.delta > 0 ? '+' : ''}
                    {formatCount(g.delta)}
                  </td>
                  <td>{g.state}</td>
                  <td>
                    {g.current > 0 ? (
                      <button type="button" className="goroutines-link" onClick={() => onSelect(g.key)}>
                        {g.function}
                      </button>
                    ) : (
                      g.function
                    )}
                  </td>
                  <td>{g.createdBy || '—'}</td>
                  <td>
                    <Sparkline values={g.counts} label={g.function} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : error ? null : (
        <p>Comparing…</p>
      )}
    </div>
  );
}
