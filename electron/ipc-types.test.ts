import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ChannelArgs,
  type ChannelResult,
  type HostApi,
  type InvokeChannel,
  results,
  schemas,
} from '../contract/host-api.ts';
import type { Handlers } from './ipc-main.ts';

type HostResult<M extends keyof HostApi> = HostApi[M] extends (...a: never[]) => infer R ? Awaited<R> : never;

describe('IPC handler types come from the channel schemas', () => {
  it('infers arguments and results per channel', () => {
    expectTypeOf<ChannelArgs<'readFile'>>().toEqualTypeOf<[string, number, number]>();
    expectTypeOf<ChannelArgs<'setPresentation'>>().toEqualTypeOf<[boolean]>();
    expectTypeOf<Parameters<Handlers['saveIncident']>>().toEqualTypeOf<
      [IpcMainInvokeEvent, string, string, string]
    >();
    expectTypeOf<Awaited<ReturnType<Handlers['exportFiles']>>>().toEqualTypeOf<boolean>();
    expectTypeOf<ChannelResult<'readFile'>>().toEqualTypeOf<Uint8Array>();
  });

  it('a handler returning the wrong shape does not compile', () => {
    // @ts-expect-error: exportFiles answers a boolean, not the number of files written
    const wrong: Handlers['exportFiles'] = async () => 3;
    // @ts-expect-error: loadIncident's answer carries `json`, not `text`
    const wrongShape: Handlers['loadIncident'] = async () => ({ text: '{}' });
    // @ts-expect-error: readFile's offset is a number
    const wrongArgs: Handlers['readFile'] = (_e, _path: string, _offset: string) => new Uint8Array();
    const right: Handlers['loadIncident'] = async (_e, id) => ({ json: id });
    expect([wrong, wrongShape, wrongArgs, right].every((f) => typeof f === 'function')).toBe(true);
  });

  it('what the main process answers is what the renderer’s HostApi expects', () => {
    expectTypeOf<ChannelResult<'openFiles'>[number]>().toExtend<HostResult<'openFiles'>[number]>();
    expectTypeOf<ChannelResult<'allowDropped'>>().toExtend<HostResult<'openDropped'>>();
    expectTypeOf<ChannelResult<'loadIncident'>>().toEqualTypeOf<HostResult<'loadIncident'>>();
    expectTypeOf<ChannelResult<'recentIncidents'>>().toEqualTypeOf<HostResult<'recentIncidents'>>();
    expectTypeOf<ChannelResult<'exportFiles'>>().toEqualTypeOf<HostResult<'exportFiles'>>();
  });

  it('declares a result schema for every channel that has an argument schema', () => {
    const channels = Object.keys(schemas) as InvokeChannel[];
    expect(Object.keys(results).sort()).toEqual([...channels].sort());
    // the schemas check real answers too
    expect(results.loadIncident.safeParse({ json: '{}' }).success).toBe(true);
    expect(results.loadIncident.safeParse({ text: '{}' }).success).toBe(false);
    expect(results.readFile.safeParse(new Uint8Array(2)).success).toBe(true);
    expect(results.readFile.safeParse('bytes').success).toBe(false);
  });
});
