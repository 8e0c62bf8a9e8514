#!/usr/bin/env bash
# Real JDK 17 GC output variants for the GC log readers' tests (needs java, javac, jstat on PATH).
#   bash make.sh            every variant below
#   bash make.sh NAME...    only those (e.g. `bash make.sh oom jstat`); groups: base decorations collectors oom jstat
# Every file is written by the JVM or jstat as it is; nothing is edited afterwards.
#
# base (the first three, from the first version of this script):
#   zgc-uptime.log        ZGC, -Xlog:gc with the `uptime` decoration alone ("[1.234s] GC(0) …")
#   zgc-gc-star.log       ZGC, -Xlog:gc* with uptime,level,tags
#   jstat-gcutil.txt      jstat -gcutil <pid> 250 40 on a G1 JVM (percent columns)
# decorations (G1, -Xlog:gc unless said, Churn 1 s):
#   deco-none.log, deco-none-gc-star.log   `:none`: bare "GC(0) Pause Young …" lines (gc and gc*)
#   deco-pid-tid.log      `:pid,tid`       "[2850][2863] GC(0) …" (no clock)
#   deco-level.log        `:level`         "[info] GC(0) …" (no clock)
#   deco-tags.log         `:tags`          "[gc] GC(0) …" (no clock)
#   deco-utctime.log, deco-time.log, deco-timemillis.log   wall clock only
#   deco-uptimemillis.log, deco-uptimenanos.log            uptime only
#   deco-timenanos.log    `:timenanos`     a monotonic clock of unknown origin
#   deco-uptime-timenanos.log  `:uptime,timenanos`: uptime plus the monotonic clock after it
#   deco-hostname-pid.log `:hostname,pid`  "[host][2850] GC(0) …"
#   deco-all.log          all twelve decorators on every line
# collectors (Churn 2 s, -Xmx64m):
#   serial-gc.log         Serial, -Xlog:gc (default decorations uptime,level,tags)
#   parallel-gc-star-time.log  Parallel, -Xlog:gc*:…:time,uptime,level,tags
#   g1-heap-debug.log     G1, -Xlog:gc+heap=debug only: heap before/after blocks, no pause lines
#   g1-gc-safepoint.log   G1, -Xlog:gc,safepoint
#   g1-printgcdetails.log G1, the legacy -XX:+PrintGCDetails -Xloggc:FILE (JDK 17 maps it to -Xlog:gc*)
#   g1-verbosegc-console.log  G1, -verbose:gc: GC lines on stdout between the program's own output
#   shenandoah-gc-star.log    Shenandoah, -Xlog:gc* (Churn 1 s)
# oom (Grow with -Xmx16m: runs of full collections, then java.lang.OutOfMemoryError; stdout and
# stderr in one file, as a console or container log has them):
#   oom-g1-console.log, oom-parallel-console.log, oom-zgc-console.log   -Xlog:gc*:stdout
#   oom-serial-console.log, oom-shenandoah-console.log                  -Xlog:gc:stdout
#   (oom-g1-console-glued.log is an earlier run of the G1 command in which "Exception in thread" landed in
#   front of a GC line; runs do not reliably do that, so this script leaves that file alone)
# jstat (against a G1 JVM running Churn; 250 ms interval):
#   jstat-gc.txt, jstat-gc-t.txt, jstat-gc-t-h5.txt (-h5: header every 5 rows), jstat-gcutil-h5.txt,
#   jstat-gccause.txt, jstat-gccause-t.txt, jstat-gcnew.txt, jstat-gcold.txt, jstat-gccapacity.txt
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/artifacts"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
mkdir -p "$out"
javac -d "$build" "$here/Churn.java" "$here/Grow.java"
jvm() { java -cp "$build" "$@"; }

base() {
  rm -f "$out"/zgc-*.log* "$out"/jstat-gcutil.txt
  jvm -XX:+UseZGC -Xmx64m -Xlog:gc:file="$out/zgc-uptime.log":uptime Churn 6 >/dev/null
  jvm -XX:+UseZGC -Xmx64m -Xlog:gc*:file="$out/zgc-gc-star.log":uptime,level,tags Churn 4 >/dev/null
  jvm -XX:+UseG1GC -Xmx128m Churn 14 >"$build/pid" &
  local pid=$!
  for _ in $(seq 50); do [ -s "$build/pid" ] && break; sleep 0.1; done
  jstat -gcutil "$(head -1 "$build/pid")" 250 40 >"$out/jstat-gcutil.txt"
  wait "$pid"
}

