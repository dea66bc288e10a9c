package photo_test

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile/photo"
)

func TestInitialsAreGraphemesOfTheFirstAndLastWords(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Ada Lovelace":            "AL",
		"ada":                     "A",
		"  Ada   Augusta  King  ": "AK",
		"élodie durand":           "ÉD",
		"e\u0301lodie durand":     "ÉD", // decomposed: one cluster, NFC
		"Сергей Петров":           "СП",
		"Σωκράτης Παππάς":         "ΣΠ",
		"王小明":                     "王",
		"이 민준":                    "이민",
		"محمد علي":                "مع",
		"नमस्ते दुनिया":           "नदु",
		"(Ada) \"Lovelace\"":      "AL",
		"🙂 Ada":                   "A",
		"🙂🙂":                      "",
		"":                        "",
		"ßtraße Weg":              "ßW",
		"9lives Cat":              "9C",
		"👩‍💻 Grace Hopper":        "GH",
		"o\u0308\u0301ne two":     "Ö́T",
	}
	for name, want := range cases {
		assert.Equal(t, want, photo.Initials(name), "%q", name)
	}
}

func TestColourIsStableAndSpreads(t *testing.T) {
	t.Parallel()
	assert.Equal(t, photo.Colour("agent-1"), photo.Colour("agent-1"))
	seen := map[color.RGBA]bool{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		c := photo.Colour(id)
		assert.Equal(t, uint8(0xff), c.A)
		// Dark enough for white text: relative luminance well under
		// white's.
		lum := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
		assert.Less(t, lum, 140.0, "%v", c)
		seen[c] = true
	}
	assert.Greater(t, len(seen), 5)
}

// light reports whether a pixel is near white (drawn), not the background.
func light(m image.Image, x, y int) bool {
	r, g, b, _ := m.At(x, y).RGBA()
	return r > 0xc000 && g > 0xc000 && b > 0xc000
}

// anyLight reports whether any pixel of the middle third is near white.
func anyLight(m image.Image) bool {
	n := m.Bounds().Dx()
	for y := n / 3; y < 2*n/3; y++ {
		for x := n / 3; x < 2*n/3; x++ {
			if light(m, x, y) {
				return true
			}
		}
	}
	return false
}

func TestDefaultAvatarDrawsInitialsOrASilhouette(t *testing.T) {
	t.Parallel()
	const n = 128
	silhouette := func(m image.Image) bool { return light(m, n/2, n*40/100) && light(m, n/2, n-2) }

	latin := photo.NewDefault("agent-1", "Ada Lovelace")
	data, err := latin.PNG(n)
	require.NoError(t, err)
	m := decodeAny(t, data)
	assert.Equal(t, image.Rect(0, 0, n, n), m.Bounds())
	assert.True(t, anyLight(m), "the initials are drawn")
	assert.False(t, silhouette(m))
	bg := color.RGBAModel.Convert(m.At(1, 1)).(color.RGBA)
	assert.Equal(t, latin.Background, bg, "the corner shows the agent's colour")

	for _, name := range []string{"Сергей Петров", "Σωκράτης"} {
		m := photo.NewDefault("agent-1", name).Image(n)
		assert.True(t, anyLight(m), "%s: the font has these letters", name)
		assert.False(t, silhouette(m), name)
	}
	// Scripts the font lacks, and names without letters: a silhouette.
	for _, name := range []string{"王小明", "محمد علي", "🙂", ""} {
		m := photo.NewDefault("agent-1", name).Image(n)
		assert.True(t, silhouette(m), "%q", name)
	}
	// The first initial alone when only it can be drawn.
	mixed := photo.NewDefault("agent-1", "Ada 王")
	assert.Equal(t, "A王", mixed.Initials)
	assert.Equal(t, latin.Initials[:1], "A")
	assert.False(t, silhouette(mixed.Image(n)))

	assert.Equal(t, image.Rect(0, 0, 1, 1), latin.Image(-5).Bounds())
	assert.Equal(t, image.Rect(0, 0, photo.MaxSize, photo.MaxSize), latin.Image(1<<20).Bounds())
}

func TestDefaultAvatarETagFollowsWhatIsDrawn(t *testing.T) {
	t.Parallel()
	a := photo.NewDefault("agent-1", "Ada Lovelace")
	assert.Equal(t, a.ETag(48), photo.NewDefault("agent-1", "Ada Lovelace").ETag(48))
	assert.NotEqual(t, a.ETag(48), a.ETag(128))
	assert.NotEqual(t, a.ETag(48), photo.NewDefault("agent-2", "Ada Lovelace").ETag(48))
	assert.NotEqual(t, a.ETag(48), photo.NewDefault("agent-1", "Grace Hopper").ETag(48))
}
