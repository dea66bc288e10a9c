package webhook

import (
	"container/heap"
	"context"
	"sync"
	"time"

	"github.com/convrs/profilekit"
)

// ReplayGuard remembers the delivery IDs of the requests a Verifier has
// accepted, so that a captured request, which verifies again for as long
// as its timestamp is within the tolerance, is refused the second time
// (ErrReplayed). It is the receiver's defence against replays: the
// signature proves who sent a request, not that it is the first time it
// arrives. MemoryGuard keeps the IDs in one process; a receiver running on
// several instances gives them a shared store (a Redis SET with NX and an
// expiry at expires, for instance).
type ReplayGuard interface {
	// Seen records id, the delivery ID of a request that verified at now,
	// and reports whether id was recorded before and is still remembered.
	// id must then be remembered until at least expires (after which the
	// request's timestamp is out of the tolerance, so the request is
	// refused as stale anyway). Of calls with one ID running at once, at
	// most one reports false. It is safe for concurrent use; an error (a
	// store that cannot be reached, a full one) is returned by the
	// Verifier as it is, and the request should be refused for now.
	Seen(ctx context.Context, id string, now, expires time.Time) (bool, error)
}

// ErrGuardFull reports that a MemoryGuard holds as many IDs as it may and
// none has expired: the request is refused for now (the sender retries
// later), as forgetting a remembered ID would let its request be replayed.
var ErrGuardFull = profilekit.NewError(profilekit.CodeWebhookGuardFull, "webhook: replay guard full")

// DefaultGuardSize is the most IDs a MemoryGuard remembers when
// NewMemoryGuard is given zero: at a few hundred bytes each, some tens of
// megabytes.
const DefaultGuardSize = 100_000

// MemoryGuard is a ReplayGuard in memory, for a receiver running in one
// process. It holds at most its size of IDs, dropping each once it
// expires; when it is full of IDs that have not expired, Seen returns
// ErrGuardFull. It is safe for concurrent use.
type MemoryGuard struct {
	mu   sync.Mutex
	max  int
	ids  map[string]time.Time
	byAt expiries
}

// NewMemoryGuard returns a MemoryGuard that remembers at most size IDs;
// DefaultGuardSize when size is zero or negative.
func NewMemoryGuard(size int) *MemoryGuard {
	if size <= 0 {
		size = DefaultGuardSize
	}
	return &MemoryGuard{max: size, ids: map[string]time.Time{}}
}

// Seen implements ReplayGuard.
func (g *MemoryGuard) Seen(ctx context.Context, id string, now, expires time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.byAt) > 0 && !g.byAt[0].at.After(now) {
		e := heap.Pop(&g.byAt).(expiry)
		if at, ok := g.ids[e.id]; ok && at.Equal(e.at) {
			delete(g.ids, e.id)
		}
	}
	if at, ok := g.ids[id]; ok && at.After(now) {
		return true, nil
	}
	if len(g.ids) >= g.max {
		return false, ErrGuardFull
	}
	g.ids[id] = expires
	heap.Push(&g.byAt, expiry{id: id, at: expires})
	return false, nil
}

// Len returns how many IDs g remembers, expired ones not yet dropped
// included.
func (g *MemoryGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.ids)
}

// expiry is when one ID may be forgotten.
type expiry struct {
	id string
	at time.Time
}

// expiries is a min-heap of expiries, the earliest first.
type expiries []expiry

func (h expiries) Len() int           { return len(h) }
func (h expiries) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiries) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiries) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiries) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
