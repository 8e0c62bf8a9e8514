#!/bin/sh
# Compiles and runs RetainedPeer against VisualVM's heap library from the Debian `visualvm` package.
# Usage: bench/peer-visualvm/run.sh DUMP.hprof [owner.Class] [staticField] [class...]
# Prints one JSON line (retained size of the static collection, timings in ms).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${VISUALVM_HEAP_JAR:-/usr/share/visualvm/visualvm/modules/org-graalvm-visualvm-lib-jfluid-heap.jar}
if [ ! -f "$JAR" ]; then
  echo "VisualVM heap library not found at $JAR (apt-get install -y visualvm)" >&2
  exit 2
fi
OUT=${TMPDIR:-/tmp}/pmwb-peer-visualvm
mkdir -p "$OUT"
if [ ! -f "$OUT/RetainedPeer.class" ] || [ "$HERE/RetainedPeer.java" -nt "$OUT/RetainedPeer.class" ]; then
  javac -d "$OUT" -cp "$JAR" "$HERE/RetainedPeer.java"
fi
# The library writes its index next to the dump (<dump>.hwcache) unless told otherwise.
exec java ${PEER_JAVA_OPTS:--Xmx2g} -cp "$JAR:$OUT" RetainedPeer "$@"
