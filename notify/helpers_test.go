package notify_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/storage/memory"
)

// fixed is the time of the test clock.
var fixed = time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)

// clock is a Clock that always says fixed.
type clock struct{}

func (clock) Now() time.Time { return fixed }

// events records the Observer's events.
type events struct {
	mu  sync.Mutex
	got []profilekit.Event
}

func (e *events) Observe(_ context.Context, ev profilekit.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, ev)
}

func (e *events) list() []profilekit.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]profilekit.Event(nil), e.got...)
}

// rig is a Dispatcher on a memory store with fakes around it.
type rig struct {
	d     *notify.Dispatcher
	store *memory.Store
	avail *notifytest.Availability
	out   *notifytest.Recorder
	obs   *events
}

// newRig returns a rig; opts may be nil.
func newRig(t *testing.T, opts *notify.Options) *rig {
	t.Helper()
	r := &rig{store: memory.New(), avail: &notifytest.Availability{}, out: &notifytest.Recorder{}, obs: &events{}}
	t.Cleanup(func() { _ = r.store.Close() })
	if opts == nil {
		opts = &notify.Options{}
	}
	opts.Clock, opts.Observer, opts.Instance = clock{}, r.obs, "test-1"
	r.d = notify.New(r.store, r.avail, r.out, opts)
	return r
}
