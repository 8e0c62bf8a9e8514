import type { StateCreator } from 'zustand';
import { host } from '../host/host.ts';
import { i18next, type Lang } from '../i18n/index.ts';
import { langSwitchNeedsConfirm } from './lang-switch.ts';
import type { Store } from './store.ts';

export type Screen = 'welcome' | 'workspace';
export type WorkspaceTab = 'overview' | 'artifacts' | 'timeline' | 'postmortem' | 'checklist';

export interface UiSlice {
  screen: Screen;
  tab: WorkspaceTab;
  setTab(tab: WorkspaceTab): void;
  lang: Lang;
  presentation: boolean;
  setScreen(screen: Screen): void;
  setLang(lang: Lang): void;
  toggleLang(): void;
  /** The language a switch waits to be confirmed for (a drafted postmortem would be regenerated). */
  langPrompt: Lang | undefined;
  /** Switches the language, or first asks (`langPrompt`) when the postmortem would be regenerated. */
  requestLang(lang: Lang): void;
  confirmLang(): void;
  cancelLang(): void;
  setPresentation(on: boolean): void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  screen: 'welcome',
  tab: 'artifacts',
  setTab: (tab) => set({ tab }),
  lang: 'en',
  presentation: false,
  setScreen: (screen) => set({ screen }),
  setLang: (lang) => {
    void i18next.changeLanguage(lang);
    document.documentElement.lang = lang;
    set({ lang });
  },
  toggleLang: () => get().requestLang(get().lang === 'en' ? 'zh-CN' : 'en'),
  langPrompt: undefined,
  requestLang: (lang) => {
    if (lang === get().lang) return;
    if (langSwitchNeedsConfirm(get().incident, lang)) set({ langPrompt: lang });
    else get().setLang(lang);
  },
  // The incident tracking (incident-hooks.ts) regenerates the draft's unedited sections on the switch.
  confirmLang: () => {
    const lang = get().langPrompt;
    set({ langPrompt: undefined });
    if (lang) get().setLang(lang);
  },
  cancelLang: () => set({ langPrompt: undefined }),
  setPresentation: (on) => {
    void host.setPresentation(on);
    set({ presentation: on });
  },
});
