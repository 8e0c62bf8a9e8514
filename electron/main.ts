import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { CHANNELS, type MenuCommand } from '../contract/host-api.ts';
import { IncidentFiles } from '../node/incident-files.ts';
import { appProtocolHandler } from './app-protocol.ts';
import { FileAccess } from './file-access.ts';
import { registerIpc } from './ipc-main.ts';
import { menuTemplate } from './menu.ts';
import { createQuitFlush } from './quit-flush.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  denyAllPermissions,
  hardenContents,
  secureWindowOptions,
} from './security.ts';

// The renderer is served from a privileged custom scheme rather than file://, so module workers,
// a real origin for the CSP, and our sender checks all work.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(__dirname, '..', '..', 'dist', 'renderer');
const files = new FileAccess();
const incidents = new IncidentFiles(() => join(app.getPath('userData'), 'incidents'));
let win: BrowserWindow | undefined;
/** Quitting waits for the renderer's last autosave, then marks the clean shutdown. */
const quitFlush = createQuitFlush({
  send: (id) => {
    if (!win || win.isDestroyed()) return false;
    win.webContents.send(CHANNELS.flushRequest, id);
    return true;
  },
  quit: () => app.quit(),
  afterFlush: () => incidents.shutdown(),
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    void openPaths(argv.slice(app.isPackaged ? 1 : 2));
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => quitFlush.onBeforeQuit(e));
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  // Leftovers of interrupted saves go; after a crash a damaged autosave gets its backup back.
  await incidents.startup().catch((e) => console.error('pmwb: incident recovery failed:', e));

  registerIpc(ipcMain, {
    openFiles: async (_e, options?: { defaultPath?: string }) => {
      // Only what our own dialog returns is granted (the default path is just where it opens).
      const r = await dialog.showOpenDialog(win!, {
        properties: ['openFile', 'multiSelections'],
        ...(options?.defaultPath ? { defaultPath: options.defaultPath } : {}),
      });
      return r.canceled ? [] : files.expand(r.filePaths);
    },
    openFolder: async () => {
      const r = await dialog.showOpenDialog(win!, { properties: ['openDirectory'] });
      return r.canceled ? [] : files.expand(r.filePaths);
    },
    readFile: (_e, path: string, offset: number, length: number) => files.read(path, offset, length),
    // Paths the preload took from dropped File objects (webUtils.getPathForFile).
    allowDropped: async (_e, paths: string[]) => files.expand(paths),
    probePaths: (_e, paths: string[]) => files.probe(paths),
    flushDone: async (_e, id: number) => quitFlush.done(id),
    exportFiles: async (_e, name: string, out: { name: string; data: string | Uint8Array }[]) => {
      const r = await dialog.showOpenDialog(win!, {
        title: `Export ${name}`,
        properties: ['openDirectory', 'createDirectory'],
      });
      if (r.canceled || !r.filePaths[0]) return false;
      await incidents.writeExport(r.filePaths[0], out);
      return true;
    },
    saveIncident: (_e, id: string, title: string, json: string) => incidents.save(id, title, json),
    loadIncident: (_e, id: string) => incidents.load(id),
    recentIncidents: () => incidents.recent(),
    setPresentation: async (_e, on: boolean) => {
      win?.setFullScreen(on);
    },
  });

  win = new BrowserWindow(secureWindowOptions(join(__dirname, 'preload.cjs')));
  hardenContents(win.webContents);
  const send = (command: MenuCommand) => win?.webContents.send(CHANNELS.menuCommand, command);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, process.platform === 'darwin')));
  // Closing the window quits the app (window-all-closed): hold the close the same way, or the last
  // autosave would be asked of a window that is already gone.
  win.on('close', (e) => quitFlush.onBeforeQuit(e));
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  await openPaths(process.argv.slice(app.isPackaged ? 1 : 2));
}

async function openPaths(args: string[]): Promise<void> {
  const paths = args.filter((a) => !a.startsWith('-') && a !== '.');
  if (!paths.length || !win) return;
  const opened = await files.expand(paths);
  if (opened.length) win.webContents.send(CHANNELS.openPaths, opened);
}
