import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QueryState } from '../components/QueryState.tsx';
import { delay, IDLE, KeyedQueries, QueryMachine, type QueryStatus } from './query-machine.ts';

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

describe('QueryMachine on demand (useQueryOnDemand)', () => {
  it('retry asks again what the last run asked, with its onData', async () => {
    const { m } = machine<string>();
    m.retry(); // nothing asked yet: stays idle
    expect(m.status).toBe(IDLE);
    let calls = 0;
    const got: string[] = [];
    m.run(
      () => {
        calls++;
        return calls === 1
          ? Promise.reject(new Error('worker restarted'))
          : Promise.resolve(`paths #${calls}`);
      },
      (d) => got.push(d),
    );
    await flush();
    expect(m.status).toEqual({ data: undefined, error: 'worker restarted', loading: false });
    expect(got).toEqual([]);
    m.retry();
    expect(m.status).toEqual({ data: undefined, error: undefined, loading: true });
    await flush();
    expect(m.status).toEqual({ data: 'paths #2', error: undefined, loading: false });
    expect(got).toEqual(['paths #2']);
  });

  it('onData sees only the current answer', async () => {
    const { m } = machine<number>();
    const got: number[] = [];
    const old = deferred<number>();
    m.run(
      () => old.promise,
      (d) => got.push(d),
    );
    m.run(
      () => Promise.resolve(2),
      (d) => got.push(d),
    );
    old.resolve(1);
    await flush();
    expect(got).toEqual([2]);
  });

  it('reset forgets data, error and the last request; the answer in flight changes nothing', async () => {
    const { m, seen } = machine<number>();
    m.run(() => Promise.reject(new Error('gone')));
    await flush();
    expect(m.status.error).toBe('gone');
    m.reset();
    expect(m.status).toBe(IDLE);
    m.retry(); // the request was forgotten
    expect(m.status).toBe(IDLE);
    const d = deferred<number>();
    m.run(() => d.promise);
    m.reset();
    d.resolve(7);
    await flush();
    expect(m.status).toBe(IDLE);
    expect(seen.at(-1)).toBe(IDLE);
  });
});

describe('KeyedQueries (useLazyQueries: lazily expanded tree nodes)', () => {
  function keyed<T>() {
    const changes: [string, QueryStatus<T>][] = [];
    const q = new KeyedQueries<string, T>((k, s) => changes.push([k, s]));
    return { q, changes };
  }

  it('each key loads, fails and retries on its own', async () => {
    const { q } = keyed<string[]>();
    const lines: string[] = [];
    const a = deferred<string[]>();
    let bCalls = 0;
    q.run(
      'a',
      () => a.promise,
      (rows) => lines.push(...rows),
    );
    q.run(
      'b',
      () => (++bCalls === 1 ? Promise.reject(new Error('no open artifact a3')) : Promise.resolve(['b1'])),
      (rows) => lines.push(...rows),
    );
    expect(q.status('a').loading).toBe(true);
    await flush();
    expect(q.status('b')).toEqual({ data: undefined, error: 'no open artifact a3', loading: false });
    expect(q.status('a').loading).toBe(true);
    a.resolve(['a1', 'a2']);
    await flush();
    // handed over: the key is idle again and holds nothing
    expect(q.status('a')).toBe(IDLE);
    expect(lines).toEqual(['a1', 'a2']);
    q.retry('b');
    expect(q.status('b').loading).toBe(true);
    expect(q.status('b').error).toBeUndefined();
    await flush();
    expect(lines).toEqual(['a1', 'a2', 'b1']);
    expect(q.status('b')).toBe(IDLE);
  });

  it('a newer run of one key drops its older answer, not the other keys', async () => {
    const { q } = keyed<number>();
    const got: string[] = [];
    const first = deferred<number>();
    q.run(
      'x',
      () => first.promise,
      (n) => got.push(`x${n}`),
    );
    q.run(
      'y',
      () => Promise.resolve(9),
      (n) => got.push(`y${n}`),
    );
    q.run(
      'x',
      () => Promise.resolve(2),
      (n) => got.push(`x${n}`),
    );
    first.resolve(1);
    await flush();
    expect(got.sort()).toEqual(['x2', 'y9']);
  });

  it('reset of a key (collapsed while loading) and resetAll (re-sorted, unmounted) drop answers in flight', async () => {
    const { q, changes } = keyed<number>();
    const got: number[] = [];
    const a = deferred<number>();
    const b = deferred<number>();
    const c = deferred<number>();
    q.run(
      'a',
      () => a.promise,
      (n) => got.push(n),
    );
    q.run(
      'b',
      () => b.promise,
      (n) => got.push(n),
    );
    q.run(
      'c',
      () => Promise.reject(new Error('boom')),
      (n) => got.push(n),
    );
    await flush();
    q.reset('a');
    expect(q.status('a')).toBe(IDLE);
    a.resolve(1);
    await flush();
    expect(got).toEqual([]);
    q.run(
      'd',
      () => c.promise,
      (n) => got.push(n),
    );
    q.resetAll();
    b.resolve(2);
    c.resolve(3);
    await flush();
    expect(got).toEqual([]);
    for (const k of ['a', 'b', 'c', 'd']) expect(q.status(k)).toBe(IDLE);
    q.retry('c'); // forgotten with the rest
    expect(q.status('c')).toBe(IDLE);
    expect(changes.filter(([k]) => k === 'c').map(([, s]) => s.error)).toEqual([
      undefined,
      'boom',
      undefined,
    ]);
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
    expect(error).toMatch(/^<p /);
    expect(render({ data: 1, error: undefined, loading: false })).toBe('');
  });

  it('inline, it fits in a tree row', () => {
    const html = renderToStaticMarkup(
      createElement(QueryState, {
        inline: true,
        query: { data: undefined, error: 'no open artifact a1', loading: false, retry: () => {} },
      }),
    );
    expect(html).toMatch(/^<span class="error" role="alert"[^>]*>no open artifact a1 <button/);
  });
});
