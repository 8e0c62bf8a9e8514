import type { FormatId } from '../../contract/inspect.ts';
import { testJsonOutput, unwrapLogLine } from '../core/log-prefix.ts';
import { detectTextEncoding, encodingLabel, headAsUtf8 } from '../core/text-encoding.ts';
import { readVarint } from '../core/varint.ts';
import { lineTime } from './applog/parse.ts';
import { JVM_COLLECTORS } from './gclog/jvm-collectors.ts';

/** How many leading bytes `sniff` wants to see. */
export const SNIFF_BYTES = 64 * 1024;

export const EXPECTED_FORMATS =
  'a Go heap dump ("go1.x heap dump"), a Java HPROF dump ("JAVA PROFILE 1.0.x"), a pprof profile ' +
  '(gzip, profile.proto or legacy text), a goroutine dump, a Go gctrace log, a JVM GC log, jstat -gc output or a Java ' +
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
  const enc = detectTextEncoding(head);
  // UTF-16 text (Windows consoles) is sniffed as the UTF-8 it is read as.
  if (enc.name !== 'utf-8') return sniffText(new TextDecoder('utf-8').decode(headAsUtf8(head, enc)));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (looksBinary(head)) return looksLikeProfileProto(head) ? 'pprof' : undefined;
  return sniffText(text);
}

/** True when the bytes are text (UTF-8 or UTF-16), not binary data. */
export function looksLikeText(head: Uint8Array): boolean {
  return detectTextEncoding(head).name !== 'utf-8' || !looksBinary(head);
}

/**
 * What a file no reader recognises looks like, for the error: "an ELF executable (…)", "UTF-16LE
 * text: …", "an IBM javacore: not supported" — so the user learns what they opened and what to do,
 * not just that it failed.
 */
export function describeUnknown(head: Uint8Array, inGzip = false): string {
  const what = describeContent(head);
  return inGzip ? `gzip of an unrecognised format (inside: ${what})` : what;
}

function describeContent(head: Uint8Array): string {
  if (head.length === 0) return 'an empty file';
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46)
    return 'an ELF executable (open it beside a Go heap dump to name its globals)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4)
    return 'a zip archive (unpack it and open the files inside)';
  const enc = detectTextEncoding(head);
  const utf8 = enc.name === 'utf-8' ? head.subarray(enc.bom) : headAsUtf8(head, enc);
  if (enc.name === 'utf-8' && looksBinary(utf8)) return `binary data starting ${hexBytes(head, 8)}`;
  const text = new TextDecoder('utf-8').decode(utf8);
  const what = describeText(text);
  return enc.name === 'utf-8' ? what : `${encodingLabel(enc)} text: ${what}`;
}

/**
 * A unified JVM logging line whatever its decorations (`uptime`, `pid,tid`, `hostname`, `level`, or
 * `none`): a collection's summary or the collector's start-up line.
 */
const JVM_UNIFIED_MESSAGE = new RegExp(
  String.raw`^(\[[^[\]]+\])* ?(GC\(\d+\) (Pause|Concurrent (Mark |Undo )?Cycle|Garbage Collection|Major Collection|Minor Collection)\b|Using (${JVM_COLLECTORS})\s*$)`,
);

/** Unified JVM logging decorated without level and tags (`-Xlog:gc:file=gc.log:uptime`). */
const JVM_LOG_UNTAGGED = new RegExp(String.raw`^(\[[^\]]+\] ?)*(Using (${JVM_COLLECTORS})\s*$|GC\(\d+\) )`);

/** The start of a JSON document (not `[0.006s] …` log decorations). */
const JSON_START = /^\s*(\{\s*("|\}|$)|\[\s*([{["\]]|$|-?\d[\d.eE+-]*\s*[,\]]|true\b|false\b|null\b))/;

function describeText(text: string): string {
  const lines = text
    .split('\n')
    .slice(0, 400)
    .map((l) => l.replace(/\r$/, ''));
  const first = lines.find((l) => l.trim() !== '') ?? '';
  // javacore tags: a digit (nesting level), then section and item letters
  if (
    lines.some((l) => /^(0SECTION|1TISIGINFO|1TIFILENAME|1XMTHDINFO|2XMFULLTHDDUMP|3XMTHREADINFO)\s/.test(l))
  )
    return 'an IBM javacore: not supported (take a HotSpot-style dump with jstack, or read the javacore with IBM TMDA)';
  if (lines.some((l) => JVM_LOG_UNTAGGED.test(unwrapLogLine(l).text)))
    return 'something that looks like a JVM log without level/tags (log with -Xlog:gc*:file=gc.log:time,uptime,level,tags)';
  if (JSON_START.test(first) && !first.startsWith('{"log":')) return 'JSON: not a format this reads';
  return `text starting ${quote(first)}`;
}

