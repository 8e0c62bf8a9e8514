import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeapPathStep } from '../../../../contract/inspect.ts';
import { stepVia } from '../../../../workers/graph/path-steps.ts';
import type { HeapNodeRow } from '../../../../workers/graph/queries.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { useQuery, useQueryOnDemand } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { Fields } from './Fields.tsx';
import { Bytes } from './HeapView.tsx';

interface Props {
  engine: EngineRemote;
  id: string;
  node: number;
  onInspect: (id: number) => void;
  onClose: () => void;
  /** The format decodes Java fields (`fields` / `stringValue` queries). */
  java?: boolean;
  /** Look up the paths to GC roots as soon as the object is shown (and move focus here). */
  autoPaths?: boolean;
}

function hexLines(bytes: Uint8Array, base: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.subarray(o, o + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    out.push(`${(base + o).toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return out;
}

/** A path row; Go dumps add where the next row (toward the root) holds it. */
type PathRow = HeapNodeRow & Pick<HeapPathStep, 'field' | 'index' | 'offset'>;

/** One object: address, size, groups, contents (hex + ASCII), pointers, paths to GC roots. */
export function Inspector({ engine, id, node, onInspect, onClose, java, autoPaths }: Props) {
  const { t } = useTranslation('views');
  const headRef = useRef<HTMLHeadingElement>(null);
  // the object, then its first bytes when it has any
  const detailsQuery = useQuery(async () => {
    const d = await query(engine, id, 'heap', 'node', node);
    const contents = d.hasContents
      ? await query(engine, id, 'heap', 'contents', node, { limit: 1024 })
      : undefined;
    return { ...d, contents };
  }, [engine, id, node]);
  // an answer about the previous object (kept while the next one loads) is not shown as this one
  const details = detailsQuery.data?.node.id === node ? detailsQuery.data : undefined;
  const contents = details?.contents;
  const paths = useQueryOnDemand(
    () => query(engine, id, 'heap', 'pathsToRoots', node, { max: 5, excludeWeak: true }),
    [engine, id, node],
  );
  const findPaths = paths.run;
  useEffect(() => {
    if (!autoPaths) return;
    headRef.current?.focus();
    findPaths();
  }, [autoPaths, findPaths]);

  const link = (r: HeapNodeRow) => (
    <button type="button" className="heap-link" onClick={() => onInspect(r.id)} data-raw>
      {r.label}
    </button>
  );

  return (
    <aside className="heap-inspector" aria-label={t('hp_inspector')} data-testid="heap-inspector">
      <div className="heap-inspector-head">
        <h3 ref={headRef} tabIndex={-1} data-raw>
          {details?.node.label ?? '…'}
        </h3>
        <button type="button" onClick={onClose} aria-label={t('hp_closeInspector')}>
          ✕
        </button>
      </div>
      <QueryState query={{ ...detailsQuery, data: details }} />
      {details && (
        <>
          <dl className="heap-facts">
            {details.node.address > 0 && (
              <>
                <dt>{t('hp_address')}</dt>
                <dd>0x{details.node.address.toString(16)}</dd>
              </>
            )}
            <dt>{t('hp_shallow')}</dt>
            <dd>
              <Bytes n={details.node.shallowBytes} />
            </dd>
            <dt>{t('hp_retained')}</dt>
            <dd>
              <Bytes n={details.node.retainedBytes} />
            </dd>
            {!details.node.reachable && (
              <>
                <dt>{t('hp_reachable')}</dt>
                <dd>{t('hp_garbage')}</dd>
              </>
            )}
            {details.dominator && (
              <>
                <dt>{t('hp_dominator')}</dt>
                <dd>{link(details.dominator)}</dd>
              </>
            )}
            {Object.entries(details.groups).map(([k, v]) => (
              <div key={`g-${k}`}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
            {Object.entries(details.details).map(([k, v]) => (
              <div key={`d-${k}`}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <button type="button" onClick={() => findPaths()} data-testid="paths-to-roots">
            {t('hp_pathsToRoots')}
          </button>
          <QueryState query={paths} />
          {paths.data && (
            <div className="heap-paths" data-testid="heap-paths">
              {paths.data.length === 0 && <p>{t('hp_noPath')}</p>}
              {paths.data.length > 0 && (
                <p className="heap-note">
                  {t('hp_pathsNote', { count: paths.data.length })} {t('hp_pathsInBefore')} <code>field</code>{' '}
                  {t('hp_pathsInAfter')}
                </p>
              )}
              {paths.data.map((p: PathRow[], i) => (
                <ol
                  key={p.map((r) => r.id).join('-')}
                  className="heap-path-list"
                  aria-label={t('hp_pathN', { n: i + 1 })}
                >
                  {p.map((r) => (
                    <li key={r.id}>
                      {link(r)}
                      {/* Java names the field; Go the pointer's offset (+0x10) or element index ([3]) */}
                      {stepVia(r) && (
                        <>
                          {' '}
                          <span className="heap-muted">in</span>{' '}
                          <code className="heap-via" data-testid="heap-path-field">
                            {stepVia(r)}
                          </code>
                        </>
                      )}
                    </li>
                  ))}
                </ol>
              ))}
            </div>
          )}
          {java && details.node.id > 0 && (
            <Fields engine={engine} id={id} node={node} type={details.node.type} onInspect={onInspect} />
          )}
          <h4>
            {t('hp_outgoing', { n: details.outgoing.total })}
            {details.outgoing.total > details.outgoing.rows.length
              ? t('hp_firstN', { n: details.outgoing.rows.length })
              : ''}
            )
          </h4>
          <ul className="heap-refs">
            {details.outgoing.rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an object may hold several pointers to one target
              <li key={`o-${r.id}-${i}`}>
                {link(r)} <Bytes n={r.retainedBytes} />
              </li>
            ))}
          </ul>
          <h4>{t('hp_incoming', { n: details.incoming.total })}</h4>
          <ul className="heap-refs">
            {details.incoming.rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one source may point here several times
              <li key={`i-${r.id}-${i}`}>{link(r)}</li>
            ))}
          </ul>
          {contents && (
            <>
              <h4>
                {t('hp_contents')}
                {contents.length < details.node.shallowBytes
                  ? t('hp_firstBytes', { n: contents.length })
                  : ''}
              </h4>
              <pre className="heap-hex">{hexLines(contents, 0).join('\n')}</pre>
            </>
          )}
        </>
      )}
    </aside>
  );
}
