package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
)

func TestFreeAccepts(t *testing.T) {
	for in, want := range map[string]string{
		"Lunch 🍜":                "Lunch 🍜",
		"  Déjeuner   au  parc ": "Déjeuner au parc",
		"\tmeeting\n":            "meeting",
		"会議中":                    "会議中",
		"":                       "",
		"   ":                    "",
		"\u00a0\u3000":           "",     // no-break and ideographic spaces only
		"Ｆｕｌｌ":                   "Full", // width-mapped
		"🇬🇧 call":                "🇬🇧 call",
	} {
		got, fe := Free("reason", in, 200, 800)
		require.Nil(t, fe, "%q: %v", in, fe)
		assert.Equal(t, want, got, "%q", in)
	}
}

func TestFreeRefusesDisallowedCharacters(t *testing.T) {
	for _, in := range []string{
		"evil\u202Etxt.exe", // right-to-left override
		"a\u202Ab",          // left-to-right embedding
		"a\u2066b",          // left-to-right isolate
		"zero\u200Bwidth",   // zero-width space
		"zero\u200Cjoiner",  // zero-width non-joiner outside its context
		"bom\uFEFF",         // zero-width no-break space
		"soft\u00ADhyphen",  // soft hyphen (format)
		"line\nbreak",
		"nul\x00",
		"bell\a",
		"\xff\xfe",
		"unassigned \U000E0080",
		"private \uE000",
	} {
		_, fe := Free("reason", in, 200, 800)
		require.NotNil(t, fe, "%q was accepted", in)
		assert.Equal(t, "reason", fe.Field)
		assert.Equal(t, profilekit.CodeTextDisallowedChars, fe.Code, "%q", in)
		assert.NotContains(t, fe.Message, in)
	}
}

func TestFreeCaps(t *testing.T) {
	_, fe := Free("reason", strings.Repeat("é", 10), 10, 20)
	assert.Nil(t, fe, "10 characters of 2 bytes fit both caps")
	_, fe = Free("reason", strings.Repeat("é", 11), 10, 100)
	require.NotNil(t, fe)
	assert.Equal(t, profilekit.CodeTextTooLong, fe.Code, "characters")
	assert.Equal(t, map[string]any{"max": 10, "max_bytes": 100}, fe.Params)
	assert.Equal(t, "must be at most 10 characters (100 bytes)", fe.Message)
	_, fe = Free("reason", strings.Repeat("🍜", 10), 10, 39)
	require.NotNil(t, fe)
	assert.Equal(t, profilekit.CodeTextTooLong, fe.Code, "bytes")
	assert.Equal(t, map[string]any{"max": 10, "max_bytes": 39}, fe.Params)
	// One letter with many combining marks is one character and many bytes.
	_, fe = Free("reason", "a"+strings.Repeat("\u0301", 15), 10, 20)
	require.NotNil(t, fe)
	assert.Equal(t, profilekit.CodeTextTooLong, fe.Code, "combining marks")
	_, fe = Free("reason", strings.Repeat(" ", 5000), 10, 100)
	require.NotNil(t, fe, "raw input far beyond the cap is refused before PRECIS")
	assert.Equal(t, profilekit.CodeTextTooLong, fe.Code)
	assert.Equal(t, map[string]any{"max": 10, "max_bytes": 100}, fe.Params)
}

// FuzzFree checks that Free never panics, that what it accepts is within
// its caps, valid UTF-8 and prepared (Free of it returns it unchanged), and
// that a refusal has a text code.
func FuzzFree(f *testing.F) {
	for _, s := range []string{"Lunch 🍜", "", " ", "\u202e", "a\u200db", "\u00a8", "ﷺ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, fe := Free("reason", s, 50, 200)
		if fe != nil {
			assert.Contains(t, []profilekit.Code{profilekit.CodeTextDisallowedChars, profilekit.CodeTextTooLong}, fe.Code)
			assert.Empty(t, v)
			return
		}
		assert.True(t, utf8.ValidString(v))
		assert.LessOrEqual(t, len(v), 200)
		assert.LessOrEqual(t, uniseg.GraphemeClusterCount(v), 50)
		again, fe := Free("reason", v, 50, 200)
		assert.Nil(t, fe)
		assert.Equal(t, v, again, "prepared text prepares to itself")
	})
}
