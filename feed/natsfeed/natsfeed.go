package natsfeed

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/queue"
)

// DefaultSubject is the subject when Options.Subject is empty.
const DefaultSubject = "profilekit.feed"

// FlushTimeout bounds Listen's wait for the server to confirm the
// subscription, when Listen's context has no deadline.
const FlushTimeout = 10 * time.Second

// Options configures a Transport. The zero value, and a nil *Options,
// mean the defaults.
type Options struct {
	// Subject carries every event; DefaultSubject when empty.
	Subject string
}

// Transport is a feed.Transport on a NATS connection the caller opened
// and closes. It is safe for concurrent use; New starts no goroutine.
type Transport struct {
	conn    *nats.Conn
	subject string
}

// New returns a Transport on conn. opts may be nil.
func New(conn *nats.Conn, opts *Options) *Transport {
	if opts == nil {
		opts = &Options{}
	}
	return &Transport{conn: conn, subject: cmp.Or(opts.Subject, DefaultSubject)}
}

// Subject returns the subject.
func (t *Transport) Subject() string { return t.subject }

// MaxMessage implements feed.Transport: the server's max_payload.
func (t *Transport) MaxMessage() int { return int(t.conn.MaxPayload()) }

// Publish implements feed.Transport. It returns once the message is in the
// connection's buffer (while it reconnects, in its reconnect buffer), not
// when it is delivered. A closed connection returns an error matching
// profilekit.ErrClosed.
func (t *Transport) Publish(ctx context.Context, msg []byte) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("natsfeed: publish: %w", err)
	}
	if err := t.conn.Publish(t.subject, msg); err != nil {
		return fmt.Errorf("natsfeed: publish: %w", natsError(err))
	}
	return nil
}

// natsError adds profilekit.ErrClosed to the error of a closed connection.
func natsError(err error) error {
	if errors.Is(err, nats.ErrConnectionClosed) {
		return kit.Closed("natsfeed: connection closed", err)
	}
	return err
}

// errDisconnected ends a Listener whose connection dropped.
var errDisconnected = errors.New("natsfeed: listener: disconnected")

// Listen implements feed.Transport: it subscribes and returns once the
// server has the subscription. It fails while the connection is down (the
// Feed tries again). The Listener ends when ctx is done, it is closed, or
// the connection drops (the Feed listens again) or closes (Err matches
// profilekit.ErrClosed).
func (t *Transport) Listen(ctx context.Context) (feed.Listener, error) {
	status := t.conn.StatusChanged(nats.DISCONNECTED, nats.RECONNECTING, nats.CLOSED)
	if t.conn.IsClosed() {
		t.conn.RemoveStatusListener(status)
		return nil, fmt.Errorf("natsfeed: listen: %w", natsError(nats.ErrConnectionClosed))
	}
	if !t.conn.IsConnected() {
		t.conn.RemoveStatusListener(status)
		return nil, fmt.Errorf("natsfeed: listen: %w", errDisconnected)
	}
	q := queue.Start[[]byte](ctx, queue.Options{
		Context: func(err error) error { return fmt.Errorf("natsfeed: listener: %w", err) },
		Closed:  kit.Closed("natsfeed: listener closed"),
	})
	sub, err := t.conn.Subscribe(t.subject, func(m *nats.Msg) { q.Push(m.Data) })
	if err == nil {
		fctx, cancel := ctx, context.CancelFunc(func() {})
		if _, ok := ctx.Deadline(); !ok {
			fctx, cancel = context.WithTimeout(ctx, FlushTimeout)
		}
		err = t.conn.FlushWithContext(fctx)
		cancel()
	}
	if err != nil {
		q.End(err)
		if sub != nil {
			_ = sub.Unsubscribe()
		}
		t.conn.RemoveStatusListener(status)
		return nil, fmt.Errorf("natsfeed: listen: %w", natsError(err))
	}
	go func() {
		defer t.conn.RemoveStatusListener(status)
		defer func() { _ = sub.Unsubscribe() }()
		select {
		case s := <-status:
			if s == nats.CLOSED {
				q.End(natsError(nats.ErrConnectionClosed))
			} else {
				q.End(errDisconnected)
			}
		case <-q.Context().Done():
		}
	}()
	return q, nil
}

var _ feed.Transport = (*Transport)(nil)
