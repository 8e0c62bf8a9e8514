import { proxy, wrap } from 'comlink';
import type { Progress } from '../../workers/core/byte-source.ts';
import type { OpenOutcome, SourceSpec, WorkerApi } from '../../workers/engine/worker-api.ts';
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

const proxied = (spec: SourceSpec): SourceSpec =>
  spec.kind === 'remote' ? { ...spec, read: proxy(spec.read) } : spec;

export function openInWorker(
  spec: SourceSpec,
  token: string,
  onProgress: (p: Progress) => void,
  binary?: SourceSpec,
): Promise<OpenOutcome> {
  return engine().open(proxied(spec), token, proxy(onProgress), binary ? proxied(binary) : undefined);
}
