package password_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

// newFakeClock returns the shared fake clock at the tests' start.
func newFakeClock() *profilekittest.Clock {
	return profilekittest.NewClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
}

// fastHasher returns an Argon2id with tiny parameters, so tests run fast.
func fastHasher() *password.Argon2id {
	return password.NewArgon2id(&password.Argon2idOptions{Params: password.Argon2idParams{Memory: 64, Iterations: 1}})
}

// commonPasswordsPath finds the shared list of common passwords beside the
// module root (../shared/data/common-passwords.txt), or skips the test.
func commonPasswordsPath(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	require.NoError(tb, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("go.mod not found above the test's directory; cannot locate ../shared/data/common-passwords.txt")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "data", "common-passwords.txt")
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("list of common passwords missing at %s (lay the shared/ directory beside the clone to run this test): %v", path, err)
	}
	return path
}

// errBlocklist is a Blocklist that cannot answer.
type errBlocklist struct{ err error }

func (b errBlocklist) Contains(context.Context, string) (bool, error) { return false, b.err }

// changes returns the password events rec recorded.
func changes(rec *profilekittest.Recorder) []password.Changed {
	return profilekittest.EventsOf[password.Changed](rec)
}
