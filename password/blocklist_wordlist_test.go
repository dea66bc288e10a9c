package password_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

func TestReadWordlist(t *testing.T) {
	ctx := context.Background()
	input := "Password\r\nletmein\n\n  \nZürich2024\n" + strings.Repeat("x", 5000) + "\nafterlong\nCAFE\u0301 NOIR\nlast-without-newline"
	w, err := password.ReadWordlist(strings.NewReader(input))
	require.NoError(t, err)
	for _, in := range []string{"password", "PASSWORD", "letmein", "zürich2024", "ZÜRICH2024", "afterlong", "café noir", "last-without-newline", "  "} {
		found, err := w.Contains(ctx, in)
		require.NoError(t, err)
		assert.True(t, found, in)
	}
	for _, out := range []string{"", "passwor", "x", strings.Repeat("x", 5000), "letmein2"} {
		found, err := w.Contains(ctx, out)
		require.NoError(t, err)
		assert.False(t, found, "%.20q", out)
	}
	// "  " prepares to two spaces, a valid entry; the overlong line is skipped.
	assert.Equal(t, 7, w.Len())
}

func TestReadWordlistDeduplicatesCaseInsensitively(t *testing.T) {
	w, err := password.ReadWordlist(strings.NewReader("Secret\nsecret\nSECRET\n"))
	require.NoError(t, err)
	assert.Equal(t, 1, w.Len())
}

func TestReadWordlistFailsWithItsReader(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := password.ReadWordlist(iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom)
}

func TestOpenWordlistMissingFile(t *testing.T) {
	_, err := password.OpenWordlist(t.TempDir() + "/missing.txt")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestWordlistCancelledContext(t *testing.T) {
	w := password.NewWordlist([]string{"secret"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := w.Contains(ctx, "secret")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestWordlistCommonPasswords(t *testing.T) {
	path := commonPasswordsPath(t)
	w, err := password.OpenWordlist(path)
	require.NoError(t, err)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines := 0
	ctx := context.Background()
	for sc.Scan() {
		lines++
		found, err := w.Contains(ctx, strings.ToUpper(sc.Text()))
		require.NoError(t, err)
		require.True(t, found, "line %d", lines)
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 47023, lines)
	assert.LessOrEqual(t, w.Len(), lines)
	assert.Greater(t, w.Len(), 40000)
	found, err := w.Contains(ctx, "quiet lanterns glow")
	require.NoError(t, err)
	assert.False(t, found)
}
