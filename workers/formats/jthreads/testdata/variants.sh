#!/usr/bin/env bash
# Rewrites the JDK-made thread dump variants (see README.md here) and the UTF-8 originals of the
# encoded text in workers/core/testdata/, then re-encodes those. Needs a JDK (java, javac, jstack, jstat).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
core="$here/../../../core/testdata"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
cp "$here/Variants.java.txt" "$build/Variants.java"
javac -d "$build" "$build/Variants.java"

# start Variants in MODE with extra JVM flags, wait for its "ready <pid>" line, print the pid
start() {
  local out="$1" mode="$2"
  shift 2
  java "$@" -cp "$build" Variants "$mode" >"$out" 2>&1 &
  for _ in $(seq 1 50); do
    grep -q '^ready ' "$out" 2>/dev/null && break
    sleep 0.2
  done
  awk '/^ready /{print $2}' "$out"
}

java -cp "$build" Variants threadinfo >"$here/jdk17-threadinfo.txt"

pid=$(start "$build/evil.out" evil)
jstack -l "$pid" >"$here/jdk17-evil-name.txt"
kill "$pid"

pid=$(start "$here/jdk17-class-histogram.txt" idle -XX:+PrintClassHistogram)
kill -3 "$pid"
sleep 2
kill "$pid"
wait "$pid" 2>/dev/null || true

pid=$(start "$build/idle.out" idle)
jstack -l "$pid" >"$core/jstack-17.txt"
kill "$pid"

pid=$(start "$build/churn.out" churn -Xmx64m)
jstat -gc -t "$pid" 250 8 >"$core/jstat-17.txt"
kill "$pid"

bash "$core/encode.sh"
