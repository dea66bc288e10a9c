package profilekittest

import (
	"context"
	"sync"

	"github.com/convrs/profilekit"
)

var _ profilekit.Observer = (*Recorder)(nil)

// Recorder is a profilekit.Observer that keeps every event it is given, for
// tests that check what a service raised: give it to a service's
// Options.Observer. The zero value is ready; it is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	events []profilekit.Event
}

// Observe implements profilekit.Observer: it appends e.
func (r *Recorder) Observe(_ context.Context, e profilekit.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// Events returns a copy of the events recorded so far, in the order they
// were observed.
func (r *Recorder) Events() []profilekit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]profilekit.Event, len(r.events))
	copy(out, r.events)
	return out
}

// Kinds returns the kinds of the events recorded so far, in order.
func (r *Recorder) Kinds() []profilekit.EventKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]profilekit.EventKind, len(r.events))
	for i, e := range r.events {
		out[i] = e.Kind()
	}
	return out
}

// Reset forgets the events recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = nil
}

// EventsOf returns the events of type E that r recorded, in order:
// EventsOf[profile.Saved](rec).
func EventsOf[E profilekit.Event](r *Recorder) []E {
	var out []E
	for _, e := range r.Events() {
		if v, ok := e.(E); ok {
			out = append(out, v)
		}
	}
	return out
}
