import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { host } from './host/host.ts';
import { IncidentController, IncidentControllerContext } from './incident/incident-hooks.ts';
import { useStore } from './state/store.ts';

// The app's incident session (registration, autosave, restore): one per store, made here.
const incidents = new IncidentController(useStore, { host });
incidents.install();
void incidents.restoreLastIncident();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <IncidentControllerContext value={incidents}>
      <ErrorBoundary name="app">
        <App />
      </ErrorBoundary>
    </IncidentControllerContext>
  </StrictMode>,
);
