import type { ArtifactViewProps } from '../view-contract.ts';

export default function JthreadsView({ artifact }: ArtifactViewProps) {
  const t = artifact.result.threads;
  return <div className="jthreads-view">{t ? `${t.total} threads` : 'No threads'}</div>;
}
