import type { Remote } from 'comlink';
import type { InspectResult } from '../../../contract/inspect.ts';
import type {
  CompareFamily,
  CompareMap,
  CompareViewMap,
  QueryArgs,
  QueryFamily,
  QueryName,
  QueryResult,
} from '../../../workers/engine/query-map.ts';
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

/**
 * A query to the worker, checked at compile time for family, name, arguments and result against
 * the handlers' own query objects (`QueryMap`): `query(engine, id, 'heap', 'children', node, opts)`.
 */
export function query<F extends QueryFamily, N extends QueryName<F>>(
  engine: EngineRemote,
  id: string,
  family: F,
  name: N,
  ...args: QueryArgs<F, N>
): Promise<QueryResult<F, N>> {
  // comlink's Remote type drops the method's generics; the worker's signature is the typed one
  const typed = engine.query as unknown as WorkerApi['query'];
  return Promise.resolve(typed(family, id, name, ...args));
}

/** Compares two open artifacts of one family (base = older), typed per family (`CompareMap`). */
export function compare<F extends CompareFamily>(
  engine: EngineRemote,
  family: F,
  baseId: string,
  id: string,
): Promise<CompareMap[F]> {
  const typed = engine.compare as unknown as WorkerApi['compare'];
  return Promise.resolve(typed(family, baseId, id));
}

/** A comparison view asked for on demand (a pprof diff flame graph at one zoom). */
export function compareView<F extends keyof CompareViewMap>(
  engine: EngineRemote,
  family: F,
  baseId: string,
  id: string,
  ...args: CompareViewMap[F]['args']
): Promise<CompareViewMap[F]['result']> {
  const typed = engine.compareView as unknown as WorkerApi['compareView'];
  return Promise.resolve(typed(family, baseId, id, ...args));
}
