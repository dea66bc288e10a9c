package session_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/session/sessionmock"
)

func TestCreateAndLookup(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s, err := f.svc.Create(ctx, "ada")
	require.NoError(t, err)
	assert.Len(t, token, session.TokenLength)
	assert.NotContains(t, token, "=")
	assert.Nil(t, profilekit.CheckID("id", s.ID), "the session ID follows the ID rule")
	assert.NotContains(t, token, s.ID)
	assert.Equal(t, "ada", s.AgentID)
	assert.True(t, start.Equal(s.Created))
	assert.True(t, start.Equal(s.Seen))
	assert.True(t, start.Add(idle).Equal(s.IdleExpires))
	assert.True(t, start.Add(lifetime).Equal(s.Expires))

	got, err := f.svc.Lookup(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, s, got)

	events := f.events.Events()
	require.Len(t, events, 1)
	created, ok := events[0].(session.Created)
	require.True(t, ok, "%T", events[0])
	assert.Equal(t, profilekit.EventSessionCreated, created.Kind())
	assert.Equal(t, profilekit.EventMeta{AgentID: "ada", At: start, Instance: "test-1"}, created.Meta())
	assert.Equal(t, s, created.Session)

	other, s2 := f.create(t, "ada")
	assert.NotEqual(t, token, other, "tokens are random")
	assert.NotEqual(t, s.ID, s2.ID, "IDs are random")
}

func TestLookupRecordsUseAtMostOncePerInterval(t *testing.T) {
	ctx := context.Background()
	store := &countingStore{}
	f := newFixture(t)
	store.Store = f.store
	svc := session.New(store, &session.Options{IdleTimeout: idle, Lifetime: lifetime, TouchInterval: touch, Clock: f.clock})
	token, s, err := svc.Create(ctx, "ada")
	require.NoError(t, err)

	f.clock.Advance(touch - time.Microsecond)
	got, err := svc.Lookup(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, s, got, "within the interval nothing changes")
	assert.Zero(t, store.updates)

	f.clock.Advance(time.Microsecond)
	got, err = svc.Lookup(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, 1, store.updates)
	assert.True(t, start.Add(touch).Equal(got.Seen))
	assert.True(t, start.Add(touch+idle).Equal(got.IdleExpires))
	again, err := svc.Lookup(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, got, again, "the use was stored")
	assert.Equal(t, 1, store.updates)
}

// countingStore counts UpdateSessionSeen calls.
type countingStore struct {
	session.Store
	updates int
}

func (c *countingStore) UpdateSessionSeen(ctx context.Context, agentID, id string, seen, idleExpires time.Time) error {
	c.updates++
	return c.Store.UpdateSessionSeen(ctx, agentID, id, seen, idleExpires)
}

func TestIdleExpiry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s := f.create(t, "ada")
	// Used every 20 minutes, the session outlives its idle timeout.
	for range 6 {
		f.clock.Advance(20 * time.Minute)
		_, err := f.svc.Lookup(ctx, token)
		require.NoError(t, err)
	}
	f.clock.Advance(idle - time.Microsecond)
	_, err := f.svc.Lookup(ctx, token)
	require.NoError(t, err, "alive until the last instant")
	f.clock.Advance(idle)
	_, err = f.svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, session.ErrNotFound)
	assert.Equal(t, profilekit.CodeSessionNotFound, profilekit.CodeOf(err))

	revoked := revokedOf(f.events)
	require.Len(t, revoked, 1)
	assert.Equal(t, []string{s.ID}, revoked[0].SessionIDs)
	assert.Equal(t, session.ReasonExpired, revoked[0].Reason)
	_, err = f.store.GetSession(ctx, session.HashToken(token))
	assert.ErrorIs(t, err, session.ErrNotFound, "Lookup deletes the expired session it meets")
	_, err = f.svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, session.ErrNotFound, "the same answer the second time")
	assert.Len(t, revokedOf(f.events), 1)
}

