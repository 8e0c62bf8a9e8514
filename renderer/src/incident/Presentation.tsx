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
import {
  checklistForReview,
  isParagraph,
  markdownBlocks,
  type PageRange,
  pageRuns,
  paginate,
  sentencePieces,
} from './slide-pages.ts';
import { NS } from './strings.ts';

/** The review's parts, in order (`data-step` of each slide). */
type Step = 'summary' | 'timeline' | 'root-cause' | 'checklist';

interface SlideItem {
  key: string;
  className?: string;
  testId?: string;
  node: (measuring: boolean) => ReactNode;
  /** A paragraph that may be cut at its sentences when it is taller than a slide. */
  cuttable?: boolean;
  /** A piece of a cut paragraph: the paragraph's key, and the piece's Markdown. */
  piece?: { of: string; text: string };
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
  const { items } = section;
  // Pieces of a cut paragraph are drawn together as the paragraph, "…" where it goes on from or to
  // another slide; measured as inline spans of that paragraph, so their boxes are the lines they take.
  const runs = pageRuns(
    items.map((it) => it.piece?.of),
    page,
  );
  return (
    <>
      {page.from === 0 && section.lead ? <div data-lead>{section.lead}</div> : null}
      <ul className={`pres-list ${section.listClass}`} data-list>
        {runs.map((run) => {
          const first = items[run.from];
          if (!first.piece)
            return (
              <li
                key={first.key}
                className={first.className}
                data-item
                data-testid={measuring ? undefined : first.testId}
              >
                {first.node(measuring)}
              </li>
            );
          const pieces = items.slice(run.from, run.to);
          if (measuring)
            return (
              <li key={first.key}>
                <p>
                  {pieces.map((it) => (
                    <span key={it.key} data-item data-piece>
                      <Md inline text={it.piece?.text ?? ''} />{' '}
                    </span>
                  ))}
                </p>
              </li>
            );
          const text = pieces
            .map((it) => it.piece?.text ?? '')
            .join('')
            .trim();
          return (
            <li
              key={first.key}
              data-item
              data-continues={run.continues ? true : undefined}
              data-continued={run.continued ? true : undefined}
            >
              <Md text={`${run.continued ? '… ' : ''}${text}${run.continues ? ' …' : ''}`} />
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * Page breaks of every flow section, measured in its hidden frame (same box as the slide): the body's
 * height is the capacity; the lead and the list's own padding take their share. `tall`: the items
 * taller than a slide.
 */
function measurePages(frame: HTMLElement): { pages: PageRange[]; tall: number[] } {
  const body = frame.querySelector<HTMLElement>('.pres-body');
  const list = frame.querySelector<HTMLElement>('[data-list]');
  if (!body || !list) return { pages: [{ from: 0, to: 0 }], tall: [] };
  // items, and the pieces of a cut paragraph inside theirs, in document order
  const items = [...list.querySelectorAll<HTMLElement>('[data-item]')];
  const b = body.getBoundingClientRect();
  const l = list.getBoundingClientRect();
  const boxes = items.map((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  const cs = getComputedStyle(list);
  const pad = Number.parseFloat(cs.paddingTop) + Number.parseFloat(cs.paddingBottom);
  // a pixel of slack against sub-pixel rounding between the frame and the slide
  // a page that starts inside a cut paragraph starts it on a new line, with "…" before and after:
  // up to two lines more than the measured pieces
  const piece = list.querySelector<HTMLElement>('[data-piece]')?.parentElement;
  const ps = piece ? getComputedStyle(piece) : undefined;
  const line = ps ? Number.parseFloat(ps.lineHeight) || Number.parseFloat(ps.fontSize) * 1.5 : 0;
  const rest = b.height - pad - 1 - 2 * line;
  const tall = boxes.flatMap((x, i) => (x.bottom - x.top > rest ? [i] : []));
  return { pages: paginate(boxes, { first: rest - (l.top - b.top), rest }), tall };
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
  // summary paragraphs found taller than a slide: cut at their sentences to flow over slides
  const [cut, setCut] = useState<ReadonlySet<string>>(() => new Set());

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
        items: markdownBlocks(summary ?? m.noFindings).flatMap((text, i): SlideItem[] => {
          const key = `b${i}`;
          const pieces = cut.has(key) ? sentencePieces(text) : [];
          if (pieces.length < 2)
            return [{ key, cuttable: isParagraph(text), node: () => <Md text={text} /> }];
          return pieces.map((piece, j) => ({
            key: `${key}.${j}`,
            piece: { of: key, text: piece },
            node: () => <Md text={piece} />,
          }));
        }),
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
  }, [incident, timeline, lang, tz, fmt, t, m, cut]);

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
    const tooTall: string[] = [];
    for (const frame of root.querySelectorAll<HTMLElement>('[data-frame]')) {
      const key = frame.dataset.frame ?? '';
      const { pages: p, tall } = measurePages(frame);
      next[key] = p;
      const items = sections.find((s): s is FlowSection => s.kind === 'flow' && s.key === key)?.items ?? [];
      for (const i of tall) if (items[i]?.cuttable && !cut.has(items[i].key)) tooTall.push(items[i].key);
    }
    setPages(next);
    // cut them and measure again (once: a cut paragraph is not cuttable any more)
    if (tooTall.length) setCut(new Set([...cut, ...tooTall]));
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
