import { useDeferredValue, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POSTMORTEM_STATUSES, type PostmortemSection } from '../../../workers/incident/model.ts';
import { messages } from '../../../workers/report/i18n/index.ts';
import { lineDiff } from '../../../workers/report/line-diff.ts';
import { useStore } from '../state/store.ts';
import { TextField } from './ChecklistField.tsx';
import { IncidentBanner } from './common.tsx';
import { IsoDateInput } from './IsoDateInput.tsx';
import { Md } from './md.tsx';
import { type ExportKind, exportPostmortem, markdownOf } from './report-actions.ts';
import { NS } from './strings.ts';

/** Sections whose editors the view's first commit draws; the rest follow one per task. */
const FIRST_SECTIONS = 3;

/** What the evidence changed in the generated text of a section the user edited. */
function ReviewDiff({ section }: { section: PostmortemSection }) {
  const { t } = useTranslation(NS);
  const reviewed = useStore((s) => s.markSectionReviewed);
  const revert = useStore((s) => s.revertPostmortemSection);
  if (section.reviewFrom === undefined || section.generated === undefined) return null;
  const diff = lineDiff(section.reviewFrom, section.generated);
  return (
    <div className="pm-review" data-testid={`pm-review-${section.id}`} role="note">
      <p>{t('pmReviewHint')}</p>
      <pre className="pm-diff">
        {diff.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable diff
          <div key={i} className={`pm-diff-${l.op}`}>
            {l.op === 'add' ? '+ ' : l.op === 'del' ? '- ' : '  '}
            {l.text}
          </div>
        ))}
      </pre>
      <button type="button" onClick={() => reviewed(section.id)} data-testid="pm-reviewed">
        {t('pmReviewed')}
      </button>{' '}
      <button type="button" onClick={() => revert(section.id)}>
        {t('pmRevert')}
      </button>
    </div>
  );
}

function SectionEditor({
  section,
  title,
  showPreview,
}: {
  section: PostmortemSection;
  title: string;
  /** False until the view's turn for this section's preview (see `PostmortemView`). */
  showPreview: boolean;
}) {
  const { t } = useTranslation(NS);
  const edit = useStore((s) => s.editPostmortemSection);
  const revert = useStore((s) => s.revertPostmortemSection);
  const generated = section.generated !== undefined;
  const mark = section.edited ? t('pmEdited') : generated ? t('pmGenerated') : t('pmManual');
  // Typing stays one short task: the preview follows the text in a background render.
  const preview = useDeferredValue(section.body);
  return (
    <section className="pm-section" data-testid="pm-section" data-section={section.id}>
      <header className="pm-section-head">
        <h3 id={`pm-h-${section.id}`}>{title}</h3>
        <span
          className={`badge pm-mark ${section.edited ? 'pm-edited' : 'pm-generated'}`}
          data-testid="pm-mark"
          data-edited={section.edited ? 'true' : 'false'}
        >
          {mark}
        </span>
        {section.reviewFrom !== undefined ? (
          <span className="badge pm-review-badge" data-testid="pm-review-badge">
            {t('pmReview')}
          </span>
        ) : null}
        {section.edited && generated ? (
          <button type="button" onClick={() => revert(section.id)}>
            {t('pmRevert')}
          </button>
        ) : null}
      </header>
      <ReviewDiff section={section} />
      <div className="pm-edit-grid">
        <label className="pm-editor">
          <span className="muted">{t('pmEditor')}</span>
          <textarea
            value={section.body}
            onChange={(e) => edit(section.id, e.currentTarget.value)}
            aria-labelledby={`pm-h-${section.id}`}
            data-testid={`pm-editor-${section.id}`}
            rows={Math.min(18, Math.max(4, section.body.split('\n').length + 1))}
            spellCheck
          />
        </label>
        <div className="pm-preview" data-testid={`pm-preview-${section.id}`}>
          <span className="muted">{t('pmPreview')}</span>
          {showPreview ? <Md text={preview} /> : null}
        </div>
      </div>
    </section>
  );
}

