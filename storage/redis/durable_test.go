package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/memory"
	"github.com/convrs/profilekit/storage/redis"
)

// memoryStore returns a memory Store as a durable store, closed when the
// test ends.
func memoryStore(t testing.TB) presence.Store {
	s := memory.New()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestBusySurvivesRedisLosingItsData: Redis restarting without
// persistence (simulated by deleting the store's keys) loses sessions and
// chats, but not a hand-set Busy nor the capacity, which the store loads
// back from the durable store; Versions do not repeat.
func TestBusySurvivesRedisLosingItsData(t *testing.T) {
	ctx := context.Background()
	prefix := newPrefix(t)
	durable := memoryStore(t)
	s := openStore(t, prefix, &redis.Options{Durable: durable})
	tr := presence.New(s, nil)
	_, err := tr.Connect(ctx, "ada", "tab1")
	require.NoError(t, err)
	_, err = tr.SetCapacity(ctx, "ada", 3)
	require.NoError(t, err)
	before, err := tr.SetBusyFor(ctx, "ada", "lunch", time.Hour)
	require.NoError(t, err)
	_, err = tr.Connect(ctx, "bob", "tab1")
	require.NoError(t, err)

	cleanPrefix(t, redisURL(t), prefix) // Redis restarts empty

	assert.ErrorIs(t, tr.Claim(ctx, "ada", "c1"), presence.ErrBusy, "busy is checked before online, as before the loss")
	p, err := tr.Connect(ctx, "ada", "tab1") // the agent's tab reconnects
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, p.Status, "a reconnect after the loss cleared Busy")
	assert.Equal(t, "lunch", p.BusyReason)
	assert.True(t, before.BusyUntil.Equal(p.BusyUntil))
	assert.Equal(t, 3, p.Capacity)
	assert.Greater(t, p.Version, before.Version, "a Version repeated after the loss")
	got, err := tr.Eligible(ctx, []string{"ada", "bob"})
	require.NoError(t, err)
	assert.Empty(t, got, "ada is busy; bob has not reconnected")

	p, err = tr.ToggleBusy(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, presence.Available, p.Status)
	d, err := durable.GetPresence(ctx, "ada", time.Now())
	require.NoError(t, err)
	assert.False(t, d.Busy, "the toggle reached the durable store")

	p, err = tr.Connect(ctx, "new", "tab1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), p.Version, "an agent the durable store never saw starts at Version 1")
}

// TestConfirmedBusyIsNeverLostByDefault: Redis losing its data (as after
// FLUSHALL; here, deleting the store's keys, as the server is shared)
// must not clear a Busy that SetBusy confirmed, or a Claim for the agent
// would succeed once its tab reconnects, against Tracker.Claim's promise.
// So a Store has a durable copy of Busy unless Ephemeral says that losing
// it is accepted; the default Options are refused.
func TestConfirmedBusyIsNeverLostByDefault(t *testing.T) {
	ctx := context.Background()
	url := redisURL(t)
	for _, opts := range []*redis.Options{nil, {}, {Prefix: newPrefix(t), Time: redis.ServerTime}} {
		_, err := redis.Open(ctx, url, opts)
		assert.ErrorIs(t, err, redis.ErrNotDurable)
		assert.Equal(t, profilekit.CodeStoreNotDurable, profilekit.CodeOf(err))
		o, err := goredis.ParseURL(url)
		require.NoError(t, err)
		client := goredis.NewClient(o)
		_, err = redis.New(client, opts)
		assert.ErrorIs(t, err, redis.ErrNotDurable)
		require.NoError(t, client.Close())
	}

	// The loss, with the durable copy and with Ephemeral.
	for _, ephemeral := range []bool{false, true} {
		prefix := newPrefix(t)
		opts := &redis.Options{Durable: memoryStore(t)}
		if ephemeral {
			opts = &redis.Options{Ephemeral: true}
		}
		tr := presence.New(openStore(t, prefix, opts), nil)
		_, err := tr.Connect(ctx, "ada", "tab1")
		require.NoError(t, err)
		_, err = tr.SetBusy(ctx, "ada", true)
		require.NoError(t, err)
		cleanPrefix(t, url, prefix) // Redis loses its data
		_, err = tr.Connect(ctx, "ada", "tab1")
		require.NoError(t, err)
		err = tr.Claim(ctx, "ada", "c1")
		if ephemeral {
			assert.NoError(t, err, "Ephemeral: the loss cleared Busy, as its documentation says")
		} else {
			assert.ErrorIs(t, err, presence.ErrBusy, "the durable copy keeps the confirmed Busy")
		}
	}
}

// TestFeedEndsWhenTheConnectionIsLost: pub/sub is at most once, so a
// subscription whose connection drops ends with ErrFeedLost instead of
// skipping what was published meanwhile.
func TestFeedEndsWhenTheConnectionIsLost(t *testing.T) {
	ctx := context.Background()
	prefix := newPrefix(t)
	name := "pk-" + prefix[len("profilekit-test:"):len(prefix)-1]
	o, err := goredis.ParseURL(redisURL(t))
	require.NoError(t, err)
	o.ClientName, o.MaxRetries = name, -1
	client := goredis.NewClient(o)
	t.Cleanup(func() { _ = client.Close() })
	s, err := redis.New(client, &redis.Options{Prefix: prefix, Ephemeral: true})
	require.NoError(t, err)
	sub, err := s.SubscribePresence(ctx)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, "ada", presence.BusySetting{On: true}, time.Now())
	require.NoError(t, err)
	r := <-sub.C()
	assert.Equal(t, int64(1), r.Version)

	admin := goredis.NewClient(o)
	t.Cleanup(func() { _ = admin.Close() })
	list, err := admin.ClientList(ctx).Result()
	require.NoError(t, err)
	killed := 0
	for line := range strings.Lines(list) {
		if strings.Contains(line, " name="+name+" ") && strings.Contains(line, "sub=1") {
			id := strings.TrimPrefix(strings.Fields(line)[0], "id=")
			require.NoError(t, admin.Do(ctx, "CLIENT", "KILL", "ID", id).Err())
			killed++
		}
	}
	require.Equal(t, 1, killed, "the subscription's connection")
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), redis.ErrFeedLost)
	assert.Equal(t, profilekit.CodeFeedLost, profilekit.CodeOf(sub.Err()), "one code for every lost feed")
}
