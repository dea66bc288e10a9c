package presencetest

import (
	"testing"
	"time"

	"github.com/convrs/profilekit/presence"
)

// NextTimeout is how long Next waits for a change before failing the test:
// a guard against a test hanging, not a timing assertion.
const NextTimeout = 10 * time.Second

// Next returns the next change w delivers. It fails t and stops the test
// if w ends or no change arrives within NextTimeout.
func Next(t testing.TB, w *presence.Watcher) presence.Change {
	t.Helper()
	select {
	case c, ok := <-w.C():
		if !ok {
			t.Fatalf("watch ended: %v", w.Err())
		}
		return c
	case <-time.After(NextTimeout):
		t.Fatalf("no change arrived within %v", NextTimeout)
	}
	return presence.Change{}
}
