package feed_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
)

var at = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// lossy is a Local that drops the messages it is told to.
type lossy struct {
	*feed.Local
	drop atomic.Bool
}

func (l *lossy) Publish(ctx context.Context, msg []byte) error {
	if l.drop.Load() {
		return nil // lost on the way, as NOTIFY to a dead server or NATS to a slow consumer
	}
	return l.Local.Publish(ctx, msg)
}

func next(t *testing.T, s *feed.Subscription) profilekit.Event {
	t.Helper()
	select {
	case e, ok := <-s.C():
		require.True(t, ok, "ended: %v", s.Err())
		return e
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no event")
	}
	return nil
}

func saved(agent string, v int64) profile.Saved {
	return profile.Saved{EventMeta: profilekit.EventMeta{AgentID: agent, At: at, Instance: "a"}, Version: v}
}

// TestGapInAnInstancesMessagesDeliversLost: a message of another instance
// lost on the way shows as a gap in its sequence numbers, and every
// subscription gets a Lost before the next message.
func TestGapInAnInstancesMessagesDeliversLost(t *testing.T) {
	tr := &lossy{Local: feed.NewLocal()}
	a, b := feed.New(tr, nil), feed.New(tr, nil)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	ctx := context.Background()
	bob, all := subscribe(t, b, "bob"), subscribe(t, b, "")
	a.Observe(ctx, saved("ada", 1))
	assert.Equal(t, saved("ada", 1), next(t, all))
	tr.drop.Store(true)
	a.Observe(ctx, saved("ada", 2))
	require.Eventually(t, func() bool { return a.Stats().Published == 2 }, 10*time.Second, time.Millisecond)
	tr.drop.Store(false)
	a.Observe(ctx, saved("ada", 3))
	for _, s := range []*feed.Subscription{all, bob} {
		l, ok := next(t, s).(feed.Lost)
		require.True(t, ok, "a Lost comes first")
		assert.Equal(t, feed.LostGap, l.Reason)
		assert.Equal(t, s.AgentID(), l.AgentID, "about the subscription's agent")
	}
	assert.Equal(t, saved("ada", 3), next(t, all))
	assert.Equal(t, uint64(1), b.Stats().Gaps)
}

