package feedtest

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
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/memory"
)

// Timeout bounds every wait of the suite: a guard against a hanging test,
// not a timing assertion.
const Timeout = 20 * time.Second

// Transports is what RunTransport needs of the transport under test.
type Transports struct {
	// Open returns two transports that reach each other, as two instances'
	// would (two pools or connections on one server), on a channel or
	// subject of the test's own. It is called once per case.
	Open func(t *testing.T) (a, b feed.Transport)
	// Break, when set, makes every listener of tr lose its connection
	// (terminating the listening backend, dropping the TCP connection),
	// so that the suite checks that a Feed listens again and delivers a
	// Lost. Leave it nil for a transport that cannot lose one.
	Break func(t *testing.T, tr feed.Transport)
}

// SignedOut is an application event of the suite: an embedder's own kind.
type SignedOut struct {
	profilekit.EventMeta
	// Session is the session that ended.
	Session string `json:"session"`
}

// Kind returns "app.signed_out".
func (SignedOut) Kind() profilekit.EventKind { return "app.signed_out" }

// Blob is an application event whose size the suite chooses, to overflow
// a transport's MaxMessage.
type Blob struct {
	profilekit.EventMeta
	// Data is the payload.
	Data string `json:"data"`
}

// Kind returns "app.blob".
func (Blob) Kind() profilekit.EventKind { return "app.blob" }

// RunTransport runs every case against tt, each as a subtest named for
// what it checks.
func RunTransport(t *testing.T, tt Transports) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, Transports)
	}{
		{"InstancesSeeEachOtherTypedInOrder", instancesSeeEachOther},
		{"AgentSubscriptionSeesOnlyItsAgent", agentSubscriptionSeesOnlyItsAgent},
		{"ApplicationEvents", applicationEvents},
		{"UnknownKindsArriveRaw", unknownKindsArriveRaw},
		{"ConcurrentPublishersKeepOrderPerAgent", concurrentPublishers},
		{"BatchArrivesInOrderAllOrNothing", batchInOrder},
		{"Closing", closing},
		{"CancelledContext", cancelledContext},
		{"SlowSubscriberDropsForLost", slowSubscriber},
		{"TooLarge", tooLarge},
		{"PresenceExpiriesOncePerSubscriber", presenceExpiries},
		{"LostConnection", lostConnection},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, tt) })
	}
}

// instances opens two transports and a Feed on each, closed at the end.
func instances(t *testing.T, tt Transports, opts *feed.Options) (a, b *feed.Feed) {
	t.Helper()
	ta, tb := tt.Open(t)
	oa, ob := feed.Options{RetryWait: 50 * time.Millisecond}, feed.Options{RetryWait: 50 * time.Millisecond}
	if opts != nil {
		oa, ob = *opts, *opts
	}
	oa.Instance, ob.Instance = "instance-a", "instance-b"
	a, b = feed.New(ta, &oa), feed.New(tb, &ob)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	return a, b
}

