package photo_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile/photo"
)

// assertCode checks that err rejects the photo with code.
func assertCode(t *testing.T, err error, code profilekit.Code) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, photo.ErrInvalid)
	var verr *photo.ValidationError
	require.ErrorAs(t, err, &verr)
	fe, ok := verr.Field(photo.FieldPhoto)
	require.True(t, ok, "no problem for the photo field: %v", err)
	assert.Equal(t, code, fe.Code, "%v", err)
	for _, name := range code.Params() {
		assert.Contains(t, fe.Params, name, "%s carries every parameter of its code", code)
	}
}

// assertParams checks the parameters of the photo's problem.
func assertParams(t *testing.T, err error, want map[string]any) {
	t.Helper()
	var verr *photo.ValidationError
	require.ErrorAs(t, err, &verr)
	fe, ok := verr.Field(photo.FieldPhoto)
	require.True(t, ok, "no problem for the photo field: %v", err)
	assert.Equal(t, want, fe.Params)
}

// assertQuadrants checks the four quadrant colours of a square avatar,
// sampled at the centre of each quadrant.
func assertQuadrants(t *testing.T, m image.Image, want [4]color.Color, tol int) {
	t.Helper()
	n := m.Bounds().Dx()
	pts := [4]image.Point{{n / 4, n / 4}, {3 * n / 4, n / 4}, {n / 4, 3 * n / 4}, {3 * n / 4, 3 * n / 4}}
	names := [4]string{"top left", "top right", "bottom left", "bottom right"}
	for i, p := range pts {
		got := m.At(m.Bounds().Min.X+p.X, m.Bounds().Min.Y+p.Y)
		assert.True(t, near(got, want[i], tol), "%s of %d px: got %v, want %v", names[i], n, got, want[i])
	}
}

var opaqueQuadrants = [4]color.Color{red, green, blue, yellow}

func process(t *testing.T, data []byte, opts *photo.Options) (*photo.Photo, error) {
	t.Helper()
	return photo.NewProcessor(opts).Process(context.Background(), bytes.NewReader(data))
}

func TestProcessEveryFormat(t *testing.T) {
	t.Parallel()
	pic := quadrants(120, 80, false)
	cases := map[photo.Format][]byte{
		photo.JPEG: encodeJPEG(t, pic),
		photo.PNG:  encodePNG(t, pic),
		photo.GIF:  encodeGIF(t, pic),
		photo.WebP: encodeWebP(t, pic),
	}
	for format, data := range cases {
		t.Run(format.String(), func(t *testing.T) {
			ph, err := process(t, data, nil)
			require.NoError(t, err)
			assert.Equal(t, format, ph.Source)
			assert.Equal(t, 120, ph.Width)
			assert.Equal(t, 80, ph.Height)
			assert.Equal(t, photo.JPEG, ph.Format, "an opaque photo gives JPEG avatars")
			require.Len(t, ph.Variants, 3)
			for i, size := range []int{512, 128, 48} {
				v := ph.Variants[i]
				assert.Equal(t, size, v.Size)
				assert.Equal(t, photo.JPEG, v.Format)
				assert.Equal(t, photo.JPEG, photo.Sniff(v.Data))
				m := decodeAny(t, v.Data)
				assert.Equal(t, image.Rect(0, 0, size, size), m.Bounds())
				// The centre square of 120 × 80 is x 20..100: every
				// quadrant is still there.
				assertQuadrants(t, m, opaqueQuadrants, 40)
			}
		})
	}
}

func TestProcessTransparencyGivesPNG(t *testing.T) {
	t.Parallel()
	pic := quadrants(64, 64, true)
	cases := map[photo.Format][]byte{
		photo.PNG:  encodePNG(t, pic),
		photo.GIF:  encodeGIF(t, pic),
		photo.WebP: encodeWebP(t, pic),
	}
	for format, data := range cases {
		t.Run(format.String(), func(t *testing.T) {
			ph, err := process(t, data, nil)
			require.NoError(t, err)
			assert.Equal(t, photo.PNG, ph.Format)
			for _, v := range ph.Variants {
				require.Equal(t, photo.PNG, photo.Sniff(v.Data))
				m := decodeAny(t, v.Data)
				assertQuadrants(t, m, [4]color.Color{red, green, blue, color.NRGBA{}}, 8)
			}
		})
	}
}

