package natsnotify

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/nats-io/nats.go"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// DefaultPrefix starts every subject when Options.Prefix is empty.
const DefaultPrefix = "profilekit.notify"

// Options configures a Notifier. The zero value, and a nil *Options, mean
// the defaults.
type Options struct {
	// Prefix starts every subject; DefaultPrefix when empty. Services that
	// share a NATS server but not their agents use different prefixes.
	Prefix string
}

// Notifier publishes Notifications on NATS and subscribes to them. It is a
// notify.Notifier and is safe for concurrent use. It uses a connection the
// caller opened and closes; New starts no goroutines.
type Notifier struct {
	conn   *nats.Conn
	prefix string
}

// New returns a Notifier on conn. opts may be nil.
func New(conn *nats.Conn, opts *Options) *Notifier {
	if opts == nil {
		opts = &Options{}
	}
	return &Notifier{conn: conn, prefix: strings.TrimSuffix(cmp.Or(opts.Prefix, DefaultPrefix), ".")}
}

// Subject returns the subject of the agent's Notifications.
func (n *Notifier) Subject(agentID string) string {
	return n.prefix + ".agent." + base64.RawURLEncoding.EncodeToString([]byte(agentID))
}

// Notify publishes note on its agent's subject. It returns once the
// message is in the connection's buffer (while the connection reconnects,
// in its reconnect buffer), not when it is delivered. An agent ID that
// fails profilekit.CheckID returns a *profilekit.ValidationError; a closed
// connection an error wrapping notify.ErrClosed.
func (n *Notifier) Notify(ctx context.Context, note notify.Notification) error {
	if fe := profilekit.CheckID(notify.FieldAgentID, note.AgentID); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("natsnotify: publish to %s: %w", kit.QuoteID(note.AgentID), err)
	}
	data, err := json.Marshal(note)
	if err != nil {
		return fmt.Errorf("natsnotify: encode notification: %w", err)
	}
	if err := n.conn.Publish(n.Subject(note.AgentID), data); err != nil {
		return fmt.Errorf("natsnotify: publish to %s: %w", kit.QuoteID(note.AgentID), natsError(err))
	}
	return nil
}

// natsError adds notify.ErrClosed to the error of a closed connection.
func natsError(err error) error {
	if errors.Is(err, nats.ErrConnectionClosed) {
		return fmt.Errorf("%w: %w", notify.ErrClosed, err)
	}
	return err
}

// Relay subscribes to every agent's subject and hands each Notification
// that arrives to to, typically the instance's hub. It returns once the
// server has the subscription. Every instance runs one Relay (not in a
// queue group: each instance needs every Notification). It ends when ctx
// is done, Close is called or the connection closes.
func (n *Notifier) Relay(ctx context.Context, to notify.Notifier) (*Subscription, error) {
	return n.subscribe(ctx, n.prefix+".agent.*", "", to)
}

// Subscribe hands the Notifications of one agent to to, from when it
// returns until ctx is done, Close is called or the connection closes. An agent ID that fails profilekit.CheckID returns a
// *profilekit.ValidationError.
func (n *Notifier) Subscribe(ctx context.Context, agentID string, to notify.Notifier) (*Subscription, error) {
	if fe := profilekit.CheckID(notify.FieldAgentID, agentID); fe != nil {
		return nil, kit.Invalid(domain, *fe)
	}
	return n.subscribe(ctx, n.Subject(agentID), agentID, to)
}

// subscribe subscribes to subject; agentID, when not empty, is the only
// agent its messages may be about.
func (n *Notifier) subscribe(ctx context.Context, subject, agentID string, to notify.Notifier) (*Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("natsnotify: subscribe: %w", err)
	}
	s := &Subscription{done: make(chan struct{})}
	sub, err := n.conn.Subscribe(subject, func(m *nats.Msg) { s.handle(ctx, n, m, agentID, to) })
	if err == nil {
		err = n.flush(ctx)
		if err != nil {
			_ = sub.Unsubscribe()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("natsnotify: subscribe: %w", natsError(err))
	}
	s.sub = sub
	// NATS calls the handler once the subscription has ended, whether it
	// was unsubscribed or its connection closed, after the last message.
	sub.SetClosedHandler(func(string) { s.finish() })
	if !sub.IsValid() {
		s.finish() // ended before the handler was set
	}
	s.stop = context.AfterFunc(ctx, func() {
		s.end(fmt.Errorf("natsnotify: subscription: %w", ctx.Err()))
	})
	return s, nil
}

