// Package stripe gives services a lock per agent without a map that grows:
// a fixed array of mutexes, chosen by a hash of the agent's ID. Services
// hold it across a store write and the Observer call that reports it, so
// that events about one agent arrive in the order the writes were stored.
package stripe

import (
	"hash/maphash"
	"sync"
)

// n is the number of stripes: enough that agents rarely share one on a
// support floor's concurrency, small enough to cost nothing.
const n = 256

// Locks is a set of striped mutexes. The zero value is not ready; use New.
// A nil *Locks locks nothing, which is what a service without an Observer
// uses.
type Locks struct {
	seed maphash.Seed
	mu   [n]sync.Mutex
}

// New returns a ready set of locks.
func New() *Locks { return &Locks{seed: maphash.MakeSeed()} }

// Lock locks id's stripe and returns the function that unlocks it. On a nil
// *Locks it does nothing.
func (l *Locks) Lock(id string) (unlock func()) {
	if l == nil {
		return func() {}
	}
	m := &l.mu[maphash.String(l.seed, id)%n]
	m.Lock()
	return m.Unlock
}
