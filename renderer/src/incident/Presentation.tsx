import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { goroutineChartSvg, heapChartSvg } from '../../../workers/report/charts.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { findingSentence, orderedFindings, reviewEvents } from '../../../workers/report/postmortem.ts';
import { EngineText } from '../i18n/engine-text.tsx';
import { useStore } from '../state/store.ts';
import { ChecklistTable } from './ChecklistTable.tsx';
import { useTimeFormat, useTimeline } from './common.tsx';
import { Md } from './md.tsx';
import { NS } from './strings.ts';

const STEPS = ['summary', 'timeline', 'root-cause', 'checklist'] as const;

function svgUrl(svg: string | undefined): string | undefined {
  return svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` : undefined;
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
}

function Clock() {
  const { t } = useTranslation(NS);
  const { short } = useTimeFormat();
  const [start] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const s = Math.floor((now - start) / 1000);
  const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <span className="pres-clock" data-testid="presentation-clock">
      <time>{short(now)}</time> · {t('prElapsed')} <span data-testid="presentation-timer">{elapsed}</span>
    </span>
  );
}

/** Review-meeting mode: large type, high contrast, keyboard steps; the checklist stays editable. */
export default function Presentation() {
  const { t } = useTranslation(NS);
  const lang = useStore((s) => s.lang);
  const incident = useStore((s) => s.incident);
  const setPresentation = useStore((s) => s.setPresentation);
  const timeline = useTimeline();
  const { fmt, tz } = useTimeFormat();
  const [step, setStep] = useState(0);
  const m = messages(lang);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setPresentation(false);
        return;
      }
      if (isEditable(e.target)) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') {
        e.preventDefault();
        setStep((s) => Math.min(STEPS.length - 1, s + 1));
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        setStep((s) => Math.max(0, s - 1));
      } else if (e.key === 'Home') setStep(0);
      else if (e.key === 'End') setStep(STEPS.length - 1);
    };
    // Leaving full screen with the browser's own Esc also leaves the presentation.
    const onFs = () => {
      if (!document.fullscreenElement && useStore.getState().presentation) setPresentation(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFs);
    };
  }, [setPresentation]);

  const charts = useMemo(
    () =>
      timeline
        ? {
            heap: svgUrl(heapChartSvg(timeline, lang, tz)),
            goroutines: svgUrl(goroutineChartSvg(timeline, lang, tz)),
          }
        : {},
    [timeline, lang, tz],
  );

  if (!incident || !timeline) {
    return (
      <main className="pres" data-testid="presentation">
        <p>{t('noIncident')}</p>
      </main>
    );
  }
  const id = STEPS[step];
  const summary = incident.postmortem?.sections.find((s) => s.id === 'summary')?.body;
  const { events, starred } = reviewEvents(timeline);
  return (
    <main className="pres" data-testid="presentation" data-step={id} aria-roledescription="slides">
      <header className="pres-top">
        <span className="pres-title">{incident.title}</span>
        <Clock />
        <span>{t('prStep', { n: step + 1, total: STEPS.length })}</span>
      </header>
      <section className="pres-slide" aria-live="polite" data-testid="presentation-slide">
        {id === 'summary' ? (
          <>
            <h1>{t('prSummary')}</h1>
            <p className="pres-meta">
              {m.severity[incident.severity]} · {m.incidentStatus[incident.status]}
              {timeline.range ? ` · ${fmt(timeline.range.startMs)} – ${fmt(timeline.range.endMs)}` : ''}
            </p>
            <div className="pres-md">
              <Md text={summary ?? m.noFindings} />
            </div>
          </>
        ) : null}
        {id === 'timeline' ? (
          <>
            <h1>{t('prTimeline')}</h1>
            {!starred ? <p className="pres-note">{t('prNoStarred')}</p> : null}
            <div className="pres-two">
              <ol className="pres-events">
                {events.slice(0, 8).map((e) => (
                  <li key={e.id} className={`inc-sev-${e.severity}`}>
                    <time>{fmt(e.t).slice(11)}</time> <EngineText msg={e.labelMsg} text={e.label} />
                  </li>
                ))}
              </ol>
              <div className="pres-charts">
                {charts.heap ? <img src={charts.heap} alt={m.charts.heap} /> : null}
                {charts.goroutines ? <img src={charts.goroutines} alt={m.charts.goroutines} /> : null}
              </div>
            </div>
          </>
        ) : null}
        {id === 'root-cause' ? (
          <>
            <h1>{t('prRootCause')}</h1>
            <ul className="pres-findings">
              {orderedFindings(incident.findings)
                .slice(0, 8)
                .map((f) => (
                  <li key={f.id} className={`inc-sev-${f.severity}`}>
                    <Md inline text={findingSentence(f, m, tz)} />
                  </li>
                ))}
              {incident.findings.length === 0 ? <li>{m.noFindings}</li> : null}
            </ul>
          </>
        ) : null}
        {id === 'checklist' ? (
          <>
            <h1>{t('prChecklist')}</h1>
            <div className="pres-table">
              <ChecklistTable
                rows={incident.checklist.filter((r) => r.origin !== 'library' || r.owner)}
                compact
              />
            </div>
          </>
        ) : null}
      </section>
      <footer className="pres-bottom">
        <button
          type="button"
          onClick={() => setStep((s) => Math.max(0, s - 1))}
          disabled={step === 0}
          aria-label="←"
        >
          ←
        </button>
        <span className="pres-keys">{t('prKeys')}</span>
        <button
          type="button"
          onClick={() => setStep((s) => Math.min(STEPS.length - 1, s + 1))}
          disabled={step === STEPS.length - 1}
          aria-label="→"
        >
          →
        </button>
        <button type="button" onClick={() => setPresentation(false)} data-testid="leave-presentation">
          {t('prLeave')}
        </button>
      </footer>
    </main>
  );
}
