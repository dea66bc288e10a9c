package storagetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/memory"
)

// sessionTTL is the session lifetime the presence cases use.
const sessionTTL = 30 * time.Second

// online gives agent a session alive for sessionTTL after now.
func online(t *testing.T, s presence.Store, agent string, now time.Time) {
	t.Helper()
	_, err := s.TouchSession(context.Background(), agent, "s-"+agent, now.Add(sessionTTL), now)
	require.NoError(t, err)
}

// openPresence opens a fresh presence store for one case; the store is
// closed when the case ends.
type openPresence func(t *testing.T) presence.Store

// presenceCase is one named case of RunPresenceStore.
type presenceCase struct {
	name string
	run  func(t *testing.T, open openPresence)
}

// presenceCases returns the cases of RunPresenceStore, in order.
func presenceCases() []presenceCase {
	return []presenceCase{
		{"UnknownAgentIsZeroRecord", presenceUnknownAgentIsZeroRecord},
		{"BusyRoundTrip", presenceBusyRoundTrip},
		{"BusySurvivesSessions", presenceBusySurvivesSessions},
		{"SessionTTL", presenceSessionTTL},
		{"VersionCountsChangesNotHeartbeats", presenceVersionCountsChangesNotHeartbeats},
		{"BusyExpiry", presenceBusyExpiry},
		{"ToggleBusy", presenceToggleBusy},
		{"ConcurrentTogglesAreNotLost", presenceConcurrentTogglesAreNotLost},
		{"ClaimRefusesBusyOfflineFull", presenceClaimRefusesBusyOfflineFull},
		{"ClaimAndRelease", presenceClaimAndRelease},
		{"Capacity", presenceCapacity},
		{"ListEligible", presenceListEligible},
		{"IsolationBetweenAgents", presenceIsolationBetweenAgents},
		{"CancelledContext", presenceCancelledContext},
		{"ChangeFeed", presenceChangeFeed},
		{"ChangeFeedInOrderUnderConcurrentWriters", presenceChangeFeedInOrderUnderConcurrentWriters},
		{"ChangeFeedSubscriptionClose", presenceChangeFeedSubscriptionClose},
		{"ChangeFeedEndsWithTheStore", presenceChangeFeedEndsWithTheStore},
		{"ConcurrentClaimsRespectCapacity", presenceConcurrentClaimsRespectCapacity},
		{"ConcurrentClaimsOneChatOneHolder", presenceConcurrentClaimsOneChatOneHolder},
		{"RandomOperationsAgreeWithMemory", presenceRandomOperationsAgreeWithMemory},
		{"RacingTogglesAgainstClaims", presenceRacingTogglesAgainstClaims},
		{"RacingTrackers", presenceRacingTrackers},
		{"ChatLookup", presenceChatLookup},
		{"RouteRacesToggles", presenceRouteRacesToggles},
		{"LargestValuesRoundTrip", presenceLargestValuesRoundTrip},
		{"ErrorsQuoteIDPrefixes", presenceErrorsQuoteIDPrefixes},
		{"Closed", closedPresence},
		{"HostileIDs", hostilePresenceIDs},
	}
}

// RunPresenceStore runs every presence conformance case, each as a subtest
// named for what it checks, against the stores open returns: open is
// called for a fresh, empty store one or more times per case, and a store
// that implements io.Closer is closed when its case ends. A team that
// writes an adapter for presence alone (a presence.Store and, optionally,
// a presence.ChangeFeed) tests it with this runner only:
//
//	func TestPresence(t *testing.T) {
//		storagetest.RunPresenceStore(t, func(t *testing.T) presence.Store { return myadapter.New() })
//	}
func RunPresenceStore(t *testing.T, open func(t *testing.T) presence.Store) {
	opener := func(t *testing.T) presence.Store {
		t.Helper()
		s := open(t)
		if c, ok := s.(io.Closer); ok {
			t.Cleanup(func() { _ = c.Close() })
		}
		return s
	}
	for _, c := range presenceCases() {
		t.Run(c.name, func(t *testing.T) { c.run(t, opener) })
	}
}

// runPresence runs RunPresenceStore over a whole storage.Store, for Run.
func runPresence(t *testing.T, newStore NewStore) {
	RunPresenceStore(t, func(t *testing.T) presence.Store { return newStore(t) })
}

// presenceUnknownAgentIsZeroRecord checks that an agent never written reads as the zero Record.
func presenceUnknownAgentIsZeroRecord(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	r, err := s.GetPresence(ctx, "nobody", now)
	require.NoError(t, err)
	assert.Equal(t, "nobody", r.Agent)
	assert.True(t, now.Equal(r.AsOf))
	r.Agent, r.AsOf = "", time.Time{}
	assert.Zero(t, r)
}

