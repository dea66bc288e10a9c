package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	s := redis.New(client, &redis.Options{Prefix: prefix})
	sub, err := s.SubscribePresence(ctx)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, "ada", presence.BusySetting{On: true}, time.Now())
	require.NoError(t, err)
	r := <-sub.Records()
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
	for range sub.Records() {
	}
	assert.ErrorIs(t, sub.Err(), redis.ErrFeedLost)
}
