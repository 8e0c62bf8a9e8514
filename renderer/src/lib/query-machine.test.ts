import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QueryState } from '../components/QueryState.tsx';
import { delay, QueryMachine, type QueryStatus } from './query-machine.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function machine<T>() {
  const seen: QueryStatus<T>[] = [];
  const m = new QueryMachine<T>((s) => seen.push(s));
  return { m, seen };
}

describe('QueryMachine (the core of useQuery)', () => {
  it('goes loading → data', async () => {
    const { m, seen } = machine<number>();
    const d = deferred<number>();
    m.run(() => d.promise);
    expect(m.status).toEqual({ data: undefined, error: undefined, loading: true });
    d.resolve(42);
    await flush();
    expect(m.status).toEqual({ data: 42, error: undefined, loading: false });
    expect(seen.map((s) => s.loading)).toEqual([true, false]);
  });

  it('a stale answer never overwrites a newer request', async () => {
    const { m } = machine<string>();
    const old = deferred<string>();
    const fresh = deferred<string>();
    m.run(() => old.promise);
    m.run(() => fresh.promise);
    fresh.resolve('page 2');
    await flush();
    old.resolve('page 1');
    await flush();
    expect(m.status.data).toBe('page 2');
    // and a stale failure is dropped too
    const failing = deferred<string>();
    m.run(() => failing.promise);
    m.run(() => Promise.resolve('page 3'));
    failing.reject(new Error('worker gone'));
    await flush();
    expect(m.status).toEqual({ data: 'page 3', error: undefined, loading: false });
  });

  it('keeps the old data while reloading and reports errors in place', async () => {
    const { m } = machine<number>();
    m.run(() => Promise.resolve(1));
    await flush();
    const d = deferred<number>();
    m.run(() => d.promise);
    expect(m.status).toEqual({ data: 1, error: undefined, loading: true });
    d.reject(new Error('no open artifact a7'));
    await flush();
    expect(m.status).toEqual({ data: 1, error: 'no open artifact a7', loading: false });
    // a synchronous throw is an error too, not an exception out of the effect
    m.run(() => {
      throw new Error('bad args');
    });
    expect(m.status.error).toBe('bad args');
  });

  it('cancel drops the answer in flight; undefined means idle', async () => {
    const { m, seen } = machine<number>();
    const d = deferred<number>();
    m.run(() => d.promise);
    m.cancel();
    d.resolve(5);
    await flush();
    expect(m.status).toEqual({ data: undefined, error: undefined, loading: true });
    expect(seen).toHaveLength(1);
    m.run(() => undefined);
    expect(m.status).toEqual({ data: undefined, error: undefined, loading: false });
  });
});

describe('debounced queries', () => {
  it('a superseded run is aborted before it asks the worker', async () => {
    const { m } = machine<string>();
    const asked: string[] = [];
    const ask = (text: string) => (signal: AbortSignal) =>
      delay(5, signal).then(() => {
        asked.push(text);
        return text;
      });
    m.run(ask('o'));
    m.run(ask('or'));
    m.run(ask('ord'));
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toEqual(['ord']);
    expect(m.status).toEqual({ data: 'ord', error: undefined, loading: false });
    m.run(ask('order'));
    m.cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toEqual(['ord']);
  });
});

describe('QueryState', () => {
  const render = (s: QueryStatus<unknown>) =>
    renderToStaticMarkup(createElement(QueryState, { query: { ...s, retry: () => {} } }));

  it('shows loading only before the first data, the error with Retry, else nothing', () => {
    expect(render({ data: undefined, error: undefined, loading: true })).toContain('Loading…');
    expect(render({ data: 1, error: undefined, loading: true })).toBe('');
    const error = render({ data: undefined, error: '<b>offset 12</b>', loading: false });
    expect(error).toContain('&lt;b&gt;offset 12&lt;/b&gt;');
    expect(error).toContain('>Retry</button>');
    expect(render({ data: 1, error: undefined, loading: false })).toBe('');
  });
});
