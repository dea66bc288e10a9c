package photo_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"
)

// The quadrant colours of the test pictures: whatever way a picture is
// stored, its display shows red top left, green top right, blue bottom
// left and yellow bottom right around its centre.
var (
	red    = color.NRGBA{0xff, 0, 0, 0xff}
	green  = color.NRGBA{0, 0xff, 0, 0xff}
	blue   = color.NRGBA{0, 0, 0xff, 0xff}
	yellow = color.NRGBA{0xff, 0xff, 0, 0xff}
)

// quadrants returns a w × h picture in the four quadrant colours; when
// clear is set, the bottom-right quadrant is transparent instead.
func quadrants(w, h int, clear bool) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, quadrantColour(x, y, w, h, clear))
		}
	}
	return m
}

// quadrantColour is the colour of (x, y) in a w × h quadrant picture.
func quadrantColour(x, y, w, h int, clear bool) color.NRGBA {
	left, top := x < w/2, y < h/2
	switch {
	case top && left:
		return red
	case top:
		return green
	case left:
		return blue
	case clear:
		return color.NRGBA{}
	}
	return yellow
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}))
	return b.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, m))
	return b.Bytes()
}

// encodeGIF encodes m with a palette of the quadrant colours and a
// transparent entry, and a second frame that must be ignored.
func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	pal := color.Palette{red, green, blue, yellow, color.NRGBA{}}
	first := image.NewPaletted(m.Bounds(), pal)
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			first.Set(x, y, m.At(x, y))
		}
	}
	second := image.NewPaletted(m.Bounds(), pal) // all red
	var b bytes.Buffer
	require.NoError(t, gif.EncodeAll(&b, &gif.GIF{Image: []*image.Paletted{first, second}, Delay: []int{10, 10}}))
	return b.Bytes()
}

// bitWriter writes the least significant bits first, as VP8L wants.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nbits > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nbits = 0, 0
	}
	return w.buf
}

// encodeWebP encodes m as a lossless WebP (VP8L) file. It writes the
// simplest bitstream the format allows: no transforms, no colour cache and
// one "simple" prefix code of one or two symbols per channel, so every
// channel of m may take at most two values (the quadrant pictures do).
func encodeWebP(t testing.TB, m *image.NRGBA) []byte {
	t.Helper()
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint64(w-1), 14)
	bw.write(uint64(h-1), 14)
	bw.write(1, 1) // alpha is used
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	// Channels in the order the codes come: green, red, blue, alpha.
	order := [4]int{1, 0, 2, 3}
	var symbols [4][]byte
	for c, ch := range order {
		seen := map[byte]bool{}
		for i := 0; i < len(m.Pix); i += 4 {
			seen[m.Pix[i+ch]] = true
		}
		for v := range 256 {
			if seen[byte(v)] {
				symbols[c] = append(symbols[c], byte(v))
			}
		}
		require.LessOrEqual(t, len(symbols[c]), 2, "channel %d has more than two values", ch)
		bw.write(1, 1) // simple code
		bw.write(uint64(len(symbols[c])-1), 1)
		bw.write(1, 1) // 8-bit symbols
		for _, s := range symbols[c] {
			bw.write(uint64(s), 8)
		}
	}
	// The distance code: one symbol, never used.
	bw.write(1, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	for i := 0; i < len(m.Pix); i += 4 {
		for c, ch := range order {
			if len(symbols[c]) == 2 && m.Pix[i+ch] == symbols[c][1] {
				bw.write(1, 1)
			} else if len(symbols[c]) == 2 {
				bw.write(0, 1)
			}
		}
	}
	return riffWebP(chunkBytes("VP8L", bw.bytes()))
}

// riffWebP wraps chunks in a RIFF WEBP container.
func riffWebP(chunks ...[]byte) []byte {
	var b bytes.Buffer
	body := bytes.Join(chunks, nil)
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+len(body)))
	b.WriteString("WEBP")
	b.Write(body)
	return b.Bytes()
}

