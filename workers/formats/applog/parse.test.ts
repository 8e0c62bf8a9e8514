import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../core/byte-source.ts';
import { ParseError } from '../../core/errors.ts';
import { Engine } from '../../engine/engine.ts';
import { sniff } from '../sniff.ts';
import { isProposed, lineTime, parseAppLog } from './parse.ts';

const enc = new TextEncoder();
const src = (name: string, text: string) => bytesSource(name, enc.encode(text));

/**
 * The application lines the sample service (samples/go-leak) wrote to stderr between its gctrace
 * lines: logfmt behind the RFC 3339 prefix its supervisor added. Real output, not made up here.
 */
const SAMPLE_APP_LOG = readFileSync(join(__dirname, '../../../samples/go-leak/artifacts/gctrace.log'), 'utf8')
  .split('\n')
  .filter((l) => l && !/ gc \d+ @/.test(l) && !/^\S+ (GODEBUG|GOMEMLIMIT)/.test(l))
  .join('\n')
  .concat('\n');

describe('application log', () => {
  it('reads the sample service log: every line timed, warnings proposed', async () => {
    const lines = SAMPLE_APP_LOG.trimEnd().split('\n');
    const { block, truncated, warnings } = await parseAppLog(src('app.log', SAMPLE_APP_LOG));
    expect(truncated).toBe(false);
    expect(warnings).toEqual([]);
    expect(block.lines).toBe(lines.length);
    expect(block.timedLines).toBe(lines.length);
    expect(block.firstMs).toBe(Date.parse(lines[0].slice(0, 24)));
    expect(block.lastMs).toBe(Date.parse(lines.at(-1)!.slice(0, 24)));
    const warn = lines.filter((l) => l.includes('level=warn')).length;
    expect(warn).toBeGreaterThan(0);
    expect(block.levels.WARN).toBe(warn);
    expect(block.proposedTotal).toBe(warn);
    expect(block.events.filter((e) => e.proposed).every((e) => e.level === 'WARN')).toBe(true);
    expect(block.events[0].text).toMatch(/^level=info msg="/);
  });

  it('knows the common time stamps and levels; stack traces between lines are counted, not timed', async () => {
    const text = [
      '2026-11-27 22:40:09,246 ERROR [main] c.e.OrderService - export failed',
      'java.lang.IllegalStateException: queue full',
      '\tat c.e.Queue.push(Queue.java:42)',
      '[2026-11-27T22:40:10.000+01:00] WARN pool exhausted',
      '{"time":"2026-11-27T22:40:11Z","level":"info","msg":"ok"}',
      '{"ts":1795819212.5,"level":"error","msg":"db timeout"}',
      'time=2026-11-27T22:40:13Z level=info msg="request took 2s, deadline exceeded"',
      '{"log":"2026-11-27T22:40:14.100Z INFO container killed by the OOM killer\\n","stream":"stderr","time":"2026-11-27T22:40:14.200Z"}',
    ].join('\n');
    const { block } = await parseAppLog(src('app.log', `${text}\n`));
    expect(block.lines).toBe(8);
    expect(block.timedLines).toBe(6);
    const at = block.events.map((e) => [e.line, new Date(e.t).toISOString(), e.level ?? '', e.proposed]);
    expect(at).toEqual([
      [1, '2026-11-27T22:40:09.246Z', 'ERROR', true],
      [4, '2026-11-27T21:40:10.000Z', 'WARN', true],
      [5, '2026-11-27T22:40:11.000Z', 'INFO', false],
      [6, '2026-11-27T22:40:12.500Z', 'ERROR', true],
      [7, '2026-11-27T22:40:13.000Z', 'INFO', true], // "deadline exceeded"
      [8, '2026-11-27T22:40:14.100Z', 'INFO', true], // the application's clock, and "killed"
    ]);
  });

  it('proposes OOM, killed and timeout lines without a level', () => {
    expect(isProposed(undefined, 'fatal error: runtime: out of memory')).toBe(true);
    expect(isProposed(undefined, 'Killed process 4242 (orders)')).toBe(true);
    expect(isProposed(undefined, 'upstream request timed out')).toBe(true);
    expect(isProposed('INFO', 'served 200 requests')).toBe(false);
    expect(lineTime('no time here')).toBeUndefined();
  });

  it('reads a log cut in the middle of a line: keeps what is there and says where it stopped', async () => {
    const full = SAMPLE_APP_LOG;
    const cut = full.slice(0, full.length - 20);
    const bytes = enc.encode(cut);
    const lastNl = cut.lastIndexOf('\n');
    const r = await parseAppLog(bytesSource('app.log', bytes));
    expect(r.truncated).toBe(true);
    expect(r.truncatedAt).toBe(enc.encode(cut.slice(0, lastNl + 1)).length);
    const n = cut.split('\n').length;
    expect(r.warnings.join('\n')).toContain(`middle of line ${n} (byte ${r.truncatedAt})`);
    expect(r.block.lines).toBe(n);
    // every complete line is still there
    expect(r.block.timedLines).toBeGreaterThanOrEqual(n - 1);
  });

  it('names the file and the line when nothing in it is timestamped', async () => {
    const err = await parseAppLog(src('notes.txt', 'hello\nworld\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toBe(
      'notes.txt at line 2: expected an application log with timestamped lines (none of 2 line(s) starts with a date and time)',
    );
    const empty = await parseAppLog(src('empty.log', '')).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/^empty\.log at line 1: expected .*the file is empty/);
  });

  it('is sniffed last: a timestamped log is applog, a gctrace stays gctrace, prose stays unknown', () => {
    expect(sniff(enc.encode(SAMPLE_APP_LOG))).toBe('applog');
    const gctrace = readFileSync(join(__dirname, '../../../samples/go-leak/artifacts/gctrace.log'));
    expect(sniff(gctrace)).toBe('go-gctrace');
    const crash = readFileSync(join(__dirname, '../../../samples/go-leak/artifacts/crash.txt'));
    expect(sniff(crash)).toBe('goroutine-dump');
    expect(
      sniff(enc.encode('# Notes\n\nWe copied the files on Friday.\n2026-11-27 one date\n')),
    ).toBeUndefined();
  });

  it('opens through the engine with the log block and its last time as capturedAtMs', async () => {
    const { result } = await new Engine().open(src('stdout.log', SAMPLE_APP_LOG));
    expect(result.format).toBe('applog');
    expect(result.log?.timedLines).toBeGreaterThan(3);
    expect(result.capturedAtMs).toBe(result.log?.lastMs);
  });
});
