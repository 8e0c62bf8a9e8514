import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, type HostApi, type HostFile, type MenuCommand } from '../contract/host-api.ts';

/**
 * Paths of dropped `File` objects. Only Chromium knows them (`webUtils.getPathForFile`, empty for a
 * `File` the page constructed itself), so the page cannot make the main process grant a path it
 * merely names.
 */
export function droppedPaths(files: readonly File[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!(f instanceof File)) continue;
    const p = webUtils.getPathForFile(f);
    if (p) out.push(p);
  }
  return out;
}

// The renderer gets exactly this object: no ipcRenderer, no Node.
export const api: HostApi = {
  kind: 'electron',
  openFiles: (options) =>
    ipcRenderer.invoke(
      CHANNELS.openFiles,
      options?.defaultPath ? { defaultPath: options.defaultPath } : undefined,
    ),
  openFolder: () => ipcRenderer.invoke(CHANNELS.openFolder),
  readFile: (path, offset, length) => ipcRenderer.invoke(CHANNELS.readFile, path, offset, length),
  exportFiles: (name, files) => ipcRenderer.invoke(CHANNELS.exportFiles, name, files),
  saveIncident: (id, title, json) => ipcRenderer.invoke(CHANNELS.saveIncident, id, title, json),
  loadIncident: (id) => ipcRenderer.invoke(CHANNELS.loadIncident, id),
  recentIncidents: () => ipcRenderer.invoke(CHANNELS.recentIncidents),
  onMenuCommand: (listener) => {
    const h = (_e: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menuCommand, h);
    return () => ipcRenderer.removeListener(CHANNELS.menuCommand, h);
  },
  onOpenFiles: (listener) => {
    const h = (_e: unknown, files: HostFile[]) => listener(files);
    ipcRenderer.on(CHANNELS.openPaths, h);
    return () => ipcRenderer.removeListener(CHANNELS.openPaths, h);
  },
  openDropped: async (files) => {
    const paths = droppedPaths(Array.from(files));
    return paths.length ? ipcRenderer.invoke(CHANNELS.allowDropped, paths) : [];
  },
  probePaths: (paths) => ipcRenderer.invoke(CHANNELS.probePaths, paths),
  onFlushRequest: (listener) => {
    const h = (_e: unknown, id: number) => {
      void listener()
        .catch(() => {})
        .finally(() => ipcRenderer.invoke(CHANNELS.flushDone, id));
    };
    ipcRenderer.on(CHANNELS.flushRequest, h);
    return () => ipcRenderer.removeListener(CHANNELS.flushRequest, h);
  },
  setPresentation: (on) => ipcRenderer.invoke(CHANNELS.setPresentation, on),
};

contextBridge.exposeInMainWorld('pmwbHost', api);
