import { memo, type ReactElement } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { evidencePath } from '../../../workers/report/evidence.ts';
import { useStore } from '../state/store.ts';
import { mermaidTimeline } from './mermaid-timeline.ts';

/** Opens the artifact an evidence page link names (its row in the workspace). */
function openEvidence(href: string): void {
  const s = useStore.getState();
  const a = s.incident?.artifacts.find((x) => evidencePath(x.name) === href);
  const key = a ? s.linked[a.id] : undefined;
  if (!key) return;
  s.select(key);
  s.setScreen('workspace');
}

/**
 * Markdown → React elements (GFM tables, code). Memoized: a view that re-renders (an edit elsewhere,
 * a store change) does not parse unchanged text again. Raw HTML is never rendered: react-markdown
 * escapes it by default and `skipHtml` drops it; links to evidence pages (`evidence/….md`) open the cited artifact.
 */
export const Md = memo(function Md({ text, inline }: { text: string; inline?: boolean }) {
  const key = `${inline ? 'i' : 'b'}${text}`;
  let out = rendered.get(key);
  if (out) {
    // most recently used last
    rendered.delete(key);
  } else {
    out = markdownElements(text, inline === true);
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value as string);
  }
  rendered.set(key, out);
  return out;
});

/**
 * Elements of texts parsed recently (a view opened again, the same finding on two views): React
 * elements are immutable descriptions, so one parse serves every place that shows the text.
 * A bounded cache of pure results, not state.
 */
const rendered = new Map<string, ReactElement>();
const RENDERED_MAX = 400;

function markdownElements(text: string, inline: boolean): ReactElement {
  // Called as a function (it is one): its element tree is what the cache keeps.
  return Markdown({
    children: text,
    remarkPlugins: [remarkGfm],
    skipHtml: true,
    urlTransform: (url) => (/^(https?:|mailto:|#|evidence\/)/i.test(url) ? url : ''),
    components: MD_COMPONENTS[inline ? 'inline' : 'block'],
  });
}

const BLOCK_COMPONENTS: Components = {
  // No Mermaid renderer is bundled: the timeline block is drawn from the same text as a list.
  pre: ({ children, node }) => {
    const code = node?.children[0];
    const cls = code && 'properties' in code ? String(code.properties.className ?? '') : '';
    const text =
      code && 'children' in code ? code.children.map((c) => ('value' in c ? c.value : '')).join('') : '';
    const timeline = cls.includes('language-mermaid') ? mermaidTimeline(text) : undefined;
    return timeline ? (
      <figure className="pm-mermaid" data-testid="mermaid-timeline">
        {timeline.title ? <figcaption data-raw>{timeline.title}</figcaption> : null}
        <ol>
          {timeline.items.map((it, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of one immutable block
            <li key={i}>
              <time>{it.time}</time> <span data-raw>{it.label}</span>
            </li>
          ))}
        </ol>
      </figure>
    ) : (
      <pre>{children}</pre>
    );
  },
  // evidence/….md is a page of the export folder; in the app it opens the cited artifact
  a: ({ href, children }) =>
    href?.startsWith('evidence/') ? (
      // the link text names a file and a place in it: data, the same in every language
      <a
        href={href}
        data-testid="evidence-link"
        data-raw
        onClick={(e) => {
          e.preventDefault();
          openEvidence(href);
        }}
      >
        {children}
      </a>
    ) : (
      <a href={href}>{children}</a>
    ),
};

const MD_COMPONENTS: Record<'block' | 'inline', Components> = {
  block: BLOCK_COMPONENTS,
  inline: { ...BLOCK_COMPONENTS, p: ({ children }) => <span>{children}</span> },
};
