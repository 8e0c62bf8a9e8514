import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { useStore } from '../state/store.ts';
import type { WorkspaceTab } from '../state/ui-slice.ts';
import { VIEW_LOADERS } from '../views/registry.ts';
import { ArtifactList } from './ArtifactList.tsx';
import { ArtifactPanel } from './ArtifactPanel.tsx';

const loadTimeline = () => import('../incident/TimelineView.tsx');
const loadPostmortem = () => import('../incident/PostmortemView.tsx');
const loadChecklist = () => import('../incident/ChecklistView.tsx');
const OverviewView = lazy(() => import('../incident/OverviewView.tsx'));
const TimelineView = lazy(loadTimeline);
const PostmortemView = lazy(loadPostmortem);
const ChecklistView = lazy(loadChecklist);

/**
 * The tabs' and views' code is fetched and compiled while the user reads the
 * first view, one module per idle period, so the first switch to a tab does not pay for it.
 */
function prefetchTabs(): void {
  const queue = [loadTimeline, loadPostmortem, loadChecklist, ...VIEW_LOADERS];
  const idle = (f: () => void) =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(f, { timeout: 5000 })
      : setTimeout(f, 200);
  const next = () => {
    const load = queue.shift();
    if (load)
      void load().then(
        () => idle(next),
        () => idle(next),
      );
  };
  idle(next);
}
const Presentation = lazy(() => import('../incident/Presentation.tsx'));

const TABS: {
  id: WorkspaceTab;
  key: 'tabOverview' | 'tabArtifacts' | 'tabTimeline' | 'tabPostmortem' | 'tabChecklist';
}[] = [
  { id: 'overview', key: 'tabOverview' },
  { id: 'artifacts', key: 'tabArtifacts' },
  { id: 'timeline', key: 'tabTimeline' },
  { id: 'postmortem', key: 'tabPostmortem' },
  { id: 'checklist', key: 'tabChecklist' },
];

export function Workspace() {
  const { t } = useTranslation();
  // again on a remount costs nothing: a module fetched once resolves from the module map
  useEffect(prefetchTabs, []);
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const presentation = useStore((s) => s.presentation);
  if (presentation) {
    return (
      <ErrorBoundary name="presentation">
        <Suspense fallback={<p>{t('loadingView')}</p>}>
          <Presentation />
        </Suspense>
      </ErrorBoundary>
    );
  }
  return (
    <main className="workspace" data-testid="workspace">
      <ErrorBoundary name="artifact-list">
        <ArtifactList />
      </ErrorBoundary>
      <div className="workspace-main">
        <Tabs
          tabs={TABS.map((x) => ({ id: x.id, label: t(x.key) }))}
          selected={tab}
          onSelect={setTab}
          className="tabs tab-strip"
          testIdPrefix="tab-"
        />
        {/* One boundary per view (keyed by tab): a view that throws shows its error in place with Retry. */}
        <ErrorBoundary name={tab} key={tab}>
          <Suspense fallback={<p>{t('loadingView')}</p>}>
            {tab === 'overview' ? <OverviewView /> : null}
            {tab === 'artifacts' ? <ArtifactPanel /> : null}
            {tab === 'timeline' ? <TimelineView /> : null}
            {tab === 'postmortem' ? <PostmortemView /> : null}
            {tab === 'checklist' ? <ChecklistView /> : null}
          </Suspense>
        </ErrorBoundary>
      </div>
    </main>
  );
}
