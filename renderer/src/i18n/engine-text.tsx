import { Fragment, type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageRef } from '../../../contract/inspect.ts';
import {
  englishTemplate,
  fillTemplate,
  formatMsg,
  humanNumber,
  isMsg,
  type MsgPart,
} from '../../../workers/core/messages.ts';
import { i18next } from './index.ts';

/** The i18next namespace of the engine's sentences (English and zh-CN templates from workers/core/messages*.ts). */
export const ENGINE_NS = 'engine';

/** Numbers in engine sentences as the UI writes them everywhere else (one formatter, human units). */
export const uiNumber = humanNumber;

/** The template of `key` in `lng` (English when the catalog has none). */
function template(lng: string, key: string): string | undefined {
  const t = i18next.getResource(lng, ENGINE_NS, key, { keySeparator: false });
  if (typeof t === 'string') return t;
  return englishTemplate(key);
}

/** An engine sentence in `lng` as plain text (tooltips, chart labels, aria labels). */
export function engineString(lng: string, m: MessageRef | undefined, fallback: string): string {
  if (!isMsg(m)) return fallback;
  return formatMsg(m, (key) => template(lng, key), uiNumber);
}

/**
 * An engine sentence in `lng` as React nodes: the template's words as text, text from the
 * evidence (class, function, file names) as `data-raw` spans — always text, never markup — and
 * Markdown code spans of the template (`` `{type}` ``) as `<code>`.
 */
export function engineNodes(lng: string, m: MessageRef | undefined, fallback: string, depth = 0): ReactNode {
  if (!isMsg(m) || depth > 4) return fallback;
  const parts = fillTemplate(template(lng, m.key) ?? fallback, m.params, uiNumber);
  const out: ReactNode[] = [];
  let code = false;
  let codeText = '';
  const push = (n: ReactNode) => out.push(<Fragment key={out.length}>{n}</Fragment>);
  const text = (p: MsgPart & { kind: 'text' }) => {
    const pieces = p.text.split('`');
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (code) {
          push(<code>{codeText}</code>);
          codeText = '';
        }
        code = !code;
      }
      if (code) codeText += piece;
      else if (piece) push(piece);
    });
  };
  for (const p of parts) {
    if (p.kind === 'text') text(p);
    else if (code) codeText += p.kind === 'msg' ? engineString(lng, p.msg, '') : p.text;
    else if (p.kind === 'param') {
      if (p.text) push(<span data-raw>{p.text}</span>);
    } else if (p.kind === 'number') push(p.text);
    else push(engineNodes(lng, p.msg, '', depth + 1));
  }
  if (code && codeText) push(`\`${codeText}`);
  return out;
}

/** The current language's rendering of engine sentences. */
export function useEngineText(): {
  lng: string;
  text: (m: MessageRef | undefined, fallback: string) => string;
  node: (m: MessageRef | undefined, fallback: string) => ReactNode;
} {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  // one object per language, so memoised views that depend on it recompute only when it changes
  return useMemo(
    () => ({
      lng,
      text: (m: MessageRef | undefined, fallback: string) => engineString(lng, m, fallback),
      node: (m: MessageRef | undefined, fallback: string) => engineNodes(lng, m, fallback),
    }),
    [lng],
  );
}

/** An engine sentence in the UI's language; `text` (the engine's English) when it carries no message. */
export function EngineText({ msg, text }: { msg?: MessageRef; text: string }) {
  const { node } = useEngineText();
  return <>{node(msg, text)}</>;
}
