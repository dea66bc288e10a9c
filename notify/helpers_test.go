package notify_test

import (
	"testing"
	"time"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/storage/memory"
)

// fixed is the test clock's reading: it has a sub-microsecond part, so
// the tests see the Dispatcher truncate it.
var fixed = time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)

// rig is a Dispatcher on a memory store with fakes around it.
type rig struct {
	d     *notify.Dispatcher
	store *memory.Store
	avail *notifytest.Availability
	out   *notifytest.Recorder
	obs   *profilekittest.Recorder
}

// newRig returns a rig; opts may be nil.
func newRig(t *testing.T, opts *notify.Options) *rig {
	t.Helper()
	r := &rig{store: memory.New(), avail: &notifytest.Availability{}, out: &notifytest.Recorder{}, obs: &profilekittest.Recorder{}}
	t.Cleanup(func() { _ = r.store.Close() })
	if opts == nil {
		opts = &notify.Options{}
	}
	opts.Clock, opts.Observer, opts.Instance = profilekittest.NewClock(fixed), r.obs, "test-1"
	r.d = notify.New(r.store, r.avail, r.out, opts)
	return r
}
