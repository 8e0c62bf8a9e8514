// Command go-leak is a small "order service" that leaks memory and goroutines
// the way real services do. It drives itself through three load phases and,
// after each phase, captures the artifacts an engineer would pull from a
// misbehaving pod: goroutine dumps, heap profiles and (at the end) a full
// runtime heap dump. A second mode rebuilds a smaller state and crashes with
// a panic so that a GOTRACEBACK=all crash traceback can be captured.
//
// Everything here is deliberate and counted, so the artifacts have facts that
// are known by construction (service-facts.json, written next to the artifacts).
//
// Modes (see samples/generate.sh for how they are run):
//
//	go-leak -mode=supervise -out DIR -memlimit BYTES  (runs the service as a
//	        child with GOMEMLIMIT and GODEBUG=gctrace=1, stamping its stderr)
//	go-leak -mode=service -out DIR      (the leaking service itself)
//	go-leak -mode=crash                 (smaller state, then panics)
//
// Standard library only; builds with Go 1.19.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
)

// Sizes and counts known by construction. Orders are multiplied by -scale;
// goroutine counts are not (they describe the incident, not the load).
const (
	payloadBytes        = 12 << 10 // Order.Payload, one allocation per order
	lineItemsPerOrder   = 8        // each LineItem also allocates its SKU string
	historyEvents       = 76       // OrderEvent linked list, each with a Note string
	ordersPerPhase      = 100      // times -scale
	exportsPerPhase     = 40       // leaked export workers added per phase
	convoyPerPhase      = 6        // goroutines added to the mutex convoy per phase
	stackHeldSliceBytes = 1 << 20  // slice kept alive by main.stackHolder's frame
	phases              = 3
	garbagePerPhase     = 96 << 20 // short-lived garbage per phase (GC churn)
	phaseDuration       = 1500 * time.Millisecond

	// Live heap objects per cached order: Order, Customer, Customer.Name,
	// Customer.Email, the Items backing array, Payload, and per line item /
	// history event the struct plus its string (all strings >= 16 bytes, so
	// the tiny allocator never merges them).
	heapObjectsPerOrder = 6 + 2*lineItemsPerOrder + 2*historyEvents

	crashOrders      = 40
	crashQueueCap    = 12 // the export queue overflows on export crashQueueCap+1
	crashConvoy      = 4
	crashPanicString = "order export queue overflow"
)

// ---------------------------------------------------------------------------
// Domain

type Customer struct {
	ID    int64
	Name  string
	Email string
	Tier  int
}

type LineItem struct {
	SKU        string
	Qty        int32
	PriceCents int64
}

type OrderEvent struct {
	At   int64
	Note string
	Next *OrderEvent
}

type Order struct {
	ID        int64
	Customer  *Customer
	Items     []*LineItem
	History   *OrderEvent
	Payload   []byte
	CreatedAt time.Time
}

// orderCache is the leak: every order ever seen is cached "for fast
// re-export" and nothing ever evicts it.
var orderCache = map[int64]*Order{}

var orderCacheMu sync.Mutex

//go:noinline
func newOrder(id int64) *Order {
	c := &Customer{
		ID:    id % 977,
		Name:  fmt.Sprintf("customer-%08d", id%977),
		Email: fmt.Sprintf("buyer%08d@example.com", id%977),
		Tier:  int(id % 3),
	}
	items := make([]*LineItem, lineItemsPerOrder)
	for i := range items {
		items[i] = &LineItem{
			SKU:        fmt.Sprintf("SKU-%010d-%02d", id, i),
			Qty:        int32(1 + i%4),
			PriceCents: 199 + int64(i)*100,
		}
	}
	var head *OrderEvent
	for e := historyEvents - 1; e >= 0; e-- {
		head = &OrderEvent{
			At:   id*1000 + int64(e),
			Note: fmt.Sprintf("order %08d event %03d", id, e),
			Next: head,
		}
	}
	payload := make([]byte, payloadBytes)
	copy(payload, fmt.Sprintf("ORDER-PAYLOAD id=%d ", id))
	return &Order{ID: id, Customer: c, Items: items, History: head, Payload: payload, CreatedAt: time.Unix(1700000000+id, 0)}
}

//go:noinline
func cacheOrder(o *Order) {
	orderCacheMu.Lock()
	orderCache[o.ID] = o
	orderCacheMu.Unlock()
}

// ---------------------------------------------------------------------------
// Leak 2: export workers that wait for a result nobody will ever send.

type exportResult struct {
	OrderID int64
	Err     error
}

// exportQueue tracks exports that have not completed. In the service it is
// effectively unbounded; in crash mode it has a small capacity and overflows
// because the leaked workers never finish.
type exportQueue struct {
	mu      sync.Mutex
	pending []int64
	cap     int
}

