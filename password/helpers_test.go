package password_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
)

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
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

// recorder is an Observer that keeps the password events.
type recorder struct {
	mu     sync.Mutex
	events []password.Changed
}

func (r *recorder) Observe(_ context.Context, e profilekit.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e.(password.Changed))
}

func (r *recorder) all() []password.Changed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]password.Changed(nil), r.events...)
}
