import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArtifactPicker, sameFormat } from '../../components/ArtifactPicker.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { EngineText } from '../../i18n/engine-text.tsx';
import { formatCount } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
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
  new: 'gr_stNew',
  grown: 'gr_stGrown',
  shrunk: 'gr_stShrunk',
  gone: 'gr_stGone',
  same: 'gr_stSame',
};

/** This dump against another open goroutine dump (the older one is the base). */
export function CompareView({ engine, artifact, others, onSelect }: Props) {
  const { t } = useTranslation('views');
  const candidates = sameFormat(artifact, others);
  const [otherId, setOtherId] = useState(defaultBase(artifact, candidates)?.id ?? '');
  const [showSame, setShowSame] = useState(false);
  const cmpQuery = useQuery(() => {
    const other = candidates.find((c) => c.id === otherId);
    if (!other) return undefined;
    // Older first: order by capture time when known.
    const ordered = goroutineDumps(artifact, [other]);
    return compare(engine, 'goroutines', ordered[0].id, ordered[1].id);
    // candidates follow `others`, keyed by id
  }, [engine, artifact, otherId]);
  const cmp = cmpQuery.data;

  if (candidates.length === 0) {
    return <p className="goroutines-muted">{t('gr_compareNone')}</p>;
  }
  const rows = cmp?.groups.filter((g) => showSame || g.status !== 'same') ?? [];
  return (
    <div className="goroutines-compare" data-testid="goroutine-compare">
      <div className="goroutines-toolbar">
        <ArtifactPicker
          label={t('compareWith')}
          ariaLabel={t('gr_compareWithAria')}
          candidates={candidates}
          value={otherId}
          onChange={setOtherId}
        />
        <label>
          <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} />{' '}
          {t('gr_showSame')}
        </label>
      </div>
      <QueryState query={cmpQuery} />
      {cmp ? (
        <>
          <p className="goroutines-compare-summary">
            <span data-raw>{cmp.dumps.map((d) => d.file).join(' → ')}</span>
            {t('gr_compareTotals', {
              totals: cmp.totals.map(formatCount).join(' → '),
              delta: `${cmp.totalDelta >= 0 ? '+' : ''}${formatCount(cmp.totalDelta)}`,
            })}
            {t('gr_compareGroups', cmp.summary)}
            {cmp.persistentIds ? t('gr_compareIds', { n: formatCount(cmp.persistentIds.count) }) : ''}
            {cmp.matchedBy === 'frames' ? t('gr_compareFrames') : ''}
          </p>
          {cmp.growing.length ? (
            <ol className="goroutines-growing">
              {cmp.growing.slice(0, 5).map((g) => (
                <li key={g.key} data-testid="goroutine-growing">
                  <EngineText msg={g.explanationMsg} text={g.explanation} />
                </li>
              ))}
            </ol>
          ) : null}
          <table className="goroutines-compare-table">
            <thead>
              <tr>
                <th>{t('gr_change')}</th>
                <th className="goroutines-num">{t('before')}</th>
                <th className="goroutines-num">{t('after')}</th>
                <th className="goroutines-num">Δ</th>
                <th>{t('gr_colState')}</th>
                <th>{t('gr_colFunction')}</th>
                <th>{t('gr_colCreatedBy')}</th>
                <th>{t('gr_trend')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 500).map((g) => (
                <tr key={`${g.key}`} className={`goroutines-status-${g.status}`}>
                  <td>{STATUS_LABEL[g.status] ? t(STATUS_LABEL[g.status]) : g.status}</td>
                  <td className="goroutines-num">{formatCount(g.base)}</td>
                  <td className="goroutines-num">{formatCount(g.current)}</td>
                  <td className="goroutines-num">
                    {g.delta > 0 ? '+' : ''}
                    {formatCount(g.delta)}
                  </td>
                  <td data-raw>{g.state}</td>
                  <td data-raw>
                    {g.current > 0 ? (
                      <button type="button" className="goroutines-link" onClick={() => onSelect(g.key)}>
                        {g.function}
                      </button>
                    ) : (
                      g.function
                    )}
                  </td>
                  <td data-raw>{g.createdBy || '—'}</td>
                  <td>
                    <Sparkline values={g.counts} label={g.function} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