var exports = &exportQueue{cap: 1 << 30}

//go:noinline
func (q *exportQueue) push(id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) >= q.cap {
		panic(crashPanicString)
	}
	q.pending = append(q.pending, id)
}

//go:noinline
func startExport(o *Order) {
	exports.push(o.ID)
	done := make(chan exportResult)
	go exportWorker(o.ID, done)
	// BUG: the request path returns on its own timeout and the sender that
	// should write to done was removed in a refactor; nobody ever sends.
}

//go:noinline
func exportWorker(orderID int64, done <-chan exportResult) {
	res := <-done // blocks forever: state "chan receive"
	if res.Err != nil {
		log.Printf("level=error msg=\"export failed\" order=%d err=%v", orderID, res.Err)
	}
}

// ---------------------------------------------------------------------------
// Leak 3: a mutex convoy behind a slow holder.

var ledgerMu sync.Mutex

//go:noinline
func slowHolder(locked chan<- struct{}) {
	ledgerMu.Lock()
	locked <- struct{}{}
	time.Sleep(24 * time.Hour) // "slow downstream call" while holding the lock
	ledgerMu.Unlock()
}

//go:noinline
func convoyWaiter(id int, started chan<- struct{}) {
	started <- struct{}{}
	ledgerMu.Lock() // blocks behind slowHolder
	_ = id
	ledgerMu.Unlock()
}

// ---------------------------------------------------------------------------
// Leak 4: a goroutine whose stack frame is the only root of a large slice.

//go:noinline
func stackHolder(size int, ready chan<- struct{}, park <-chan struct{}) {
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = byte(i >> 12)
	}
	ready <- struct{}{}
	<-park // parked forever: state "chan receive"
	runtime.KeepAlive(buf)
}

// ---------------------------------------------------------------------------
// sync.Pool misuse and short-lived garbage.

// bufPool stores []byte values (not pointers), so every Put allocates a new
// slice header (staticcheck SA6002), and it is fed oversized buffers.
var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

type invoiceView struct {
	OrderID  int64    `json:"orderId"`
	Customer string   `json:"customer"`
	SKUs     []string `json:"skus"`
	Total    int64    `json:"totalCents"`
}

//go:noinline
func renderInvoice(o *Order) int {
	b := bufPool.Get().([]byte)
	v := invoiceView{OrderID: o.ID, Customer: o.Customer.Name}
	for _, it := range o.Items {
		v.SKUs = append(v.SKUs, it.SKU)
		v.Total += it.PriceCents * int64(it.Qty)
	}
	js, _ := json.Marshal(v)
	b = append(b[:0], js...)
	n := len(b)
	bufPool.Put(b) //nolint:staticcheck // SA6002 on purpose: the misuse
	return n
}

var sink int

var churnSink int

// churn is report generation that builds and drops temporary buffers.
//
//go:noinline
func churn(total int) (sum int) {
	const chunk = 256 << 10
	for done := 0; done < total; done += chunk {
		tmp := make([]byte, chunk)
		tmp[done%chunk] = 1
		var sb strings.Builder
		for i := 0; i < 64; i++ {
			sb.WriteString("row,")
		}
		sum += len(tmp) + sb.Len()
		if done%(8<<20) == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
	return sum
}

// ---------------------------------------------------------------------------
// Request handling.

var nextOrderID int64

//go:noinline
func handleCheckout(export bool) {
	nextOrderID++
	o := newOrder(nextOrderID)
	cacheOrder(o)
	sink += renderInvoice(o)
	if export {
		startExport(o)
	}
}

// state counters, all changed only by main goroutine
type counters struct {
	orders, exports, convoy int
}

var park = make(chan struct{}) // never closed

func startConvoy(n int, st *counters) {
	for i := 0; i < n; i++ {
		started := make(chan struct{})
		go convoyWaiter(st.convoy, started)
		<-started
		st.convoy++
	}
}

// runRequests handles n checkouts, exporting the first `exportsN` of them
// (spread evenly), paced so that the phase lasts about d.
func runRequests(n, exportsN int, d time.Duration, st *counters) {
	start := time.Now()
	exported := 0
	for i := 0; i < n; i++ {
		export := exported < exportsN && i*exportsN/n >= exported
		handleCheckout(export)
		st.orders++
		if export {
			exported++
			st.exports++
		}
		if d > 0 {
			if wait := time.Until(start.Add(d * time.Duration(i+1) / time.Duration(n))); wait > 0 {
				time.Sleep(wait)
			}
		}
	}
}

// waitSettled polls the goroutine table until every leaked goroutine is
// parked where it should be, so the captured counts are exact.
func waitSettled(st *counters) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		w, c := countParked()
		if w == st.exports && c == st.convoy {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not settled: exportWorker=%d/%d convoyWaiter=%d/%d", w, st.exports, c, st.convoy)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func countParked() (workers, waiters int) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, g := range strings.Split(string(buf), "\n\n") {
		hdr, _, _ := strings.Cut(g, "\n")
		switch {
		case strings.Contains(g, "\nmain.exportWorker(") && strings.Contains(hdr, "[chan receive"):
			workers++
		case strings.Contains(g, "\nmain.convoyWaiter(") && strings.Contains(g, "sync.(*Mutex).lockSlow"):
			waiters++
		}
	}
	return
}

