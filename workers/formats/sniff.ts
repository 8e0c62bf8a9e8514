import { unwrapLogLine } from '../core/log-prefix.ts';
import { readVarint } from '../core/varint.ts';
import type { FormatId } from '../model/inspect.ts';
import { lineTime } from './applog/parse.ts';

/** How many leading bytes `sniff` wants to see. */
export const SNIFF_BYTES = 64 * 1024;

export const EXPECTED_FORMATS =
  'a Go heap dump ("go1.x heap dump"), a Java HPROF dump ("JAVA PROFILE 1.0.x"), a pprof profile ' +
  '(gzip or profile.proto), a goroutine dump, a Go gctrace log, a JVM GC log, jstat -gc output or a Java ' +
  'thread dump (jstack / jcmd Thread.print), or an application log with timestamped lines';

/**
 * Decides a file's format from its first bytes, never its name. Text formats are recognised
 * line by line so that log prefixes (timestamps, Docker JSON) in front of the payload do not hide it.
 */
export function sniff(head: Uint8Array): FormatId | undefined {
  const ascii = latin1(head.subarray(0, 32));
  if (/^go1\.\d+ heap dump\n/.test(ascii)) return 'go-heapdump';
  if (ascii.startsWith('JAVA PROFILE 1.0.')) return 'hprof';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pprof';
  if (isLegacyCpuProfile(head)) return 'pprof';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (looksBinary(head)) return looksLikeProfileProto(head) ? 'pprof' : undefined;
  return sniffText(text);
}

function sniffText(text: string): FormatId | undefined {
  const sample = text.split('\n').slice(0, 400);
  let goroutine = 0;
  let gctrace = 0;
  let jvmUnified = 0;
  let jdk8 = 0;
  let javaThreads = 0;
  for (const raw of sample) {
    const line = unwrapLogLine(raw.replace(/\r$/, '')).text;
    if (/^heap profile: \d+: \d+ \[\d+: \d+\] @ heap/.test(line)) return 'pprof-text';
    if (/^\s*(Timestamp\s+)?S0C\s+S1C\s+S0U\s+S1U\s+EC\s+EU\s+OC\s+OU/.test(line)) return 'jstat';
    if (/goroutine profile: total \d+/.test(line)) return 'goroutine-dump';
    if (/^Full thread dump .*:\s*$/.test(line)) return 'java-thread-dump';
    if (/^".*" (?:#\d+ )?.*\btid=0x[0-9a-fA-F]+ nid=(?:0x[0-9a-fA-F]+|\d+)\b/.test(line)) javaThreads++;
    if (/(^|\s)goroutine \d+ (gp=0x[0-9a-f]+ m=\S+ (mp=0x[0-9a-f]+ )?)?\[[^\]]+\]:\s*$/.test(line))
      goroutine++;
    if (/(^|\s)gc \d+ @\d+(\.\d+)?s \d+%: /.test(line)) gctrace++;
    if (/\[(gc|safepoint)[\w,\s]*\]/.test(line) && /^\[[^\]]+\]/.test(line.trim())) jvmUnified++;
    if (/^(\d{4}-\d\d-\d\dT[\d:.+-]+: )?\d+[.,]\d+: \[/.test(line)) jdk8++;
    if (/\[(GC|Full GC)[ (]/.test(line) || /\[(PSYoungGen|ParNew|DefNew|G1|GC pause)/.test(line)) jdk8++;
  }
  if (goroutine > 0) return 'goroutine-dump';
  if (javaThreads > 0) return 'java-thread-dump';
  if (gctrace > 0) return 'go-gctrace';
  if (jvmUnified > 0) return 'jvm-gclog';
  if (jdk8 > 0) return 'jvm-gclog';
  // Last, as a fallback: text whose lines mostly carry a timestamp is an application log.
  if (looksLikeAppLog(sample)) return 'applog';
  return undefined;
}

/** At least two timestamped lines, and at least a third of the non-empty lines (stack traces sit between). */
function looksLikeAppLog(sample: string[]): boolean {
  let nonEmpty = 0;
  let timed = 0;
  // the last sampled line may be cut by the sniff window
  for (const raw of sample.slice(0, -1)) {
    if (!raw.trim()) continue;
    nonEmpty++;
    if (lineTime(raw.replace(/\r$/, ''))) timed++;
  }
  return timed >= 2 && timed * 3 >= nonEmpty;
}

/**
 * The legacy binary CPU profile (gperftools, older Go and Java agents): a header of machine words
 * `0, 3, 0|1, period, 0`, 32- or 64-bit, little- or big-endian.
 */
function isLegacyCpuProfile(head: Uint8Array): boolean {
  if (head.length < 40) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (const little of [true, false]) {
    for (const wide of [false, true]) {
      const word = (i: number) =>
        wide ? Number(view.getBigUint64(i * 8, little)) : view.getUint32(i * 4, little);
      if (word(0) === 0 && word(1) === 3 && word(2) <= 1 && word(3) > 0 && word(4) === 0) return true;
    }
  }
  return false;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/**
 * profile.proto starts with field 1 (sample_type, length-delimited: 0x0a) or another small field
 * number of wire type 0 or 2. Check a few leading fields parse as a well-formed protobuf.
 */
function looksLikeProfileProto(head: Uint8Array): boolean {
  let p = 0;
  let fields = 0;
  while (p < head.length && fields < 8) {
    const key = readVarint(head, p);
    if (!key) return false;
    p = key.next;
    const field = Math.floor(key.value / 8);
    const wire = key.value & 7;
    if (field < 1 || field > 14) return false;
    if (wire === 0) {
      const v = readVarint(head, p);
      if (!v) return false;
      p = v.next;
    } else if (wire === 2) {
      const len = readVarint(head, p);
      if (!len) return false;
      p = len.next + len.value;
    } else return false;
    fields++;
  }
  return fields >= 2 || p >= head.length;
}
