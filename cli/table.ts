/** Plain-text tables for a terminal: aligned columns, long cells cut, dump text made harmless. */

export interface Column {
  header: string;
  /** Numbers read best right-aligned, so their units line up. */
  align?: 'left' | 'right';
  /** Longer cells are cut with "…" (function names and labels can be hundreds of characters). */
  max?: number;
}

export interface Style {
  /** Bold headers: only for a terminal, never in a pipe or file. */
  color: boolean;
}

/**
 * Text from a dump is data: a thread name or label may hold escape sequences that would drive the
 * user's terminal, so every C0/C1 control character is shown as U+FFFD instead.
 */
export function plain(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function cut(s: string, max: number | undefined): string {
  return max !== undefined && s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function bold(s: string, style: Style): string {
  return style.color ? `\u001b[1m${s}\u001b[22m` : s;
}

/** Rows of cells under headers; columns separated by two spaces, no trailing blanks. */
export function table(columns: Column[], rows: string[][], style: Style): string[] {
  const cells = rows.map((r) => columns.map((c, i) => cut(plain(r[i] ?? ''), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((s, i) => (columns[i].align === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  return [bold(header, style), ...cells.map(line)];
}
