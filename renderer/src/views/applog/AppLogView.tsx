import { useState } from 'react';
import { useStore } from '../../state/store.ts';
import type { ArtifactViewProps } from '../view-contract.ts';

/**
 * An application log: its timestamped lines, proposed ones (errors, warnings, OOM / killed /
 * timeout) first in view; a star puts a line on the incident's timeline and into the review.
 * Line text is data from the log: rendered as text, never as markup.
 */
export default function AppLogView({ artifact }: ArtifactViewProps) {
  const log = artifact.result.log;
  const [all, setAll] = useState(false);
  const incident = useStore((s) => s.incident);
  const toggleStar = useStore((s) => s.toggleStar);
  const incArtifact = incident?.artifacts.find(
    (a) => a.summary.file === artifact.result.file && a.size === artifact.result.bytes,
  );
  if (!log) return null;
  const rows = all ? log.events : log.events.filter((e) => e.proposed);
  const starred = new Set(incident?.starredDerived ?? []);
  return (
    <section className="applog-view" data-testid="applog-view">
      <p className="muted">
        {log.timedLines.toLocaleString('en-US')} of {log.lines.toLocaleString('en-US')} lines carry a time;{' '}
        {log.proposedTotal.toLocaleString('en-US')} proposed for the timeline
        {log.eventsCapped ? ' (the first ones are kept)' : ''}.{' '}
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> show every
          timed line
        </label>
      </p>
      <table className="applog-lines">
        <thead>
          <tr>
            <th>★</th>
            <th>Line</th>
            <th>Time (UTC)</th>
            <th>Level</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const id = incArtifact ? `${incArtifact.id}:log:${e.line}` : undefined;
            const on = id ? starred.has(id) : false;
            return (
              <tr key={e.line} data-testid="applog-line" data-proposed={e.proposed ? 'true' : 'false'}>
                <td>
                  <button
                    type="button"
                    disabled={!id}
                    aria-pressed={on}
                    aria-label={on ? 'Unstar' : 'Star for the review'}
                    onClick={() => id && toggleStar(id)}
                  >
                    {on ? '★' : '☆'}
                  </button>
                </td>
                <td>{e.line}</td>
                <td>{new Date(e.t).toISOString().replace('T', ' ').slice(0, 23)}</td>
                <td>{e.level ?? ''}</td>
                <td>{e.text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
