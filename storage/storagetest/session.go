package storagetest

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/session"
)

// openSessions opens a fresh session store for one case; the store is
// closed when the case ends.
type openSessions func(t *testing.T) session.Store

// sessionCase is one named case of RunSessionStore.
type sessionCase struct {
	name string
	run  func(t *testing.T, open openSessions)
}

// sessionCases returns the cases of RunSessionStore, in order.
func sessionCases() []sessionCase {
	return []sessionCase{
		{"Missing", sessionMissing},
		{"RoundTripEveryField", sessionRoundTripEveryField},
		{"TimesAreUTCToTheMicrosecond", sessionTimesAreUTCToTheMicrosecond},
		{"HashIsUnique", sessionHashIsUnique},
		{"IDIsUnique", sessionIDIsUnique},
		{"UpdateSeen", sessionUpdateSeen},
		{"DeleteOne", sessionDeleteOne},
		{"IsolationBetweenAgents", sessionIsolationBetweenAgents},
		{"DeleteOthersKeepsExactlyOne", sessionDeleteOthersKeepsExactlyOne},
		{"ListOnlyAlive", sessionListOnlyAlive},
		{"ExpirySweep", sessionExpirySweep},
		{"ReturnedValuesAreCopies", sessionReturnedValuesAreCopies},
		{"ErrorsHoldNoHash", sessionErrorsHoldNoHash},
		{"CancelledContext", sessionCancelledContext},
		{"ConcurrentWriters", sessionConcurrentWriters},
		{"ConcurrentSweeps", sessionConcurrentSweeps},
		{"Closed", closedSession},
		{"HostileIDs", hostileSessionIDs},
	}
}

// RunSessionStore runs every session.Store conformance case, each as a
// subtest named for what it checks, against the stores open returns: open
// is called for a fresh, empty store once per case, and a store that
// implements io.Closer is closed when its case ends. An
// adapter holding sign-in sessions alone is tested with it alone:
//
//	func TestSessions(t *testing.T) {
//		storagetest.RunSessionStore(t, func(t *testing.T) session.Store { return mystore.New() })
//	}
func RunSessionStore(t *testing.T, open func(t *testing.T) session.Store) {
	opener := func(t *testing.T) session.Store {
		t.Helper()
		s := open(t)
		if c, ok := s.(io.Closer); ok {
			t.Cleanup(func() { _ = c.Close() })
		}
		return s
	}
	for _, c := range sessionCases() {
		t.Run(c.name, func(t *testing.T) { c.run(t, opener) })
	}
}

// runSessions runs RunSessionStore over a whole storage.Store, for Run.
func runSessions(t *testing.T, newStore NewStore) {
	RunSessionStore(t, func(t *testing.T) session.Store { return newStore(t) })
}

// sessionLifetime and sessionIdle are the lifetimes of sampleSession.
const (
	sessionLifetime = 12 * time.Hour
	sessionIdle     = 30 * time.Minute
)

// sampleSession returns a session of agent, with ID id and the token
// "token-"+id, created at created.
func sampleSession(agent, id string, created time.Time) session.Record {
	return session.Record{
		Session: session.Session{ID: id, AgentID: agent, Created: created, Seen: created,
			IdleExpires: created.Add(sessionIdle), Expires: created.Add(sessionLifetime)},
		Hash: session.HashToken("token-" + id),
	}
}

// createSessions stores records, failing t on an error.
func createSessions(t *testing.T, s session.Store, records ...session.Record) {
	t.Helper()
	for _, r := range records {
		require.NoError(t, s.CreateSession(context.Background(), r), "create session %s", r.ID)
	}
}

// assertSameSession checks every field of got against want, times to the
// instant and in UTC.
func assertSameSession(t *testing.T, want, got session.Session) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.AgentID, got.AgentID)
	for _, tt := range []struct {
		name      string
		want, got time.Time
	}{{"Created", want.Created, got.Created}, {"Seen", want.Seen, got.Seen},
		{"IdleExpires", want.IdleExpires, got.IdleExpires}, {"Expires", want.Expires, got.Expires}} {
		assert.True(t, tt.want.Equal(tt.got), "%s: want %v, got %v", tt.name, tt.want, tt.got)
		assert.Equal(t, "UTC", tt.got.Location().String(), "%s is not in UTC", tt.name)
	}
}