// storedFor returns the stored picture that EXIF orientation o shows as
// display. It follows the EXIF definition of the tag, which says where the
// stored image's row 0 and column 0 belong on the display, independently
// of the package's own table.
func storedFor(display *image.NRGBA, o int) *image.NRGBA {
	w, h := display.Rect.Dx(), display.Rect.Dy()
	// row0 and col0: the display side that the stored first row and first
	// column show.
	sides := map[int][2]string{
		1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
		5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"},
	}[o]
	sw, sh := w, h
	if o >= 5 {
		sw, sh = h, w
	}
	s := image.NewNRGBA(image.Rect(0, 0, sw, sh))
	for r := range sh {
		for c := range sw {
			var x, y int
			switch sides[0] {
			case "top":
				y = r
			case "bottom":
				y = h - 1 - r
			case "left":
				x = r
			case "right":
				x = w - 1 - r
			}
			switch sides[1] {
			case "left":
				x = c
			case "right":
				x = w - 1 - c
			case "top":
				y = c
			case "bottom":
				y = h - 1 - c
			}
			s.SetNRGBA(c, r, display.NRGBAAt(x, y))
		}
	}
	return s
}

func TestProcessHonoursEXIFOrientation(t *testing.T) {
	t.Parallel()
	display := quadrants(96, 64, false)
	for o := 1; o <= 8; o++ {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			stored := storedFor(display, o)
			data := withEXIF(encodeJPEG(t, stored), order, o)
			ph, err := process(t, data, &photo.Options{Sizes: []int{64, 16}})
			require.NoError(t, err, "orientation %d", o)
			assert.Equal(t, o, ph.Orientation)
			assert.Equal(t, stored.Rect.Dx(), ph.Width)
			for _, v := range ph.Variants {
				assertQuadrants(t, decodeAny(t, v.Data), opaqueQuadrants, 40)
			}
		}
	}
}

func TestProcessLeavesNoMetadata(t *testing.T) {
	t.Parallel()
	pic := quadrants(64, 64, false)
	secrets := []string{"SECRETCAM", "GPSPOSITION", "SECRET-COMMENT", "Exif", "tEXt"}
	uploads := map[string][]byte{
		"jpeg exif gps comment": withEXIF(encodeJPEG(t, pic), binary.BigEndian, 6),
		"png text":              withPNGChunk(encodePNG(t, pic), pngChunk("tEXt", []byte("Comment\x00SECRET-COMMENT GPSPOSITION SECRETCAM"))),
		"png exif":              withPNGChunk(encodePNG(t, pic), pngChunk("eXIf", exifTIFF(binary.BigEndian, 3))),
	}
	for name, data := range uploads {
		t.Run(name, func(t *testing.T) {
			require.True(t, bytes.Contains(data, []byte("SECRETCAM")), "the upload must hold the secrets")
			ph, err := process(t, data, nil)
			require.NoError(t, err)
			for _, v := range ph.Variants {
				for _, s := range secrets {
					assert.False(t, bytes.Contains(v.Data, []byte(s)), "%d px avatar holds %q", v.Size, s)
				}
				assertOnlyImageSegments(t, v)
			}
		})
	}
}