// presenceBusyRoundTrip checks that a Busy with reason and expiry round-trips, and setting it again keeps BusySince.
func presenceBusyRoundTrip(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	until := time.Date(2026, 11, 26, 10, 0, 0, 999999000, time.UTC)
	r, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Reason: "Déjeuner 🍜 会議", Until: until}, now)
	require.NoError(t, err)
	got, err := s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	for _, r := range []presence.Record{r, got} {
		assert.True(t, r.Busy)
		assert.Equal(t, "Déjeuner 🍜 会議", r.BusyReason)
		assert.True(t, until.Equal(r.BusyUntil), "until %v", r.BusyUntil)
		assert.True(t, now.Equal(r.BusySince), "since %v", r.BusySince)
		assert.Equal(t, time.UTC, r.BusyUntil.Location())
		assert.Equal(t, time.UTC, r.BusySince.Location())
		assert.Equal(t, int64(1), r.Version)
	}

	later := now.Add(time.Minute)
	r, err = s.SetBusy(ctx, "a1", presence.BusySetting{On: true}, later)
	require.NoError(t, err)
	assert.True(t, now.Equal(r.BusySince), "setting busy again must keep BusySince")
	assert.Empty(t, r.BusyReason)
	assert.True(t, r.BusyUntil.IsZero())

	r, err = s.SetBusy(ctx, "a1", presence.BusySetting{}, later)
	require.NoError(t, err)
	got, err = s.GetPresence(ctx, "a1", later)
	require.NoError(t, err)
	for _, r := range []presence.Record{r, got} {
		assert.False(t, r.Busy)
		assert.True(t, r.BusySince.IsZero())
		assert.True(t, r.BusyUntil.IsZero())
		assert.Empty(t, r.BusyReason)
		assert.Equal(t, int64(3), r.Version)
	}
}

// presenceBusySurvivesSessions checks that sessions coming, going and expiring leave a hand-set Busy as it was.
func presenceBusySurvivesSessions(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	_, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Reason: "away"}, now)
	require.NoError(t, err)
	_, err = s.TouchSession(ctx, "a1", "tab2", now.Add(sessionTTL), now)
	require.NoError(t, err)
	_, err = s.RemoveSession(ctx, "a1", "s-a1", now)
	require.NoError(t, err)
	later := now.Add(2 * sessionTTL) // every session expired
	r, err := s.GetPresence(ctx, "a1", later)
	require.NoError(t, err)
	assert.True(t, r.BusyAt(later))
	assert.False(t, r.OnlineAt(later))
	r, err = s.TouchSession(ctx, "a1", "tab3", later.Add(sessionTTL), later)
	require.NoError(t, err)
	assert.True(t, r.BusyAt(later), "a reconnect cleared Busy")
	assert.Equal(t, "away", r.BusyReason)
	assert.True(t, now.Equal(r.BusySince))
}

// presenceSessionTTL checks that a session is alive until its expiry and OnlineUntil is the latest live expiry.
func presenceSessionTTL(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	exp1, exp2 := now.Add(10*time.Second), now.Add(20*time.Second+time.Microsecond)
	_, err := s.TouchSession(ctx, "a1", "tab1", exp1, now)
	require.NoError(t, err)
	r, err := s.TouchSession(ctx, "a1", "tab2", exp2, now)
	require.NoError(t, err)
	assert.True(t, exp2.Equal(r.OnlineUntil), "OnlineUntil is the latest expiry: %v", r.OnlineUntil)
	assert.Equal(t, time.UTC, r.OnlineUntil.Location())

	r, err = s.GetPresence(ctx, "a1", exp1)
	require.NoError(t, err)
	assert.True(t, exp2.Equal(r.OnlineUntil))
	r, err = s.GetPresence(ctx, "a1", exp2.Add(-time.Microsecond))
	require.NoError(t, err)
	assert.True(t, r.OnlineAt(exp2.Add(-time.Microsecond)))
	r, err = s.GetPresence(ctx, "a1", exp2)
	require.NoError(t, err)
	assert.False(t, r.OnlineAt(exp2), "a session is dead at its expiry")
	assert.True(t, r.OnlineUntil.IsZero(), "OnlineUntil counts only live sessions")

	r, err = s.RemoveSession(ctx, "a1", "tab2", now)
	require.NoError(t, err)
	assert.True(t, exp1.Equal(r.OnlineUntil))
	r, err = s.RemoveSession(ctx, "a1", "tab1", now)
	require.NoError(t, err)
	assert.False(t, r.OnlineAt(now))
}