// sessionIDs returns the IDs of list, in order.
func sessionIDs(list []session.Session) []string {
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return ids
}

// sessionMissing checks that every call about a session never stored
// fails with ErrNotFound, or finds nothing.
func sessionMissing(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	createSessions(t, s, sampleSession("a1", "s1", base))
	_, err := s.GetSession(ctx, session.HashToken("no such token"))
	assert.ErrorIs(t, err, session.ErrNotFound, "GetSession")
	assert.ErrorIs(t, s.UpdateSessionSeen(ctx, "a1", "s2", base, base.Add(time.Minute)), session.ErrNotFound, "UpdateSessionSeen")
	assert.ErrorIs(t, s.DeleteSession(ctx, "a1", "s2"), session.ErrNotFound, "DeleteSession")
	ids, err := s.DeleteSessions(ctx, "a2", "")
	require.NoError(t, err, "DeleteSessions of an agent without sessions")
	assert.Empty(t, ids)
	list, err := s.ListSessions(ctx, "a2", base)
	require.NoError(t, err, "ListSessions of an agent without sessions")
	assert.Empty(t, list)
	gone, err := s.DeleteExpiredSessions(ctx, base, 10)
	require.NoError(t, err, "DeleteExpiredSessions with none expired")
	assert.Empty(t, gone)
	got, err := s.GetSession(ctx, session.HashToken("token-s1"))
	require.NoError(t, err, "the stored session is still there")
	assert.Equal(t, "s1", got.ID)
}

// sessionRoundTripEveryField checks that every field comes back as stored,
// with the longest IDs the Service passes.
func sessionRoundTripEveryField(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r := sampleSession(longestID("agent-"), longestID("sess-"), base)
	r.Seen = base.Add(90*time.Second + time.Microsecond)
	r.IdleExpires = r.Seen.Add(sessionIdle)
	short := sampleSession("a1", "s1", base)
	createSessions(t, s, r, short)
	got, err := s.GetSession(ctx, session.HashToken("token-"+r.ID))
	require.NoError(t, err)
	assertSameSession(t, r.Session, got)
	got, err = s.GetSession(ctx, session.HashToken("token-s1"))
	require.NoError(t, err)
	assertSameSession(t, short.Session, got)
	list, err := s.ListSessions(ctx, r.AgentID, base)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assertSameSession(t, r.Session, list[0])
}

