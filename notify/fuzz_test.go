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
// either end and no run of white space; and that a text it leaves whole
// comes back the same from a second call with a larger max.
func FuzzPreview(f *testing.F) {
	for _, s := range []string{"hello", "<b>hi</b>", "👨\u200d👩\u200d👧\u200d👦x", "e\u0301\u0301", "a\x00b\u202e", "&lt;&#0;&#x202e;", "🇬🇧🇫🇷", "<", "a <b", strings.Repeat("x", 300)} {
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
		for _, r := range got {
			require.False(t, unicode.IsControl(r), "control %U", r)
			require.False(t, r == '\u202e' || r == '\u2066' || r == '\u200f', "bidi %U", r)
			require.True(t, r == ' ' || !unicode.IsSpace(r), "space %U", r)
		}
		if !strings.HasSuffix(got, "…") && !strings.ContainsAny(got, "&<") {
			assert.Equal(t, got, notify.Preview(got, max+1))
		}
	})
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
