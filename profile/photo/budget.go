package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"math"
)

// The decoding budget: what decoding an upload and making its avatars
// allocates, computed from the header alone before any pixel is decoded.
// The figures are those of the decoders this package uses (image/jpeg,
// image/png, image/gif, golang.org/x/image/webp) and of the Catmull-Rom
// scaler of golang.org/x/image/draw; the memory tests hold the estimate
// above what a decode really allocates.

// costOverhead covers the small allocations of a decode and of the
// encoders: Huffman tables, zlib's window, row buffers, the encoded
// avatars' buffers.
const costOverhead = 1 << 20

// pngEncoder covers the state image/png's encoder allocates for each
// avatar, its deflate compressor's tables and window.
const pngEncoder = 1 << 20

// maxCostSide is the longest side decodeCost computes with; an image
// claiming more costs math.MaxInt64 (and is refused whatever the budget).
const maxCostSide = 1 << 26

// decodeCost returns the most bytes that decoding data, of format f with
// header cfg, and making avatars of the given sizes from it allocate.
func decodeCost(f Format, data []byte, cfg image.Config, sizes []int) int64 {
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w <= 0 || h <= 0 || w > maxCostSide || h > maxCostSide {
		return math.MaxInt64
	}
	var n int64
	switch f {
	case JPEG:
		n = jpegCost(scanJPEG(data), w, h)
	case PNG:
		n = pngCost(data, w, h)
	case GIF:
		n = w * h // the first frame, one byte a pixel, within the screen
	case WebP:
		n = webpCost(data, w, h) + int64(len(data)) // plus the partitions it copies
	default:
		return math.MaxInt64
	}
	return n + resizeCost(min(w, h), sizes) + costOverhead
}

// jpegCost returns what image/jpeg allocates to decode a w × h JPEG: a
// byte for every sample of every component (padded to whole MCUs); in a
// progressive JPEG, 256 bytes of coefficients for every 8 × 8 block of
// every component besides (four bytes a sample), kept until the last
// scan; and, for a CMYK, YCbCrK or RGB JPEG, the 4-byte-a-pixel image it
// converts to. When the frame header cannot be read as the decoder reads
// it, the cost is that of the worst case: four full components,
// progressive, converted.
func jpegCost(info jpegInfo, w, h int64) int64 {
	f := info.frame
	if f == nil || int64(f.width) != w || int64(f.height) != h || (len(f.comps) != 1 && len(f.comps) != 3 && len(f.comps) != 4) {
		padded := (w + 31) * (h + 31)
		return 4*padded*(1+4) + 4*w*h
	}
	h0, v0 := int64(f.comps[0].h), int64(f.comps[0].v)
	if len(f.comps) == 1 {
		h0, v0 = 1, 1 // a grey JPEG is not interleaved: its factors do not count
	}
	if h0 < 1 || v0 < 1 {
		return 0 // the decoder refuses the header before allocating
	}
	mxx, myy := (w+8*h0-1)/(8*h0), (h+8*v0-1)/(8*v0)
	var samples int64
	for _, c := range f.comps {
		hi, vi := int64(c.h), int64(c.v)
		if len(f.comps) == 1 {
			hi, vi = 1, 1
		}
		samples += 64 * mxx * myy * max(hi, 1) * max(vi, 1)
	}
	n := samples
	if f.progressive {
		n += 4 * samples
	}
	rgb := len(f.comps) == 3 && !info.jfif &&
		(info.adobe || f.comps[0].id == 'R' && f.comps[1].id == 'G' && f.comps[2].id == 'B')
	if len(f.comps) == 4 || rgb {
		n += 4 * w * h
	}
	return n
}

// pngCost returns what image/png allocates to decode a w × h PNG: the
// image, one to eight bytes a pixel by colour type and bit depth (and
// whether a tRNS chunk makes it NRGBA), twice for an interlaced (Adam7)
// image, whose seven passes are decoded into images of their own before
// they are merged.
func pngCost(data []byte, w, h int64) int64 {
	const worst = 2 * 8
	if len(data) < 33 || string(data[12:16]) != "IHDR" {
		return worst * w * h
	}
	depth, colour, interlaced := data[24], data[25], data[28] == 1
	trns := pngHasTRNS(data)
	var bpp int64
	switch colour {
	case 0: // grey
		bpp = 1
		if depth == 16 {
			bpp = 2
		}
		if trns {
			bpp = 4 * bpp
		}
	case 2, 4, 6: // RGB, grey and alpha, RGBA
		bpp = 4
		if depth == 16 {
			bpp = 8
		}
	case 3: // paletted
		bpp = 1
	default:
		return worst * w * h
	}
	n := bpp * w * h
	if interlaced {
		n *= 2
	}
	return n
}

// pngHasTRNS reports whether a tRNS chunk comes before the first IDAT
// chunk (after it, image/png refuses it), or whether the chunks cannot be
// walked to the first IDAT.
func pngHasTRNS(data []byte) bool {
	for i := 8; i+8 <= len(data); {
		n := int64(binary.BigEndian.Uint32(data[i:]))
		switch typ := data[i+4 : i+8]; {
		case bytes.Equal(typ, []byte("IDAT")):
			return false
		case bytes.Equal(typ, []byte("tRNS")):
			return true
		}
		next := int64(i) + 12 + n
		if next > int64(len(data)) {
			break
		}
		i = int(next)
	}
	return true
}

// webpCost returns what golang.org/x/image/webp allocates to decode a
// w × h WebP: a simple lossy file ("VP8 " first) is YCbCr 4:2:0 over whole
// 16 × 16 macroblocks (384 bytes a macroblock); any other (VP8X, whose
// header's colour model does not tell what follows, or VP8L) the more of
// a lossy image with an alpha plane, which is VP8L-compressed and decoded
// as an NRGBA image first (five bytes a pixel more), and a lossless one,
// NRGBA decoded twice when a colour-indexing transform widens it (eight
// bytes a pixel).
func webpCost(data []byte, w, h int64) int64 {
	lossy := 384 * ((w + 15) / 16) * ((h + 15) / 16)
	if len(data) >= 16 && string(data[12:16]) == "VP8 " {
		return lossy
	}
	return max(lossy+5*w*h, 8*w*h)
}

// resizeCost returns what making the avatars of the given sizes, largest
// first, from a side × side crop allocates: for each size, the Catmull-Rom
// scaler's intermediate image (four float64s for each destination column
// and source row, 32 bytes), its tables of weights, the square (4 bytes a
// pixel), the oriented copy of the largest, and the encoder's buffers
// (image/png's deflate state alone is about 830 KiB an avatar).
func resizeCost(side int64, sizes []int) int64 {
	var n int64
	src := side
	for i, size := range sizes {
		s := int64(size)
		n += 32 * s * src               // intermediate
		n += 2 * (64*src + 128*s)       // weights, both axes
		n += 4*s*s + 8*s*s + pngEncoder // the square, the encoder
		if i == 0 {
			n += 4 * s * s // oriented copy
		}
		src = s
	}
	return n
}
