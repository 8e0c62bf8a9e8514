import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown → React elements (GFM tables, code). Raw HTML is never rendered: react-markdown
 * escapes it by default and `skipHtml` drops it; links to evidence (`pmwb://…`) stay plain anchors.
 */
export function Md({ text, inline }: { text: string; inline?: boolean }) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm]}
      skipHtml
      urlTransform={(url) => (/^(https?:|mailto:|pmwb:|#)/i.test(url) ? url : '')}
      components={inline ? { p: ({ children }) => <span>{children}</span> } : undefined}
    >
      {text}
    </Markdown>
  );
}
