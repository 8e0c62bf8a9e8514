/**
 * The message keys of the format readers' warnings that workers/formats/warning-messages.test.ts
 * reaches (the samples' own warnings are checked in workers/core/messages.test.ts).
 */
export const FORMAT_WARNING_KEYS = new RegExp(
  [
    '^(jthreads|jstat|pprof|applog|file)/',
    '^gc/(warnRestarts?|warnGzipCut|warnCutLine|warnDuplicates|warnOpenEvent|warnNoClock|warnAllocationStalls|warnHeapBlocksOnly)$',
    '^goroutines/(warnNoGoroutine|warnUnknownStates|stateAt|warnStray|expect\\w+)$',
    '^hprof/(warnTruncated|in\\w+|warnMissingClass|warnLayoutMismatch)$',
    '^goheap/(warnEmptyRange|warnTrailing|warnNoParams|warnStripped|warnOtherRoots|warnNoMemStats)$',
  ].join('|'),
);
