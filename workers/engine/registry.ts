import type { FormatId } from '../../contract/inspect.ts';
import { appLogHandler } from '../formats/applog/handler.ts';
import { gclogHandlers } from '../formats/gclog/handler.ts';
import { goHeapdumpHandler } from '../formats/go-heapdump/handler.ts';
import { goroutinesHandler } from '../formats/goroutines/handler.ts';
import { hprofHandler } from '../formats/hprof/handler.ts';
import { jthreadsHandler } from '../formats/jthreads/handler.ts';
import { pprofHandlers } from '../formats/pprof/handler.ts';
import type { FormatHandler } from './format-handler.ts';

const handlers: FormatHandler[] = [
  goHeapdumpHandler,
  hprofHandler,
  ...pprofHandlers,
  goroutinesHandler,
  ...gclogHandlers,
  jthreadsHandler,
  appLogHandler,
];

export function handlerFor(format: FormatId): FormatHandler | undefined {
  return handlers.find((h) => h.format === format);
}
