package photo_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile/photo"
)

// TestDecodeCostBoundsWhatADecodeAllocates processes uploads of every
// layout the decoders allocate differently for (JPEG components,
// sampling, progressive, RGB and CMYK conversion; PNG colour types, bit
// depths, tRNS and interlacing; GIF; lossless WebP) and checks that the
// cost computed from the header before decoding is at least what the call
// allocates (besides the upload read), and not far above it. It measures
// the process's allocations, so it does not run in parallel.
func TestDecodeCostBoundsWhatADecodeAllocates(t *testing.T) {
	const w, h = 1200, 900
	cases := map[string][]byte{}
	for _, prog := range []bool{false, true} {
		for _, s := range []jpegSpec{
			{comps: 1, hs: 1, vs: 1},
			{comps: 3, hs: 1, vs: 1},
			{comps: 3, hs: 2, vs: 1},
			{comps: 3, hs: 2, vs: 2},
			{comps: 3, hs: 4, vs: 1},
			{comps: 3, hs: 1, vs: 1, adobe: true},
			{comps: 4, hs: 1, vs: 1, adobe: true},
			{comps: 4, hs: 2, vs: 2, adobe: true},
		} {
			s.w, s.h, s.progressive = w, h, prog
			cases[fmt.Sprintf("jpeg progressive=%v comps=%d %dx%d adobe=%v", prog, s.comps, s.hs, s.vs, s.adobe)] = flatJPEG(s)
		}
	}
	for _, il := range []bool{false, true} {
		for _, c := range []struct {
			colour, depth byte
			trns          bool
		}{{0, 8, false}, {0, 8, true}, {0, 16, true}, {0, 1, false}, {2, 8, false}, {2, 16, true}, {3, 8, false}, {4, 16, false}, {6, 8, false}, {6, 16, false}} {
			cases[fmt.Sprintf("png interlaced=%v colour=%d depth=%d trns=%v", il, c.colour, c.depth, c.trns)] = zeroPNG(t, w, h, c.colour, c.depth, il, c.trns)
		}
	}
	cases["gif"] = encodeGIF(t, quadrants(w, h, false))
	cases["webp lossless"] = encodeWebP(t, quadrants(w, h, true))

	p := photo.NewProcessor(&photo.Options{MaxDecodeBytes: 1 << 30})
	ctx := context.Background()
	for name, data := range cases {
		cost := p.DecodeCost(data)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := p.Process(ctx, bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		require.NoError(t, err, name)
		allocated := int64(after.TotalAlloc-before.TotalAlloc) - int64(len(data)) - bytes.MinRead
		t.Logf("%s: cost %d KiB, allocated %d KiB (%.2f)", name, cost>>10, allocated>>10, float64(cost)/float64(allocated))
		assert.LessOrEqual(t, allocated, cost, "%s: the cost bounds the allocations", name)
		assert.LessOrEqual(t, cost, 2*allocated+2<<20, "%s: the cost is near the allocations", name)
	}
}