func TestAbsoluteExpiry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s := f.create(t, "ada")
	var last session.Session
	for f.clock.Now().Before(start.Add(lifetime - 10*time.Minute)) {
		f.clock.Advance(10 * time.Minute)
		var err error
		last, err = f.svc.Lookup(ctx, token)
		require.NoError(t, err)
	}
	assert.False(t, last.IdleExpires.After(s.Expires), "IdleExpires never passes Expires")
	f.clock.Advance(10 * time.Minute)
	_, err := f.svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, session.ErrNotFound, "dead at Expires however much it is used")
}

func TestLifetimeShorterThanIdle(t *testing.T) {
	f := newFixture(t)
	svc := session.New(f.store, &session.Options{IdleTimeout: time.Hour, Lifetime: time.Minute, Clock: f.clock})
	_, s, err := svc.Create(context.Background(), "ada")
	require.NoError(t, err)
	assert.True(t, s.Expires.Equal(s.IdleExpires))
	assert.True(t, start.Add(time.Minute).Equal(s.Expires))
}

func TestDefaults(t *testing.T) {
	f := newFixture(t)
	svc := session.New(f.store, &session.Options{Clock: f.clock})
	_, s, err := svc.Create(context.Background(), "ada")
	require.NoError(t, err)
	assert.Equal(t, session.DefaultIdleTimeout, s.IdleExpires.Sub(s.Created))
	assert.Equal(t, session.DefaultLifetime, s.Expires.Sub(s.Created))
	assert.NotNil(t, session.New(f.store, nil))
}

// TestShortIdleTimeoutIsTouchedInTime: a touch interval longer than the
// idle timeout is cut, so a session in use never idles out.
func TestShortIdleTimeoutIsTouchedInTime(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	svc := session.New(f.store, &session.Options{IdleTimeout: 40 * time.Second, TouchInterval: time.Hour, Clock: f.clock})
	token, _, err := svc.Create(ctx, "ada")
	require.NoError(t, err)
	for range 20 {
		f.clock.Advance(15 * time.Second)
		_, err := svc.Lookup(ctx, token)
		require.NoError(t, err)
	}
}

func TestLookupRefusesEveryBadTokenAlike(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, _ := f.create(t, "ada")
	revokedToken, _ := f.create(t, "ada")
	require.NoError(t, f.svc.Revoke(ctx, revokedToken))
	flipped := []byte(token)
	flipped[0] ^= 1
	for name, tok := range map[string]string{
		"empty":     "",
		"short":     token[:42],
		"long":      token + "A",
		"padded":    token[:42] + "=",
		"bad char":  token[:42] + "+",
		"non-canon": token[:42] + "B", // stray bits in the last character, unless it was B
		"unknown":   string(flipped),
		"revoked":   revokedToken,
		"space":     " " + token[1:],
		"huge":      strings.Repeat("A", 1<<20),
		"non-UTF-8": "\xff" + token[1:],
	} {
		if name == "non-canon" && token[42] == 'B' {
			continue
		}
		_, err := f.svc.Lookup(ctx, tok)
		assert.ErrorIs(t, err, session.ErrNotFound, name)
		assert.Equal(t, profilekit.CodeSessionNotFound, profilekit.CodeOf(err), name)
		if tok != "" {
			assert.NotContains(t, err.Error(), tok, name)
		}
	}
	_, err := f.svc.Lookup(ctx, token)
	assert.NoError(t, err, "the good token still works")
}

func TestRevoke(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s := f.create(t, "ada")
	other, _ := f.create(t, "ada")
	require.NoError(t, f.svc.Revoke(ctx, token))
	_, err := f.svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, session.ErrNotFound)
	_, err = f.svc.Lookup(ctx, other)
	assert.NoError(t, err, "only that session ended")
	assert.ErrorIs(t, f.svc.Revoke(ctx, token), session.ErrNotFound, "again")
	assert.ErrorIs(t, f.svc.Revoke(ctx, "malformed"), session.ErrNotFound)
	revoked := revokedOf(f.events)
	require.Len(t, revoked, 1)
	assert.Equal(t, session.Revoked{EventMeta: profilekit.EventMeta{AgentID: "ada", At: start, Instance: "test-1"},
		SessionIDs: []string{s.ID}, Reason: session.ReasonSignOut}, revoked[0])
	assert.Equal(t, profilekit.EventSessionRevoked, revoked[0].Kind())

	// An expired session is still deleted by a sign-out.
	late, _ := f.create(t, "ada")
	f.clock.Advance(lifetime)
	require.NoError(t, f.svc.Revoke(ctx, late))
}