// presenceVersionCountsChangesNotHeartbeats checks that Version counts changes, not heartbeats of live sessions.
func presenceVersionCountsChangesNotHeartbeats(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	r, err := s.TouchSession(ctx, "a1", "tab1", now.Add(sessionTTL), now)
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Version, "a new session is a change")
	t1 := now.Add(sessionTTL / 2)
	r, err = s.TouchSession(ctx, "a1", "tab1", t1.Add(sessionTTL), t1)
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Version, "a heartbeat of a live session is not a change")
	assert.True(t, t1.Add(sessionTTL).Equal(r.OnlineUntil), "the heartbeat extended the session")
	t2 := t1.Add(2 * sessionTTL)
	r, err = s.TouchSession(ctx, "a1", "tab1", t2.Add(sessionTTL), t2)
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.Version, "reviving an expired session is a change")
	r, err = s.RemoveSession(ctx, "a1", "nope", t2)
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.Version, "removing an unknown session is not a change")
	r, err = s.RemoveSession(ctx, "a1", "tab1", t2)
	require.NoError(t, err)
	assert.Equal(t, int64(3), r.Version)
	r, err = s.SetChatCapacity(ctx, "a1", 4, t2)
	require.NoError(t, err)
	assert.Equal(t, int64(4), r.Version)
	assert.Equal(t, 4, r.Capacity)
	r, err = s.RemoveSession(ctx, "ghost", "tab1", t2)
	require.NoError(t, err)
	assert.Zero(t, r.Version)
}

// presenceBusyExpiry checks that a Busy with an expiry ends at that instant.
func presenceBusyExpiry(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	until := now.Add(10 * time.Second)
	_, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Until: until}, now)
	require.NoError(t, err)
	before := until.Add(-time.Microsecond)
	_, err = s.ClaimChat(ctx, "a1", "c1", before)
	assert.ErrorIs(t, err, presence.ErrBusy)
	got, err := s.ListEligible(ctx, []string{"a1"}, before)
	require.NoError(t, err)
	assert.Empty(t, got)

	got, err = s.ListEligible(ctx, []string{"a1"}, until)
	require.NoError(t, err)
	assert.Equal(t, []string{"a1"}, got, "busy ends at its expiry")
	_, err = s.ClaimChat(ctx, "a1", "c1", until)
	assert.NoError(t, err)

	r, err := s.SetBusy(ctx, "a1", presence.BusySetting{On: true}, until.Add(time.Second))
	require.NoError(t, err)
	assert.True(t, until.Add(time.Second).Equal(r.BusySince), "an expired busy does not keep its since")
}

// presenceToggleBusy checks that ToggleBusy flips Busy, and an expired Busy counts as not busy.
func presenceToggleBusy(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	r, err := s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true, Reason: "r"}, now)
	require.NoError(t, err)
	assert.True(t, r.BusyAt(now))
	assert.Equal(t, "r", r.BusyReason)
	r, err = s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	assert.False(t, r.Busy)
	assert.Empty(t, r.BusyReason)

	until := now.Add(time.Second)
	_, err = s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Until: until}, now)
	require.NoError(t, err)
	r, err = s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true}, until)
	require.NoError(t, err)
	assert.True(t, r.BusyAt(until), "toggling an expired busy makes the agent busy")
	assert.True(t, until.Equal(r.BusySince))
	assert.Equal(t, int64(4), r.Version)
}

// presenceConcurrentTogglesAreNotLost checks that concurrent toggles are never lost.
func presenceConcurrentTogglesAreNotLost(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	const togglers = 20
	for _, err := range concurrently(togglers, func(int) error {
		_, err := s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true}, now)
		return err
	}) {
		assert.NoError(t, err)
	}
	r, err := s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	assert.False(t, r.BusyAt(now), "an even number of toggles must end where it started")
	assert.Equal(t, int64(togglers), r.Version)
}

// presenceClaimRefusesBusyOfflineFull checks that claims fail with the right sentinel, busy before offline, changing nothing.
func presenceClaimRefusesBusyOfflineFull(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "busy", now)
	online(t, s, "full", now)
	_, err := s.SetBusy(ctx, "busy", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, "busy-offline", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	_, err = s.SetChatCapacity(ctx, "full", 1, now)
	require.NoError(t, err)
	_, err = s.ClaimChat(ctx, "full", "c0", now)
	require.NoError(t, err)

	for agent, want := range map[string]error{
		"busy": presence.ErrBusy, "busy-offline": presence.ErrBusy,
		"nobody": presence.ErrOffline, "full": presence.ErrFull,
	} {
		before, err := s.GetPresence(ctx, agent, now)
		require.NoError(t, err)
		_, err = s.ClaimChat(ctx, agent, "c1", now)
		assert.ErrorIs(t, err, want, agent)
		after, err := s.GetPresence(ctx, agent, now)
		require.NoError(t, err)
		assert.Equal(t, before.Version, after.Version, "%s: a refused claim changed the record", agent)
		assert.Equal(t, before.Active, after.Active, agent)
	}
	online(t, s, "a1", now)
	_, err = s.ClaimChat(ctx, "a1", "c1", now)
	assert.NoError(t, err, "the refused claims left c1 free")

	_, err = s.ClaimChat(ctx, "busy", "c-expired", now.Add(sessionTTL))
	assert.ErrorIs(t, err, presence.ErrBusy, "busy is checked before online")
	_, err = s.ClaimChat(ctx, "a1", "c2", now.Add(sessionTTL))
	assert.ErrorIs(t, err, presence.ErrOffline, "the session expired")
}

