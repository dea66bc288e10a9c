package redis_test

import (
	"testing"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/storage/memory"
)

// memoryStore returns a memory Store as a durable store, closed when the
// test ends.
func memoryStore(t testing.TB) presence.Store {
	s := memory.New()
	t.Cleanup(func() { _ = s.Close() })
	return s
}
