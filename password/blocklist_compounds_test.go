package password_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
)

func TestCompounds(t *testing.T) {
	ctx := context.Background()
	list := password.NewWordlist([]string{"password", "qwertyuiop", "asdfgh", "iloveyou", "dragon", "Zürich"})
	c := password.NewCompounds(list)
	for _, in := range []string{
		"password",           // an entry
		"Password1234567",    // entry, sequence
		"qwertyuiopasdfgh",   // two entries
		"iloveyou iloveyou!", // entry, single, entry, single
		"1111dragonpassword", // repeat, two entries
		"!dragon987654321!",  // single, entry, sequence, single
		"ZÜRICH-zürich",      // case ignored
		"abcdefpassword12",   // sequence, entry, two singles
	} {
		found, err := c.Contains(ctx, in)
		require.NoError(t, err)
		assert.True(t, found, in)
	}
	for _, out := range []string{
		"",
		"passworddragonasdfgh",             // three entries
		"dragon123dragon456",               // two runs
		"password123!?#",                   // three singles
		"passwordxyzq",                     // letters that are not a piece
		"violet tram under seven lanterns", // no entry
		"12345678",                         // no entry at all
		strings.Repeat("password", 40),     // longer than a compound
	} {
		found, err := c.Contains(ctx, out)
		require.NoError(t, err)
		assert.False(t, found, "%.30q", out)
	}
}

func TestCompoundsHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := password.NewCompounds(password.NewWordlist([]string{"password"})).Contains(ctx, "password123")
	require.ErrorIs(t, err, context.Canceled)
}

func TestPolicyRefusesCompounds(t *testing.T) {
	p := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{
		password.NewCompounds(password.NewWordlist([]string{"password", "qwertyuiop", "asdfgh"})),
	}})
	err := p.Validate(context.Background(), password.Subject{AgentID: "a1"}, "Password1234567")
	require.Error(t, err)
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordBreached}, codesOf(t, err))
	require.NoError(t, p.Validate(context.Background(), password.Subject{AgentID: "a1"}, "violet tram under seven lanterns"))
}

// FuzzCompounds checks that any password gives an answer without panicking,
// that every entry is found, and that an entry followed by a sequence is.
func FuzzCompounds(f *testing.F) {
	f.Add("password", "Password1234567")
	f.Add("Zürich", "qwertyuiopasdfgh")
	f.Add("a\u0301b", "\xff\xfe1234")
	f.Fuzz(func(t *testing.T, word, input string) {
		c := password.NewCompounds(password.NewWordlist([]string{word}))
		ctx := context.Background()
		if _, err := c.Contains(ctx, input); err != nil {
			t.Fatal(err)
		}
		prepared, ok := asciiEntry(word)
		if !ok {
			return
		}
		for _, in := range []string{prepared, prepared + "123456", "!" + prepared + prepared + "!"} {
			found, err := c.Contains(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if !found {
				t.Fatalf("%q is not found with the entry %q", in, word)
			}
		}
	})
}

// asciiEntry returns word when it is a printable ASCII word of 1 to 100
// bytes that does not start or end with a space (so that it is its own
// PRECIS preparation and case folding splits at its ends).
func asciiEntry(word string) (string, bool) {
	if word == "" || len(word) > 100 || strings.TrimSpace(word) != word {
		return "", false
	}
	for i := range len(word) {
		if word[i] < 0x20 || word[i] > 0x7e {
			return "", false
		}
	}
	return word, true
}

// BenchmarkCompoundsWorstCase looks up a 128-character password of one
// repeated letter pair that no split makes a compound.
func BenchmarkCompoundsWorstCase(b *testing.B) {
	c := password.NewCompounds(password.NewWordlist(benchWords(b, 50_000)))
	pw := strings.Repeat("ab", 64) + "!?#"
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Contains(ctx, pw); err != nil {
			b.Fatal(err)
		}
	}
}
