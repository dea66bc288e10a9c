package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/redis"
)

// skewedTrackers returns Trackers on two instances sharing prefix whose
// clocks disagree by skew (b runs ahead of a), with a 30-second TTL.
func skewedTrackers(t *testing.T, mode redis.TimeSource, skew time.Duration) (a, b *presence.Tracker, ca, cb *profilekittest.Clock) {
	prefix := newPrefix(t)
	sa := openStore(t, prefix, &redis.Options{Time: mode, Ephemeral: true})
	sb := openStore(t, prefix, &redis.Options{Time: mode, Ephemeral: true})
	start := time.Now()
	ca, cb = profilekittest.NewClock(start), profilekittest.NewClock(start.Add(skew))
	a = presence.New(sa, &presence.Options{Clock: ca, TTL: 30 * time.Second})
	b = presence.New(sb, &presence.Options{Clock: cb, TTL: 30 * time.Second})
	return a, b, ca, cb
}

// TestServerTimeIgnoresClockSkew: with ServerTime, an instance whose clock
// runs an hour ahead still sees a session that another instance renewed a
// moment ago as online, and its Record reads in its own timeline.
func TestServerTimeIgnoresClockSkew(t *testing.T) {
	ctx := context.Background()
	a, b, _, cb := skewedTrackers(t, redis.ServerTime, time.Hour)
	_, err := a.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)

	p, err := b.Get(ctx, "ada")
	require.NoError(t, err)
	assert.True(t, p.Online, "b's clock, an hour ahead, must not matter")
	got, err := b.Eligible(ctx, []string{"ada"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ada"}, got)
	require.NoError(t, b.Claim(ctx, "ada", "c1"))

	// b's Busy for ten minutes lasts ten minutes by the server's clock,
	// and reads as ten minutes in b's timeline.
	p, err = b.SetBusyFor(ctx, "ada", "", 10*time.Minute)
	require.NoError(t, err)
	assert.WithinDuration(t, cb.Now().Add(10*time.Minute), p.BusyUntil, 2*time.Second)
	assert.ErrorIs(t, a.Claim(ctx, "ada", "c2"), presence.ErrBusy)
}

// TestServerTimeIgnoresCallerClockJumps: with ServerTime, a caller's clock
// jumping past the TTL does not end a session: only the server's clock
// does. (With CallerTime it would; storagetest relies on that.)
func TestServerTimeIgnoresCallerClockJumps(t *testing.T) {
	ctx := context.Background()
	a, _, ca, _ := skewedTrackers(t, redis.ServerTime, 0)
	_, err := a.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	ca.Advance(time.Hour)
	p, err := a.Get(ctx, "ada")
	require.NoError(t, err)
	assert.True(t, p.Online)
}

// TestCallerTimeAssumesAgreeingClocks documents CallerTime's assumption:
// instances must agree on the time to well within the TTL. An instance
// whose clock runs a minute ahead sees a session renewed a moment ago by
// another instance, with a 30-second TTL, as offline.
func TestCallerTimeAssumesAgreeingClocks(t *testing.T) {
	ctx := context.Background()
	a, b, _, _ := skewedTrackers(t, redis.CallerTime, time.Minute)
	_, err := a.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	p, err := b.Get(ctx, "ada")
	require.NoError(t, err)
	assert.False(t, p.Online, "with CallerTime each instance judges by its own clock")

	a2, b2, _, _ := skewedTrackers(t, redis.CallerTime, 5*time.Second)
	_, err = a2.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	p, err = b2.Get(ctx, "ada")
	require.NoError(t, err)
	assert.True(t, p.Online, "a skew well within the TTL only shortens the session as b sees it")
}

// TestServerTimeSessionsExpireByServerClock: a session with a TTL of 50ms
// ends when the server's clock passes it, though the caller's clock stands
// still.
func TestServerTimeSessionsExpireByServerClock(t *testing.T) {
	ctx := context.Background()
	prefix := newPrefix(t)
	s := openStore(t, prefix, &redis.Options{Time: redis.ServerTime, Ephemeral: true})
	clock := profilekittest.NewClock(time.Now())
	tr := presence.New(s, &presence.Options{Clock: clock, TTL: 50 * time.Millisecond})
	p, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	require.True(t, p.Online)
	require.Eventually(t, func() bool {
		got, err := tr.Eligible(ctx, []string{"ada"})
		return err == nil && len(got) == 0
	}, 5*time.Second, 10*time.Millisecond)
}