// ---------------------------------------------------------------------------
// Facts written next to the artifacts.

const rfc3339ms = "2006-01-02T15:04:05.000Z07:00"

func now() string { return time.Now().UTC().Format(rfc3339ms) }

type phaseFacts struct {
	Phase               int               `json:"phase"`
	CapturedAt          string            `json:"capturedAt"`
	OrdersCached        int               `json:"ordersCached"`
	LeakedExportWorkers int               `json:"leakedExportWorkers"`
	ConvoyWaiters       int               `json:"convoyWaiters"`
	Files               map[string]string `json:"files"`
}

type serviceFacts struct {
	GoVersion             string       `json:"goVersion"`
	Scale                 int          `json:"scale"`
	Pid                   int          `json:"pid"`
	ProcessStart          string       `json:"processStart"`
	GomemlimitBytes       int64        `json:"gomemlimitBytes"`
	Godebug               string       `json:"godebug"`
	MemProfileRate        int          `json:"memProfileRate"`
	BytesPerOrderPayload  int          `json:"bytesPerOrderPayload"`
	LineItemsPerOrder     int          `json:"lineItemsPerOrder"`
	HistoryEventsPerOrder int          `json:"historyEventsPerOrder"`
	HeapObjectsPerOrder   int          `json:"heapObjectsPerOrder"`
	StackHeldSliceBytes   int          `json:"stackHeldSliceBytes"`
	Phases                []phaseFacts `json:"phases"`
	HeapDump              struct {
		File        string `json:"file"`
		CapturedAt  string `json:"capturedAt"`
		NumGC       uint32 `json:"numGCBeforeDump"`
		HeapAlloc   uint64 `json:"heapAllocBytesAtDump"`
		HeapObjects uint64 `json:"heapObjectsAtDump"`
	} `json:"heapDump"`
	GlobalVariable string            `json:"globalVariable"`
	Functions      map[string]string `json:"functions"`
}

