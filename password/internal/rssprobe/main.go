package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/convrs/profilekit/password"
)

func main() {
	calls := flag.Int("calls", 1000, "concurrent Hash calls")
	limit := flag.Int("max-concurrent", 0, "Argon2idOptions.MaxConcurrent (0: GOMAXPROCS)")
	flag.Parse()
	if err := run(*calls, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "rssprobe:", err)
		os.Exit(1)
	}
}

// run hashes calls times at once and prints the figures.
func run(calls, limit int) error {
	h := password.NewArgon2id(&password.Argon2idOptions{MaxConcurrent: limit})
	ctx := context.Background()
	start := make(chan struct{})
	errs := make(chan error, calls)
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			<-start
			if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
				errs <- err
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	hwm, err := peakRSS()
	if err != nil {
		return err
	}
	if limit <= 0 {
		limit = runtime.GOMAXPROCS(0)
	}
	p := h.Params()
	fmt.Printf("calls=%d max-concurrent=%d m=%dKiB t=%d p=%d elapsed=%s peak-rss=%s\n",
		calls, limit, p.Memory, p.Iterations, p.Parallelism, time.Since(began).Round(time.Millisecond), hwm)
	return nil
}

// peakRSS returns the VmHWM line's value from /proc/self/status.
func peakRSS() (string, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.Join(strings.Fields(v), " "), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no VmHWM in /proc/self/status")
}
