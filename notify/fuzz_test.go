package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/storage/memory"
)

// FuzzPreview checks that Preview never panics and always returns valid
// UTF-8 of at most max grapheme clusters and 40 bytes per character, with
// no control or bidirectional formatting character, no white space at
// either end and no run of white space, and no invisible character but a
// joiner between two characters, one variation selector after a character
// and the tags of a subdivision flag; and that a text it leaves whole
// comes back the same from a second call with a larger max.
func FuzzPreview(f *testing.F) {
	for _, s := range []string{"hello", "<b>hi</b>", "👨\u200d👩\u200d👧\u200d👦x", "e\u0301\u0301", "a\x00b\u202e", "&lt;&#0;&#x202e;", "🇬🇧🇫🇷", "<", "a <b", strings.Repeat("x", 300),
		"pay\u200bpal\u00ad", "hi\U000E0068\U000E0069\U000E007F", "🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F",
		"می\u200cخواهم", "a\u200d\u200d\ufe0f\ufe0fb", "x\U000E0100\U000E0101", "\u2800a\u2800\u2800b", "a\ufff9b\ufffac\ufffb", "&#x200d;a&zwj;&#xfe0f;"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max > 1<<20 {
			require.Equal(t, notify.Preview(text, 1<<20), notify.Preview(text, max), "a max beyond the input's length cuts nothing")
		}
		max %= 1000
		got := notify.Preview(text, max)
		if max <= 0 {
			require.Empty(t, got)
			return
		}
		require.True(t, utf8.ValidString(got))
		require.LessOrEqual(t, uniseg.GraphemeClusterCount(got), max)
		require.LessOrEqual(t, len(got), max*40)
		require.Equal(t, strings.TrimSpace(got), got)
		require.NotContains(t, got, "  ")
		prev := ' ' // the rune before r, a space at the start
		rs := []rune(got)
		for i, r := range rs {
			require.False(t, unicode.IsControl(r), "control %U", r)
			require.False(t, r == '\u202e' || r == '\u2066' || r == '\u200f', "bidi %U", r)
			require.True(t, r == ' ' || !unicode.IsSpace(r), "space %U", r)
			require.NotEqual(t, '\u2800', r, "Braille blank")
			switch {
			case r == '\u200d' || r == '\u200c':
				require.True(t, i+1 < len(rs) && prev != ' ' && rs[i+1] != ' ' && !hidden(rs[i+1]), "a joiner is between two characters: %+q", got)
			case r >= 0xfe00 && r <= 0xfe0f || r >= 0xe0100 && r <= 0xe01ef:
				require.True(t, prev != ' ' && (!hidden(prev) || prev == '\U000E007F'), "a variation selector follows a character: %+q", got)
			case r >= 0xe0000 && r <= 0xe0fff:
				require.True(t, strings.Contains(got, "🏴"), "tags only in a flag: %+q", got)
			default:
				require.False(t, hidden(r), "invisible %U in %+q", r, got)
			}
			prev = r
		}
		if !strings.HasSuffix(got, "…") && !strings.ContainsAny(got, "&<") {
			assert.Equal(t, got, notify.Preview(got, max+1))
		}
	})
}

// hidden reports whether r is invisible to FuzzPreview: a
// Default_Ignorable_Code_Point (the Cf, Variation_Selector and
// Other_Default_Ignorable_Code_Point tables, as DerivedCoreProperties
// derives it) or an interlinear annotation control.
func hidden(r rune) bool {
	di := (unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)) &&
		!unicode.Is(unicode.White_Space, r) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r) && !(r >= 0x13430 && r <= 0x1343F)
	return di || r >= 0xfff9 && r <= 0xfffb
}

// FuzzSavePreferences checks that any update is either saved whole, with
// every value within the rules, or rejected whole with a *ValidationError
// whose codes are in the catalogue, and never panics.
func FuzzSavePreferences(f *testing.F) {
	f.Add("a1", "new_message", "bell", 50, true, "incoming_chat", "", -1, false)
	f.Add("", "mention", "foghorn", 101, false, "new_message", "BELL", 0, true)
	f.Add("a1", "preferences_changed", "ring", 100, true, "\xff", "\x00", 1<<40, false)
	f.Fuzz(func(t *testing.T, agent, k1, s1 string, v1 int, on1 bool, k2, s2 string, v2 int, browser bool) {
		store := memory.New()
		defer store.Close()
		d := notify.New(store, &notifytest.Availability{}, &notifytest.Recorder{}, nil)
		u := notify.Update{Alerts: map[notify.Kind]notify.Alert{
			notify.Kind(k1): {SoundOn: on1, Sound: notify.Sound(s1), Volume: v1, Browser: browser},
			notify.Kind(k2): {Sound: notify.Sound(s2), Volume: v2, OnlyWhenUnfocused: browser},
		}}
		saved, err := d.SavePreferences(context.Background(), agent, 0, u)
		if err != nil {
			var verr *notify.ValidationError
			require.True(t, errors.As(err, &verr), "%v", err)
			for _, c := range verr.Codes() {
				require.True(t, c.Known(), "code %q is not in the catalogue", c)
			}
			if kit.ValidID(agent) {
				p, err := d.Preferences(context.Background(), agent)
				require.NoError(t, err)
				require.True(t, p.Default, "a rejected save stored something")
			}
			return
		}
		require.True(t, kit.ValidID(agent))
		cat := d.Catalogue()
		for k, a := range saved.Alerts {
			require.True(t, notify.ValidName(string(k)))
			require.Contains(t, cat.Sounds, a.Sound)
			require.True(t, a.Volume >= 0 && a.Volume <= notify.MaxVolume)
		}
		require.Len(t, saved.Alerts, len(cat.Kinds))
		again, err := d.Preferences(context.Background(), agent)
		require.NoError(t, err)
		require.Equal(t, saved, again)
	})
}
