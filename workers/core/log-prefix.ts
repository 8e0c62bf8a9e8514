/**
 * Text artifacts often arrive wrapped in another log: a container runtime's RFC 3339 prefix,
 * `kubectl logs --timestamps`, journald's short format, or Docker's JSON-lines files.
 * `unwrapLogLine` returns the payload and, when the wrapper carries one, its absolute time.
 */
export interface UnwrappedLine {
  text: string;
  /** Absolute time in ms since the epoch, from the wrapper. */
  timeMs?: number;
}

// 2024-05-01T12:00:00.123456789Z or with +02:00 offset; optional stream marker (CRI: "stderr F").
const RFC3339 =
  /^\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(?:(?:stdout|stderr)\s+[FP]\s+)?/;
// journald short format: "May 01 12:00:00 host unit[123]: "
const JOURNALD = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) \S+ [^:\s]+(?:\[\d+\])?: /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseRfc3339(s: string): number | undefined {
  let iso = s.replace(' ', 'T').replace(',', '.');
  // Date.parse wants at most millisecond precision.
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  iso = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function unwrapLogLine(line: string, yearHint = new Date().getUTCFullYear()): UnwrappedLine {
  if (line.startsWith('{"log":')) {
    try {
      const obj = JSON.parse(line) as { log?: unknown; time?: unknown };
      if (typeof obj.log === 'string') {
        const text = obj.log.replace(/\r?\n$/, '');
        const timeMs = typeof obj.time === 'string' ? parseRfc3339(obj.time) : undefined;
        return { text, timeMs };
      }
    } catch {
      // not Docker JSON after all; fall through
    }
  }
  const m = RFC3339.exec(line);
  if (m) {
    const timeMs = parseRfc3339(m[1]);
    if (timeMs !== undefined) return { text: line.slice(m[0].length), timeMs };
  }
  const j = JOURNALD.exec(line);
  if (j) {
    const month = MONTHS.indexOf(j[1]);
    if (month >= 0) {
      const timeMs = Date.UTC(yearHint, month, Number(j[2]), Number(j[3]), Number(j[4]), Number(j[5]));
      return { text: line.slice(j[0].length), timeMs };
    }
  }
  return { text: line };
}

/**
 * One event of `go test -json` (test2json): `{"Time":"…","Action":"output",…,"Output":"text\n"}`.
 * Returns the output text without its newline and the event's time; `undefined` for other lines,
 * `null` for test2json events that carry no output (`run`, `pass`, `fail`…).
 */
export function testJsonOutput(line: string): UnwrappedLine | null | undefined {
  if (!line.startsWith('{"Time":')) return undefined;
  let obj: { Time?: unknown; Action?: unknown; Output?: unknown };
  try {
    obj = JSON.parse(line) as typeof obj;
  } catch {
    return undefined;
  }
  if (typeof obj.Action !== 'string') return undefined;
  if (obj.Action !== 'output' || typeof obj.Output !== 'string') return null;
  const timeMs = typeof obj.Time === 'string' ? parseRfc3339(obj.Time) : undefined;
  return { text: obj.Output.replace(/\r?\n$/, ''), timeMs };
}
