import type { ArtifactViewProps } from '../view-contract.ts';

export default function PprofView({ artifact }: ArtifactViewProps) {
  return <pre className="summary-json">{JSON.stringify(artifact.result, null, 2)}</pre>;
}
