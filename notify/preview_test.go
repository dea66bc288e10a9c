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

		// Invisible characters (Default_Ignorable_Code_Point and the
		// interlinear annotation controls) go, but for the joiners and
		// variation selectors a character sequence needs.
		{"zero width space", "pay\u200bpal", 20, "paypal"},
		{"word joiner", "a\u2060b", 20, "ab"},
		{"soft hyphen", "con\u00adtent", 20, "content"},
		{"mongolian vowel separator", "a\u180eb", 20, "ab"},
		{"combining grapheme joiner", "a\u034fb", 20, "ab"},
		{"hangul fillers", "\u3164a\u115f\u1160\uffa0b", 20, "ab"},
		{"only invisible", "\u200b\u2060\u3164\u00ad", 20, ""},
		{"interlinear annotation shows all its text", "a\ufff9b\ufffac\ufffb", 20, "abc"},
		{"braille blank is a space", "a\u2800\u2800b\u2800", 20, "a b"},
		{"tag characters hide text", "hi\U000E0001\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065\U000E007F", 20, "hi"},
		{"a subdivision flag keeps its tags", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F!", 20,
			"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F!"},
		{"any other tag sequence loses its tags", "🏴\U000E0068\U000E0069\U000E007F!", 20, "🏴!"},
		{"emoji ZWJ sequences keep their joiners", "👩\u200d💻 👩\u200d❤\ufe0f\u200d👨", 20, "👩\u200d💻 👩\u200d❤\ufe0f\u200d👨"},
		{"ZWNJ between Persian letters stays", "می\u200cخواهم", 20, "می\u200cخواهم"},
		{"ZWJ in a Devanagari conjunct stays", "क्\u200dष", 20, "क्\u200dष"},
		{"stray joiners go", "\u200dab\u200c \u200cc\u200d\u200d", 20, "ab c"},
		{"one variation selector after a character", "❤\ufe0f a\ufe0f\ufe0f\ufe0e", 20, "❤\ufe0f a\ufe0f"},
		{"variation selectors cannot carry text", "x" + strings.Repeat("\U000E0100\U000E0142", 40), 20, "x\U000E0100"},
		{"a variation selector after nothing goes", "\ufe0fa \ufe0fb", 20, "a b"},
		{"prepended concatenation marks stay", "\u0600١٢", 20, "\u0600١٢"},
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
