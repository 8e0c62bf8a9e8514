import { useTranslation } from 'react-i18next';
import { formatBytes } from '../lib/format.ts';
import type { ArtifactEntry } from '../state/artifacts-slice.ts';
import { useStore } from '../state/store.ts';

/** Each "continue" multiplies the budget by this: a few steps reach any genuine dump. */
const STEP = 4;

/**
 * "Stopped at N GiB, continue?" on an artifact that hit its inflation budget: the budget guards
 * against decompression bombs, so raising it is the user's call, one step at a time.
 */
export function LimitPrompt({ a }: { a: ArtifactEntry }) {
  const { t } = useTranslation();
  const reopen = useStore((s) => s.reopen);
  const limit = a.error?.limit;
  if (a.status !== 'error' || limit?.kind !== 'inflated') return null;
  const next = limit.value * STEP;
  return (
    <div className="limit-prompt" data-testid="limit-prompt">
      <p>{t('inflationStopped', { size: formatBytes(limit.value) })}</p>
      <button
        type="button"
        data-testid="limit-continue"
        onClick={() => reopen(a.key, { maxInflatedBytes: next })}
        title={`${next} bytes`}
      >
        {t('inflationContinue', { size: formatBytes(next) })}
      </button>
    </div>
  );
}
