/**
 * Sentences the engine writes for people (suspect titles, timeline event labels, projection
 * reasons, parser warnings) as message descriptors: a key into {@link MESSAGES} plus parameters.
 * The engine keeps writing the English text beside each descriptor (the CLI, `pmwb.inspect/1` and
 * the Markdown export read that text); the UI formats the descriptor with its own language's
 * template (renderer/src/i18n/engine-zh.ts) and its own number formatter.
 *
 * Templates: `{name}` inserts a parameter; `{name|fmt}` formats a number (see {@link NumberFormat}).
 * A parameter may itself be a message (an optional clause: pass `''` when it is absent).
 * Strings from the evidence (class, function, file names, states) are always parameters, never
 * part of a template, so a translation never has to touch them and a view can show them as data.
 */
import type { MessageRef } from '../../contract/inspect.ts';
import { formatBytes, formatCount, formatMs, formatPercent } from './format-number.ts';
import { MESSAGES_ZH } from './messages-zh.ts';

/** How a number parameter is written: `count` 1,234; `bytes` 1.50 MiB; `ms` 12.5 ms / 4.60 s; `pct` 12.6 %. */
export type NumberFormat = 'count' | 'bytes' | 'ms' | 'pct' | 'mib1' | 'mib2' | 'ms1' | 'fixed1' | 'fixed2';

