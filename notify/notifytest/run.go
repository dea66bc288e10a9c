package notifytest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// Timeout bounds every wait of the runners: a guard against a hanging
// test, not a timing assertion.
const Timeout = 20 * time.Second

// NotifierHarness is what RunNotifier needs of a Notifier under test.
type NotifierHarness struct {
	// Notifier is the Notifier under test.
	Notifier notify.Notifier
	// Receive returns the channel on which the Notifications the Notifier
	// delivers to agentID arrive from now on: a hub's subscription, a
	// relay on another instance, a webhook receiver. Whatever it starts
	// ends with t.
	Receive func(t *testing.T, agentID string) <-chan notify.Notification
	// Close closes the Notifier, or what it stands on (a connection, a
	// pool), after which Notify must fail wrapping notify.ErrClosed; nil
	// for a Notifier that cannot be closed (a webhook).
	Close func() error
}

// Relay is a running relay (natsnotify.Subscription, pgnotify.Relay): it
// forwards what it receives into a Notifier, so it has the subscription
// shape but for C.
type Relay interface {
	// Done is closed when the relay has ended.
	Done() <-chan struct{}
	// Err is nil while the relay runs, then why it ended.
	Err() error
	// Close ends the relay, and returns once it has ended.
	Close() error
}

// RelayHarness is what RunRelay needs of a relay under test.
type RelayHarness struct {
	// Notifier sends Notifications, as one instance's Dispatcher would.
	Notifier notify.Notifier
	// Relay starts a relay of every agent's Notifications, as another
	// instance would, into to; it returns once the relay receives.
	Relay func(ctx context.Context, to notify.Notifier) (Relay, error)
}

var at = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// note returns the i-th Notification for agent.
func note(agent string, i int) notify.Notification {
	return notify.Notification{
		AgentID: agent, Kind: notify.NewMessage, ChatID: fmt.Sprintf("chat-%d", i), Title: "Ada ☕",
		Body: fmt.Sprintf("message %d <b>", i), Sound: "ding", Volume: 70, Browser: true,
		At: at.Add(time.Duration(i) * time.Millisecond), Instance: "instance-a",
	}
}

// prefs returns a Notification of kind PreferencesChanged for agent.
func prefs(agent string) notify.Notification {
	p := notify.Preferences{AgentID: agent, Version: 3, SavedAt: at, Alerts: map[notify.Kind]notify.Alert{
		notify.NewMessage: {SoundOn: true, Sound: "ding", Volume: 40, Browser: true},
	}}
	return notify.Notification{AgentID: agent, Kind: notify.PreferencesChanged, At: at, Instance: "instance-a", Preferences: &p}
}

// receive returns the next Notification on ch.
func receive(t *testing.T, ch <-chan notify.Notification) notify.Notification {
	t.Helper()
	select {
	case n, ok := <-ch:
		require.True(t, ok, "the receiving channel closed")
		return n
	case <-time.After(Timeout):
		require.FailNow(t, "no notification arrived")
	}
	return notify.Notification{}
}