// subscribe subscribes to agent on f ("" for every agent).
func subscribe(t *testing.T, f *feed.Feed, agent string) *feed.Subscription {
	t.Helper()
	ctx := context.Background() // the subscription's lifetime
	var s *feed.Subscription
	var err error
	if agent == "" {
		s, err = f.SubscribeAll(ctx)
	} else {
		s, err = f.Subscribe(ctx, agent)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// next returns s's next event, skipping nothing.
func next(t *testing.T, s *feed.Subscription) profilekit.Event {
	t.Helper()
	select {
	case e, ok := <-s.C():
		require.True(t, ok, "the subscription ended: %v", s.Err())
		return e
	case <-time.After(Timeout):
		require.FailNow(t, "no event arrived")
	}
	return nil
}

// nextOf returns s's next event that is not a Lost.
func nextOf(t *testing.T, s *feed.Subscription) profilekit.Event {
	t.Helper()
	for {
		if e := next(t, s); e.Kind() != profilekit.EventFeedLost {
			return e
		}
	}
}

var at = time.Date(2026, 11, 26, 9, 0, 0, 123456000, time.UTC)

// meta returns the meta of an event about agent raised by instance.
func meta(agent, instance string, i int) profilekit.EventMeta {
	return profilekit.EventMeta{AgentID: agent, At: at.Add(time.Duration(i) * time.Second), Instance: instance}
}

// sdkEvents returns one event of each SDK type about agent.
func sdkEvents(agent, instance string) []profilekit.Event {
	p := presence.Presence{Agent: agent, Status: presence.Busy, Badge: presence.Busy.Badge(), Online: true,
		BusySince: at, BusyUntil: at.Add(time.Hour), BusyReason: "lunch ☕", Capacity: 3}
	prefs := notify.Preferences{AgentID: agent, Version: 4, SavedAt: at, QuietWhileBusy: true, Alerts: map[notify.Kind]notify.Alert{
		notify.NewMessage:   {SoundOn: true, Sound: "ding", Volume: 70, Browser: true},
		notify.IncomingChat: {SoundOn: true, Sound: "ring", Volume: 100, OnlyWhenUnfocused: true},
	}}
	return []profilekit.Event{
		profile.Saved{EventMeta: meta(agent, instance, 1), Version: 2, Fields: []string{profile.FieldName, profile.FieldMobile}},
		profile.AdminChanged{EventMeta: meta(agent, instance, 2), Version: 3, Fields: []string{profile.FieldRole}},
		password.Changed{EventMeta: meta(agent, instance, 3)},
		notify.PreferencesSaved{EventMeta: meta(agent, instance, 4), Preferences: prefs},
		presence.StatusChanged{EventMeta: meta(agent, instance, 5), Presence: p},
		presence.SessionConnected{EventMeta: meta(agent, instance, 6), SessionID: "tab-1", Presence: p},
		presence.SessionEnded{EventMeta: meta(agent, instance, 7), SessionID: "tab-1", Presence: p},
		session.Created{EventMeta: meta(agent, instance, 8), Session: session.Session{ID: "s-1", AgentID: agent,
			Created: at, Seen: at, IdleExpires: at.Add(time.Hour), Expires: at.Add(12 * time.Hour)}},
		session.Revoked{EventMeta: meta(agent, instance, 9), SessionIDs: []string{"s-1", "s-2"}, Reason: session.ReasonPasswordChanged},
	}
}

// instancesSeeEachOther: every SDK event observed on one instance reaches
// both instances' subscriptions, as its own Go type, equal to what was
// observed, in order.
func instancesSeeEachOther(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	onA, onB := subscribe(t, a, ""), subscribe(t, b, "")
	ctx := context.Background()
	fromA, fromB := sdkEvents("ada", "instance-a"), sdkEvents("bob", "instance-b")
	for i := range fromA {
		a.Observe(ctx, fromA[i])
		b.Observe(ctx, fromB[i])
	}
	for _, s := range []*feed.Subscription{onA, onB} {
		got := map[string][]profilekit.Event{}
		for range len(fromA) + len(fromB) {
			e := nextOf(t, s)
			got[e.Meta().AgentID] = append(got[e.Meta().AgentID], e)
		}
		assert.Equal(t, fromA, got["ada"], "instance a's events, typed and in order")
		assert.Equal(t, fromB, got["bob"], "instance b's events, typed and in order")
	}
	assert.Zero(t, a.Stats().Malformed+b.Stats().Malformed)
}

// agentSubscriptionSeesOnlyItsAgent: a subscription to one agent gets that
// agent's events only, from both instances.
func agentSubscriptionSeesOnlyItsAgent(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	ada := subscribe(t, b, "ada")
	ctx := context.Background()
	for i := range 5 {
		a.Observe(ctx, password.Changed{EventMeta: meta("bob", "instance-a", i)})
		a.Observe(ctx, profile.Saved{EventMeta: meta("ada", "instance-a", i), Version: int64(i + 1)})
		b.Observe(ctx, password.Changed{EventMeta: meta("bob", "instance-b", i)})
	}
	b.Observe(ctx, password.Changed{EventMeta: meta("ada", "instance-b", 9)})
	version := int64(0)
	for range 6 {
		switch e := nextOf(t, ada).(type) {
		case profile.Saved:
			version++
			assert.Equal(t, version, e.Version, "instance a's events in order")
		case password.Changed:
			assert.Equal(t, password.Changed{EventMeta: meta("ada", "instance-b", 9)}, e, "nothing about bob")
		default:
			assert.Failf(t, "unexpected event", "%#v", e)
		}
	}
	assert.Equal(t, int64(5), version)
	assert.Equal(t, "ada", ada.AgentID())
}

// applicationEvents: an embedder's own event, published with Publish,
// arrives as its type on instances that know it.
func applicationEvents(t *testing.T, tt Transports) {
	a, b := instances(t, tt, &feed.Options{Types: []feed.Type{feed.TypeOf[SignedOut]()}, RetryWait: 50 * time.Millisecond})
	s := subscribe(t, b, "ada")
	ctx := context.Background()
	want := SignedOut{EventMeta: meta("ada", "instance-a", 1), Session: "s-1"}
	require.NoError(t, a.Publish(ctx, want))
	assert.Equal(t, want, nextOf(t, s))
	none := SignedOut{EventMeta: profilekit.EventMeta{At: at, Instance: "instance-a"}, Session: "all"}
	all := subscribe(t, b, "")
	require.NoError(t, a.Publish(ctx, none), "an event about no agent")
	assert.Equal(t, none, nextOf(t, all), "reaches the subscriptions to every agent")

	var ve *profilekit.ValidationError
	require.ErrorAs(t, a.Publish(ctx, SignedOut{EventMeta: meta("bad id", "", 0)}), &ve)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDInvalidChars}, ve.Codes())
	require.ErrorAs(t, a.Publish(ctx, nil), &ve)
}

