import type { FormatId } from '../../contract/inspect.ts';
import { ParseError } from '../core/errors.ts';
import type { FormatHandler } from './format-handler.ts';

/** Placeholder for a format whose reader is not built yet: says so instead of guessing. */
export function notBuilt(format: FormatId): FormatHandler {
  return {
    format,
    async open(source) {
      throw new ParseError(source.name, { offset: 0 }, `a ${format} reader (not built yet)`);
    },
  };
}
