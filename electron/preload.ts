import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, type HostApi, type HostFile, type MenuCommand } from '../contract/host-api.ts';

// The renderer gets exactly this object: no ipcRenderer, no Node.
const api: HostApi = {
  kind: 'electron',
  openFiles: () => ipcRenderer.invoke(CHANNELS.openFiles),
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
  pathForFile: (file) => webUtils.getPathForFile(file) || undefined,
  openDropped: (paths) => ipcRenderer.invoke(CHANNELS.allowDropped, paths),
  setPresentation: (on) => ipcRenderer.invoke(CHANNELS.setPresentation, on),
};

contextBridge.exposeInMainWorld('pmwbHost', api);