// assertOnlyImageSegments checks that an avatar's file holds nothing but
// image data: a JPEG no APPn or COM segment, a PNG only IHDR, PLTE, tRNS,
// IDAT and IEND.
func assertOnlyImageSegments(t *testing.T, v photo.Variant) {
	t.Helper()
	d := v.Data
	switch v.Format {
	case photo.JPEG:
		for i := 2; i+4 <= len(d) && d[i] == 0xFF; {
			m := d[i+1]
			assert.False(t, m >= 0xE0 && m <= 0xEF || m == 0xFE, "JPEG avatar has segment 0x%X", m)
			if m == 0xDA {
				break
			}
			i += 2 + int(binary.BigEndian.Uint16(d[i+2:]))
		}
	case photo.PNG:
		for i := 8; i+8 <= len(d); {
			n := int(binary.BigEndian.Uint32(d[i:]))
			typ := string(d[i+4 : i+8])
			assert.Contains(t, []string{"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}, typ)
			i += 12 + n
		}
	}
}

func TestProcessRefusesTinyImages(t *testing.T) {
	t.Parallel()
	for _, size := range []image.Point{{1, 1}, {31, 400}, {400, 31}} {
		_, err := process(t, encodePNG(t, image.NewGray(image.Rect(0, 0, size.X, size.Y))), nil)
		assertCode(t, err, profilekit.CodePhotoDimensionsTooSmall)
	}
	// The smallest accepted.
	ph, err := process(t, encodePNG(t, image.NewGray(image.Rect(0, 0, 32, 32))), nil)
	require.NoError(t, err)
	assert.Equal(t, 512, ph.Variants[0].Size, "small photos are scaled up")
}

// bombs are small files whose headers claim huge dimensions.
func bombs(t testing.TB) map[string][]byte {
	t.Helper()
	ihdr := func(w, h uint32) []byte {
		d := make([]byte, 13)
		binary.BigEndian.PutUint32(d, w)
		binary.BigEndian.PutUint32(d[4:], h)
		d[8], d[9] = 8, 6 // 8-bit RGBA
		return d
	}
	pngBomb := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr(100_000, 100_000))...)
	pngBomb = append(pngBomb, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	pngBomb = append(pngBomb, pngChunk("IEND", nil)...)
	pngPixels := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr(5999, 5999))...)

	j := encodeJPEG(t, quadrants(16, 16, false))
	sof := bytes.Index(j, []byte{0xFF, 0xC0})
	require.Positive(t, sof)
	jpegBomb := append([]byte(nil), j...)
	binary.BigEndian.PutUint16(jpegBomb[sof+5:], 65_000) // height
	binary.BigEndian.PutUint16(jpegBomb[sof+7:], 65_000) // width

	gifBomb := append([]byte("GIF89a"), 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0)

	vp8x := make([]byte, 10)
	vp8x[0] = 0x10 // alpha
	putUint24 := func(b []byte, v uint32) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
	putUint24(vp8x[4:], 19_999)
	putUint24(vp8x[7:], 19_999)
	lossless := make([]byte, 5)
	lossless[0] = 0x2f
	binary.LittleEndian.PutUint32(lossless[1:], 16383|16383<<14)

	return map[string][]byte{
		"png 100000 x 100000":     pngBomb,
		"png 5999 x 5999":         pngPixels,
		"jpeg 65000 x 65000":      jpegBomb,
		"gif 65535 x 65535":       gifBomb,
		"webp vp8x 20000 x 20000": riffWebP(chunkBytes("VP8X", vp8x), chunkBytes("VP8L", lossless)),
		"webp vp8l 16384 x 16384": riffWebP(chunkBytes("VP8L", lossless)),
	}
}

func TestProcessRefusesDecompressionBombsCheaply(t *testing.T) {
	p := photo.NewProcessor(nil)
	ctx := context.Background()
	for name, data := range bombs(t) {
		t.Run(name, func(t *testing.T) {
			_, err := p.Process(ctx, bytes.NewReader(data))
			assertCode(t, err, profilekit.CodePhotoDimensionsTooLarge)

			const runs = 20
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range runs {
				_, _ = p.Process(ctx, bytes.NewReader(data))
			}
			runtime.ReadMemStats(&after)
			perCall := (after.TotalAlloc - before.TotalAlloc) / runs
			t.Logf("%s: %d bytes allocated per refusal", name, perCall)
			assert.Less(t, perCall, uint64(1<<20), "a refused bomb must cost under 1 MiB")
		})
	}
}

func TestProcessRefusesTruncatedAndCorruptFiles(t *testing.T) {
	t.Parallel()
	pic := quadrants(64, 48, false)
	files := map[string][]byte{
		"jpeg": encodeJPEG(t, pic),
		"png":  encodePNG(t, pic),
		"gif":  encodeGIF(t, pic),
		"webp": encodeWebP(t, pic),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			// Every cut that keeps the signature, down to a few bytes.
			for _, n := range []int{12, 20, 40, len(data) / 4, len(data) / 2, len(data) - 30, len(data) - 10} {
				if n <= 12 || n >= len(data) || name == "gif" && n > len(data)*2/5 {
					continue // a cut in the GIF's second frame is not read
				}
				_, err := process(t, data[:n], nil)
				require.Error(t, err, "cut at %d of %d", n, len(data))
				var verr *photo.ValidationError
				require.ErrorAs(t, err, &verr)
				assert.Contains(t, []profilekit.Code{profilekit.CodePhotoCorrupt}, verr.Fields[0].Code, "cut at %d: %v", n, err)
			}
			// Bytes flipped in the middle.
			bad := append([]byte(nil), data...)
			for i := len(bad) / 3; i < len(bad)/3+16; i++ {
				bad[i] ^= 0x5A
			}
			if _, err := process(t, bad, nil); err != nil {
				assert.ErrorIs(t, err, photo.ErrInvalid)
			}
		})
	}
}