func TestRevokeByID(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, s := f.create(t, "ada")
	bobToken, bob := f.create(t, "bob")
	assert.ErrorIs(t, f.svc.RevokeByID(ctx, "ada", bob.ID, session.ReasonSignOut), session.ErrNotFound,
		"an agent cannot end another's session by its ID")
	_, err := f.svc.Lookup(ctx, bobToken)
	require.NoError(t, err)
	require.NoError(t, f.svc.RevokeByID(ctx, "ada", s.ID, session.ReasonAdmin))
	assert.ErrorIs(t, f.svc.RevokeByID(ctx, "ada", s.ID, session.ReasonAdmin), session.ErrNotFound)
	revoked := revokedOf(f.events)
	require.Len(t, revoked, 1)
	assert.Equal(t, session.ReasonAdmin, revoked[0].Reason)
	assert.Equal(t, []string{s.ID}, revoked[0].SessionIDs)
}

func TestRevokeOthers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	keep, kept := f.create(t, "ada")
	var others []string
	for range 3 {
		_, s := f.create(t, "ada")
		others = append(others, s.ID)
	}
	bobToken, _ := f.create(t, "bob")

	_, err := f.svc.RevokeOthers(ctx, "ada", bobToken, session.ReasonPasswordChanged)
	assert.ErrorIs(t, err, session.ErrNotFound, "keeping another agent's session")
	_, err = f.svc.RevokeOthers(ctx, "ada", "malformed", session.ReasonPasswordChanged)
	assert.ErrorIs(t, err, session.ErrNotFound)
	list, err := f.svc.List(ctx, "ada")
	require.NoError(t, err)
	assert.Len(t, list, 4, "a refused call ended nothing")

	n, err := f.svc.RevokeOthers(ctx, "ada", keep, session.ReasonPasswordChanged)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	list, err = f.svc.List(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, []session.Session{kept}, list)
	_, err = f.svc.Lookup(ctx, bobToken)
	assert.NoError(t, err, "another agent's session survives")
	revoked := revokedOf(f.events)
	require.Len(t, revoked, 1)
	assert.Equal(t, session.ReasonPasswordChanged, revoked[0].Reason)
	assert.ElementsMatch(t, others, revoked[0].SessionIDs)
	assert.IsNonDecreasing(t, revoked[0].SessionIDs)

	n, err = f.svc.RevokeOthers(ctx, "ada", keep, session.ReasonSignOut)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Len(t, revokedOf(f.events), 1, "no event when nothing ended")
}

func TestRevokeAll(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, _ := f.create(t, "ada")
	f.create(t, "ada")
	n, err := f.svc.RevokeAll(ctx, "ada", session.ReasonAdmin)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	_, err = f.svc.Lookup(ctx, a)
	assert.ErrorIs(t, err, session.ErrNotFound)
	n, err = f.svc.RevokeAll(ctx, "ada", session.ReasonAdmin)
	require.NoError(t, err)
	assert.Zero(t, n)
	require.Len(t, revokedOf(f.events), 1)
}

