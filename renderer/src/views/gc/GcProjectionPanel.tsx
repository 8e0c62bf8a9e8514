import { useTranslation } from 'react-i18next';
import type { Projection } from '../../../../workers/formats/gclog/analysis.ts';
import { EngineText } from '../../i18n/engine-text.tsx';
import type { ProjectedSegment } from './heap-axis.ts';
import { projectionText } from './projection-text.ts';

interface Episode {
  fromMs: number;
  toMs: number;
  count: number;
  value: number;
}

/** The limit input, the projection sentence and the back-to-back / thrashing alerts. */
export function GcProjectionPanel({
  limitMiB,
  onLimitMiB,
  fitVisible,
  onFitVisible,
  projection,
  segment,
  fmtWhen,
  fmtTime,
  backToBack,
  thrashing,
}: {
  limitMiB: string;
  onLimitMiB: (v: string) => void;
  fitVisible: boolean;
  onFitVisible: (v: boolean) => void;
  projection: Projection | undefined;
  segment: ProjectedSegment | undefined;
  fmtWhen: (t: number) => string;
  fmtTime: (t: number) => string;
  backToBack: Episode[];
  thrashing: Episode[];
}) {
  const { t, i18n } = useTranslation('views');
  return (
    <section className="gc-projection" aria-label={t('gc_projectionAria')} data-testid="gc-projection">
      <label className="gc-limit">
        {t('gc_limit')}
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={limitMiB}
          onChange={(e) => onLimitMiB(e.target.value)}
          data-testid="gc-limit-input"
          aria-label={t('gc_limitAria')}
        />
      </label>
      <label className="gc-fit-visible">
        <input type="checkbox" checked={fitVisible} onChange={(e) => onFitVisible(e.target.checked)} />
        {t('gc_fitVisible')}
      </label>
      <p
        className="gc-projection-text"
        data-testid="gc-projection-reach"
        data-reach-at={projection?.reachAtMs !== undefined ? String(projection.reachAtMs) : undefined}
        aria-live="polite"
      >
        {projectionText(projection, fmtWhen, projection?.limitBytes, segment, t, i18n.language)}
      </p>
      {projection?.reason && (
        <p className="gc-projection-reason">
          <EngineText msg={projection.reasonMsg} text={projection.reason} />
        </p>
      )}
      {(backToBack.length > 0 || thrashing.length > 0) && (
        <ul className="gc-alerts" data-testid="gc-alerts">
          {backToBack.map((e) => (
            <li key={`b${e.fromMs}`} className="gc-alert">
              {t('gc_b2b', { n: e.count, from: fmtTime(e.fromMs), to: fmtTime(e.toMs), pct: e.value })}
            </li>
          ))}
          {thrashing.map((e) => (
            <li key={`t${e.fromMs}`} className="gc-alert">
              {t('gc_thrashing', { n: e.count, pct: e.value, from: fmtTime(e.fromMs), to: fmtTime(e.toMs) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