// sessionTimesAreUTCToTheMicrosecond checks instants far apart, with every
// microsecond digit set.
func sessionTimesAreUTCToTheMicrosecond(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	zone := time.FixedZone("UTC+5:45", 5*3600+45*60)
	for i, at := range []time.Time{
		time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(2100, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(2026, 3, 29, 1, 59, 59, 123456000, zone).UTC(), // the Service passes UTC only
	} {
		r := sampleSession("a1", fmt.Sprintf("s%d", i), at)
		createSessions(t, s, r)
		got, err := s.GetSession(ctx, r.Hash)
		require.NoError(t, err)
		assertSameSession(t, r.Session, got)
	}
}

// sessionHashIsUnique checks that a second session under a stored token
// hash is refused, whichever agent, and changes nothing.
func sessionHashIsUnique(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	first := sampleSession("a1", "s1", base)
	createSessions(t, s, first)
	dup := sampleSession("a2", "s2", base.Add(time.Second))
	dup.Hash = session.HashToken("token-s1")
	assert.ErrorIs(t, s.CreateSession(ctx, dup), session.ErrAlreadyExists)
	got, err := s.GetSession(ctx, first.Hash)
	require.NoError(t, err)
	assertSameSession(t, first.Session, got)
	list, err := s.ListSessions(ctx, "a2", base)
	require.NoError(t, err)
	assert.Empty(t, list, "the refused session was stored")
}

// sessionIDIsUnique checks that a second session with a stored ID is
// refused, whichever agent, and changes nothing.
func sessionIDIsUnique(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	first := sampleSession("a1", "s1", base)
	createSessions(t, s, first)
	dup := sampleSession("a2", "s1", base.Add(time.Second))
	dup.Hash = session.HashToken("another token")
	assert.ErrorIs(t, s.CreateSession(ctx, dup), session.ErrAlreadyExists)
	_, err := s.GetSession(ctx, dup.Hash)
	assert.ErrorIs(t, err, session.ErrNotFound, "the refused session was stored")
	got, err := s.GetSession(ctx, first.Hash)
	require.NoError(t, err)
	assertSameSession(t, first.Session, got)
}

// sessionUpdateSeen checks that UpdateSessionSeen changes Seen and
// IdleExpires only, of the named agent's session only.
func sessionUpdateSeen(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r := sampleSession("a1", "s1", base)
	other := sampleSession("a1", "s2", base)
	createSessions(t, s, r, other)
	seen := base.Add(7*time.Minute + 3*time.Microsecond)
	require.NoError(t, s.UpdateSessionSeen(ctx, "a1", "s1", seen, seen.Add(sessionIdle)))
	want := r.Session
	want.Seen, want.IdleExpires = seen, seen.Add(sessionIdle)
	got, err := s.GetSession(ctx, r.Hash)
	require.NoError(t, err)
	assertSameSession(t, want, got)
	got, err = s.GetSession(ctx, other.Hash)
	require.NoError(t, err)
	assertSameSession(t, other.Session, got)
	assert.ErrorIs(t, s.UpdateSessionSeen(ctx, "a2", "s1", seen, seen), session.ErrNotFound, "another agent's session")
}

// sessionDeleteOne checks that DeleteSession deletes one session, alive or
// expired, and that it stays deleted.
func sessionDeleteOne(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r, expired, kept := sampleSession("a1", "s1", base), sampleSession("a1", "s2", base.Add(-24*time.Hour)), sampleSession("a1", "s3", base)
	createSessions(t, s, r, expired, kept)
	require.NoError(t, s.DeleteSession(ctx, "a1", "s1"))
	require.NoError(t, s.DeleteSession(ctx, "a1", "s2"), "an expired session is deleted too")
	for _, gone := range []session.Record{r, expired} {
		_, err := s.GetSession(ctx, gone.Hash)
		assert.ErrorIs(t, err, session.ErrNotFound)
		assert.ErrorIs(t, s.DeleteSession(ctx, "a1", gone.ID), session.ErrNotFound, "deleting again")
		assert.ErrorIs(t, s.UpdateSessionSeen(ctx, "a1", gone.ID, base, base.Add(time.Minute)), session.ErrNotFound,
			"a deleted session came back")
	}
	list, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	assert.Equal(t, []string{"s3"}, sessionIDs(list))
	// The hash of a deleted session may be used again.
	createSessions(t, s, sampleSession("a1", "s1", base))
}

// sessionIsolationBetweenAgents checks that no call about one agent reads
// or changes another's sessions.
func sessionIsolationBetweenAgents(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	a1, a2 := sampleSession("a1", "s1", base), sampleSession("a2", "s2", base)
	createSessions(t, s, a1, a2, sampleSession("a10", "s3", base), sampleSession("A1", "s4", base))
	assert.ErrorIs(t, s.DeleteSession(ctx, "a1", "s2"), session.ErrNotFound, "a1 deleted a2's session")
	ids, err := s.DeleteSessions(ctx, "a1", "s2")
	require.NoError(t, err)
	assert.Equal(t, []string{"s1"}, ids, "keeping another agent's session keeps none of a1's")
	for id, agent := range map[string]string{"s2": "a2", "s3": "a10", "s4": "A1"} {
		list, err := s.ListSessions(ctx, agent, base)
		require.NoError(t, err)
		assert.Equal(t, []string{id}, sessionIDs(list), "sessions of %s", agent)
	}
}

// sessionDeleteOthersKeepsExactlyOne checks DeleteSessions with and
// without a session to keep.
func sessionDeleteOthersKeepsExactlyOne(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	var all []session.Record
	for i := range 5 {
		all = append(all, sampleSession("a1", fmt.Sprintf("s%d", i), base.Add(time.Duration(i)*time.Second)))
	}
	all = append(all, sampleSession("a1", "old", base.Add(-24*time.Hour))) // expired: deleted too
	createSessions(t, s, all...)
	ids, err := s.DeleteSessions(ctx, "a1", "s2")
	require.NoError(t, err)
	assert.Equal(t, []string{"old", "s0", "s1", "s3", "s4"}, ids, "the IDs deleted, sorted")
	list, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	assert.Equal(t, []string{"s2"}, sessionIDs(list))
	got, err := s.GetSession(ctx, all[2].Hash)
	require.NoError(t, err)
	assertSameSession(t, all[2].Session, got)

	ids, err = s.DeleteSessions(ctx, "a1", "s2")
	require.NoError(t, err)
	assert.Empty(t, ids, "nothing left to delete")
	ids, err = s.DeleteSessions(ctx, "a1", "")
	require.NoError(t, err)
	assert.Equal(t, []string{"s2"}, ids, "an empty keepID keeps none")
	_, err = s.GetSession(ctx, all[2].Hash)
	assert.ErrorIs(t, err, session.ErrNotFound)
}

// sessionListOnlyAlive checks that ListSessions returns the sessions alive
// at now, oldest first, and that one is dead at its IdleExpires.
func sessionListOnlyAlive(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	newer := sampleSession("a1", "b-newer", base.Add(time.Minute))
	older := sampleSession("a1", "z-older", base)
	same := sampleSession("a1", "a-same", base)
	short := sampleSession("a1", "short", base)
	short.IdleExpires = base.Add(time.Minute)
	createSessions(t, s, newer, older, same, short)
	list, err := s.ListSessions(ctx, "a1", base.Add(time.Minute-time.Microsecond))
	require.NoError(t, err)
	assert.Equal(t, []string{"a-same", "short", "z-older", "b-newer"}, sessionIDs(list), "by Created, then ID")
	list, err = s.ListSessions(ctx, "a1", base.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, []string{"a-same", "z-older", "b-newer"}, sessionIDs(list), "a session is dead at its IdleExpires")
	list, err = s.ListSessions(ctx, "a1", base.Add(sessionIdle+time.Minute))
	require.NoError(t, err)
	assert.Empty(t, list)
}

// sessionExpirySweep checks that DeleteExpiredSessions deletes exactly the
// expired sessions, at most limit at a time, and returns them whole.
func sessionExpirySweep(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	now := base.Add(sessionIdle)
	var expired []session.Record
	for i := range 5 {
		r := sampleSession(fmt.Sprintf("a%d", i%2), fmt.Sprintf("x%d", i), base.Add(-time.Duration(i)*time.Minute))
		expired = append(expired, r) // IdleExpires at or before now
	}
	alive := sampleSession("a0", "alive", base.Add(time.Microsecond))
	createSessions(t, s, expired...)
	createSessions(t, s, alive)

	first, err := s.DeleteExpiredSessions(ctx, now, 3)
	require.NoError(t, err)
	assert.Len(t, first, 3, "at most limit")
	rest, err := s.DeleteExpiredSessions(ctx, now, 3)
	require.NoError(t, err)
	assert.Len(t, rest, 2)
	gone := append(first, rest...)
	byID := map[string]session.Session{}
	for _, g := range gone {
		byID[g.ID] = g
	}
	require.Len(t, byID, 5, "each expired session deleted once")
	for _, r := range expired {
		if assert.Contains(t, byID, r.ID) {
			assertSameSession(t, r.Session, byID[r.ID])
		}
		_, err := s.GetSession(ctx, r.Hash)
		assert.ErrorIs(t, err, session.ErrNotFound)
	}
	none, err := s.DeleteExpiredSessions(ctx, now, 3)
	require.NoError(t, err)
	assert.Empty(t, none)
	got, err := s.GetSession(ctx, alive.Hash)
	require.NoError(t, err, "a session alive at now was swept")
	assertSameSession(t, alive.Session, got)
}

// sessionReturnedValuesAreCopies checks that changing what a store
// returned, or what it was given, changes nothing stored.
func sessionReturnedValuesAreCopies(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r := sampleSession("a1", "s1", base)
	createSessions(t, s, r, sampleSession("a1", "s2", base))
	want := r.Session
	r.ID, r.AgentID, r.Created = "changed", "changed", base.Add(time.Hour)
	list, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	require.Len(t, list, 2)
	list[0].ID, list[0].Seen = "changed", base.Add(time.Hour)
	_ = append(list[:1], session.Session{ID: "appended"})
	got, err := s.GetSession(ctx, session.HashToken("token-s1"))
	require.NoError(t, err)
	assertSameSession(t, want, got)
	got.ID = "changed"
	again, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	assert.Equal(t, []string{"s1", "s2"}, sessionIDs(again))
}

// sessionErrorsHoldNoHash checks that no error of a call about a hash
// holds the hash, in hex or base64.
func sessionErrorsHoldNoHash(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r := sampleSession("a1", "s1", base)
	createSessions(t, s, r)
	missing := session.HashToken("missing")
	_, errGet := s.GetSession(ctx, missing)
	dup := r
	dup.ID = "s2"
	errCreate := s.CreateSession(ctx, dup)
	for _, h := range []session.Hash{missing, r.Hash} {
		b := h.Bytes()
		for _, err := range []error{errGet, errCreate} {
			require.Error(t, err)
			text := err.Error()
			for _, enc := range []string{hex.EncodeToString(b), base64.StdEncoding.EncodeToString(b),
				base64.RawURLEncoding.EncodeToString(b), fmt.Sprint(b), fmt.Sprintf("%q", b)} {
				assert.NotContains(t, text, enc)
			}
			assert.NotContains(t, text, string(b))
		}
	}
}

// sessionCancelledContext checks that every method returns an error
// wrapping context.Canceled on a cancelled context, and changes nothing.
func sessionCancelledContext(t *testing.T, open openSessions) {
	s := open(t)
	r := sampleSession("a1", "s1", base.Add(-24*time.Hour)) // expired, so a sweep would delete it
	createSessions(t, s, r)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func() error{
		"CreateSession": func() error { return s.CreateSession(ctx, sampleSession("a1", "s2", base)) },
		"GetSession":    func() error { _, err := s.GetSession(ctx, r.Hash); return err },
		"UpdateSessionSeen": func() error {
			return s.UpdateSessionSeen(ctx, "a1", "s1", base, base.Add(time.Minute))
		},
		"DeleteSession":         func() error { return s.DeleteSession(ctx, "a1", "s1") },
		"DeleteSessions":        func() error { _, err := s.DeleteSessions(ctx, "a1", ""); return err },
		"ListSessions":          func() error { _, err := s.ListSessions(ctx, "a1", base); return err },
		"DeleteExpiredSessions": func() error { _, err := s.DeleteExpiredSessions(ctx, base, 10); return err },
	}
	for name, call := range calls {
		assert.ErrorIs(t, call(), context.Canceled, name)
	}
	bg := context.Background()
	got, err := s.GetSession(bg, r.Hash)
	require.NoError(t, err)
	assertSameSession(t, r.Session, got)
	_, err = s.GetSession(bg, session.HashToken("token-s2"))
	assert.ErrorIs(t, err, session.ErrNotFound, "a cancelled create stored the session")
}

// sessionConcurrentWriters checks creates, updates and deletes of one
// agent's sessions from many goroutines (run it with -race): every
// session is created once, and each deleted one is reported by exactly one
// DeleteSessions.
func sessionConcurrentWriters(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	const writers = 16
	errs := concurrently(writers, func(i int) error {
		r := sampleSession("a1", fmt.Sprintf("s%02d", i), base)
		if err := s.CreateSession(ctx, r); err != nil {
			return err
		}
		return s.UpdateSessionSeen(ctx, "a1", r.ID, base.Add(time.Second), base.Add(sessionIdle))
	})
	for i, err := range errs {
		require.NoError(t, err, "writer %d", i)
	}
	list, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	require.Len(t, list, writers)

	var mu sync.Mutex
	var deleted []string
	errs = concurrently(writers, func(i int) error {
		ids, err := s.DeleteSessions(ctx, "a1", fmt.Sprintf("s%02d", i))
		mu.Lock()
		deleted = append(deleted, ids...)
		mu.Unlock()
		return err
	})
	for i, err := range errs {
		require.NoError(t, err, "deleter %d", i)
	}
	left, err := s.ListSessions(ctx, "a1", base)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(left), 1, "at most one keeper's session survives")
	all := append(slices.Clone(deleted), sessionIDs(left)...)
	sort.Strings(all)
	want := make([]string, writers)
	for i := range want {
		want[i] = fmt.Sprintf("s%02d", i)
	}
	assert.Equal(t, want, all, "each session deleted by exactly one call, or left")
}

