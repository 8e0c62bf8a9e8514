import type { ViewsKey } from './views-en.ts';

export const viewsZh: Record<ViewsKey, string> = {
  langConfirm_title: '用{{lang}}重新生成草稿？',
  langConfirm_body: '你编辑过的章节会保留。',
  langConfirm_edited_one: '（已编辑 {{count}} 节）',
  langConfirm_edited_other: '（已编辑 {{count}} 节）',
  langName_en: '英文',
  'langName_zh-CN': '简体中文',
  langConfirm_ok: '重新生成',
  langConfirm_cancel: '取消',
};
