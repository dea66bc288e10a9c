package notify

import (
	"html"
	"strings"
	"testing"
)

// FuzzCleanFastPath checks that the fast path of Preview agrees with the
// full cleaning: a text clean calls clean comes out of it unchanged.
func FuzzCleanFastPath(f *testing.F) {
	for _, s := range []string{"hello world", " a", "a ", "a  b", "\uFFFD", "\xff", "a\u00a0b", "é 👋", "a&b", "x\u202ey", ""} {
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