// FlushTimeout bounds the wait of Relay and Subscribe for the server to
// confirm the subscription, when their context has no deadline.
const FlushTimeout = 10 * time.Second

// flush waits until the server has what was sent so far: a subscription
// then receives whatever is published after it returns.
func (n *Notifier) flush(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, FlushTimeout)
		defer cancel()
	}
	return n.conn.FlushWithContext(ctx)
}

// The errors of ended subscriptions, which match both notify.ErrClosed
// and profilekit.ErrClosed.
var (
	errSubscriptionClosed = kit.Closed("natsnotify: subscription closed", notify.ErrClosed)
	errConnectionClosed   = kit.Closed("natsnotify: connection closed", notify.ErrClosed, nats.ErrConnectionClosed)
)

// Subscription is a running Relay or Subscribe, forwarding into a
// Notifier. It has the shape of every subscription in profilekit but for
// C, since what it receives goes to that Notifier: Done is closed when it
// ends (its context ended, Close, or the connection closed for good), Err
// then says why, and Close ends it. While the connection reconnects it
// stays live. It is safe for concurrent use.
type Subscription struct {
	sub  *nats.Subscription
	stop func() bool
	done chan struct{}

	mu     sync.Mutex
	reason error // why it is ending, set by the first of end and finish
	err    error // Err, set when done closes
	ended  bool

	received  atomic.Uint64
	malformed atomic.Uint64
	failed    atomic.Uint64
}

// end unsubscribes, recording why unless a reason is known.
func (s *Subscription) end(reason error) {
	s.mu.Lock()
	if s.reason == nil {
		s.reason = reason
	}
	s.mu.Unlock()
	_ = s.sub.Unsubscribe()
}

// finish marks the subscription ended, once: with the recorded reason,
// or, when there is none, because its connection closed.
func (s *Subscription) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	s.ended = true
	s.err = s.reason
	if s.err == nil {
		s.err = errConnectionClosed
	}
	close(s.done)
}

// Done returns a channel that is closed when the subscription has ended.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Err returns nil while the subscription is live, and then why it ended:
// an error wrapping its context's error, or one matching notify.ErrClosed
// and profilekit.ErrClosed after Close or once the connection closed.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Stats are a Subscription's counts.
type Stats struct {
	// Received counts the Notifications handed on.
	Received uint64 `json:"received"`
	// Malformed counts messages that were not a Notification for the
	// subject's agent, and were dropped.
	Malformed uint64 `json:"malformed"`
	// Failed counts the Notifications whose hand-on returned an error.
	Failed uint64 `json:"failed"`
	// Dropped counts the messages the NATS client dropped because the
	// handler fell too far behind (a slow consumer).
	Dropped uint64 `json:"dropped"`
}

// Stats returns the Subscription's counts.
func (s *Subscription) Stats() Stats {
	st := Stats{Received: s.received.Load(), Malformed: s.malformed.Load(), Failed: s.failed.Load()}
	if d, err := s.sub.Dropped(); err == nil && d > 0 {
		st.Dropped = uint64(d)
	}
	return st
}

// Close unsubscribes and returns once the subscription has ended.
// Closing twice does nothing. It returns nil.
func (s *Subscription) Close() error {
	s.stop()
	s.end(errSubscriptionClosed)
	<-s.done
	return nil
}

// handle decodes one message and hands it on. NATS calls it for one
// subscription at a time, so an agent's Notifications keep their order.
func (s *Subscription) handle(ctx context.Context, n *Notifier, m *nats.Msg, agentID string, to notify.Notifier) {
	var note notify.Notification
	if err := json.Unmarshal(m.Data, &note); err != nil || !kit.ValidID(note.AgentID) ||
		(agentID != "" && note.AgentID != agentID) || m.Subject != n.Subject(note.AgentID) {
		s.malformed.Add(1)
		return
	}
	s.received.Add(1)
	if err := to.Notify(ctx, note); err != nil {
		s.failed.Add(1)
	}
}
