package notify_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit/notify"
)

func TestPreview(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦"
	cases := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short", "hello", 10, "hello"},
		{"exact", "hello", 5, "hello"},
		{"cut", "hello world", 8, "hello w…"},
		{"cut trims the space before the ellipsis", "hello world", 7, "hello…"},
		{"max 1", "hello", 1, "…"},
		{"max 0", "hello", 0, ""},
		{"negative", "hello", -3, ""},
		{"huge max", "hello", math.MaxInt, "hello"},
		{"empty", "", 5, ""},
		{"tags", "<p>Hi <b>there</b></p>", 20, "Hi there"},
		{"tags break words", "one<br>two", 20, "one two"},
		{"comment", "a<!-- hidden -->b", 20, "a b"},
		{"a lone less-than stays", "1 < 2 and 3<4", 20, "1 < 2 and 3<4"},
		{"an unclosed tag stays text", "a <b", 20, "a <b"},
		{"entities", "fish &amp; chips &lt;3 &#x1F600;", 30, "fish & chips <3 😀"},
		{"an escaped tag is text", "&lt;b&gt;bold&lt;/b&gt;", 30, "<b>bold</b>"},
		{"controls", "a\x00b\x07c\x1bd\u0085e", 20, "abcd e"},
		{"bidi overrides", "abc\u202edcba\u2066x\u2069", 20, "abcdcbax"},
		{"white space runs", "  a \n\t b\r\n\u2028c  ", 20, "a b c"},
		{"invalid UTF-8", "a\xffb", 20, "a\uFFFDb"},
		{"emoji family is one character", family + family + family, 2, family + "…"},
		{"accents stay on their letter", "e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"flags are not split", "🇬🇧🇫🇷🇩🇪", 2, "🇬🇧…"},
		{"a flag fits", "🇬🇧", 1, "🇬🇧"},
		{"hangul jamo", "\u1100\u1161\u11a8\u1100\u1161", 1, "…"},
		{"zalgo is bounded in bytes", "a" + strings.Repeat("\u0301", 100) + "b", 2, "…"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, notify.Preview(tc.in, tc.max))
		})
	}
}

func TestPreviewReadsABoundedPrefix(t *testing.T) {
	long := strings.Repeat("é", 100_000) // 200,000 bytes
	got := notify.Preview(long, 5)
	assert.Equal(t, "éééé…", got)
	assert.Equal(t, strings.Repeat("x", 300), notify.Preview(strings.Repeat("x", 300), 300))
}
