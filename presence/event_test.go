package presence_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/storage/memory"
)

// observed returns a Tracker over a fresh memory store that reports its
// events to a Recorder, as instance "i-1".
func observed(t *testing.T, ttl time.Duration) (*presence.Tracker, *profilekittest.Clock, *profilekittest.Recorder) {
	t.Helper()
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	clock := profilekittest.NewClock(start)
	rec := &profilekittest.Recorder{}
	return presence.New(store, &presence.Options{TTL: ttl, Clock: clock, Observer: rec, Instance: "i-1"}), clock, rec
}

func TestEventsOfWrites(t *testing.T) {
	ctx := context.Background()
	tr, clock, rec := observed(t, ttl)

	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	require.NoError(t, tr.Heartbeat(ctx, "ada", "tab1"))
	clock.Advance(time.Second)
	p, err := tr.SetBusyFor(ctx, "ada", "Lunch", time.Hour)
	require.NoError(t, err)
	_, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	_, err = tr.SetBusy(ctx, "ada", true)
	require.NoError(t, err)
	_, err = tr.SetCapacity(ctx, "ada", 2)
	require.NoError(t, err)
	_, err = tr.Disconnect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetBusy(ctx, "", true)
	require.Error(t, err)

	assert.Equal(t, []profilekit.EventKind{
		profilekit.EventSessionConnected,
		profilekit.EventStatusChanged,
		profilekit.EventStatusChanged,
		profilekit.EventStatusChanged,
		profilekit.EventSessionEnded,
	}, rec.Kinds(), "a heartbeat, a capacity and a refused call raise nothing")

	events := rec.Events()
	connected := events[0].(presence.SessionConnected)
	assert.Equal(t, profilekit.EventMeta{AgentID: "ada", At: start, Instance: "i-1"}, connected.Meta())
	assert.Equal(t, "tab1", connected.SessionID)
	assert.Equal(t, presence.Available, connected.Presence.Status)

	busy := events[1].(presence.StatusChanged)
	assert.Equal(t, p, busy.Presence, "the event carries the presence the call returned")
	assert.Equal(t, presence.Badge{Label: "Busy", Colour: presence.Red}, busy.Presence.Badge)
	assert.True(t, busy.At.Equal(start.Add(time.Second)))
	assert.False(t, busy.Expired)
	assert.Equal(t, presence.Available, events[2].(presence.StatusChanged).Presence.Status)

	ended := events[4].(presence.SessionEnded)
	assert.Equal(t, "tab1", ended.SessionID)
	assert.False(t, ended.Presence.Online)
	assert.False(t, ended.Expired)

	b, err := json.Marshal(busy)
	require.NoError(t, err)
	assert.JSONEq(t, `{"agent_id":"ada","at":"2026-11-26T09:00:01Z","instance":"i-1","expired":false,
		"presence":{"agent_id":"ada","status":"busy","badge":{"label":"Busy","colour":"red"},"online":true,
		"busy_since":"2026-11-26T09:00:01Z","busy_until":"2026-11-26T10:00:01Z","busy_reason":"Lunch",
		"active":0,"capacity":0,"version":2}}`, string(b))
}

// TestEventsOfExpiriesComeFromWatch: a running Watch raises the events of
// changes time makes: a Busy reaching its expiry and the last session
// expiring.
func TestEventsOfExpiriesComeFromWatch(t *testing.T) {
	ctx := context.Background()
	tr, clock, rec := observed(t, time.Hour)
	w := watch(t, tr)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetBusyFor(ctx, "ada", "", 30*time.Minute)
	require.NoError(t, err)
	presencetest.Next(t, w)
	presencetest.Next(t, w)

	clock.Advance(30 * time.Minute)
	c := presencetest.Next(t, w)
	require.True(t, c.Expired)
	clock.Advance(30 * time.Minute)
	c = presencetest.Next(t, w)
	require.True(t, c.Expired)
	require.False(t, c.Presence.Online)

	require.Eventually(t, func() bool { return len(rec.Events()) == 4 }, 10*time.Second, time.Millisecond)
	events := rec.Events()
	expired := events[2].(presence.StatusChanged)
	assert.True(t, expired.Expired)
	assert.Equal(t, presence.Available, expired.Presence.Status)
	assert.True(t, expired.At.Equal(start.Add(30*time.Minute)))
	ended := events[3].(presence.SessionEnded)
	assert.True(t, ended.Expired)
	assert.Empty(t, ended.SessionID)
	assert.True(t, ended.At.Equal(start.Add(time.Hour)))
}

// TestEventsOrderedPerAgent: with many goroutines toggling one agent, the
// observed events show the versions in the order they were stored.
func TestEventsOrderedPerAgent(t *testing.T) {
	ctx := context.Background()
	tr, _, rec := observed(t, ttl)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				_, err := tr.ToggleBusy(ctx, "ada")
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	events := rec.Events()
	require.Len(t, events, 200)
	for i, e := range events {
		assert.Equal(t, int64(i+1), e.(presence.StatusChanged).Presence.Version, "event %d", i)
	}
}

func TestDefaultInstance(t *testing.T) {
	rec := &profilekittest.Recorder{}
	tr := presence.New(memory.New(), &presence.Options{Observer: rec})
	_, err := tr.SetBusy(context.Background(), "ada", true)
	require.NoError(t, err)
	require.Len(t, rec.Events(), 1)
	assert.Equal(t, kit.DefaultInstance(), rec.Events()[0].Meta().Instance)
}

// An Observer sees this Tracker's own changes, as they are stored; a live
// page of another instance would subscribe with Watch instead.
func ExampleOptions_observer() {
	ctx := context.Background()
	log := profilekit.ObserverFunc(func(_ context.Context, e profilekit.Event) {
		switch e := e.(type) {
		case presence.StatusChanged:
			fmt.Println(e.Kind(), e.AgentID, e.Presence.Badge.Label)
		case presence.SessionConnected:
			fmt.Println(e.Kind(), e.AgentID, e.SessionID)
		case presence.SessionEnded:
			fmt.Println(e.Kind(), e.AgentID, e.SessionID)
		}
	})
	tracker := presence.New(memory.New(), &presence.Options{Observer: log, Instance: "web-1"})
	_, _ = tracker.Connect(ctx, "ada", "laptop")
	_, _ = tracker.ToggleBusy(ctx, "ada")
	_, _ = tracker.Disconnect(ctx, "ada", "laptop")
	// Output:
	// presence.session_connected ada laptop
	// presence.status_changed ada Busy
	// presence.session_ended ada laptop
}
