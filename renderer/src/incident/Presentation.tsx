import { type ReactNode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChartScene,
  type ChartSize,
  goroutineChartScene,
  heapChartScene,
} from '../../../workers/report/charts.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { findingSentence, orderedFindings, reviewEvents } from '../../../workers/report/postmortem.ts';
import { EngineText } from '../i18n/engine-text.tsx';
import { useStore } from '../state/store.ts';
import { useTimeFormat, useTimeline } from './common.tsx';
import { Md } from './md.tsx';
import { SlideChart } from './SlideChart.tsx';
import { SlideChecklistRow } from './SlideChecklist.tsx';
import { checklistForReview, markdownBlocks, type PageRange, paginate } from './slide-pages.ts';
import { NS } from './strings.ts';

/** The review's parts, in order (`data-step` of each slide). */
type Step = 'summary' | 'timeline' | 'root-cause' | 'checklist';

interface SlideItem {
  key: string;
  className?: string;
  testId?: string;
  node: (measuring: boolean) => ReactNode;
}

/** A part whose items flow over as many slides as they need. */
interface FlowSection {
  kind: 'flow';
  key: string;
  step: Step;
  title: string;
  lead?: ReactNode;
  listClass: string;
  items: SlideItem[];
}

/** A part drawn as one full-slide chart. */
interface ChartSection {
  kind: 'chart';
  key: string;
  step: Step;
  title: string;
  scene: (size: ChartSize) => ChartScene | undefined;
}

type Section = FlowSection | ChartSection;

