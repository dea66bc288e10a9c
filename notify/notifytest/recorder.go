package notifytest

import (
	"context"
	"slices"
	"sync"

	"github.com/convrs/profilekit/notify"
)

// Recorder is a notify.Notifier that keeps every Notification it is given,
// in order, and returns Err from each call (nil unless set). It is safe
// for concurrent use; the zero value is ready.
type Recorder struct {
	mu    sync.Mutex
	got   []notify.Notification
	err   error
	waits []chan struct{}
}

// Notify records n and returns the error set with Fail.
func (r *Recorder) Notify(_ context.Context, n notify.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, n)
	for _, w := range r.waits {
		close(w)
	}
	r.waits = nil
	return r.err
}

// Fail makes every later Notify return err (nil to succeed again). The
// Notification is still recorded.
func (r *Recorder) Fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err = err
}

// Notifications returns a copy of what Notify was given, in order.
func (r *Recorder) Notifications() []notify.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// Wait blocks until Notify has been given at least n Notifications or ctx
// is done, and returns them.
func (r *Recorder) Wait(ctx context.Context, n int) ([]notify.Notification, error) {
	for {
		r.mu.Lock()
		if len(r.got) >= n {
			out := slices.Clone(r.got)
			r.mu.Unlock()
			return out, nil
		}
		w := make(chan struct{})
		r.waits = append(r.waits, w)
		r.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return r.Notifications(), ctx.Err()
		}
	}
}

// Reset forgets what was recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = nil
}
