package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/convrs/profilekit/internal/rssprobe"
	"github.com/convrs/profilekit/profile/photo"
)

func main() {
	uploads := flag.Int("uploads", 20, "concurrent uploads")
	limit := flag.Int("max-concurrent", 0, "Options.MaxConcurrent (0: GOMAXPROCS)")
	memory := flag.Int64("max-decode-bytes", 0, "Options.MaxDecodeBytes (0: DefaultMaxDecodeBytes)")
	flag.Parse()
	if err := run(*uploads, *limit, *memory); err != nil {
		fmt.Fprintln(os.Stderr, "rssprobe:", err)
		os.Exit(1)
	}
}

// run processes uploads copies of a 12-megapixel JPEG at once and prints
// the figures.
func run(uploads, limit int, memory int64) error {
	data, err := photograph(4000, 3000)
	if err != nil {
		return err
	}
	runtime.GC()
	debug.FreeOSMemory()
	before, err := rssprobe.Status("VmRSS:")
	if err != nil {
		return err
	}
	if err := rssprobe.ResetPeak(); err != nil {
		return err
	}
	p := photo.NewProcessor(&photo.Options{MaxConcurrent: limit, MaxDecodeBytes: memory})
	ctx := context.Background()
	elapsed, err := rssprobe.Burst(uploads, func() error {
		_, err := p.Process(ctx, bytes.NewReader(data))
		return err
	})
	if err != nil {
		return err
	}
	peak, err := rssprobe.Status("VmHWM:")
	if err != nil {
		return err
	}
	if limit <= 0 {
		limit = runtime.GOMAXPROCS(0)
	}
	if memory <= 0 {
		memory = photo.DefaultMaxDecodeBytes
	}
	fmt.Printf("uploads=%d max-concurrent=%d max-decode-bytes=%dMiB jpeg=%dKiB 4000x3000 elapsed=%s rss-before=%s peak-rss=%s\n",
		uploads, limit, memory>>20, len(data)>>10, elapsed.Round(time.Millisecond), before, peak)
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