// sessionConcurrentSweeps checks that concurrent DeleteExpiredSessions
// calls return each expired session exactly once.
func sessionConcurrentSweeps(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	const n = 40
	for i := range n {
		createSessions(t, s, sampleSession(fmt.Sprintf("a%d", i%3), fmt.Sprintf("s%02d", i), base))
	}
	now := base.Add(sessionIdle)
	var mu sync.Mutex
	var swept []string
	errs := concurrently(8, func(int) error {
		for {
			gone, err := s.DeleteExpiredSessions(ctx, now, 3)
			if err != nil {
				return err
			}
			mu.Lock()
			swept = append(swept, sessionIDs(gone)...)
			mu.Unlock()
			if len(gone) == 0 {
				return nil
			}
		}
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	sort.Strings(swept)
	require.Len(t, swept, n, "each expired session swept once")
	assert.Equal(t, n, len(slices.Compact(swept)))
}

// closedSession checks that every session.Store method fails with
// profilekit.ErrClosed after Close.
func closedSession(t *testing.T, open openSessions) {
	ctx := context.Background()
	s := open(t)
	r := sampleSession("a1", "s1", base)
	createSessions(t, s, r)
	if !closeTwice(t, s) {
		return
	}
	calls := map[string]func() error{
		"CreateSession":         func() error { return s.CreateSession(ctx, sampleSession("a1", "s2", base)) },
		"GetSession":            func() error { _, err := s.GetSession(ctx, r.Hash); return err },
		"UpdateSessionSeen":     func() error { return s.UpdateSessionSeen(ctx, "a1", "s1", base, base) },
		"DeleteSession":         func() error { return s.DeleteSession(ctx, "a1", "s1") },
		"DeleteSessions":        func() error { _, err := s.DeleteSessions(ctx, "a1", ""); return err },
		"ListSessions":          func() error { _, err := s.ListSessions(ctx, "a1", base); return err },
		"DeleteExpiredSessions": func() error { _, err := s.DeleteExpiredSessions(ctx, base, 1); return err },
	}
	for name, call := range calls {
		assertClosed(t, call(), name)
	}
}

// hostileSessionIDs checks session.Store with a 1 MB ID and with IDs the
// backend cannot hold: each is simply not there, and errors stay short.
func hostileSessionIDs(t *testing.T, open openSessions) {
	ctx := context.Background()
	huge := hugeID()
	s := open(t)
	r := sampleSession("a1", "s1", base)
	createSessions(t, s, r)

	big := sampleSession(huge, huge, base)
	if err := s.CreateSession(ctx, big); err != nil {
		// A backend may refuse to store the ID (an index entry has a
		// size limit), but must say so briefly.
		assertShortError(t, err, "CreateSession")
	} else {
		dup := big
		dup.Hash = session.HashToken("another")
		err := s.CreateSession(ctx, dup)
		assert.ErrorIs(t, err, session.ErrAlreadyExists)
		assertShortError(t, err, "CreateSession again")
	}
	err := s.DeleteSession(ctx, "a1", huge)
	assert.ErrorIs(t, err, session.ErrNotFound)
	assertShortError(t, err, "DeleteSession")
	err = s.UpdateSessionSeen(ctx, huge, "s1", base, base)
	assert.ErrorIs(t, err, session.ErrNotFound)
	assertShortError(t, err, "UpdateSessionSeen")

	for _, id := range unstorableIDs() {
		assert.ErrorIs(t, s.DeleteSession(ctx, "a1", id), session.ErrNotFound, "DeleteSession(%q)", id)
		assert.ErrorIs(t, s.DeleteSession(ctx, id, "s1"), session.ErrNotFound, "DeleteSession of agent %q", id)
		assert.ErrorIs(t, s.UpdateSessionSeen(ctx, id, "s1", base, base), session.ErrNotFound, "UpdateSessionSeen(%q)", id)
		ids, err := s.DeleteSessions(ctx, id, "")
		if assert.NoError(t, err, "DeleteSessions(%q)", id) {
			assert.Empty(t, ids, "DeleteSessions(%q) deleted another agent's sessions", id)
		}
		ids, err = s.DeleteSessions(ctx, "a1", id)
		if assert.NoError(t, err, "DeleteSessions keeping %q", id) && len(ids) == 1 {
			createSessions(t, s, r) // deleted as it should be: put it back
		}
		list, err := s.ListSessions(ctx, id, base)
		if assert.NoError(t, err, "ListSessions(%q)", id) {
			assert.Empty(t, list)
		}
	}
	got, err := s.GetSession(ctx, r.Hash)
	require.NoError(t, err)
	assertSameSession(t, r.Session, got)
}
