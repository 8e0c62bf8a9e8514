/**
 * Time anchors, one row per incident artifact: where its times come from (absolute from the
 * evidence, relative with an anchor, or an assumed file date — marked as such), and a control to
 * set "captured at" (dumps, profiles) or "process started at" (logs with relative times) in the
 * incident's time zone or UTC. Setting it moves that artifact's events on the timeline.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unplacedArtifacts } from '../../../workers/incident/anchors.ts';
import { gcTimesAbsolute, snapshotTime } from '../../../workers/incident/artifacts.ts';
import type { IncidentArtifact } from '../../../workers/incident/model.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { useLabel } from '../i18n/labels.ts';
import { useStore } from '../state/store.ts';
import { useTimeFormat } from './common.tsx';
import { NS } from './strings.ts';
import { useWallError, ZonedTimeInput } from './ZonedTimeInput.tsx';
import { formatWallInput, parseWallInput } from './zoned-time.ts';

export type AnchorTarget = 'captured-at' | 'process-start' | 'fixed';

/** What the user can set for an artifact: GC logs with absolute times need (and take) no anchor. */
export function anchorTarget(a: IncidentArtifact): AnchorTarget {
  if (a.summary.gc) return gcTimesAbsolute(a.summary) ? 'fixed' : 'process-start';
  return 'captured-at';
}

/** The moment the anchor places: process start for relative logs, the capture time for snapshots. */
export function anchorMoment(a: IncidentArtifact): number | undefined {
  const target = anchorTarget(a);
  if (target === 'process-start') return a.timeAnchor.processStartMs;
  if (target === 'captured-at') return snapshotTime(a);
  return a.summary.gc?.events[0]?.t ?? a.summary.gc?.startMs;
}

type AnchorKind = 'absolute' | 'relative' | 'inferred' | 'assumed';

/** absolute (times from the evidence or set by someone), relative with an anchor, inferred from other evidence, or assumed. */
export function anchorKind(a: IncidentArtifact): AnchorKind {
  if (a.timeAnchor.assumed) return 'assumed';
  if (a.timeAnchor.source === 'inferred') return 'inferred';
  return a.timeAnchor.kind === 'absolute' ? 'absolute' : 'relative';
}

function AnchorRow({ a, zones }: { a: IncidentArtifact; zones: string[] }) {
  const { t } = useTranslation(NS);
  const label = useLabel();
  const lang = useStore((s) => s.lang);
  const { fmt } = useTimeFormat();
  const setAnchor = useStore((s) => s.setArtifactAnchor);
  const target = anchorTarget(a);
  const at = anchorMoment(a);
  const [zone, setZone] = useState(zones[0]);
  const [value, setValue] = useState(() => (at !== undefined ? formatWallInput(at, zones[0]) : ''));
  const [error, setError] = useState<string>();
  const wallError = useWallError();
  const inputId = useId();
  const kind = anchorKind(a);
  const src = a.timeAnchor.source;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = parseWallInput(value, zone);
    if (!p.ok) {
      setError(wallError(p, zone));
      return;
    }
    setError(undefined);
    setAnchor(a.id, p.ms);
  };
  const changeZone = (z: string) => {
    // Keep the same instant, shown on the other zone's clock.
    const p = parseWallInput(value, zone);
    setZone(z);
    if (p.ok) setValue(formatWallInput(p.ms, z));
  };
  return (
    <li
      className={`inc-anchor inc-anchor-${kind}`}
      data-testid="anchor-row"
      data-name={a.name}
      data-kind={kind}
    >
      <div className="inc-anchor-what">
        <strong>{a.name}</strong> <span className="muted">{label('format', a.format)}</span>
      </div>
      <div className="inc-anchor-now" data-testid="anchor-state">
        {kind === 'assumed' ? (
          <span className="badge warn" data-testid="anchor-assumed">
            {t('anchorAssumedBadge')}
          </span>
        ) : kind === 'inferred' ? (
          <span className="badge" data-testid="anchor-inferred">
            {t('anchorSource_inferred')}
          </span>
        ) : (
          <span className="badge">{t(kind === 'absolute' ? 'anchorAbsolute' : 'anchorRelative')}</span>
        )}{' '}
        {target === 'fixed'
          ? t('anchorFromLog')
          : target === 'process-start'
            ? t('anchorProcessStart', { time: at !== undefined ? fmt(at) : t('none') })
            : t('anchorCapturedAt', { time: at !== undefined ? fmt(at) : t('none') })}{' '}
        <span className="muted">
          ({t(`anchorSource_${src}`, { defaultValue: src })}
          {a.timeAnchor.basisOf
            ? `: ${messages(lang).anchor.basis(a.timeAnchor.basisOf)}`
            : a.timeAnchor.basis
              ? `: ${a.timeAnchor.basis}`
              : ''}
          )
        </span>
      </div>
      {target === 'fixed' ? null : (
        <form className="inc-anchor-form" onSubmit={submit} aria-label={`${t('anchorSet')} ${a.name}`}>
          <label htmlFor={inputId}>
            {target === 'process-start' ? t('processStartedAt') : t('capturedAt')}{' '}
            <ZonedTimeInput
              id={inputId}
              value={value}
              tz={zone}
              onChange={(v) => {
                setValue(v);
                setError(undefined);
              }}
              error={error}
              testId="anchor-input"
            />
          </label>
          <select
            value={zone}
            onChange={(e) => changeZone(e.currentTarget.value)}
            aria-label={t('anchorZone')}
            data-testid="anchor-zone"
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <button type="submit" data-testid="anchor-set">
            {t('anchorSet')}
          </button>
        </form>
      )}
    </li>
  );
}

