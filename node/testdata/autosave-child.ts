/**
 * Child process for incident-store.test.ts: performs a burst of autosaves of a growing incident
 * through the desktop app's IncidentFiles (what the main process does on each renderer autosave)
 * and reports each completed save on stdout ("saved N"), until the parent SIGKILLs it.
 */
import { newIncident, serializeIncident, type UserEvent } from '../../workers/incident/model.ts';
import { IncidentFiles } from '../incident-files.ts';

const dir = process.argv[2];
const files = new IncidentFiles(() => dir);
const padding = 'x'.repeat(Number(process.argv[3] ?? '20000'));
let incident = newIncident({ id: 'kill-test', title: 'edit 0', nowMs: 1 });
for (let i = 1; i < 1_000_000; i++) {
  const event: UserEvent = {
    id: `e${i}`,
    t: i,
    kind: 'note',
    label: `note ${i} ${padding}`,
    severity: 'info',
    starred: false,
    source: 'user',
  };
  incident = {
    ...incident,
    title: `edit ${i}`,
    updatedMs: i,
    events: [...incident.events, event].slice(-50),
  };
  await files.save(incident.id, incident.title, serializeIncident(incident));
  process.stdout.write(`saved ${i}\n`);
}
