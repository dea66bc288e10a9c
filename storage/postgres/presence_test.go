package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/storage/postgres"
	"github.com/convrs/profilekit/storage/storagetest"
)

// openInstances opens n Stores on one schema, as n service instances
// sharing a database would.
func openInstances(t testing.TB, n int) []*postgres.Store {
	t.Helper()
	first, dsn, schema := openTest(t)
	t.Cleanup(func() { _ = first.Close() })
	stores := []*postgres.Store{first}
	for range n - 1 {
		s, err := postgres.Open(context.Background(), dsn, &postgres.Options{Schema: schema})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		stores = append(stores, s)
	}
	return stores
}

// openPair opens two instances.
func openPair(t testing.TB) (*postgres.Store, *postgres.Store) {
	t.Helper()
	s := openInstances(t, 2)
	return s[0], s[1]
}

// watchedPair returns Trackers on two instances and a Watch on the second
// that ends with the test.
func watchedPair(t *testing.T) (a, b *presence.Tracker, w *presence.Watcher) {
	t.Helper()
	sa, sb := openPair(t)
	a, b = presence.New(sa, nil), presence.New(sb, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := b.Watch(ctx)
	require.NoError(t, err)
	return a, b, w
}

// TestPresenceWatchAcrossInstances: a Watch on instance B reports, in
// order, the changes made through instance A, and logs how long each took
// to arrive.
func TestPresenceWatchAcrossInstances(t *testing.T) {
	a, b, w := watchedPair(t)
	ctx := context.Background()

	_, err := a.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	c := presencetest.Next(t, w)
	assert.Equal(t, presence.Available, c.Presence.Status)

	const toggles = 20
	delays := make([]time.Duration, 0, toggles)
	for i := range toggles {
		p, err := a.ToggleBusy(ctx, "ada")
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

	// Busy set on A is seen by B's reads at once.
	_, err = a.SetBusy(ctx, "ada", true)
	require.NoError(t, err)
	got, err := b.Get(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, got.Status)
	assert.ErrorIs(t, b.Claim(ctx, "ada", "chat-1"), presence.ErrBusy)
}

// TestPresenceWatchBusyExpiryAcrossInstances: a Busy with an expiry set on
// A ends by itself, and B's Watch reports it.
func TestPresenceWatchBusyExpiryAcrossInstances(t *testing.T) {
	a, _, w := watchedPair(t)
	ctx := context.Background()
	_, err := a.SetBusyFor(ctx, "ada", "brb", 300*time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, presencetest.Next(t, w).Presence.Status)
	c := presencetest.Next(t, w)
	assert.True(t, c.Expired)
	assert.Equal(t, presence.Offline, c.Presence.Status)
}

// TestPresenceRacingInstances: an agent toggles Busy through instance A
// while routers on A and B claim chats for it; no claim that starts after
// SetBusy(true) returned, and ends before Busy is cleared, succeeds.
func TestPresenceRacingInstances(t *testing.T) {
	t.Run("Stores", func(t *testing.T) {
		sa, sb := openPair(t)
		storagetest.RaceTogglesAgainstClaims(t, sa, 30, sa, sb)
	})
	t.Run("Trackers", func(t *testing.T) {
		sa, sb := openPair(t)
		a, b := presence.New(sa, nil), presence.New(sb, nil)
		storagetest.RaceTrackers(t, a, 30, a, b)
	})
}

// TestPresenceFeedInOrderAcrossInstances: writers on two instances toggle
// the same agents concurrently; a third instance's feed gets every change,
// in Version order per agent.
func TestPresenceFeedInOrderAcrossInstances(t *testing.T) {
	s := openInstances(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub, err := s[2].SubscribePresence(ctx)
	require.NoError(t, err)
	storagetest.FeedInOrder(t, sub, s[0], s[1])
}

// TestPresenceFeedEndsWithStore: Close ends a subscription, and its Err
// says why.
func TestPresenceFeedEndsWithStore(t *testing.T) {
	s, _, _ := openTest(t)
	sub, err := s.SubscribePresence(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	for range sub.C() {
	}
	assert.ErrorContains(t, sub.Err(), "store closed")
	_, err = s.SubscribePresence(context.Background())
	assert.ErrorContains(t, err, "postgres: subscribe presence: ")
	assert.ErrorContains(t, err, "closed", "subscribing to a closed store")
}

// TestPresenceFeedIsPerSchema: stores in different schemas of one
// database do not hear each other's changes.
func TestPresenceFeedIsPerSchema(t *testing.T) {
	s1, _, _ := openTest(t)
	t.Cleanup(func() { _ = s1.Close() })
	s2, _, _ := openTest(t)
	t.Cleanup(func() { _ = s2.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub, err := s2.SubscribePresence(ctx)
	require.NoError(t, err)
	now := time.Now().UTC()
	_, err = s1.SetBusy(ctx, "other-schema", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	want, err := s2.SetBusy(ctx, "same-schema", presence.BusySetting{On: true}, now)
	require.NoError(t, err)
	select {
	case r := <-sub.C():
		assert.Equal(t, want.Agent, r.Agent, "the first record came from the other schema")
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no record arrived")
	}
}
