package presencedriver

import (
	"context"
	"sync"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
)

// errHubClosed ends the subscriptions of a closed Hub: the adapter's store
// was closed.
var errHubClosed = profilekit.ErrClosed

// Hub is an in-process presence.ChangeFeed for adapters whose writers all
// live in one process (storage/memory uses it): the adapter calls Publish with each
// Record a write returns, while still holding whatever serialises writes to
// that agent, and hands SubscribePresence through.
//
// Publish never blocks on a subscriber: each subscription buffers what its
// reader has not taken yet, so a reader that stops reading grows its
// buffer until its context ends.
//
// The zero Hub is ready to use. A Hub is safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	subs   map[*hubSubscription]struct{}
	closed bool
}

// Publish delivers r to every current subscription.
func (h *Hub) Publish(r presence.Record) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		s.push(r)
	}
}

// SubscribePresence implements presence.ChangeFeed. The subscription's
// goroutine ends when ctx is done or the Hub is closed. Its errors (ctx.Err()
// or the Hub being closed) carry no context: the adapter adds its own.
func (h *Hub) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &hubSubscription{
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
		out:  make(chan presence.Record),
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errHubClosed
	}
	if h.subs == nil {
		h.subs = make(map[*hubSubscription]struct{})
	}
	h.subs[s] = struct{}{}
	go s.pump(ctx, h)
	return s, nil
}

// Close ends every subscription, whose Err then matches
// profilekit.ErrClosed, and makes later subscriptions fail. Publish after
// Close delivers nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for s := range h.subs {
		close(s.stop)
	}
	h.subs = nil
}

// remove forgets s.
func (h *Hub) remove(s *hubSubscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s)
}

// hubSubscription is one subscriber's unbounded queue and the goroutine
// that feeds it to the reader.
type hubSubscription struct {
	wake chan struct{} // signalled when queue grows; capacity 1
	stop chan struct{} // closed by Hub.Close
	out  chan presence.Record

	mu    sync.Mutex
	queue []presence.Record
	err   error
}

// Records implements presence.Subscription.
func (s *hubSubscription) Records() <-chan presence.Record { return s.out }

// Err implements presence.Subscription.
func (s *hubSubscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// push appends r and wakes the pump.
func (s *hubSubscription) push(r presence.Record) {
	s.mu.Lock()
	s.queue = append(s.queue, r)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pump moves queued Records to out, in order, until ctx is done or the hub
// closes the subscription.
func (s *hubSubscription) pump(ctx context.Context, h *Hub) {
	err := s.run(ctx)
	h.remove(s)
	s.mu.Lock()
	s.err = err
	s.queue = nil
	s.mu.Unlock()
	close(s.out)
}

// run delivers the queue until the subscription ends, returning why.
func (s *hubSubscription) run(ctx context.Context) error {
	for {
		s.mu.Lock()
		batch := s.queue
		s.queue = nil
		s.mu.Unlock()
		for _, r := range batch {
			select {
			case s.out <- r:
			case <-ctx.Done():
				return ctx.Err()
			case <-s.stop:
				return errHubClosed
			}
		}
		select {
		case <-s.wake:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.stop:
			return errHubClosed
		}
	}
}