function quote(s: string): string {
  const t = s.trim();
  return JSON.stringify(t.length > 60 ? `${t.slice(0, 57)}...` : t);
}

function hexBytes(b: Uint8Array, n: number): string {
  return Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * pprof's other legacy text profiles: Java `--- heapz 1 ---`, `--- contentionz 1 ---` (Java and
 * gperftools), Go's debug=1 `--- contention:` (block) and `--- mutex:`, and `threadcreate profile:`.
 */
const LEGACY_TEXT_PROFILE =
  /^(--- (heapz|contentionz) \d+ ---\s*$|--- (contention|mutex):\s*$|threadcreate profile: total \d+\s*$)/;
/** VisualVM's `"main" - Thread t@1`. */
const VISUALVM_HEADER = /^".*" - Thread t@\d+\s*$/;
/** `ThreadInfo.toString()`: `"main" prio=5 Id=1 RUNNABLE`, JDK 8: `"main" Id=1 RUNNABLE`. */
const THREADINFO_HEADER =
  /^".*"(?: daemon)?(?: prio=\d+)? Id=\d+ (NEW|RUNNABLE|BLOCKED|WAITING|TIMED_WAITING|TERMINATED)\b/;

function sniffText(text: string): FormatId | undefined {
  const sample = text.split('\n').slice(0, 400);
  let goroutine = 0;
  let gctrace = 0;
  let jvmUnified = 0;
  let jdk8 = 0;
  let javaThreads = 0;
  for (const raw of sample) {
    const line = unwrapLogLine(raw.replace(/\r$/, '')).text;
    if (/^heap profile: *\d+: *\d+ *\[ *\d+: *\d+ *\] *@ *heap/.test(line)) return 'pprof-text';
    if (LEGACY_TEXT_PROFILE.test(line)) return 'pprof-text';
    if (/^\s*(Timestamp\s+)?S0C\s+S1C\s+S0U\s+S1U\s+EC\s+EU\s+OC\s+OU/.test(line)) return 'jstat';
    // jstat -gcutil: percent columns
    if (/^\s*(Timestamp\s+)?S0\s+S1\s+E\s+O\s+M\s+CCS\s+YGC\b/.test(line)) return 'jstat';
    // the other jstat GC options (-gcnew, -gcold, -gccause, -gccapacity …): a header of column names with YGC
    if (/^\s*(Timestamp\s+)?([A-Z][A-Z0-9]*\s+)*YGC(\s+[A-Z][A-Z0-9]*)*\s*$/.test(line)) return 'jstat';
    if (/goroutine profile: total \d+/.test(line)) return 'goroutine-dump';
    if (/^Full thread dump .*:\s*$/.test(line)) return 'java-thread-dump';
    if (/^".*" (?:#\d+ )?.*\btid=0x[0-9a-fA-F]+ nid=(?:0x[0-9a-fA-F]+|\d+)\b/.test(line)) javaThreads++;
    if (VISUALVM_HEADER.test(line) || THREADINFO_HEADER.test(line)) javaThreads++;
    // a header may be glued to text printed before it without a newline ("…stacksgoroutine 1 [running]:");
    // `go test -json` carries it in an output event
    const out = line.charCodeAt(0) === 123 ? testJsonOutput(line)?.text : undefined;
    if (/goroutine \d+ (gp=0x[0-9a-f]+ m=\S+ (mp=0x[0-9a-f]+ )?)?\[[^\]]+\]:\s*$/.test(out ?? line))
      goroutine++;
    if (/(^|\s)gc \d+ @\d+(\.\d+)?s \d+%: /.test(line)) gctrace++;
    if (/\[(gc|safepoint)[\w,\s]*\]/.test(line) && /^\[[^\]]+\]/.test(line.trim())) jvmUnified++;
    // -Xlog:gc:…:uptime (or pid, hostname, level … or none) without tags: only the message says it is GC output
    if (JVM_UNIFIED_MESSAGE.test(line)) jvmUnified++;
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
