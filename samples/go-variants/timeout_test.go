package main

import (
	"sync"
	"testing"
	"time"
)

// TestHang never finishes: `go test -timeout 2s` panics with every goroutine's stack.
func TestHang(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 3; i++ {
		go func() { mu.Lock() }()
	}
	go func() { time.Sleep(time.Hour) }()
	t.Log("waiting forever")
	select {}
}
