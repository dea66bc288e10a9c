package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

// openPair opens two Stores on one new file, as two processes would. The
// busy timeout is long: SQLite's lock is not fair, and the races below keep
// both Stores writing flat out.
func openPair(t *testing.T) (*sqlite.Store, *sqlite.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	opts := &sqlite.Options{BusyTimeout: time.Minute}
	a, err := sqlite.Open(context.Background(), path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.Close() })
	b, err := sqlite.Open(context.Background(), path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return a, b
}

// TestPresenceTwoStoresOnOneFile: the agent toggles Busy through one Store
// while a router claims through another Store on the same file; the write
// lock keeps Busy linearizable across them, through Stores and through
// Trackers.
func TestPresenceTwoStoresOnOneFile(t *testing.T) {
	t.Run("Stores", func(t *testing.T) {
		a, b := openPair(t)
		storagetest.RaceTogglesAgainstClaims(t, a, 30, b)
	})
	t.Run("Trackers", func(t *testing.T) {
		a, b := openPair(t)
		ta, tb := presence.New(a, nil), presence.New(b, nil)
		storagetest.RaceTrackers(t, ta, 30, tb)
	})
}