interface Slide {
  section: Section;
  page: PageRange;
  /** 1-based page of its section and the section's page count. */
  n: number;
  of: number;
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

/** A flow section's page: the lead on its first page, then the page's items. */
function FlowPage({
  section,
  page,
  measuring,
}: {
  section: FlowSection;
  page: PageRange;
  measuring: boolean;
}) {
  return (
    <>
      {page.from === 0 && section.lead ? <div data-lead>{section.lead}</div> : null}
      <ul className={`pres-list ${section.listClass}`} data-list>
        {section.items.slice(page.from, page.to).map((it) => (
          <li key={it.key} className={it.className} data-item data-testid={measuring ? undefined : it.testId}>
            {it.node(measuring)}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Page breaks of every flow section, measured in its hidden frame (same box as the slide): the body's
 * height is the capacity; the lead and the list's own padding take their share.
 */
function measurePages(frame: HTMLElement): PageRange[] {
  const body = frame.querySelector<HTMLElement>('.pres-body');
  const list = frame.querySelector<HTMLElement>('[data-list]');
  if (!body || !list) return [{ from: 0, to: 0 }];
  const items = [...list.querySelectorAll<HTMLElement>(':scope > [data-item]')];
  const b = body.getBoundingClientRect();
  const l = list.getBoundingClientRect();
  const boxes = items.map((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  const cs = getComputedStyle(list);
  const pad = Number.parseFloat(cs.paddingTop) + Number.parseFloat(cs.paddingBottom);
  // a pixel of slack against sub-pixel rounding between the frame and the slide
  const rest = b.height - pad - 1;
  return paginate(boxes, { first: rest - (l.top - b.top), rest });
}

/** Review-meeting mode: large type, high contrast, keyboard steps; the checklist stays editable. */
export default function Presentation() {
  const { t } = useTranslation(NS);
  const lang = useStore((s) => s.lang);
  const incident = useStore((s) => s.incident);
  const setPresentation = useStore((s) => s.setPresentation);
  const timeline = useTimeline();
  const { fmt, tz } = useTimeFormat();
  const m = messages(lang);

  const sections = useMemo((): Section[] => {
    if (!incident || !timeline) return [];
    const nowMs = Date.now();
    const summary = incident.postmortem?.sections.find((s) => s.id === 'summary')?.body;
    const { events, starred } = reviewEvents(timeline);
    const findings = orderedFindings(incident.findings);
    const rows = checklistForReview(incident.checklist);
    const out: Section[] = [
      {
        kind: 'flow',
        key: 'summary',
        step: 'summary',
        title: t('prSummary'),
        lead: (
          <p className="pres-meta">
            {m.severity[incident.severity]} · {m.incidentStatus[incident.status]}
            {timeline.range ? ` · ${fmt(timeline.range.startMs)} – ${fmt(timeline.range.endMs)}` : ''}
          </p>
        ),
        listClass: 'pres-md',
        items: markdownBlocks(summary ?? m.noFindings).map((text, i) => ({
          key: `b${i}`,
          node: () => <Md text={text} />,
        })),
      },
      {
        kind: 'flow',
        key: 'events',
        step: 'timeline',
        title: t('prTimeline'),
        lead: starred ? undefined : <p className="pres-note">{t('prNoStarred')}</p>,
        listClass: 'pres-events',
        items: events.map((e) => ({
          key: e.id,
          className: `inc-sev-${e.severity}`,
          testId: 'presentation-event',
          node: () => (
            <>
              <time>{fmt(e.t).slice(11)}</time> <EngineText msg={e.labelMsg} text={e.label} />
            </>
          ),
        })),
      },
    ];
    const heap = (size: ChartSize) => heapChartScene(timeline, lang, tz, size);
    const goroutines = (size: ChartSize) => goroutineChartScene(timeline, lang, tz, size);
    if (heap({ width: 960, height: 360 }))
      out.push({ kind: 'chart', key: 'heap-chart', step: 'timeline', title: m.charts.heap, scene: heap });
    if (goroutines({ width: 960, height: 360 }))
      out.push({
        kind: 'chart',
        key: 'goroutine-chart',
        step: 'timeline',
        title: m.charts.goroutines,
        scene: goroutines,
      });
    out.push(
      {
        kind: 'flow',
        key: 'findings',
        step: 'root-cause',
        title: t('prRootCause'),
        listClass: 'pres-findings',
        items: findings.length
          ? findings.map((f) => ({
              key: f.id,
              className: `inc-sev-${f.severity}`,
              testId: 'presentation-finding',
              node: () => <Md inline text={findingSentence(f, m, tz)} />,
            }))
          : [{ key: 'none', node: () => m.noFindings }],
      },
      {
        kind: 'flow',
        key: 'checklist',
        step: 'checklist',
        title: t('prChecklist'),
        listClass: 'pres-checklist',
        items: rows.length
          ? rows.map((r) => ({
              key: r.id,
              className: 'pres-cl',
              testId: 'checklist-row',
              node: (measuring: boolean) => (
                <SlideChecklistRow row={r} lang={lang} nowMs={nowMs} measuring={measuring} />
              ),
            }))
          : [{ key: 'none', node: () => m.noChecklist }],
      },
    );
    return out;
  }, [incident, timeline, lang, tz, fmt, t, m]);

  // Page breaks: measured in hidden frames of the slide's size, again whenever that size changes.
  const measureRoot = useRef<HTMLDivElement>(null);
  const [frameSize, setFrameSize] = useState('');
  const [fontsReady, setFontsReady] = useState(false);
  const [pages, setPages] = useState<Record<string, PageRange[]>>({});
  useLayoutEffect(() => {
    const el = measureRoot.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setFrameSize(`${el.clientWidth}×${el.clientHeight}`));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    let live = true;
    void document.fonts?.ready.then(() => live && setFontsReady(true));
    return () => {
      live = false;
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: frame size and fonts change the measured boxes
  useLayoutEffect(() => {
    const root = measureRoot.current;
    if (!root) return;
    const next: Record<string, PageRange[]> = {};
    for (const frame of root.querySelectorAll<HTMLElement>('[data-frame]'))
      next[frame.dataset.frame ?? ''] = measurePages(frame);
    setPages(next);
  }, [sections, frameSize, fontsReady]);

  const slides = useMemo((): Slide[] => {
    const out: Slide[] = [];
    for (const s of sections) {
      const ranges =
        s.kind === 'chart' ? [{ from: 0, to: 0 }] : (pages[s.key] ?? [{ from: 0, to: s.items.length }]);
      ranges.forEach((page, i) => {
        out.push({ section: s, page, n: i + 1, of: ranges.length });
      });
    }
    return out;
  }, [sections, pages]);

  // The slide shown is kept as (section, first item), so new page breaks keep the same content.
  const [pos, setPos] = useState({ key: 'summary', item: 0 });
  let index = slides.findIndex(
    (s) =>
      s.section.key === pos.key &&
      s.page.from <= pos.item &&
      (pos.item < s.page.to || s.page.from === s.page.to),
  );
  if (index < 0)
    index = Math.max(
      0,
      slides.findIndex((s) => s.section.key === pos.key),
    );
  const nav = useRef({ index, count: slides.length, go: (_i: number) => {} });
  nav.current = {
    index,
    count: slides.length,
    go: (i: number) => {
      const s = slides[Math.max(0, Math.min(slides.length - 1, i))];
      if (s) setPos({ key: s.section.key, item: s.page.from });
    },
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setPresentation(false);
        return;
      }
      if (isEditable(e.target)) return;
      const { index: i, count, go } = nav.current;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') {
        e.preventDefault();
        go(i + 1);
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        go(i - 1);
      } else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(count - 1);
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

  if (!incident || !timeline) {
    return (
      <main className="pres" data-testid="presentation">
        <p>{t('noIncident')}</p>
      </main>
    );
  }
  const slide = slides[index];
  const section = slide.section;
  const heading = (title: string, n: number, of: number) =>
    of > 1 ? t('prPaged', { title, n, total: of }) : title;
  return (
    <main
      className="pres"
      data-testid="presentation"
      data-step={section.step}
      data-slide={section.key}
      aria-roledescription="slides"
    >
      <header className="pres-top">
        <span className="pres-title">{incident.title}</span>
        <span data-testid="presentation-step">{t('prStep', { n: index + 1, total: slides.length })}</span>
      </header>
      <section className="pres-slide" aria-live="polite" data-testid="presentation-slide">
        <h1>{heading(section.title, slide.n, slide.of)}</h1>
        <div className="pres-body">
          {section.kind === 'chart' ? (
            <SlideChart key={section.key} scene={section.scene} label={section.title} />
          ) : (
            <FlowPage section={section} page={slide.page} measuring={false} />
          )}
        </div>
      </section>
      <div className="pres-measure" ref={measureRoot} aria-hidden="true" inert>
        {sections.map((s) =>
          s.kind === 'flow' ? (
            <div key={s.key} className="pres-frame" data-frame={s.key}>
              <h1>{heading(s.title, 8, 8)}</h1>
              <div className="pres-body">
                <FlowPage section={s} page={{ from: 0, to: s.items.length }} measuring />
              </div>
            </div>
          ) : null,
        )}
      </div>
      <footer className="pres-bottom">
        <button type="button" onClick={() => nav.current.go(index - 1)} disabled={index === 0} aria-label="←">
          ←
        </button>
        <Clock />
        <span className="pres-keys">{t('prKeys')}</span>
        <button
          type="button"
          onClick={() => nav.current.go(index + 1)}
          disabled={index === slides.length - 1}
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
