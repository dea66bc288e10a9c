package photo_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile/photo"
)

// FuzzProcess feeds arbitrary bytes to the pipeline: it must never panic,
// and must either refuse them with a photo code or return avatars of the
// configured sizes in the format it says, having allocated no more than
// the decoding cost computed from the header. The seed corpus is in
// testdata/fuzz/FuzzProcess plus the generated images added here. Limits
// are small so that each input is cheap; the checks are the same.
func FuzzProcess(f *testing.F) {
	pic := quadrants(40, 36, false)
	clear := quadrants(36, 36, true)
	f.Add(encodeJPEG(f, pic))
	f.Add(withEXIF(encodeJPEG(f, pic), binary.BigEndian, 6))
	f.Add(withEXIF(encodeJPEG(f, pic), binary.LittleEndian, 5))
	f.Add(encodePNG(f, clear))
	f.Add(encodeGIF(f, clear))
	f.Add(encodeWebP(f, pic))
	f.Add(encodeWebP(f, clear))
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))
	f.Add(progressiveJPEG(200, 150, 3, 1, 1))
	f.Add(progressiveJPEG(200, 150, 4, 2, 2))
	f.Add(flatJPEG(jpegSpec{w: 120, h: 90, comps: 3, hs: 4, vs: 1}))
	f.Add(flatJPEG(jpegSpec{w: 120, h: 90, comps: 3, hs: 1, vs: 1, adobe: true}))
	f.Add(zeroPNG(f, 100, 80, 6, 16, true, false))
	f.Add(zeroPNG(f, 100, 80, 0, 8, true, true))

	p := photo.NewProcessor(&photo.Options{
		MaxBytes: 1 << 20, MaxWidth: 1024, MaxHeight: 1024, MaxPixels: 1 << 18,
		Sizes: []int{64, 16}, MaxConcurrent: 1,
	})
	codes := []profilekit.Code{
		profilekit.CodePhotoEmpty, profilekit.CodePhotoTooLarge, profilekit.CodePhotoUnsupportedFormat,
		profilekit.CodePhotoCorrupt, profilekit.CodePhotoDimensionsTooLarge, profilekit.CodePhotoDimensionsTooSmall,
		profilekit.CodePhotoDecodeTooLarge,
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cost := p.DecodeCost(data)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ph, err := p.Process(context.Background(), bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		if cost >= 0 && cost < math.MaxInt64/2 {
			// The cost computed from the header bounds what the call
			// allocates, besides the upload read (and a little slack for
			// the fuzzing engine's own allocations).
			assert.LessOrEqual(t, int64(after.TotalAlloc-before.TotalAlloc), cost+int64(len(data))+64<<10, "allocated beyond the cost")
		}
		if err != nil {
			var verr *photo.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, 1)
			assert.Equal(t, photo.FieldPhoto, verr.Fields[0].Field)
			assert.Contains(t, codes, verr.Fields[0].Code)
			return
		}
		assert.Equal(t, photo.Sniff(data), ph.Source)
		require.Len(t, ph.Variants, 2)
		for i, v := range ph.Variants {
			assert.Equal(t, []int{64, 16}[i], v.Size)
			assert.Equal(t, ph.Format, photo.Sniff(v.Data))
			m := decodeAny(t, v.Data)
			assert.Equal(t, v.Size, m.Bounds().Dx())
			assert.Equal(t, v.Size, m.Bounds().Dy())
		}
	})
}

// FuzzParseRef reads arbitrary text as a photo reference, as Sweep and
// Avatar do with what a store holds: it must never panic, and it accepts
// only what Ref.String writes, so a reference it accepts is written back
// byte for byte. The seed corpus is in testdata/fuzz/FuzzParseRef.
func FuzzParseRef(f *testing.F) {
	sum := "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"
	for _, s := range []string{
		"jpg:512-" + sum + ",128-" + sum + ",48-" + sum,
		"png:48-" + sum,
		"jpg:128-" + sum + ",512-" + sum,
		"jpg:0512-" + sum,
		"gif:48-" + sum,
		"jpg:",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := photo.ParseRef(s)
		if err != nil {
			assert.Equal(t, photo.Ref{}, r)
			return
		}
		require.NotEmpty(t, r.Variants)
		assert.LessOrEqual(t, len(r.Variants), photo.MaxSizes)
		assert.Equal(t, s, r.String(), "an accepted reference is canonical")
	})
}
