/**
 * UI strings of the artifact views (heap, GC, goroutines, Java threads, pprof) and the language
 * switch dialog, one `views` namespace, keys prefixed by the view. `views-zh.ts` has the same keys
 * (checked by `catalogs.test.ts`).
 */
export const viewsEn = {
  langConfirm_title: 'Regenerate the draft in {{lang}}?',
  langConfirm_body: 'Your edited sections are kept.',
  langConfirm_edited_one: '({{count}} edited section)',
  langConfirm_edited_other: '({{count}} edited sections)',
  langName_en: 'English',
  'langName_zh-CN': '简体中文',
  langConfirm_ok: 'Regenerate',
  langConfirm_cancel: 'Cancel',
} as const;

export type ViewsKey = keyof typeof viewsEn;
