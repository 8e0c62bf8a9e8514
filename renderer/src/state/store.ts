import { create } from 'zustand';
import { engine, openInWorker } from '../engine-client.ts';
import { host } from '../host/host.ts';
import {
  type ArtifactIo,
  ArtifactSession,
  type ArtifactsSlice,
  createArtifactsSlice,
} from './artifacts-slice.ts';
import { createIncidentSlice, type IncidentSlice } from './incident-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

/** One store, one slice per concern (STYLE.md): small typed selectors read from it. */
export type Store = ArtifactsSlice & UiSlice & IncidentSlice;

/** The app's artifact I/O: the engine worker, and the host for files opened by path. */
const workerIo: ArtifactIo = {
  open: openInWorker,
  cancel: (token) => void engine().cancel(token),
  close: (id) => void engine().close(id),
  readFile: (path, offset, length) => host.readFile(path, offset, length),
};

/** A store with its own artifact session: two stores never share rows, sources or binaries. */
export function createAppStore(io: ArtifactIo) {
  const session = new ArtifactSession(io);
  return create<Store>()((...a) => ({
    ...createArtifactsSlice(session)(...a),
    ...createUiSlice(...a),
    ...createIncidentSlice(...a),
  }));
}

export const useStore = createAppStore(workerIo);