func TestListShowsLiveSessionsOldestFirst(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, first := f.create(t, "ada")
	f.clock.Advance(time.Minute)
	_, second := f.create(t, "ada")
	f.create(t, "bob")
	list, err := f.svc.List(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, []session.Session{first, second}, list)
	f.clock.Advance(idle)
	list, err = f.svc.List(ctx, "ada")
	require.NoError(t, err)
	assert.Empty(t, list, "expired sessions are not listed")
	list, err = f.svc.List(ctx, "nobody")
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	const many = session.SweepBatch + 7 // more than one batch
	for i := range many {
		f.create(t, fmt.Sprintf("agent-%d", i%3))
	}
	f.clock.Advance(idle - time.Minute)
	live, liveSession := f.create(t, "agent-0")
	f.clock.Advance(time.Minute)
	n, err := f.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, many, n)
	got, err := f.svc.Lookup(ctx, live)
	require.NoError(t, err)
	assert.Equal(t, liveSession.ID, got.ID)

	ended := map[string]int{}
	for _, r := range revokedOf(f.events) {
		assert.Equal(t, session.ReasonExpired, r.Reason)
		assert.True(t, f.clock.Now().Equal(r.At))
		ended[r.AgentID] += len(r.SessionIDs)
	}
	assert.Equal(t, map[string]int{"agent-0": 169, "agent-1": 169, "agent-2": 169}, ended)
	n, err = f.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestValidation(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s := f.create(t, "ada")
	long := strings.Repeat("x", profilekit.MaxIDLength+1)
	tests := []struct {
		name   string
		call   func() error
		fields []string
		codes  []profilekit.Code
	}{
		{"create empty", func() error { _, _, err := f.svc.Create(ctx, ""); return err },
			[]string{session.FieldAgentID}, []profilekit.Code{profilekit.CodeIDRequired}},
		{"create long", func() error { _, _, err := f.svc.Create(ctx, long); return err },
			[]string{session.FieldAgentID}, []profilekit.Code{profilekit.CodeIDTooLong}},
		{"revoke by id: both IDs and the reason", func() error { return f.svc.RevokeByID(ctx, "a b", "\x00", "bogus") },
			[]string{session.FieldAgentID, session.FieldSessionID, session.FieldReason},
			[]profilekit.Code{profilekit.CodeIDInvalidChars, profilekit.CodeIDInvalidChars, profilekit.CodeRevokeReasonUnknown}},
		{"revoke others: reason", func() error { _, err := f.svc.RevokeOthers(ctx, "ada", token, ""); return err },
			[]string{session.FieldReason}, []profilekit.Code{profilekit.CodeRevokeReasonUnknown}},
		{"revoke others: agent", func() error { _, err := f.svc.RevokeOthers(ctx, "", token, session.ReasonSignOut); return err },
			[]string{session.FieldAgentID}, []profilekit.Code{profilekit.CodeIDRequired}},
		{"revoke all", func() error { _, err := f.svc.RevokeAll(ctx, "é", session.ReasonAdmin); return err },
			[]string{session.FieldAgentID}, []profilekit.Code{profilekit.CodeIDInvalidChars}},
		{"list", func() error { _, err := f.svc.List(ctx, ""); return err },
			[]string{session.FieldAgentID}, []profilekit.Code{profilekit.CodeIDRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var verr *session.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.ErrorIs(t, err, session.ErrInvalid)
			assert.Equal(t, tt.codes, verr.Codes())
			var fields []string
			for _, fe := range verr.Fields {
				fields = append(fields, fe.Field)
			}
			assert.Equal(t, tt.fields, fields)
			assert.True(t, strings.HasPrefix(err.Error(), "session: invalid input"), err.Error())
		})
	}
	got, err := f.svc.Lookup(ctx, token)
	require.NoError(t, err, "no refused call changed anything")
	assert.Equal(t, s, got)
	assert.Len(t, f.events.Events(), 1)
}

