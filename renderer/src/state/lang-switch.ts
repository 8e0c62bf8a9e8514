import type { Incident } from '../../../workers/incident/model.ts';
import type { Lang } from '../i18n/index.ts';

/**
 * Whether switching the UI to `lang` must ask first: only when a postmortem has been drafted in
 * another language, because switching regenerates its unedited sections in the new language.
 */
export function langSwitchNeedsConfirm(incident: Incident | undefined, lang: Lang): boolean {
  const pm = incident?.postmortem;
  return pm !== undefined && pm.lang !== lang;
}

/** How many sections of the draft the user has edited (kept as they are when regenerating). */
export function editedSectionCount(incident: Incident | undefined): number {
  return incident?.postmortem?.sections.filter((s) => s.edited).length ?? 0;
}
