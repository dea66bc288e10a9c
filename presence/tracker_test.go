package presence_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

const ttl = 30 * time.Second

// newTracker returns a Tracker over a fresh memory store, on a fake clock.
func newTracker(t *testing.T) (*presence.Tracker, *profilekittest.Clock, *memory.Store) {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	clock := profilekittest.NewClock(start)
	return presence.New(store, &presence.Options{TTL: ttl, Clock: clock}), clock, store
}

func TestUnknownAgentIsOffline(t *testing.T) {
	tr, _, _ := newTracker(t)
	p, err := tr.Get(context.Background(), "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Offline, p.Status)
	assert.Equal(t, presence.Grey, p.Badge.Colour)
	assert.False(t, p.Online)
	assert.Zero(t, p.Version)
}

func TestConnectMakesAvailable(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	p, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, p.Status)
	assert.Equal(t, presence.Badge{Label: "Available", Colour: presence.Green}, p.Badge)
	assert.True(t, p.Online)
	assert.True(t, p.Eligible())
}

func TestBusyShowsRedBadge(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	p, err := tr.SetBusy(ctx, "ada", true)
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	assert.Equal(t, presence.Badge{Label: "Busy", Colour: presence.Red}, p.Badge)
	assert.True(t, p.BusySince.Equal(start), "busy since %v", p.BusySince)
	assert.True(t, p.Online)
	assert.False(t, p.Eligible())

	clock.Advance(time.Minute)
	p, err = tr.SetBusy(ctx, "ada", true)
	require.NoError(t, err)
	assert.True(t, p.BusySince.Equal(start), "setting busy again moved BusySince to %v", p.BusySince)

	p, err = tr.SetBusy(ctx, "ada", false)
	require.NoError(t, err)
	assert.Equal(t, presence.Offline, p.Status, "the session expired during the minute")
	assert.True(t, p.BusySince.IsZero())
}

func TestToggleBusy(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	p, err := tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	p, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, p.Status)
}

func TestBusySurvivesSessions(t *testing.T) {
	ctx := context.Background()
	tr, clock, store := newTracker(t)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetBusy(ctx, "ada", true)
	require.NoError(t, err)

	// A second tab, a disconnect, an expiry and a reconnect leave it.
	_, err = tr.Connect(ctx, "ada", "tab2")
	require.NoError(t, err)
	_, err = tr.Disconnect(ctx, "ada", "tab1")
	require.NoError(t, err)
	clock.Advance(2 * ttl)
	p, err := tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status, "busy while offline")
	assert.False(t, p.Online)
	require.NoError(t, tr.Heartbeat(ctx, "ada", "tab2"))
	p, err = tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	assert.True(t, p.Online)

	// So does a restart: a new Tracker over the same store.
	again := presence.New(store, &presence.Options{TTL: ttl, Clock: clock})
	p, err = again.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
}

func TestSessionTTL(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	clock.Advance(ttl - time.Second)
	require.NoError(t, tr.Heartbeat(ctx, "ada", "tab1"))
	clock.Advance(ttl - time.Second)
	p, err := tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, p.Status, "the heartbeat renewed the session")
	clock.Advance(time.Second)
	p, err = tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Offline, p.Status, "the session expired exactly TTL after the heartbeat")
}

func TestDefaultTTL(t *testing.T) {
	ctx := context.Background()
	clock := profilekittest.NewClock(start)
	tr := presence.New(memory.New(), &presence.Options{Clock: clock})
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	clock.Advance(presence.DefaultTTL - time.Microsecond)
	p, err := tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.True(t, p.Online)
	clock.Advance(time.Microsecond)
	p, err = tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.False(t, p.Online)
}

func TestSystemClock(t *testing.T) {
	tr := presence.New(memory.New(), nil)
	p, err := tr.Connect(context.Background(), "ada", "tab1")
	require.NoError(t, err)
	assert.True(t, p.Online)
}

