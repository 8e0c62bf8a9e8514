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

/**
 * A cell of our own wording or the user's (a checklist action) whose `code spans` should stay code:
 * the spans keep their text (a pipe escaped, newlines as spaces; code spans render nothing as HTML),
 * everything around them is escaped like any cell.
 */
export function markdownCell(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    out += escapeCell(text.slice(last, m.index));
    out += `${m[1]}${m[2].replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')}${m[1]}`;
    last = m.index + m[0].length;
  }
  return out + escapeCell(text.slice(last));
}

/** A table cell: plain text (escaped) or `{ md }`, text whose code spans stay code ({@link markdownCell}). */
export type TableCell = string | { md: string };

/** A GFM table; every cell escaped. */
export function gfmTable(header: string[], rows: TableCell[][]): string {
  const cell = (c: TableCell) =>
    typeof c === 'string' ? (c === '' ? ' ' : escapeCell(c)) : c.md === '' ? ' ' : markdownCell(c.md);
  const line = (cells: TableCell[]) => `| ${cells.map(cell).join(' | ')} |`;
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

/**
 * Link targets a reader of the exported Markdown may follow: web, mail, relative paths (chart files
 * next to the `.md`, `#anchors`) and the app's own inert evidence links (`pmwb://artifact/…`).
 * `javascript:`, `data:`, `vbscript:`, `file:` and every other scheme are refused. Control characters
 * and spaces are dropped first, as browsers do before reading a scheme.
 */
export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside a scheme
  const u = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (!scheme) return true;
  return ['http', 'https', 'mailto', 'pmwb'].includes(scheme[1].toLowerCase());
}

interface MdNode {
  type: string;
  url?: string;
  value?: string;
  alt?: string | null;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** HTML the generated Markdown writes itself (`escapeCell` turns newlines in cells into `<br>`). */
const OWN_HTML = /^<br\s*\/?>$/i;

/** Source text made inert: HTML punctuation as entities, link/definition brackets escaped. */
function inertText(src: string): string {
  return src.replace(/[&<>[\]]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`,
  );
}

/**
 * Makes Markdown someone typed (an edited postmortem section) as safe as the preview shows it, while
 * keeping every other byte as written: raw HTML (tags, comments, CDATA, processing instructions)
 * becomes escaped text, and links, images, autolinks and reference definitions with a target
 * `isSafeUrl` refuses become their text. `parse` is remark with GFM (passed in so this module
 * stays free of the Markdown parser for callers that only escape).
 */
export function sanitizeMarkdown(md: string, parse: (md: string) => unknown): string {
  const root = parse(md) as MdNode;
  const edits: { start: number; end: number; text: string }[] = [];
  const stack: MdNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    const src = start !== undefined && end !== undefined ? md.slice(start, end) : undefined;
    let replace: string | undefined;
    if (n.type === 'html' && !OWN_HTML.test((n.value ?? '').trim())) {
      replace = src !== undefined ? inertText(src) : undefined;
    } else if ((n.type === 'link' || n.type === 'definition') && n.url !== undefined && !isSafeUrl(n.url)) {
      // The whole construct as visible text: `[label](javascript:…)` shows, nothing is clickable.
      replace = src !== undefined ? inertText(src) : undefined;
    } else if (n.type === 'image' && n.url !== undefined && !isSafeUrl(n.url)) {
      replace = inertText(n.alt ?? '');
    }
    if (replace !== undefined && start !== undefined && end !== undefined) {
      edits.push({ start, end, text: replace });
      continue;
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
  edits.sort((a, b) => b.start - a.start);
  let out = md;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
