package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Default is an agent's default avatar: initials on a colour derived from
// the agent's ID, or a neutral silhouette when the initials cannot be
// drawn. It is a value; drawing it is safe for concurrent use.
type Default struct {
	// Initials are at most two user-perceived characters (see Initials).
	Initials string
	// Background is the colour derived from the agent's ID.
	Background color.RGBA
}

// NewDefault returns the default avatar of agent agentID whose shown name
// is name (the public name: the name customers see).
func NewDefault(agentID, name string) Default {
	return Default{Initials: Initials(name), Background: Colour(agentID)}
}

// Initials returns the initials of name: the first user-perceived
// character (grapheme cluster) that starts with a letter or digit of the
// first word and of the last word, upper-cased where the script has case,
// in Unicode NFC. Words without a letter or digit (emoji, symbols) are
// skipped; one word gives one initial; a name with no letter or digit
// gives "". Any script works: "Ada Lovelace" gives "AL", "élodie
// durand" "ÉD", "Сергей Петров" "СП", "王小明" "王", "이 민준" "이민".
func Initials(name string) string {
	var first, last string
	for _, w := range strings.Fields(name) {
		g := firstLetter(w)
		if g == "" {
			continue // a word of symbols or emoji only
		}
		if first == "" {
			first = g
		} else {
			last = g
		}
	}
	return norm.NFC.String(first + last)
}

// firstLetter returns the first grapheme cluster of word that starts with
// a letter or digit, upper-cased when that keeps it one cluster ("ß"
// would become "SS").
func firstLetter(word string) string {
	state := -1
	rest := word
	for len(rest) > 0 {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		r := []rune(g)[0]
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			continue
		}
		if up := cases.Upper(language.Und).String(g); uniseg.GraphemeClusterCount(up) == 1 {
			return up
		}
		return g
	}
	return ""
}

// Colour returns the background colour of agentID's default avatar: a hue
// taken from the SHA-256 of the ID, at a saturation and lightness dark
// enough for white initials.
func Colour(agentID string) color.RGBA {
	sum := sha256.Sum256([]byte(agentID))
	hue := float64((int(sum[0])<<8|int(sum[1]))%360) / 360
	return hsl(hue, 0.55, 0.38)
}

// hsl converts a colour from hue, saturation and lightness (each 0 to 1).
func hsl(h, s, l float64) color.RGBA {
	q := l + s - l*s
	if l < 0.5 {
		q = l * (1 + s)
	}
	p := 2*l - q
	channel := func(t float64) uint8 {
		t -= math.Floor(t)
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(v * 255))
	}
	return color.RGBA{channel(h + 1.0/3), channel(h), channel(h - 1.0/3), 0xff}
}

// ETag returns a strong validator of the avatar drawn at size pixels.
func (d Default) ETag(size int) string {
	sum := sha256.Sum256([]byte("photo.Default v1\x00" + d.Initials + "\x00" +
		hex.EncodeToString([]byte{d.Background.R, d.Background.G, d.Background.B}) + "\x00" + strconv.Itoa(size)))
	return hex.EncodeToString(sum[:16])
}

// PNG draws the avatar at size × size pixels (clamped to 1..MaxSize) and
// encodes it as PNG.
func (d Default) PNG(size int) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, d.Image(size)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Image draws the avatar at size × size pixels (clamped to 1..MaxSize):
// the initials in white, centred, when the Go Bold font has a glyph for
// every character of them; otherwise the first initial alone if the font
// has it; otherwise a silhouette.
func (d Default) Image(size int) *image.RGBA {
	size = min(max(size, 1), MaxSize)
	m := image.NewRGBA(image.Rect(0, 0, size, size))
	bg := d.Background
	bg.A = 0xff
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = bg.R, bg.G, bg.B, 0xff
	}
	f, err := opentype.Parse(gobold.TTF)
	if err == nil {
		if text := drawable(f, d.Initials); text != "" && drawText(m, f, text) == nil {
			return m
		}
	}
	drawSilhouette(m)
	return m
}

// drawable returns the part of initials the font can draw: all of them,
// the first grapheme cluster, or "".
func drawable(f *sfnt.Font, initials string) string {
	var buf sfnt.Buffer
	has := func(s string) bool {
		for _, r := range s {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				return false
			}
		}
		return s != ""
	}
	if has(initials) {
		return initials
	}
	first, _, _, _ := uniseg.FirstGraphemeClusterInString(initials, -1)
	if has(first) {
		return first
	}
	return ""
}

// drawText draws text in white, centred in m, at most 70% of m's width.
func drawText(m *image.RGBA, f *sfnt.Font, text string) error {
	size := float64(m.Rect.Dx())
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size * 0.42, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return err
	}
	bounds, _ := font.BoundString(face, text)
	if w := float64(bounds.Max.X-bounds.Min.X) / 64; w > size*0.7 {
		_ = face.Close()
		face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: size * 0.42 * size * 0.7 / w, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return err
		}
		bounds, _ = font.BoundString(face, text)
	}
	defer face.Close()
	full := fixed.I(m.Rect.Dx())
	dot := fixed.Point26_6{
		X: (full-(bounds.Max.X-bounds.Min.X))/2 - bounds.Min.X,
		Y: (full-(bounds.Max.Y-bounds.Min.Y))/2 - bounds.Min.Y,
	}
	dr := font.Drawer{Dst: m, Src: image.NewUniform(color.White), Face: face, Dot: dot}
	dr.DrawString(text)
	return nil
}

// drawSilhouette draws a neutral head and shoulders, anti-aliased, in
// translucent white.
func drawSilhouette(m *image.RGBA) {
	n := float64(m.Rect.Dx())
	type ellipse struct{ cx, cy, rx, ry float64 }
	shapes := [2]ellipse{
		{0.5 * n, 0.40 * n, 0.19 * n, 0.19 * n}, // head
		{0.5 * n, 0.98 * n, 0.36 * n, 0.34 * n}, // shoulders
	}
	const alpha = 0.85
	for y := range m.Rect.Dy() {
		for x := range m.Rect.Dx() {
			px, py := float64(x)+0.5, float64(y)+0.5
			cover := 0.0
			for _, e := range shapes {
				dx, dy := (px-e.cx)/e.rx, (py-e.cy)/e.ry
				// Distance to the edge in pixels, roughly, for the
				// anti-aliasing ramp.
				edge := (1 - math.Sqrt(dx*dx+dy*dy)) * min(e.rx, e.ry)
				cover = max(cover, min(max(edge+0.5, 0), 1))
			}
			if cover == 0 {
				continue
			}
			a := cover * alpha
			i := m.PixOffset(x, y)
			for c := range 3 {
				m.Pix[i+c] = uint8(math.Round(float64(m.Pix[i+c])*(1-a) + 255*a))
			}
		}
	}
}
