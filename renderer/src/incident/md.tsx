import type { ReactNode } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown → React elements (GFM tables, code). Raw HTML is never rendered: react-markdown
 * escapes it by default and `skipHtml` drops it; links to evidence (`pmwb://…`) stay plain anchors.
 */
/** A link to evidence names a file and a place in it: data, not UI text (kept as it is in every language). */
function EvidenceLink({ href, children }: { href?: string; children?: ReactNode }) {
  return (
    <a href={href} data-raw={href?.startsWith('pmwb:') ? true : undefined}>
      {children}
    </a>
  );
}

export function Md({ text, inline }: { text: string; inline?: boolean }) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm]}
      skipHtml
      urlTransform={(url) => (/^(https?:|mailto:|pmwb:|#)/i.test(url) ? url : '')}
      components={
        inline ? { p: ({ children }) => <span>{children}</span>, a: EvidenceLink } : { a: EvidenceLink }
      }
    >
      {text}
    </Markdown>
  );
}
