package sqlite_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

func TestDeadlineWhileAnotherConnectionHoldsTheWriteLock(t *testing.T) {
	ctx := context.Background()
	// A busy timeout far longer than the deadline: the call must end at
	// the deadline, not when SQLite gives up waiting.
	s, p, next, release := blockedUpdate(t, time.Minute)
	dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err := s.UpdateProfile(dctx, next, p.Version)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// Reads go on meanwhile (WAL), and once the lock is released the
	// Store writes again: the failed call broke nothing.
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, p.Version, got.Version, "the timed-out update was applied")
	release()
	assert.NoError(t, s.UpdateProfile(ctx, next, p.Version))
}

// alternating spreads calls over several Stores on one file, so that a
// workload competes for SQLite's write lock as several processes would.
type alternating struct {
	stores []*sqlite.Store
	n      atomic.Uint64
}

func (a *alternating) next() *sqlite.Store {
	return a.stores[a.n.Add(1)%uint64(len(a.stores))]
}

func (a *alternating) CreateProfile(ctx context.Context, p profile.Profile) error {
	return a.next().CreateProfile(ctx, p)
}

func (a *alternating) GetProfile(ctx context.Context, id string) (profile.Profile, error) {
	return a.next().GetProfile(ctx, id)
}

func (a *alternating) UpdateProfile(ctx context.Context, p profile.Profile, expected int64) error {
	return a.next().UpdateProfile(ctx, p, expected)
}

func TestWritersThroughSeveralStoresOnOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	alt := &alternating{}
	for range 3 {
		s, err := sqlite.Open(ctx, path, nil)
		require.NoError(t, err)
		defer s.Close()
		alt.stores = append(alt.stores, s)
	}
	for i, l := range []storagetest.Load{
		{Writers: 8, Updates: 5},
		{Writers: 8, Updates: 5, SameAgent: true},
	} {
		require.NoError(t, l.Run(ctx, alt, string(rune('a'+i))), "%s: no SQLITE_BUSY and no lost update", l)
	}
}
