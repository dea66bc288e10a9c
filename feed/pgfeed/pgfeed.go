package pgfeed

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/pglisten"
	"github.com/convrs/profilekit/internal/queue"
)

// DefaultChannel is the channel when Options.Channel is empty.
const DefaultChannel = "profilekit_feed"

// MaxMessage is the largest message the Transport carries: PostgreSQL
// refuses NOTIFY payloads of 8000 bytes or more.
const MaxMessage = 7999

// Field names used in FieldError.Field.
const (
	// FieldChannel is Options.Channel.
	FieldChannel = "channel"
	// FieldMessage is a message too large to publish.
	FieldMessage = "message"
)

// Options configures a Transport. The zero value, and a nil *Options,
// mean the defaults.
type Options struct {
	// Channel is the NOTIFY channel; DefaultChannel when empty. It follows
	// profilekit's ID rule (visible ASCII, no spaces) and is at most 63
	// bytes, PostgreSQL's limit for an identifier: LISTEN would cut a
	// longer name short, and every NOTIFY would fail.
	Channel string
}

// Transport is a feed.Transport, and a feed.BatchPublisher, on a
// PostgreSQL pool the caller opened and closes. It is safe for concurrent use; New starts no goroutine.
type Transport struct {
	pool    *pgxpool.Pool
	channel string
}

// New returns a Transport on pool. opts may be nil. A Channel that is not
// a valid channel name (see Options.Channel) returns a
// *profilekit.ValidationError on FieldChannel.
func New(pool *pgxpool.Pool, opts *Options) (*Transport, error) {
	if opts == nil {
		opts = &Options{}
	}
	t := &Transport{pool: pool, channel: cmp.Or(opts.Channel, DefaultChannel)}
	if fe := pglisten.CheckChannel(FieldChannel, t.channel); fe != nil {
		return nil, kit.Invalid(domain, *fe)
	}
	return t, nil
}

// Channel returns the NOTIFY channel.
func (t *Transport) Channel() string { return t.channel }

// MaxMessage implements feed.Transport: MaxMessage.
func (t *Transport) MaxMessage() int { return MaxMessage }

// Publish implements feed.Transport with NOTIFY. It returns once
// PostgreSQL has accepted the notification. A msg over MaxMessage bytes
// returns a *profilekit.ValidationError (code payload.too_large on
// FieldMessage, matching feed.ErrTooLarge), as a Feed's Publish does.
func (t *Transport) Publish(ctx context.Context, msg []byte) error {
	if err := tooLarge(msg); err != nil {
		return err
	}
	if _, err := t.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, t.channel, string(msg)); err != nil {
		return fmt.Errorf("pgfeed: publish: %w", poolError(ctx, err))
	}
	return nil
}

// PublishBatch implements feed.BatchPublisher: one statement NOTIFYs every
// message, in order, in one transaction, so a Feed under load pays one
// round trip and one commit for up to feed.MaxBatch events instead of one
// each. A message over MaxMessage bytes refuses the whole batch, with the
// error Publish gives for it, and sends nothing. PostgreSQL delivers
// identical payloads sent in one transaction once; a Feed's messages never
// are (each has its own sequence number).
func (t *Transport) PublishBatch(ctx context.Context, msgs [][]byte) error {
	payloads := make([]string, len(msgs))
	for i, msg := range msgs {
		if err := tooLarge(msg); err != nil {
			return err
		}
		payloads[i] = string(msg)
	}
	// unnest yields the array in order, and the notifications of one
	// transaction are delivered in the order they were sent.
	if _, err := t.pool.Exec(ctx, `SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m`, t.channel, payloads); err != nil {
		return fmt.Errorf("pgfeed: publish: %w", poolError(ctx, err))
	}
	return nil
}

// tooLarge returns the *profilekit.ValidationError of a msg over
// MaxMessage bytes, or nil.
func tooLarge(msg []byte) error {
	if len(msg) <= MaxMessage {
		return nil
	}
	var c kit.Collector
	c.Add(kit.TooLarge(FieldMessage, len(msg), MaxMessage))
	c.Because(feed.ErrTooLarge)
	return c.Err(domain)
}

// poolError adds ctx.Err() to err when ctx ended, and profilekit.ErrClosed
// when the pool is closed (the Feed then stops listening for good).
func poolError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if errors.Is(err, puddle.ErrClosedPool) {
		return kit.Closed("pool closed", err)
	}
	return err
}

// Listen implements feed.Transport: it takes a connection out of the pool
// and LISTENs on it before it returns. The Listener ends when ctx is done,
// it is closed, or the connection fails (Err then wraps the failure; the
// Feed listens again). On a closed pool it fails with an error matching
// profilekit.ErrClosed, which ends the Feed's subscriptions.
func (t *Transport) Listen(ctx context.Context) (feed.Listener, error) {
	conn, err := pglisten.Take(ctx, t.pool)
	if err != nil {
		return nil, fmt.Errorf("pgfeed: listen: %w", poolError(ctx, err))
	}
	if err := pglisten.Listen(ctx, conn, t.channel); err != nil {
		return nil, fmt.Errorf("pgfeed: listen: %w", poolError(ctx, err))
	}
	q := queue.Start[[]byte](ctx, queue.Options{
		Context: func(err error) error { return fmt.Errorf("pgfeed: listener: %w", err) },
		Closed:  kit.Closed("pgfeed: listener closed"),
	})
	go receive(q, conn)
	return q, nil
}

// receive queues the payloads of conn's notifications until q ends or the
// connection fails, then closes conn.
func receive(q *queue.Queue[[]byte], conn *pgx.Conn) {
	defer pglisten.Close(conn)
	ctx := q.Context()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			q.End(fmt.Errorf("pgfeed: listener: connection lost: %w", err)) // nothing when q ended first
			return
		}
		if !q.Push([]byte(n.Payload)) {
			return
		}
	}
}

var _ feed.BatchPublisher = (*Transport)(nil)
