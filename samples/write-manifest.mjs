#!/usr/bin/env node
// Writes <incident>/manifest.json from what the sample programs reported about
// themselves (facts known by construction) plus what can be read off the
// artifacts (sha256, bytes, goroutine totals). Called by samples/generate.sh;
// never edit a manifest by hand.
//
//   node write-manifest.mjs go   --dir DIR --service-facts F --crash-facts F --runtime S --built-at T
//   node write-manifest.mjs chain --dir DIR --facts F --runtime S --built-at T
//   node write-manifest.mjs java --dir DIR --oom-facts F --hprof-counts F --hprof-raw SHA:BYTES
//                                --runtime S --scale N --xmx-bytes N --threaddump-at T --jstat-end T
//   node write-manifest.mjs java-statics --dir DIR --build DIR --runtime S --scale N

import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [incident, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i += 2) {
  if (!rest[i].startsWith('--')) throw new Error(`bad argument ${rest[i]}`);
  opts[rest[i].slice(2)] = rest[i + 1];
}
const need = (k) => {
  if (opts[k] === undefined) throw new Error(`missing --${k}`);
  return opts[k];
};

const dir = need('dir');
const artifactsDir = join(dir, 'artifacts');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
// Chunked: scaled dumps are larger than a single Buffer may be.
function sha256(p) {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(8 << 20);
  const fd = openSync(p, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

function describeArtifact(file, kind, capturedAt, runtimeVersion, extra = {}) {
  const p = join(artifactsDir, file);
  if (!capturedAt) throw new Error(`no capturedAt for ${file}`);
  return {
    file: `artifacts/${file}`,
    kind,
    capturedAt,
    runtimeVersion,
    sha256: sha256(p),
    bytes: statSync(p).size,
    ...extra,
  };
}

// RFC 3339 with milliseconds, UTC.
const iso = (s) => new Date(s).toISOString();

function lastMatch(text, re) {
  let last = null;
  for (const m of text.matchAll(re)) last = m;
  return last;
}

/** Goroutine totals and states as printed in a debug=2 dump or a traceback. */
function goroutineStats(text) {
  const byState = {};
  let total = 0;
  for (const m of text.matchAll(/^goroutine \d+ \[([^\],]+)[^\]]*\]:$/gm)) {
    total++;
    byState[m[1]] = (byState[m[1]] ?? 0) + 1;
  }
  const count = (fn) => text.split(/\n\n/).filter((g) => g.includes(`\n${fn}(`)).length;
  return { total, byState, count };
}

function writeManifest(manifest) {
  const out = join(dir, 'manifest.json');
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(`[samples] wrote ${out}\n`);
}