// chunkBytes returns a RIFF chunk, padded to an even length.
func chunkBytes(fourCC string, data []byte) []byte {
	var b bytes.Buffer
	b.WriteString(fourCC)
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(data)))
	b.Write(data)
	if len(data)%2 == 1 {
		b.WriteByte(0)
	}
	return b.Bytes()
}

// pngChunk returns a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// withPNGChunk inserts a chunk after a PNG's IHDR.
func withPNGChunk(p []byte, chunk []byte) []byte {
	const ihdrEnd = 8 + 8 + 13 + 4
	return append(append(append([]byte(nil), p[:ihdrEnd]...), chunk...), p[ihdrEnd:]...)
}

// exifTIFF returns a TIFF structure for an APP1 Exif segment with IFD0
// holding Orientation (when o > 0), Make and a GPS IFD pointer, and a GPS
// IFD with a latitude reference and a serial-like string.
func exifTIFF(order binary.ByteOrder, o int) []byte {
	var b bytes.Buffer
	if order == binary.LittleEndian {
		b.WriteString("II")
	} else {
		b.WriteString("MM")
	}
	w := func(v any) { _ = binary.Write(&b, order, v) }
	w(uint16(42))
	w(uint32(8))
	// IFD0 at 8: three entries (12 bytes each) and the next-IFD offset.
	const ifd0 = 8
	const n0 = 3
	makeAt := uint32(ifd0 + 2 + n0*12 + 4)
	makeText := "SECRETCAM-SN-12345\x00"
	gpsAt := makeAt + uint32(len(makeText))
	w(uint16(n0))
	if o > 0 {
		w(uint16(0x0112))
		w(uint16(3))
		w(uint32(1))
		w(uint16(o))
		w(uint16(0))
	} else {
		w(uint16(0x0131)) // Software
		w(uint16(2))
		w(uint32(1))
		w(uint32(0))
	}
	w(uint16(0x010F)) // Make
	w(uint16(2))
	w(uint32(len(makeText)))
	w(makeAt)
	w(uint16(0x8825)) // GPS IFD pointer
	w(uint16(4))
	w(uint32(1))
	w(gpsAt)
	w(uint32(0))
	b.WriteString(makeText)
	// GPS IFD: GPSLatitudeRef "N" and GPSAreaInformation text.
	area := "GPSPOSITION-51.5007N\x00"
	w(uint16(2))
	w(uint16(0x0001))
	w(uint16(2))
	w(uint32(2))
	b.WriteString("N\x00\x00\x00")
	w(uint16(0x001C))
	w(uint16(7))
	w(uint32(len(area)))
	w(gpsAt + 2 + 2*12 + 4)
	w(uint32(0))
	b.WriteString(area)
	return b.Bytes()
}

// jpegSegment returns a marker segment.
func jpegSegment(marker byte, payload []byte) []byte {
	out := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(payload)+2))
	return append(out, payload...)
}

// withJPEGSegments inserts segments right after a JPEG's SOI.
func withJPEGSegments(j []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), j[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

// withEXIF adds an APP1 Exif segment with orientation o (and GPS data, a
// camera serial) and a comment to a JPEG.
func withEXIF(j []byte, order binary.ByteOrder, o int) []byte {
	return withJPEGSegments(j,
		jpegSegment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(order, o)...)),
		jpegSegment(0xFE, []byte("SECRET-COMMENT")),
	)
}

// decodeAny decodes a JPEG or PNG avatar.
func decodeAny(t testing.TB, data []byte) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	return m
}

// near reports whether two colours differ by at most tol in each channel
// (JPEG is lossy).
func near(a, b color.Color, tol int) bool {
	n1 := color.NRGBAModel.Convert(a).(color.NRGBA)
	n2 := color.NRGBAModel.Convert(b).(color.NRGBA)
	d := func(x, y uint8) bool { return max(int(x)-int(y), int(y)-int(x)) <= tol }
	return d(n1.R, n2.R) && d(n1.G, n2.G) && d(n1.B, n2.B) && d(n1.A, n2.A)
}
