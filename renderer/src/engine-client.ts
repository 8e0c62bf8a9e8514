import { proxy, wrap } from 'comlink';
import type { Progress } from '../../workers/core/byte-source.ts';
import type { OpenOutcome, ReadFn, SourceSpec, WorkerApi } from '../../workers/engine/worker-api.ts';
import type { EngineRemote } from './views/view-contract.ts';

let remote: EngineRemote | undefined;

/** The engine runs in a module Web Worker; the UI thread only sends requests and renders pages. */
export function engine(): EngineRemote {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/engine/web-worker.ts', import.meta.url), {
      type: 'module',
      name: 'pmwb-engine',
    });
    remote = wrap<WorkerApi>(worker);
  }
  return remote;
}

/** A source as the renderer knows it: a remote file carries the host function that reads it. */
export type LocalSource =
  | Exclude<SourceSpec, { kind: 'remote' }>
  | (Extract<SourceSpec, { kind: 'remote' }> & { read: ReadFn });

/** Splits a source into what is cloned and the reader proxied beside it. */
export function splitSource(source: LocalSource): [SourceSpec, ReadFn | undefined] {
  if (source.kind === 'blob') return [source, undefined];
  const { read, ...spec } = source;
  return [spec, proxy(read)];
}

export function openInWorker(
  source: LocalSource,
  token: string,
  onProgress: (p: Progress) => void,
  binary?: LocalSource,
  limits: { maxInflatedBytes?: number } = {},
): Promise<OpenOutcome> {
  const [spec, read] = splitSource(source);
  const [binSpec, binRead] = binary ? splitSource(binary) : [undefined, undefined];
  return engine().open(spec, token, proxy(onProgress), read, binSpec, binRead, limits);
}
