package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedisPresence(t *testing.T) {
	url := os.Getenv("PROFILEKIT_REDIS_URL")
	if url == "" {
		t.Skip("PROFILEKIT_REDIS_URL is not set; set it (e.g. redis://127.0.0.1:6379/0) to run the example")
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	prefix := "profilekit-test:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() {
		o, err := goredis.ParseURL(url)
		require.NoError(t, err)
		c := goredis.NewClient(o)
		defer c.Close()
		keys, err := c.Keys(context.Background(), prefix+"*").Result()
		require.NoError(t, err)
		if len(keys) > 0 {
			require.NoError(t, c.Del(context.Background(), keys...).Err())
		}
	})
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, url, filepath.Join(t.TempDir(), "p.db"), prefix))
	for _, want := range []string{
		"profile and password of Ada Lovelace in SQLite",
		"online in Redis; eligible on instance B: 1",
		"busy (lunch) set on A; claim on B refused as busy: true",
		"Busy kept in SQL too, should Redis restart empty: true (lunch)",
	} {
		assert.Contains(t, out.String(), want)
	}
}
