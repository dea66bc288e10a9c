package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/redis"
	"github.com/convrs/profilekit/storage/storagetest"
)

// redisURL returns PROFILEKIT_REDIS_URL, skipping the test when it is
// unset.
func redisURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("PROFILEKIT_REDIS_URL")
	if url == "" {
		t.Skip("PROFILEKIT_REDIS_URL is not set; set it (e.g. redis://127.0.0.1:6379/0) to run the Redis tests")
	}
	return url
}

// newPrefix returns a key prefix of the test's own and deletes its keys
// when the test ends.
func newPrefix(t testing.TB) string {
	t.Helper()
	url := redisURL(t)
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	prefix := "profilekit-test:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() { cleanPrefix(t, url, prefix) })
	return prefix
}

// cleanPrefix deletes every key under prefix.
func cleanPrefix(t testing.TB, url, prefix string) {
	o, err := goredis.ParseURL(url)
	require.NoError(t, err)
	c := goredis.NewClient(o)
	defer func() { _ = c.Close() }()
	ctx := context.Background()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	require.NoError(t, iter.Err())
	if len(keys) > 0 {
		require.NoError(t, c.Unlink(ctx, keys...).Err())
	}
}

// openStore opens a Store on prefix, closed when the test ends; nil opts
// mean an Ephemeral store.
func openStore(t testing.TB, prefix string, opts *redis.Options) *redis.Store {
	t.Helper()
	o := redis.Options{Ephemeral: true}
	if opts != nil {
		o = *opts
	}
	o.Prefix = prefix
	s, err := redis.Open(context.Background(), redisURL(t), &o)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestPresenceStore(t *testing.T) {
	redisURL(t)
	storagetest.RunPresenceStore(t, func(t *testing.T) presence.Store {
		return openStore(t, newPrefix(t), nil)
	})
}

// TestPresenceStoreWithDurable runs the suite with Busy and capacity
// copied to a durable store.
func TestPresenceStoreWithDurable(t *testing.T) {
	redisURL(t)
	storagetest.RunPresenceStore(t, func(t *testing.T) presence.Store {
		return openStore(t, newPrefix(t), &redis.Options{Durable: memoryStore(t)})
	})
}

// TestRaceAcrossInstances holds two Stores (two clients, as two service
// instances) to the linearizability of Busy against claims.
func TestRaceAcrossInstances(t *testing.T) {
	prefix := newPrefix(t)
	a, b := openStore(t, prefix, nil), openStore(t, prefix, nil)
	storagetest.RaceTogglesAgainstClaims(t, a, 100, a, b)
}

// TestRaceTrackersAcrossInstances is TestRaceAcrossInstances through
// Trackers, with the toggles on one instance and routers on both.
func TestRaceTrackersAcrossInstances(t *testing.T) {
	prefix := newPrefix(t)
	a, b := openStore(t, prefix, nil), openStore(t, prefix, nil)
	ta, tb := presence.New(a, nil), presence.New(b, nil)
	storagetest.RaceTrackers(t, ta, 60, ta, tb)
}

// TestFeedAcrossInstances: a subscription on one instance receives every
// change made through two instances, in Version order per agent.
func TestFeedAcrossInstances(t *testing.T) {
	prefix := newPrefix(t)
	a, b := openStore(t, prefix, nil), openStore(t, prefix, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub, err := b.SubscribePresence(ctx)
	require.NoError(t, err)
	storagetest.FeedInOrder(t, sub, a, b)
}