// presenceClaimAndRelease checks that a chat has one holder, a repeated claim is no change and only the holder releases.
func presenceClaimAndRelease(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	online(t, s, "a2", now)
	r, err := s.ClaimChat(ctx, "a1", "chat-ü", now)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Active)
	assert.Equal(t, int64(2), r.Version)
	r, err = s.ClaimChat(ctx, "a1", "chat-ü", now)
	require.NoError(t, err, "claiming a held chat again succeeds")
	assert.Equal(t, 1, r.Active, "without taking another unit")
	assert.Equal(t, int64(2), r.Version, "and without a change")
	_, err = s.ClaimChat(ctx, "a2", "chat-ü", now)
	assert.ErrorIs(t, err, presence.ErrChatTaken)

	_, err = s.ReleaseChat(ctx, "a2", "chat-ü", now)
	assert.ErrorIs(t, err, presence.ErrNotClaimed, "only the holder releases")
	_, err = s.ReleaseChat(ctx, "a1", "other", now)
	assert.ErrorIs(t, err, presence.ErrNotClaimed)
	r, err = s.ReleaseChat(ctx, "a1", "chat-ü", now)
	require.NoError(t, err)
	assert.Equal(t, 0, r.Active)
	assert.Equal(t, int64(3), r.Version)
	_, err = s.ReleaseChat(ctx, "a1", "chat-ü", now)
	assert.ErrorIs(t, err, presence.ErrNotClaimed)
	_, err = s.ClaimChat(ctx, "a2", "chat-ü", now)
	assert.NoError(t, err, "a released chat can go to someone else")

	// Busy and offline agents can still release.
	_, err = s.SetBusy(ctx, "a2", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	_, err = s.ReleaseChat(ctx, "a2", "chat-ü", now.Add(time.Hour))
	assert.NoError(t, err)
}

// presenceCapacity checks that capacity limits claims and eligibility, and 0 means no limit.
func presenceCapacity(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	_, err := s.SetChatCapacity(ctx, "a1", 2, now)
	require.NoError(t, err)
	require.NoError(t, claim(ctx, s, "a1", "c1", now))
	require.NoError(t, claim(ctx, s, "a1", "c2", now))
	assert.ErrorIs(t, claim(ctx, s, "a1", "c3", now), presence.ErrFull)
	got, err := s.ListEligible(ctx, []string{"a1"}, now)
	require.NoError(t, err)
	assert.Empty(t, got, "a full agent is not eligible")

	r, err := s.SetChatCapacity(ctx, "a1", 1, now)
	require.NoError(t, err)
	assert.Equal(t, 2, r.Active, "lowering capacity releases nothing")
	_, err = s.ReleaseChat(ctx, "a1", "c1", now)
	require.NoError(t, err)
	assert.ErrorIs(t, claim(ctx, s, "a1", "c3", now), presence.ErrFull, "still at the new capacity")
	_, err = s.SetChatCapacity(ctx, "a1", 0, now)
	require.NoError(t, err)
	for i := range 5 {
		assert.NoError(t, claim(ctx, s, "a1", fmt.Sprintf("u%d", i), now), "0 means no limit")
	}
	r, err = s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	assert.Equal(t, 6, r.Active)
	assert.Equal(t, 0, r.Capacity)
}

// presenceListEligible checks that ListEligible keeps the candidates' order and repeats and returns a copy.
func presenceListEligible(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	for _, a := range []string{"a1", "a2", "a3", "a4", "a5"} {
		online(t, s, a, now)
	}
	_, err := s.SetBusy(ctx, "a2", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	_, err = s.RemoveSession(ctx, "a3", "s-a3", now)
	require.NoError(t, err)
	_, err = s.SetChatCapacity(ctx, "a4", 1, now)
	require.NoError(t, err)
	require.NoError(t, claim(ctx, s, "a4", "c1", now))

	candidates := []string{"a5", "ghost", "a4", "a3", "a2", "a1", "a5"}
	got, err := s.ListEligible(ctx, candidates, now)
	require.NoError(t, err)
	assert.Equal(t, []string{"a5", "a1", "a5"}, got, "candidate order, repeats kept")
	got[0] = "mutated"
	candidates[0] = "mutated"
	again, err := s.ListEligible(ctx, []string{"a5", "a1"}, now)
	require.NoError(t, err)
	assert.Equal(t, []string{"a5", "a1"}, again)

	got, err = s.ListEligible(ctx, []string{"a1"}, now.Add(sessionTTL))
	require.NoError(t, err)
	assert.Empty(t, got, "the session expired")
	got, err = s.ListEligible(ctx, []string{}, now)
	require.NoError(t, err)
	assert.Empty(t, got)
}

// presenceIsolationBetweenAgents checks that one agent's writes never touch another's, even with the same session ID.
func presenceIsolationBetweenAgents(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	_, err := s.TouchSession(ctx, "a1", "same-session-id", now.Add(sessionTTL), now)
	require.NoError(t, err)
	_, err = s.TouchSession(ctx, "a2", "same-session-id", now.Add(sessionTTL), now)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Reason: "mine"}, now)
	require.NoError(t, err)
	_, err = s.SetChatCapacity(ctx, "a1", 7, now)
	require.NoError(t, err)
	_, err = s.RemoveSession(ctx, "a1", "same-session-id", now)
	require.NoError(t, err)

	r, err := s.GetPresence(ctx, "a2", now)
	require.NoError(t, err)
	assert.False(t, r.Busy)
	assert.Empty(t, r.BusyReason)
	assert.True(t, r.OnlineAt(now), "removing a1's session removed a2's")
	assert.Equal(t, 0, r.Capacity)
	assert.Equal(t, int64(1), r.Version)
	assert.NoError(t, claim(ctx, s, "a2", "c1", now))
	r, err = s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	assert.Equal(t, 0, r.Active)
}