/** English templates, one per key. The renderer's zh-CN catalog has a template for every key. */
export const MESSAGES = {
  // goroutine dumps (workers/formats/goroutines)
  'goroutines/neverWakesTitle': '{count} goroutine{s} in {where} wait on "{state}"',
  'goroutines/neverWakesExplanation':
    '"{state}" can never complete: {why}. Each such goroutine and everything its stack references is leaked{wait}{created}.',
  'goroutines/whySelect': 'a select with no cases blocks forever',
  'goroutines/whyNilChannel': 'nothing can ever send on or receive from a nil channel',
  'goroutines/waitMinutes': ' for {minutes} minutes',
  'goroutines/createdBy': ', started by {createdBy} ({location})',
  'goroutines/mutexTitle': '{count} goroutines queue on a mutex in {where} ("{state}"{lock})',
  'goroutines/semaphoreTitle': '{count} goroutines queue on a semaphore in {where} ("{state}")',
  'goroutines/blockedTitle': '{count} goroutines blocked in {where} ("{state}")',
  'goroutines/pileupExplanation':
    '{count} goroutines ({share|pct} of {total}) share one stack and wait on "{state}"{wait}{created}. {advice}{stdlib}',
  'goroutines/adviceUnknown':
    'debug=1 records no states or wait times; open a debug=2 dump to see what they wait on.',
  'goroutines/adviceLock':
    'A lock convoy: one holder is slow or stuck and every new caller queues behind it.',
  'goroutines/adviceIo': 'Many idle connections or readers; check for clients that never close them.',
  'goroutines/adviceChannel':
    'Goroutines that pile up on the same blocking operation are the classic leak: a sender, receiver or Done() that never comes.',
  'goroutines/adviceStdlib': ' (standard-library stack: often benign pooling)',
  'goroutines/growing': '{function} ("{state}") went {steps} across {dumps} dumps{monotonic}{created}.',
  'goroutines/growingMonotonic': ', growing at every step',
  'goroutines/growingCreatedBy': '; started by {createdBy}',

  // GC logs: the projection to the memory limit (workers/formats/gclog/analysis.ts)
  'gc/reasonFewPoints': 'fewer than 3 heap points to fit',
  'gc/reasonNoLimit': 'no limit: enter one (GOMEMLIMIT, -Xmx or the container limit)',
  'gc/reasonReached': 'the heap already reached the limit',
  'gc/reasonNotRising': 'the heap trend is not rising',
  'gc/reasonFit':
    'least-squares fit of {basis} heap over {n} points, R² {r2|fixed2}; extrapolated {ahead|fixed1}× the fitted span',
  'gc/basisLive': 'live',
  'gc/basisAfterFull': 'after-full',
  'gc/basisAfterGc': 'after-gc',

  // heap dumps, any runtime (workers/graph/summary.ts)
  'heap/objectTitle': '{holder} retains {bytes|bytes} ({percent} % of the reachable heap)',
  'heap/objectDescription': 'One {type} object, held from {root}, keeps {bytes|bytes} alive.{accumulation}',
  'heap/objectAccumulation':
    ' The memory accumulates in {point}, which dominates {kids|count} objects ({pointBytes|bytes}).',
  'heap/groupTitle': '{count|count} objects of {grouping} {group} retain {bytes|bytes} ({percent} %)',
  'heap/groupDescription':
    'Many objects of the same {grouping} together keep {bytes|bytes} alive ({shallow|bytes} of their own). Look at who holds them: open the group and follow paths to GC roots.',

  // Java heap dumps (workers/formats/hprof)
  'hprof/staticTitle': 'static {holder} ({holderType}) retains {bytes|bytes} ({percent} %){what}',
  'hprof/objectTitle': '{holder} retains {bytes|bytes} ({percent} %){what}',
  'hprof/titleWhat': ': {count|count} {type}{values}',
  'hprof/titleValues': ' values',
  'hprof/descriptionOne':
    '{count|count} instance of `{type}` held by `{holderType}`{where} retain {bytes|bytes} ({percent} %).',
  'hprof/descriptionMany':
    '{count|count} instances of `{type}` held by `{holderType}`{where} retain {bytes|bytes} ({percent} %).',
  'hprof/descriptionHolder': 'One `{holderType}`{where} retains {bytes|bytes} ({percent} %).',
  'hprof/whereStatic': ' in static field `{field}`',
  'hprof/whereRoot': ' from GC root {root}',
  'hprof/typeGroupTitle': '{count|count} objects of type {type} retain {bytes|bytes} ({percent} %)',
  'hprof/unreachableTitle':
    '{unreachable|bytes} of {total|bytes} ({percent} %) in this dump is unreachable: {big}',
  'hprof/unreachableDescription':
    'Only {reachable|bytes} is reachable from the GC roots; the rest is garbage that the next GC would free. That happens when the dump was written without a full GC first: -XX:+HeapDumpOnOutOfMemoryError, `jmap -dump` without `live`, `jcmd GC.heap_dump -all`. What is big among the unreachable objects is what the program allocated and dropped just before the dump (allocation pressure, a buffer or batch too large), not what it keeps. If the heap was full of live data, roots are missing from the dump (a truncated file, or a JVM that did not write them all): then the unreachable objects are the live ones. Percentages of suspects are of the reachable heap only.',
  'hprof/unclosedOne':
    '{count|count} `{type}` is still open, held by `{owner}`: nothing closed them (no try-with-resources / finally). They retain {bytes|bytes}.',
  'hprof/unclosedMany':
    '{count|count} `{type}` are still open, held by `{owner}`: nothing closed them (no try-with-resources / finally). They retain {bytes|bytes}.',
  'hprof/convention':
    'VisualVM (jfluid heap) convention: instance = {instance}; array = align8({arrayHeader} + length × element size, references {oop} bytes); class objects = java.lang.Class instance size',
  'hprof/conventionClassDump': 'the CLASS DUMP instance size',
  'hprof/conventionAlign': 'align8({header}-byte header + fields, references {oop} bytes)',

  // Go heap dumps: MemStats cross-check (workers/formats/go-heapdump/handler.ts)
  'goheap/memStatsMatch': 'MemStats HeapObjects and HeapAlloc match the objects in the dump exactly.',
  'goheap/memStatsDiffer':
    'MemStats counts {msObjects|count} objects / {msBytes|mib2} (HeapAlloc); the dump holds {objects|count} objects / {bytes|mib2}. The dump lists every allocated slot of in-use spans at its size-class size, which includes garbage not yet swept; MemStats is updated at sweep time.',
  'goheap/memStatsUnreachable':
    '{objects|count} objects ({bytes|mib2}) are unreachable from every root: garbage that died since the last GC (call runtime.GC() before WriteHeapDump to leave them out). They are reported apart and not counted as retained.',

  // parser and analysis warnings (the `warnings` of `pmwb.inspect/1`)
  'gc/warnUnknownLines': '{count} line(s) not recognised as GC output, e.g. {examples}',
  'gc/warnBackToBack': 'back-to-back full GCs: {runs} run(s), the last of {count} collections',
  'gc/warnThrashing': 'GC thrashing: {count} stretch(es) with GC above 40% of the time',
  'goheap/warnDangling': '{count|count} pointers into the heap range point at no object in the dump{why}',
  'goheap/danglingTruncated': ' (their targets are past the truncation point)',
  'goheap/danglingUnswept': ' (freed or unswept slots)',
  'goheap/warnTruncated':
    'the dump is truncated: it stops at byte {at} of {size} in the middle of a record, before the end-of-dump record; {objects|count} objects were read{noRoots}',
  'goheap/truncatedNoRoots': ' and no roots (goroutines, globals) — so every object shows as unreachable',
  'hprof/warnDangling': '{count} references point at objects that are not in the dump (ignored).',
  'hprof/warnUnresolvedRoots': '{count} GC roots name objects that are not in the dump.',
  'hprof/warnGzip':
    'The dump is gzip-compressed: values for the inspector come from one extra decompression pass (strings, threads, stream holders kept), other reads re-inflate it.',
  'hprof/warnUnclosed': 'Unclosed resources: {description}',
  'hprof/warnTruncated':
    'The dump ends inside {what} at byte {at}: showing what was read before it (truncated).',
  'hprof/inRecordHeader': 'a record header',
  'hprof/inRecord': 'a record (tag 0x{tag}, {len} bytes)',
  'hprof/inGzip': 'the gzip stream',
  'hprof/inPrimitiveArray': 'a primitive array',
  'hprof/inSegment': 'a HEAP DUMP SEGMENT',
  'hprof/inSubRecord': 'a heap dump sub-record',
  'hprof/warnMissingClass':
    '{count} instances have a class that is not in the dump; their references are unknown.',
  'hprof/warnLayoutMismatch': "{count} instances have a data size that differs from their class's fields.",
  'goheap/warnEmptyRange': 'the params record gives an empty heap range; pointers are not range-checked',
  'goheap/warnTrailing': '{bytes} bytes after the end-of-dump record were ignored',
  'goheap/warnNoParams': 'the dump has no params record: pointer size 8, little-endian assumed',
  'goheap/warnStripped': '{file} is stripped (no .symtab): globals keep their data/bss offsets',
  'goheap/warnOtherRoots': '{count} "other root" records (Go ≤ 1.4 runtimes) ignored',
  'goheap/warnNoMemStats': 'the dump has no MemStats record',

  // timeline events derived from the artifacts (workers/incident/timeline-sources.ts)
  'timeline/oom': 'Out of memory ({cause})',
  'timeline/gcPause': 'GC pause {pause|ms1}{cause}{live}',
  'timeline/gcFull': '{kind}{cause}, pause {pause|ms1}{live}',
  'timeline/kindFull': 'full',
  'timeline/cause': ' ({cause})',
  'timeline/live': ', live {bytes|mib1}',
  'timeline/heapDump': 'Heap dump {file}: {objects|count} objects, {reachable|mib1} reachable{truncated}',
  'timeline/truncated': ' (truncated)',
  'timeline/profile': 'Profile {file} ({types})',
  'timeline/memStats': 'MemStats {file}{heapAlloc}',
  'timeline/memStatsHeapAlloc': ': HeapAlloc {bytes|mib1}',
  'timeline/crash': 'Crash: {message} ({count} goroutines)',
  'timeline/goroutineDump': 'Goroutine dump {file}: {count} goroutines',
  'timeline/threadDump': 'Thread dump {file}: {count} threads{blocked}{deadlocks}',
  'timeline/blocked': ', {count} BLOCKED',
  'timeline/deadlockOne': ', {count} deadlock',
  'timeline/deadlockMany': ', {count} deadlocks',
  'timeline/seriesLiveHeap': 'Live heap ({file})',
  'timeline/seriesHeapGoal': 'Heap goal / capacity ({file})',
  'timeline/seriesGcPause': 'GC pause ({file})',
  'timeline/seriesMemStats': 'MemStats HeapAlloc ({file})',
  'timeline/seriesGoroutines': 'Goroutines',

  // Go heap dump suspects (workers/formats/go-heapdump/suspects.ts)
  'goheap/globalAt': 'global at {segment}',
  'goheap/frame': 'goroutine {goid} frame {func}',
  'goheap/goroutine': 'goroutine {goid}{func}',
  'goheap/goroutineFunc': ' ({func})',
  'goheap/where': '{segment}, address {address}',
  'goheap/hintBinary':
    'The dump has no variable names: open it with the service binary (its ELF symbol table, `pmwb inspect DUMP --binary BIN`, or drop the binary beside the dump) to name this global.',
  'goheap/andOtherRoots': '{holder} (and other roots)',
  'goheap/title': '{holder}{part} retains {bytes|bytes} ({share} % of the reachable heap)',
  'goheap/chainTitle':
    '{holder}{part}: linked chain of {length|count} objects ({shape}) retains {bytes|bytes} ({share} % of the reachable heap)',
  'goheap/heldByGlobal': 'Held by the global {global}{others}.',
  'goheap/globalHint': 'at {where}',
  'goheap/globalNamed': '{name} ({where})',
  'goheap/otherRoots': ' and other roots',
  'goheap/heldBy': 'Held by {holder}{frame}.',
  'goheap/frameNote': ' (a local variable or argument of that frame)',
  'goheap/object': 'a {bytes|count}-byte object at {address} (shape {shape}{site}{type})',
  'goheap/objectSite': ', allocated at {site}',
  'goheap/objectType': ', type {type}',
  'goheap/chainDescription':
    'A linked chain of {length|count} objects, each holding and dominating the next, from {head} to the object at {tail}: a list or queue that only grows. {heldBy}{hint}',
  'goheap/description': '{heldBy} {where}{hint}',
  'goheap/hint': ' {hint}',
  'goheap/heldDirectly': 'The memory is held directly by {label}, spread over {kids|count} objects.',
  'goheap/itself': 'The memory is {object} itself.',
  'goheap/accumulates':
    'The memory accumulates in {object}, which dominates {kids|count} objects ({bytes|bytes}).',
  'goheap/partOfFinding': '{description} Part of this finding: {q0}{q1}{q2}{q3}{q4}{more}.',
  'goheap/includedGroup': '{sep}{count|count} objects of {grouping} {group} retain {bytes|bytes}',
  'goheap/includesMore': '; and {count|count} more',

  // subjects the findings name in words rather than from the evidence (workers/incident/findings.ts)
  'finding/liveHeap': 'live heap',
  'finding/memoryLimit': 'memory limit',
  'finding/gcPause': 'GC pause',
  'finding/gcCpu': 'GC CPU',
  'finding/backToBackFull': 'back-to-back full GC',

  // goroutine dump warnings (workers/formats/goroutines/parse.ts)
  'goroutines/warnTruncated': 'truncated: {reason}',
  'goroutines/cutLine': 'line {line} is cut off (no newline at end of file): "{text}"',
  'goroutines/endsMidFrame': 'goroutine {id} (line {line}) ends in the middle of a frame',
  'goroutines/endsBeforeFrame': 'goroutine {id} (line {line}) ends before its first frame',
  'goroutines/endsBeforeTotal': 'the goroutine profile ends before its total',
  'goroutines/warnTotal': 'the profile says "total {declared}" but its groups add up to {total} goroutines',
  'goroutines/warnPartialOne': '{count} goroutine with an incomplete stack',
  'goroutines/warnPartialMany': '{count} goroutines with an incomplete stack',
  'goroutines/warnNoGoroutine':
    'no goroutine found: expected headers like "goroutine 1 [running]:" or "goroutine profile: total N"',
  'goroutines/warnUnknownStates': 'unknown goroutine state{s}: {q0}{q1}{q2}{q3}{q4}',
  'goroutines/stateAt': '{sep}"{state}" (line {line})',
  'goroutines/warnStray': '{count} unexpected line{s} inside goroutine stacks skipped ({q0}{q1}{q2})',
  'goroutines/expectFileLine': 'a file:line after a frame',
  'goroutines/expectCreatorFile': 'the file:line of a "created by" line',
  'goroutines/expectFrame': 'a frame, "created by" or a blank line',
  'goroutines/expectAncestor': 'an ancestor frame',
  'goroutines/expectPcFrame': 'a "#\\tpc\\tfunction\\tfile:line" frame',

  // quoted lines of a text file, in warnings of any format: `{q0}{q1}{q2}` of a warning, each
  // after a separator but the first (see quoteParams)
  'file/sep': '; ',
  'file/comma': ', ',
  'file/line': '{sep}line {line}: "{text}"',
  'file/lineJson': '{sep}line {line}: {text}',
  'file/lineExpected': '{sep}line {line}: expected {expected}, found "{text}"',
  'file/warnOutside': '{count} line{s} outside the dump skipped ({q0}{q1}{q2})',

  // Java thread dumps (workers/formats/jthreads/parse.ts)
  'jthreads/warnMoreDumps':
    'this file holds more than one thread dump; showing the first (line {first}), the next starts at line {next}',
  'jthreads/warnTruncated': 'truncated: {reason}',
  'jthreads/cutGzip': 'the gzip stream ends early or is corrupt',
  'jthreads/cutLine': 'line {line} is cut off (no newline at end of file): "{text}"',
  'jthreads/cutDeadlock': 'the deadlock report (line {line}) ends early',
  'jthreads/cutThread': 'thread "{name}" (line {line}) ends before its state line',
  'jthreads/cutBeforeFirst': 'the dump ends before its first thread',
  'jthreads/cutHistogram': 'the class histogram after the dump ends before its "Total" line',
  'jthreads/cutJni': 'the dump ends before the "JNI global refs" line that closes every HotSpot thread dump',
  'jthreads/warnNoThread':
    'no thread found: expected headers like "\\"main\\" #1 prio=5 os_prio=0 tid=0x… nid=0x… runnable"',
  'jthreads/warnStray': '{count} unexpected line{s} inside thread stacks skipped ({q0}{q1}{q2})',
  'jthreads/expectFrame': 'a frame ("at …"), a lock line ("- locked <0x…>") or a blank line',
  'jthreads/expectHeader': 'a thread header ("\\"name\\" #N … tid=0x… nid=0x…") or a blank line',
  'jthreads/warnPartial': '{count} thread{s} without a "java.lang.Thread.State:" line',

  // GC logs and jstat (workers/formats/gclog)
  'gc/warnRestarts': '{count} restart(s) of the process in this log',
  'gc/warnRestart':
    'line {line}: the process restarted (gc {n} after gc {last}); times continue from the previous run',
  'gc/warnGzipCut': 'the gzip stream ends early; read {bytes} bytes of log text',
  'gc/warnCutLine': 'the file ends mid-line at line {line} (byte {offset}); the last line is incomplete',
  'gc/warnDuplicates': '{count} duplicated event line(s) skipped',
  'gc/warnOpenEvent': 'the log ends inside a multi-line event; its last event is incomplete',
  'gc/warnAllocationStalls':
    '{count} allocation stall(s): application threads waited {totalMs|ms} in all for the collector to free memory, the longest {maxMs|ms}',
  'gc/warnHeapBlocksOnly':
    '{count} collection(s) are known only from their heap before/after blocks (logged with gc+heap=debug, without the gc tag): their pause times are not in the log and count as 0; log with -Xlog:gc*',
  'gc/warnNoClock':
    'the lines carry no time (logged without a time or uptime decoration): every event is at 0 and rates, throughput and the projection cannot be worked out; log with -Xlog:gc*:file=gc.log:time,uptime,level,tags',
  'jstat/warnGcutil':
    'line {line}: jstat -gcutil gives the spaces as percentages: collections and pause times, no heap sizes',
  'jstat/warnMissingColumns':
    'line {line}: the jstat header lacks {columns}; those collections are not counted',
  'jstat/warnNoHeader':
    'no jstat -gc header line (S0C S1C S0U S1U EC EU OC OU …) or -gcutil header (S0 S1 E O M …) found',
  'jstat/warnNoTimestamp': 'no Timestamp column (jstat without -t): rows are assumed to be 1 s apart',

  // application logs (workers/formats/applog/parse.ts)
  'applog/warnBackwards':
    '{count} line(s) go back in time by more than a second (first at line {line}): several processes or clocks may write here',
  'applog/warnCut': 'the file ends in the middle of line {line} (byte {offset}): it was cut off',

  // pprof profiles (workers/formats/pprof)
  'pprof/warnGzipCut': 'The gzip stream ends early at byte {at}: the profile is cut off.',
  'pprof/warnProtoCut':
    'The profile.proto message is cut off at byte {at}{where}; decoded the {end} bytes before it.',
  'pprof/whereDecompressed': ' (offset in the decompressed data)',
  'pprof/warnPrune':
    "The profile's drop_frames/keep_frames pattern does not compile here; frames were not pruned.",
  'pprof/warnZeroSamples': '{count} sample(s) with a count of 0 skipped (pprof rejects them).',
  'pprof/warnUnknownLines': '{count} line(s) not understood as a {kind} profile, e.g. {q0}{q1}{q2}.',
  'pprof/zeroCountLine': '{sep}line {line}: {label} count was 0 but {label} bytes was {size}',
  'pprof/warnThreadTotal': 'The header says {declared} threads were created; the samples add up to {sum}.',
  'pprof/warnNoTrailer': 'The CPU profile ends without its trailer record at byte {at}: it may be cut off.',
  'pprof/warnGzipEarly': 'The gzip stream ends early at byte {at}.',
  'pprof/warnLastLine': 'The last line (byte {at}) has no newline: the profile looks cut off there.',
  'pprof/warnLastLineSamples':
    'The last line (byte {at}) has no newline: the profile looks cut off there; showing the {count} samples before it.',
  'pprof/warnSkippedTypes': 'Sample types only in one profile are not compared: {types}.',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof MESSAGES;

/** A finding's subject when the engine words it (the others are names from the evidence). */
export const FINDING_SUBJECTS: Readonly<Record<string, MessageKey>> = {
  'live heap': 'finding/liveHeap',
  'memory limit': 'finding/memoryLimit',
  'GC pause': 'finding/gcPause',
  'GC CPU': 'finding/gcCpu',
  'back-to-back full GC': 'finding/backToBackFull',
};

/** A parameter: a number (formatted by the reader), text from the evidence, or a nested message. */
export type MsgParam = string | number | MessageRef;

/**
 * Warnings as the engine keeps them: English text for the CLI and `pmwb.inspect/1`, and the
 * message of each, in the same order (the engine pairs them by text).
 */
export interface WarningSink {
  warnings: string[];
  warningMsgs: Msg[];
}

/** Adds a warning with its message: its English to `warnings`, the message to `warningMsgs`. */
export function warn(into: WarningSink, m: Msg, first = false): void {
  if (first) {
    into.warnings.unshift(english(m));
    into.warningMsgs.unshift(m);
  } else {
    into.warnings.push(english(m));
    into.warningMsgs.push(m);
  }
}

/**
 * Quoted items (lines of a file, states) as the parameters `q0`…`q{n-1}` of a warning: each
 * item's `{sep}` is empty for the first and `sep` (`; ` by default) for the others; missing
 * items are empty. Flat, so a warning with its quotes stays a few levels deep.
 */
export function quoteParams(
  items: readonly Msg[],
  n = 3,
  sep: MessageKey = 'file/sep',
): Record<string, MsgParam> {
  const out: Record<string, MsgParam> = {};
  for (let i = 0; i < n; i++) {
    const m = items[i];
    out[`q${i}`] = m ? { key: m.key, params: { ...m.params, sep: i === 0 ? '' : msg(sep) } } : '';
  }
  return out;
}

/** A sentence as data: which template, with which parameters. Plain JSON (structured-clone safe). */
export interface Msg extends MessageRef {
  key: MessageKey;
  params: Record<string, MsgParam>;
}

export function msg(key: MessageKey, params: Record<string, MsgParam> = {}): Msg {
  return { key, params };
}

/** Whether a value read back from JSON (an incident file) is a message this build knows. */
export function isMsg(v: unknown): v is MessageRef {
  if (!v || typeof v !== 'object') return false;
  const o = v as { key?: unknown; params?: unknown };
  return (
    typeof o.key === 'string' && Object.hasOwn(MESSAGES, o.key) && !!o.params && typeof o.params === 'object'
  );
}

/**
 * `warnings[i]`'s message, for each warning the engine wrote from one of `msgs` (matched by the
 * English text); undefined when none has one.
 */
export function warningMessages(
  warnings: string[],
  msgs: readonly Msg[] | undefined,
): (Msg | null)[] | undefined {
  if (!msgs?.length) return undefined;
  const byText = new Map(msgs.map((m) => [english(m), m]));
  const out = warnings.map((w) => byText.get(w) ?? null);
  return out.some((m) => m) ? out : undefined;
}

/** One piece of a formatted message: template text, or a parameter (with where it came from). */
export type MsgPart =
  | { kind: 'text'; text: string }
  | { kind: 'param'; name: string; text: string }
  | { kind: 'number'; name: string; text: string }
  | { kind: 'msg'; name: string; msg: MessageRef };

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(?:\|([a-z0-9]+))?\}/g;

