import type { Remote } from 'comlink';
import type { InspectResult } from '../../../contract/inspect.ts';
import type { WorkerApi } from '../../../workers/engine/worker-api.ts';

export type EngineRemote = Remote<WorkerApi>;

export interface OpenArtifact {
  /** Engine id (valid while the worker holds the model). */
  id: string;
  result: InspectResult;
}

/** Props every per-format view receives. Views ask the worker for pages; they never parse. */
export interface ArtifactViewProps {
  artifact: OpenArtifact;
  engine: EngineRemote;
  /** Other open artifacts (for comparisons: same format, older first). */
  others: OpenArtifact[];
}

/** Typed helper over the engine's generic query channel. */
export async function query<T>(
  engine: EngineRemote,
  id: string,
  name: string,
  ...args: unknown[]
): Promise<T> {
  return (await engine.query(id, name, ...args)) as T;
}