// presenceCancelledContext checks that every method fails on a cancelled context and changes nothing.
func presenceCancelledContext(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	calls := map[string]func() error{
		"GetPresence": func() error { _, err := s.GetPresence(cctx, "a1", now); return err },
		"SetBusy": func() error {
			_, err := s.SetBusy(cctx, "a1", presence.BusySetting{On: true}, now)
			return err
		},
		"ToggleBusy": func() error {
			_, err := s.ToggleBusy(cctx, "a1", presence.BusySetting{On: true}, now)
			return err
		},
		"TouchSession": func() error {
			_, err := s.TouchSession(cctx, "a1", "tab9", now.Add(sessionTTL), now)
			return err
		},
		"RemoveSession":   func() error { _, err := s.RemoveSession(cctx, "a1", "s-a1", now); return err },
		"SetChatCapacity": func() error { _, err := s.SetChatCapacity(cctx, "a1", 3, now); return err },
		"ClaimChat":       func() error { _, err := s.ClaimChat(cctx, "a1", "c1", now); return err },
		"ReleaseChat":     func() error { _, err := s.ReleaseChat(cctx, "a1", "c1", now); return err },
		"ListEligible":    func() error { _, err := s.ListEligible(cctx, []string{"a1"}, now); return err },
	}
	for name, call := range calls {
		assert.ErrorIs(t, call(), context.Canceled, name)
	}
	if feed, ok := s.(presence.ChangeFeed); ok {
		_, err := feed.SubscribePresence(cctx)
		assert.ErrorIs(t, err, context.Canceled, "SubscribePresence")
	}
	r, err := s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Version, "a cancelled call changed the record")
	assert.False(t, r.Busy)
	assert.True(t, r.OnlineAt(now))
}

// presenceChangeFeed checks that a ChangeFeed delivers exactly the changing writes' Records, in order.
func presenceChangeFeed(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	sub, cancel := subscribe(t, s)
	if sub == nil {
		return
	}
	defer cancel()

	var want []presence.Record
	write := func(r presence.Record, err error) {
		t.Helper()
		require.NoError(t, err)
		want = append(want, r)
	}
	write(s.TouchSession(ctx, "a1", "tab1", now.Add(sessionTTL), now))
	_, err := s.TouchSession(ctx, "a1", "tab1", now.Add(sessionTTL+time.Second), now.Add(time.Second)) // no change
	require.NoError(t, err)
	write(s.SetBusy(ctx, "a1", presence.BusySetting{On: true, Reason: "naïve ☕", Until: now.Add(time.Hour)}, now))
	write(s.TouchSession(ctx, "a2", "tab1", now.Add(sessionTTL), now))
	write(s.ToggleBusy(ctx, "a1", presence.BusySetting{On: true}, now))
	write(s.ClaimChat(ctx, "a1", "c1", now))
	write(s.SetChatCapacity(ctx, "a2", 2, now))
	write(s.ReleaseChat(ctx, "a1", "c1", now))
	write(s.RemoveSession(ctx, "a1", "tab1", now))

	for i, w := range want {
		select {
		case got, ok := <-sub.C():
			require.True(t, ok, "feed ended: %v", sub.Err())
			assertSameRecord(t, w, got, fmt.Sprintf("record %d", i))
		case <-time.After(10 * time.Second):
			require.FailNow(t, "no record arrived", "record %d", i)
		}
	}
	cancel()
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), context.Canceled)
}

// presenceChangeFeedInOrderUnderConcurrentWriters checks that a ChangeFeed keeps Version order per agent under concurrent writers.
func presenceChangeFeedInOrderUnderConcurrentWriters(t *testing.T, open openPresence) {
	s := open(t)
	sub, cancel := subscribe(t, s)
	if sub == nil {
		return
	}
	defer cancel()
	FeedInOrder(t, sub, s, s)
}

