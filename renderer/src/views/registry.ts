import { type ComponentType, lazy } from 'react';
import type { FormatId } from '../../../contract/inspect.ts';
import type { ArtifactViewProps } from './view-contract.ts';

const HeapView = lazy(() => import('./heap/HeapView.tsx'));
const PprofView = lazy(() => import('./pprof/PprofView.tsx'));
const GoroutinesView = lazy(() => import('./goroutines/GoroutinesView.tsx'));
const GcView = lazy(() => import('./gc/GcView.tsx'));
const JthreadsView = lazy(() => import('./jthreads/JthreadsView.tsx'));
const AppLogView = lazy(() => import('./applog/AppLogView.tsx'));

/** One view per artifact kind; formats of the same kind share it. */
export const VIEWS: Record<FormatId, ComponentType<ArtifactViewProps>> = {
  'go-heapdump': HeapView,
  hprof: HeapView,
  pprof: PprofView,
  'pprof-text': PprofView,
  'goroutine-dump': GoroutinesView,
  'go-gctrace': GcView,
  'jvm-gclog': GcView,
  jstat: GcView,
  'java-thread-dump': JthreadsView,
  applog: AppLogView,
};
