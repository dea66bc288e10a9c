package pgnotify_test

import (
	"context"
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

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestInstanceAToInstanceB(t *testing.T) {
	ctx := waitCtx(t)
	opts := &pgnotify.Options{Channel: channel()}
	a := pgnotify.New(pool(t), opts)
	b := pgnotify.New(pool(t), opts)
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
	n := pgnotify.New(pl, &pgnotify.Options{Channel: ch})
	assert.ErrorIs(t, n.Notify(ctx, notify.Notification{AgentID: ""}), profilekit.ErrInvalid)
	err := n.Notify(ctx, notify.Notification{AgentID: "a1", Body: strings.Repeat("x", 8000)})
	assert.Error(t, err)

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
	n := pgnotify.New(pl, &pgnotify.Options{Channel: ch, RetryWait: 20 * time.Millisecond})
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