// presenceChangeFeedSubscriptionClose checks that a subscription's Close
// ends it at once (C closed when Close returns, Err matching
// profilekit.ErrClosed), twice without harm, and leaves the feed serving
// other subscriptions.
func presenceChangeFeedSubscriptionClose(t *testing.T, open openPresence) {
	ctx := context.Background()
	s := open(t)
	sub, cancel := subscribe(t, s)
	if sub == nil {
		return
	}
	defer cancel()
	other, cancelOther := subscribe(t, s)
	defer cancelOther()
	assert.NoError(t, sub.Err(), "nil while live")
	_, err := s.SetBusy(ctx, "closing", presence.BusySetting{On: true}, base) // queued, unread
	require.NoError(t, err)
	require.NoError(t, sub.Close())
	for range sub.C() { // at most what was queued before Close
	}
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed)
	require.NoError(t, sub.Close(), "closing twice does nothing")

	select {
	case r, ok := <-other.C():
		require.True(t, ok, "feed ended: %v", other.Err())
		assert.Equal(t, "closing", r.Agent)
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the other subscription got nothing")
	}
}

// presenceChangeFeedEndsWithTheStore checks that closing a store that
// implements io.Closer ends its subscriptions with an error matching
// profilekit.ErrClosed.
func presenceChangeFeedEndsWithTheStore(t *testing.T, open openPresence) {
	s := open(t)
	closer, ok := s.(io.Closer)
	if !ok {
		t.Logf("%T has no Close", s)
		return
	}
	sub, cancel := subscribe(t, s)
	if sub == nil {
		return
	}
	defer cancel()
	require.NoError(t, closer.Close())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range sub.C() {
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the subscription outlived its store")
	}
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed)
}

// presenceConcurrentClaimsRespectCapacity checks that concurrent claims never exceed the capacity.
func presenceConcurrentClaimsRespectCapacity(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	online(t, s, "a1", now)
	_, err := s.SetChatCapacity(ctx, "a1", 5, now)
	require.NoError(t, err)
	won := 0
	for _, err := range concurrently(40, func(i int) error {
		return claim(ctx, s, "a1", fmt.Sprintf("c%d", i), now)
	}) {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, presence.ErrFull)
	}
	assert.Equal(t, 5, won)
	r, err := s.GetPresence(ctx, "a1", now)
	require.NoError(t, err)
	assert.Equal(t, 5, r.Active)
}

// presenceConcurrentClaimsOneChatOneHolder checks that of concurrent claims for one chat exactly one wins.
func presenceConcurrentClaimsOneChatOneHolder(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	const claimers = 20
	for i := range claimers {
		online(t, s, fmt.Sprintf("a%d", i), now)
	}
	assertOneWinner(t, concurrently(claimers, func(i int) error {
		return claim(ctx, s, fmt.Sprintf("a%d", i), "the-chat", now)
	}), presence.ErrChatTaken)
}

// presenceRandomOperationsAgreeWithMemory checks that random write sequences give the same results as storage/memory.
func presenceRandomOperationsAgreeWithMemory(t *testing.T, open openPresence) {
	for seed := range uint64(3) {
		s := open(t)
		runPresenceRandom(t, s, memory.New(), seed, 150)
	}
}

// presenceRacingTogglesAgainstClaims checks that no claim succeeds while a confirmed Busy is in force (RaceTogglesAgainstClaims).
func presenceRacingTogglesAgainstClaims(t *testing.T, open openPresence) {
	s := open(t)
	RaceTogglesAgainstClaims(t, s, 50, s, s)
}

// presenceRacingTrackers checks that RaceTogglesAgainstClaims holds through two Trackers on the store.
func presenceRacingTrackers(t *testing.T, open openPresence) {
	s := open(t)
	// The session must outlive the race however slow a loaded machine
	// makes it: with the default TTL, a run over 30 s saw "offline".
	opts := &presence.Options{TTL: time.Hour}
	a, b := presence.New(s, opts), presence.New(s, opts)
	RaceTrackers(t, a, 30, a, b)
}

// presenceLargestValuesRoundTrip checks that the largest values a Tracker
// accepts are stored and returned whole: agent, session and chat IDs of
// profilekit.MaxIDLength bytes and a reason of presence.MaxReasonBytes
// bytes (presence.MaxReasonLength four-byte characters), also through the
// change feed.
func presenceLargestValuesRoundTrip(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	sub, cancel := subscribe(t, s)
	if cancel != nil {
		defer cancel()
	}
	agent := strings.Repeat("a", profilekit.MaxIDLength-1) + "~"
	session := strings.Repeat("s", profilekit.MaxIDLength)
	chat := "!" + strings.Repeat("c", profilekit.MaxIDLength-1)
	reason := strings.Repeat("🍜", presence.MaxReasonLength)
	require.Len(t, reason, presence.MaxReasonBytes)

	_, err := s.TouchSession(ctx, agent, session, now.Add(sessionTTL), now)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, agent, presence.BusySetting{On: true, Reason: reason, Until: now.Add(time.Second)}, now)
	require.NoError(t, err)
	later := now.Add(time.Second)
	_, err = s.ClaimChat(ctx, agent, chat, later)
	require.NoError(t, err)
	r, err := s.GetPresence(ctx, agent, later)
	require.NoError(t, err)
	assert.Equal(t, agent, r.Agent)
	assert.Equal(t, reason, r.BusyReason)
	assert.Equal(t, 1, r.Active)
	_, err = s.ReleaseChat(ctx, agent, chat, later)
	require.NoError(t, err)
	got, err := s.ListEligible(ctx, []string{agent}, later)
	require.NoError(t, err)
	assert.Equal(t, []string{agent}, got)
	if sub == nil {
		return
	}
	for i := range 4 {
		select {
		case r, ok := <-sub.C():
			require.True(t, ok, "feed ended: %v", sub.Err())
			assert.Equal(t, agent, r.Agent)
			if i == 1 {
				assert.Equal(t, reason, r.BusyReason)
			}
		case <-time.After(10 * time.Second):
			require.FailNow(t, "no record arrived", "record %d", i)
		}
	}
}

