/** Where a command writes; `main` passes process streams, tests pass collectors. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stdout is a terminal (colours and widths may follow it); false for pipes and tests. */
  isTTY?: boolean;
}

/** A mistake in the command line: exit code 2 and the help text, never a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A UsageError by name: the built CLI runs each command from a bundle of its own (cli/code-cache.ts),
 * whose UsageError is another class than the one `main` imports.
 */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === 'UsageError';
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `--max-inflated`'s SIZE: bytes, or a number with K, M, G or T (binary units, optional "iB"/"B"). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  const bytes = m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes <= 0)
    throw new UsageError(`--max-inflated takes a size such as 8G, 512M or a number of bytes, not "${text}"`);
  return bytes;
}