/** The parameter names a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Splits `template` at its placeholders and fills them from `params`: numbers through
 * `formatNumber`, nested messages left for the caller (who formats them in the same language).
 * A missing parameter is left as its placeholder, so a broken template shows, never throws.
 */
export function fillTemplate(
  template: string,
  params: MessageRef['params'],
  formatNumber: (n: number, format: NumberFormat | undefined) => string,
): MsgPart[] {
  const out: MsgPart[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: template.slice(last, at) });
    last = at + m[0].length;
    const name = m[1];
    const v = params[name];
    if (typeof v === 'number')
      out.push({ kind: 'number', name, text: formatNumber(v, m[2] as NumberFormat) });
    else if (typeof v === 'string') out.push({ kind: 'param', name, text: v });
    else if (v && typeof v === 'object') out.push({ kind: 'msg', name, msg: v });
    else out.push({ kind: 'text', text: m[0] });
  }
  if (last < template.length) out.push({ kind: 'text', text: template.slice(last) });
  return out;
}

/** How the engine writes numbers in its English sentences (the CLI and the English export). */
export function englishNumber(n: number, format: NumberFormat | undefined): string {
  switch (format) {
    case 'count':
      return formatCount(n);
    case 'bytes':
      return formatBytes(n);
    case 'ms':
      return formatMs(n);
    case 'pct':
      return formatPercent(n);
    case 'mib1':
      return `${(n / 1048576).toFixed(1)} MiB`;
    case 'mib2':
      return `${(n / 1048576).toFixed(2)} MiB`;
    case 'ms1':
      return `${n.toFixed(1)} ms`;
    case 'fixed1':
      return n.toFixed(1);
    case 'fixed2':
      return n.toFixed(2);
    default:
      return String(n);
  }
}

