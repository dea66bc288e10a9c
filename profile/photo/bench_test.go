package photo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"github.com/convrs/profilekit/profile/photo"
)

// photograph returns a w × h picture with the smooth gradients and fine
// noise of a photograph, so that it compresses like one.
func photograph(w, h int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			m.Y[m.YOffset(x, y)] = uint8((x*255/w+y*255/h)/2) ^ uint8(rng.IntN(6))
		}
	}
	for i := range m.Cb {
		m.Cb[i] = uint8(96 + i%64)
		m.Cr[i] = uint8(160 - i%48)
	}
	return m
}

// jpeg12MP is a 4000 × 3000 JPEG (12 megapixels) at quality 85.
func jpeg12MP(tb testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, photograph(4000, 3000), &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// png1MP is a 1000 × 1000 opaque PNG (1 megapixel).
func png1MP(tb testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, photograph(1000, 1000)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation as "cpu-ns/op", from
// start (a cpuTime reading taken after the set-up): on a machine shared
// with other work the wall time per operation measures the queue for the
// CPU as much as the work, the CPU time only the work (and its garbage
// collection).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// benchmarkProcess runs the pipeline on data.
func benchmarkProcess(b *testing.B, data []byte) {
	p := photo.NewProcessor(&photo.Options{MaxBytes: int64(len(data))})
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := p.Process(ctx, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// benchmarkBaseline does by hand what the pipeline does for an opaque
// photo, without its checks: decode, crop the centre square, scale it with
// draw.CatmullRom to 512 px, then 128 from 512 and 48 from 128 (the
// pipeline's cascade), and, when encode is set, encode each as JPEG at the
// same quality and hash it. Without encode it is the bare decode
// + draw.CatmullRom.Scale.
func benchmarkBaseline(b *testing.B, data []byte, decode func([]byte) (image.Image, error), encode bool) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	for b.Loop() {
		m, err := decode(data)
		if err != nil {
			b.Fatal(err)
		}
		r := m.Bounds()
		side := min(r.Dx(), r.Dy())
		corner := image.Pt(r.Min.X+(r.Dx()-side)/2, r.Min.Y+(r.Dy()-side)/2)
		src, srcRect := m, image.Rectangle{Min: corner, Max: corner.Add(image.Pt(side, side))}
		for _, size := range []int{512, 128, 48} {
			dst := image.NewRGBA(image.Rect(0, 0, size, size))
			draw.CatmullRom.Scale(dst, dst.Rect, src, srcRect, draw.Src, nil)
			src, srcRect = dst, dst.Rect
			if !encode {
				continue
			}
			var out bytes.Buffer
			if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: photo.DefaultJPEGQuality}); err != nil {
				b.Fatal(err)
			}
			_ = sha256.Sum256(out.Bytes())
		}
	}
	reportCPU(b, start)
}

func decodeJPEG(d []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(d)) }
func decodePNG(d []byte) (image.Image, error)  { return png.Decode(bytes.NewReader(d)) }

// BenchmarkProcessJPEG12MP makes three avatars of a 12-megapixel JPEG.
func BenchmarkProcessJPEG12MP(b *testing.B) { benchmarkProcess(b, jpeg12MP(b)) }

// BenchmarkBaselineJPEG12MP is BenchmarkProcessJPEG12MP's work by hand.
func BenchmarkBaselineJPEG12MP(b *testing.B) { benchmarkBaseline(b, jpeg12MP(b), decodeJPEG, true) }

// BenchmarkDecodeScaleJPEG12MP is the bare decode and CatmullRom scaling of
// BenchmarkProcessJPEG12MP, without encoding.
func BenchmarkDecodeScaleJPEG12MP(b *testing.B) {
	benchmarkBaseline(b, jpeg12MP(b), decodeJPEG, false)
}

// BenchmarkProcessPNG1MP makes three avatars of a 1-megapixel PNG.
func BenchmarkProcessPNG1MP(b *testing.B) { benchmarkProcess(b, png1MP(b)) }

// BenchmarkBaselinePNG1MP is BenchmarkProcessPNG1MP's work by hand.
func BenchmarkBaselinePNG1MP(b *testing.B) { benchmarkBaseline(b, png1MP(b), decodePNG, true) }

// BenchmarkDecodeScalePNG1MP is the bare decode and CatmullRom scaling of
// BenchmarkProcessPNG1MP, without encoding.
func BenchmarkDecodeScalePNG1MP(b *testing.B) { benchmarkBaseline(b, png1MP(b), decodePNG, false) }

// BenchmarkRefuseBomb refuses a PNG whose header claims 100,000 × 100,000
// pixels.
func BenchmarkRefuseBomb(b *testing.B) {
	data := bombs(b)["png 100000 x 100000"]
	p := photo.NewProcessor(nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Process(ctx, bytes.NewReader(data)); err == nil {
			b.Fatal("accepted a bomb")
		}
	}
}

// BenchmarkDefaultAvatar draws and encodes a 128-pixel default avatar.
func BenchmarkDefaultAvatar(b *testing.B) {
	d := photo.NewDefault("agent-1", "Ada Lovelace")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.PNG(128); err != nil {
			b.Fatal(err)
		}
	}
}
