import { useTranslation } from 'react-i18next';
import {
  type ChecklistRow,
  type Lang,
  PRIORITIES,
  type Priority,
  SEVERITIES,
} from '../../../workers/incident/model.ts';
import { dueFor, isOverdue, rowAction } from '../../../workers/report/checklist.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { useLabel } from '../i18n/labels.ts';
import { useStore } from '../state/store.ts';
import { ChecklistField } from './ChecklistField.tsx';
import { NS } from './strings.ts';

export function useReportLang(): Lang {
  return useStore((s) => s.lang);
}

/** The checklist matrix: every row with its fields, selectable for bulk edits. */
export function ChecklistTable({
  rows,
  selected,
  onSelect,
}: {
  rows: ChecklistRow[];
  selected?: ReadonlySet<string>;
  onSelect?: (id: string, on: boolean) => void;
}) {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const lang = useReportLang();
  const m = messages(lang);
  const c = m.checklistColumns;
  const update = useStore((s) => s.updateChecklistRow);
  const remove = useStore((s) => s.deleteChecklistRow);
  const severity = useStore((s) => s.incident?.severity ?? 'Sev-2');
  const now = Date.now();
  return (
    <table className="cl-table" data-testid="checklist-table">
      <thead>
        <tr>
          {onSelect ? <th aria-label={t('clSelectRow')} /> : null}
          <th>{c.category}</th>
          <th>{c.action}</th>
          <th>{c.owner}</th>
          <th>{c.due}</th>
          <th>{c.status}</th>
          <th>{c.priority}</th>
          <th>{c.link}</th>
          <th>{c.notes}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const overdue = isOverdue(r, now);
          const action = rowAction(r, lang);
          return (
            <tr
              key={r.id}
              className={`cl-row${overdue ? ' cl-overdue' : ''} cl-status-${r.status}`}
              data-testid="checklist-row"
              data-overdue={overdue ? 'true' : 'false'}
              data-origin={r.origin}
            >
              {onSelect ? (
                <td>
                  <input
                    type="checkbox"
                    checked={selected?.has(r.id) ?? false}
                    onChange={(e) => onSelect(r.id, e.currentTarget.checked)}
                    aria-label={`${t('clSelectRow')}: ${action}`}
                    data-testid="checklist-select"
                  />
                </td>
              ) : null}
              <td>{m.categories[r.category] ?? r.category}</td>
              <td className="cl-action">
                {r.origin !== 'user' ? (
                  <span data-testid="checklist-action">{action}</span>
                ) : (
                  <input
                    value={r.action}
                    onChange={(e) => update(r.id, { action: e.currentTarget.value })}
                    aria-label={c.action}
                    data-testid="checklist-action"
                  />
                )}
                {r.origin === 'finding' ? (
                  <span className="badge cl-suggested" title={r.findingIds?.join(', ')}>
                    {t('clSuggested')}
                  </span>
                ) : null}
              </td>
              <td>
                <ChecklistField row={r} field="owner" lang={lang} />
              </td>
              <td>
                <ChecklistField row={r} field="due" lang={lang} />
                <select
                  value=""
                  onChange={(e) => {
                    const sev = e.currentTarget.value as (typeof SEVERITIES)[number];
                    if (sev) update(r.id, { due: dueFor(sev, now) });
                  }}
                  aria-label={`${t('clSlaPreset')}: ${action}`}
                  className="cl-preset"
                >
                  <option value="">{t('clSlaPreset')}</option>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {label('severity', s)}
                      {s === severity ? ' ✓' : ''}
                    </option>
                  ))}
                </select>
                {overdue ? (
                  <span className="badge cl-overdue-badge" data-testid="checklist-overdue">
                    {t('clOverdue')}
                  </span>
                ) : null}
              </td>
              <td>
                <ChecklistField row={r} field="status" lang={lang} />
              </td>
              <td>
                <select
                  value={r.priority}
                  onChange={(e) => update(r.id, { priority: e.currentTarget.value as Priority })}
                  aria-label={`${c.priority}: ${action}`}
                >
                  {PRIORITIES.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  value={r.link ?? ''}
                  onChange={(e) => update(r.id, { link: e.currentTarget.value })}
                  aria-label={`${c.link}: ${action}`}
                  data-testid="checklist-link"
                  size={14}
                />
              </td>
              <td>
                <input
                  value={r.notes ?? ''}
                  onChange={(e) => update(r.id, { notes: e.currentTarget.value })}
                  aria-label={`${c.notes}: ${action}`}
                  size={14}
                />
              </td>
              <td>
                {r.origin === 'user' ? (
                  <button
                    type="button"
                    onClick={() => remove(r.id)}
                    aria-label={`${t('clDelete')}: ${action}`}
                  >
                    ×
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
