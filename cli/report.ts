import type { Io } from './main.ts';

/** Replaced by the incident/report implementation. */
export async function runReport(_argv: string[], io: Io): Promise<number> {
  io.stderr('pmwb report: not built yet\n');
  return 1;
}
