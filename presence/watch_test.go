package presence_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencemock"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

// watch starts a Watch that ends with the test.
func watch(t *testing.T, tr *presence.Tracker) *presence.Watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := tr.Watch(ctx)
	require.NoError(t, err)
	return w
}

func TestWatchDeliversWritesInOrder(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	w := watch(t, tr)

	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	_, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	require.NoError(t, tr.Heartbeat(ctx, "ada", "tab1")) // not a change
	_, err = tr.SetBusyFor(ctx, "ada", "Meeting", time.Hour)
	require.NoError(t, err)

	want := []presence.Status{presence.Available, presence.Busy, presence.Available, presence.Busy}
	for i, status := range want {
		c := presencetest.Next(t, w)
		assert.Equal(t, "ada", c.Presence.Agent)
		assert.Equal(t, status, c.Presence.Status, "change %d", i)
		assert.Equal(t, int64(i+1), c.Presence.Version, "change %d", i)
		assert.False(t, c.Expired)
		assert.True(t, c.At.Equal(start), "change %d at %v", i, c.At)
	}
}

func TestWatchReportsBusyExpiry(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	w := watch(t, tr)
	_, err := tr.SetBusyFor(ctx, "ada", "Lunch", 30*time.Minute)
	require.NoError(t, err)
	c := presencetest.Next(t, w)
	require.Equal(t, presence.Busy, c.Presence.Status)

	clock.Advance(30 * time.Minute)
	c = presencetest.Next(t, w)
	assert.True(t, c.Expired)
	assert.Equal(t, presence.Offline, c.Presence.Status, "no session: offline once busy ends")
	assert.True(t, c.At.Equal(start.Add(30*time.Minute)), "at %v", c.At)
	assert.Empty(t, c.Presence.BusyReason)
}

func TestWatchReportsSessionExpiryButNotHeartbeats(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	w := watch(t, tr)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, presencetest.Next(t, w).Presence.Status)

	// Heartbeats keep the session alive past its first expiry: no change.
	for range 4 {
		clock.Advance(ttl / 2)
		require.NoError(t, tr.Heartbeat(ctx, "ada", "tab1"))
	}
	_, err = tr.SetCapacity(ctx, "ada", 3)
	require.NoError(t, err)
	c := presencetest.Next(t, w)
	assert.False(t, c.Expired, "a heartbeated session was reported expired")
	assert.Equal(t, 3, c.Presence.Capacity)

	clock.Advance(ttl)
	c = presencetest.Next(t, w)
	assert.True(t, c.Expired)
	assert.Equal(t, presence.Offline, c.Presence.Status)
	assert.True(t, c.At.Equal(start.Add(2*ttl+ttl)), "at %v", c.At)
}

func TestWatchBusyAgentGoingOffline(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	w := watch(t, tr)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetBusy(ctx, "ada", true)
	require.NoError(t, err)
	presencetest.Next(t, w)
	presencetest.Next(t, w)
	clock.Advance(ttl)
	c := presencetest.Next(t, w)
	assert.True(t, c.Expired)
	assert.Equal(t, presence.Busy, c.Presence.Status, "busy survives the session expiring")
	assert.False(t, c.Presence.Online)
}

func TestWatchKeepsOrderWhenBehind(t *testing.T) {
	ctx := context.Background()
	tr, clock, _ := newTracker(t)
	w := watch(t, tr)
	_, err := tr.SetBusyFor(ctx, "ada", "", time.Minute)
	require.NoError(t, err)
	clock.Advance(2 * time.Minute)
	_, err = tr.ToggleBusy(ctx, "ada") // busy again, a new busy
	require.NoError(t, err)

	c := presencetest.Next(t, w)
	assert.Equal(t, presence.Busy, c.Presence.Status)
	assert.False(t, c.Expired)
	c = presencetest.Next(t, w)
	assert.Equal(t, presence.Offline, c.Presence.Status)
	assert.True(t, c.Expired)
	assert.True(t, c.At.Equal(start.Add(time.Minute)), "at %v", c.At)
	c = presencetest.Next(t, w)
	assert.Equal(t, presence.Busy, c.Presence.Status)
	assert.False(t, c.Expired)
	assert.True(t, c.Presence.BusySince.Equal(start.Add(2*time.Minute)))
}

func TestWatchSeesOtherTracker(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	clock := profilekittest.NewClock(start)
	a := presence.New(store, &presence.Options{Clock: clock})
	b := presence.New(store, &presence.Options{Clock: clock})
	w := watch(t, b)
	_, err := a.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	c := presencetest.Next(t, w)
	assert.Equal(t, "ada", c.Presence.Agent)
	assert.Equal(t, presence.Busy, c.Presence.Status)
}

func TestWatchEnds(t *testing.T) {
	tr, _, store := newTracker(t)
	ctx, cancel := context.WithCancel(context.Background())
	w, err := tr.Watch(ctx)
	require.NoError(t, err)
	cancel()
	for range w.C() {
	}
	assert.ErrorIs(t, w.Err(), context.Canceled)

	w = watch(t, tr)
	require.NoError(t, store.Close())
	for range w.C() {
	}
	assert.ErrorIs(t, w.Err(), profilekit.ErrClosed)
	assert.EqualError(t, w.Err(), "presence: watch: memory: presence feed: store closed")
	_, err = tr.Watch(context.Background())
	assert.ErrorContains(t, err, "store closed", "watching a closed store")
}

func TestWatcherClose(t *testing.T) {
	tr, _, _ := newTracker(t)
	w, err := tr.Watch(context.Background())
	require.NoError(t, err)
	assert.NoError(t, w.Err(), "nil while the watch runs")
	require.NoError(t, w.Close())
	_, open := <-w.C()
	assert.False(t, open, "C is closed once Close returns")
	assert.ErrorIs(t, w.Err(), profilekit.ErrClosed)
	assert.Equal(t, profilekit.CodeStoreClosed, profilekit.CodeOf(w.Err()))
	assert.EqualError(t, w.Err(), "presence: watch closed")
	require.NoError(t, w.Close(), "closing twice does nothing")
}

func TestWatchNeedsChangeFeed(t *testing.T) {
	tr := presence.New(&presencemock.StoreMock{}, nil)
	_, err := tr.Watch(context.Background())
	assert.ErrorIs(t, err, presence.ErrNoFeed)
}

func TestWatchKeepsOrderWhenBehindOnline(t *testing.T) {
	ctx := context.Background()
	clock := profilekittest.NewClock(start)
	tr := presence.New(memory.New(), &presence.Options{Clock: clock, TTL: time.Hour})
	w := watch(t, tr)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetBusyFor(ctx, "ada", "", time.Minute)
	require.NoError(t, err)
	clock.Advance(2 * time.Minute)
	_, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)

	var got []string
	for range 4 {
		c := presencetest.Next(t, w)
		got = append(got, fmt.Sprintf("%s %v online=%v expired=%v",
			c.At.Sub(start), c.Presence.Status, c.Presence.Online, c.Expired))
	}
	assert.Equal(t, []string{
		"0s available online=true expired=false",
		"0s busy online=true expired=false",
		"1m0s available online=true expired=true",
		"2m0s busy online=true expired=false",
	}, got)
}
