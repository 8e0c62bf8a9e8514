#!/bin/sh
# Captures VisualVM's retained size of OrderExportService.pending on the Java sample into
# workers/formats/hprof/testdata/visualvm-retained.json (the value sample.test.ts compares with).
# Re-run whenever samples/generate.sh regenerates samples/java-oom/artifacts/heap.hprof.gz.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
GZ="$REPO/samples/java-oom/artifacts/heap.hprof.gz"
TMP=${TMPDIR:-/tmp}/pmwb-peer-sample.hprof
gunzip -c "$GZ" > "$TMP"
SHA=$(sha256sum "$TMP" | cut -d' ' -f1)
rm -rf "$TMP.hwcache"   # VisualVM caches its index next to the dump: measure a cold open
OUT=$("$HERE/run.sh" "$TMP" com.example.order.OrderExportService pending \
  com.example.order.domain.OrderAggregate java.io.BufferedInputStream)
rm -rf "$TMP" "$TMP.hwcache"
# add the dump's sha256 (uncompressed) so the test can tell a stale capture
printf '%s\n' "$OUT" | sed "s/^{/{\"dumpSha256\":\"$SHA\",/" > "$REPO/workers/formats/hprof/testdata/visualvm-retained.json"
cat "$REPO/workers/formats/hprof/testdata/visualvm-retained.json"