function goManifest() {
  const svc = readJson(need('service-facts'));
  const crash = readJson(need('crash-facts'));
  const runtime = need('runtime').replace(/^go version /, '');
  const files = readdirSync(artifactsDir).sort();
  const artifacts = [];
  const phases = [];

  for (const ph of svc.phases) {
    const d2 = readFileSync(join(artifactsDir, `goroutines-${ph.phase}.debug2.txt`), 'utf8');
    const d1 = readFileSync(join(artifactsDir, `goroutines-${ph.phase}.debug1.txt`), 'utf8');
    const st = goroutineStats(d2);
    const d1Total = Number(/^goroutine profile: total (\d+)$/m.exec(d1)?.[1]);
    if (st.count('main.exportWorker') !== ph.leakedExportWorkers)
      throw new Error(
        `phase ${ph.phase}: ${st.count('main.exportWorker')} exportWorker stacks, expected ${ph.leakedExportWorkers}`,
      );
    if (st.count('main.convoyWaiter') !== ph.convoyWaiters)
      throw new Error(`phase ${ph.phase}: convoyWaiter count mismatch`);
    if (d1Total !== st.total)
      throw new Error(`phase ${ph.phase}: debug=1 total ${d1Total} != debug=2 count ${st.total}`);
    phases.push({
      phase: ph.phase,
      capturedAt: ph.capturedAt,
      ordersCached: ph.ordersCached,
      leakedExportWorkers: ph.leakedExportWorkers,
      convoyWaiters: ph.convoyWaiters,
      totalGoroutines: st.total,
      goroutinesByState: st.byState,
      liveOrderHeapObjects: ph.ordersCached * svc.heapObjectsPerOrder,
      files: Object.keys(ph.files).map((f) => `artifacts/${f}`),
    });
  }

  const crashText = readFileSync(join(artifactsDir, 'crash.txt'), 'utf8');
  const crashStats = goroutineStats(crashText);
  if (!crashText.startsWith(`${crash.message}\n`))
    throw new Error('crash.txt does not start with the panic message');
  if (crashStats.count('main.exportWorker') !== crash.leakedExportWorkers)
    throw new Error('crash: exportWorker count mismatch');

  const gctrace = readFileSync(join(artifactsDir, 'gctrace.log'), 'utf8');
  const stamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /gm;
  const firstStamp = stamp.exec(gctrace)?.[1];
  const lastStamp = lastMatch(gctrace, /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /gm)?.[1];
  const gcLines = [...gctrace.matchAll(/^\S+ gc (\d+) @/gm)];
  const forced = [...gctrace.matchAll(/^\S+ gc \d+ @.*\(forced\)$/gm)].length;

  const fullDump = statSync(join(artifactsDir, 'heapdump-3.bin')).size;
  for (const f of files) {
    if (f === 'go-leak') {
      artifacts.push(
        describeArtifact(f, 'go-binary', need('built-at'), runtime, {
          note: 'the service binary that wrote every artifact here (ELF with its symbol table; DWARF stripped with -ldflags=-w; built with -trimpath); maps heap-dump data/bss addresses to globals such as main.orderCache',
        }),
      );
    } else if (f === 'gctrace.log') {
      artifacts.push(
        describeArtifact(f, 'go-gctrace', lastStamp, runtime, {
          startsAt: firstStamp,
          endsAt: lastStamp,
          processStart: svc.processStart,
          gcCycles: gcLines.length,
          forcedCycles: forced,
          linePrefix:
            'RFC 3339 UTC timestamp with milliseconds, then a space (added by the supervising parent as each stderr line arrived)',
          note: 'stderr of the service: gctrace=1 lines mixed with logfmt application log lines',
        }),
      );
    } else if (/^goroutines-(\d)\.debug([12])\.txt$/.test(f)) {
      const m = /^goroutines-(\d)\.debug([12])\.txt$/.exec(f);
      const ph = svc.phases.find((p) => p.phase === Number(m[1]));
      artifacts.push(
        describeArtifact(f, 'goroutine-dump', ph.files[f], runtime, {
          format: `debug=${m[2]}`,
          phase: ph.phase,
        }),
      );
    } else if (/^heap-(\d)\.pb\.gz$/.test(f)) {
      const m = /^heap-(\d)\.pb\.gz$/.exec(f);
      const ph = svc.phases.find((p) => p.phase === Number(m[1]));
      artifacts.push(
        describeArtifact(f, 'pprof', ph.files[f], runtime, {
          format: 'profile.proto (gzip)',
          profile: 'heap',
          phase: ph.phase,
        }),
      );
    } else if (/^heap-(\d)\.debug1\.txt$/.test(f)) {
      const m = /^heap-(\d)\.debug1\.txt$/.exec(f);
      const ph = svc.phases.find((p) => p.phase === Number(m[1]));
      artifacts.push(
        describeArtifact(f, 'pprof', ph.files[f], runtime, {
          format: 'legacy text (debug=1)',
          profile: 'heap',
          phase: ph.phase,
        }),
      );
    } else if (f === 'heapdump-3.bin') {
      artifacts.push(
        describeArtifact(f, 'go-heapdump', svc.heapDump.capturedAt, runtime, { phase: 3, truncated: false }),
      );
    } else if (f === 'heapdump-3.truncated.bin') {
      artifacts.push(
        describeArtifact(f, 'go-heapdump', svc.heapDump.capturedAt, runtime, {
          phase: 3,
          truncated: true,
          truncatedFrom: 'artifacts/heapdump-3.bin',
          originalBytes: fullDump,
          note: 'first 60% of the bytes of heapdump-3.bin (head -c), as a full disk or a kill mid-write leaves a dump',
        }),
      );
    } else if (f === 'crash.txt') {
      artifacts.push(
        describeArtifact(f, 'crash-traceback', crash.capturedAt, runtime, { gotraceback: 'all' }),
      );
    } else {
      throw new Error(`unexpected artifact ${f}`);
    }
  }

  writeManifest({
    incident: 'go-leak',
    title: 'Go order service: unbounded cache, leaked export workers, mutex convoy',
    generatedBy: 'bash samples/generate.sh',
    scale: svc.scale,
    artifacts,
    facts: {
      goVersion: svc.goVersion,
      gomemlimitBytes: svc.gomemlimitBytes,
      godebug: svc.godebug,
      memProfileRate: svc.memProfileRate,
      processStart: svc.processStart,
      globalVariable: svc.globalVariable,
      functions: svc.functions,
      mutexWaitState: 'semacquire',
      bytesPerOrderPayload: svc.bytesPerOrderPayload,
      lineItemsPerOrder: svc.lineItemsPerOrder,
      historyEventsPerOrder: svc.historyEventsPerOrder,
      heapObjectsPerOrder: svc.heapObjectsPerOrder,
      stackHeldSliceBytes: svc.stackHeldSliceBytes,
      phases,
      heapDump: {
        file: 'artifacts/heapdump-3.bin',
        capturedAt: svc.heapDump.capturedAt,
        ordersCached: phases.at(-1).ordersCached,
        liveOrderHeapObjects: phases.at(-1).liveOrderHeapObjects,
        memStatsHeapObjects: svc.heapDump.heapObjectsAtDump,
        memStatsHeapAllocBytes: svc.heapDump.heapAllocBytesAtDump,
        numGCBeforeDump: svc.heapDump.numGCBeforeDump,
        forcedGCJustBefore: true,
      },
      crash: {
        message: crash.message,
        capturedAt: crash.capturedAt,
        panickingFunction: crash.panickingFunction,
        ordersCached: crash.ordersCached,
        leakedExportWorkers: crash.leakedExportWorkers,
        convoyWaiters: crash.convoyWaiters,
        totalGoroutines: crashStats.total,
        goroutinesByState: crashStats.byState,
      },
    },
  });
}

