package storagetest

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

// sampleCredential returns a credential with every field set.
func sampleCredential(id string) password.Credential {
	return password.Credential{
		AgentID:        id,
		Hash:           "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + id + "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		History:        []string{"$argon2id$v=19$m=19456,t=2,p=1$b2xkMQ$b2xkMQ", "$2b$10$" + id + "older", "ünïcödé-hash-🔑"},
		FailedAttempts: 3,
		LastFailure:    base.Add(2 * time.Minute),
		ChangedAt:      base,
		Version:        1,
	}
}

func runCredential(t *testing.T, newStore func(t *testing.T) password.CredentialStore) {
	ctx := context.Background()

	t.Run("RoundTripEveryField", func(t *testing.T) {
		s := open(t, newStore)
		want := sampleCredential("a1")
		require.NoError(t, s.SetCredential(ctx, want, 0))
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assertSameCredential(t, want, got)
	})

	t.Run("RoundTripLargestAcceptedValues", func(t *testing.T) {
		// The largest credential the Service stores: an ID of
		// profilekit.MaxIDLength bytes, the longest hash the argon2id
		// parser accepts (64-byte salt and key, every parameter at its
		// widest) and a history of 64 of them (Options.History has no
		// cap, so an adapter must not cap the row).
		s := open(t, newStore)
		id := longestID("a1")
		longest := "$argon2id$v=19$m=4294967295,t=4294967295,p=255$" +
			base64.RawStdEncoding.EncodeToString(make([]byte, 64)) + "$" +
			base64.RawStdEncoding.EncodeToString(make([]byte, 64))
		want := password.Credential{AgentID: id, Hash: longest, History: make([]string, 64),
			FailedAttempts: math.MaxInt32, LastFailure: base, ChangedAt: base, Version: 1}
		for i := range want.History {
			want.History[i] = longest
		}
		require.NoError(t, s.SetCredential(ctx, want, 0))
		got, err := s.GetCredential(ctx, id)
		require.NoError(t, err)
		assertSameCredential(t, want, got)
	})

	t.Run("RoundTripEmptyOptionalFields", func(t *testing.T) {
		s := open(t, newStore)
		for i, history := range [][]string{nil, {}} {
			id := fmt.Sprintf("a%d", i)
			want := password.Credential{AgentID: id, Hash: "h", History: history, ChangedAt: base, Version: 1}
			require.NoError(t, s.SetCredential(ctx, want, 0))
			got, err := s.GetCredential(ctx, id)
			require.NoError(t, err)
			assert.Empty(t, got.History)
			assert.True(t, got.LastFailure.IsZero(), "a zero LastFailure must come back zero, got %v", got.LastFailure)
			assert.Zero(t, got.FailedAttempts)
			assertSameCredential(t, want, got)
		}
	})

	t.Run("TimesAreUTCToTheMicrosecond", func(t *testing.T) {
		s := open(t, newStore)
		c := sampleCredential("a1")
		c.LastFailure = time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)
		c.ChangedAt = time.Date(2100, 1, 1, 0, 0, 0, 1000, time.UTC)
		require.NoError(t, s.SetCredential(ctx, c, 0))
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assertSameCredential(t, c, got)
	})

	t.Run("GetMissing", func(t *testing.T) {
		s := open(t, newStore)
		_, err := s.GetCredential(ctx, "nobody")
		assert.ErrorIs(t, err, password.ErrNotFound)
		// Errors quote at most a short prefix of an ID, however long.
		long := strings.Repeat("L", 1<<20)
		_, err = s.GetCredential(ctx, long)
		require.ErrorIs(t, err, password.ErrNotFound)
		assert.Less(t, len(err.Error()), 200, "the error repeats the whole ID")
		c := sampleCredential("a1")
		c.AgentID, c.Version = long, 2
		err = s.SetCredential(ctx, c, 1)
		require.ErrorIs(t, err, password.ErrNotFound)
		assert.Less(t, len(err.Error()), 200, "the error repeats the whole ID")
	})

	t.Run("CreateExistingConflicts", func(t *testing.T) {
		s := open(t, newStore)
		require.NoError(t, s.SetCredential(ctx, sampleCredential("a1"), 0))
		other := sampleCredential("a1")
		other.Hash = "other"
		assert.ErrorIs(t, s.SetCredential(ctx, other, 0), password.ErrConflict)
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, sampleCredential("a1").Hash, got.Hash, "a failed create changed the stored credential")
	})

	t.Run("UpdateMissing", func(t *testing.T) {
		s := open(t, newStore)
		c := sampleCredential("ghost")
		c.Version = 2
		assert.ErrorIs(t, s.SetCredential(ctx, c, 1), password.ErrNotFound)
		_, err := s.GetCredential(ctx, "ghost")
		assert.ErrorIs(t, err, password.ErrNotFound, "a failed update stored something")
	})

	t.Run("UpdateRoundTrip", func(t *testing.T) {
		s := open(t, newStore)
		require.NoError(t, s.SetCredential(ctx, sampleCredential("a1"), 0))
		next := sampleCredential("a1")
		next.Hash, next.History = "new-hash", []string{"only"}
		next.FailedAttempts, next.LastFailure = 0, time.Time{}
		next.ChangedAt, next.Version = base.Add(time.Hour), 2
		require.NoError(t, s.SetCredential(ctx, next, 1))
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assertSameCredential(t, next, got)
	})

	t.Run("UpdateStaleVersionConflicts", func(t *testing.T) {
		s := open(t, newStore)
		require.NoError(t, s.SetCredential(ctx, sampleCredential("a1"), 0))
		first := sampleCredential("a1")
		first.Hash, first.Version = "first", 2
		require.NoError(t, s.SetCredential(ctx, first, 1))
		second := sampleCredential("a1")
		second.Hash, second.Version = "second", 2
		assert.ErrorIs(t, s.SetCredential(ctx, second, 1), password.ErrConflict)
		third := sampleCredential("a1")
		third.Hash, third.Version = "third", 4
		assert.ErrorIs(t, s.SetCredential(ctx, third, 3), password.ErrConflict, "a version from the future conflicts too")
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, "first", got.Hash)
		assert.Equal(t, int64(2), got.Version)
	})

	t.Run("IsolationBetweenAgents", func(t *testing.T) {
		s := open(t, newStore)
		a, b := sampleCredential("a1"), sampleCredential("a2")
		require.NoError(t, s.SetCredential(ctx, a, 0))
		require.NoError(t, s.SetCredential(ctx, b, 0))
		next := a
		next.Hash, next.History, next.Version = "changed", nil, 2
		require.NoError(t, s.SetCredential(ctx, next, 1))
		got, err := s.GetCredential(ctx, "a2")
		require.NoError(t, err)
		assertSameCredential(t, b, got)
	})

	t.Run("ReturnedValuesAreCopies", func(t *testing.T) {
		s := open(t, newStore)
		c := sampleCredential("a1")
		require.NoError(t, s.SetCredential(ctx, c, 0))
		c.History[0] = "mutated after set"
		c.Hash = "mutated after set"
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		got.History[1] = "mutated after get"
		got.History = append(got.History, "appended after get")
		again, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assertSameCredential(t, sampleCredential("a1"), again)
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := open(t, newStore)
		require.NoError(t, s.SetCredential(ctx, sampleCredential("a1"), 0))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.GetCredential(cctx, "a1")
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, s.SetCredential(cctx, sampleCredential("a2"), 0), context.Canceled)
		next := sampleCredential("a1")
		next.Hash, next.Version = "cancelled", 2
		assert.ErrorIs(t, s.SetCredential(cctx, next, 1), context.Canceled)
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, int64(1), got.Version, "a cancelled update was applied")
		_, err = s.GetCredential(ctx, "a2")
		assert.ErrorIs(t, err, password.ErrNotFound, "a cancelled create was applied")
	})

	t.Run("ConcurrentWritersLoseNoUpdate", func(t *testing.T) {
		s := open(t, newStore)
		c := sampleCredential("a1")
		c.FailedAttempts, c.History = 0, nil
		require.NoError(t, s.SetCredential(ctx, c, 0))
		const writers = 50
		errs := concurrently(writers, func(i int) error { return countWithRetry(ctx, s, "a1", fmt.Sprintf("h%d", i)) })
		for _, err := range errs {
			require.NoError(t, err)
		}
		got, err := s.GetCredential(ctx, "a1")
		require.NoError(t, err)
		assert.Equal(t, int64(1+writers), got.Version)
		assert.Equal(t, writers, got.FailedAttempts)
		assert.Len(t, got.History, writers)
	})

	t.Run("ConcurrentCreatesOneWinner", func(t *testing.T) {
		s := open(t, newStore)
		errs := concurrently(20, func(i int) error {
			c := sampleCredential("a1")
			c.Hash = fmt.Sprintf("h%d", i)
			return s.SetCredential(ctx, c, 0)
		})
		assertOneWinner(t, errs, password.ErrConflict)
	})
}

