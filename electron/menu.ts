import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract/host-api.ts';

/** The application menu; every command is reachable by keyboard. */
export function menuTemplate(
  send: (command: MenuCommand) => void,
  isMac: boolean,
): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Files…', accelerator: 'CmdOrCtrl+O', click: () => send('open-files') },
        {
          label: 'Open Incident Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => send('open-folder'),
        },
        { label: 'Open Sample Incident', click: () => send('open-sample') },
        { type: 'separator' },
        { label: 'Export Postmortem…', accelerator: 'CmdOrCtrl+E', click: () => send('export-postmortem') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Presentation Mode', accelerator: 'F5', click: () => send('toggle-presentation') },
        {
          label: 'Toggle Language (English / 简体中文)',
          accelerator: 'CmdOrCtrl+L',
          click: () => send('toggle-language'),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
}
