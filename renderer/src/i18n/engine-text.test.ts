import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MESSAGES, type MessageKey, msg } from '../../../workers/core/messages.ts';
import { MESSAGES_ZH } from '../../../workers/core/messages-zh.ts';
import { engineNodes, engineString } from './engine-text.tsx';
import './index.ts';

/** Placeholders the English needs for its grammar only (a plural ending), which Chinese leaves out. */
const GRAMMAR = new Set(['s']);

describe('engine message catalogs', () => {
  it('have a zh-CN template for every engine key, with the English placeholders and formats', () => {
    const keys = Object.keys(MESSAGES) as MessageKey[];
    expect(keys.length).toBeGreaterThan(40);
    expect(Object.keys(MESSAGES_ZH).sort()).toEqual([...keys].sort());
    const formats = (t: string) =>
      [...t.matchAll(/\{([A-Za-z0-9]+)(\|[a-z0-9]+)?\}/g)].map((m) => `${m[1]}${m[2] ?? ''}`).sort();
    for (const k of keys) {
      const en = formats(MESSAGES[k]).filter((p) => !GRAMMAR.has(p));
      expect(formats(MESSAGES_ZH[k]), k).toEqual(en);
      expect(MESSAGES_ZH[k], k).not.toBe(MESSAGES[k]);
      // a translation that leaves English words outside its placeholders is no translation
      const words = MESSAGES_ZH[k].replace(/\{[^}]*\}|`[^`]*`/g, ' ').match(/[A-Za-z]{4,}/g) ?? [];
      const kept = words.filter(
        (w) =>
          !/^(Full|MemStats|HeapObjects|HeapAlloc|WriteHeapDump|GOMEMLIMIT|select|case|channel|limit|convoy|debug|Done|HeapDumpOnOutOfMemoryError|VisualVM|align|CLASS|DUMP|java|lang|Class|runtime|span|goroutine|gzip|BLOCKED|HotSpot|jstat|pprof)$/.test(
            w,
          ),
      );
      expect(kept, `${k}: ${MESSAGES_ZH[k]}`).toEqual([]);
    }
  });

  it('format a message in zh-CN with the UI formatter, nested clauses translated too', () => {
    const m = msg('goroutines/pileupExplanation', {
      count: 1200,
      share: 85.14,
      total: 1410,
      state: 'chan receive',
      wait: msg('goroutines/waitMinutes', { minutes: '5' }),
      created: msg('goroutines/createdBy', { createdBy: 'main.startExport', location: 'main.go:168' }),
      advice: msg('goroutines/adviceChannel'),
      stdlib: '',
    });
    expect(engineString('zh-CN', m, 'fallback')).toBe(
      '1,200 个 goroutine（占 1,410 个的 85.1 %）共用同一个栈并等待 "chan receive"，已等待 5 分钟，由 main.startExport（main.go:168）启动。' +
        '堆积在同一个阻塞操作上的 goroutine 是典型的泄漏：某个发送者、接收者或 `Done()` 永远不会到来。',
    );
    // bytes in the UI's units even where the English keeps the engine's old MiB with one decimal
    expect(
      engineString('en', msg('goheap/memStatsUnreachable', { objects: 2, bytes: 1536 }), 'x').startsWith(
        '2 objects (1.50 KiB) are unreachable',
      ),
    ).toBe(true);
    // no message (an incident saved by an older build): the engine's English as it came
    expect(engineString('zh-CN', undefined, 'as saved')).toBe('as saved');
    expect(engineString('zh-CN', { key: 'not/a/key', params: {} }, 'as saved')).toBe('as saved');
  });

  it('shows evidence text as data: a data-raw span or code, never markup', () => {
    const m = msg('hprof/descriptionMany', {
      count: 4045,
      type: '<img src=x onerror=alert(1)>',
      holderType: 'ArrayList',
      where: msg('hprof/whereStatic', { field: 'OrderExportService.pending' }),
      bytes: 60293120,
      percent: 94.9,
    });
    const html = renderToStaticMarkup(createElement(Fragment, null, engineNodes('zh-CN', m, 'x')));
    expect(html).toBe(
      '4,045 个 <code>&lt;img src=x onerror=alert(1)&gt;</code> 实例由 <code>ArrayList</code>' +
        '（静态字段 <code>OrderExportService.pending</code>）持有，共占 57.5 MiB（94.9 %）。',
    );
    const title = msg('goroutines/blockedTitle', { count: 3, where: 'main.<b>f</b>', state: 'IO wait' });
    expect(renderToStaticMarkup(createElement(Fragment, null, engineNodes('zh-CN', title, 'x')))).toBe(
      '3 个 goroutine 阻塞在 <span data-raw="true">main.&lt;b&gt;f&lt;/b&gt;</span>（&quot;<span data-raw="true">IO wait</span>&quot;）',
    );
  });
});
