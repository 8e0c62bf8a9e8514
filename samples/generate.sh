#!/usr/bin/env bash
# Regenerates the sample incident artifacts from real runtimes.
#
#   bash samples/generate.sh            # committed artifacts (go-leak/, go-chain/, java-oom/, java-statics/)
#   bash samples/generate.sh --scale N  # N times the orders, into samples/out-scale/
#   bash samples/generate.sh --only go  # or --only chain, java, java-statics: one incident only
#
# Needs: go (1.19 was used), and a JDK 17 (java, javac, jcmd, jstat) for the
# Java incident; node for the manifests. An incident whose tools are missing is
# skipped with a message; the script fails only if nothing could run (or a run
# that started went wrong). go-chain has no --scale version (scale 1 only).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SCALE=1
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="${2:?--scale needs a number}"; shift 2 ;;
    --scale=*) SCALE="${1#--scale=}"; shift ;;
    --only) ONLY="${2:?--only needs go, chain, java or java-statics}"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$SCALE" in ''|*[!0-9]*|0) echo "--scale must be a positive integer" >&2; exit 2 ;; esac
case "$ONLY" in ''|go|chain|java|java-statics) ;; *) echo "--only must be go, chain, java or java-statics" >&2; exit 2 ;; esac

export TZ=UTC LC_ALL=C
BUILD="$HERE/.build/scale-$SCALE"
if [ "$SCALE" -eq 1 ]; then
  GO_DIR="$HERE/go-leak"
  JAVA_DIR="$HERE/java-oom"
  STATICS_DIR="$HERE/java-statics"
else
  GO_DIR="$HERE/out-scale/go-leak"
  JAVA_DIR="$HERE/out-scale/java-oom"
  STATICS_DIR="$HERE/out-scale/java-statics"
fi
GO_OUT="$GO_DIR/artifacts"
JAVA_OUT="$JAVA_DIR/artifacts"
PPROF_CORPUS="${PPROF_CORPUS:-$ROOT/testdata/corpus/pprof}"

