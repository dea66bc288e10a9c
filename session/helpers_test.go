package session_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/memory"
)

// start is the fake clock's first reading.
var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// recorder is an Observer that keeps the events.
type recorder struct {
	mu     sync.Mutex
	events []profilekit.Event
}

func (r *recorder) Observe(_ context.Context, e profilekit.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// all returns the events so far.
func (r *recorder) all() []profilekit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]profilekit.Event(nil), r.events...)
}

// revoked returns the Revoked events so far.
func (r *recorder) revoked() []session.Revoked {
	var out []session.Revoked
	for _, e := range r.all() {
		if rv, ok := e.(session.Revoked); ok {
			out = append(out, rv)
		}
	}
	return out
}

// fixture is a Service on a memory store with a fake clock and a recorder.
type fixture struct {
	svc    *session.Service
	store  *memory.Store
	clock  *fakeClock
	events *recorder
}

// testOptions are the lifetimes the tests use.
const (
	idle     = 30 * time.Minute
	lifetime = 12 * time.Hour
	touch    = time.Minute
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: memory.New(), clock: newFakeClock(), events: &recorder{}}
	t.Cleanup(func() { _ = f.store.Close() })
	f.svc = session.New(f.store, &session.Options{IdleTimeout: idle, Lifetime: lifetime, TouchInterval: touch,
		Clock: f.clock, Observer: f.events, Instance: "test-1"})
	return f
}

// create signs agent in, failing t on an error.
func (f *fixture) create(t *testing.T, agent string) (string, session.Session) {
	t.Helper()
	token, s, err := f.svc.Create(context.Background(), agent)
	if err != nil {
		t.Fatalf("create session for %s: %v", agent, err)
	}
	return token, s
}
