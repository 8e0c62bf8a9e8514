import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKLIST_STATUSES, type ChecklistStatus } from '../../../workers/incident/model.ts';
import {
  type ChecklistSortKey,
  dueFor,
  filterChecklist,
  sortChecklist,
} from '../../../workers/report/checklist.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { useStore } from '../state/store.ts';
import { TextField } from './ChecklistField.tsx';
import { ChecklistTable } from './ChecklistTable.tsx';
import { IncidentBanner } from './common.tsx';
import { NS } from './strings.ts';

const SORT_KEYS: ChecklistSortKey[] = ['priority', 'due', 'status', 'category', 'owner'];

export default function ChecklistView() {
  const { t } = useTranslation(NS);
  const lang = useStore((s) => s.lang);
  const m = messages(lang);
  const incident = useStore((s) => s.incident);
  const bulkAssign = useStore((s) => s.bulkAssignOwner);
  const update = useStore((s) => s.updateChecklistRow);
  const addRow = useStore((s) => s.addChecklistRow);
  const setFields = useStore((s) => s.setIncidentFields);
  const [status, setStatus] = useState<ChecklistStatus | ''>('');
  const [owner, setOwner] = useState('');
  const [category, setCategory] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [sort, setSort] = useState<ChecklistSortKey>('priority');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkOwner, setBulkOwner] = useState('');
  const all = incident?.checklist ?? [];
  const rows = useMemo(() => {
    const filtered = filterChecklist(all, {
      ...(status ? { status: [status] } : {}),
      ...(category ? { category } : {}),
      ...(overdueOnly ? { overdueAt: Date.now() } : {}),
    }).filter((r) => !owner || r.owner.toLowerCase().includes(owner.toLowerCase()));
    return sortChecklist(filtered, sort);
  }, [all, status, category, overdueOnly, owner, sort]);
  const categories = [...new Set(all.map((r) => r.category))].sort();
  if (!incident) {
    return (
      <section className="inc-view" data-testid="checklist-view">
        <IncidentBanner />
        <p className="empty">{t('noIncident')}</p>
      </section>
    );
  }
  const sel = [...selected].filter((id) => all.some((r) => r.id === id));
  return (
    <section className="inc-view cl-view" data-testid="checklist-view" aria-label={t('clTitle')}>
      <IncidentBanner />
      <h2>{t('clTitle')}</h2>
      <div className="cl-toolbar">
        <label>
          {t('clFilterStatus')}{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as ChecklistStatus | '')}
            data-testid="checklist-filter-status"
          >
            <option value="">{t('allKinds')}</option>
            {CHECKLIST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {m.checklistStatus[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('clFilterCategory')}{' '}
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('allKinds')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {m.categories[c] ?? c}
              </option>
            ))}
          </select>
        </label>
        <TextField label={t('clFilterOwner')} value={owner} onChange={setOwner} size={10} />
        <label>
          <input
            type="checkbox"
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.currentTarget.checked)}
          />{' '}
          {t('clOverdueOnly')}
        </label>
        <label>
          {t('clSort')}{' '}
          <select
            value={sort}
            onChange={(e) => setSort(e.currentTarget.value as ChecklistSortKey)}
            data-testid="checklist-sort"
          >
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {k === 'due' ? m.checklistColumns.due : m.checklistColumns[k]}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('clRows', { shown: rows.length, total: all.length })}</span>
      </div>
      <div className="cl-toolbar">
        <TextField
          label={t('pmOwner')}
          value={incident.owner ?? ''}
          onChange={(owner) => setFields({ owner })}
          testId="incident-owner"
          size={16}
        />
        <label>
          <input
            type="checkbox"
            checked={incident.includeLibrary === true}
            onChange={(e) => setFields({ includeLibrary: e.currentTarget.checked })}
            data-testid="checklist-library"
          />{' '}
          {t('pmLibrary')}
        </label>
      </div>
      <div className="cl-toolbar">
        <button
          type="button"
          onClick={() =>
            setSelected(selected.size === rows.length ? new Set() : new Set(rows.map((r) => r.id)))
          }
        >
          {t('clSelectAll')}
        </button>
        <span>{t('clSelected', { n: sel.length })}</span>
        <input
          value={bulkOwner}
          onChange={(e) => setBulkOwner(e.currentTarget.value)}
          placeholder={m.checklistColumns.owner}
          aria-label={t('clAssign')}
          data-testid="checklist-bulk-owner"
          size={12}
        />
        <button
          type="button"
          disabled={!sel.length}
          onClick={() => bulkAssign(sel, bulkOwner.trim())}
          data-testid="checklist-bulk-assign"
        >
          {t('clAssign')}
        </button>
        <button
          type="button"
          disabled={!sel.length}
          onClick={() => {
            const due = dueFor(incident.severity, Date.now());
            for (const id of sel) update(id, { due });
          }}
        >
          {t('clPreset')} ({incident.severity})
        </button>
        <button
          type="button"
          onClick={() =>
            addRow({
              category: 'process',
              action: t('clNewAction'),
              due: dueFor(incident.severity, Date.now()),
            })
          }
          data-testid="checklist-add"
        >
          {t('clAdd')}
        </button>
      </div>
      <div className="cl-scroll">
        <ChecklistTable
          rows={rows}
          selected={selected}
          onSelect={(id, on) => {
            const next = new Set(selected);
            if (on) next.add(id);
            else next.delete(id);
            setSelected(next);
          }}
        />
      </div>
    </section>
  );
}
