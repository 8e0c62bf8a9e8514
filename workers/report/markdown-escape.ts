/**
 * Escaping for generated Markdown: every table cell and inline value goes through here, so dump
 * text (function names with `<`, `|`, backticks, generics `F[...]`) can never break a table or
 * inject HTML. Mermaid labels get their own, stricter treatment.
 */

/** Escapes text for a GFM table cell: pipes, backticks, Markdown punctuation, `& < >` as entities, newlines as `<br>`. */
export function escapeCell(text: string): string {
  return escapeInline(text).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * URLs that GFM turns into autolinks keep their raw text (entities and backslashes are not decoded
 * inside them), so they pass through unescaped; they stop at whitespace and the characters we escape.
 */
const AUTOLINK = /(?:https?:\/\/|www\.)[^\s<>|`\\]*/g;

/** Escapes text for inline Markdown (newlines are left to the caller). */
export function escapeInline(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(AUTOLINK)) {
    out += escapeChars(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  out += escapeChars(text.slice(last));
  // A leading list or heading marker would change the block type outside tables.
  return out.replace(/^(\s*)(?:([-+=])|(\d+)\.)(?=\s|$)/, (_m, sp: string, mark?: string, digits?: string) =>
    mark ? `${sp}\\${mark}` : `${sp}${digits}\\.`,
  );
}

function escapeChars(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if ('\\`*_[]|~#!'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** A GFM table; every cell escaped. */
export function gfmTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : escapeCell(c))).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * Makes text safe as a Mermaid timeline/gantt label: Mermaid treats `:` `;` `#` and newlines as
 * syntax, and renders `<…>` as HTML, so these become look-alike characters or spaces.
 */
export function mermaidLabel(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/:/g, '∶')
    .replace(/;/g, ',')
    .replace(/#/g, '＃')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/`/g, "'")
    .replace(/%%/g, '% %')
    .replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'))
    .trim();
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fencedBlock(code: string, lang = ''): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${code}\n${fence}`;
}