func TestProcessIgnoresNamesAndRefusesOtherFormats(t *testing.T) {
	t.Parallel()
	pngData := encodePNG(t, quadrants(64, 64, false))
	// A PNG a client called "me.jpg" with the type image/jpeg: the
	// pipeline takes neither the name nor the type, only the bytes.
	ph, err := process(t, pngData, nil)
	require.NoError(t, err)
	assert.Equal(t, photo.PNG, ph.Source)

	refused := map[string]string{
		"svg":            `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64"/></svg>`,
		"svg with png":   `<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,iVBORw0KGgo="/></svg>` + string(pngData),
		"heic":           "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + strings.Repeat("\x00", 64),
		"avif":           "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + strings.Repeat("\x00", 64),
		"bmp":            "BM" + strings.Repeat("\x00", 64),
		"tiff":           "II*\x00" + strings.Repeat("\x00", 64),
		"html then png":  "<html><body>hi</body></html>" + string(pngData),
		"text":           "this is not an image",
		"riff not webp":  "RIFF\x10\x00\x00\x00WAVEfmt ",
		"one jpeg byte":  "\xff",
		"gif no version": "GIF",
	}
	for name, data := range refused {
		_, err := process(t, []byte(data), nil)
		assertCode(t, err, profilekit.CodePhotoUnsupportedFormat)
		_ = name
	}
	_, err = process(t, nil, nil)
	assertCode(t, err, profilekit.CodePhotoEmpty)
}

func TestProcessPolyglotsLoseTheirPayload(t *testing.T) {
	t.Parallel()
	pic := quadrants(64, 64, false)
	payload := "<script>alert('polyglot')</script>PK\x03\x04zip-entry"
	uploads := map[string][]byte{
		// An image that is also an HTML page or a ZIP archive: valid image
		// bytes, then a payload after the end of the image.
		"png then html and zip":  append(encodePNG(t, pic), payload...),
		"jpeg then html and zip": append(encodeJPEG(t, pic), payload...),
		"gif then html and zip":  append(encodeGIF(t, pic), payload...),
		// The payload inside the image, where a browser sniffing HTML
		// would find it: a JPEG comment.
		"jpeg comment": withJPEGSegments(encodeJPEG(t, pic), jpegSegment(0xFE, []byte(payload))),
	}
	for name, data := range uploads {
		t.Run(name, func(t *testing.T) {
			ph, err := process(t, data, &photo.Options{Sizes: []int{64, 16}})
			require.NoError(t, err)
			for _, v := range ph.Variants {
				assert.False(t, bytes.Contains(v.Data, []byte("script")), "payload survived")
				assert.False(t, bytes.Contains(v.Data, []byte("PK\x03\x04")), "payload survived")
				assertQuadrants(t, decodeAny(t, v.Data), opaqueQuadrants, 40)
			}
		})
	}
}

