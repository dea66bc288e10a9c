package profile

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seed corpus lives in testdata/fuzz/FuzzDecodeCursor. Whatever
// decodeCursor accepts is a username of valid UTF-8 without NUL, within
// MaxUsernameBytes, whose cursor is the input itself: each cursor has one
// spelling.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor("ada"))
	f.Fuzz(func(t *testing.T, cursor string) {
		username, err := decodeCursor(cursor)
		if err != nil {
			assert.Empty(t, username)
			return
		}
		if cursor == "" {
			assert.Empty(t, username)
			return
		}
		assert.True(t, utf8.ValidString(username))
		assert.NotContains(t, username, "\x00")
		assert.NotEmpty(t, username)
		assert.LessOrEqual(t, len(username), MaxUsernameBytes)
		assert.Equal(t, cursor, encodeCursor(username))
	})
}

// Every username a store may hold makes a cursor that decodes to it.
func TestCursorRoundTrip(t *testing.T) {
	for _, u := range []string{
		"a", "ada", "zoë", "日本", "𠀀", "a-b_c.d",
		strings.Repeat("é", MaxUsernameBytes/2),
		strings.Repeat("a", MaxUsernameBytes),
	} {
		c := encodeCursor(u)
		assert.LessOrEqual(t, len(c), maxCursorLen)
		got, err := decodeCursor(c)
		require.NoError(t, err, u)
		assert.Equal(t, u, got)
	}
	_, err := decodeCursor(encodeCursor(strings.Repeat("a", MaxUsernameBytes+1)))
	assert.Error(t, err, "longer than any username")
}
