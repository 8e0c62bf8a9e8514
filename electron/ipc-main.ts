import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  CHANNELS,
  type ChannelArgs,
  type ChannelResult,
  type InvokeChannel,
  schemas,
} from '../contract/host-api.ts';
import { isTrustedUrl } from './security.ts';

/** One handler per invoke channel, its arguments and result inferred from the channel's zod schemas. */
export type Handlers = {
  [K in InvokeChannel]: (
    event: IpcMainInvokeEvent,
    ...args: ChannelArgs<K>
  ) => ChannelResult<K> | Promise<ChannelResult<K>>;
};

/**
 * Registers every invoke channel with sender checks and schema validation in front of the handler,
 * so a compromised or foreign frame can't reach the file system through us.
 */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers): void {
  for (const name of Object.keys(schemas) as InvokeChannel[]) {
    const schema = schemas[name];
    const handler = handlers[name] as (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
    ipcMain.handle(CHANNELS[name], (event, ...args: unknown[]) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) throw new Error(`IPC ${name} refused: untrusted sender ${url || '(none)'}`);
      const parsed = schema.safeParse(args);
      if (!parsed.success) throw new Error(`IPC ${name} refused: invalid arguments`);
      return handler(event, ...(parsed.data as unknown[]));
    });
  }
}
