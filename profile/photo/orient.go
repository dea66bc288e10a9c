package photo

import "image"

// orient returns the square image m turned the way EXIF orientation o
// (1 to 8) says the stored pixels are to be shown; for 1, and any value
// out of range, it returns m itself.
//
// Orientation o says where the stored image's first row and first column
// belong on the display (EXIF 2.32, tag 0x0112): 2 is mirrored left to
// right, 3 turned 180°, 4 mirrored top to bottom, 5 transposed, 6 to be
// turned 90° clockwise, 7 transversed, 8 to be turned 90°
// counter-clockwise. On a square centre crop each of them is a
// permutation of the pixels, so the pipeline applies it to the small
// avatar rather than to the full photo.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	n := m.Rect.Dx()
	out := image.NewRGBA(image.Rect(0, 0, n, n))
	last := n - 1
	for y := range n {
		for x := range n {
			// (sx, sy) is the stored pixel shown at (x, y).
			var sx, sy int
			switch o {
			case 2:
				sx, sy = last-x, y
			case 3:
				sx, sy = last-x, last-y
			case 4:
				sx, sy = x, last-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, last-x
			case 7:
				sx, sy = last-y, last-x
			case 8:
				sx, sy = last-y, x
			}
			si := m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy)
			di := out.PixOffset(x, y)
			copy(out.Pix[di:di+4], m.Pix[si:si+4])
		}
	}
	return out
}