function javaManifest() {
  const oom = readJson(need('oom-facts'));
  const counts = readJson(need('hprof-counts'));
  const [rawSha, rawBytes] = need('hprof-raw').split(':');
  const runtime = need('runtime');
  const files = readdirSync(artifactsDir).sort();
  const C = counts.counts;
  const agg = C['com.example.order.domain.OrderAggregate'];
  const bis = C['java.io.BufferedInputStream'];
  if (agg !== oom.orderAggregateCount)
    throw new Error(
      `hprof has ${agg} OrderAggregate instances, the program reported pending.size()=${oom.orderAggregateCount}`,
    );
  if (counts.heldBy.pointingAtTarget !== agg)
    throw new Error('not every OrderAggregate.attachment is a BufferedInputStream');

  const gclog = readFileSync(join(artifactsDir, 'gc.log'), 'utf8');
  const decoTime = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})([+-]\d\d)(\d\d)\]/gm;
  const times = [...gclog.matchAll(decoTime)].map((m) => iso(`${m[1]}${m[2]}:${m[3]}`));
  const pauses = [...gclog.matchAll(/\]\[gc\s*\] GC\(\d+\) Pause (Young|Full|Remark|Cleanup)/gm)];
  const fullGcs = pauses.filter((m) => m[1] === 'Full').length;

  const jstat = readFileSync(join(artifactsDir, 'jstat.txt'), 'utf8');
  const jstatRows = jstat.split('\n').filter((l) => /^\s*\d/.test(l)).length;

  const tdText = readFileSync(join(artifactsDir, 'threaddump.txt'), 'utf8');
  const threadState = (name) =>
    new RegExp(`^"${name}"[^\\n]*\\n\\s+java.lang.Thread.State: (\\S+)`, 'm').exec(tdText)?.[1];
  const threads = {};
  for (const name of [
    'main',
    'ledger-flush',
    'ledger-writer-1',
    'ledger-writer-2',
    'export-retry-scheduler',
    'order-export-worker-1',
    'order-export-worker-2',
    'order-export-worker-3',
    'order-export-worker-4',
  ]) {
    threads[name] = threadState(name) ?? null;
  }

  const hprofAt = counts.timestamp;
  const artifacts = [];
  for (const f of files) {
    if (f === 'heap.hprof.gz' || f === 'heap.hprof') {
      const gz = f.endsWith('.gz');
      artifacts.push(
        describeArtifact(f, 'hprof', hprofAt, runtime, {
          ...(gz
            ? { compression: 'gzip', uncompressedBytes: Number(rawBytes), uncompressedSha256: rawSha }
            : {}),
          format: counts.format,
          idSize: counts.idSize,
          note: 'written by the JVM itself at the first OutOfMemoryError (-XX:+HeapDumpOnOutOfMemoryError); no GC runs before such a dump',
        }),
      );
    } else if (f === 'gc.log') {
      artifacts.push(
        describeArtifact(f, 'jvm-gclog', times.at(-1), runtime, {
          startsAt: times[0],
          endsAt: times.at(-1),
          decorations: 'time,uptime,level,tags',
          collector: 'G1',
          pauseEvents: pauses.length,
          fullGcPauses: fullGcs,
        }),
      );
    } else if (f === 'jstat.txt') {
      artifacts.push(
        describeArtifact(f, 'jstat', need('jstat-end'), runtime, {
          command: 'jstat -gc -t <pid> 200ms',
          rows: jstatRows,
        }),
      );
    } else if (f === 'threaddump.txt') {
      artifacts.push(
        describeArtifact(f, 'thread-dump', need('threaddump-at'), runtime, {
          command: 'jcmd <pid> Thread.print',
        }),
      );
    } else {
      throw new Error(`unexpected artifact ${f}`);
    }
  }

  writeManifest({
    incident: 'java-oom',
    title:
      'Java order export: OrderAggregate and unclosed BufferedInputStream pile up in a static list until OutOfMemoryError',
    generatedBy: 'bash samples/generate.sh',
    scale: Number(need('scale')),
    artifacts,
    facts: {
      javaVersion: oom.javaVersion,
      javaRuntimeVersion: oom.javaRuntimeVersion,
      vmName: oom.vmName,
      collector: 'G1',
      xmxBytes: Number(need('xmx-bytes')),
      maxMemoryBytes: oom.maxMemoryBytes,
      oomAt: hprofAt,
      oomCaughtAt: iso(oom.oomAt),
      oomMessage: oom.oomMessage,
      staticField: 'com.example.order.OrderExportService.pending',
      leakingClass: 'com.example.order.domain.OrderAggregate',
      orderAggregateCount: agg,
      bufferedInputStreamCount: bis,
      bufferedInputStreamsHeldByOrderAggregates: counts.heldBy.pointingAtTarget,
      otherBufferedInputStreams: bis - counts.heldBy.pointingAtTarget,
      otherBufferedInputStreamsNote: 'System.in is a java.io.BufferedInputStream',
      byteArrayInputStreamCount: C['java.io.ByteArrayInputStream'],
      lineItemCount: C['com.example.order.domain.OrderAggregate$LineItem'],
      lineItemsHeldByPendingOrders: agg * 3,
      lineItemCountNote:
        "lineItemCount is every LineItem instance in the dump; any beyond 3 per pending order belong to the order being built when the OutOfMemoryError was thrown (still referenced from the main thread's frames, since no GC precedes the dump)",
      lineItemsPerOrder: 3,
      documentBytesPerOrder: 6144,
      bufferedInputStreamBufferBytes: 8192,
      ordersCreated: oom.ordersCreated,
      exportFailures: oom.exportFailures,
      exportFailureRule: 'orderId % 5 != 0 fails (4 of 5 orders)',
      hprofInstances: counts.instances,
      emergencyReserve: {
        field: 'com.example.order.OrderExportService.reserve',
        bytes: Math.min(2 ** 31 - 9, Math.max(2 ** 20, Math.floor(oom.maxMemoryBytes / 32))),
        note: 'a byte[] of maxMemory/32, still referenced when the dump was written; nulled in the catch block afterwards',
      },
      threadDump: {
        capturedAt: need('threaddump-at'),
        threadStates: threads,
        monitorHeldBy: 'ledger-flush',
        blockedOnMonitor: ['ledger-writer-1', 'ledger-writer-2'],
      },
    },
  });
}

