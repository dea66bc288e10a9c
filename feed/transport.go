package feed

import (
	"context"
	"fmt"
	"sync"

	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/queue"
)

// Transport carries a Feed's messages to the Feeds of every instance: an
// in-process Local, feed/pgfeed (PostgreSQL LISTEN/NOTIFY) or
// feed/natsfeed (NATS). A program hands one to New and calls none of its
// methods; they are for the Feed. feed/feedtest.RunTransport checks an
// implementation. Implementations must be safe for concurrent use.
type Transport interface {
	// Publish sends msg to every Listener of the transport, on every
	// instance, this one's included. It may return before delivery. A
	// Feed publishes one message at a time, waiting for each Publish to
	// return; every Listener must receive one Feed's messages in that
	// order. A message that cannot be sent is lost (at most once); Publish
	// then returns why.
	Publish(ctx context.Context, msg []byte) error
	// Listen starts receiving the messages published after it returns,
	// until ctx is done, the Listener is closed or the transport fails:
	// Err then says which. An Err matching profilekit.ErrClosed means the
	// transport can never listen again; after any other the Feed calls
	// Listen again (and tells its subscribers that messages may be lost).
	Listen(ctx context.Context) (Listener, error)
	// MaxMessage returns the largest message Publish carries, in bytes,
	// or 0 when there is no limit.
	MaxMessage() int
}

// BatchPublisher is a Transport that can send several messages in one go,
// as feed/pgfeed does (one statement, one transaction, one round trip for
// the lot): when messages wait in a Feed's outbox, the Feed hands up to
// MaxBatch of them to PublishBatch instead of calling Publish for each.
// Under load this keeps the transport's cost per event low. It is an
// optional interface of a Transport, detected with a type assertion.
type BatchPublisher interface {
	Transport
	// PublishBatch sends msgs, in order, as len(msgs) calls of Publish
	// would: every Listener receives them in that order, after the
	// messages published before. Each message is at most MaxMessage
	// bytes. It sends all of them or, when it returns an error, none.
	PublishBatch(ctx context.Context, msgs [][]byte) error
}

// MaxBatch is the most messages a Feed hands to one
// BatchPublisher.PublishBatch.
const MaxBatch = 64

// Listener receives a Transport's messages. It has the shape of every
// subscription in profilekit.
type Listener interface {
	// C returns the channel the messages arrive on; it is closed when the
	// Listener ends.
	C() <-chan []byte
	// Err returns nil while the Listener is live, then why it ended.
	Err() error
	// Close ends the Listener and returns once C is closed. Closing twice
	// does nothing.
	Close() error
}

// Local is the in-process Transport: every Feed made on one Local value
// hears every other, within one process. It suits tests and a service
// that runs as a single instance. Nothing is lost: each Listener queues
// what its Feed has not taken yet. The zero value is ready; a Local is
// safe for concurrent use.
type Local struct {
	mu        sync.Mutex
	listeners map[*queue.Queue[[]byte]]struct{}
}

// NewLocal returns a new, empty Local.
func NewLocal() *Local { return &Local{} }

// Publish implements Transport: it queues msg for every Listener and never
// blocks on one.
func (l *Local) Publish(ctx context.Context, msg []byte) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("feed: local publish: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for q := range l.listeners {
		q.Push(msg)
	}
	return nil
}

// Listen implements Transport.
func (l *Local) Listen(ctx context.Context) (Listener, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("feed: local listen: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var q *queue.Queue[[]byte]
	q = queue.Start[[]byte](ctx, queue.Options{
		Context: func(err error) error { return fmt.Errorf("feed: local listener: %w", err) },
		Closed:  kit.Closed("feed: local listener closed"),
		OnEnd: func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			delete(l.listeners, q)
		},
	})
	if l.listeners == nil {
		l.listeners = make(map[*queue.Queue[[]byte]]struct{})
	}
	l.listeners[q] = struct{}{}
	return q, nil
}

// MaxMessage implements Transport: a Local has no limit.
func (l *Local) MaxMessage() int { return 0 }

var _ Transport = (*Local)(nil)
