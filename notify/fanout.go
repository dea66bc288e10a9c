package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Fanout is a Notifier that hands each Notification to several notifiers
// at once. One failing or slow notifier never stops the others: Notify
// waits for all of them and returns their errors joined, and each
// notifier's successes and failures are counted.
//
// A Fanout is safe for concurrent use.
type Fanout struct {
	notifiers []Notifier
	counts    []counts
}

// counts are one notifier's outcomes.
type counts struct {
	delivered atomic.Uint64
	failed    atomic.Uint64
}

// DeliveryStats are the outcomes of one notifier of a Fanout.
type DeliveryStats struct {
	// Delivered counts the calls of Notify that returned nil.
	Delivered uint64 `json:"delivered"`
	// Failed counts the calls of Notify that returned an error.
	Failed uint64 `json:"failed"`
}

// NewFanout returns a Fanout over notifiers, skipping nil ones.
func NewFanout(notifiers ...Notifier) *Fanout {
	f := &Fanout{}
	for _, n := range notifiers {
		if n != nil {
			f.notifiers = append(f.notifiers, n)
		}
	}
	f.counts = make([]counts, len(f.notifiers))
	return f
}

// Notify calls every notifier with n, each in a goroutine of its own when
// there are several, and returns when all have returned: nil when all
// succeeded, otherwise the errors joined, each saying which notifier (by
// position) failed.
func (f *Fanout) Notify(ctx context.Context, n Notification) error {
	if len(f.notifiers) == 1 {
		return f.call(ctx, 0, n)
	}
	errs := make([]error, len(f.notifiers))
	var wg sync.WaitGroup
	for i := range f.notifiers {
		wg.Go(func() { errs[i] = f.call(ctx, i, n) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// call runs notifier i and counts the outcome.
func (f *Fanout) call(ctx context.Context, i int, n Notification) error {
	if err := f.notifiers[i].Notify(ctx, n); err != nil {
		f.counts[i].failed.Add(1)
		return fmt.Errorf("notify: notifier %d of %d: %w", i+1, len(f.notifiers), err)
	}
	f.counts[i].delivered.Add(1)
	return nil
}

// Stats returns the outcomes of each notifier, in the order given to
// NewFanout (without the nil ones).
func (f *Fanout) Stats() []DeliveryStats {
	out := make([]DeliveryStats, len(f.counts))
	for i := range f.counts {
		out[i] = DeliveryStats{Delivered: f.counts[i].delivered.Load(), Failed: f.counts[i].failed.Load()}
	}
	return out
}
