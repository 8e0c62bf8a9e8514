import { QueryState } from '../../components/QueryState.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Bytes } from './HeapView.tsx';
import {
  codeSpans,
  type DuplicateStrings,
  type JavaThread,
  previewString,
  type UnclosedResources,
} from './java.ts';

/** Engine prose with `code` spans, rendered as React text. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((p, i) =>
        p.code ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: spans of one fixed string, never reordered
          <code key={i}>{p.text}</code>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: spans of one fixed string, never reordered
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** `com.example.order.domain.OrderAggregate` → `OrderAggregate` (the full name goes in a title). */
export function short(cls: string): string {
  if (cls.startsWith('class ')) return `class ${short(cls.slice(6))}`;
  const i = cls.lastIndexOf('.');
  return i >= 0 ? cls.slice(i + 1) : cls;
}

/** Threads from the dump: name, state when known, stack frames, retained size of the Thread object. */
export function Threads({ threads, onInspect }: { threads: JavaThread[]; onInspect: (id: number) => void }) {
  const hasState = threads.some((t) => t.state !== undefined);
  const sorted = [...threads].sort((a, b) => b.retainedBytes - a.retainedBytes || a.serial - b.serial);
  return (
    <section aria-labelledby="heap-threads-h" className="heap-java">
      <h3 id="heap-threads-h">Threads ({formatCount(threads.length)})</h3>
      <p className="heap-note">
        Stack traces as the dump recorded them (at the moment of the dump). Retained is what the
        java.lang.Thread object alone keeps alive; objects held by a thread's local variables are GC roots of
        kind “Java frame”.
      </p>
      <table className="heap-table">
        <thead>
          <tr>
            <th>Thread</th>
            {hasState && <th>State</th>}
            <th>Stack</th>
            <th className="heap-num">Retained</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.serial} data-testid="heap-thread-row">
              <td className="heap-nowrap">
                {t.id > 0 ? (
                  <button
                    type="button"
                    className="heap-link"
                    onClick={() => onInspect(t.id)}
                    aria-label={`Inspect thread ${t.name}`}
                  >
                    {t.name}
                  </button>
                ) : (
                  t.name
                )}
              </td>
              {hasState && <td>{t.state ?? ''}</td>}
              <td>
                {t.frames.length === 0 ? (
                  <span className="heap-muted">no Java frames</span>
                ) : (
                  <details className="heap-stack">
                    <summary>
                      <code>{t.frames[0]}</code>
                      {t.frames.length > 1 ? ` +${t.frames.length - 1} frames` : ''}
                    </summary>
                    <ol>
                      {t.frames.map((f, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: a stack may repeat a frame (recursion)
                        <li key={i}>
                          <code>{f}</code>
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
              <td className="heap-num">
                <Bytes n={t.retainedBytes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Reachable streams, readers and channels nobody closed, grouped by holder class and field. */
export function Unclosed({
  unclosed,
  total,
  onInspect,
}: {
  unclosed: UnclosedResources;
  total: number;
  onInspect: (id: number) => void;
}) {
  return (
    <section aria-labelledby="heap-unclosed-h" className="heap-java">
      <h3 id="heap-unclosed-h">Unclosed resources</h3>
      <p>
        {formatCount(unclosed.open)} reachable streams, readers or channels are still open;{' '}
        {formatCount(unclosed.closed)} reachable ones were closed. An open stream that is still reachable
        holds its buffer (and often a file descriptor) until someone closes it.
      </p>
      {unclosed.groups[0]?.description && (
        <p className="heap-callout" data-testid="heap-unclosed-top">
          <Prose text={unclosed.groups[0].description} />
        </p>
      )}
      {unclosed.groups.length > 0 && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>Class</th>
              <th className="heap-num">Open</th>
              <th>Held by (class.field)</th>
              <th className="heap-num">Retained</th>
              <th>Example</th>
            </tr>
          </thead>
          <tbody>
            {unclosed.groups.map((g) => (
              <tr key={`${g.type}|${g.owner}`} data-testid="heap-unclosed-row">
                <td title={g.type}>
                  <code>{short(g.type)}</code>
                </td>
                <td className="heap-num">{formatCount(g.count)}</td>
                <td title={g.field ? `${g.owner}.${g.field}` : g.owner}>
                  <code>{short(g.owner)}</code>
                  {g.field ? (
                    <>
                      .<code>{g.field}</code>
                    </>
                  ) : null}
                </td>
                <td className="heap-num">
                  <Bytes n={g.retainedBytes} /> <small>{formatPercent(g.retainedBytes, total)}</small>
                </td>
                <td className="heap-nowrap">
                  {g.sample > 0 && (
                    <button
                      type="button"
                      className="heap-link"
                      onClick={() => onInspect(g.sample)}
                      aria-label={`Inspect one ${g.type} held by ${g.owner}`}
                    >
                      inspect one
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** java.lang.String instances with equal contents: what deduplicating them would save. */
export function Duplicates({ duplicates, total }: { duplicates: DuplicateStrings; total: number }) {
  return (
    <section aria-labelledby="heap-dups-h" className="heap-java">
      <h3 id="heap-dups-h">Duplicate strings</h3>
      <p>
        {formatCount(duplicates.total)} distinct values occur more than once among reachable strings; the
        extra copies take <Bytes n={duplicates.wastedBytes} /> ({formatPercent(duplicates.wastedBytes, total)}{' '}
        of the reachable heap).
      </p>
      {duplicates.top.length > 0 && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>Value</th>
              <th className="heap-num">Copies</th>
              <th className="heap-num">Wasted</th>
            </tr>
          </thead>
          <tbody>
            {duplicates.top.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: previews are cut, two values may print alike
              <tr key={i} data-testid="heap-dup-row">
                <td className="heap-string-cell" title={d.value}>
                  <code>{previewString(d.value, 160)}</code>
                </td>
                <td className="heap-num">{formatCount(d.count)}</td>
                <td className="heap-num">
                  <Bytes n={d.wastedBytes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** GC roots by kind (root records in the dump), and the roots that keep the most alive. */
export function Roots({
  engine,
  id,
  byKind,
  objectsByKind,
  total,
  onInspect,
}: {
  engine: EngineRemote;
  id: string;
  byKind: Record<string, number>;
  objectsByKind?: Record<string, number>;
  total: number;
  onInspect: (id: number) => void;
}) {
  const topQuery = useQuery(() => query(engine, id, 'heap', 'roots', { limit: 50 }), [engine, id]);
  const { data: top } = topQuery;
  const kinds = Object.entries(byKind).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="heap-roots-h" className="heap-java">
      <h3 id="heap-roots-h">GC roots by kind</h3>
      <table className="heap-table heap-narrow">
        <thead>
          <tr>
            <th>Kind</th>
            <th className="heap-num">Root records</th>
            {objectsByKind && <th className="heap-num">Distinct objects</th>}
          </tr>
        </thead>
        <tbody>
          {kinds.map(([k, n]) => (
            <tr key={k} data-testid="heap-rootkind-row">
              <td>{k}</td>
              <td className="heap-num">{formatCount(n)}</td>
              {objectsByKind && <td className="heap-num">{formatCount(objectsByKind[k] ?? 0)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="heap-note">
        One object can be a root several times (a local variable in two frames, a class and a JNI global), so
        there are more root records than root objects.
      </p>
      <h4>Roots that keep the most alive{top ? ` (${formatCount(top.total)} root objects)` : ''}</h4>
      <QueryState query={topQuery} />
      {top && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>Root object</th>
              <th className="heap-num">Retained</th>
            </tr>
          </thead>
          <tbody>
            {top.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" className="heap-link" onClick={() => onInspect(r.id)}>
                    {r.label}
                  </button>
                </td>
                <td className="heap-num">
                  <Bytes n={r.retainedBytes} /> <small>{formatPercent(r.retainedBytes, total)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
