/** What the typed date and date-time inputs share: arrow-key stepping and the error under a field. */
import type { KeyboardEvent, ReactNode } from 'react';

/**
 * ArrowUp / ArrowDown: the value with the field under the caret stepped by ±1 (`step` says how, or
 * undefined when the caret is on nothing steppable), handed to `apply`; the caret stays in that
 * field once React has written the value. True when the key was used.
 */
export function stepOnArrow(
  e: KeyboardEvent<HTMLInputElement>,
  step: (value: string, caret: number, delta: 1 | -1) => string | undefined,
  apply: (next: string) => void,
): boolean {
  if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.metaKey) return false;
  const input = e.currentTarget;
  const caret = input.selectionStart ?? input.value.length;
  const next = step(input.value, caret, e.key === 'ArrowUp' ? 1 : -1);
  if (next === undefined) return false;
  e.preventDefault();
  apply(next);
  requestAnimationFrame(() => input.setSelectionRange(caret, caret));
  return true;
}

/** Why a field's value is refused, announced and linked from the field by `aria-describedby`. */
export function FieldError({ id, testId, children }: { id: string; testId?: string; children: ReactNode }) {
  return (
    <span id={id} role="alert" className="inc-error inc-time-error" data-testid={testId}>
      {children}
    </span>
  );
}