function chainManifest() {
  const facts = readJson(need('facts'));
  const runtime = need('runtime').replace(/^go version /, '');
  const files = readdirSync(artifactsDir).sort();
  if (files.join() !== 'heapdump.bin') throw new Error(`unexpected artifacts ${files.join(', ')}`);
  const dump = readFileSync(join(artifactsDir, 'heapdump.bin'));
  if (dump.subarray(0, 16).toString('latin1') !== 'go1.7 heap dump\n')
    throw new Error('heapdump.bin does not start with "go1.7 heap dump"');
  writeManifest({
    incident: 'go-chain',
    title: 'Go: a 4,096-deep linked list and a map, each held by a global',
    generatedBy: 'bash samples/generate.sh --only chain',
    scale: 1,
    artifacts: [
      describeArtifact('heapdump.bin', 'go-heapdump', iso(facts.capturedAt), runtime, { truncated: false }),
    ],
    facts: {
      goVersion: facts.goVersion,
      builtAt: iso(need('built-at')),
      binary:
        'not committed: go build -trimpath -ldflags=-w in samples/go-chain (generate.sh leaves it in samples/.build)',
      chainGlobal: facts.chainGlobal,
      chainLength: facts.chainLength,
      chainNodeBytes: facts.chainNodeBytes,
      chainPayloadBytes: facts.chainPayloadBytes,
      chainRetainedBytes: facts.chainLength * (facts.chainNodeBytes + facts.chainPayloadBytes),
      mapGlobal: facts.mapGlobal,
      mapEntries: facts.mapEntries,
      mapValueBytes: facts.mapValueBytes,
      memStatsHeapObjects: facts.memStatsHeapObjects,
      memStatsHeapAllocBytes: facts.memStatsHeapAllocBytes,
      forcedGCJustBefore: facts.forcedGCJustBefore,
    },
  });
}

