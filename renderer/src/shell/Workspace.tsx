import { ArtifactList } from './ArtifactList.tsx';
import { ArtifactPanel } from './ArtifactPanel.tsx';

export function Workspace() {
  return (
    <main className="workspace" data-testid="workspace">
      <ArtifactList />
      <div className="workspace-main">
        <ArtifactPanel />
      </div>
    </main>
  );
}
