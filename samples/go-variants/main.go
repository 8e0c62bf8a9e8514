// Command govariants writes real Go goroutine dumps, crashes and gctrace output of the shapes
// the readers must accept; make.sh runs each mode and keeps what the runtime printed.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"
)

var sink [][]byte

// leak parks goroutines under pprof labels, then writes the goroutine profile as debug=1
// (labels shown) and debug=2 (no labels: the runtime does not print them there).
func leak(debugLevel int) {
	for i := 0; i < 6; i++ {
		i := i
		labels := pprof.Labels("handler", "orders", "tenant", fmt.Sprint("t", i%2))
		go pprof.Do(context.Background(), labels, func(context.Context) {
			ch := make(chan int)
			<-ch // nobody sends: leaked
		})
	}
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 3; i++ {
		go pprof.Do(context.Background(), pprof.Labels("handler", "billing"), func(context.Context) {
			mu.Lock()
		})
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Wait() }()
	time.Sleep(200 * time.Millisecond)
	pprof.Lookup("goroutine").WriteTo(os.Stdout, debugLevel)
}

//go:noinline
func overflow(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return overflow(n+1) + int(pad[0])
}

func crash() {
	for i := 0; i < 2; i++ {
		go func() { time.Sleep(time.Hour) }()
	}
	ch := make(chan struct{})
	go func() { <-ch }()
	time.Sleep(100 * time.Millisecond)
	var m map[string]int
	m["boom"] = 1 // panic: assignment to entry in nil map
}


func gctrace() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	log.SetOutput(os.Stdout)
	for round := 0; round < 12; round++ {
		for i := 0; i < 40; i++ {
			sink = append(sink, make([]byte, 256<<10))
		}
		if len(sink) > 120 {
			sink = sink[60:]
		}
		log.Printf("round %d: holding %d buffers", round, len(sink))
		if round == 6 {
			runtime.GC()
			debug.FreeOSMemory()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func main() {
	switch os.Args[1] {
	case "leak1":
		leak(1)
	case "leak2":
		leak(2)
	case "crash":
		crash()
	case "deadlock":
		var wg sync.WaitGroup
		wg.Add(1)
		ch := make(chan int)
		go func() { <-ch }()
		wg.Wait()
	case "overflow":
		overflow(0)
	case "gctrace":
		gctrace()
	case "idle":
		// GODEBUG=gctrace=1: a heap that grows then falls idle; after two minutes without a cycle
		// the runtime forces one and says "GC forced"
		gctrace()
		sink = nil
		runtime.GC()
		debug.FreeOSMemory()
		time.Sleep(125 * time.Second)
	case "oom":
		// run under `ulimit -v`: the heap cannot grow past the address-space limit
		for {
			sink = append(sink, make([]byte, 64<<20))
		}
	case "mapwrites":
		m := map[int]int{}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ; i++ {
					m[i%1000] = w
				}
			}(w)
		}
		wg.Wait()
	case "recovered":
		defer func() {
			r := recover()
			panic(fmt.Sprint("re-panic after ", r))
		}()
		panic("first")
	}
}
