package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// supervise runs this binary as the service in a child process, the way a
// container runtime would: GOMEMLIMIT and GODEBUG=gctrace=1 in its
// environment, and every stderr line (gctrace output mixed with the
// application's own log lines) written to gctrace.log behind an RFC 3339
// timestamp with milliseconds taken when the line arrived.
func supervise(dir string, scale int, memlimit string) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	logf, err := os.Create(filepath.Join(dir, "gctrace.log"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer logf.Close()

	cmd := exec.Command(self, "-mode=service", "-out", dir, "-scale", strconv.Itoa(scale))
	cmd.Env = append(os.Environ(), "GOMEMLIMIT="+memlimit, "GODEBUG=gctrace=1")
	cmd.Stdout = os.Stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	w := bufio.NewWriter(logf)
	copyStamped(w, stderr)
	w.Flush()
	if err := cmd.Wait(); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		return 1
	}
	return 0
}

func copyStamped(w *bufio.Writer, r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		w.WriteString(time.Now().UTC().Format(rfc3339ms))
		w.WriteByte(' ')
		w.Write(sc.Bytes())
		w.WriteByte('\n')
	}
}