func subscribe(t *testing.T, f *feed.Feed, agent string) *feed.Subscription {
	t.Helper()
	var s *feed.Subscription
	var err error
	if agent == "" {
		s, err = f.SubscribeAll(context.Background())
	} else {
		s, err = f.Subscribe(context.Background(), agent)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestMalformedMessagesAreDropped: what is not a Feed's message on the
// transport is counted and dropped, never delivered.
func TestMalformedMessagesAreDropped(t *testing.T) {
	tr := feed.NewLocal()
	f := feed.New(tr, nil)
	t.Cleanup(func() { _ = f.Close() })
	s := subscribe(t, f, "")
	ctx := context.Background()
	for _, m := range []string{
		`not json`,
		`{"k":"profile.saved","a":"ada","s":1,"e":{}}`,                         // no origin
		`{"o":"x","k":"profile.saved","a":"ada","e":{}}`,                       // no sequence number
		`{"o":"x","k":"profile.saved","a":"a b","s":1,"e":{"agent_id":"a b"}}`, // a bad agent ID
		`{"o":"y","k":"profile.saved","a":"ada","s":1,"e":{"agent_id":"bob"}}`, // agent and event disagree
		`{"o":"z","k":"profile.saved","a":"ada","s":1,"e":{"version":"one"}}`,  // not a profile.Saved
		`{"o":"w","k":"app.thing","a":"ada","s":1,"e":[1]}`,                    // an unknown kind that is no event
	} {
		require.NoError(t, tr.Publish(ctx, []byte(m)))
	}
	f.Observe(ctx, saved("ada", 1))
	assert.Equal(t, saved("ada", 1), next(t, s), "nothing malformed came first")
	assert.Equal(t, uint64(7), f.Stats().Malformed)
}

// TestObserveDropsExpiriesAndLost: the expiry events a Tracker's Watch
// raises, and Lost markers, are not published (WatchPresence reports
// expiries on each instance).
func TestObserveDropsExpiriesAndLost(t *testing.T) {
	f := feed.New(nil, nil) // a Local of its own
	t.Cleanup(func() { _ = f.Close() })
	s := subscribe(t, f, "ada")
	ctx := context.Background()
	m := profilekit.EventMeta{AgentID: "ada", At: at, Instance: "a"}
	f.Observe(ctx, presence.StatusChanged{EventMeta: m, Expired: true})
	f.Observe(ctx, presence.SessionEnded{EventMeta: m, Expired: true})
	f.Observe(ctx, feed.Lost{EventMeta: m, Reason: feed.LostGap})
	f.Observe(ctx, password.Changed{EventMeta: m})
	assert.Equal(t, password.Changed{EventMeta: m}, next(t, s))
}

// TestSubscribeValidatesTheAgentID: an ID that fails profilekit.CheckID is
// a *profilekit.ValidationError.
func TestSubscribeValidatesTheAgentID(t *testing.T) {
	f := feed.New(nil, nil)
	t.Cleanup(func() { _ = f.Close() })
	for id, code := range map[string]profilekit.Code{
		"":      profilekit.CodeIDRequired,
		"a b":   profilekit.CodeIDInvalidChars,
		"ada\n": profilekit.CodeIDInvalidChars,
	} {
		_, err := f.Subscribe(context.Background(), id)
		var ve *profilekit.ValidationError
		require.ErrorAs(t, err, &ve, "%q", id)
		assert.Equal(t, []profilekit.Code{code}, ve.Codes())
		assert.Equal(t, feed.FieldAgentID, ve.Fields[0].Field)
	}
}

// TestTypesCoverEveryKindOfTheSDK: every kind the services raise has a
// Type, so that none arrives as Raw.
func TestTypesCoverEveryKindOfTheSDK(t *testing.T) {
	kinds := map[profilekit.EventKind]bool{}
	for _, ty := range feed.Types() {
		kinds[ty.Kind()] = true
	}
	for _, k := range []profilekit.EventKind{
		profilekit.EventProfileSaved, profilekit.EventProfileAdminChanged, profilekit.EventPasswordChanged,
		profilekit.EventStatusChanged, profilekit.EventSessionConnected, profilekit.EventSessionEnded,
		profilekit.EventPreferencesSaved, profilekit.EventSessionCreated, profilekit.EventSessionRevoked,
	} {
		assert.True(t, kinds[k], "%s has no Type", k)
	}
}

// TestCloseDrainsTheOutbox: what was queued before Close is published.
func TestCloseDrainsTheOutbox(t *testing.T) {
	tr := feed.NewLocal()
	a, b := feed.New(tr, nil), feed.New(tr, nil)
	t.Cleanup(func() { _ = b.Close() })
	s := subscribe(t, b, "ada")
	for v := range int64(50) {
		a.Observe(context.Background(), saved("ada", v+1))
	}
	require.NoError(t, a.Close())
	for v := range int64(50) {
		assert.Equal(t, saved("ada", v+1), next(t, s))
	}
}

// limited is a Local with a message limit, that remembers the length of
// the last message it published.
type limited struct {
	*feed.Local
	max, last atomic.Int64
}

func (l *limited) MaxMessage() int { return int(l.max.Load()) }

func (l *limited) Publish(ctx context.Context, msg []byte) error {
	l.last.Store(int64(len(msg)))
	return l.Local.Publish(ctx, msg)
}

// TestPublishMeasuresTheMessageAsSent: the limit holds for the message in
// bytes as the transport gets it, so a message of exactly MaxMessage
// bytes is sent, one byte over is refused with a coded ValidationError,
// and a refused event spends no sequence number (no gap follows).
func TestPublishMeasuresTheMessageAsSent(t *testing.T) {
	tr := &limited{Local: feed.NewLocal()}
	a, b := feed.New(tr, nil), feed.New(tr, nil)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	ctx := context.Background()
	s := subscribe(t, b, "ada")
	require.NoError(t, a.Publish(ctx, saved("ada", 1)))
	require.Equal(t, saved("ada", 1), next(t, s))
	size := tr.last.Load() // the next events have as many bytes, sequence number included

	tr.max.Store(size)
	require.NoError(t, a.Publish(ctx, saved("ada", 2)), "exactly MaxMessage bytes")
	require.Equal(t, saved("ada", 2), next(t, s))
	assert.Equal(t, size, tr.last.Load())

	tr.max.Store(size - 1)
	err := a.Publish(ctx, saved("ada", 3))
	assert.ErrorIs(t, err, feed.ErrTooLarge)
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1)
	fe := verr.Fields[0]
	assert.Equal(t, feed.FieldEvent, fe.Field)
	assert.Equal(t, profilekit.CodePayloadTooLarge, fe.Code)
	assert.Equal(t, map[string]any{"max_bytes": int(size - 1)}, fe.Params)
	assert.Contains(t, fe.Message, strconv.FormatInt(size, 10)+" bytes")

	tr.max.Store(size)
	require.NoError(t, a.Publish(ctx, saved("ada", 4)))
	assert.Equal(t, saved("ada", 4), next(t, s), "no Lost: the refused event spent no sequence number")
}
