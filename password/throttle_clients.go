package password

import (
	"crypto/sha256"
	"sync"
	"time"
)

// DefaultMaxClients is how many (agent, client) pairs a Service tracks
// for its per-client throttle when Options.MaxClients is zero.
const DefaultMaxClients = 100_000

// evictSample is how many tracked pairs a full table looks at to find one
// to forget: the one whose last failure is oldest among them.
const evictSample = 64

// clientKey names an (agent, client) pair without keeping either: a hash,
// so that the table's memory per pair is fixed whatever the caller passes.
type clientKey [sha256.Size]byte

// keyOf returns the key of the pair (agentID, client).
func keyOf(agentID, client string) clientKey {
	h := sha256.New()
	h.Write([]byte(agentID))
	h.Write([]byte{0})
	h.Write([]byte(client))
	var k clientKey
	h.Sum(k[:0])
	return k
}

// clientFailures is the failure count of one (agent, client) pair.
type clientFailures struct {
	failures int
	last     time.Time
}

// clients is the per-client throttle's table: failure counts of (agent,
// client) pairs, at most max of them, in this process. It is safe for
// concurrent use.
type clients struct {
	mu    sync.Mutex
	max   int
	pairs map[clientKey]clientFailures
}

func newClients(maxPairs int) *clients {
	if maxPairs <= 0 {
		maxPairs = DefaultMaxClients
	}
	return &clients{max: maxPairs, pairs: make(map[clientKey]clientFailures)}
}

// attempt refuses with the wait left when the pair is in back-off under
// t; otherwise it counts the attempt as failed (before the password is
// checked, as the account count does) and returns 0.
func (cs *clients) attempt(k clientKey, t Throttle, now time.Time) time.Duration {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	f, ok := cs.pairs[k]
	if ok {
		if wait := t.retryAfter(f.failures, f.last, now); wait > 0 {
			return wait
		}
	} else if len(cs.pairs) >= cs.max {
		cs.evict()
	}
	cs.pairs[k] = clientFailures{failures: f.failures + 1, last: now}
	return 0
}

// clear forgets the pair's failures, after a correct password.
func (cs *clients) clear(k clientKey) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	delete(cs.pairs, k)
}

// evict forgets one pair to make room: of a sample of the table (Go's map
// iteration starts at a random place), the one whose last failure is
// oldest. A forgotten pair starts again from no failures; the account-wide
// count still bounds what it can try.
func (cs *clients) evict() {
	var oldest clientKey
	var at time.Time
	n := 0
	for k, f := range cs.pairs {
		if n == 0 || f.last.Before(at) {
			oldest, at = k, f.last
		}
		n++
		if n == evictSample {
			break
		}
	}
	if n > 0 {
		delete(cs.pairs, oldest)
	}
}
