package session_test

import (
	"context"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/memory"
)

// start is the fake clock's first reading.
var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// newFakeClock returns the shared fake clock, reading start.
func newFakeClock() *profilekittest.Clock { return profilekittest.NewClock(start) }

// recorder is the shared event recorder.
type recorder = profilekittest.Recorder

// revokedOf returns the Revoked events r recorded.
func revokedOf(r *recorder) []session.Revoked { return profilekittest.EventsOf[session.Revoked](r) }

// fixture is a Service on a memory store with a fake clock and a recorder.
type fixture struct {
	svc    *session.Service
	store  *memory.Store
	clock  *profilekittest.Clock
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
