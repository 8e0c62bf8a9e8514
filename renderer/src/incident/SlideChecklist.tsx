import { useTranslation } from 'react-i18next';
import type { ChecklistRow, Lang } from '../../../workers/incident/model.ts';
import { isOverdue, rowAction } from '../../../workers/report/checklist.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { ChecklistField } from './ChecklistField.tsx';
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
        <ChecklistField row={row} field="owner" lang={lang} size={11} measuring={measuring} />
        <ChecklistField row={row} field="due" lang={lang} measuring={measuring} />
        {overdue ? (
          <span className="pres-overdue" data-testid={id('checklist-overdue')}>
            {t('clOverdue')}
          </span>
        ) : null}
        <ChecklistField row={row} field="status" lang={lang} measuring={measuring} />
      </div>
    </>
  );
}
