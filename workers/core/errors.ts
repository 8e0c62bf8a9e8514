/**
 * Every parser failure says which file, where (byte offset or line) and what was expected,
 * so a user with a broken dump knows what happened and where.
 */
import { formatCount } from './format-number.ts';

export class ParseError extends Error {
  readonly file: string;
  readonly offset?: number;
  readonly line?: number;
  readonly expected: string;

  constructor(file: string, where: { offset?: number; line?: number }, expected: string, found?: string) {
    const at =
      where.line !== undefined
        ? `line ${formatCount(where.line)}`
        : where.offset !== undefined
          ? `byte ${formatCount(where.offset)}`
          : '';
    super(`${file}${at ? ` at ${at}` : ''}: expected ${expected}${found ? `, found ${found}` : ''}`);
    this.name = 'ParseError';
    this.file = file;
    this.offset = where.offset;
    this.line = where.line;
    this.expected = expected;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