func TestBusyFor(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	p, err := tr.SetBusyFor(ctx, "ada", "Lunch 🍜", 30*time.Minute)
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	assert.Equal(t, "Lunch 🍜", p.BusyReason)
	assert.True(t, p.BusyUntil.Equal(start.Add(30*time.Minute)))

	for range 3 {
		clock.Advance(10*time.Minute - time.Second)
		require.NoError(t, tr.Heartbeat(ctx, "ada", "tab1"))
	}
	p, err = tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	clock.Advance(3 * time.Second)
	p, err = tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, p.Status, "busy expired after 30 minutes")
	assert.Empty(t, p.BusyReason)
	assert.True(t, p.BusyUntil.IsZero())

	p, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status, "toggling an expired busy makes the agent busy again")
	assert.True(t, p.BusyUntil.IsZero())
}

func TestBusyForZeroLastsUntilCleared(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	_, err := tr.SetBusyFor(ctx, "ada", "Training", 0)
	require.NoError(t, err)
	clock.Advance(presence.MaxBusyDuration * 2)
	p, err := tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status)
	assert.Equal(t, "Training", p.BusyReason)
}

func TestEligibleAndClaim(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	for _, a := range []string{"ada", "bob", "cy", "dee"} {
		_, err := tr.Connect(ctx, a, "s-"+a)
		require.NoError(t, err)
	}
	_, err := tr.SetBusy(ctx, "bob", true)
	require.NoError(t, err)
	_, err = tr.Disconnect(ctx, "cy", "s-cy")
	require.NoError(t, err)
	_, err = tr.SetCapacity(ctx, "dee", 1)
	require.NoError(t, err)

	got, err := tr.Eligible(ctx, []string{"dee", "ada", "bob", "cy", "nobody", "ada"})
	require.NoError(t, err)
	assert.Equal(t, []string{"dee", "ada", "ada"}, got)

	assert.ErrorIs(t, tr.Claim(ctx, "bob", "c1"), presence.ErrBusy)
	assert.ErrorIs(t, tr.Claim(ctx, "cy", "c1"), presence.ErrOffline)
	assert.ErrorIs(t, tr.Claim(ctx, "nobody", "c1"), presence.ErrOffline)
	require.NoError(t, tr.Claim(ctx, "dee", "c1"))
	require.NoError(t, tr.Claim(ctx, "dee", "c1"), "claiming a held chat again is a no-op")
	assert.ErrorIs(t, tr.Claim(ctx, "dee", "c2"), presence.ErrFull)
	assert.ErrorIs(t, tr.Claim(ctx, "ada", "c1"), presence.ErrChatTaken)

	got, err = tr.Eligible(ctx, []string{"dee", "ada"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ada"}, got)
	p, err := tr.Get(ctx, "dee")
	require.NoError(t, err)
	assert.Equal(t, 1, p.Active)
	assert.Equal(t, presence.Available, p.Status, "full is not a status")
	assert.False(t, p.Eligible())

	assert.ErrorIs(t, tr.Release(ctx, "ada", "c1"), presence.ErrNotClaimed)
	require.NoError(t, tr.Release(ctx, "dee", "c1"))
	assert.ErrorIs(t, tr.Release(ctx, "dee", "c1"), presence.ErrNotClaimed)
	require.NoError(t, tr.Claim(ctx, "dee", "c2"))

	// A busy or offline agent may still release.
	_, err = tr.SetBusy(ctx, "dee", true)
	require.NoError(t, err)
	clock.Advance(2 * ttl)
	require.NoError(t, tr.Release(ctx, "dee", "c2"))

	got, err = tr.Eligible(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestValidationListsEveryProblem(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	long := strings.Repeat("e", profilekit.MaxIDLength+1)

	codes := func(err error) []profilekit.Code {
		t.Helper()
		var verr *presence.ValidationError
		require.ErrorAs(t, err, &verr)
		assert.ErrorIs(t, err, presence.ErrInvalid)
		return verr.Codes()
	}
	fields := func(err error) []string {
		t.Helper()
		var verr *presence.ValidationError
		require.ErrorAs(t, err, &verr)
		var out []string
		for _, f := range verr.Fields {
			out = append(out, f.Field)
		}
		return out
	}

	_, err := tr.Connect(ctx, "", long)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDRequired, profilekit.CodeIDTooLong}, codes(err))
	assert.Equal(t, []string{presence.FieldAgentID, presence.FieldSessionID}, fields(err))
	err = tr.Claim(ctx, "a\x00b", "\xff")
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDInvalidChars, profilekit.CodeIDInvalidChars}, codes(err))
	assert.Equal(t, []string{presence.FieldAgentID, presence.FieldChatID}, fields(err))
	_, err = tr.SetBusyFor(ctx, "", strings.Repeat("x", presence.MaxReasonLength+1), -time.Second)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDRequired, profilekit.CodeTextTooLong, profilekit.CodeDurationNegative}, codes(err))
	assert.Equal(t, []string{presence.FieldAgentID, presence.FieldReason, presence.FieldDuration}, fields(err))
	_, err = tr.SetBusyFor(ctx, "ada", "a\nb", presence.MaxBusyDuration+1)
	assert.Equal(t, []profilekit.Code{profilekit.CodeTextDisallowedChars, profilekit.CodeDurationTooLong}, codes(err))
	_, err = tr.SetBusyFor(ctx, "ada", "\xff", 0)
	assert.Equal(t, []profilekit.Code{profilekit.CodeTextDisallowedChars}, codes(err))
	_, err = tr.SetCapacity(ctx, "ada", -1)
	assert.Equal(t, []profilekit.Code{profilekit.CodeCapacityOutOfRange}, codes(err))
	assert.Equal(t, []string{presence.FieldCapacity}, fields(err))
	_, err = tr.Eligible(ctx, []string{"ok", "", "also ok", long, "Zoë"})
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDRequired, profilekit.CodeIDInvalidChars, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars}, codes(err))
	assert.Equal(t, []string{presence.FieldCandidates, presence.FieldCandidates, presence.FieldCandidates, presence.FieldCandidates}, fields(err))
	_, err = tr.Eligible(ctx, make([]string, presence.MaxCandidates+1))
	assert.Equal(t, []profilekit.Code{profilekit.CodeCandidatesTooMany}, codes(err))
	_, err = tr.Eligible(ctx, make([]string, 1000))
	assert.Len(t, codes(err), 10, "a long list of bad IDs makes a short error")
	for _, err := range []error{
		func() error { _, err := tr.Get(ctx, ""); return err }(),
		func() error { _, err := tr.SetBusy(ctx, "", true); return err }(),
		func() error { _, err := tr.ToggleBusy(ctx, ""); return err }(),
		func() error { _, err := tr.Disconnect(ctx, "", "s"); return err }(),
		func() error { _, err := tr.SetCapacity(ctx, "a b", 1); return err }(),
		tr.Heartbeat(ctx, "a", ""),
		tr.Release(ctx, "", "c"),
		tr.Release(ctx, "a", "c\td"),
	} {
		assert.NotEmpty(t, codes(err))
	}

	_, err = tr.Connect(ctx, "", "")
	assert.Equal(t, "presence: invalid input: agent_id: is required (id.required); session_id: is required (id.required)", err.Error())
	assert.Equal(t, profilekit.CodeInvalid, profilekit.CodeOf(err))

	// Nothing was stored by the rejected calls.
	p, err := tr.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Zero(t, p.Version)
}

