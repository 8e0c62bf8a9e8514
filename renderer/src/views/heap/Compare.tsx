import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareMap } from '../../../../workers/engine/query-map.ts';
import type { GroupDelta } from '../../../../workers/formats/go-heapdump/handler.ts';
import { ArtifactPicker, sameFormat } from '../../components/ArtifactPicker.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatCount } from '../../lib/format.ts';
import { useQueryOnDemand } from '../../lib/use-query.ts';
import { compare, type EngineRemote, type OpenArtifact } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';
import { type ClassDelta, classDeltas } from './java.ts';

type Delta = GroupDelta;

/** Go dumps compare by address (the Go fields), Java dumps by class (`rows`). */
type HeapCompareResult = Partial<CompareMap['go-heap']> & Partial<CompareMap['hprof']>;

function DeltaTable({ title, rows }: { title: string; rows?: Delta[] }) {
  const { t } = useTranslation('views');
  if (!rows || rows.length === 0) return null;
  return (
    <section>
      <h4>{title}</h4>
      <table className="heap-table">
        <thead>
          <tr>
            <th>{t('hp_group')}</th>
            <th className="heap-num">{t('hp_objectsBA')}</th>
            <th className="heap-num">{t('hp_bytesBA')}</th>
            <th className="heap-num">{t('hp_growth')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 20).map((r) => (
            <tr key={r.name}>
              <td data-raw>{r.name}</td>
              <td className="heap-num">
                {formatCount(r.baseCount)} → {formatCount(r.count)}
              </td>
              <td className="heap-num">
                <Bytes n={r.baseBytes} /> → <Bytes n={r.bytes} />
              </td>
              <td className="heap-num">
                {r.bytesDelta >= 0 ? '+' : ''}
                <Bytes n={r.bytesDelta} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));

/** Class histogram delta (Java: objects move between dumps, so dumps compare by class). */
function ClassDeltaTable({
  rows,
  totalDeltaBytes,
  grown,
}: {
  rows: ClassDelta[];
  totalDeltaBytes: number;
  grown: number;
}) {
  const { t } = useTranslation('views');
  const [limit, setLimit] = useState(50);
  return (
    <section data-testid="heap-class-delta">
      <p>
        {t('hp_shallowChanged')}{' '}
        <strong>
          {totalDeltaBytes >= 0 ? '+' : ''}
          <Bytes n={totalDeltaBytes} />
        </strong>
        {t('hp_classesChanged', { n: formatCount(rows.length), grown: formatCount(grown) })}
      </p>
      {rows.length === 0 ? (
        <p>{t('hp_noClassChanged')}</p>
      ) : (
        <table className="heap-table">
          <thead>
            <tr>
              <th>{t('jt_class')}</th>
              <th className="heap-num">{t('hp_instancesBA')}</th>
              <th className="heap-num">{t('hp_deltaInstances')}</th>
              <th className="heap-num">{t('hp_shallowBA')}</th>
              <th className="heap-num">{t('hp_deltaShallow')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r) => (
              <tr key={r.type} data-testid="heap-class-delta-row">
                <td>
                  <code>{r.type}</code>
                </td>
                <td className="heap-num">
                  {formatCount(r.baseCount)} → {formatCount(r.count)}
                </td>
                <td className="heap-num">{signed(r.deltaCount)}</td>
                <td className="heap-num">
                  <Bytes n={r.baseBytes} /> → <Bytes n={r.bytes} />
                </td>
                <td className="heap-num">
                  {r.deltaBytes >= 0 ? '+' : ''}
                  <Bytes n={r.deltaBytes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > limit && (
        <button type="button" onClick={() => setLimit(limit + 200)}>
          {t('hp_showMore', { n: formatCount(rows.length - limit) })}
        </button>
      )}
    </section>
  );
}

/** Compares this dump with an older one of the same format. */
export function Compare({
  engine,
  artifact,
  others,
}: {
  engine: EngineRemote;
  artifact: OpenArtifact;
  others: OpenArtifact[];
}) {
  const { t } = useTranslation('views');
  const candidates = sameFormat(artifact, others);
  const [base, setBase] = useState(candidates[0]?.id ?? '');
  const comparison = useQueryOnDemand(
    (_signal, baseId: string): Promise<HeapCompareResult> => compare(engine, 'heap', baseId, artifact.id),
    [engine, artifact.id],
  );
  const result = comparison.data;
  const running = comparison.loading;
  if (candidates.length === 0) {
    return <p>{artifact.result.format === 'hprof' ? t('hp_compareNoneJava') : t('hp_compareNoneGo')}</p>;
  }
  return (
    <div className="heap-compare">
      <div className="heap-toolbar">
        <ArtifactPicker
          label={t('hp_baseline')}
          ariaLabel={t('hp_baselineDump')}
          candidates={candidates}
          value={base}
          onChange={setBase}
        />
        <button
          type="button"
          onClick={() => comparison.run(base)}
          disabled={running}
          data-testid="heap-compare-run"
        >
          {running ? t('comparing') : t('gr_tabCompare')}
        </button>
      </div>
      <QueryState query={comparison} />
      {result && (
        <>
          {result.newObjects !== undefined && (
            <p>
              {t('hp_newObjects', { n: formatCount(result.newObjects) })} (<Bytes n={result.newBytes ?? 0} />
              ), {t('hp_goneObjects', { n: formatCount(result.goneObjects ?? 0) })} (
              <Bytes n={result.goneBytes ?? 0} />){t('hp_reachableChanged')}{' '}
              <Bytes n={result.reachableBytesDelta ?? 0} />.
            </p>
          )}
          <DeltaTable title={t('hp_growthByRoot')} rows={result.byRoot} />
          <DeltaTable title={t('hp_retainedByRoot')} rows={result.rootRetained} />
          <DeltaTable title={t('hp_growthBySite')} rows={result.bySite} />
          <DeltaTable title={t('hp_growthByShape')} rows={result.byShape} />
          {(() => {
            const classes = classDeltas(result);
            return classes ? <ClassDeltaTable {...classes} /> : null;
          })()}
        </>
      )}
    </div>
  );
}
