/**
 * A 24-hour date-and-time input, "YYYY-MM-DD HH:MM:SS[.mmm]" on the wall clock of a named zone —
 * the browser's `datetime-local` shows a 12-hour US clock in an English locale, which a 24-hour
 * UTC UI should not. Plain text with validation: the reason a value is refused appears under the
 * field (and is announced); ArrowUp / ArrowDown step the field under the caret.
 */
import { type InputHTMLAttributes, type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, stepOnArrow } from './field-parts.tsx';
import { NS } from './strings.ts';
import { parseWallInput, stepWallInput, type WallParse } from './zoned-time.ts';

export const WALL_PLACEHOLDER = 'YYYY-MM-DD HH:MM:SS';

/** The message for a refused value ('' when it is fine). */
export function useWallError(): (p: WallParse, tz: string) => string {
  const { t } = useTranslation(NS);
  return (p, tz) => {
    if (p.ok) return '';
    if (p.reason === 'empty') return t('timeRequired');
    if (p.reason === 'range') return t('timeBadRange');
    if (p.reason === 'skipped') return t('timeSkipped', { tz });
    return t('timeBadFormat', { example: '2026-11-27 23:15:00' });
  };
}

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

export function ZonedTimeInput({
  value,
  onChange,
  tz,
  error,
  testId,
  allowEmpty = false,
  onKeyDown,
  onBlur,
  ...rest
}: NativeProps & {
  value: string;
  onChange: (v: string) => void;
  tz: string;
  /** A message from the form that owns the field (shown in place of the field's own). */
  error?: string;
  testId: string;
  allowEmpty?: boolean;
}) {
  const errorId = useId();
  const message = useWallError();
  const [own, setOwn] = useState<string>();
  const check = (v: string) => {
    const p = parseWallInput(v, tz);
    return !p.ok && p.reason === 'empty' && allowEmpty ? '' : message(p, tz);
  };
  const shown = error || own;
  return (
    <>
      <input
        {...rest}
        type="text"
        className="inc-time-input"
        value={value}
        placeholder={WALL_PLACEHOLDER}
        size={24}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(v);
          // Once refused, say as soon as it is fixed; don't nag while a first value is typed.
          if (own) setOwn(check(v) || undefined);
        }}
        onBlur={(e) => {
          setOwn(check(e.currentTarget.value) || undefined);
          onBlur?.(e);
        }}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          stepOnArrow(e, stepWallInput, (next) => {
            onChange(next);
            setOwn(undefined);
          });
          onKeyDown?.(e);
        }}
      />
      {shown ? (
        <FieldError id={errorId} testId={`${testId}-error`}>
          {shown}
        </FieldError>
      ) : null}
    </>
  );
}
