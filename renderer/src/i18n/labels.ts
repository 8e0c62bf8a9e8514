import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export const LABELS_NS = 'labels';

export type LabelGroup = 'format' | 'severity' | 'eventSeverity' | 'eventKind' | 'findingKind';

/**
 * The UI name of an engine id (`label('format', 'hprof')`). An id the catalog does not know yet
 * (a new format, a `finding:<kind>` event) shows as itself rather than as a raw key.
 */
export function useLabel(): (group: LabelGroup, id: string) => string {
  const { t } = useTranslation(LABELS_NS);
  return useCallback(
    (group: LabelGroup, id: string) => {
      if (group === 'eventKind' && id.startsWith('finding:'))
        return t(`findingKind_${id.slice('finding:'.length)}`, { defaultValue: id });
      return t(`${group}_${id}`, { defaultValue: id });
    },
    [t],
  );
}
