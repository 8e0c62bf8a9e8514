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
