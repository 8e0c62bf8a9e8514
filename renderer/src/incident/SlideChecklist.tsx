import { useTranslation } from 'react-i18next';
import {
  CHECKLIST_STATUSES,
  type ChecklistRow,
  type ChecklistStatus,
  type Lang,
} from '../../../workers/incident/model.ts';
import { isOverdue, rowAction } from '../../../workers/report/checklist.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { useStore } from '../state/store.ts';
import { Md } from './md.tsx';
import { NS } from './strings.ts';

/**
 * One checklist row on a slide: priority and action on the first line, then what the review edits
 * (owner, SLA, status). `measuring` draws the same box without test ids for the page-break pass.
 */
export function SlideChecklistRow({
  row,
  lang,
  nowMs,
  measuring,
}: {
  row: ChecklistRow;
  lang: Lang;
  nowMs: number;
  measuring?: boolean;
}) {
  const { t } = useTranslation(NS);
  const m = messages(lang);
  const c = m.checklistColumns;
  const update = (patch: Partial<ChecklistRow>) => useStore.getState().updateChecklistRow(row.id, patch);
  const action = rowAction(row, lang);
  const overdue = isOverdue(row, nowMs);
  const id = (name: string) => (measuring ? undefined : name);
  return (
    <>
      <div className="pres-cl-head">
        <span className={`pres-prio pres-prio-${row.priority}`} data-testid={id('checklist-priority')}>
          {row.priority}
        </span>
        <span className="pres-cl-action" data-testid={id('checklist-action')}>
          <Md inline text={action} />
        </span>
      </div>
      <div className="pres-cl-fields">
        <span className="pres-cl-cat">{m.categories[row.category] ?? row.category}</span>
        <input
          value={row.owner}
          placeholder={m.unassigned}
          onChange={(e) => update({ owner: e.currentTarget.value })}
          aria-label={`${c.owner}: ${action}`}
          data-testid={id('checklist-owner')}
          size={11}
        />
        <input
          type="date"
          value={row.due ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            update(v ? { due: v } : { due: undefined });
          }}
          aria-label={`${c.due}: ${action}`}
          data-testid={id('checklist-sla')}
        />
        {overdue ? (
          <span className="pres-overdue" data-testid={id('checklist-overdue')}>
            {t('clOverdue')}
          </span>
        ) : null}
        <select
          value={row.status}
          onChange={(e) => update({ status: e.currentTarget.value as ChecklistStatus })}
          aria-label={`${c.status}: ${action}`}
          data-testid={id('checklist-status')}
        >
          {CHECKLIST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {m.checklistStatus[s]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
