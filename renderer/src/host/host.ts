import type { HostApi } from '../../../contract/host-api.ts';
import { browserHost } from './browser-host.ts';

declare global {
  interface Window {
    pmwbHost?: HostApi;
  }
}

/** Electron's preload sets `window.pmwbHost`; anywhere else the browser host stands in. */
export const host: HostApi = window.pmwbHost ?? browserHost;
