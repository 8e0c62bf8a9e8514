import { useMemo } from 'react';
import type { HostFile } from '../../../electron/ipc-contract.ts';
import { host } from '../host/host.ts';
import { openIncident, sampleOpened } from '../incident/incident-hooks.ts';
import { useStore } from '../state/store.ts';
import { fetchSampleFiles } from './sample-incident.ts';

/** Hooks for features that react to commands (the incident workspace registers here). */
export const commandHooks: {
  openIncident?: (id: string) => Promise<void> | void;
  sampleOpened?: (incidentId: string) => void;
} = {};
commandHooks.openIncident = async (id) => {
  await openIncident(id);
};
commandHooks.sampleOpened = (id) => void sampleOpened(id);

/** The app's commands, shared by buttons, keyboard shortcuts and the Electron menu. */
export function useCommands() {
  const addFiles = useStore((s) => s.addFiles);
  const setScreen = useStore((s) => s.setScreen);
  return useMemo(() => {
    const open = (files: HostFile[], opts?: { fromFolder?: boolean }) => {
      if (!files.length) return;
      addFiles(files, opts);
      setScreen('workspace');
    };
    return {
      open,
      openFiles: async () => open(await host.openFiles()),
      openFolder: async () => open(await host.openFolder(), { fromFolder: true }),
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