// endless is a reader that never ends and counts what it gives.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xAB
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestProcessStopsReadingAtTheLimit(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	r := &endless{}
	_, err := photo.NewProcessor(&photo.Options{MaxBytes: limit}).Process(context.Background(), r)
	assertCode(t, err, profilekit.CodePhotoTooLarge)
	assertParams(t, err, map[string]any{"max_bytes": limit})
	assert.Equal(t, int64(limit+1), r.n, "read exactly one byte more than the limit")

	// Exactly the limit is read whole, then judged by its content.
	data := encodePNG(t, quadrants(64, 64, false))
	_, err = photo.NewProcessor(&photo.Options{MaxBytes: int64(len(data))}).Process(context.Background(), bytes.NewReader(data))
	require.NoError(t, err)
	_, err = photo.NewProcessor(&photo.Options{MaxBytes: int64(len(data) - 1)}).Process(context.Background(), bytes.NewReader(data))
	assertCode(t, err, profilekit.CodePhotoTooLarge)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestProcessReturnsReadErrors(t *testing.T) {
	t.Parallel()
	_, err := photo.NewProcessor(nil).Process(context.Background(), io.MultiReader(strings.NewReader("\x89PNG"), failingReader{}))
	require.Error(t, err)
	assert.NotErrorIs(t, err, photo.ErrInvalid)
	assert.ErrorContains(t, err, "photo: read upload: connection reset")
}

func TestProcessSizesAndLimitsAreConfigurable(t *testing.T) {
	t.Parallel()
	data := encodePNG(t, quadrants(300, 200, false))
	p := photo.NewProcessor(&photo.Options{Sizes: []int{64, 256, 64, 0, 99999}})
	assert.Equal(t, []int{photo.MaxSize, 256, 64, 1}, p.Sizes())
	ph, err := photo.NewProcessor(&photo.Options{Sizes: []int{200, 20}}).Process(context.Background(), bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, ph.Variants, 2)
	assert.Equal(t, 200, ph.Variants[0].Size)
	assert.Equal(t, 20, ph.Variants[1].Size)

	_, err = process(t, data, &photo.Options{MaxWidth: 299})
	assertCode(t, err, profilekit.CodePhotoDimensionsTooLarge)
	assertParams(t, err, map[string]any{"width": 300, "height": 200, "max_width": 299,
		"max_height": photo.DefaultMaxSide, "max_pixels": photo.DefaultMaxPixels})
	_, err = process(t, data, &photo.Options{MaxHeight: 199})
	assertCode(t, err, profilekit.CodePhotoDimensionsTooLarge)
	_, err = process(t, data, &photo.Options{MaxPixels: 300*200 - 1})
	assertCode(t, err, profilekit.CodePhotoDimensionsTooLarge)
	_, err = process(t, data, &photo.Options{MinHeight: 201})
	assertCode(t, err, profilekit.CodePhotoDimensionsTooSmall)
	assertParams(t, err, map[string]any{"width": 300, "height": 200, "min_width": photo.DefaultMinSide, "min_height": 201})
}

func TestProcessRefusesJPEGsWithTooManyScans(t *testing.T) {
	t.Parallel()
	data := encodeJPEG(t, quadrants(64, 64, false))
	// Start-of-scan markers after the image stand for the scans of a
	// progressive bomb: the count is what is refused.
	many := append(append([]byte(nil), data...), bytes.Repeat([]byte{0xFF, 0xDA}, 100)...)
	_, err := process(t, many, nil)
	assertCode(t, err, profilekit.CodePhotoCorrupt)
	assertParams(t, err, map[string]any{"scans": 101, "max_scans": photo.DefaultMaxJPEGScans})
	_, err = process(t, many, &photo.Options{MaxJPEGScans: 101})
	require.NoError(t, err)
}

func TestProcessRefusesAWebPWhoseFrameBeliesItsCanvas(t *testing.T) {
	vp8x := make([]byte, 10)
	vp8x[4], vp8x[7] = 99, 99 // a 100 × 100 canvas
	lossless := make([]byte, 5)
	lossless[0] = 0x2f
	binary.LittleEndian.PutUint32(lossless[1:], 16383|16383<<14) // a 16384 × 16384 frame
	data := riffWebP(chunkBytes("VP8X", vp8x), chunkBytes("VP8L", lossless))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := process(t, data, nil)
	runtime.ReadMemStats(&after)
	assertCode(t, err, profilekit.CodePhotoCorrupt)
	assertParams(t, err, nil)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

func TestFormatNamesAndTypes(t *testing.T) {
	t.Parallel()
	want := map[photo.Format][2]string{
		photo.Unknown: {"unknown", "application/octet-stream"},
		photo.JPEG:    {"jpeg", "image/jpeg"},
		photo.PNG:     {"png", "image/png"},
		photo.GIF:     {"gif", "image/gif"},
		photo.WebP:    {"webp", "image/webp"},
	}
	for f, w := range want {
		assert.Equal(t, w[0], f.String())
		assert.Equal(t, w[1], f.ContentType())
	}
	assert.Equal(t, photo.Unknown, photo.Sniff(nil))
	assert.Equal(t, photo.Unknown, photo.Sniff([]byte("RIFF\x00\x00\x00\x00WEB")))
	assert.Equal(t, "Format(9)", photo.Format(9).String())
	assert.Equal(t, "application/octet-stream", photo.Format(9).ContentType())
}

func TestFormatText(t *testing.T) {
	t.Parallel()
	for _, f := range []photo.Format{photo.Unknown, photo.JPEG, photo.PNG, photo.GIF, photo.WebP} {
		text, err := f.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, f.String(), string(text))
		back := photo.Format(-1)
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, f, back)
	}
	_, err := photo.Format(9).MarshalText()
	var verr *photo.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodeFormatUnknown}, verr.Codes())
	f := photo.PNG
	err = f.UnmarshalText([]byte("svg"))
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, `photo: invalid input: format: "svg" is not a known image format (format.unknown)`, err.Error())
	assert.Equal(t, photo.PNG, f, "a failed unmarshal changed the value")
}