// unknownKindsArriveRaw: an event of a kind the receiving Feed has no Type
// for arrives as a Raw with its meta and JSON, and can be published again.
func unknownKindsArriveRaw(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	s := subscribe(t, b, "ada")
	ctx := context.Background()
	sent := SignedOut{EventMeta: meta("ada", "instance-a", 1), Session: "s-1"}
	require.NoError(t, a.Publish(ctx, sent))
	e := nextOf(t, s)
	require.IsType(t, feed.Raw{}, e)
	raw := e.(feed.Raw)
	assert.Equal(t, sent.Kind(), raw.Kind())
	assert.Equal(t, sent.EventMeta, raw.Meta())
	assert.JSONEq(t, `{"agent_id":"ada","at":"2026-11-26T09:00:01.123456Z","instance":"instance-a","session":"s-1"}`, string(raw.Data))

	require.NoError(t, b.Publish(ctx, raw), "a Raw is published as it came")
	assert.Equal(t, raw, nextOf(t, s))
}

// concurrentPublishers: goroutines on both instances publish for agents of
// their own at once; every subscription gets every event, in order per
// instance and agent.
func concurrentPublishers(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	subs := []*feed.Subscription{subscribe(t, a, ""), subscribe(t, b, "")}
	const agents, each = 4, 25
	ctx := context.Background()
	var wg sync.WaitGroup
	for i, f := range []*feed.Feed{a, b} {
		for g := range agents {
			wg.Go(func() {
				agent := fmt.Sprintf("agent-%d-%d", i, g)
				for v := range each {
					f.Observe(ctx, profile.Saved{EventMeta: meta(agent, "x", 0), Version: int64(v + 1)})
				}
			})
		}
	}
	for _, s := range subs {
		nextVersion := map[string]int64{}
		for range 2 * agents * each {
			e := nextOf(t, s).(profile.Saved)
			nextVersion[e.AgentID]++
			require.Equal(t, nextVersion[e.AgentID], e.Version, "%s: an event is missing or out of order", e.AgentID)
		}
	}
	wg.Wait()
}

