package hub_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
)

// note returns a Notification for agent whose ChatID is n.
func note(agent string, n int) notify.Notification {
	return notify.Notification{AgentID: agent, Kind: notify.NewMessage, ChatID: strconv.Itoa(n)}
}

// drain returns what s's channel holds now, without waiting.
func drain(s *hub.Subscription) []notify.Notification {
	var out []notify.Notification
	for {
		select {
		case n, ok := <-s.C():
			if !ok {
				return out
			}
			out = append(out, n)
		default:
			return out
		}
	}
}

func TestDeliversToEverySubscriptionOfTheAgentOnly(t *testing.T) {
	ctx := context.Background()
	h := hub.New(nil)
	tab1, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	tab2, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	other, err := h.Subscribe(ctx, "a2")
	require.NoError(t, err)
	assert.Equal(t, "a1", tab1.AgentID())

	require.NoError(t, h.Notify(ctx, note("a1", 1)))
	require.NoError(t, h.Notify(ctx, note("nobody", 2)))
	assert.Equal(t, []notify.Notification{note("a1", 1)}, drain(tab1))
	assert.Equal(t, []notify.Notification{note("a1", 1)}, drain(tab2))
	assert.Empty(t, drain(other))
	assert.Equal(t, hub.Stats{Subscriptions: 3, Notified: 2, Delivered: 2}, h.Stats())
}

func TestFullBufferDropsTheOldestAndCounts(t *testing.T) {
	ctx := context.Background()
	h := hub.New(&hub.Options{Buffer: 3})
	s, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	for i := range 5 {
		require.NoError(t, h.Notify(ctx, note("a1", i)))
	}
	assert.Equal(t, []notify.Notification{note("a1", 2), note("a1", 3), note("a1", 4)}, drain(s))
	assert.Equal(t, uint64(2), s.Dropped())
	assert.Equal(t, hub.Stats{Subscriptions: 1, Notified: 5, Delivered: 5, Dropped: 2}, h.Stats())
}

func TestEachSubscriberGetsItsOwnPreferences(t *testing.T) {
	ctx := context.Background()
	h := hub.New(nil)
	s1, _ := h.Subscribe(ctx, "a1")
	s2, _ := h.Subscribe(ctx, "a1")
	p := notify.Preferences{AgentID: "a1", Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {Volume: 1}}}
	require.NoError(t, h.Notify(ctx, notify.Notification{AgentID: "a1", Kind: notify.PreferencesChanged, Preferences: &p}))
	n1, n2 := <-s1.C(), <-s2.C()
	n1.Preferences.Alerts[notify.NewMessage] = notify.Alert{Volume: 99}
	assert.Equal(t, 1, n2.Preferences.Alerts[notify.NewMessage].Volume)
	assert.Equal(t, 1, p.Alerts[notify.NewMessage].Volume)
}

func TestSubscriptionEnds(t *testing.T) {
	h := hub.New(nil)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	cancel()
	_, open := <-s.C() // closed by the context's end
	assert.False(t, open)
	assert.Eventually(t, func() bool { return h.Stats().Subscriptions == 0 }, time.Second, time.Millisecond)

	s2, err := h.Subscribe(context.Background(), "a1")
	require.NoError(t, err)
	s2.Close()
	s2.Close()
	_, open = <-s2.C()
	assert.False(t, open)
	assert.Zero(t, h.Stats().Subscriptions)

	_, err = h.Subscribe(ctx, "a1")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = h.Subscribe(context.Background(), "a 1")
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
}

func TestClose(t *testing.T) {
	h := hub.New(nil)
	s, err := h.Subscribe(context.Background(), "a1")
	require.NoError(t, err)
	require.NoError(t, h.Close())
	require.NoError(t, h.Close())
	_, open := <-s.C()
	assert.False(t, open)
	s.Close()
	assert.ErrorIs(t, h.Notify(context.Background(), note("a1", 1)), notify.ErrClosed)
	_, err = h.Subscribe(context.Background(), "a1")
	assert.ErrorIs(t, err, notify.ErrClosed)
	assert.Equal(t, profilekit.CodeNotifierClosed, profilekit.CodeOf(err))
}