func writeFile(path string, fn func(*os.File) error) string {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := fn(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	return now()
}

func capturePhase(dir string, k int) map[string]string {
	at := map[string]string{}
	for _, lvl := range []int{2, 1} {
		name := fmt.Sprintf("goroutines-%d.debug%d.txt", k, lvl)
		at[name] = writeFile(filepath.Join(dir, name), func(f *os.File) error {
			return pprof.Lookup("goroutine").WriteTo(f, lvl)
		})
	}
	// Like /debug/pprof/heap?gc=1: a GC first so the profile is current.
	runtime.GC()
	name := fmt.Sprintf("heap-%d.pb.gz", k)
	at[name] = writeFile(filepath.Join(dir, name), func(f *os.File) error {
		return pprof.Lookup("heap").WriteTo(f, 0)
	})
	name = fmt.Sprintf("heap-%d.debug1.txt", k)
	at[name] = writeFile(filepath.Join(dir, name), func(f *os.File) error {
		return pprof.Lookup("heap").WriteTo(f, 1)
	})
	return at
}

// ---------------------------------------------------------------------------

func runService(dir string, scale int) {
	log.SetFlags(0)
	processStart := now()
	facts := serviceFacts{
		GoVersion:             runtime.Version(),
		Scale:                 scale,
		Pid:                   os.Getpid(),
		ProcessStart:          processStart,
		GomemlimitBytes:       debug.SetMemoryLimit(-1),
		Godebug:               os.Getenv("GODEBUG"),
		MemProfileRate:        runtime.MemProfileRate,
		BytesPerOrderPayload:  payloadBytes,
		LineItemsPerOrder:     lineItemsPerOrder,
		HistoryEventsPerOrder: historyEvents,
		HeapObjectsPerOrder:   heapObjectsPerOrder,
		StackHeldSliceBytes:   stackHeldSliceBytes,
		GlobalVariable:        "main.orderCache",
		Functions: map[string]string{
			"leakedWorker":   "main.exportWorker",
			"leakedWorkerBy": "main.startExport",
			"convoyWaiter":   "main.convoyWaiter",
			"convoyHolder":   "main.slowHolder",
			"stackHolder":    "main.stackHolder",
		},
	}
	log.Printf("level=info msg=\"order service starting\" pid=%d go=%s gomemlimit=%d scale=%d", facts.Pid, facts.GoVersion, facts.GomemlimitBytes, scale)

	ready := make(chan struct{})
	go stackHolder(stackHeldSliceBytes, ready, park)
	<-ready
	locked := make(chan struct{})
	go slowHolder(locked)
	<-locked

	st := &counters{}
	for k := 1; k <= phases; k++ {
		log.Printf("level=info msg=\"phase start\" phase=%d", k)
		startConvoy(convoyPerPhase, st)
		done := make(chan struct{})
		go func() { churnSink += churn(garbagePerPhase); close(done) }()
		runRequests(ordersPerPhase*scale, exportsPerPhase, phaseDuration, st)
		<-done
		if err := waitSettled(st); err != nil {
			log.Fatal(err)
		}
		at := capturePhase(dir, k)
		facts.Phases = append(facts.Phases, phaseFacts{
			Phase:               k,
			CapturedAt:          at[fmt.Sprintf("goroutines-%d.debug2.txt", k)],
			OrdersCached:        len(orderCache),
			LeakedExportWorkers: st.exports,
			ConvoyWaiters:       st.convoy,
			Files:               at,
		})
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		log.Printf("level=warn msg=\"phase captured\" phase=%d orders_cached=%d export_workers=%d convoy=%d heap_alloc=%d num_gc=%d",
			k, len(orderCache), st.exports, st.convoy, ms.HeapAlloc, ms.NumGC)
	}

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	facts.HeapDump.File = "heapdump-3.bin"
	facts.HeapDump.NumGC = ms.NumGC
	facts.HeapDump.HeapAlloc = ms.HeapAlloc
	facts.HeapDump.HeapObjects = ms.HeapObjects
	facts.HeapDump.CapturedAt = writeFile(filepath.Join(dir, "heapdump-3.bin"), func(f *os.File) error {
		debug.WriteHeapDump(f.Fd())
		return nil
	})
	log.Printf("level=info msg=\"heap dump written\" file=heapdump-3.bin")

	js, _ := json.MarshalIndent(facts, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "service-facts.json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("level=info msg=\"order service exiting\"")
}

// runCrash builds a smaller leaked state and then overflows the export queue.
// Facts go to stdout (one JSON line) just before the panic; the traceback
// goes to stderr.
func runCrash() {
	log.SetFlags(0)
	exports.cap = crashQueueCap
	ready := make(chan struct{})
	go stackHolder(stackHeldSliceBytes, ready, park)
	<-ready
	locked := make(chan struct{})
	go slowHolder(locked)
	<-locked
	st := &counters{}
	startConvoy(crashConvoy, st)
	// Every third order is exported, until the queue is full.
	for i := 0; i < crashOrders; i++ {
		handleCheckout(false)
		st.orders++
	}
	for i := 0; i < crashQueueCap; i++ {
		startExport(orderCache[int64(i*3+1)])
		st.exports++
	}
	if err := waitSettled(st); err != nil {
		log.Fatal(err)
	}
	facts := map[string]any{
		"message":             "panic: " + crashPanicString,
		"capturedAt":          now(),
		"goVersion":           runtime.Version(),
		"ordersCached":        len(orderCache),
		"leakedExportWorkers": st.exports,
		"convoyWaiters":       st.convoy,
		"panickingFunction":   "main.(*exportQueue).push",
	}
	js, _ := json.Marshal(facts)
	os.Stdout.Write(append(js, '\n'))
	startExport(orderCache[int64(crashQueueCap*3+1)]) // one too many: panics
}

// setMemProfileRate lowers the heap-profile sampling interval so that samples
// carry allocation stacks for most objects. Each P's next sampling point was
// drawn at start-up from the default 512 KiB rate and is only redrawn after
// it is reached, so every P first burns through a few MiB of small garbage;
// after that, an allocation as large as stackHolder's slice is always sampled.
var warmSinks [64][]byte

func setMemProfileRate(rate int) {
	runtime.MemProfileRate = rate
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; n < 16<<20; n += 64 {
				warmSinks[i%len(warmSinks)] = make([]byte, 64)
			}
		}(i)
	}
	wg.Wait()
}

func main() {
	setMemProfileRate(4096) // small, so heap samples carry stacks
	mode := flag.String("mode", "service", "supervise | service | crash")
	out := flag.String("out", ".", "artifact output directory")
	scale := flag.Int("scale", 1, "multiply the number of orders")
	memlimit := flag.String("memlimit", "256MiB", "GOMEMLIMIT for the supervised service")
	flag.Parse()
	if *scale < 1 {
		*scale = 1
	}
	switch *mode {
	case "service":
		runService(*out, *scale)
	case "crash":
		runCrash()
	case "supervise":
		os.Exit(supervise(*out, *scale, *memlimit))
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", *mode)
		os.Exit(2)
	}
}