// countWithRetry adds one failed attempt and one history entry to the
// credential, reading again and retrying whenever another writer got in
// first, as the password Service does.
func countWithRetry(ctx context.Context, s password.CredentialStore, id, tag string) error {
	return retryOnConflict(password.ErrConflict, func() error {
		c, err := s.GetCredential(ctx, id)
		if err != nil {
			return err
		}
		expected := c.Version
		c.FailedAttempts++
		c.History = append(c.History, tag)
		c.Version++
		return s.SetCredential(ctx, c, expected)
	})
}

// assertSameCredential compares two credentials: times by instant and
// location (zero times must stay zero), nil and empty History alike.
func assertSameCredential(t *testing.T, want, got password.Credential) {
	t.Helper()
	for _, tm := range []struct {
		name      string
		want, got time.Time
	}{{"LastFailure", want.LastFailure, got.LastFailure}, {"ChangedAt", want.ChangedAt, got.ChangedAt}} {
		if tm.want.IsZero() {
			assert.True(t, tm.got.IsZero(), "%s: want the zero time, got %v", tm.name, tm.got)
			continue
		}
		assert.True(t, tm.want.Equal(tm.got), "%s: want %v, got %v", tm.name, tm.want, tm.got)
		assert.Equal(t, time.UTC, tm.got.Location(), "%s must be UTC", tm.name)
	}
	if len(want.History) == 0 {
		want.History = nil
	}
	if len(got.History) == 0 {
		got.History = nil
	}
	want.LastFailure, want.ChangedAt, got.LastFailure, got.ChangedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}
