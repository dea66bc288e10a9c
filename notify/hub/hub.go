package hub

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// DefaultBuffer is a subscription's buffer when Options.Buffer is zero.
const DefaultBuffer = 64

// Options configures a Hub. The zero value, and a nil *Options, mean the
// defaults.
type Options struct {
	// Buffer is how many Notifications a subscription holds for its reader
	// before it drops the oldest; DefaultBuffer when zero or negative.
	Buffer int
}

// Hub delivers Notifications to the subscriptions of their agent. It is a
// notify.Notifier and is safe for concurrent use. New makes one; it starts
// no goroutines.
type Hub struct {
	buffer int

	mu     sync.RWMutex
	agents map[string]map[*Subscription]struct{}
	subs   int
	closed bool

	notified  atomic.Uint64
	delivered atomic.Uint64
	dropped   atomic.Uint64
}

// New returns an empty Hub. opts may be nil.
func New(opts *Options) *Hub {
	h := &Hub{buffer: DefaultBuffer, agents: make(map[string]map[*Subscription]struct{})}
	if opts != nil && opts.Buffer > 0 {
		h.buffer = opts.Buffer
	}
	return h
}

// Stats are a Hub's counts since New.
type Stats struct {
	// Subscriptions is the number of open subscriptions.
	Subscriptions int `json:"subscriptions"`
	// Notified counts the Notifications given to Notify.
	Notified uint64 `json:"notified"`
	// Delivered counts the Notifications put in a subscription's buffer,
	// once per subscription.
	Delivered uint64 `json:"delivered"`
	// Dropped counts the Notifications dropped from full buffers.
	Dropped uint64 `json:"dropped"`
}

// Stats returns the Hub's counts.
func (h *Hub) Stats() Stats {
	h.mu.RLock()
	subs := h.subs
	h.mu.RUnlock()
	return Stats{
		Subscriptions: subs,
		Notified:      h.notified.Load(),
		Delivered:     h.delivered.Load(),
		Dropped:       h.dropped.Load(),
	}
}

// Notify puts n in the buffer of every subscription of n.AgentID, dropping
// a full buffer's oldest Notification to make room. It never blocks on a
// reader. It fails, delivering nothing, when ctx is done (wrapping
// ctx.Err()) and after Close (wrapping notify.ErrClosed). Each
// subscription gets its own copy of n.Preferences.
func (h *Hub) Notify(ctx context.Context, n notify.Notification) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("hub: notify %s: %w", kit.QuoteID(n.AgentID), err)
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return fmt.Errorf("hub: notify %s: %w", kit.QuoteID(n.AgentID), notify.ErrClosed)
	}
	h.notified.Add(1)
	for s := range h.agents[n.AgentID] {
		m := n
		if n.Preferences != nil {
			p := n.Preferences.Clone()
			m.Preferences = &p
		}
		if s.put(m) {
			h.dropped.Add(1)
		}
		h.delivered.Add(1)
	}
	return nil
}

// Subscribe returns a new subscription to the agent's Notifications. It
// ends when ctx is done, when Close is called on it, or when the Hub
// closes; its channel is then closed and Err says which. An agent may have any number of
// subscriptions (one per open page), each with a buffer of its own. An ID
// that fails profilekit.CheckID returns a *profilekit.ValidationError.
func (h *Hub) Subscribe(ctx context.Context, agentID string) (*Subscription, error) {
	if fe := profilekit.CheckID(notify.FieldAgentID, agentID); fe != nil {
		return nil, kit.Invalid(domain, *fe)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("hub: subscribe %s: %w", kit.QuoteID(agentID), err)
	}
	s := &Subscription{hub: h, agent: agentID, ch: make(chan notify.Notification, h.buffer)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, fmt.Errorf("hub: subscribe %s: %w", kit.QuoteID(agentID), notify.ErrClosed)
	}
	set := h.agents[agentID]
	if set == nil {
		set = make(map[*Subscription]struct{})
		h.agents[agentID] = set
	}
	set[s] = struct{}{}
	h.subs++
	h.mu.Unlock()
	// The callback may run before AfterFunc returns (ctx ended since the
	// check above), so it must not read s.stop: it calls finish, which
	// does not, and only Close, which the caller can reach once Subscribe
	// returns, stops it.
	s.stop = context.AfterFunc(ctx, func() { s.finish(fmt.Errorf("hub: subscription: %w", ctx.Err())) })
	return s, nil
}

// The errors of ended subscriptions, which match both notify.ErrClosed
// and profilekit.ErrClosed.
var (
	errSubscriptionClosed = kit.Closed("hub: subscription closed", notify.ErrClosed)
	errHubClosed          = kit.Closed("hub: closed", notify.ErrClosed)
)

// Close ends every subscription and makes later calls of Notify and
// Subscribe fail with an error wrapping notify.ErrClosed. It returns nil.
func (h *Hub) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	for _, set := range h.agents {
		for s := range set {
			s.end(errHubClosed)
		}
	}
	h.agents, h.subs = nil, 0
	return nil
}

// Subscription is one reader of an agent's Notifications. It has the
// shape of every subscription in profilekit: read C until it is closed,
// then Err says why; Close ends it. It is safe for concurrent use.
type Subscription struct {
	hub   *Hub
	agent string
	ch    chan notify.Notification
	stop  func() bool

	mu      sync.Mutex // serialises put and end
	ended   bool
	err     error
	dropped atomic.Uint64
}

// C returns the channel the Notifications arrive on, oldest first. It is
// closed when the subscription ends.
func (s *Subscription) C() <-chan notify.Notification { return s.ch }

// AgentID returns the agent subscribed to.
func (s *Subscription) AgentID() string { return s.agent }

// Dropped returns how many Notifications this subscription lost because
// its buffer was full.
func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

// Err returns nil while the subscription is live, and then why it ended:
// an error wrapping its context's error, or one matching notify.ErrClosed
// and profilekit.ErrClosed after Close or the Hub's Close.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription and closes C. Closing twice does nothing.
// It returns nil.
func (s *Subscription) Close() error {
	if s.stop != nil {
		s.stop()
	}
	s.finish(errSubscriptionClosed)
	return nil
}

// finish removes s from its hub and ends it with err, unless it ended. It
// is the context's callback too, so it must not touch s.stop, which
// Subscribe may be writing while it runs.
func (s *Subscription) finish(err error) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if set, ok := h.agents[s.agent]; ok {
		if _, ok := set[s]; ok {
			delete(set, s)
			h.subs--
			if len(set) == 0 {
				delete(h.agents, s.agent)
			}
		}
	}
	s.end(err)
}

// end closes the channel once, recording err. The caller holds the hub's
// lock for writing, so no put is running.
func (s *Subscription) end(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended {
		s.ended, s.err = true, err
		close(s.ch)
	}
}

// put adds n to the buffer, dropping the oldest Notification when the
// buffer is full, and reports whether one was dropped. The caller holds
// the hub's lock for reading, so the channel is open.
func (s *Subscription) put(n notify.Notification) (dropped bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		select {
		case s.ch <- n:
			return dropped
		default:
		}
		select {
		case <-s.ch:
			dropped = true
			s.dropped.Add(1)
		default: // the reader took one meanwhile: try again
		}
	}
}
