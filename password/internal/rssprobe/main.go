package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/convrs/profilekit/internal/rssprobe"
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
	elapsed, err := rssprobe.Burst(calls, func() error {
		_, err := h.Hash(ctx, "correct horse battery staple")
		return err
	})
	if err != nil {
		return err
	}
	hwm, err := rssprobe.Status("VmHWM:")
	if err != nil {
		return err
	}
	if limit <= 0 {
		limit = runtime.GOMAXPROCS(0)
	}
	p := h.Params()
	fmt.Printf("calls=%d max-concurrent=%d m=%dKiB t=%d p=%d elapsed=%s peak-rss=%s\n",
		calls, limit, p.Memory, p.Iterations, p.Parallelism, elapsed.Round(time.Millisecond), hwm)
	return nil
}
