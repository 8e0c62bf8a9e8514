import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.tsx';
import { useQuery } from '../../lib/use-query.ts';
import { type EngineRemote, query } from '../view-contract.ts';
import { fieldsByOwner, previewString } from './java.ts';

const STRING = 'java.lang.String';
/** At most this many String fields are read back for previews (each is a read of the dump). */
const MAX_STRING_PREVIEWS = 64;
const NO_STRINGS: ReadonlyMap<number, string> = new Map();

/**
 * The Java fields of one object (or the statics of a class): name, type, value. References are
 * buttons that open the target; String fields and String objects show their text (as React text).
 */
export function Fields({
  engine,
  id,
  node,
  type,
  onInspect,
}: {
  engine: EngineRemote;
  id: string;
  node: number;
  type: string;
  onInspect: (id: number) => void;
}) {
  const { t } = useTranslation('views');
  const fieldsQuery = useQuery(
    async () => ({ node, fields: await query(engine, id, 'hprof', 'fields', node) }),
    [engine, id, node],
  );
  // the fields of the previous object (kept while the next one loads) are not this object's
  const fields = fieldsQuery.data?.node === node ? fieldsQuery.data.fields : undefined;
  // then the text of the object itself (a String) and of the String fields, one read each
  const stringsQuery = useQuery(
    async (signal) => {
      if (!fields) return undefined;
      const own = type === STRING ? await query(engine, id, 'hprof', 'stringValue', node) : undefined;
      const refs = fields
        .filter((f) => f.type === STRING && f.ref !== undefined && f.ref > 0)
        .slice(0, MAX_STRING_PREVIEWS)
        .map((f) => f.ref as number);
      const strings = new Map<number, string>();
      for (const r of refs) {
        if (signal.aborted) throw signal.reason;
        const v = await query(engine, id, 'hprof', 'stringValue', r);
        if (v !== undefined) strings.set(r, v);
      }
      return { node, own, strings };
    },
    [engine, id, node, type, fields],
  );
  const texts = stringsQuery.data?.node === node ? stringsQuery.data : undefined;
  const own = texts?.own;
  const strings = texts?.strings ?? NO_STRINGS;

  if (!fields) {
    if (fieldsQuery.error === undefined) return <p className="heap-muted">{t('hp_readingFields')}</p>;
    return <QueryState query={fieldsQuery} label={t('hp_fields')} />;
  }
  const groups = fieldsByOwner(fields);
  return (
    <section className="heap-fields" aria-label={t('hp_fields')} data-testid="heap-fields">
      <QueryState query={stringsQuery} label={t('hp_fields')} />
      {own !== undefined && (
        <>
          <h4>{t('hp_stringValue', { n: own.length.toLocaleString('en-US') })}</h4>
          <pre className="heap-string" data-testid="heap-string-value">
            {own}
          </pre>
        </>
      )}
      <h4>
        {fields.length > 0 && fields.every((f) => f.owner?.startsWith('static '))
          ? t('hp_staticFields')
          : t('hp_fields')}{' '}
        ({fields.length})
      </h4>
      {fields.length === 0 && <p className="heap-muted">{t('hp_noFields')}</p>}
      {fields.length > 0 && (
        <table className="heap-table heap-fields-table">
          <thead>
            <tr>
              <th>{t('jt_name')}</th>
              <th>{t('hp_type')}</th>
              <th>{t('hp_value')}</th>
            </tr>
          </thead>
          {groups.map((g, gi) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: groups keep the field order of the dump
            <tbody key={gi}>
              {groups.length > 1 && g.owner && (
                <tr>
                  <th colSpan={3} className="heap-fields-owner" scope="colgroup">
                    {g.owner.startsWith('static ') ? (
                      <span data-raw>{g.owner}</span>
                    ) : (
                      <>
                        {t('hp_declaredIn')} <code>{g.owner}</code>
                      </>
                    )}
                  </th>
                </tr>
              )}
              {g.fields.map((f, i) => {
                const text = f.ref !== undefined ? strings.get(f.ref) : undefined;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a subclass may repeat a field name
                  <tr key={`${f.name}-${i}`} data-testid="heap-field-row">
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td title={f.type}>
                      <code>{f.type}</code>
                    </td>
                    <td>
                      {f.ref !== undefined && f.ref > 0 ? (
                        <button
                          type="button"
                          className="heap-link"
                          onClick={() => onInspect(f.ref as number)}
                          aria-label={t('hp_openField', { name: f.name, type: f.type, value: f.value })}
                          title={text}
                          data-raw
                        >
                          {text !== undefined ? previewString(text) : f.value}
                        </button>
                      ) : (
                        <code>{f.value}</code>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}
