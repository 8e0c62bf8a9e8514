/**
 * The one way numbers are written for people — in views, the CLI, the postmortem and charts — so the same
 * quantity never reads `1024 KiB` in one place and `1.00 MiB` in another. Three significant digits,
 * binary units; exact values belong in a tooltip or a JSON field beside the text.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Three significant digits: 4.39, 48.0, 256. */
function sig3(v: number): string {
  return v.toFixed(v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2);
}

/** 50331648 → "48.0 MiB"; 1048575 → "1.00 MiB" (rounding never leaves a number at 1024 of a unit). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const shown = (v: number, u: number) => (u === 0 ? String(Math.round(v)) : sig3(v));
  let v = Math.abs(n);
  let u = 0;
  while (u < BYTE_UNITS.length - 1 && Number(shown(v, u)) >= 1024) {
    v /= 1024;
    u++;
  }
  return `${sign}${shown(v, u)} ${BYTE_UNITS[u]}`;
}

/** 1234567 → "1,234,567" (whole numbers: counts, byte offsets, lines). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  // by hand: toLocaleString builds an ICU formatter per call, ~40 ms over a view of a few thousand cells
  if (Math.abs(n) >= 1e21) return Math.round(n).toLocaleString('en-US');
  const digits = String(Math.abs(Math.round(n)));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out ? `${part},${out}` : part;
  }
  return n < 0 && Math.round(n) !== 0 ? `-${out}` : out;
}

/** 87.83 → "87.8 %". */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return `${p.toFixed(1)} %`;
}

/** `part` of `whole` as a percentage ("—" when the whole is zero). */
export function formatShare(part: number, whole: number): string {
  return whole ? formatPercent((100 * part) / whole) : '—';
}

/** 0.183 → "0.183 ms", 12.5 → "12.5 ms", 4600 → "4.60 s", 200000 → "3.33 min". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 999.5) return `${sig3(ms)} ms`;
  if (ms < 59_950) return `${sig3(ms / 1000)} s`;
  return `${sig3(ms / 60_000)} min`;
}
