import { useMemo } from 'react';
import type { HostFile } from '../../../contract/host-api.ts';
import { host } from '../host/host.ts';
import { useIncidentController } from '../incident/incident-hooks.ts';
import { useStore } from '../state/store.ts';
import { fetchSampleFiles } from './sample-incident.ts';

/** The app's commands, shared by buttons, keyboard shortcuts and the Electron menu. */
export function useCommands() {
  const addFiles = useStore((s) => s.addFiles);
  const setScreen = useStore((s) => s.setScreen);
  const setTab = useStore((s) => s.setTab);
  const incidents = useIncidentController();
  return useMemo(() => {
    const open = (files: HostFile[], opts?: { fromFolder?: boolean }) => {
      if (!files.length) return;
      addFiles(files, opts);
      // A folder of evidence opens on the overview (what was opened, what it says first); one file on its view.
      if (opts?.fromFolder || files.length > 1) setTab('overview');
      else setTab('artifacts');
      setScreen('workspace');
    };
    return {
      open,
      openFiles: async () => open(await host.openFiles()),
      openFolder: async () => open(await host.openFolder(), { fromFolder: true }),
      openSample: async (id = 'go-leak') => {
        open(await fetchSampleFiles(id));
        void incidents.sampleOpened(id);
      },
      openIncident: async (id: string) => {
        await incidents.openIncident(id);
        setScreen('workspace');
      },
    };
  }, [addFiles, setScreen, setTab, incidents]);
}
