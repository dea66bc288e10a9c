package photo_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// Hostile files: small uploads whose headers declare large images that the
// decoders would hold in memory several times over. They are built here,
// byte by byte, from the formats' specifications (no file is fetched).

// jpegSpec describes a JPEG of one flat grey that flatJPEG builds.
type jpegSpec struct {
	w, h int
	// comps is 1 (grey), 3 (YCbCr, or RGB with adobe) or 4 (Adobe CMYK).
	comps int
	// hs × vs sample the first component (and the fourth): 1 × 1 is
	// 4:4:4, 2 × 2 with three components 4:2:0; the others are 1 × 1.
	hs, vs      int
	progressive bool
	// adobe adds an APP14 Adobe segment with transform 0: RGB for three
	// components, CMYK for four.
	adobe bool
}

// progressiveJPEG returns a progressive JPEG (SOF2) of w × h pixels with
// comps components, sampled hs × vs (see jpegSpec). It has one scan, the
// DC coefficients of every component, each zero: one bit a block, so a
// 6000 × 4000 file is about 140 KB (187 KB in CMYK), while the decoder
// keeps 256 bytes of coefficients for every block.
func progressiveJPEG(w, h, comps, hs, vs int) []byte {
	return flatJPEG(jpegSpec{w: w, h: h, comps: comps, hs: hs, vs: vs, progressive: true, adobe: comps == 4})
}

// baselineJPEG returns a baseline JPEG (SOF0) laid out as progressiveJPEG's,
// every block a zero DC and an end of block: two bits a block.
func baselineJPEG(w, h, comps, hs, vs int) []byte {
	return flatJPEG(jpegSpec{w: w, h: h, comps: comps, hs: hs, vs: vs, adobe: comps == 4})
}

// flatJPEG returns the JPEG s describes, built segment by segment.
func flatJPEG(s jpegSpec) []byte {
	var b bytes.Buffer
	seg := func(marker byte, payload []byte) {
		b.Write([]byte{0xFF, marker})
		_ = binary.Write(&b, binary.BigEndian, uint16(len(payload)+2))
		b.Write(payload)
	}
	b.Write([]byte{0xFF, 0xD8}) // SOI
	if s.adobe {
		seg(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")) // APP14, transform 0
	}
	seg(0xDB, append([]byte{0x00}, bytes.Repeat([]byte{1}, 64)...)) // DQT 0, all ones
	sof := []byte{8, byte(s.h >> 8), byte(s.h), byte(s.w >> 8), byte(s.w), byte(s.comps)}
	for i := range s.comps {
		hv := byte(0x11)
		if i == 0 || i == 3 {
			hv = byte(s.hs<<4 | s.vs)
		}
		sof = append(sof, byte(i+1), hv, 0)
	}
	bitsPerBlock, se := 1, byte(0) // DC only
	if s.progressive {
		seg(0xC2, sof) // SOF2
	} else {
		seg(0xC0, sof) // SOF0
		bitsPerBlock, se = 2, 63
	}
	// DHT: DC table 0 with one code, "0", for category 0 (a zero
	// difference), and AC table 0 with one code, "0", for end of block.
	seg(0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...))
	seg(0xC4, append([]byte{0x10, 1}, append(make([]byte, 15), 0)...))
	sos := []byte{byte(s.comps)}
	for i := range s.comps {
		sos = append(sos, byte(i+1), 0x00)
	}
	seg(0xDA, append(sos, 0, se, 0)) // Ss = 0, Se; Ah = Al = 0

	// One interleaved scan: each MCU holds hs × vs blocks of the first
	// component (and of the fourth), one of each other.
	mcus := ((s.w + 8*s.hs - 1) / (8 * s.hs)) * ((s.h + 8*s.vs - 1) / (8 * s.vs))
	perMCU := s.comps - 1 + s.hs*s.vs
	if s.comps == 4 {
		perMCU = 2 + 2*s.hs*s.vs
	}
	if s.comps == 1 {
		mcus, perMCU = ((s.w+7)/8)*((s.h+7)/8), 1
	}
	bits := mcus * perMCU * bitsPerBlock
	b.Write(make([]byte, bits/8))
	if bits%8 != 0 {
		b.WriteByte(0xFF >> (bits % 8)) // padding with one bits
	}
	b.Write([]byte{0xFF, 0xD9}) // EOI
	return b.Bytes()
}

// interlacedPNG returns an Adam7-interlaced PNG of w × h pixels, 16 bits
// a sample, RGBA (colour type 6), every pixel zero: about 190 KB for
// 6000 × 4000, which the decoder turns into a 192 MB image, plus as much
// again for the seven passes it decodes before merging them.
func interlacedPNG(tb testing.TB, w, h int) []byte { return zeroPNG(tb, w, h, 6, 16, true, false) }

// zeroPNG returns a PNG of w × h pixels of colour type colour and bit
// depth depth, every sample zero, Adam7-interlaced or not, with a tRNS
// chunk or not (grey or RGB only). A paletted PNG has a one-colour PLTE.
func zeroPNG(tb testing.TB, w, h int, colour, depth byte, interlaced, trns bool) []byte {
	var out bytes.Buffer
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		out.WriteString(typ)
		out.Write(data)
		_ = binary.Write(&out, binary.BigEndian, c.Sum32())
	}
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, colour
	if interlaced {
		ihdr[12] = 1 // Adam7
	}
	chunk("IHDR", ihdr)
	if colour == 3 {
		chunk("PLTE", []byte{128, 128, 128})
	}
	if trns {
		chunk("tRNS", make([]byte, map[byte]int{0: 2, 2: 6}[colour]))
	}

	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	bitsPerPixel := int(depth) * map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
	rowBytes := func(pw int) int { return 1 + (pw*bitsPerPixel+7)/8 } // filter type 0, then the samples
	row := make([]byte, rowBytes(w))
	passes := [][4]int{{0, 0, 1, 1}}
	if interlaced {
		passes = [][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	}
	for _, p := range passes {
		pw := (w - p[0] + p[2] - 1) / p[2]
		ph := (h - p[1] + p[3] - 1) / p[3]
		if pw <= 0 || ph <= 0 {
			continue
		}
		for range ph {
			if _, err := z.Write(row[:rowBytes(pw)]); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
