import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../state/store.ts';
import type { WorkspaceTab } from '../state/ui-slice.ts';
import { ArtifactList } from './ArtifactList.tsx';
import { ArtifactPanel } from './ArtifactPanel.tsx';

const TimelineView = lazy(() => import('../incident/TimelineView.tsx'));
const PostmortemView = lazy(() => import('../incident/PostmortemView.tsx'));
const ChecklistView = lazy(() => import('../incident/ChecklistView.tsx'));
const Presentation = lazy(() => import('../incident/Presentation.tsx'));

const TABS: { id: WorkspaceTab; key: 'tabArtifacts' | 'tabTimeline' | 'tabPostmortem' | 'tabChecklist' }[] = [
  { id: 'artifacts', key: 'tabArtifacts' },
  { id: 'timeline', key: 'tabTimeline' },
  { id: 'postmortem', key: 'tabPostmortem' },
  { id: 'checklist', key: 'tabChecklist' },
];

export function Workspace() {
  const { t } = useTranslation();
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const presentation = useStore((s) => s.presentation);
  if (presentation) {
    return (
      <Suspense fallback={<p>{t('loadingView')}</p>}>
        <Presentation />
      </Suspense>
    );
  }
  return (
    <main className="workspace" data-testid="workspace">
      <ArtifactList />
      <div className="workspace-main">
        <div className="tabs" role="tablist">
          {TABS.map((x) => (
            <button
              key={x.id}
              type="button"
              role="tab"
              aria-selected={tab === x.id}
              data-testid={`tab-${x.id}`}
              onClick={() => setTab(x.id)}
            >
              {t(x.key)}
            </button>
          ))}
        </div>
        <Suspense fallback={<p>{t('loadingView')}</p>}>
          {tab === 'artifacts' ? <ArtifactPanel /> : null}
          {tab === 'timeline' ? <TimelineView /> : null}
          {tab === 'postmortem' ? <PostmortemView /> : null}
          {tab === 'checklist' ? <ChecklistView /> : null}
        </Suspense>
      </div>
    </main>
  );
}
