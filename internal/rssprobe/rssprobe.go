// Package rssprobe holds what the commands measuring peak memory share
// (password/internal/rssprobe, profile/photo/internal/rssprobe): a burst
// of calls started at one moment, and the resident set sizes Linux reports
// in /proc/self/status.
package rssprobe

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// Burst starts n goroutines that each call f at the same moment, waits for
// all of them and returns how long that took and every error f returned,
// joined.
func Burst(n int, f func() error) (time.Duration, error) {
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			<-start
			if err := f(); err != nil {
				errs <- err
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return elapsed, errors.Join(all...)
}

// ResetPeak sets the process's peak resident set size (VmHWM) back to its
// current size, by writing 5 to /proc/self/clear_refs.
func ResetPeak() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	return nil
}

// Status returns the value of the line of /proc/self/status that starts
// with key ("VmHWM:", "VmRSS:"), spaces squeezed: "123456 kB".
func Status(key string) (string, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			return strings.Join(strings.Fields(v), " "), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no %s in /proc/self/status", key)
}