// presenceErrorsQuoteIDPrefixes checks that an adapter's errors name the
// operation but never repeat a whole ID (driver.QuoteID), so that a
// long ID cannot make a long error.
func presenceErrorsQuoteIDPrefixes(t *testing.T, open openPresence) {
	ctx := context.Background()
	now := base
	s := open(t)
	agent := strings.Repeat("a", profilekit.MaxIDLength)
	chat := strings.Repeat("c", profilekit.MaxIDLength)
	_, err := s.ClaimChat(ctx, agent, chat, now)
	require.ErrorIs(t, err, presence.ErrOffline)
	_, err2 := s.ReleaseChat(ctx, agent, chat, now)
	require.ErrorIs(t, err2, presence.ErrNotClaimed)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err3 := s.SetBusy(cctx, agent, presence.BusySetting{On: true}, now)
	require.ErrorIs(t, err3, context.Canceled)
	for _, err := range []error{err, err2, err3} {
		assert.NotContains(t, err.Error(), agent[:20], "the error repeats the agent ID")
		assert.NotContains(t, err.Error(), chat[:20], "the error repeats the chat ID")
	}
}

// RaceTogglesAgainstClaims checks the linearizability of Busy against
// claims at the Store level: toggler turns agent "racer" busy and available
// again rounds times while two goroutines per claimer claim and release
// chats through it. The stores may be handles on one database (as two
// service instances are). A claim that starts after SetBusy(busy) returned
// and ends before the agent is made available again must fail with
// presence.ErrBusy, and ListEligible through any claimer must leave the
// agent out then. The database must not know "racer" yet.
func RaceTogglesAgainstClaims(t *testing.T, toggler presence.Store, rounds int, claimers ...presence.Store) {
	t.Helper()
	now := base
	_, err := toggler.TouchSession(context.Background(), "racer", "s", now.Add(time.Hour), now)
	require.NoError(t, err)
	rs := make([]racer, len(claimers))
	for i, c := range claimers {
		rs[i] = storeRacer{c, now}
	}
	race(t, storeRacer{toggler, now}, rounds, rs)
}

// RaceTrackers is RaceTogglesAgainstClaims through presence Trackers, as
// routers in several service instances use them: toggler turns "racer"
// busy and back while each router claims (and releases) chats for it. The
// store must not know "racer" yet.
func RaceTrackers(t *testing.T, toggler *presence.Tracker, rounds int, routers ...*presence.Tracker) {
	t.Helper()
	_, err := toggler.Connect(context.Background(), "racer", "s")
	require.NoError(t, err)
	rs := make([]racer, len(routers))
	for i, r := range routers {
		rs[i] = trackerRacer{r}
	}
	race(t, trackerRacer{toggler}, rounds, rs)
}

// racer is what race needs from a Store or a Tracker, for agent "racer".
type racer interface {
	setBusy(ctx context.Context, on bool) error
	claim(ctx context.Context, chat string) error
	release(ctx context.Context, chat string) error
	eligible(ctx context.Context) ([]string, error)
}

type storeRacer struct {
	s   presence.Store
	now time.Time
}

func (r storeRacer) setBusy(ctx context.Context, on bool) error {
	_, err := r.s.SetBusy(ctx, "racer", presence.BusySetting{On: on}, r.now)
	return err
}

func (r storeRacer) claim(ctx context.Context, chat string) error {
	return claim(ctx, r.s, "racer", chat, r.now)
}

func (r storeRacer) release(ctx context.Context, chat string) error {
	_, err := r.s.ReleaseChat(ctx, "racer", chat, r.now)
	return err
}

func (r storeRacer) eligible(ctx context.Context) ([]string, error) {
	return r.s.ListEligible(ctx, []string{"racer"}, r.now)
}

type trackerRacer struct{ t *presence.Tracker }

func (r trackerRacer) setBusy(ctx context.Context, on bool) error {
	_, err := r.t.SetBusy(ctx, "racer", on)
	return err
}

