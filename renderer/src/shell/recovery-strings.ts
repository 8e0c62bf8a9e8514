import { addStrings } from '../i18n/index.ts';

/** Strings of the recovery view and the per-view error boundary (own namespace, no shared table touched). */
export const RECOVERY_NS = 'recovery';

const en = {
  storedTitle: 'The saved incident could not be opened',
  importTitle: 'The incident file {{file}} could not be opened',
  whatIsWrong: 'What is wrong',
  where: 'Where in the data',
  nothingChanged: 'Nothing was changed or overwritten. Choose what to do:',
  exportRaw: 'Export the raw file',
  useBackup: 'Open the backup instead',
  noBackup: 'No backup is available.',
  discardStored: 'Discard it and start a new incident',
  discardImport: 'Discard this file',
  viewFailed: 'This view failed: {{message}}',
  viewFailedHint: 'The rest of the app still works; your incident is saved as before.',
  retry: 'Retry',
  notSerializable:
    'the latest change cannot be saved ({{reason}}); the last good copy is kept. Undo the last change or export the incident.',
};

const zh: typeof en = {
  storedTitle: '无法打开已保存的事件',
  importTitle: '无法打开事件文件 {{file}}',
  whatIsWrong: '问题',
  where: '数据中的位置',
  nothingChanged: '没有任何内容被更改或覆盖。请选择：',
  exportRaw: '导出原始文件',
  useBackup: '改为打开备份',
  noBackup: '没有可用的备份。',
  discardStored: '丢弃它并新建事件',
  discardImport: '丢弃此文件',
  viewFailed: '此视图出错：{{message}}',
  viewFailedHint: '应用的其他部分仍可使用；事件照常保存。',
  retry: '重试',
  notSerializable: '最新的更改无法保存（{{reason}}）；已保留上一个完好的副本。请撤销上一次更改或导出事件。',
};

addStrings(RECOVERY_NS, en, zh);
