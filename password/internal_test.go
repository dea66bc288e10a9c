package password

import (
	"strings"
	"testing"

	"github.com/convrs/profilekit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubstringDistance(t *testing.T) {
	tests := []struct {
		text, pattern string
		want          int
	}{
		{"hello jsmith!", "jsmith", 0},
		{"hello jsmiht!", "jsmith", 1}, // "jsmih" plus an inserted "t"
		{"j-s-m-i-t-h", "jsmith", 5},
		{"xxjsmitxx", "jsmith", 1},
		{"jsmxth", "jsmith", 1},
		{"", "abc", 3},
		{"zzz", "abc", 3},
		{"abc", "", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, substringDistance([]rune(tt.text), []rune(tt.pattern)), "%q in %q", tt.pattern, tt.text)
	}
}

func TestRepetition(t *testing.T) {
	tests := map[string]profilekit.Code{
		"":                 "",
		"ab":               "",
		"aaa":              profilekit.CodePasswordRepetitive,
		"abab":             profilekit.CodePasswordRepetitive,
		"aab":              "",
		"abc":              profilekit.CodePasswordSequential,
		"cba":              profilekit.CodePasswordSequential,
		"890123":           profilekit.CodePasswordSequential,
		"210987":           profilekit.CodePasswordSequential,
		"aabbaabba":        profilekit.CodePasswordRepetitive,
		"ababababx":        "",
		"ababbbabbb":       profilekit.CodePasswordRepetitive,
		"αβγδεζ":           profilekit.CodePasswordSequential,
		"quiet lanterns 1": "",
	}
	for in, want := range tests {
		assert.Equal(t, want, repetition(in), "%q", in)
	}
}

func TestParseRange(t *testing.T) {
	a, b := strings.Repeat("A", 35), "0123456789abcdef0123456789ABCDEF012"
	got, err := parseRange(strings.NewReader(a+":3\r\n\n"+b+":0\n"+b[:34]+"F:12"), 1)
	require.NoError(t, err)
	assert.Equal(t, []uint64{suffixKey("0123456789ABCDEF"), suffixKey(strings.Repeat("A", 16))}, got,
		"the padding entry is dropped, the two real ones kept, sorted")

	got, err = parseRange(strings.NewReader(a+":3\n"+b+":20\n"), 10)
	require.NoError(t, err)
	assert.Equal(t, []uint64{suffixKey("0123456789ABCDEF")}, got)

	for _, bad := range []string{"nocolon", a[:34] + ":1", a + "G:1", a + ":", a + ":-1", a + ":1.5", strings.Repeat("Z", 35) + ":1"} {
		_, err := parseRange(strings.NewReader(bad), 1)
		assert.ErrorIs(t, err, errRangeFormat, bad)
	}
}

func TestPrepare(t *testing.T) {
	p, code := prepare("cafe\u0301\u00a0noir", 100)
	assert.Empty(t, code)
	assert.Equal(t, "café noir", p)
	_, code = prepare(strings.Repeat("x", 101), 100)
	assert.Equal(t, profilekit.CodePasswordTooLong, code)
	_, code = prepare("tab\tcharacter", 100)
	assert.Equal(t, profilekit.CodePasswordInvalid, code)
	assert.Equal(t, fold("STRASSE"), fold("straße"), "full case folding maps ß to ss")
	assert.Equal(t, "abc", fold("ABC"))
}