func (r trackerRacer) claim(ctx context.Context, chat string) error {
	return r.t.Claim(ctx, "racer", chat)
}

func (r trackerRacer) release(ctx context.Context, chat string) error {
	return r.t.Release(ctx, "racer", chat)
}

func (r trackerRacer) eligible(ctx context.Context) ([]string, error) {
	return r.t.Eligible(ctx, []string{"racer"})
}

// race runs the race of RaceTogglesAgainstClaims. An epoch counter, odd
// while a confirmed Busy is in force, tells which claims had to fail: one
// that read the same odd epoch before and after it ran.
func race(t *testing.T, toggler racer, rounds int, claimers []racer) {
	t.Helper()
	ctx := context.Background()
	var epoch, refused, violations atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 2 * len(claimers) {
		claimer := claimers[c/2]
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				chat := fmt.Sprintf("race-%d-%d", c, i)
				before := epoch.Load()
				err := claimer.claim(ctx, chat)
				after := epoch.Load()
				switch {
				case err == nil:
					if before%2 == 1 && before == after {
						violations.Add(1)
					}
					assert.NoError(t, claimer.release(ctx, chat))
				case errors.Is(err, presence.ErrBusy):
					refused.Add(1)
				default:
					assert.NoError(t, err)
				}
			}
		})
	}
	for range rounds {
		require.NoError(t, toggler.setBusy(ctx, true))
		epoch.Add(1) // odd: busy confirmed
		for _, claimer := range claimers {
			got, err := claimer.eligible(ctx)
			require.NoError(t, err)
			assert.Empty(t, got, "eligible after SetBusy returned")
		}
		epoch.Add(1) // even: about to clear
		require.NoError(t, toggler.setBusy(ctx, false))
	}
	close(done)
	wg.Wait()
	assert.Zero(t, violations.Load(), "claims succeeded while a confirmed Busy was in force")
	t.Logf("%d claims refused as busy over %d rounds", refused.Load(), rounds)
}

// subscribe subscribes to s's presence.ChangeFeed, returning a nil
// Subscription (and saying so) when s has none.
func subscribe(t *testing.T, s presence.Store) (presence.Subscription, context.CancelFunc) {
	t.Helper()
	feed, ok := s.(presence.ChangeFeed)
	if !ok {
		t.Logf("%T does not implement presence.ChangeFeed; Tracker.Watch is unavailable on it", s)
		return nil, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	sub, err := feed.SubscribePresence(ctx)
	require.NoError(t, err)
	return sub, cancel
}

// FeedInOrder checks that sub, a subscription to a presence.ChangeFeed,
// delivers every change in Version order per agent while writers toggle
// two agents concurrently: four goroutines per writer, 10 toggles each,
// spread over the writers (which may be handles on one database, sub
// belonging to any of them). The agents "feed-a" and "feed-b" must be new.
func FeedInOrder(t *testing.T, sub presence.Subscription, writers ...presence.Store) {
	t.Helper()
	ctx := context.Background()
	const perGoroutine = 10
	agents := []string{"feed-a", "feed-b"}
	var wg sync.WaitGroup
	for g := range 4 * len(writers) {
		w := writers[g%len(writers)]
		wg.Go(func() {
			for range perGoroutine {
				_, err := w.ToggleBusy(ctx, agents[g%2], presence.BusySetting{On: true}, base)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	perAgent := int64(2 * len(writers) * perGoroutine)
	next := map[string]int64{"feed-a": 1, "feed-b": 1}
	for next["feed-a"] <= perAgent || next["feed-b"] <= perAgent {
		select {
		case r, ok := <-sub.C():
			require.True(t, ok, "feed ended: %v", sub.Err())
			require.Equal(t, next[r.Agent], r.Version, "%s: a change is missing or out of order", r.Agent)
			assert.Equal(t, r.Version%2 == 1, r.Busy, "%s version %d", r.Agent, r.Version)
			next[r.Agent]++
		case <-time.After(10 * time.Second):
			require.FailNow(t, "records stopped arriving", "next %v", next)
		}
	}
}

// claim claims chat for agent, discarding the Record.
func claim(ctx context.Context, s presence.Store, agent, chat string, now time.Time) error {
	_, err := s.ClaimChat(ctx, agent, chat, now)
	return err
}

// assertSameRecord compares two Records, times by instant.
func assertSameRecord(t *testing.T, want, got presence.Record, msg string) {
	t.Helper()
	for _, p := range [][2]time.Time{
		{want.BusySince, got.BusySince}, {want.BusyUntil, got.BusyUntil},
		{want.OnlineUntil, got.OnlineUntil}, {want.AsOf, got.AsOf},
	} {
		assert.True(t, p[0].Equal(p[1]), "%s: want %v, got %v", msg, p[0], p[1])
	}
	want.BusySince, want.BusyUntil, want.OnlineUntil, want.AsOf = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	got.BusySince, got.BusyUntil, got.OnlineUntil, got.AsOf = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got, msg)
}