log() { printf '[samples] %s\n' "$*" >&2; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
missing() { local m=(); for t in "$@"; do command -v "$t" >/dev/null 2>&1 || m+=("$t"); done; echo "${m[*]:-}"; }

if [ -n "$(missing node)" ]; then
  echo "node is required to write the manifests (samples/write-manifest.mjs); not found on PATH" >&2
  exit 1
fi
mkdir -p "$BUILD"
RAN=0
SKIPPED=()

# --------------------------------------------------------------------------
# Go: samples/go-leak
run_go() {
  local gobuild="$BUILD/go"
  rm -rf "$GO_OUT" "$gobuild"
  mkdir -p "$GO_OUT" "$gobuild"
  local gover; gover="$(go version)"
  log "go-leak: building with $gover"
  local built_at; built_at="$(now)"
  (cd "$HERE/go-leak" && CGO_ENABLED=0 go build -trimpath -ldflags=-w -o "$GO_OUT/go-leak" .)

  # 256 MiB at scale 1; the limit grows with the scale so that a large run
  # measures dump size, not a GC death spiral.
  local memlimit=$((256 * 1024 * 1024 * SCALE))
  log "go-leak: running the service (scale $SCALE, GOMEMLIMIT=$memlimit, GODEBUG=gctrace=1)"
  "$GO_OUT/go-leak" -mode=supervise -out "$GO_OUT" -scale "$SCALE" -memlimit "$memlimit" >"$gobuild/service.stdout"
  mv "$GO_OUT/service-facts.json" "$gobuild/service-facts.json"

  log "go-leak: crash run (GOTRACEBACK=all)"
  local rc=0
  GOTRACEBACK=all "$GO_OUT/go-leak" -mode=crash >"$gobuild/crash-facts.json" 2>"$GO_OUT/crash.txt" || rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "go-leak crash run exited with $rc, expected 2 (a panic)" >&2
    return 1
  fi

  # A dump cut off at 60% of its bytes, as a full disk or an OOM kill would leave it.
  local size; size=$(stat -c %s "$GO_OUT/heapdump-3.bin")
  head -c $((size * 60 / 100)) "$GO_OUT/heapdump-3.bin" >"$GO_OUT/heapdump-3.truncated.bin"

  if [ "$SCALE" -eq 1 ]; then
    local exp="$HERE/go-leak/expected"
    mkdir -p "$exp"
    rm -f "$exp"/pprof-top-*.txt "$exp"/corpus-*.top.txt
    log "go-leak: go tool pprof -top expectations"
    for idx in inuse_space inuse_objects alloc_space alloc_objects; do
      (cd "$GO_OUT" && go tool pprof -top -nodefraction=0 -sample_index="$idx" heap-3.pb.gz) >"$exp/pprof-top-$idx.txt" 2>/dev/null
    done
    if [ -d "$PPROF_CORPUS" ]; then
      for f in "$PPROF_CORPUS"/*.pb; do
        [ -e "$f" ] || continue
        local name; name="$(basename "$f" .pb)"
        (cd "$PPROF_CORPUS" && go tool pprof -top -nodefraction=0 "$(basename "$f")") >"$exp/corpus-$name.top.txt" 2>/dev/null
      done
    else
      log "go-leak: $PPROF_CORPUS not found; corpus expectations not regenerated"
    fi
  fi

  node "$HERE/write-manifest.mjs" go \
    --dir "$GO_DIR" \
    --service-facts "$gobuild/service-facts.json" \
    --crash-facts "$gobuild/crash-facts.json" \
    --runtime "$gover" \
    --built-at "$built_at"
  log "go-leak: done -> ${GO_DIR#"$HERE"/}"
}

# --------------------------------------------------------------------------
# Go: samples/go-chain (a 4,096-deep linked list and a map, each held by a global)
run_chain() {
  local dir="$HERE/go-chain"
  local out="$dir/artifacts"
  local cbuild="$BUILD/go-chain"
  rm -rf "$out" "$cbuild"
  mkdir -p "$out" "$cbuild"
  local gover; gover="$(go version)"
  log "go-chain: building with $gover"
  local built_at; built_at="$(now)"
  # the binary is not committed (the dump is the artifact); it stays in .build to name globals
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags=-w -o "$cbuild/go-chain" .)
  "$cbuild/go-chain" -out "$out" >"$cbuild/facts.json"
  node "$HERE/write-manifest.mjs" chain \
    --dir "$dir" \
    --facts "$cbuild/facts.json" \
    --runtime "$gover" \
    --built-at "$built_at"
  log "go-chain: done -> ${dir#"$HERE"/}"
}

# --------------------------------------------------------------------------
# Java: samples/java-oom
run_java() {
  local jbuild="$BUILD/java"
  rm -rf "$JAVA_OUT" "$jbuild"
  mkdir -p "$JAVA_OUT" "$jbuild/classes"
  local jver; jver="$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  log "java-oom: compiling with $(javac -version 2>&1)"
  # shellcheck disable=SC2046
  javac -Xlint:all -Werror --release 17 -d "$jbuild/classes" $(find "$HERE/java-oom/src" -name '*.java' | sort)

  # Heap and batch sizes: the leak is ~15 KiB per failed order, 4 of 5 fail.
  local xmx_mb=$((64 * SCALE))
  local batch=$((60 * SCALE))
  local midpoint=$((2000 * SCALE))
  local hprof="$jbuild/heap.hprof"
  log "java-oom: running with -Xmx${xmx_mb}m until OutOfMemoryError"
  java -Xmx${xmx_mb}m -XX:+UseG1GC \
    -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$hprof" \
    -Xlog:gc*:file="$JAVA_OUT/gc.log":time,uptime,level,tags \
    -cp "$jbuild/classes" com.example.order.OrderExportService "$batch" 100 "$midpoint" \
    >"$jbuild/stdout.txt" 2>"$jbuild/stderr.txt" &
  local jpid=$!

  # jstat samples every 200 ms until the JVM is gone.
  local jstat_pid=""
  for _ in $(seq 1 100); do
    if jstat -gc -t "$jpid" >/dev/null 2>&1; then
      jstat -gc -t "$jpid" 200ms >"$JAVA_OUT/jstat.txt" 2>"$jbuild/jstat.stderr" &
      jstat_pid=$!
      break
    fi
    kill -0 "$jpid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$jstat_pid" ] || log "java-oom: jstat could not attach"

  # Thread dump once `pending` reaches the midpoint.
  local td_at=""
  while kill -0 "$jpid" 2>/dev/null; do
    if grep -q '^midpoint ' "$jbuild/stdout.txt" 2>/dev/null; then
      td_at="$(now)"
      jcmd "$jpid" Thread.print >"$JAVA_OUT/threaddump.txt" 2>"$jbuild/jcmd.stderr" || td_at=""
      break
    fi
    sleep 0.05
  done
  local rc=0
  wait "$jpid" || rc=$?
  local jstat_end; jstat_end="$(now)"
  if [ -n "$jstat_pid" ]; then
    # jstat notices the target is gone on its next sample; give it a moment.
    for _ in $(seq 1 40); do kill -0 "$jstat_pid" 2>/dev/null || break; sleep 0.05; done
    kill "$jstat_pid" 2>/dev/null || true
    wait "$jstat_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 3 ]; then
    echo "java-oom: the JVM exited with $rc, expected 3 (OutOfMemoryError caught); see $jbuild/stdout.txt" >&2
    return 1
  fi
  [ -n "$td_at" ] || { echo "java-oom: no thread dump was taken" >&2; return 1; }
  [ -s "$hprof" ] || { echo "java-oom: no heap dump was written" >&2; return 1; }

  grep '^OOM_FACTS ' "$jbuild/stdout.txt" | sed 's/^OOM_FACTS //' >"$jbuild/oom-facts.json"
  log "java-oom: counting instances in the heap dump"
  java "$HERE/java-oom/tools/HprofCount.java" "$hprof" \
    --held-by com.example.order.domain.OrderAggregate.attachment --target java.io.BufferedInputStream \
    com.example.order.domain.OrderAggregate java.io.BufferedInputStream java.io.ByteArrayInputStream \
    'com.example.order.domain.OrderAggregate$LineItem' java.util.ArrayList >"$jbuild/hprof-counts.json"
  local hprof_sha; hprof_sha="$(sha256sum "$hprof" | cut -d' ' -f1)"
  local hprof_bytes; hprof_bytes="$(stat -c %s "$hprof")"
  if [ "$SCALE" -eq 1 ]; then
    # ~64 MiB raw, ~2 MiB gzipped: commit the gzipped copy only.
    gzip -n -6 -c "$hprof" >"$JAVA_OUT/heap.hprof.gz"
    rm -f "$hprof"
  else
    mv "$hprof" "$JAVA_OUT/heap.hprof"
  fi

  node "$HERE/write-manifest.mjs" java \
    --dir "$JAVA_DIR" \
    --oom-facts "$jbuild/oom-facts.json" \
    --hprof-counts "$jbuild/hprof-counts.json" \
    --hprof-raw "$hprof_sha:$hprof_bytes" \
    --runtime "$jver" \
    --scale "$SCALE" \
    --xmx-bytes $((xmx_mb * 1024 * 1024)) \
    --threaddump-at "$td_at" \
    --jstat-end "$jstat_end"
  log "java-oom: done -> ${JAVA_DIR#"$HERE"/}"
}

# --------------------------------------------------------------------------
# Java: samples/java-statics (two dumps of a service whose statics are held by its class loader)
# One JVM run per dump: the program builds its statics, prints READY <pid> and waits.
#   live:    `jcmd <pid> GC.heap_dump FILE` (a full GC first: only live objects)
#   dropped: the in-flight map is cleared first, then `jmap -dump:format=b,file=FILE <pid>`
#            (no `live`: no GC, so the dropped orders are still in the dump, unreachable)
statics_dump() {
  local mode="$1" orders="$2" out="$3" classes="$4" build="$5"
  local stdout="$build/$mode.stdout"
  java -Xmx256m -XX:+UseG1GC -cp "$classes" com.example.statics.Main "$mode" "$orders" 10240 8192 >"$stdout" 2>"$build/$mode.stderr" &
  local jpid=$!
  for _ in $(seq 1 400); do
    grep -q '^READY ' "$stdout" 2>/dev/null && break
    kill -0 "$jpid" 2>/dev/null || break
    sleep 0.05
  done
  if ! grep -q '^READY ' "$stdout"; then
    kill "$jpid" 2>/dev/null || true
    echo "java-statics: the $mode run never got ready; see $stdout" >&2
    return 1
  fi
  local at; at="$(now)"
  if [ "$mode" = live ]; then
    jcmd "$jpid" GC.heap_dump "$out" >"$build/$mode.dump.log"
  else
    jmap -dump:format=b,file="$out" "$jpid" >"$build/$mode.dump.log"
  fi
  kill "$jpid" 2>/dev/null || true
  wait "$jpid" 2>/dev/null || true
  [ -s "$out" ] || { echo "java-statics: no $mode heap dump was written" >&2; return 1; }
  grep '^FACTS ' "$stdout" | sed 's/^FACTS //' >"$build/$mode.facts.json"
  echo "$at" >"$build/$mode.at"
}

run_java_statics() {
  local sbuild="$BUILD/java-statics"
  local out="$STATICS_DIR/artifacts"
  rm -rf "$out" "$sbuild"
  mkdir -p "$out" "$sbuild/classes"
  local jver; jver="$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  log "java-statics: compiling with $(javac -version 2>&1)"
  # shellcheck disable=SC2046
  javac -Xlint:all -Werror --release 17 -d "$sbuild/classes" $(find "$HERE/java-statics/src" -name '*.java' | sort)
  local mode
  for mode in live dropped; do
    local orders=$((4000 * SCALE))
    [ "$mode" = dropped ] && orders=$((2000 * SCALE))
    log "java-statics: $mode dump ($orders orders)"
    statics_dump "$mode" "$orders" "$sbuild/heap-$mode.hprof" "$sbuild/classes" "$sbuild"
    java "$HERE/java-oom/tools/HprofCount.java" "$sbuild/heap-$mode.hprof" \
      com.example.statics.OrderAggregate 'com.example.statics.AuditTrail$AuditRecord' \
      'java.util.concurrent.ConcurrentHashMap$Node' >"$sbuild/heap-$mode.counts.json"
    echo "$(sha256sum "$sbuild/heap-$mode.hprof" | cut -d' ' -f1):$(stat -c %s "$sbuild/heap-$mode.hprof")" >"$sbuild/heap-$mode.raw"
    if [ "$SCALE" -eq 1 ]; then
      gzip -n -6 -c "$sbuild/heap-$mode.hprof" >"$out/heap-$mode.hprof.gz"
      rm -f "$sbuild/heap-$mode.hprof"
    else
      mv "$sbuild/heap-$mode.hprof" "$out/heap-$mode.hprof"
    fi
  done
  node "$HERE/write-manifest.mjs" java-statics --dir "$STATICS_DIR" --build "$sbuild" --runtime "$jver" --scale "$SCALE"
  log "java-statics: done -> ${STATICS_DIR#"$HERE"/}"
}

# --------------------------------------------------------------------------
m="$(missing go)"
if [ -n "$ONLY" ] && [ "$ONLY" != go ]; then
  :
elif [ -n "$m" ]; then
  log "SKIP go-leak: missing $m (install Go, e.g. apt-get install golang-go)"
  SKIPPED+=(go-leak)
else
  run_go
  RAN=$((RAN + 1))
fi

if [ "$ONLY" = "" ] || [ "$ONLY" = chain ]; then
  if [ -n "$(missing go)" ]; then
    log "SKIP go-chain: missing go"
    SKIPPED+=(go-chain)
  elif [ "$SCALE" -ne 1 ]; then
    log "go-chain: no --scale version; skipped"
  else
    run_chain
    RAN=$((RAN + 1))
  fi
fi

m="$(missing java javac jcmd jstat)"
if [ -n "$ONLY" ] && [ "$ONLY" != java ]; then
  :
elif [ -n "$m" ]; then
  log "SKIP java-oom: missing $m (install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless)"
  SKIPPED+=(java-oom)
else
  run_java
  RAN=$((RAN + 1))
fi

m="$(missing java javac jcmd jmap)"
if [ -n "$ONLY" ] && [ "$ONLY" != java-statics ]; then
  :
elif [ -n "$m" ]; then
  log "SKIP java-statics: missing $m (install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless)"
  SKIPPED+=(java-statics)
else
  run_java_statics
  RAN=$((RAN + 1))
fi

if [ "$RAN" -eq 0 ]; then
  echo "nothing could run (skipped: ${SKIPPED[*]})" >&2
  exit 1
fi
[ ${#SKIPPED[@]} -eq 0 ] || log "skipped: ${SKIPPED[*]}"
log "ok"
