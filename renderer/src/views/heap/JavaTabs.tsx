import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.tsx';
import { EngineText } from '../../i18n/engine-text.tsx';
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
  const { t: tr } = useTranslation('views');
  const hasState = threads.some((t) => t.state !== undefined);
  const sorted = [...threads].sort((a, b) => b.retainedBytes - a.retainedBytes || a.serial - b.serial);
  return (
    <section aria-labelledby="heap-threads-h" className="heap-java">
      <h3 id="heap-threads-h">{tr('hp_threadsN', { n: formatCount(threads.length) })}</h3>
      <p className="heap-note">{tr('hp_threadsNote')}</p>
      <table className="heap-table">
        <thead>
          <tr>
            <th>{tr('hp_thread')}</th>
            {hasState && <th>{tr('jt_state')}</th>}
            <th>{tr('hp_stack')}</th>
            <th className="heap-num">{tr('hp_retained')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.serial} data-testid="heap-thread-row">
              <td className="heap-nowrap" data-raw>
                {t.id > 0 ? (
                  <button
                    type="button"
                    className="heap-link"
                    onClick={() => onInspect(t.id)}
                    aria-label={tr('hp_inspectThread', { name: t.name })}
                  >
                    {t.name}
                  </button>
                ) : (
                  t.name
                )}
              </td>
              {hasState && <td data-raw>{t.state ?? ''}</td>}
              <td>
                {t.frames.length === 0 ? (
                  <span className="heap-muted">{tr('hp_noJavaFrames')}</span>
                ) : (
                  <details className="heap-stack">
                    <summary>
                      <code>{t.frames[0]}</code>
                      {t.frames.length > 1 ? tr('hp_moreFrames', { n: t.frames.length - 1 }) : ''}
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
  const { t } = useTranslation('views');
  return (
    <section aria-labelledby="heap-unclosed-h" className="heap-java">
      <h3 id="heap-unclosed-h">{t('hp_tabUnclosed')}</h3>
      <p>
        {t('hp_unclosedIntro', { open: formatCount(unclosed.open), closed: formatCount(unclosed.closed) })}
      </p>
      {unclosed.groups[0]?.description && (
        <p className="heap-callout" data-testid="heap-unclosed-top">
          {unclosed.groups[0].descriptionMsg ? (
            <EngineText msg={unclosed.groups[0].descriptionMsg} text={unclosed.groups[0].description} />
          ) : (
            <Prose text={unclosed.groups[0].description} />
          )}
        </p>
      )}
      {unclosed.groups.length > 0 && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>{t('jt_class')}</th>
              <th className="heap-num">{t('hp_open')}</th>
              <th>{t('hp_heldByField')}</th>
              <th className="heap-num">{t('hp_retained')}</th>
              <th>{t('hp_example')}</th>
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
                      aria-label={t('hp_inspectOneAria', { type: g.type, owner: g.owner })}
                    >
                      {t('hp_inspectOne')}
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
  const { t } = useTranslation('views');
  return (
    <section aria-labelledby="heap-dups-h" className="heap-java">
      <h3 id="heap-dups-h">{t('hp_tabStrings')}</h3>
      <p>
        {t('hp_dupsIntro', { n: formatCount(duplicates.total) })} <Bytes n={duplicates.wastedBytes} /> (
        {t('hp_ofReachable', { pct: formatPercent(duplicates.wastedBytes, total) })}).
      </p>
      {duplicates.top.length > 0 && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>{t('hp_value')}</th>
              <th className="heap-num">{t('hp_copies')}</th>
              <th className="heap-num">{t('hp_wasted')}</th>
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
  const { t } = useTranslation('views');
  const topQuery = useQuery(() => query(engine, id, 'heap', 'roots', { limit: 50 }), [engine, id]);
  const { data: top } = topQuery;
  const kinds = Object.entries(byKind).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="heap-roots-h" className="heap-java">
      <h3 id="heap-roots-h">{t('hp_rootsByKind')}</h3>
      <table className="heap-table heap-narrow">
        <thead>
          <tr>
            <th>{t('hp_kind')}</th>
            <th className="heap-num">{t('hp_rootRecords')}</th>
            {objectsByKind && <th className="heap-num">{t('hp_distinctObjects')}</th>}
          </tr>
        </thead>
        <tbody>
          {kinds.map(([k, n]) => (
            <tr key={k} data-testid="heap-rootkind-row">
              <td data-raw>{k}</td>
              <td className="heap-num">{formatCount(n)}</td>
              {objectsByKind && <td className="heap-num">{formatCount(objectsByKind[k] ?? 0)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="heap-note">{t('hp_rootsNote')}</p>
      <h4>
        {t('hp_topRoots')}
        {top ? t('hp_rootObjectsN', { n: formatCount(top.total) }) : ''}
      </h4>
      <QueryState query={topQuery} />
      {top && (
        <table className="heap-table">
          <thead>
            <tr>
              <th>{t('hp_rootObject')}</th>
              <th className="heap-num">{t('hp_retained')}</th>
            </tr>
          </thead>
          <tbody>
            {top.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" className="heap-link" onClick={() => onInspect(r.id)} data-raw>
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
