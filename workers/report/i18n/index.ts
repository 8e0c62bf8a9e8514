import type { Lang } from '../../incident/model.ts';
import { en, type Messages } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { FindingText, Messages } from './en.ts';

/** The message catalog for a language. */
export function messages(lang: Lang): Messages {
  return lang === 'zh-CN' ? zhCN : en;
}
