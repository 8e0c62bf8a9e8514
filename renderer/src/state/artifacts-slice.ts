import type { StateCreator } from 'zustand';
import type { HostFile } from '../../../contract/host-api.ts';
import type { InspectResult } from '../../../contract/inspect.ts';
import type { Progress } from '../../../workers/core/byte-source.ts';
import type { LimitKind } from '../../../workers/core/limits.ts';
import type { LocalSource, openInWorker } from '../engine-client.ts';
import type { Store } from './store.ts';

export type ArtifactStatus = 'reading' | 'done' | 'error' | 'cancelled';

export interface ArtifactEntry {
  key: string;
  name: string;
  size: number;
  lastModified: number;
  path?: string;
  status: ArtifactStatus;
  progress?: Progress;
  /** Engine id once open. */
  id?: string;
  result?: InspectResult;
  error?: { message: string; offset?: number; line?: number; limit?: { kind: LimitKind; value: number } };
  /** Set for a service executable: not evidence itself, it names globals in Go heap dumps. */
  role?: 'binary';
}

export interface ArtifactsSlice {
  artifacts: ArtifactEntry[];
  selectedKey?: string;
  /** Files of an opened folder that no reader recognised. */
  skipped: string[];
  /**
   * Opens files; with `fromFolder`, files no reader recognises are listed as skipped instead of failing.
   * Returns the new rows' keys, in the order of `files`.
   */
  addFiles(files: HostFile[], opts?: { fromFolder?: boolean }): string[];
  cancel(key: string): void;
  /** Reads an artifact again with a higher inflation budget (after it stopped at the budget). */
  reopen(key: string, limits: { maxInflatedBytes: number }): void;
  remove(key: string): void;
  select(key: string | undefined): void;
  /** The file behind an artifact row (to hash it again, or re-read it); undefined once the row is removed. */
  artifactSource(key: string): HostFile | undefined;
}

/**
 * The inflation budget a file is first read with: unset (the engine's default, from its
 * compressed size) unless `pmwb.maxInflatedBytes` is set in local storage (a machine with little
 * memory; the e2e test lowers it to meet the prompt with a small bomb).
 */
function initialLimits(): { maxInflatedBytes?: number } {
  try {
    const v = Number(globalThis.localStorage?.getItem('pmwb.maxInflatedBytes'));
    return Number.isFinite(v) && v > 0 ? { maxInflatedBytes: v } : {};
  } catch {
    return {};
  }
}

/** What artifact rows need from outside the store: the engine worker and the host's file reads. */
export interface ArtifactIo {
  open: typeof openInWorker;
  cancel(token: string): void;
  close(id: string): void;
  readFile(path: string, offset: number, length: number): Promise<Uint8Array>;
}

/**
 * One store's session state that is not rendered: row keys, the file behind each row and the
 * service binaries. It belongs to the store that created it, so two stores (tests, a second
 * window) never share rows or binaries.
 */
export class ArtifactSession {
  private counter = 0;
  readonly sources = new Map<string, HostFile>();
  readonly binaries: HostFile[] = [];

  constructor(readonly io: ArtifactIo) {}

  nextKey(): string {
    return `k${++this.counter}`;
  }
}

