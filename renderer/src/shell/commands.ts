import { useMemo } from 'react';
import type { HostFile } from '../../../electron/ipc-contract.ts';
import { host } from '../host/host.ts';
import { useStore } from '../state/store.ts';
import { fetchSampleFiles } from './sample-incident.ts';

/** Hooks for features that react to commands (the incident workspace registers here). */
export const commandHooks: {
  openIncident?: (id: string) => Promise<void> | void;
  sampleOpened?: (incidentId: string) => void;
} = {};

/** The app's commands, shared by buttons, keyboard shortcuts and the Electron menu. */
export function useCommands() {
  const addFiles = useStore((s) => s.addFiles);
  const setScreen = useStore((s) => s.setScreen);
  return useMemo(() => {
    const open = (files: HostFile[]) => {
      if (!files.length) return;
      addFiles(files);
      setScreen('workspace');
    };
    return {
      open,
      openFiles: async () => open(await host.openFiles()),
      openFolder: async () => open(await host.openFolder()),
      openSample: async (id = 'go-leak') => {
        open(await fetchSampleFiles(id));
        commandHooks.sampleOpened?.(id);
      },
      openIncident: async (id: string) => {
        await commandHooks.openIncident?.(id);
        setScreen('workspace');
      },
    };
  }, [addFiles, setScreen]);
}