/** samples/java-statics: a live dump and a dump taken after the in-flight map was dropped. */
function javaStaticsManifest() {
  const build = need('build');
  const runtime = need('runtime');
  const scale = Number(need('scale'));
  const artifacts = [];
  const dumps = {};
  for (const mode of ['live', 'dropped']) {
    const facts = readJson(join(build, `${mode}.facts.json`));
    const counts = readJson(join(build, `heap-${mode}.counts.json`));
    const [rawSha, rawBytes] = readFileSync(join(build, `heap-${mode}.raw`), 'utf8')
      .trim()
      .split(':');
    const C = counts.counts;
    const orders = C['com.example.statics.OrderAggregate'];
    const records = C['com.example.statics.AuditTrail$AuditRecord'];
    if (mode === 'live' && orders !== facts.inFlightExports)
      throw new Error(
        `live dump has ${orders} OrderAggregate, IN_FLIGHT_EXPORTS.size() was ${facts.inFlightExports}`,
      );
    if (mode === 'live' && records !== facts.auditRingFilled)
      throw new Error(`live dump has ${records} AuditRecord, the ring held ${facts.auditRingFilled}`);
    if (mode === 'dropped' && orders < facts.inFlightBeforeDrop)
      throw new Error(
        `dropped dump has ${orders} OrderAggregate, fewer than the ${facts.inFlightBeforeDrop} dropped`,
      );
    const file = scale === 1 ? `heap-${mode}.hprof.gz` : `heap-${mode}.hprof`;
    artifacts.push(
      describeArtifact(file, 'hprof', iso(counts.timestamp), runtime, {
        ...(scale === 1
          ? { compression: 'gzip', uncompressedBytes: Number(rawBytes), uncompressedSha256: rawSha }
          : {}),
        format: 'JAVA PROFILE 1.0.2',
        command:
          mode === 'live'
            ? 'jcmd <pid> GC.heap_dump FILE'
            : 'jmap -dump:format=b,file=FILE <pid> (no live: no GC first)',
      }),
    );
    dumps[mode] = {
      file: `artifacts/${file}`,
      ...facts,
      orderAggregatesInDump: orders,
      auditRecordsInDump: records,
      concurrentHashMapNodesInDump: C['java.util.concurrent.ConcurrentHashMap$Node'],
    };
  }
  writeManifest({
    incident: 'java-statics',
    title:
      'Java export service: timed-out exports pile up in a static ConcurrentHashMap held through the application class loader',
    generatedBy: 'bash samples/generate.sh --only java-statics',
    scale,
    artifacts,
    facts: {
      leakingField: 'com.example.statics.OrderExportService.IN_FLIGHT_EXPORTS',
      leakingFieldType: 'java.util.concurrent.ConcurrentHashMap',
      leakingClass: 'com.example.statics.OrderAggregate',
      secondField: 'com.example.statics.AuditTrail.RING',
      secondFieldType: 'com.example.statics.AuditTrail$AuditRecord[]',
      secondClass: 'com.example.statics.AuditTrail$AuditRecord',
      thirdField: 'com.example.statics.CustomerNames.NAMES',
      thirdFieldType: 'java.util.HashMap',
      mainClass: 'com.example.statics.Main',
      heldThrough:
        'jdk.internal.loader.ClassLoaders$AppClassLoader (JNI global) → classes → the classes holding the statics',
      completionRule: 'every 20th export completes and leaves the map; the others time out and stay',
      live: dumps.live,
      dropped: {
        ...dumps.dropped,
        note: 'IN_FLIGHT_EXPORTS was cleared before the dump, written without a GC: the dropped orders are unreachable but still in the file',
      },
    },
  });
}

if (incident === 'go') goManifest();
else if (incident === 'chain') chainManifest();
else if (incident === 'java') javaManifest();
else if (incident === 'java-statics') javaStaticsManifest();
else {
  process.stderr.write('usage: node write-manifest.mjs go|chain|java|java-statics --dir DIR ...\n');
  process.exit(2);
}
