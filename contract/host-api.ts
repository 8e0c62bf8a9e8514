import { z } from 'zod';

/**
 * Every channel between the renderer and the Electron main process, declared once. The preload
 * implements `HostApi` over these channels; the main process validates every input with the
 * schemas here before acting. The browser host implements the same `HostApi` without Electron.
 */

/** A file the user chose. `file` is present when the host has a readable File object (browser, drops). */
export interface HostFile {
  name: string;
  size: number;
  lastModified: number;
  /** Absolute path (Electron only). */
  path?: string;
  file?: File;
}

/** What `probePaths` tells about a path saved in an incident: nothing more, and no access. */
export interface PathProbe {
  exists: boolean;
  size?: number;
}

export interface RecentIncident {
  id: string;
  title: string;
  savedAt: number;
}

export type MenuCommand =
  | 'open-files'
  | 'open-folder'
  | 'export-postmortem'
  | 'toggle-presentation'
  | 'toggle-language'
  | 'open-sample';

export interface ExportFile {
  name: string;
  data: string | Uint8Array;
}

export interface HostApi {
  readonly kind: 'electron' | 'browser';
  /** Shows the native (or browser) file picker, optionally starting at `defaultPath` (Reopen…). */
  openFiles(options?: { defaultPath?: string }): Promise<HostFile[]>;
  /** Picks a folder; every regular file in it is returned. */
  openFolder(): Promise<HostFile[]>;
  /** Reads a byte range of a file the user chose (Electron: by path; the main process refuses other paths). */
  readFile(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Writes export files: into a folder the user picks (Electron) or as downloads (browser). */
  exportFiles(suggestedName: string, files: ExportFile[]): Promise<boolean>;
  /** Autosave storage for incident workspaces (atomic file writes in Electron, IndexedDB in the browser). */
  saveIncident(id: string, title: string, json: string): Promise<void>;
  loadIncident(id: string): Promise<{ json: string; backupJson?: string } | undefined>;
  recentIncidents(): Promise<RecentIncident[]>;
  /** Menu commands and files arriving from outside (second launch, OS open). Returns an unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onOpenFiles(listener: (files: HostFile[]) => void): () => void;
  /**
   * Files/folders dropped on the window, as the `File` objects of the drop: the preload turns them
   * into paths (`webUtils.getPathForFile`, empty for a `File` the page made itself) and the main
   * process grants and lists exactly those. There is no way to grant a path given as a string.
   */
  openDropped(files: File[]): Promise<HostFile[]>;
  /** Whether files saved in an incident are still at their paths (exists/size; grants nothing). */
  probePaths(paths: string[]): Promise<PathProbe[]>;
  /**
   * The app is about to quit (Electron `before-quit`): `listener` writes any pending autosave; the
   * quit waits for it (bounded). Returns an unsubscribe.
   */
  onFlushRequest(listener: () => Promise<void>): () => void;
  setPresentation(on: boolean): Promise<void>;
}

export const CHANNELS = {
  openFiles: 'pmwb:open-files',
  openFolder: 'pmwb:open-folder',
  readFile: 'pmwb:read-file',
  exportFiles: 'pmwb:export-files',
  saveIncident: 'pmwb:save-incident',
  loadIncident: 'pmwb:load-incident',
  recentIncidents: 'pmwb:recent-incidents',
  allowDropped: 'pmwb:allow-dropped',
  probePaths: 'pmwb:probe-paths',
  flushDone: 'pmwb:flush-done',
  flushRequest: 'pmwb:flush-request',
  setPresentation: 'pmwb:set-presentation',
  menuCommand: 'pmwb:menu-command',
  openPaths: 'pmwb:open-paths',
} as const;

const incidentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const schemas = {
  openFiles: z.tuple([
    z
      .object({ defaultPath: z.string().min(1).max(4096).optional() })
      .strict()
      .optional(),
  ]),
  openFolder: z.tuple([]),
  readFile: z.tuple([
    z.string().min(1).max(4096),
    z.number().int().nonnegative(),
    z
      .number()
      .int()
      .positive()
      .max(64 * 1024 * 1024),
  ]),
  exportFiles: z.tuple([
    z.string().min(1).max(255),
    z
      .array(
        z.object({
          name: z
            .string()
            .min(1)
            .max(255)
            // a plain file name, or one inside the export's evidence/ folder
            .regex(/^(?:evidence\/)?(?!\.\.?$)[^/\\]+$/, 'a plain file name or evidence/NAME'),
          data: z.union([z.string(), z.instanceof(Uint8Array)]),
        }),
      )
      .max(100),
  ]),
  saveIncident: z.tuple([incidentId, z.string().max(500), z.string().max(256 * 1024 * 1024)]),
  loadIncident: z.tuple([incidentId]),
  recentIncidents: z.tuple([]),
  allowDropped: z.tuple([z.array(z.string().min(1).max(4096)).max(10_000)]),
  probePaths: z.tuple([z.array(z.string().min(1).max(4096)).max(10_000)]),
  flushDone: z.tuple([z.number().int().nonnegative()]),
  setPresentation: z.tuple([z.boolean()]),
} as const;

export type InvokeChannel = keyof typeof schemas;

/** A chosen file as it crosses IPC (a `File` object never does). */
const hostFile = z.object({
  name: z.string(),
  size: z.number(),
  lastModified: z.number(),
  path: z.string().optional(),
});

/**
 * What each channel's handler returns. The main process's handler types are inferred from these
 * and from `schemas`, so a handler that takes or returns the wrong shape fails to compile.
 */
export const results = {
  openFiles: z.array(hostFile),
  openFolder: z.array(hostFile),
  readFile: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
  exportFiles: z.boolean(),
  saveIncident: z.void(),
  loadIncident: z.object({ json: z.string(), backupJson: z.string().optional() }).optional(),
  recentIncidents: z.array(z.object({ id: z.string(), title: z.string(), savedAt: z.number() })),
  allowDropped: z.array(hostFile),
  probePaths: z.array(z.object({ exists: z.boolean(), size: z.number().optional() })),
  flushDone: z.void(),
  setPresentation: z.void(),
} as const satisfies Record<InvokeChannel, z.ZodType>;

/** The validated arguments of a channel (after the event). */
export type ChannelArgs<K extends InvokeChannel> = z.infer<(typeof schemas)[K]>;
/** What a channel's handler resolves to. */
export type ChannelResult<K extends InvokeChannel> = z.infer<(typeof results)[K]>;
