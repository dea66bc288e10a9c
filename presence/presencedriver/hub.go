package presencedriver

import (
	"context"
	"fmt"
	"sync"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/queue"
	"github.com/convrs/profilekit/presence"
)

// Subscription is the presence.Subscription every adapter returns: the
// adapter pushes the Records of its feed (Push) and the Subscription queues
// them without bound, handing them to the reader on C in the order they
// were pushed, from a goroutine of its own, so that neither a writer nor
// the adapter's reading of its backend ever waits for a slow reader. It
// ends when the context given to Hub.Subscribe is done (Err wraps its
// error), when the reader closes it (Err matches profilekit.ErrClosed),
// when the Hub closes (the store was closed: Err matches
// profilekit.ErrClosed) or when the adapter ends it with End (its feed
// failed); what was still queued is then dropped. It is safe for
// concurrent use.
type Subscription struct {
	q           *queue.Queue[presence.Record]
	storeClosed error // Err when the Hub closes
}

// C implements presence.Subscription.
func (s *Subscription) C() <-chan presence.Record { return s.q.C() }

// Err implements presence.Subscription.
func (s *Subscription) Err() error { return s.q.Err() }

// Close implements presence.Subscription: it ends the subscription and
// returns once C is closed. Closing twice does nothing.
func (s *Subscription) Close() error { return s.q.Close() }

// Push queues r for the reader. It reports false once the subscription has
// ended: the adapter's producer then stops.
func (s *Subscription) Push(r presence.Record) bool { return s.q.Push(r) }

// End ends the subscription with err, the feed's failure, unless it has
// ended already. It does not wait.
func (s *Subscription) End(err error) { s.q.End(err) }

// Context returns a context that is done once the subscription has ended,
// whatever the reason: the adapter passes it to its blocking reads (a
// LISTEN, a pub/sub receive, a poll) so that they stop with it.
func (s *Subscription) Context() context.Context { return s.q.Context() }

// Hub is the set of an adapter's live presence subscriptions, and an
// in-process presence.ChangeFeed for adapters whose writers all live in
// one process (storage/memory uses it that way: the adapter calls Publish
// with each Record a write returns, while still holding whatever
// serialises writes to that agent, and hands SubscribePresence through).
// Adapters whose feed comes from their backend (a change log, LISTEN,
// pub/sub) take each subscription from Subscribe and feed it themselves;
// either way Close, called from the store's Close, ends them all.
//
// Publish never blocks on a subscriber: each subscription buffers what
// its reader has not taken yet, so a reader that stops reading grows its
// buffer until it is closed or its context ends.
//
// The zero Hub is ready to use. A Hub is safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
}

// Publish pushes r to every live subscription.
func (h *Hub) Publish(r presence.Record) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		s.Push(r)
	}
}

// Subscribe starts a subscription that lives until ctx is done, the reader
// closes it, the adapter ends it or the Hub closes; it leaves the Hub as
// it ends. name starts the errors it reports ("sqlite: presence feed:
// context canceled"); empty leaves them bare. Subscribe fails wrapping
// ctx.Err() when ctx is done and profilekit.ErrClosed after Close.
func (h *Hub) Subscribe(ctx context.Context, name string) (*Subscription, error) {
	wrap := func(err error) error {
		if name == "" {
			return err
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, wrap(err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, wrap(profilekit.ErrClosed)
	}
	closed := "subscription closed"
	if name != "" {
		closed = name + ": " + closed
	}
	s := &Subscription{storeClosed: wrap(profilekit.ErrClosed)}
	s.q = queue.Start[presence.Record](ctx, queue.Options{
		Context: wrap,
		Closed:  kit.Closed(closed),
		OnEnd:   func() { h.remove(s) },
	})
	if h.subs == nil {
		h.subs = make(map[*Subscription]struct{})
	}
	h.subs[s] = struct{}{}
	return s, nil
}

// SubscribePresence implements presence.ChangeFeed with Subscribe: its
// errors are bare, for the adapter to wrap.
func (h *Hub) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	s, err := h.Subscribe(ctx, "")
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Close ends every subscription, whose Err then matches
// profilekit.ErrClosed, and makes later subscriptions fail. Publish after
// Close delivers nothing. Closing twice does nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for s := range h.subs {
		s.End(s.storeClosed)
	}
	h.subs = nil
}

// Len returns the number of live subscriptions.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// remove forgets s.
func (h *Hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s)
}
