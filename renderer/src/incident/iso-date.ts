/**
 * Calendar dates typed as ISO `YYYY-MM-DD` (checklist SLAs, the postmortem's date): the browser's
 * `<input type="date">` shows the locale's order (01/04/2027 in en-US), which reads wrong in a
 * 24-hour ISO UI. A date here is a day, not an instant: no zone, no clock.
 */

export type DateParse =
  | { ok: true; date: string }
  /** format: not "YYYY-MM-DD"; range: no such day (month 13, 30 February). */
  | { ok: false; reason: 'empty' | 'format' | 'range' };

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fields(text: string): { y: number; mo: number; d: number } | 'format' | 'range' {
  const m = DATE.exec(text.trim());
  if (!m) return 'format';
  const [y, mo, d] = [1, 2, 3].map((i) => Number(m[i]));
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return 'range';
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return 'range';
  return { y, mo, d };
}

/** A typed date: ok with the normalized `YYYY-MM-DD` (one-digit months and days padded), or why not. */
export function parseIsoDate(text: string): DateParse {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const f = fields(text);
  if (typeof f === 'string') return { ok: false, reason: f };
  return { ok: true, date: `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}` };
}

/**
 * ArrowUp / ArrowDown in a date input: `delta` years, months or days by where the caret is (in the
 * year, the month or the day), months keeping the day clamped to the new month's length
 * (31 January + 1 month = 28 February). Undefined when the text is no valid date.
 */
export function stepIsoDate(text: string, caret: number, delta: number): string | undefined {
  const f = fields(text);
  if (typeof f === 'string') return undefined;
  // where the caret is, in the typed text (whose month and day may have one digit)
  const lead = text.length - text.trimStart().length;
  const dashes = text.slice(0, Math.max(0, caret - lead)).split('-').length - 1;
  let { y, mo, d } = f;
  if (dashes < 2) {
    const total = y * 12 + (mo - 1) + (dashes === 0 ? 12 * delta : delta);
    y = Math.floor(total / 12);
    mo = (total % 12) + 1;
    d = Math.min(d, new Date(Date.UTC(y, mo, 0)).getUTCDate());
  } else {
    const at = new Date(Date.UTC(y, mo - 1, d + delta));
    [y, mo, d] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  }
  if (y < 1000 || y > 9999) return undefined;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}
