/**
 * The collectors JDK 9+ names in its `Using …` start-up line, as a regular-expression alternation:
 * the reader and the sniffer both know a unified GC log by them. A module of its own so the sniffer
 * does not load the reader.
 */
export const JVM_COLLECTORS =
  'G1|Parallel|Serial|The Z Garbage Collector|Shenandoah|Concurrent Mark Sweep|Epsilon';