// RunNotifier runs every Notifier case against the harnesses open
// returns, one per case, each as a subtest named for what it checks.
func RunNotifier(t *testing.T, open func(t *testing.T) NotifierHarness) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, func(*testing.T) NotifierHarness)
	}{
		{"DeliversToTheRightAgentOnly", notifierRightAgent},
		{"InOrderPerAgent", notifierInOrder},
		{"CancelledContext", notifierCancelled},
		{"Closed", notifierClosed},
		{"ConcurrentUse", notifierConcurrent},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// notifierRightAgent: each agent gets its own Notifications, whole, and
// none of another agent's.
func notifierRightAgent(t *testing.T, open func(*testing.T) NotifierHarness) {
	h := open(t)
	ada, bob := h.Receive(t, "ada"), h.Receive(t, "bob")
	ctx := context.Background()
	require.NoError(t, h.Notifier.Notify(ctx, note("bob", 1)))
	require.NoError(t, h.Notifier.Notify(ctx, prefs("ada")))
	require.NoError(t, h.Notifier.Notify(ctx, note("ada", 2)))
	assert.Equal(t, prefs("ada"), receive(t, ada), "preferences arrive whole")
	assert.Equal(t, note("ada", 2), receive(t, ada), "nothing of bob's came between")
	assert.Equal(t, note("bob", 1), receive(t, bob))
	require.NoError(t, h.Notifier.Notify(ctx, note("bob", 3)))
	assert.Equal(t, note("bob", 3), receive(t, bob), "nothing of ada's came between")
}

// notifierInOrder: one agent's Notifications, sent one after another,
// arrive in that order.
func notifierInOrder(t *testing.T, open func(*testing.T) NotifierHarness) {
	h := open(t)
	ada := h.Receive(t, "ada")
	ctx := context.Background()
	const n = 30
	for i := range n {
		require.NoError(t, h.Notifier.Notify(ctx, note("ada", i)))
	}
	for i := range n {
		assert.Equal(t, note("ada", i), receive(t, ada))
	}
}

// notifierCancelled: Notify with a done context fails wrapping its error
// and delivers nothing.
func notifierCancelled(t *testing.T, open func(*testing.T) NotifierHarness) {
	h := open(t)
	ada := h.Receive(t, "ada")
	done, cancel := context.WithCancel(context.Background())
	cancel()
	err := h.Notifier.Notify(done, note("ada", 1))
	assert.ErrorIs(t, err, context.Canceled)
	require.NoError(t, h.Notifier.Notify(context.Background(), note("ada", 2)))
	assert.Equal(t, note("ada", 2), receive(t, ada), "the cancelled Notification was not delivered")
}

// notifierClosed: after the Notifier is closed, Notify fails wrapping
// notify.ErrClosed.
func notifierClosed(t *testing.T, open func(*testing.T) NotifierHarness) {
	h := open(t)
	if h.Close == nil {
		t.Logf("%T cannot be closed", h.Notifier)
		return
	}
	require.NoError(t, h.Close())
	err := h.Notifier.Notify(context.Background(), note("ada", 1))
	assert.ErrorIs(t, err, notify.ErrClosed)
	assert.Equal(t, profilekit.CodeNotifierClosed, profilekit.CodeOf(err))
}

// notifierConcurrent: goroutines notify their own agents at once; every
// agent gets all of its Notifications, in order.
func notifierConcurrent(t *testing.T, open func(*testing.T) NotifierHarness) {
	h := open(t)
	const agents, each = 4, 20
	chans := make([]<-chan notify.Notification, agents)
	for g := range agents {
		chans[g] = h.Receive(t, fmt.Sprintf("agent-%d", g))
	}
	var wg sync.WaitGroup
	for g := range agents {
		wg.Go(func() {
			for i := range each {
				assert.NoError(t, h.Notifier.Notify(context.Background(), note(fmt.Sprintf("agent-%d", g), i)))
			}
		})
	}
	for g := range agents {
		for i := range each {
			assert.Equal(t, note(fmt.Sprintf("agent-%d", g), i), receive(t, chans[g]))
		}
	}
	wg.Wait()
}

// RunRelay runs every relay case against the harnesses open returns, one
// per case, each as a subtest named for what it checks.
func RunRelay(t *testing.T, open func(t *testing.T) RelayHarness) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, func(*testing.T) RelayHarness)
	}{
		{"ForwardsEveryAgentInOrder", relayForwards},
		{"Close", relayClose},
		{"Context", relayContext},
		{"ConcurrentRelays", relayConcurrent},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// relay starts a relay into to, closed when t ends.
func relay(t *testing.T, h RelayHarness, ctx context.Context, to notify.Notifier) Relay {
	t.Helper()
	r, err := h.Relay(ctx, to)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// wait returns the first n Notifications rec was given.
func wait(t *testing.T, rec *Recorder, n int) []notify.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	got, err := rec.Wait(ctx, n)
	require.NoError(t, err, "got %d of %d", len(got), n)
	return got[:n]
}

// perAgent splits ns by agent, keeping their order.
func perAgent(ns []notify.Notification) map[string][]notify.Notification {
	m := map[string][]notify.Notification{}
	for _, n := range ns {
		m[n.AgentID] = append(m[n.AgentID], n)
	}
	return m
}

// relayForwards: every agent's Notifications reach the relay's Notifier,
// whole and in order per agent.
func relayForwards(t *testing.T, open func(*testing.T) RelayHarness) {
	h := open(t)
	var rec Recorder
	r := relay(t, h, context.Background(), &rec)
	assert.NoError(t, r.Err(), "nil while the relay runs")
	ctx := context.Background()
	var want []notify.Notification
	for i := range 10 {
		for _, agent := range []string{"ada", "bob"} {
			want = append(want, note(agent, i))
			require.NoError(t, h.Notifier.Notify(ctx, note(agent, i)))
		}
	}
	want = append(want, prefs("ada"))
	require.NoError(t, h.Notifier.Notify(ctx, prefs("ada")))
	assert.Equal(t, perAgent(want), perAgent(wait(t, &rec, len(want))))
}

// relayClose: Close ends the relay at once (Done closed, Err matching
// notify.ErrClosed and profilekit.ErrClosed), twice without harm, and
// nothing is forwarded after it.
func relayClose(t *testing.T, open func(*testing.T) RelayHarness) {
	h := open(t)
	var rec Recorder
	r := relay(t, h, context.Background(), &rec)
	ctx := context.Background()
	require.NoError(t, h.Notifier.Notify(ctx, note("ada", 1)))
	wait(t, &rec, 1)
	require.NoError(t, r.Close())
	select {
	case <-r.Done():
	default:
		assert.Fail(t, "Done is not closed after Close")
	}
	assert.ErrorIs(t, r.Err(), notify.ErrClosed)
	assert.ErrorIs(t, r.Err(), profilekit.ErrClosed)
	require.NoError(t, r.Close(), "closing twice does nothing")
	require.NoError(t, h.Notifier.Notify(ctx, note("ada", 2)))
	// A second relay sees the Notification; the closed one forwarded
	// nothing more (it had ended before it was sent).
	var other Recorder
	relay(t, h, context.Background(), &other)
	require.NoError(t, h.Notifier.Notify(ctx, note("ada", 3)))
	wait(t, &other, 1)
	assert.Len(t, rec.Notifications(), 1, "a closed relay forwarded")
}

// relayContext: a relay refuses a done context, and ends with its
// context.
func relayContext(t *testing.T, open func(*testing.T) RelayHarness) {
	h := open(t)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.Relay(done, &Recorder{})
	assert.ErrorIs(t, err, context.Canceled)

	ctx, cancel := context.WithCancel(context.Background())
	r := relay(t, h, ctx, &Recorder{})
	cancel()
	select {
	case <-r.Done():
	case <-time.After(Timeout):
		require.FailNow(t, "the relay outlived its context")
	}
	assert.ErrorIs(t, r.Err(), context.Canceled)
}

// relayConcurrent: relays on several instances each forward everything
// that goroutines send at once, in order per agent.
func relayConcurrent(t *testing.T, open func(*testing.T) RelayHarness) {
	h := open(t)
	recs := make([]*Recorder, 3)
	for i := range recs {
		recs[i] = &Recorder{}
		relay(t, h, context.Background(), recs[i])
	}
	const agents, each = 4, 15
	var wg sync.WaitGroup
	want := map[string][]notify.Notification{}
	for g := range agents {
		agent := fmt.Sprintf("agent-%d", g)
		for i := range each {
			want[agent] = append(want[agent], note(agent, i))
		}
	}
	for _, ns := range want {
		wg.Go(func() {
			for _, n := range ns {
				assert.NoError(t, h.Notifier.Notify(context.Background(), n))
			}
		})
	}
	wg.Wait()
	for _, rec := range recs {
		assert.Equal(t, want, perAgent(wait(t, rec, agents*each)))
	}
}