// batchInOrder: a transport that is a feed.BatchPublisher delivers a
// batch to every listener, this instance's and the other's, in order after
// what was published before it, and refuses a batch with one message over
// MaxMessage without sending any of it. A transport that is not one skips
// the case.
func batchInOrder(t *testing.T, tt Transports) {
	ta, tb := tt.Open(t)
	batcher, ok := ta.(feed.BatchPublisher)
	if !ok {
		t.Skip("the transport is not a feed.BatchPublisher")
	}
	ctx := context.Background()
	var listeners []feed.Listener
	for _, tr := range []feed.Transport{ta, tb} {
		l, err := tr.Listen(ctx)
		require.NoError(t, err)
		t.Cleanup(func() { _ = l.Close() })
		listeners = append(listeners, l)
	}
	msg := func(i int) []byte { return fmt.Appendf(nil, `{"batch":%d}`, i) }
	require.NoError(t, ta.Publish(ctx, msg(0)))
	var batch [][]byte
	for i := 1; i <= feed.MaxBatch; i++ {
		batch = append(batch, msg(i))
	}
	require.NoError(t, batcher.PublishBatch(ctx, batch))
	if limit := ta.MaxMessage(); limit > 0 {
		over := []byte(`"` + strings.Repeat("x", limit) + `"`)
		err := batcher.PublishBatch(ctx, [][]byte{msg(-1), over})
		assert.ErrorIs(t, err, feed.ErrTooLarge)
		assert.ErrorIs(t, err, profilekit.ErrInvalid)
	}
	require.NoError(t, ta.Publish(ctx, msg(feed.MaxBatch+1)))
	for _, l := range listeners {
		for i := 0; i <= feed.MaxBatch+1; i++ {
			select {
			case got, ok := <-l.C():
				require.True(t, ok, "the listener ended: %v", l.Err())
				require.Equal(t, string(msg(i)), string(got), "message %d: in order, and nothing of the refused batch", i)
			case <-time.After(Timeout):
				require.FailNow(t, "no message arrived")
			}
		}
	}
}

// closing: a closed Feed ends its subscriptions and refuses calls; the
// other instance's Feed goes on; Close is idempotent on Feeds and
// subscriptions.
func closing(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	onA, onB := subscribe(t, a, "ada"), subscribe(t, b, "")
	mine := subscribe(t, a, "")
	assert.NoError(t, mine.Err(), "nil while live")
	require.NoError(t, mine.Close())
	_, open := <-mine.C()
	assert.False(t, open, "C is closed once Close returns")
	assert.ErrorIs(t, mine.Err(), profilekit.ErrClosed)
	require.NoError(t, mine.Close(), "closing a subscription twice does nothing")

	require.NoError(t, b.Close())
	for range onB.C() {
	}
	assert.ErrorIs(t, onB.Err(), profilekit.ErrClosed)
	ctx := context.Background()
	assert.ErrorIs(t, b.Publish(ctx, password.Changed{EventMeta: meta("ada", "", 0)}), profilekit.ErrClosed)
	_, err := b.Subscribe(ctx, "ada")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	require.NoError(t, b.Close(), "closing a Feed twice does nothing")
	var tr *presence.Tracker = presence.New(memory.New(), nil)
	assert.ErrorIs(t, b.WatchPresence(ctx, tr), profilekit.ErrClosed)

	a.Observe(ctx, password.Changed{EventMeta: meta("ada", "instance-a", 1)})
	assert.Equal(t, password.Changed{EventMeta: meta("ada", "instance-a", 1)}, nextOf(t, onA), "the other instance goes on")
	assert.Zero(t, b.Stats().Subscriptions)
}

