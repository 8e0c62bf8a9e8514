import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { InspectResult } from '../../../contract/inspect.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { findingSentence, orderedFindings } from '../../../workers/report/postmortem.ts';
import { useLabel } from '../i18n/labels.ts';
import { formatBytes, formatCount, formatMs } from '../lib/format.ts';
import type { ArtifactEntry } from '../state/artifacts-slice.ts';
import { useStore } from '../state/store.ts';
import { useTimeFormat, useTimeline } from './common.tsx';
import { Md } from './md.tsx';

/** The one fact a reader wants first from each kind of evidence. */
export function keyFact(r: InspectResult, t: TFunction): string {
  if (r.heap)
    return t('ov_reachableOf', {
      reachable: formatBytes(r.heap.reachableBytes),
      total: formatBytes(r.heap.totalBytes),
    });
  if (r.goroutines) return t('ov_goroutines', { n: formatCount(r.goroutines.total) });
  if (r.threads) return t('jt_threadsN', { n: formatCount(r.threads.total) });
  if (r.gc) return t('ov_gc', { n: formatCount(r.gc.cycles), max: formatMs(r.gc.pauses.maxMs) });
  if (r.profile) return r.profile.sampleTypes.map((s) => s.type).join(', ');
  return '';
}

function span(ms: number): string {
  if (ms < 120_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** The incident at a glance: when, what the evidence says first, and what was opened. */
export default function OverviewView() {
  const { t } = useTranslation();
  const { t: tv } = useTranslation('views');
  const label = useLabel();
  const lang = useStore((s) => s.lang);
  const incident = useStore((s) => s.incident);
  const artifacts = useStore((s) => s.artifacts);
  const select = useStore((s) => s.select);
  const setTab = useStore((s) => s.setTab);
  const timeline = useTimeline();
  const { fmt, tz } = useTimeFormat();
  const findings = incident ? orderedFindings(incident.findings).slice(0, 5) : [];
  const range = timeline?.range;
  const show = (a: ArtifactEntry) => {
    select(a.key);
    setTab('artifacts');
  };
  return (
    <section className="overview" data-testid="overview">
      <h2 data-raw={incident?.title ? true : undefined}>{incident?.title || t('overview')}</h2>
      <p className="muted" data-testid="overview-span">
        {range
          ? `${fmt(range.startMs)} – ${fmt(range.endMs)} (${span(range.endMs - range.startMs)})`
          : t('overviewNoTimes')}
      </p>
      <h3>{t('overviewFindings')}</h3>
      {findings.length ? (
        <ol className="overview-findings" data-testid="overview-findings">
          {findings.map((f) => (
            <li key={f.id} className={`sev-${f.severity}`}>
              <Md inline text={findingSentence(f, messages(lang), tz)} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('overviewNoFindings')}</p>
      )}
      <h3>{t('overviewEvidence')}</h3>
      <table className="overview-artifacts" data-testid="overview-artifacts">
        <thead>
          <tr>
            <th>{t('overviewFile')}</th>
            <th>{t('overviewFormat')}</th>
            <th className="num">{t('overviewSize')}</th>
            <th>{t('overviewWhat')}</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((a) => (
            <tr key={a.key}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => show(a)}
                  title={a.path ?? a.name}
                  data-raw
                >
                  {a.name}
                </button>
              </td>
              <td>
                {a.role === 'binary'
                  ? t('serviceBinary')
                  : a.result
                    ? label('format', a.result.format)
                    : a.status === 'error'
                      ? t('failed')
                      : t('reading')}
              </td>
              <td className="num" title={`${formatCount(a.size)} bytes`}>
                {formatBytes(a.size)}
              </td>
              <td>{a.status === 'error' ? a.error?.message : a.result ? keyFact(a.result, tv) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
