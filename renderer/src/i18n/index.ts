import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { MESSAGES } from '../../../workers/core/messages.ts';
import { MESSAGES_ZH } from '../../../workers/core/messages-zh.ts';
import { labelsEn } from './labels-en.ts';
import { labelsZh } from './labels-zh.ts';
import { shellEn, shellZh } from './shell.ts';
import { viewsEn } from './views-en.ts';
import { viewsZh } from './views-zh.ts';

export type Lang = 'en' | 'zh-CN';
export const LANGS: Lang[] = ['en', 'zh-CN'];

void i18next.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  resources: {
    en: { shell: shellEn, labels: labelsEn, views: viewsEn, engine: MESSAGES },
    'zh-CN': { shell: shellZh, labels: labelsZh, views: viewsZh, engine: MESSAGES_ZH },
  },
  defaultNS: 'shell',
  interpolation: { escapeValue: false },
});

/** Lets a feature add its own namespace (e.g. the postmortem editor) without touching this file. */
export function addStrings(ns: string, en: Record<string, string>, zh: Record<string, string>): void {
  i18next.addResourceBundle('en', ns, en, true, true);
  i18next.addResourceBundle('zh-CN', ns, zh, true, true);
}

export { i18next };