// cancelledContext: a done context refuses Subscribe and Publish, and ends
// a subscription with an error wrapping it.
func cancelledContext(t *testing.T, tt Transports) {
	a, _ := instances(t, tt, nil)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.Subscribe(done, "ada")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = a.SubscribeAll(done)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, a.Publish(done, password.Changed{EventMeta: meta("ada", "", 0)}), context.Canceled)

	ctx, cancel := context.WithCancel(context.Background())
	s, err := a.Subscribe(ctx, "ada")
	require.NoError(t, err)
	cancel()
	for range s.C() {
	}
	assert.ErrorIs(t, s.Err(), context.Canceled)
	assert.True(t, strings.HasPrefix(s.Err().Error(), "feed: "), s.Err().Error())

	// Observe publishes even when the call that raised the event ended
	// just after storing it.
	live := subscribe(t, a, "ada")
	a.Observe(done, password.Changed{EventMeta: meta("ada", "instance-a", 1)})
	assert.Equal(t, password.Changed{EventMeta: meta("ada", "instance-a", 1)}, nextOf(t, live))
}

// slowSubscriber: a reader that stops reading never holds up the
// publisher nor other readers; what it holds stays within Options.Buffer,
// and it learns of what it missed from a Lost (LostBehind).
func slowSubscriber(t *testing.T, tt Transports) {
	const buffer, total = 4, 100
	ta, tb := tt.Open(t)
	a := feed.New(ta, &feed.Options{Instance: "instance-a", Buffer: total})
	b := feed.New(tb, &feed.Options{Instance: "instance-b", Buffer: buffer})
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	slow, fast := subscribe(t, b, "ada"), subscribe(t, a, "ada")
	ctx := context.Background()
	got := make(chan int, total)
	go func() {
		defer close(got)
		for e := range fast.C() {
			if s, ok := e.(profile.Saved); ok {
				got <- int(s.Version)
				if s.Version == total {
					return
				}
			}
		}
	}()
	for v := range total {
		a.Observe(ctx, profile.Saved{EventMeta: meta("ada", "instance-a", v), Version: int64(v + 1)})
	}
	n := 0
	for v := range got {
		n++
		assert.Equal(t, n, v, "the reading subscription lost nothing")
	}
	require.Equal(t, total, n)

	held := 0
	for {
		e := next(t, slow)
		if l, ok := e.(feed.Lost); ok {
			assert.Equal(t, feed.LostBehind, l.Reason)
			assert.Equal(t, "ada", l.AgentID)
			assert.Equal(t, profilekit.CodeFeedLost, profilekit.CodeOf(l.Err()))
			assert.ErrorIs(t, l.Err(), feed.ErrLost)
			break
		}
		held++
	}
	assert.LessOrEqual(t, held, buffer+1, "the stuck reader's backlog stays within its buffer")
}

// tooLarge: an event over the transport's MaxMessage is refused by
// Publish and, through Observe, replaced by a Lost about its agent.
func tooLarge(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	ta, _ := tt.Open(t)
	limit := ta.MaxMessage()
	if limit == 0 {
		t.Logf("%T has no message limit", ta)
		return
	}
	s := subscribe(t, b, "ada")
	ctx := context.Background()
	big := Blob{EventMeta: meta("ada", "instance-a", 1), Data: strings.Repeat("x", limit)}
	err := a.Publish(ctx, big)
	assert.ErrorIs(t, err, feed.ErrTooLarge)
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	var verr *profilekit.ValidationError
	if assert.ErrorAs(t, err, &verr) {
		fe, ok := verr.Field(feed.FieldEvent)
		assert.True(t, ok, "the problem is on %s: %v", feed.FieldEvent, verr)
		assert.Equal(t, profilekit.CodePayloadTooLarge, fe.Code)
		assert.Equal(t, map[string]any{"max_bytes": limit}, fe.Params)
	}
	fits := Blob{EventMeta: meta("ada", "instance-a", 2), Data: strings.Repeat("x", limit/2)}
	require.NoError(t, a.Publish(ctx, fits))
	a.Observe(ctx, big)
	e := next(t, s)
	require.IsType(t, feed.Raw{}, e, "the event that fits arrives")
	e = next(t, s)
	require.IsType(t, feed.Lost{}, e, "the one that does not is replaced by a Lost")
	assert.Equal(t, feed.Lost{EventMeta: big.EventMeta, Reason: feed.LostTooLarge}, e)
}

