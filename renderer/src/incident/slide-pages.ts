/**
 * How the presentation splits long content across slides: pure functions over measured boxes, so
 * the splitting is tested without a browser. The slide measures (`Presentation.tsx`), this decides.
 */
import { type ChecklistRow, PRIORITIES } from '../../../workers/incident/model.ts';

/** Where each item sits in one column laid out without breaks (px, relative to any fixed origin). */
export interface ItemBox {
  top: number;
  bottom: number;
}

/** A page is the items [from, to). */
export interface PageRange {
  from: number;
  to: number;
}

/**
 * Greedy page breaks: each page takes items while the span from its first item's top to the
 * current item's bottom fits the page's capacity (`first` on the first page, which also carries the
 * slide's lead paragraph; `rest` after). An item taller than a page gets a page of its own. No items
 * still make one (empty) page, so the slide is shown with its empty-state text.
 */
export function paginate(boxes: readonly ItemBox[], capacity: { first: number; rest: number }): PageRange[] {
  const pages: PageRange[] = [];
  let from = 0;
  while (from < boxes.length) {
    const cap = pages.length === 0 ? capacity.first : capacity.rest;
    let to = from + 1;
    while (to < boxes.length && boxes[to].bottom - boxes[from].top <= cap) to++;
    pages.push({ from, to });
    from = to;
  }
  return pages.length ? pages : [{ from: 0, to: 0 }];
}

/**
 * A Markdown text cut into its top-level blocks (paragraphs, lists, tables, fenced code), so a long
 * summary can flow over several slides. Blank lines inside a fenced block do not cut it.
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let cur: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const b = cur.join('\n').trim();
    if (b) blocks.push(b);
    cur = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      cur.push(line);
      if (f && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
      continue;
    }
    if (f) fence = f;
    if (!f && line.trim() === '') flush();
    else cur.push(line);
  }
  flush();
  return blocks;
}

/** The rows to review in the meeting: P0 first, rows of one priority in their checklist order. */
export function checklistForReview(rows: readonly ChecklistRow[]): ChecklistRow[] {
  return rows
    .filter((r) => r.origin !== 'library' || r.owner)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => PRIORITIES.indexOf(a.r.priority) - PRIORITIES.indexOf(b.r.priority) || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * Whether a Markdown block is a plain paragraph — not a list, table, heading, quote, fenced code or
 * HTML — so it can be cut at its sentences.
 */
export function isParagraph(block: string): boolean {
  return !/^\s{0,3}([-*+]\s|\d+[.)]\s|#|>|\||`{3}|~{3}|<)/m.test(block);
}

/**
 * A paragraph cut after each sentence (`. ` `! ` `? ` and the Chinese 。！？), never inside a code
 * span or a link's brackets; each piece keeps the space after it, so the pieces joined are the
 * paragraph. A paragraph taller than a slide flows over several this way. A sentence longer than
 * `maxChars` (one that alone could fill a slide) is cut again between words, so it flows too.
 */
export function sentencePieces(text: string, maxChars = 320): string[] {
  return sentences(text).flatMap((p) => (p.length > maxChars ? wordChunks(p, maxChars) : [p]));
}

/**
 * Which characters of `text` are plain prose: outside a code span and outside a link's brackets
 * (or any parentheses), so a cut there cannot break Markdown apart.
 */
function plainMask(text: string): Uint8Array {
  const plain = new Uint8Array(text.length);
  let code = false;
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') code = !code;
    else if (code) continue;
    else if (ch === '[' || ch === '(') brackets++;
    else if ((ch === ']' || ch === ')') && brackets > 0) brackets--;
    else if (brackets === 0) plain[i] = 1;
  }
  return plain;
}

/**
 * `text` cut after whitespace or a Chinese comma (in plain prose) into chunks of at most `max`
 * characters where a break allows; a run with no such break stays whole.
 */
function wordChunks(text: string, max: number): string[] {
  const plain = plainMask(text);
  const out: string[] = [];
  let start = 0;
  let lastBreak = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (plain[i] && ('，；、'.includes(ch) || (/\s/.test(ch) && !/\s/.test(text[i + 1] ?? ''))))
      lastBreak = i + 1;
    if (i + 1 - start > max && lastBreak > start) {
      out.push(text.slice(start, lastBreak));
      start = lastBreak;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function sentences(text: string): string[] {
  const plain = plainMask(text);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (!plain[i]) continue;
    if ('。！？'.includes(ch)) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    } else if ('.!?'.includes(ch) && /\s/.test(text[i + 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /\s/.test(text[end])) end++;
      out.push(text.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((p) => p.trim() !== '');
}

/**
 * The runs of a page's items to draw together: consecutive pieces of one cut paragraph make one
 * run (drawn as the paragraph they are), any other item a run of its own. `continues` says the
 * run's paragraph goes on after the page, `continued` that it began before it.
 */
export function pageRuns(
  groups: readonly (string | undefined)[],
  page: PageRange,
): { from: number; to: number; continued: boolean; continues: boolean }[] {
  const runs: { from: number; to: number; continued: boolean; continues: boolean }[] = [];
  for (let i = page.from; i < page.to; ) {
    const g = groups[i];
    let j = i + 1;
    while (g !== undefined && j < page.to && groups[j] === g) j++;
    runs.push({
      from: i,
      to: j,
      continued: g !== undefined && i === page.from && i > 0 && groups[i - 1] === g,
      continues: g !== undefined && j === page.to && j < groups.length && groups[j] === g,
    });
    i = j;
  }
  return runs;
}