// TestStoreErrors: a store's failure comes back as the store said, and no
// event is raised for a change that was not stored.
func TestStoreErrors(t *testing.T) {
	ctx := context.Background()
	diskFull := errors.New("disk full")
	live := session.Session{ID: "s1", AgentID: "ada", Created: start, Seen: start,
		IdleExpires: start.Add(idle), Expires: start.Add(lifetime)}
	good := func() *sessionmock.StoreMock {
		return &sessionmock.StoreMock{
			CreateSessionFunc: func(context.Context, session.Record) error { return nil },
			GetSessionFunc:    func(context.Context, session.Hash) (session.Session, error) { return live, nil },
			UpdateSessionSeenFunc: func(context.Context, string, string, time.Time, time.Time) error {
				return nil
			},
			DeleteSessionFunc:  func(context.Context, string, string) error { return nil },
			DeleteSessionsFunc: func(context.Context, string, string) ([]string, error) { return []string{"s2"}, nil },
			ListSessionsFunc: func(context.Context, string, time.Time) ([]session.Session, error) {
				return []session.Session{live}, nil
			},
			DeleteExpiredSessionsFunc: func(context.Context, time.Time, int) ([]session.Session, error) {
				return nil, nil
			},
		}
	}
	token := strings.Repeat("A", session.TokenLength)
	tests := []struct {
		name    string
		breakIt func(m *sessionmock.StoreMock)
		call    func(svc *session.Service) error
	}{
		{"create", func(m *sessionmock.StoreMock) {
			m.CreateSessionFunc = func(context.Context, session.Record) error { return diskFull }
		}, func(svc *session.Service) error { _, _, err := svc.Create(ctx, "ada"); return err }},
		{"lookup get", func(m *sessionmock.StoreMock) {
			m.GetSessionFunc = func(context.Context, session.Hash) (session.Session, error) { return session.Session{}, diskFull }
		}, func(svc *session.Service) error { _, err := svc.Lookup(ctx, token); return err }},
		{"lookup touch", func(m *sessionmock.StoreMock) {
			m.UpdateSessionSeenFunc = func(context.Context, string, string, time.Time, time.Time) error { return diskFull }
		}, func(svc *session.Service) error { _, err := svc.Lookup(ctx, token); return err }},
		{"lookup expired delete", func(m *sessionmock.StoreMock) {
			expired := live
			expired.IdleExpires = start
			m.GetSessionFunc = func(context.Context, session.Hash) (session.Session, error) { return expired, nil }
			m.DeleteSessionFunc = func(context.Context, string, string) error { return diskFull }
		}, func(svc *session.Service) error { _, err := svc.Lookup(ctx, token); return err }},
		{"revoke get", func(m *sessionmock.StoreMock) {
			m.GetSessionFunc = func(context.Context, session.Hash) (session.Session, error) { return session.Session{}, diskFull }
		}, func(svc *session.Service) error { return svc.Revoke(ctx, token) }},
		{"revoke delete", func(m *sessionmock.StoreMock) {
			m.DeleteSessionFunc = func(context.Context, string, string) error { return diskFull }
		}, func(svc *session.Service) error { return svc.Revoke(ctx, token) }},
		{"revoke by id", func(m *sessionmock.StoreMock) {
			m.DeleteSessionFunc = func(context.Context, string, string) error { return diskFull }
		}, func(svc *session.Service) error { return svc.RevokeByID(ctx, "ada", "s1", session.ReasonSignOut) }},
		{"revoke others get", func(m *sessionmock.StoreMock) {
			m.GetSessionFunc = func(context.Context, session.Hash) (session.Session, error) { return session.Session{}, diskFull }
		}, func(svc *session.Service) error {
			_, err := svc.RevokeOthers(ctx, "ada", token, session.ReasonSignOut)
			return err
		}},
		{"revoke others delete", func(m *sessionmock.StoreMock) {
			m.DeleteSessionsFunc = func(context.Context, string, string) ([]string, error) { return nil, diskFull }
		}, func(svc *session.Service) error {
			_, err := svc.RevokeOthers(ctx, "ada", token, session.ReasonSignOut)
			return err
		}},
		{"revoke all", func(m *sessionmock.StoreMock) {
			m.DeleteSessionsFunc = func(context.Context, string, string) ([]string, error) { return nil, diskFull }
		}, func(svc *session.Service) error { _, err := svc.RevokeAll(ctx, "ada", session.ReasonAdmin); return err }},
		{"list", func(m *sessionmock.StoreMock) {
			m.ListSessionsFunc = func(context.Context, string, time.Time) ([]session.Session, error) { return nil, diskFull }
		}, func(svc *session.Service) error { _, err := svc.List(ctx, "ada"); return err }},
		{"sweep", func(m *sessionmock.StoreMock) {
			m.DeleteExpiredSessionsFunc = func(context.Context, time.Time, int) ([]session.Session, error) { return nil, diskFull }
		}, func(svc *session.Service) error { _, err := svc.Sweep(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := good()
			tt.breakIt(m)
			events := &recorder{}
			clock := newFakeClock()
			clock.Advance(2 * touch) // Lookup touches
			svc := session.New(m, &session.Options{IdleTimeout: idle, Lifetime: lifetime, TouchInterval: touch, Clock: clock, Observer: events})
			err := tt.call(svc)
			assert.ErrorIs(t, err, diskFull)
			assert.Empty(t, events.Events(), "an event for a change that was not stored")
		})
	}
}

// TestLookupOfSessionRevokedMeanwhile: a session deleted between Lookup's
// read and its touch is not found, and is not brought back.
func TestLookupOfSessionRevokedMeanwhile(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, _ := f.create(t, "ada")
	m := &sessionmock.StoreMock{
		GetSessionFunc: func(ctx context.Context, h session.Hash) (session.Session, error) {
			s, err := f.store.GetSession(ctx, h)
			if err == nil {
				_, err = f.store.DeleteSessions(ctx, "ada", "") // another instance signs ada out
			}
			return s, err
		},
		UpdateSessionSeenFunc: f.store.UpdateSessionSeen,
	}
	f.clock.Advance(2 * touch)
	svc := session.New(m, &session.Options{IdleTimeout: idle, TouchInterval: touch, Clock: f.clock})
	_, err := svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, session.ErrNotFound)
	_, err = f.store.GetSession(ctx, session.HashToken(token))
	assert.ErrorIs(t, err, session.ErrNotFound, "the session came back")
}

