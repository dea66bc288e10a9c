package notify

import (
	"html"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// FuzzCleanFastPath checks that the fast path of Preview agrees with the
// full cleaning: a text clean calls clean comes out of it unchanged.
func FuzzCleanFastPath(f *testing.F) {
	for _, s := range []string{"hello world", " a", "a ", "a  b", "\uFFFD", "\xff", "a\u00a0b", "é 👋", "a&b", "x\u202ey", "",
		"a\u200bb", "\u2800", "a\u200db", "❤\ufe0f", "\ufff9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !clean(s) {
			return
		}
		if full := cleanSpace(html.UnescapeString(stripTags(strings.ToValidUTF8(s, "\uFFFD")))); full != s {
			t.Fatalf("clean(%q) but the full cleaning gives %q", s, full)
		}
	})
}

// TestDefaultIgnorableIsDerivedFromUnicode recomputes
// Default_Ignorable_Code_Point as DerivedCoreProperties.txt defines it,
// from the tables of Go's unicode package, and compares it with
// defaultIgnorable over every code point.
func TestDefaultIgnorableIsDerivedFromUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		derived := (unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Variation_Selector, r)) &&
			!unicode.Is(unicode.White_Space, r) && !(r >= 0xFFF9 && r <= 0xFFFB) && !(r >= 0x13430 && r <= 0x1343F) &&
			!unicode.Is(unicode.Prepended_Concatenation_Mark, r)
		if derived != unicode.Is(defaultIgnorable, r) {
			t.Fatalf("U+%04X: derived %v, table %v (unicode.Version %s)", r, derived, !derived, unicode.Version)
		}
	}
	assert.True(t, invisible('\uFFF9'), "interlinear annotation controls count as invisible")
	assert.False(t, invisible('\u2800'), "U+2800 is not default ignorable: Preview takes it for a space")
}

func TestFlagTags(t *testing.T) {
	tags := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteRune(0xE0000 + c)
		}
		return b.String() + string(cancelTag)
	}
	for _, name := range []string{"gbeng", "gbsct", "gbwls"} {
		assert.Equal(t, len(tags(name)), flagTags(tags(name)+"!"), name)
	}
	for _, s := range []string{"", "!", tags("gbeng")[:4], tags("gbenx"), tags("gb"), tags("gbengx"), strings.TrimSuffix(tags("gbeng"), string(cancelTag))} {
		assert.Zero(t, flagTags(s), "%+q", s)
	}
}
