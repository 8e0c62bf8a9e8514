import { useState } from 'react';
import type { CompareMap } from '../../../../workers/engine/query-map.ts';
import type { GroupDelta } from '../../../../workers/formats/go-heapdump/handler.ts';
import { ArtifactPicker, sameFormat } from '../../components/ArtifactPicker.tsx';
import { formatCount } from '../../lib/format.ts';
import { compare, type EngineRemote, type OpenArtifact } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';
import { type ClassDelta, classDeltas } from './java.ts';

type Delta = GroupDelta;

/** Go dumps compare by address (the Go fields), Java dumps by class (`rows`). */
type HeapCompareResult = Partial<CompareMap['go-heap']> & Partial<CompareMap['hprof']>;

function DeltaTable({ title, rows }: { title: string; rows?: Delta[] }) {
  if (!rows || rows.length === 0) return null;
  return (
    <section>
      <h4>{title}</h4>
      <table className="heap-table">
        <thead>
          <tr>
            <th>Group</th>
            <th className="heap-num">Objects (before → after)</th>
            <th className="heap-num">Bytes (before → after)</th>
            <th className="heap-num">Growth</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 20).map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
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
  const [limit, setLimit] = useState(50);
  return (
    <section data-testid="heap-class-delta">
      <p>
        Shallow size of all objects changed by{' '}
        <strong>
          {totalDeltaBytes >= 0 ? '+' : ''}
          <Bytes n={totalDeltaBytes} />
        </strong>
        ; {formatCount(rows.length)} classes changed, {formatCount(grown)} of them have more instances.
      </p>
      {rows.length === 0 ? (
        <p>No class changed its instance count or size.</p>
      ) : (
        <table className="heap-table">
          <thead>
            <tr>
              <th>Class</th>
              <th className="heap-num">Instances (before → after)</th>
              <th className="heap-num">Δ instances</th>
              <th className="heap-num">Shallow (before → after)</th>
              <th className="heap-num">Δ shallow</th>
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
          Show more ({formatCount(rows.length - limit)} left)
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
  const candidates = sameFormat(artifact, others);
  const [base, setBase] = useState(candidates[0]?.id ?? '');
  const [result, setResult] = useState<HeapCompareResult | undefined>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (candidates.length === 0) {
    return (
      <p>
        {artifact.result.format === 'hprof'
          ? 'Open another HPROF dump of the same JVM (older first) to compare instance counts and sizes by class.'
          : 'Open another dump of the same process (older first) to compare: new objects, growth by root, site and shape.'}
      </p>
    );
  }
  const run = async () => {
    setError(undefined);
    setRunning(true);
    try {
      setResult(await compare(engine, 'heap', base, artifact.id));
    } catch (e) {
      setError(String(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="heap-compare">
      <div className="heap-toolbar">
        <ArtifactPicker
          label="Baseline"
          ariaLabel="Baseline dump"
          candidates={candidates}
          value={base}
          onChange={setBase}
        />
        <button type="button" onClick={() => void run()} disabled={running} data-testid="heap-compare-run">
          {running ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {error && <p className="heap-warning">{error}</p>}
      {result && (
        <>
          {result.newObjects !== undefined && (
            <p>
              {formatCount(result.newObjects)} new reachable objects (<Bytes n={result.newBytes ?? 0} />
              ), {formatCount(result.goneObjects ?? 0)} gone (<Bytes n={result.goneBytes ?? 0} />
              ); reachable heap changed by <Bytes n={result.reachableBytesDelta ?? 0} />.
            </p>
          )}
          <DeltaTable title="Growth by root" rows={result.byRoot} />
          <DeltaTable title="Retained by root" rows={result.rootRetained} />
          <DeltaTable title="Growth by allocation site" rows={result.bySite} />
          <DeltaTable title="Growth by shape" rows={result.byShape} />
          {(() => {
            const classes = classDeltas(result);
            return classes ? <ClassDeltaTable {...classes} /> : null;
          })()}
        </>
      )}
    </div>
  );
}