func TestCancelledContext(t *testing.T) {
	f := newFixture(t)
	token, _ := f.create(t, "ada")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := f.svc.Create(ctx, "ada")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = f.svc.Lookup(ctx, token)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, f.svc.Revoke(ctx, token), context.Canceled)
	_, err = f.svc.RevokeAll(ctx, "ada", session.ReasonAdmin)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = f.svc.Sweep(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Len(t, f.events.Events(), 1, "only the first Create's event")
}

// TestConcurrentUse signs in, looks up and revokes from many goroutines
// (run with -race): every session ends up revoked exactly once, each
// agent's events arrive in the order of their changes, and no Lookup
// succeeds for a token after its Revoked event.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	const agents, perAgent = 4, 8
	var wg sync.WaitGroup
	for a := range agents {
		agent := fmt.Sprintf("agent-%d", a)
		for range perAgent {
			wg.Go(func() {
				token, _, err := f.svc.Create(ctx, agent)
				if !assert.NoError(t, err) {
					return
				}
				for range 5 {
					f.clock.Advance(time.Second)
					if _, err := f.svc.Lookup(ctx, token); err != nil {
						assert.ErrorIs(t, err, session.ErrNotFound) // revoked by another goroutine
					}
				}
				if _, err := f.svc.RevokeOthers(ctx, agent, token, session.ReasonSignOut); err != nil {
					assert.ErrorIs(t, err, session.ErrNotFound)
				}
				if err := f.svc.Revoke(ctx, token); err != nil {
					assert.ErrorIs(t, err, session.ErrNotFound)
				}
			})
		}
	}
	wg.Wait()
	created, revoked := map[string]string{}, map[string]int{}
	for _, e := range f.events.Events() {
		switch e := e.(type) {
		case session.Created:
			created[e.Session.ID] = e.AgentID
		case session.Revoked:
			for _, id := range e.SessionIDs {
				_, ok := created[id]
				assert.True(t, ok, "session %s revoked before its Created event", id)
				assert.Equal(t, created[id], e.AgentID)
				revoked[id]++
			}
		}
	}
	assert.Len(t, created, agents*perAgent)
	assert.Len(t, revoked, agents*perAgent, "every session revoked")
	for id, n := range revoked {
		assert.Equal(t, 1, n, "session %s revoked %d times", id, n)
	}
}