export default function PostmortemView() {
  const { t } = useTranslation(NS);
  const lang = useStore((s) => s.lang);
  const incident = useStore((s) => s.incident);
  const pm = incident?.postmortem;
  const ensure = useStore((s) => s.ensurePostmortem);
  const setMeta = useStore((s) => s.setPostmortemMeta);
  const changes = useStore((s) => s.regenChanges);
  const setPresentation = useStore((s) => s.setPresentation);
  const [notice, setNotice] = useState<string>();
  const dateId = useId();
  const m = messages(lang);
  // Opening the view draws the first sections' editors, then per task one more section and one
  // more preview: every section in one commit (textareas, Markdown, tables, the Mermaid list, and
  // their layout) was one long task.
  const sectionCount = pm?.sections.length ?? 0;
  const [previews, setPreviews] = useState(0);
  useEffect(() => {
    if (previews >= sectionCount) return;
    const timer = setTimeout(() => setPreviews((n) => n + 1), 0);
    return () => clearTimeout(timer);
  }, [previews, sectionCount]);

  useEffect(() => {
    if (incident && !incident.postmortem) ensure(lang);
  }, [incident, ensure, lang]);

  if (!incident || !pm) {
    return (
      <section className="inc-view" data-testid="postmortem-view">
        <IncidentBanner />
        <p className="empty">{t('noIncident')}</p>
      </section>
    );
  }
  const doExport = async (kind: ExportKind) => {
    const files = await exportPostmortem(kind, lang);
    setNotice(t('pmExported', { files: files.join(', ') }));
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdownOf(pm));
      setNotice(t('pmCopied'));
    } catch (e) {
      setNotice(t('pmCopyFailed', { error: String(e) }));
    }
  };
  const changed = changes?.filter((c) => c.change !== 'unchanged') ?? [];
  return (
    <section className="inc-view pm-view" data-testid="postmortem-view" aria-label={t('pmTitle')}>
      <IncidentBanner />
      <div className="pm-toolbar">
        <button
          type="button"
          className="primary"
          onClick={() => setPresentation(true)}
          data-testid="enter-presentation"
        >
          {t('pmPresent')}
        </button>
        <button type="button" onClick={() => void doExport('folder')} data-testid="export-folder">
          {t('pmExportFolder')}
        </button>
        <button type="button" onClick={() => void doExport('md')} data-testid="export-md">
          {t('pmExportMd')}
        </button>
        <button type="button" onClick={() => void doExport('csv')} data-testid="export-csv">
          {t('pmExportCsv')}
        </button>
        <button type="button" onClick={() => void copy()} data-testid="copy-markdown">
          {t('pmCopy')}
        </button>
        {notice ? (
          <span role="status" className="muted" data-testid="pm-notice">
            {notice}
          </span>
        ) : null}
      </div>
      {changes && changed.length ? (
        <details
          className="pm-changes"
          open={changed.some((c) => c.change === 'kept-edited')}
          data-testid="pm-changes"
        >
          <summary>
            {t('pmChanges')}: {changed.length}
          </summary>
          <ul>
            {changed.map((c) => (
              <li key={c.id} data-change={c.change}>
                {m.sections[c.id as keyof typeof m.sections] ?? c.id}: {t(`pmChange_${c.change}`)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <header className="pm-meta">
        <TextField
          label={t('title')}
          value={pm.title}
          onChange={(title) => setMeta({ title })}
          size={50}
          testId="pm-title"
        />
        <label htmlFor={dateId}>
          {t('pmDate')}{' '}
          <IsoDateInput
            id={dateId}
            value={pm.date}
            allowEmpty={false}
            onCommit={(date) => {
              if (date) setMeta({ date });
            }}
            testId="pm-date"
          />
        </label>
        <label>
          {t('pmAuthors')}{' '}
          <input
            value={pm.authors.join(', ')}
            onChange={(e) =>
              setMeta({
                authors: e.currentTarget.value
                  .split(',')
                  .map((a) => a.trimStart())
                  .filter((a, i, all) => a || i === all.length - 1),
              })
            }
            size={30}
          />
        </label>
        <label>
          {t('pmStatus')}{' '}
          <select
            value={pm.status}
            onChange={(e) =>
              setMeta({ status: e.currentTarget.value as (typeof POSTMORTEM_STATUSES)[number] })
            }
          >
            {POSTMORTEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {m.postmortemStatus[s]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <h2 data-testid="pm-heading" data-raw={pm.title ? true : undefined}>
        {pm.title || m.sections.summary}
      </h2>
      {pm.sections.slice(0, previews + FIRST_SECTIONS).map((s, i) => (
        <SectionEditor key={s.id} section={s} title={m.sections[s.id]} showPreview={i < previews} />
      ))}
    </section>
  );
}