/** ELF executables (the service binary) are recognised by their magic, like every other input. */
async function isExecutable(f: HostFile, io: ArtifactIo): Promise<boolean> {
  const head = f.file
    ? new Uint8Array(await f.file.slice(0, 4).arrayBuffer())
    : f.path
      ? await io.readFile(f.path, 0, 4).catch(() => new Uint8Array(0))
      : new Uint8Array(0);
  return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

function specFor(f: HostFile, io: ArtifactIo): LocalSource {
  if (f.file) return { kind: 'blob', blob: f.file, name: f.name, lastModified: f.lastModified };
  if (f.path) {
    const path = f.path;
    return {
      kind: 'remote',
      name: f.name,
      size: f.size,
      lastModified: f.lastModified,
      read: (offset, length) => io.readFile(path, offset, length),
    };
  }
  throw new Error(`${f.name}: nothing to read`);
}

export const createArtifactsSlice =
  (session: ArtifactSession): StateCreator<Store, [], [], ArtifactsSlice> =>
  (set, get) => {
    const { sources, binaries, io } = session;
    const patch = (key: string, p: Partial<ArtifactEntry>) =>
      set((s) => ({ artifacts: s.artifacts.map((a) => (a.key === key ? { ...a, ...p } : a)) }));

    const start = async (
      key: string,
      f: HostFile,
      fromFolder: boolean,
      limits: { maxInflatedBytes?: number } = initialLimits(),
    ) => {
      const binary = binaries.at(-1);
      const outcome = await io.open(
        specFor(f, io),
        key,
        (progress) => patch(key, { progress }),
        binary ? specFor(binary, io) : undefined,
        limits,
      );
      if (!get().artifacts.some((a) => a.key === key)) {
        if (outcome.ok) io.close(outcome.id);
        return;
      }
      if (outcome.ok) {
        patch(key, { status: 'done', id: outcome.id, result: outcome.result });
        if (!get().selectedKey) set({ selectedKey: key });
      } else if (fromFolder && outcome.unknownFormat) {
        sources.delete(key);
        set((s) => ({
          artifacts: s.artifacts.filter((a) => a.key !== key),
          skipped: [...s.skipped, f.name],
        }));
      } else {
        patch(key, {
          status: outcome.cancelled ? 'cancelled' : 'error',
          error: {
            message: outcome.message,
            offset: outcome.offset,
            line: outcome.line,
            limit: outcome.limit,
          },
        });
      }
    };

    return {
      artifacts: [],
      skipped: [],
      addFiles(files, opts = {}) {
        const fresh: ArtifactEntry[] = files.map((f) => {
          const key = session.nextKey();
          sources.set(key, f);
          return {
            key,
            name: f.name,
            size: f.size,
            lastModified: f.lastModified,
            path: f.path,
            status: 'reading',
          };
        });
        set((s) => ({ artifacts: [...s.artifacts, ...fresh] }));
        // Executables in the batch are set aside first, so the heap dumps beside them get their symbols.
        void (async () => {
          const isBinary = await Promise.all(fresh.map((a) => isExecutable(sources.get(a.key)!, io)));
          fresh.forEach((a, i) => {
            if (!isBinary[i]) return;
            binaries.push(sources.get(a.key)!);
            patch(a.key, { status: 'done', role: 'binary' });
          });
          fresh.forEach((a, i) => {
            if (!isBinary[i]) void start(a.key, sources.get(a.key)!, opts.fromFolder === true);
          });
          // A service binary that comes after its heap dumps names their globals too: reopen them with it.
          if (isBinary.some(Boolean)) {
            const freshKeys = new Set(fresh.map((a) => a.key));
            for (const a of get().artifacts) {
              const src = sources.get(a.key);
              if (freshKeys.has(a.key) || a.result?.format !== 'go-heapdump' || !src) continue;
              const oldId = a.id;
              void start(a.key, src, false).then(() => {
                if (oldId && get().artifacts.find((x) => x.key === a.key)?.id !== oldId) io.close(oldId);
              });
            }
          }
        })();
        return fresh.map((a) => a.key);
      },
      cancel(key) {
        io.cancel(key);
      },
      reopen(key, limits) {
        const f = sources.get(key);
        if (!f) return;
        patch(key, { status: 'reading', error: undefined, progress: undefined });
        void start(key, f, false, limits);
      },
      remove(key) {
        const a = get().artifacts.find((x) => x.key === key);
        if (a?.status === 'reading') io.cancel(key);
        if (a?.id) io.close(a.id);
        const source = sources.get(key);
        if (a?.role === 'binary' && source) binaries.splice(binaries.indexOf(source), 1);
        sources.delete(key);
        set((s) => ({
          artifacts: s.artifacts.filter((x) => x.key !== key),
          selectedKey: s.selectedKey === key ? undefined : s.selectedKey,
        }));
      },
      select(key) {
        set({ selectedKey: key });
      },
      artifactSource(key) {
        return sources.get(key);
      },
    };
  };
