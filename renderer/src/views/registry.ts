import { type ComponentType, lazy } from 'react';
import type { FormatId } from '../../../contract/inspect.ts';
import type { ArtifactViewProps } from './view-contract.ts';

const loadHeap = () => import('./heap/HeapView.tsx');
const loadPprof = () => import('./pprof/PprofView.tsx');
const loadGoroutines = () => import('./goroutines/GoroutinesView.tsx');
const loadGc = () => import('./gc/GcView.tsx');
const loadJthreads = () => import('./jthreads/JthreadsView.tsx');
const loadAppLog = () => import('./applog/AppLogView.tsx');
/** Every view's code, for prefetching while the user reads (shell/Workspace.tsx). */
export const VIEW_LOADERS: (() => Promise<unknown>)[] = [
  loadGc,
  loadHeap,
  loadGoroutines,
  loadPprof,
  loadJthreads,
  loadAppLog,
];
const HeapView = lazy(loadHeap);
const PprofView = lazy(loadPprof);
const GoroutinesView = lazy(loadGoroutines);
const GcView = lazy(loadGc);
const JthreadsView = lazy(loadJthreads);
const AppLogView = lazy(loadAppLog);

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