// TestErrorsNeverEchoWholeIDs: a long ID appears in an error as a short
// prefix at most.
func TestErrorsNeverEchoWholeIDs(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	long := strings.Repeat("x", profilekit.MaxIDLength)
	err := tr.Claim(ctx, long, long)
	require.ErrorIs(t, err, presence.ErrOffline)
	assert.NotContains(t, err.Error(), long[:20])
	huge := strings.Repeat("y", 1<<20)
	_, err = tr.Connect(ctx, huge, huge)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
}

func TestCancelledContext(t *testing.T) {
	tr, _, _ := newTracker(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tr.SetBusy(ctx, "ada", true)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = tr.Get(ctx, "ada")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, tr.Claim(ctx, "ada", "c"), context.Canceled)
	_, err = tr.Eligible(ctx, []string{"ada"})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = tr.Watch(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	p, err := tr.Get(context.Background(), "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Offline, p.Status, "a cancelled SetBusy was applied")
}

func TestErrorsWrapStoreDetail(t *testing.T) {
	tr, _, _ := newTracker(t)
	err := tr.Claim(context.Background(), "ada", "c1")
	assert.True(t, errors.Is(err, presence.ErrOffline))
	assert.Equal(t, profilekit.CodeAgentOffline, profilekit.CodeOf(err))
	assert.Equal(t, `memory: claim chat "c1" for "ada": presence: agent is offline`, err.Error(),
		"the adapter names the operation once; the Tracker adds nothing")
}
