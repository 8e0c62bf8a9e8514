import { describe, expect, it } from 'vitest';
import { unwrapLogLine } from './log-prefix.ts';

describe('unwrapLogLine', () => {
  it('strips an RFC 3339 prefix and keeps its time', () => {
    const u = unwrapLogLine('2024-05-01T12:00:00.123456789Z gc 1 @0.01s 1%: x');
    expect(u.text).toBe('gc 1 @0.01s 1%: x');
    expect(u.timeMs).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
  });
  it('reads an offset timestamp and the CRI stream marker', () => {
    const u = unwrapLogLine('2024-05-01T14:00:00+02:00 stderr F goroutine 1 [running]:');
    expect(u.text).toBe('goroutine 1 [running]:');
    expect(u.timeMs).toBe(Date.UTC(2024, 4, 1, 12));
  });
  it('unwraps Docker JSON lines', () => {
    const u = unwrapLogLine('{"log":"panic: boom\\n","stream":"stderr","time":"2024-05-01T12:00:01Z"}');
    expect(u).toEqual({ text: 'panic: boom', timeMs: Date.UTC(2024, 4, 1, 12, 0, 1) });
  });
  it('strips journald short prefixes', () => {
    const u = unwrapLogLine('May 01 12:00:02 host svc[42]: fatal error: out of memory', 2024);
    expect(u).toEqual({ text: 'fatal error: out of memory', timeMs: Date.UTC(2024, 4, 1, 12, 0, 2) });
  });
  it('leaves plain lines alone', () => {
    expect(unwrapLogLine('gc 1 @0.01s')).toEqual({ text: 'gc 1 @0.01s' });
  });
});