/**
 * Formats a message with `templates` (English by default) and `formatNumber`. Nesting is bounded:
 * messages are built by the engine a level or two deep; deeper ones (a hostile file) are cut off.
 */
export function formatMsg(
  m: MessageRef,
  lookup: (key: string) => string | undefined = englishTemplate,
  formatNumber: (n: number, format: NumberFormat | undefined) => string = englishNumber,
  depth = 0,
): string {
  const template = lookup(m.key) ?? englishTemplate(m.key) ?? m.key;
  let s = '';
  for (const p of fillTemplate(template, m.params, formatNumber)) {
    // a nested message from a file (an incident saved elsewhere) may be anything: only known ones count
    if (p.kind === 'msg')
      s += depth < 4 && isMsg(p.msg) ? formatMsg(p.msg, lookup, formatNumber, depth + 1) : '';
    else s += p.text;
  }
  return s;
}

/** The English template of `key`, if the key exists. */
export function englishTemplate(key: string): string | undefined {
  return Object.hasOwn(MESSAGES, key) ? MESSAGES[key as MessageKey] : undefined;
}

/**
 * Numbers as people read them everywhere else (one formatter, human units): what a translation
 * uses, where the English keeps the engine's older spellings (`mib1`: one decimal of MiB).
 */
export function humanNumber(n: number, format: NumberFormat | undefined): string {
  switch (format) {
    case 'bytes':
    case 'mib1':
    case 'mib2':
      return formatBytes(n);
    case 'ms':
    case 'ms1':
      return formatMs(n);
    case 'pct':
      return formatPercent(n);
    case 'fixed1':
      return n.toFixed(1);
    case 'fixed2':
      return n.toFixed(2);
    default:
      return Number.isInteger(n) ? formatCount(n) : String(n);
  }
}

/**
 * An engine sentence in `lang` for a document the engine writes (the Chinese postmortem): the
 * Chinese template of its message; `english` — the text the engine wrote — for English, or when
 * there is no message (an incident saved before the sentence had one).
 */
export function localized(m: MessageRef | undefined, english: string, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en' || !isMsg(m)) return english;
  return formatMsg(m, (key) => (MESSAGES_ZH as Record<string, string>)[key], humanNumber);
}

/** The English sentence of a message (what the engine writes in its text fields). */
export function english(m: MessageRef): string {
  return formatMsg(m);
}
