import type { ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

interface Props<T extends string> {
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Class of the tab list (each view styles its own tabs). */
  className: string;
  /** Class of every tab; `selectedClassName` is added to the selected one. */
  tabClassName?: string;
  selectedClassName?: string;
  /** Each tab's `data-testid` is this prefix followed by its id. */
  testIdPrefix: string;
  ariaLabel?: string;
}

/** A row of tab buttons (role tablist / tab, `aria-selected` on the selected one). */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  className,
  tabClassName,
  selectedClassName,
  testIdPrefix,
  ariaLabel,
}: Props<T>) {
  return (
    <div className={className} role="tablist" aria-label={ariaLabel}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={selected === t.id}
          className={
            selected === t.id && selectedClassName
              ? `${tabClassName ?? ''} ${selectedClassName}`.trim()
              : tabClassName
          }
          data-testid={`${testIdPrefix}${t.id}`}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
