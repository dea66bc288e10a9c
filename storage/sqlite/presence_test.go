package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
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

// TestPresenceFeedAcrossStoresOnOneFile: a subscription on one Store
// receives, in Version order per agent, the changes written through
// another Store on the same file (standing in for another process) as
// well as its own, with writers on both racing.
func TestPresenceFeedAcrossStoresOnOneFile(t *testing.T) {
	a, b := openPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub, err := a.SubscribePresence(ctx)
	require.NoError(t, err)
	storagetest.FeedInOrder(t, sub, b, a)
}

// TestPresenceWatchAcrossStoresOnOneFile: a Watch through one Store reports
// the changes a Tracker makes through another Store on the same file, in
// order, and logs how long each took to arrive (no timing assertion: the
// poll interval bounds it).
func TestPresenceWatchAcrossStoresOnOneFile(t *testing.T) {
	a, b := openPair(t)
	ta, tb := presence.New(a, nil), presence.New(b, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := tb.Watch(ctx)
	require.NoError(t, err)

	_, err = ta.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	c := presencetest.Next(t, w)
	assert.Equal(t, presence.Available, c.Presence.Status)

	const toggles = 10
	delays := make([]time.Duration, 0, toggles)
	for i := range toggles {
		p, err := ta.ToggleBusy(ctx, "ada")
		require.NoError(t, err)
		committed := time.Now()
		c := presencetest.Next(t, w)
		delays = append(delays, time.Since(committed))
		assert.Equal(t, p.Status, c.Presence.Status, "toggle %d", i)
		assert.Equal(t, p.Version, c.Presence.Version, "toggle %d", i)
	}
	slices.Sort(delays)
	t.Logf("from the commit of a toggle on A to the change on B's Watch: min %v, median %v, max %v",
		delays[0], delays[len(delays)/2], delays[len(delays)-1])
}

// TestPresenceFeedEndsAtClose: closing the Store ends its subscriptions
// with profilekit.ErrClosed, and later subscriptions fail.
func TestPresenceFeedEndsAtClose(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), nil)
	require.NoError(t, err)
	sub, err := s.SubscribePresence(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed)
	_, err = s.SubscribePresence(context.Background())
	assert.Error(t, err)
}