// A subscriber that never reads costs the others nothing: Notify returns
// at once, the reader that keeps up loses nothing, and the stuck one keeps
// the newest Notifications and counts the rest as dropped.
func TestSlowSubscriberNeverBlocks(t *testing.T) {
	const total = 2000
	ctx := context.Background()
	h := hub.New(&hub.Options{Buffer: total})
	stuck, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	small := hub.New(&hub.Options{Buffer: 8})
	stuckSmall, err := small.Subscribe(ctx, "a1")
	require.NoError(t, err)
	fast, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)

	var got []notify.Notification
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := range fast.C() {
			got = append(got, n)
			if len(got) == total {
				return
			}
		}
	})
	for i := range total {
		require.NoError(t, h.Notify(ctx, note("a1", i)))
		require.NoError(t, small.Notify(ctx, note("a1", i)))
	}
	wg.Wait()
	require.Len(t, got, total)
	for i, n := range got {
		assert.Equal(t, strconv.Itoa(i), n.ChatID)
	}
	assert.Zero(t, fast.Dropped())
	assert.Len(t, drain(stuck), total)
	kept := drain(stuckSmall)
	require.Len(t, kept, 8)
	assert.Equal(t, strconv.Itoa(total-1), kept[7].ChatID, "the newest are kept")
	assert.Equal(t, uint64(total-8), stuckSmall.Dropped())
	assert.Equal(t, uint64(total-8), small.Stats().Dropped)
}

// TestSubscriptionErr: a subscription says why it ended, in the shape of
// every subscription (nil while live).
func TestSubscriptionErr(t *testing.T) {
	h := hub.New(nil)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	assert.NoError(t, s.Err())
	cancel()
	for range s.C() {
	}
	assert.ErrorIs(t, s.Err(), context.Canceled)

	s, err = h.Subscribe(context.Background(), "a1")
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Err(), notify.ErrClosed)
	assert.ErrorIs(t, s.Err(), profilekit.ErrClosed)
	require.NoError(t, s.Close(), "closing twice does nothing")

	s, err = h.Subscribe(context.Background(), "a1")
	require.NoError(t, err)
	require.NoError(t, h.Close())
	for range s.C() {
	}
	assert.ErrorIs(t, s.Err(), notify.ErrClosed)
	assert.EqualError(t, s.Err(), "hub: closed")
}

// cancelledAfterCheck is a context that is cancelled right after its first
// Err call, which reports it live: a client leaving just after Subscribe
// checked its context, while its subscription is being set up.
type cancelledAfterCheck struct {
	context.Context
	cancel context.CancelFunc
}

func (c cancelledAfterCheck) Err() error {
	err := c.Context.Err()
	c.cancel()
	return err
}

// TestSubscribeWhileTheContextIsCancelled: a context cancelled while
// Subscribe sets the subscription up ends it cleanly, without a data race
// between Subscribe and the context's callback (run it with -race), and the
// hub forgets it.
func TestSubscribeWhileTheContextIsCancelled(t *testing.T) {
	h := hub.New(nil)
	for range 20 {
		parent, cancel := context.WithCancel(context.Background())
		s, err := h.Subscribe(cancelledAfterCheck{parent, cancel}, "a1")
		require.NoError(t, err, "the context was live when Subscribe checked it")
		select {
		case _, open := <-s.C():
			assert.False(t, open, "no Notification was sent")
		case <-time.After(10 * time.Second): // a guard against hanging, not a timing assertion
			t.Fatal("the subscription did not end with its context")
		}
		assert.ErrorIs(t, s.Err(), context.Canceled)
		assert.Zero(t, h.Stats().Subscriptions, "an ended subscription is forgotten")
		require.NoError(t, s.Close())
	}

	// The same, with the cancellation racing Subscribe from another
	// goroutine.
	var wg sync.WaitGroup
	for range 50 {
		ctx, cancel := context.WithCancel(context.Background())
		wg.Go(cancel)
		s, err := h.Subscribe(ctx, "a1")
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled)
			continue
		}
		for range s.C() {
		}
		assert.ErrorIs(t, s.Err(), context.Canceled)
	}
	wg.Wait()
	assert.Zero(t, h.Stats().Subscriptions)
}
