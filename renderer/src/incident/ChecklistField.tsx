/**
 * The fields a checklist row is edited by — owner, SLA (an ISO date) and status — one component
 * for the checklist table and the presentation's checklist slide, so both label, test and save
 * them alike; and the labelled text field of the incident's own forms (header, checklist toolbar,
 * postmortem header).
 */
import type { ReactNode } from 'react';
import {
  CHECKLIST_STATUSES,
  type ChecklistRow,
  type ChecklistStatus,
  type Lang,
} from '../../../workers/incident/model.ts';
import { rowAction } from '../../../workers/report/checklist.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { useStore } from '../state/store.ts';
import { IsoDateInput } from './IsoDateInput.tsx';

export type ChecklistFieldName = 'owner' | 'due' | 'status';

export function ChecklistField({
  row,
  field,
  lang,
  size,
  measuring,
}: {
  row: ChecklistRow;
  field: ChecklistFieldName;
  lang: Lang;
  /** Width of a text field, in characters. */
  size?: number;
  /** Drawn for a layout pass: no test ids. */
  measuring?: boolean;
}) {
  const m = messages(lang);
  const c = m.checklistColumns;
  const update = (patch: Partial<ChecklistRow>) => useStore.getState().updateChecklistRow(row.id, patch);
  // each field names its row: a screen reader hears "Owner: Add a goroutine-count alert"
  const label = `${c[field]}: ${rowAction(row, lang)}`;
  const testId = measuring
    ? undefined
    : { owner: 'checklist-owner', due: 'checklist-sla', status: 'checklist-status' }[field];
  if (field === 'owner')
    return (
      <input
        value={row.owner}
        placeholder={m.unassigned}
        onChange={(e) => update({ owner: e.currentTarget.value })}
        aria-label={label}
        data-testid={testId}
        size={size ?? 10}
      />
    );
  if (field === 'due')
    return (
      <IsoDateInput
        value={row.due ?? ''}
        onCommit={(due) => update(due ? { due } : { due: undefined })}
        aria-label={label}
        testId={testId}
      />
    );
  return (
    <select
      value={row.status}
      onChange={(e) => update({ status: e.currentTarget.value as ChecklistStatus })}
      aria-label={label}
      data-testid={testId}
    >
      {CHECKLIST_STATUSES.map((s) => (
        <option key={s} value={s}>
          {m.checklistStatus[s]}
        </option>
      ))}
    </select>
  );
}

/** A text field with its label in front, as the incident's forms write them. */
export function TextField({
  label,
  value,
  onChange,
  testId,
  size,
  className,
  placeholder,
  ariaLabel,
}: {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  testId?: string;
  size?: number;
  className?: string;
  placeholder?: string;
  ariaLabel?: string;
}) {
  return (
    <label className={className}>
      {label}{' '}
      <input
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        data-testid={testId}
        size={size}
        placeholder={placeholder}
        aria-label={ariaLabel}
      />
    </label>
  );
}
