import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageRef } from '../../../contract/inspect.ts';
import { FINDING_SUBJECTS } from '../../../workers/core/messages.ts';
import {
  EVENT_SEVERITIES,
  type EventSeverity,
  USER_EVENT_KINDS,
  type UserEventKind,
} from '../../../workers/incident/model.ts';
import type { Timeline, TimelineEvent } from '../../../workers/incident/timeline.ts';
import { EngineText, useEngineText } from '../i18n/engine-text.tsx';
import { useLabel } from '../i18n/labels.ts';
import { useStore } from '../state/store.ts';
import { useTimeFormat } from './common.tsx';
import { NS } from './strings.ts';
import { useWallError, ZonedTimeInput } from './ZonedTimeInput.tsx';
import { formatWallInput, parseWallInput } from './zoned-time.ts';

/** A time input's text for a moment: 24-hour wall clock of `tz`, milliseconds when there are some. */
function inputValue(ms: number, tz: string): string {
  return formatWallInput(ms, tz);
}

const MAX_SHOWN = 400;

interface Draft {
  time: string;
  kind: UserEventKind;
  label: string;
  severity: EventSeverity;
}

function EventForm({
  initial,
  onSubmit,
  onCancel,
  testId,
  submitLabel,
}: {
  initial: Draft;
  onSubmit: (d: { t: number; kind: UserEventKind; label: string; severity: EventSeverity }) => void;
  onCancel?: () => void;
  testId: string;
  submitLabel: string;
}) {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const { tz } = useTimeFormat();
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<string>();
  const [timeError, setTimeError] = useState<string>();
  const wallError = useWallError();
  const timeId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = parseWallInput(d.time, tz);
    setTimeError(p.ok ? undefined : wallError(p, tz));
    if (!p.ok) return;
    if (!d.label.trim()) return setError(t('labelRequired'));
    setError(undefined);
    onSubmit({ t: p.ms, kind: d.kind, label: d.label.trim(), severity: d.severity });
    if (!onCancel) setD({ ...d, label: '' });
  };
  return (
    <form
      className="inc-event-form"
      data-testid={testId}
      onSubmit={submit}
      onKeyDown={(e) => {
        // Escape leaves an edit unchanged, from any field of the form
        if (e.key === 'Escape' && onCancel) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label htmlFor={timeId}>
        {t('time')} ({tz}, {t('time24h')})
        <ZonedTimeInput
          id={timeId}
          value={d.time}
          tz={tz}
          onChange={(v) => {
            setD({ ...d, time: v });
            setTimeError(undefined);
          }}
          error={timeError}
          testId="event-time"
          required
        />
      </label>
      <label>
        {t('kind')}
        <select
          value={d.kind}
          onChange={(e) => setD({ ...d, kind: e.currentTarget.value as UserEventKind })}
          data-testid="event-kind"
        >
          {USER_EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {label('eventKind', k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('label')}
        <input
          value={d.label}
          onChange={(e) => setD({ ...d, label: e.currentTarget.value })}
          data-testid="event-label"
        />
      </label>
      <label>
        {t('eventSeverity')}
        <select
          value={d.severity}
          onChange={(e) => setD({ ...d, severity: e.currentTarget.value as EventSeverity })}
          data-testid="event-severity"
        >
          {EVENT_SEVERITIES.map((k) => (
            <option key={k} value={k}>
              {label('eventSeverity', k)}
            </option>
          ))}
        </select>
      </label>
      <div className="inc-actions">
        <button type="submit" className="primary" data-testid="event-submit">
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="inc-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * An event's text: what the user typed, or what the engine derived. A finding's event reads
 * "<finding kind>: <subject>"; the kind is shown in the UI language and the subject (a name from
 * the evidence) as data, or in the UI language when the engine words it ("live heap"). Other
 * derived labels are engine messages.
 */
function FindingSubject({ subject, msg }: { subject: string; msg?: MessageRef }) {
  if (msg) return <EngineText msg={msg} text={subject} />;
  const key = Object.hasOwn(FINDING_SUBJECTS, subject) ? FINDING_SUBJECTS[subject] : undefined;
  return key ? <EngineText msg={{ key, params: {} }} text={subject} /> : <span data-raw>{subject}</span>;
}

function EventText({
  kind,
  text,
  msg,
  subjectMsg,
  user,
}: {
  kind: string;
  text: string;
  msg?: MessageRef;
  subjectMsg?: MessageRef;
  user: boolean;
}) {
  const label = useLabel();
  if (user) return <span data-raw>{text}</span>;
  if (msg) return <EngineText msg={msg} text={text} />;
  const findingKind = kind.startsWith('finding:') ? kind.slice('finding:'.length) : undefined;
  if (findingKind && text.startsWith(`${findingKind}: `)) {
    return (
      <>
        {label('findingKind', findingKind)}:{' '}
        <FindingSubject subject={text.slice(findingKind.length + 2)} msg={subjectMsg} />
      </>
    );
  }
  return <>{text}</>;
}

/** The editable event list beside the chart: every source's events plus the team's own. */
export function EventList({
  timeline,
  onSelect,
  selected,
  highlight,
}: {
  timeline: Timeline;
  onSelect: (t: number) => void;
  selected?: number;
  /** Numbers of the events a marker on the chart was picked for: marked and scrolled to. */
  highlight?: readonly number[];
}) {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const engine = useEngineText();
  const { fmt, tz } = useTimeFormat();
  const incident = useStore((s) => s.incident);
  const addEvent = useStore((s) => s.addEvent);
  const updateEvent = useStore((s) => s.updateEvent);
  const deleteEvent = useStore((s) => s.deleteEvent);
  const toggleStar = useStore((s) => s.toggleStar);
  const [editing, setEditing] = useState<string>();
  const [filter, setFilter] = useState<'all' | 'starred' | 'user'>('all');
  const events = timeline.events.filter((e) =>
    filter === 'starred' ? e.starred : filter === 'user' ? e.source === 'user' : true,
  );
  // Each event's number on the chart's markers: its place on the whole timeline, whatever the filter.
  const numbers = useMemo(() => new Map(timeline.events.map((e, i) => [e.id, i + 1])), [timeline]);
  const hit = useMemo(() => new Set(highlight ?? []), [highlight]);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!highlight?.length) return;
    listRef.current?.querySelector('.inc-event-hit')?.scrollIntoView({ block: 'nearest' });
  }, [highlight]);
  const defaultTime = selected ?? timeline.range?.endMs ?? Date.now();
  const artifactName = (e: TimelineEvent) =>
    e.source === 'user'
      ? t('userEvent')
      : (incident?.artifacts.find((a) => a.id === e.source)?.name ?? e.source);
  return (
    <aside className="inc-events" aria-label={t('events')}>
      <h3>{t('events')}</h3>
      <details className="inc-add" open>
        <summary>{t('addEvent')}</summary>
        <EventForm
          key={`${tz}-${Math.round(defaultTime / 1000)}`}
          testId="add-event"
          submitLabel={t('addEvent')}
          initial={{ time: inputValue(defaultTime, tz), kind: 'note', label: '', severity: 'info' }}
          onSubmit={(d) => addEvent(d)}
        />
      </details>
      <label className="inc-filter">
        {t('filterEvents')}{' '}
        <select value={filter} onChange={(e) => setFilter(e.currentTarget.value as typeof filter)}>
          <option value="all">{t('allKinds')}</option>
          <option value="starred">{t('onlyStarred')}</option>
          <option value="user">{t('userEvent')}</option>
        </select>
      </label>
      <ol className="inc-event-list" data-testid="event-list" ref={listRef}>
        {events.slice(0, MAX_SHOWN).map((e) => {
          const user = incident?.events.find((u) => u.id === e.id);
          const n = numbers.get(e.id) ?? 0;
          return (
            <li
              key={e.id}
              className={`inc-event inc-sev-${e.severity}${e.starred ? ' starred' : ''}${hit.has(n) ? ' inc-event-hit' : ''}`}
              data-testid="timeline-event"
              data-n={n}
              data-t={e.t}
              data-kind={e.kind}
              data-source={e.source === 'user' ? 'user' : 'artifact'}
            >
              {editing === e.id && user ? (
                <EventForm
                  testId="edit-event"
                  submitLabel={t('save')}
                  initial={{
                    time: inputValue(user.t, tz),
                    kind: user.kind,
                    label: user.label,
                    severity: user.severity,
                  }}
                  onSubmit={(d) => {
                    updateEvent(e.id, d);
                    setEditing(undefined);
                  }}
                  onCancel={() => setEditing(undefined)}
                />
              ) : (
                <>
                  <button
                    type="button"
                    className="inc-star"
                    aria-pressed={e.starred}
                    aria-label={`${e.starred ? t('unstar') : t('star')}: ${engine.text(e.labelMsg, e.label)}`}
                    onClick={() => toggleStar(e.id)}
                    data-testid="event-star"
                  >
                    {e.starred ? '★' : '☆'}
                  </button>
                  <button
                    type="button"
                    className="inc-event-main"
                    onClick={() => onSelect(e.t)}
                    title={t('select')}
                  >
                    <span
                      className="inc-event-num"
                      data-testid="event-number"
                      title={t('eventNumber', { n })}
                    >
                      {n}
                    </span>
                    <span className="inc-event-time">
                      {fmt(e.t)}
                      {e.assumed ? <span title={t('assumed')}> *</span> : null}
                    </span>
                    <span className="badge">{label('eventKind', e.kind)}</span>
                    <span className="inc-event-label" data-testid="event-text">
                      <EventText
                        kind={e.kind}
                        text={e.label}
                        msg={e.labelMsg}
                        subjectMsg={e.subjectMsg}
                        user={user !== undefined}
                      />
                    </span>
                    <span className="muted"> · {artifactName(e)}</span>
                  </button>
                  {user ? (
                    <span className="inc-actions">
                      <button
                        type="button"
                        onClick={() => setEditing(e.id)}
                        aria-label={`${t('edit')}: ${e.label}`}
                      >
                        {t('edit')}
                      </button>
                      <button
                        type="button"
                        onClick={() => deleteEvent(e.id)}
                        aria-label={`${t('delete')}: ${e.label}`}
                        data-testid="event-delete"
                      >
                        {t('delete')}
                      </button>
                    </span>
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {events.length > MAX_SHOWN ? (
        <p className="muted">
          {MAX_SHOWN} / {events.length}
        </p>
      ) : null}
    </aside>
  );
}
