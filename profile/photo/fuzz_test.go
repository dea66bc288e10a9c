package photo_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile/photo"
)

// FuzzProcess feeds arbitrary bytes to the pipeline: it must never panic,
// and must either refuse them with a photo code or return avatars of the
// configured sizes in the format it says. The seed corpus is in
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

	p := photo.NewProcessor(&photo.Options{
		MaxBytes: 1 << 20, MaxWidth: 1024, MaxHeight: 1024, MaxPixels: 1 << 18,
		Sizes: []int{64, 16}, MaxConcurrent: 1,
	})
	codes := []profilekit.Code{
		profilekit.CodePhotoEmpty, profilekit.CodePhotoTooLarge, profilekit.CodePhotoUnsupportedFormat,
		profilekit.CodePhotoCorrupt, profilekit.CodePhotoDimensionsTooLarge, profilekit.CodePhotoDimensionsTooSmall,
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ph, err := p.Process(context.Background(), bytes.NewReader(data))
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
