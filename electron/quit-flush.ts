/**
 * Quitting waits for the last autosave: on `before-quit` (and on the window's `close`, which quits
 * the app too) the quit is held, the renderer is asked to
 * write what is pending (`flushRequest` with an id), and the app quits once it answers `flushDone`
 * with that id — or after `timeoutMs` (a hung renderer must not keep the app open). `afterFlush`
 * runs before the real quit (the incident store's clean-shutdown marker). No Electron import.
 */
export function createQuitFlush(options: {
  send: (requestId: number) => boolean;
  quit: () => void;
  afterFlush?: () => Promise<void>;
  timeoutMs?: number;
}) {
  const timeoutMs = options.timeoutMs ?? 5000;
  let state: 'running' | 'flushing' | 'done' = 'running';
  let requestId = 0;
  let finish: (() => void) | undefined;

  return {
    /** The `before-quit` (and window `close`) listener. */
    onBeforeQuit(event: { preventDefault(): void }): void {
      if (state === 'done') return;
      event.preventDefault();
      if (state === 'flushing') return;
      state = 'flushing';
      const id = ++requestId;
      void new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        finish = () => {
          clearTimeout(timer);
          resolve();
        };
        // No window to ask: nothing can be pending.
        if (!options.send(id)) finish();
      })
        .then(() => options.afterFlush?.())
        .catch(() => {})
        .finally(() => {
          state = 'done';
          finish = undefined;
          options.quit();
        });
    },
    /** The renderer's answer (`flushDone`): only the current request counts. */
    done(id: number): void {
      if (state === 'flushing' && id === requestId) finish?.();
    },
  };
}
