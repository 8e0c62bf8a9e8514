// Command go-chain builds two retention patterns a heap-dump reader must tell
// apart and writes a runtime heap dump (debug.WriteHeapDump):
//
//   - main.auditTrail, a global holding the head of a singly linked list of
//     auditEntry nodes, each with its own payload: every node dominates the
//     next, so the list is one dominator chain chainLength objects deep;
//   - main.sessionIndex, a global map whose values are byte slices: the memory
//     accumulates in the map's bucket array.
//
// It prints the facts known by construction as one JSON object on stdout
// (samples/write-manifest.mjs turns them into manifest.json). Standard library
// only, so the binary stays small; builds with Go 1.19.
//
//	go-chain -out DIR
package main

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

const (
	chainLength      = 4096
	chainPayload     = 96 // bytes per node's payload (size class 96)
	sessionCount     = 512
	sessionValueSize = 1024
)

type auditEntry struct {
	next    *auditEntry
	payload []byte
	seq     int64
}

// auditTrail is the head of the linked list; nothing ever trims it.
var auditTrail *auditEntry

// sessionIndex is the second holder: a map of session id to its state bytes.
var sessionIndex = map[int64][]byte{}

//go:noinline
func appendAudit(seq int64) {
	p := make([]byte, chainPayload)
	p[0] = byte(seq)
	// prepend: the newest entry is the head and dominates every older one
	auditTrail = &auditEntry{next: auditTrail, payload: p, seq: seq}
}

//go:noinline
func openSession(id int64) {
	v := make([]byte, sessionValueSize)
	v[0] = byte(id)
	sessionIndex[id] = v
}

// fact is one "name": value line of the facts object (values are numbers,
// booleans or already-quoted strings); no encoding/json keeps the binary small.
type fact struct{ name, value string }

func writeFacts(fs []fact) {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = "  " + strconv.Quote(f.name) + ": " + f.value
	}
	os.Stdout.WriteString("{\n" + strings.Join(lines, ",\n") + "\n}\n")
}

func num[T int | int64 | uint64](v T) string { return strconv.FormatInt(int64(v), 10) }

func main() {
	out := flag.String("out", ".", "directory for heapdump.bin")
	flag.Parse()
	for i := int64(0); i < chainLength; i++ {
		appendAudit(i)
	}
	for i := int64(0); i < sessionCount; i++ {
		openSession(i)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	f, err := os.Create(filepath.Join(*out, "heapdump.bin"))
	if err != nil {
		panic(err)
	}
	at := time.Now().UTC()
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		panic(err)
	}
	writeFacts([]fact{
		{"goVersion", strconv.Quote(runtime.Version())},
		{"capturedAt", strconv.Quote(at.Format("2006-01-02T15:04:05.000Z07:00"))},
		{"chainGlobal", strconv.Quote("main.auditTrail")},
		{"chainLength", num(chainLength)},
		// next (8) + payload slice header (24) + seq (8): size class 48
		{"chainNodeBytes", num(48)},
		{"chainPayloadBytes", num(chainPayload)},
		{"mapGlobal", strconv.Quote("main.sessionIndex")},
		{"mapEntries", num(sessionCount)},
		{"mapValueBytes", num(sessionValueSize)},
		{"memStatsHeapObjects", num(ms.HeapObjects)},
		{"memStatsHeapAllocBytes", num(ms.HeapAlloc)},
		{"forcedGCJustBefore", "true"},
	})
	runtime.KeepAlive(auditTrail)
	runtime.KeepAlive(sessionIndex)
}
