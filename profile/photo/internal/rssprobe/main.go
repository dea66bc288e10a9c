// Command rssprobe measures the peak resident set size (VmHWM) of a burst
// of concurrent 12-megapixel uploads: it makes a 4000 × 3000 JPEG, resets
// the peak (writing 5 to /proc/self/clear_refs), starts -uploads
// goroutines that each give it to Processor.Process at the same moment,
// waits for them, and prints the peak RSS from /proc/self/status (Linux
// only).
//
//	go run ./profile/photo/internal/rssprobe                    # bounded (GOMAXPROCS decodes at once)
//	go run ./profile/photo/internal/rssprobe -max-concurrent 20 # unbounded, for comparison
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/convrs/profilekit/profile/photo"
)

func main() {
	uploads := flag.Int("uploads", 20, "concurrent uploads")
	limit := flag.Int("max-concurrent", 0, "Options.MaxConcurrent (0: GOMAXPROCS)")
	flag.Parse()
	if err := run(*uploads, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "rssprobe:", err)
		os.Exit(1)
	}
}

// run processes uploads copies of a 12-megapixel JPEG at once and prints
// the figures.
func run(uploads, limit int) error {
	data, err := photograph(4000, 3000)
	if err != nil {
		return err
	}
	runtime.GC()
	debug.FreeOSMemory()
	before, err := status("VmRSS:")
	if err != nil {
		return err
	}
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	p := photo.NewProcessor(&photo.Options{MaxConcurrent: limit})
	ctx := context.Background()
	start := make(chan struct{})
	errs := make(chan error, uploads)
	var wg sync.WaitGroup
	for range uploads {
		wg.Go(func() {
			<-start
			if _, err := p.Process(ctx, bytes.NewReader(data)); err != nil {
				errs <- err
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	close(errs)
	if err := errors.Join(<-errs); err != nil {
		return err
	}
	peak, err := status("VmHWM:")
	if err != nil {
		return err
	}
	if limit <= 0 {
		limit = runtime.GOMAXPROCS(0)
	}
	fmt.Printf("uploads=%d max-concurrent=%d jpeg=%dKiB 4000x3000 elapsed=%s rss-before=%s peak-rss=%s\n",
		uploads, limit, len(data)>>10, time.Since(began).Round(time.Millisecond), before, peak)
	return nil
}

// photograph returns a w × h JPEG with the gradients and noise of a
// photograph.
func photograph(w, h int) ([]byte, error) {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			m.Y[m.YOffset(x, y)] = uint8((x*255/w+y*255/h)/2) ^ uint8(seed>>29)
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(96+i%64), uint8(160-i%48)
	}
	var b bytes.Buffer
	err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85})
	return b.Bytes(), err
}

// status returns the value of one line of /proc/self/status.
func status(key string) (string, error) {
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
