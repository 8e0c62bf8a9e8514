import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EngineRemote, query } from '../view-contract.ts';
import { fieldsByOwner, type JavaField, previewString } from './java.ts';

const STRING = 'java.lang.String';
/** At most this many String fields are read back for previews (each is a read of the dump). */
const MAX_STRING_PREVIEWS = 64;

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
  const [fields, setFields] = useState<JavaField[] | undefined>();
  const [strings, setStrings] = useState<Map<number, string>>(new Map());
  const [own, setOwn] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    setFields(undefined);
    setStrings(new Map());
    setOwn(undefined);
    setError(undefined);
    (async () => {
      const fs = await query(engine, id, 'hprof', 'fields', node);
      if (!live) return;
      setFields(fs);
      if (type === STRING) {
        const v = await query(engine, id, 'hprof', 'stringValue', node);
        if (live) setOwn(v);
      }
      const refs = fs
        .filter((f) => f.type === STRING && f.ref !== undefined && f.ref > 0)
        .slice(0, MAX_STRING_PREVIEWS)
        .map((f) => f.ref as number);
      const out = new Map<number, string>();
      for (const r of refs) {
        const v = await query(engine, id, 'hprof', 'stringValue', r);
        if (!live) return;
        if (v !== undefined) out.set(r, v);
      }
      if (live && out.size > 0) setStrings(out);
    })().catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [engine, id, node, type]);

  if (error) return <p className="heap-warning">{t('hp_fieldsError', { error })}</p>;
  if (!fields) return <p className="heap-muted">{t('hp_readingFields')}</p>;
  const groups = fieldsByOwner(fields);
  return (
    <section className="heap-fields" aria-label={t('hp_fields')} data-testid="heap-fields">
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
