package pgnotify_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/testenv"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/notify/pgnotify"
)

// pool opens a pool on the test database, or skips t when none is set.
func pool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), testenv.Postgres(t))
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// channel returns a channel name of t's own.
func channel() string { return testenv.Name(6) }

// newNotifier returns a Notifier on p, failing t when New refuses opts.
func newNotifier(t *testing.T, p *pgxpool.Pool, opts *pgnotify.Options) *pgnotify.Notifier {
	t.Helper()
	n, err := pgnotify.New(p, opts)
	require.NoError(t, err)
	return n
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestInstanceAToInstanceB(t *testing.T) {
	ctx := waitCtx(t)
	opts := &pgnotify.Options{Channel: channel()}
	a := newNotifier(t, pool(t), opts)
	b := newNotifier(t, pool(t), opts)
	hubB := hub.New(nil)
	relay, err := b.Relay(ctx, hubB)
	require.NoError(t, err)
	defer relay.Close()
	session, err := hubB.Subscribe(ctx, "a1")
	require.NoError(t, err)

	p := notify.Preferences{AgentID: "a1", Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {Sound: "bell"}}, Version: 2}
	sent := []notify.Notification{
		{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada", Body: "hi 👋", At: time.Date(2026, 3, 1, 9, 0, 0, 1000, time.UTC)},
		{AgentID: "a2", Kind: notify.NewMessage, ChatID: "c2"},
		{AgentID: "a1", Kind: notify.PreferencesChanged, Preferences: &p, At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
	}
	for _, n := range sent {
		require.NoError(t, a.Notify(ctx, n))
	}
	for _, want := range []notify.Notification{sent[0], sent[2]} {
		select {
		case got := <-session.C():
			assert.Equal(t, want, got)
		case <-ctx.Done():
			t.Fatal("no notification arrived on instance B")
		}
	}
	require.Eventually(t, func() bool { return relay.Stats().Received == 3 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, pgnotify.Stats{Received: 3}, relay.Stats())
	require.NoError(t, relay.Close())
	require.NoError(t, relay.Close())
}

func TestRejectsBadInputAndCountsMalformedPayloads(t *testing.T) {
	ctx := waitCtx(t)
	pl := pool(t)
	ch := channel()
	n := newNotifier(t, pl, &pgnotify.Options{Channel: ch})
	assert.ErrorIs(t, n.Notify(ctx, notify.Notification{AgentID: ""}), profilekit.ErrInvalid)
	err := n.Notify(ctx, notify.Notification{AgentID: "a1", Body: strings.Repeat("x", 8000)})
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	assert.Equal(t, profilekit.CodeInvalid, profilekit.CodeOf(err))

	var rec notifytest.Recorder
	relay, err := n.Relay(ctx, &rec)
	require.NoError(t, err)
	defer relay.Close()
	_, err = pl.Exec(ctx, `SELECT pg_notify($1, 'not json')`, ch)
	require.NoError(t, err)
	rec.Fail(assert.AnError)
	require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: "a1"}))
	_, err = rec.Wait(ctx, 1)
	require.NoError(t, err)
	// The failure is counted just after the recorder returns.
	assert.Eventually(t, func() bool { return relay.Stats() == pgnotify.Stats{Received: 1, Malformed: 1, Failed: 1} }, 5*time.Second, 5*time.Millisecond, "%+v", relay.Stats())
}

// TestRelayReconnects terminates the Relay's connection on the server, as
// a restart would, and checks that it listens again and hands on what is
// sent afterwards.
func TestRelayReconnects(t *testing.T) {
	ctx := waitCtx(t)
	pl := pool(t)
	ch := channel()
	n := newNotifier(t, pl, &pgnotify.Options{Channel: ch, RetryWait: 20 * time.Millisecond})
	var rec notifytest.Recorder
	relay, err := n.Relay(ctx, &rec)
	require.NoError(t, err)
	defer relay.Close()

	tag, err := pl.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' || $1 || '%'`, ch)
	require.NoError(t, err)
	require.Equal(t, int64(1), tag.RowsAffected(), "the relay's connection was found")
	require.Eventually(t, func() bool { return relay.Stats().Reconnects == 1 }, 10*time.Second, 10*time.Millisecond)
	require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: "a1", ChatID: "after"}))
	got, err := rec.Wait(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "after", got[0].ChatID)
}

// sized returns a Notification for a1 whose JSON is exactly n bytes, its
// Body made of unit (repeated times) and then "x"s. It fails t when the
// rest of the Notification leaves no room.
func sized(t *testing.T, n int, unit string, times int) notify.Notification {
	t.Helper()
	note := notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada",
		Body: strings.Repeat(unit, times), At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	data, err := json.Marshal(note)
	require.NoError(t, err)
	require.LessOrEqual(t, len(data), n)
	note.Body += strings.Repeat("x", n-len(data))
	data, err = json.Marshal(note)
	require.NoError(t, err)
	require.Len(t, data, n)
	return note
}

