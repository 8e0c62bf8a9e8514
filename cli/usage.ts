/** Where a command writes; `main` passes process streams, tests pass collectors. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stdout is a terminal (colours and widths may follow it); false for pipes and tests. */
  isTTY?: boolean;
}

/** A mistake in the command line: exit code 2 and the help text, never a stack. */
export class UsageError extends Error {}
