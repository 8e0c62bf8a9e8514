#!/usr/bin/env bash
# Writes real Go goroutine dumps, crash tracebacks and gctrace output into artifacts/
# (see README.md for what each file shows). Needs go (1.19.8 was used). About 2.5 min.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/artifacts"
BIN="$HERE/../.build/govariants"
export TZ=UTC LC_ALL=C
command -v go >/dev/null || { echo "go not found: nothing written" >&2; exit 1; }
mkdir -p "$OUT" "$(dirname "$BIN")"
(cd "$HERE" && go build -o "$BIN" .) || exit 1
ulimit -c 0
run() { # run FILE ENV... -- ARGS: stdout and stderr as the terminal would interleave them
  local file="$1"; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env "${envs[@]}" "$BIN" "$@" >"$OUT/$file" 2>&1
  echo "$file: exit $?"
}
run leak-debug1.txt -- leak1
run leak-debug2.txt -- leak2
run crash-all.txt GOTRACEBACK=all -- crash
run crash-system.txt GOTRACEBACK=system -- crash
run crash-crash.txt GOTRACEBACK=crash -- crash
run deadlock.txt -- deadlock
run overflow.txt -- overflow
run recovered.txt -- recovered
run gctrace-stdout.log GODEBUG=gctrace=1 -- gctrace
run concurrent-map-writes.txt -- mapwrites
run gctrace-schedtrace.log GODEBUG=gctrace=1,schedtrace=100 -- gctrace
# about two minutes: the runtime forces a cycle after 2 min without one
run gctrace-idle.log GODEBUG=gctrace=1,scavtrace=1 -- idle
# a test that hangs, as `go test -v` prints it and as `go test -json` (test2json) wraps it
(cd "$HERE" && go test -v -run TestHang -timeout 2s . >"$OUT/gotest-timeout.txt" 2>&1; echo "gotest-timeout.txt: exit $?")
(cd "$HERE" && go test -json -run TestHang -timeout 2s . >"$OUT/gotest-timeout.json" 2>&1; echo "gotest-timeout.json: exit $?")
# a 1 GiB address-space limit: the runtime's first mappings fit, 64 MiB slices soon do not
(ulimit -v 1048576; run oom.txt -- oom)
go version > "$OUT/GO_VERSION"
