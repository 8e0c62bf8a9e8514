import type { StateCreator } from 'zustand';
import { host } from '../host/host.ts';
import { i18next, type Lang } from '../i18n/index.ts';
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
  toggleLang: () => get().setLang(get().lang === 'en' ? 'zh-CN' : 'en'),
  setPresentation: (on) => {
    void host.setPresentation(on);
    set({ presentation: on });
  },
});