# -Xlog:…:file= keeps an existing file as FILE.0 (log rotation): remove the old ones first
decorations() {
  local d
  rm -f "$out"/deco-*.log*
  for d in none:none pid-tid:pid,tid level:level tags:tags utctime:utctime time:time \
    timemillis:timemillis uptimemillis:uptimemillis uptimenanos:uptimenanos timenanos:timenanos \
    uptime-timenanos:uptime,timenanos hostname-pid:hostname,pid \
    all:time,utctime,uptime,timemillis,uptimemillis,timenanos,uptimenanos,hostname,pid,tid,level,tags; do
    jvm -XX:+UseG1GC -Xmx64m -Xlog:gc:file="$out/deco-${d%%:*}.log":"${d#*:}" Churn 1 >/dev/null
  done
  jvm -XX:+UseG1GC -Xmx64m -Xlog:gc*:file="$out/deco-none-gc-star.log":none Churn 1 >/dev/null
}

collectors() {
  rm -f "$out"/{serial-gc,parallel-gc-star-time,g1-heap-debug,g1-gc-safepoint,g1-printgcdetails,shenandoah-gc-star}.log*
  jvm -XX:+UseSerialGC -Xmx64m -Xlog:gc:file="$out/serial-gc.log" Churn 2 >/dev/null
  jvm -XX:+UseParallelGC -Xmx64m -Xlog:gc*:file="$out/parallel-gc-star-time.log":time,uptime,level,tags \
    Churn 2 >/dev/null
  jvm -XX:+UseG1GC -Xmx64m -Xlog:gc+heap=debug:file="$out/g1-heap-debug.log" Churn 2 >/dev/null
  jvm -XX:+UseG1GC -Xmx64m -Xlog:gc,safepoint:file="$out/g1-gc-safepoint.log" Churn 2 >/dev/null
  # the JVM's deprecation warnings go to stdout, not into the file
  jvm -XX:+UseG1GC -Xmx64m -XX:+PrintGCDetails -Xloggc:"$out/g1-printgcdetails.log" Churn 2 >/dev/null
  jvm -XX:+UseG1GC -Xmx64m -verbose:gc Churn 2 >"$out/g1-verbosegc-console.log" 2>&1
  jvm -XX:+UseShenandoahGC -Xmx64m -Xlog:gc*:file="$out/shenandoah-gc-star.log" Churn 1 >/dev/null
}

oom() {
  local c
  rm -f "$out"/oom-*.log
  for c in g1:G1 parallel:Parallel zgc:Z; do
    # exits 1 with the OutOfMemoryError
    jvm -XX:+Use"${c#*:}"GC -Xmx16m -Xlog:gc*:stdout:uptime,level,tags Grow >"$out/oom-${c%%:*}-console.log" 2>&1 ||
      true
  done
  for c in serial:Serial shenandoah:Shenandoah; do
    jvm -XX:+Use"${c#*:}"GC -Xmx16m -Xlog:gc:stdout Grow >"$out/oom-${c%%:*}-console.log" 2>&1 || true
  done
}

jstats() {
  rm -f "$out"/jstat-gc{,-t,-t-h5,util-h5,cause,cause-t,new,old,capacity}.txt
  jvm -XX:+UseG1GC -Xmx64m Churn 30 >"$build/pid" &
  local pid=$! target
  for _ in $(seq 50); do [ -s "$build/pid" ] && break; sleep 0.1; done
  target="$(head -1 "$build/pid")"
  sleep 1
  # one at a time: each attaches to the JVM, and together on two cores they fell behind their interval
  jstat -gc "$target" 250ms 10 >"$out/jstat-gc.txt"
  jstat -gc -t "$target" 250ms 10 >"$out/jstat-gc-t.txt"
  jstat -gc -h5 -t "$target" 250ms 12 >"$out/jstat-gc-t-h5.txt"
  jstat -gcutil -h5 "$target" 250 12 >"$out/jstat-gcutil-h5.txt"
  jstat -gccause "$target" 250 8 >"$out/jstat-gccause.txt"
  jstat -gccause -t "$target" 250 8 >"$out/jstat-gccause-t.txt"
  jstat -gcnew "$target" 250 8 >"$out/jstat-gcnew.txt"
  jstat -gcold "$target" 250 8 >"$out/jstat-gcold.txt"
  jstat -gccapacity "$target" 250 8 >"$out/jstat-gccapacity.txt"
  wait "$pid"
}

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(base decorations collectors oom jstat)
for g in "${groups[@]}"; do
  case "$g" in
  base) base ;;
  decorations) decorations ;;
  collectors) collectors ;;
  oom) oom ;;
  jstat) jstats ;;
  *)
    echo "make.sh: unknown group $g (base decorations collectors oom jstat)" >&2
    exit 2
    ;;
  esac
done