/**
 * One prompt for the files whose time nobody can vouch for (file time far from the evidence, or no
 * clock at all): each with the time suggested and why; accepting them all is one action.
 */
export function UnplacedPrompt() {
  const { t } = useTranslation(NS);
  const lang = useStore((s) => s.lang);
  const { fmt } = useTimeFormat();
  const incident = useStore((s) => s.incident);
  const accept = useStore((s) => s.acceptPlacements);
  if (!incident) return null;
  const unplaced = unplacedArtifacts(incident);
  if (!unplaced.length) return null;
  return (
    <div className="inc-unplaced" role="alert" data-testid="unplaced-prompt">
      <strong>{t('unplacedTitle', { count: unplaced.length })}</strong>
      <ul>
        {unplaced.map((u) => (
          <li key={u.artifact.id} data-testid="unplaced-row" data-name={u.artifact.name}>
            {u.artifact.name}:{' '}
            {t('unplacedSuggest', {
              time: fmt(u.suggestedMs),
              basis: u.artifact.timeAnchor.basisOf
                ? messages(lang).anchor.basis(u.artifact.timeAnchor.basisOf)
                : (u.artifact.timeAnchor.basis ??
                  t(`anchorSource_${u.artifact.timeAnchor.source}`, {
                    defaultValue: u.artifact.timeAnchor.source,
                  })),
            })}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="primary"
        data-testid="unplaced-accept"
        onClick={() =>
          accept(unplaced.map((u) => ({ artifactId: u.artifact.id, suggestedMs: u.suggestedMs })))
        }
      >
        {t('unplacedAccept')}
      </button>
    </div>
  );
}

/** The incident's artifacts and their time anchors (Timeline tab). */
export function AnchorsPanel() {
  const { t } = useTranslation(NS);
  const incident = useStore((s) => s.incident);
  if (!incident || incident.artifacts.length === 0) return null;
  const zones = incident.timeZone === 'UTC' ? ['UTC'] : [incident.timeZone, 'UTC'];
  return (
    <details className="inc-anchors" data-testid="anchors" open>
      <summary>
        <h3>{t('anchorsTitle')}</h3>
      </summary>
      <UnplacedPrompt />
      <p className="muted">{t('anchorsHint')}</p>
      <ol>
        {incident.artifacts.map((a) => (
          // Re-mounts when the anchor or zone changes, so the input shows the value now in force.
          <AnchorRow key={`${a.id}|${anchorMoment(a) ?? ''}|${zones.join(',')}`} a={a} zones={zones} />
        ))}
      </ol>
    </details>
  );
}