// presenceExpiries: a Busy expiry, noticed by both instances' Watches, and
// an expiring session reach each subscriber once, from its own instance.
func presenceExpiries(t *testing.T, tt Transports) {
	a, b := instances(t, tt, nil)
	clock := profilekittest.NewClock(at)
	store := memory.New() // the store both instances share
	t.Cleanup(func() { _ = store.Close() })
	ctx := context.Background()
	ta := presence.New(store, &presence.Options{Clock: clock, Observer: a, Instance: "instance-a", TTL: time.Minute})
	tb := presence.New(store, &presence.Options{Clock: clock, Observer: b, Instance: "instance-b", TTL: time.Minute})
	require.NoError(t, a.WatchPresence(ctx, ta))
	require.NoError(t, b.WatchPresence(ctx, tb))
	onA, onB := subscribe(t, a, "ada"), subscribe(t, b, "ada")

	_, err := ta.Connect(ctx, "ada", "tab-1")
	require.NoError(t, err)
	_, err = ta.SetBusyFor(ctx, "ada", "", 10*time.Second)
	require.NoError(t, err)
	for _, s := range []*feed.Subscription{onA, onB} {
		require.IsType(t, presence.SessionConnected{}, nextOf(t, s))
		require.IsType(t, presence.StatusChanged{}, nextOf(t, s))
	}
	// Both Watches must have seen the writes before time moves, or they
	// would not know what expires.
	require.Eventually(t, func() bool {
		p, err := tb.Get(ctx, "ada")
		return err == nil && p.Status == presence.Busy
	}, Timeout, time.Millisecond)
	clock.Advance(11 * time.Second)
	for _, pair := range []struct {
		s        *feed.Subscription
		instance string
	}{{onA, "instance-a"}, {onB, "instance-b"}} {
		e := nextOf(t, pair.s)
		require.IsType(t, presence.StatusChanged{}, e)
		sc := e.(presence.StatusChanged)
		assert.True(t, sc.Expired)
		assert.Equal(t, presence.Available, sc.Presence.Status)
		assert.Equal(t, pair.instance, sc.Instance, "reported by the subscriber's own instance")
		assert.True(t, at.Add(10*time.Second).Equal(sc.At), "at the expiry's instant")
	}
	clock.Advance(2 * time.Minute)
	for _, s := range []*feed.Subscription{onA, onB} {
		e := nextOf(t, s)
		require.IsType(t, presence.SessionEnded{}, e)
		assert.True(t, e.(presence.SessionEnded).Expired)
	}
	// A mark sent by both instances after the expiries: nothing else
	// about ada comes before it.
	a.Observe(ctx, password.Changed{EventMeta: meta("ada", "instance-a", 1)})
	b.Observe(ctx, password.Changed{EventMeta: meta("ada", "instance-b", 1)})
	for _, s := range []*feed.Subscription{onA, onB} {
		for range 2 {
			assert.IsType(t, password.Changed{}, nextOf(t, s), "an expiry arrived twice")
		}
	}
}

// lostConnection: after the transport's connection is lost, the Feed
// listens again, delivers a Lost (LostDisconnected) to its subscriptions
// and then the events published after it.
func lostConnection(t *testing.T, tt Transports) {
	if tt.Break == nil {
		t.Log("the transport cannot lose its connection in a test")
		return
	}
	ta, tb := tt.Open(t)
	opts := feed.Options{RetryWait: 50 * time.Millisecond}
	a, b := feed.New(ta, &opts), feed.New(tb, &opts)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	s := subscribe(t, b, "ada")
	tt.Break(t, tb)
	for {
		e := next(t, s)
		if l, ok := e.(feed.Lost); ok {
			assert.Equal(t, feed.LostDisconnected, l.Reason)
			break
		}
	}
	assert.Positive(t, b.Stats().Reconnects)
	ctx := context.Background()
	want := password.Changed{EventMeta: meta("ada", "instance-a", 1)}
	a.Observe(ctx, want)
	assert.Equal(t, want, nextOf(t, s), "events flow again after the Lost")
	assert.NoError(t, s.Err())
	assert.False(t, errors.Is(s.Err(), feed.ErrLost))
}
