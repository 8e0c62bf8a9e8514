import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostFile } from '../../contract/host-api.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { fromFile } from './host/browser-host.ts';
import { filesFromDrop } from './host/dropped-entries.ts';
import { host } from './host/host.ts';
import { exportPostmortem } from './incident/report-actions.ts';
import { useCommands } from './shell/commands.ts';
import { LangConfirm } from './shell/LangConfirm.tsx';
import { RecoveryView } from './shell/RecoveryView.tsx';
import { Welcome } from './shell/Welcome.tsx';
import { Workspace } from './shell/Workspace.tsx';
import { useStore } from './state/store.ts';

async function droppedFiles(e: DragEvent): Promise<{ files: HostFile[]; fromFolder: boolean }> {
  if (host.kind === 'electron') {
    // Folders are not readable as File objects; the main process expands them by path (the
    // preload takes the paths from the dropped File objects themselves).
    const dropped = Array.from(e.dataTransfer.files);
    const files = await host.openDropped(dropped);
    return { files, fromFolder: files.length !== dropped.length };
  }
  const { files, hadFolder } = await filesFromDrop(e.dataTransfer);
  return { files: files.map(fromFile), fromFolder: hadFolder };
}

export function App() {
  const { t } = useTranslation();
  const screen = useStore((s) => s.screen);
  const lang = useStore((s) => s.lang);
  const presentation = useStore((s) => s.presentation);
  const loadProblem = useStore((s) => s.loadProblem);
  const importProblem = useStore((s) => s.importProblem);
  const setScreen = useStore((s) => s.setScreen);
  const setTab = useStore((s) => s.setTab);
  const toggleLang = useStore((s) => s.toggleLang);
  const setPresentation = useStore((s) => s.setPresentation);
  const commands = useCommands();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const offMenu = host.onMenuCommand((c) => {
      if (c === 'open-files') void commands.openFiles();
      else if (c === 'open-folder') void commands.openFolder();
      else if (c === 'open-sample') void commands.openSample();
      else if (c === 'toggle-language') toggleLang();
      else if (c === 'export-postmortem') {
        setTab('postmortem');
        void exportPostmortem('folder', useStore.getState().lang);
      } else if (c === 'toggle-presentation') setPresentation(!useStore.getState().presentation);
    });
    const offOpen = host.onOpenFiles((files) => commands.open(files));
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (host.kind === 'electron') return; // the native menu owns the accelerators
      if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        if (e.shiftKey) void commands.openFolder();
        else input.current?.click();
      } else if (mod && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        toggleLang();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      offMenu();
      offOpen();
      window.removeEventListener('keydown', onKey);
    };
  }, [commands, toggleLang, setPresentation, setTab]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole window is a drop target; the buttons are the keyboard path
    <div
      className={`app${presentation ? ' presentation' : ''}${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={async (e) => {
        e.preventDefault();
        setDragging(false);
        const { files, fromFolder } = await droppedFiles(e);
        commands.open(files, { fromFolder });
      }}
    >
      <header className="topbar">
        <button type="button" className="brand" onClick={() => setScreen('welcome')} aria-label={t('home')}>
          {t('appName')}
        </button>
        <div className="topbar-actions">
          <button type="button" onClick={() => input.current?.click()}>
            {t('openFiles')}
          </button>
          <button type="button" onClick={toggleLang} data-testid="toggle-language" aria-label={t('language')}>
            {lang === 'en' ? '简体中文' : 'English'}
          </button>
        </div>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            commands.open(Array.from(e.currentTarget.files ?? []).map(fromFile));
            e.currentTarget.value = '';
          }}
        />
      </header>
      {importProblem ? <RecoveryView kind="import" /> : null}
      {loadProblem ? (
        // The saved incident cannot be opened: nothing else renders (or could overwrite it) until the user chooses.
        <RecoveryView kind="stored" />
      ) : screen === 'welcome' ? (
        <ErrorBoundary name="welcome">
          <Welcome />
        </ErrorBoundary>
      ) : (
        <ErrorBoundary name="workspace">
          <Workspace />
        </ErrorBoundary>
      )}
      <LangConfirm />
    </div>
  );
}
