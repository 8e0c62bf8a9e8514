#!/usr/bin/env bash
# Real JDK 17 GC output variants for the GC log readers' tests (needs java, javac, jstat on PATH):
#   zgc-uptime.log        ZGC, -Xlog:gc with the `uptime` decoration alone ("[1.234s] GC(0) …")
#   zgc-gc-star.log       ZGC, -Xlog:gc* with uptime,level,tags
#   jstat-gcutil.txt      jstat -gcutil <pid> 250 40 on a G1 JVM (percent columns)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/artifacts"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
mkdir -p "$out"
rm -f "$out"/zgc-*.log* "$out"/jstat-gcutil.txt
javac -d "$build" "$here/Churn.java"
java -cp "$build" -XX:+UseZGC -Xmx64m -Xlog:gc:file="$out/zgc-uptime.log":uptime Churn 6 >/dev/null
java -cp "$build" -XX:+UseZGC -Xmx64m -Xlog:gc*:file="$out/zgc-gc-star.log":uptime,level,tags Churn 4 >/dev/null
java -cp "$build" -XX:+UseG1GC -Xmx128m Churn 14 >"$build/pid" &
jvm=$!
for _ in $(seq 50); do [ -s "$build/pid" ] && break; sleep 0.1; done
jstat -gcutil "$(head -1 "$build/pid")" 250 40 >"$out/jstat-gcutil.txt"
wait "$jvm"
