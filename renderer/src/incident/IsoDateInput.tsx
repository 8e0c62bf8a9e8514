/**
 * An ISO `YYYY-MM-DD` date input — the browser's `<input type="date">` shows the locale's order
 * (01/04/2027), which a 24-hour ISO UI should not. Typed text in the style of ZonedTimeInput: a
 * valid date is taken as soon as it is typed; a refused one stays in the field with the reason
 * under it (announced, linked by `aria-describedby`) and changes nothing; ArrowUp / ArrowDown step
 * the year, month or day under the caret.
 */
import { type InputHTMLAttributes, type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, stepOnArrow } from './field-parts.tsx';
import { type DateParse, parseIsoDate, stepIsoDate } from './iso-date.ts';
import { NS } from './strings.ts';

export const DATE_PLACEHOLDER = 'YYYY-MM-DD';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

export function IsoDateInput({
  value,
  onCommit,
  testId,
  allowEmpty = true,
  onKeyDown,
  onBlur,
  ...rest
}: NativeProps & {
  /** The date in force, `YYYY-MM-DD` or ''. */
  value: string;
  /** A valid date typed (normalized), or undefined when the field is emptied (if allowed). */
  onCommit: (date: string | undefined) => void;
  testId?: string;
  allowEmpty?: boolean;
}) {
  const { t } = useTranslation(NS);
  const errorId = useId();
  // What is typed, while it differs from the value in force; `base` is that value when typing
  // began, so a value set elsewhere (an SLA preset) replaces a refused draft.
  const [draft, setDraft] = useState<{ text: string; base: string }>();
  const [error, setError] = useState<string>();
  const live = draft && draft.base === value ? draft : undefined;
  const message = (p: DateParse) =>
    p.ok || (p.reason === 'empty' && allowEmpty)
      ? ''
      : p.reason === 'range'
        ? t('dateBadRange')
        : p.reason === 'empty'
          ? t('timeRequired')
          : t('dateBadFormat', { example: '2027-01-04' });
  const take = (text: string) => {
    const p = parseIsoDate(text);
    if (p.ok) {
      if (p.date !== value) onCommit(p.date);
      // the field keeps what was typed until it is left, then shows the normalized date
      setDraft({ text, base: p.date });
    } else if (p.reason === 'empty' && allowEmpty) {
      if (value !== '') onCommit(undefined);
      setDraft({ text, base: '' });
    } else setDraft({ text, base: value });
    // once refused, say as soon as it is fixed; don't nag while a first value is typed
    if (error) setError(message(p) || undefined);
  };
  const shown = live ? error : undefined;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        className="inc-date-input"
        value={live?.text ?? value}
        placeholder={DATE_PLACEHOLDER}
        size={11}
        maxLength={10}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => take(e.currentTarget.value)}
        onBlur={(e) => {
          const p = parseIsoDate(e.currentTarget.value);
          const why = message(p);
          setError(why || undefined);
          if (!why) setDraft(undefined);
          onBlur?.(e);
        }}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          stepOnArrow(e, stepIsoDate, (next) => {
            onCommit(next);
            setDraft(undefined);
            setError(undefined);
          });
          onKeyDown?.(e);
        }}
      />
      {shown ? (
        <FieldError id={errorId} testId={testId ? `${testId}-error` : undefined}>
          {shown}
        </FieldError>
      ) : null}
    </>
  );
}
