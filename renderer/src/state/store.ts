import { create } from 'zustand';
import { type ArtifactsSlice, createArtifactsSlice } from './artifacts-slice.ts';
import { createIncidentSlice, type IncidentSlice } from './incident-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

/** One store, one slice per concern (STYLE.md): small typed selectors read from it. */
export type Store = ArtifactsSlice & UiSlice & IncidentSlice;

export const useStore = create<Store>()((...a) => ({
  ...createArtifactsSlice(...a),
  ...createUiSlice(...a),
  ...createIncidentSlice(...a),
}));