// next returns the next Notification s delivers, failing t when none comes.
func next(ctx context.Context, t *testing.T, s *hub.Subscription) notify.Notification {
	t.Helper()
	select {
	case n, ok := <-s.C():
		require.True(t, ok, "ended: %v", s.Err())
		return n
	case <-ctx.Done():
		require.FailNow(t, "no notification arrived")
	}
	return notify.Notification{}
}

// TestPayloadLimitIsPostgreSQLs: Notify measures a Notification as
// PostgreSQL does, in bytes of the JSON it sends (escapes such as \u003c
// for "<" and two bytes for "é" included): MaxPayload bytes are delivered,
// one byte more is refused, before anything is sent, with a coded
// ValidationError matching profilekit.ErrInvalid.
func TestPayloadLimitIsPostgreSQLs(t *testing.T) {
	ctx := waitCtx(t)
	pl := pool(t)
	ch := channel()
	_, err := pl.Exec(ctx, `SELECT pg_notify($1, $2)`, ch, strings.Repeat("x", pgnotify.MaxPayload))
	require.NoError(t, err, "PostgreSQL takes MaxPayload bytes")
	_, err = pl.Exec(ctx, `SELECT pg_notify($1, $2)`, ch, strings.Repeat("x", pgnotify.MaxPayload+1))
	require.Error(t, err, "PostgreSQL refuses one byte more")

	n := newNotifier(t, pl, &pgnotify.Options{Channel: ch})
	h := hub.New(nil)
	relay, err := n.Relay(ctx, h)
	require.NoError(t, err)
	t.Cleanup(func() { _ = relay.Close() })
	s, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)

	fits := sized(t, pgnotify.MaxPayload, "<é>", 500) // 7999 bytes of JSON: 500 "<é>" are 1,500 characters, 2,000 bytes, 7,000 as JSON
	require.NoError(t, n.Notify(ctx, fits))
	assert.Equal(t, fits, next(ctx, t, s))

	for name, over := range map[string]notify.Notification{
		"one byte over":   sized(t, pgnotify.MaxPayload+1, "<é>", 500),
		"escapes counted": {AgentID: "a1", Kind: notify.NewMessage, Body: strings.Repeat("<", 1500)}, // 1,500 bytes, 9,000 as JSON
	} {
		err := n.Notify(ctx, over)
		assert.ErrorIs(t, err, profilekit.ErrInvalid, name)
		var verr *profilekit.ValidationError
		if assert.ErrorAs(t, err, &verr, name) {
			assert.Equal(t, "notify", verr.Domain)
			require.Len(t, verr.Fields, 1)
			assert.Equal(t, pgnotify.FieldNotification, verr.Fields[0].Field)
			assert.Equal(t, profilekit.CodePayloadTooLarge, verr.Fields[0].Code)
			assert.Equal(t, map[string]any{"max_bytes": pgnotify.MaxPayload}, verr.Fields[0].Params)
		}
	}
	marker := notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "marker"}
	require.NoError(t, n.Notify(ctx, marker))
	assert.Equal(t, "marker", next(ctx, t, s).ChatID, "the refused Notifications were not sent")
}

// TestNewRefusesAChannelPostgreSQLWouldCutShort: a channel name over 63
// bytes, which the Relay's LISTEN would cut short while every Notify
// failed, or one that is not an ID, is refused by New with a
// ValidationError on the channel; the longest accepted name works end to
// end.
func TestNewRefusesAChannelPostgreSQLWouldCutShort(t *testing.T) {
	longest := channel()
	longest += strings.Repeat("_", 63-len(longest))
	for name, tt := range map[string]struct {
		channel string
		code    profilekit.Code
		params  map[string]any
	}{
		"64 bytes": {longest + "x", profilekit.CodeIDTooLong, map[string]any{"max": 63}},
		"space":    {"profilekit notify", profilekit.CodeIDInvalidChars, nil},
		"accent":   {"profilekit_févr", profilekit.CodeIDInvalidChars, nil},
		"NUL":      {"profilekit\x00notify", profilekit.CodeIDInvalidChars, nil},
	} {
		t.Run(name, func(t *testing.T) {
			n, err := pgnotify.New(nil, &pgnotify.Options{Channel: tt.channel})
			assert.Nil(t, n)
			assert.ErrorIs(t, err, profilekit.ErrInvalid)
			var verr *profilekit.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "notify", verr.Domain)
			require.Len(t, verr.Fields, 1)
			assert.Equal(t, pgnotify.FieldChannel, verr.Fields[0].Field)
			assert.Equal(t, tt.code, verr.Fields[0].Code)
			assert.Equal(t, tt.params, verr.Fields[0].Params)
		})
	}

	ctx := waitCtx(t)
	pl := pool(t)
	_, err := pl.Exec(ctx, `SELECT pg_notify($1, '')`, longest+"x")
	require.Error(t, err, "PostgreSQL refuses to NOTIFY a channel name of 64 bytes")
	n := newNotifier(t, pl, &pgnotify.Options{Channel: longest})
	h := hub.New(nil)
	relay, err := n.Relay(ctx, h)
	require.NoError(t, err)
	t.Cleanup(func() { _ = relay.Close() })
	s, err := h.Subscribe(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1"}))
	assert.Equal(t, "c1", next(ctx, t, s).ChatID)
}
