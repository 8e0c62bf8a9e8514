import type { ByteSource, ParseContext } from '../../core/byte-source.ts';
import type { FormatHandler, OpenedArtifact } from '../../engine/format-handler.ts';
import { parseAppLog } from './parse.ts';

export async function openAppLog(source: ByteSource, ctx: ParseContext): Promise<OpenedArtifact> {
  const parsed = await parseAppLog(source, ctx);
  const { block } = parsed;
  return {
    truncated: parsed.truncated,
    ...(parsed.truncatedAt !== undefined ? { truncatedAt: parsed.truncatedAt } : {}),
    warnings: parsed.warnings,
    warningMsgs: parsed.warningMsgs,
    // the log's last timestamp: when it was last written, by its own clock
    ...(block.lastMs !== undefined ? { capturedAtMs: block.lastMs } : {}),
    log: block,
    queries: {
      /** A page of the kept lines, optionally only the proposed ones. */
      lines: (filter: { proposedOnly?: boolean; offset?: number; limit?: number } = {}) => {
        const rows = filter.proposedOnly ? block.events.filter((e) => e.proposed) : block.events;
        const offset = Math.max(0, filter.offset ?? 0);
        const limit = Math.min(Math.max(1, filter.limit ?? 200), 2000);
        return { total: rows.length, rows: rows.slice(offset, offset + limit) };
      },
    },
  };
}

export const appLogHandler: FormatHandler = {
  format: 'applog',
  open: (source, ctx) => openAppLog(source, ctx),
};
