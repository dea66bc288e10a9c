package pgnotify

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/pglisten"
	"github.com/convrs/profilekit/notify"
)

// DefaultChannel is the channel when Options.Channel is empty.
const DefaultChannel = "profilekit_notify"

// DefaultRetryWait is the wait between reconnection attempts when
// Options.RetryWait is zero.
const DefaultRetryWait = time.Second

// MaxPayload is the largest Notification that Notify sends, in bytes of
// the JSON it sends: PostgreSQL refuses payloads of 8000 bytes or more.
const MaxPayload = 7999

// Field names used in FieldError.Field, beside notify's.
const (
	// FieldChannel is Options.Channel.
	FieldChannel = "channel"
	// FieldNotification is a Notification too large to send.
	FieldNotification = "notification"
)

// Options configures a Notifier. The zero value, and a nil *Options, mean
// the defaults.
type Options struct {
	// Channel is the NOTIFY channel; DefaultChannel when empty. Services
	// that share a database but not their agents use different channels.
	// It follows profilekit's ID rule (visible ASCII, no spaces) and is at
	// most 63 bytes, PostgreSQL's limit for an identifier: LISTEN would
	// cut a longer name short, and every Notify would fail.
	Channel string
	// RetryWait is how long a Relay waits before reconnecting after its
	// connection fails; DefaultRetryWait when zero.
	RetryWait time.Duration
}

// Notifier sends Notifications with NOTIFY and relays them with LISTEN. It
// is a notify.Notifier and is safe for concurrent use. It uses a pool the
// caller opened and closes; New starts no goroutines.
type Notifier struct {
	pool      *pgxpool.Pool
	channel   string
	retryWait time.Duration
}

// New returns a Notifier on pool. opts may be nil. A Channel that is not a
// valid channel name (see Options.Channel) returns a
// *profilekit.ValidationError on FieldChannel.
func New(pool *pgxpool.Pool, opts *Options) (*Notifier, error) {
	if opts == nil {
		opts = &Options{}
	}
	n := &Notifier{pool: pool, channel: cmp.Or(opts.Channel, DefaultChannel), retryWait: opts.RetryWait}
	if fe := pglisten.CheckChannel(FieldChannel, n.channel); fe != nil {
		return nil, kit.Invalid(domain, *fe)
	}
	if n.retryWait <= 0 {
		n.retryWait = DefaultRetryWait
	}
	return n, nil
}

// Notify sends note on the channel. It returns once PostgreSQL has
// accepted it; listeners get it at once (NOTIFY outside a transaction
// commits by itself). An agent ID that fails profilekit.CheckID, and a
// Notification whose JSON is over MaxPayload bytes
// (profilekit.CodePayloadTooLarge on FieldNotification), return a
// *profilekit.ValidationError and send nothing; a done ctx an error
// wrapping ctx.Err(); a closed pool an error wrapping notify.ErrClosed.
func (n *Notifier) Notify(ctx context.Context, note notify.Notification) error {
	if fe := profilekit.CheckID(notify.FieldAgentID, note.AgentID); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	payload, err := json.Marshal(note)
	if err != nil {
		return fmt.Errorf("pgnotify: encode notification: %w", err)
	}
	// PostgreSQL counts the bytes of the payload string, which are those
	// of the JSON sent below, escapes (\u003c for "<") included.
	if len(payload) > MaxPayload {
		return kit.Invalid(domain, kit.TooLarge(FieldNotification, len(payload), MaxPayload))
	}
	if _, err := n.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, n.channel, string(payload)); err != nil {
		return fmt.Errorf("pgnotify: notify %s: %w", kit.QuoteID(note.AgentID), poolError(ctx, err))
	}
	return nil
}

// poolError adds ctx.Err() to err when ctx ended, and notify.ErrClosed
// when the pool is closed.
func poolError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if errors.Is(err, puddle.ErrClosedPool) {
		return kit.Closed("pool closed", notify.ErrClosed, err)
	}
	return err
}

// Relay listens on the channel with a connection of its own, taken out of
// the pool, and hands each Notification to to, typically the instance's
// hub. It returns once it listens. Its goroutine reconnects when the
// connection fails and ends when ctx is done or Close is called.
func (n *Notifier) Relay(ctx context.Context, to notify.Notifier) (*Relay, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgnotify: relay: %w", err)
	}
	conn, err := n.listen(ctx)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	r := &Relay{n: n, to: to, cancel: cancel, done: make(chan struct{})}
	go r.run(ctx, runCtx, conn)
	return r, nil
}

// listen takes a connection out of the pool and listens on it.
func (n *Notifier) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pglisten.Take(ctx, n.pool)
	if err != nil {
		return nil, fmt.Errorf("pgnotify: listen: %w", poolError(ctx, err))
	}
	if err := pglisten.Listen(ctx, conn, n.channel); err != nil {
		return nil, fmt.Errorf("pgnotify: listen: %w", poolError(ctx, err))
	}
	return conn, nil
}

// errRelayClosed is a Relay's Err after Close.
var errRelayClosed = kit.Closed("pgnotify: relay closed", notify.ErrClosed)

// Relay is a running LISTEN that forwards into a Notifier. It has the
// shape of every subscription in profilekit but for C, since what it
// receives goes to that Notifier: Done is closed when it ends, Err then
// says why, and Close ends it. It is safe for concurrent use.
type Relay struct {
	n      *Notifier
	to     notify.Notifier
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	closed bool
	err    error

	received   atomic.Uint64
	malformed  atomic.Uint64
	failed     atomic.Uint64
	reconnects atomic.Uint64
}

// Stats are a Relay's counts.
type Stats struct {
	// Received counts the Notifications handed on.
	Received uint64 `json:"received"`
	// Malformed counts payloads that were not a Notification, dropped.
	Malformed uint64 `json:"malformed"`
	// Failed counts the Notifications whose hand-on returned an error.
	Failed uint64 `json:"failed"`
	// Reconnects counts the connections made again after a failure.
	Reconnects uint64 `json:"reconnects"`
}

// Stats returns the Relay's counts.
func (r *Relay) Stats() Stats {
	return Stats{Received: r.received.Load(), Malformed: r.malformed.Load(), Failed: r.failed.Load(), Reconnects: r.reconnects.Load()}
}

// Done returns a channel that is closed when the Relay has ended.
func (r *Relay) Done() <-chan struct{} { return r.done }

// Err returns nil while the Relay runs (reconnecting included), and then
// why it ended: an error wrapping its context's error, or one matching
// notify.ErrClosed and profilekit.ErrClosed after Close.
func (r *Relay) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Close stops the Relay and waits for its goroutine to end. Closing twice
// does nothing. It returns nil.
func (r *Relay) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	<-r.done
	return nil
}

// run hands on notifications until ctx is done, reconnecting after
// failures; parent is the context Relay was given.
func (r *Relay) run(parent, ctx context.Context, conn *pgx.Conn) {
	defer func() {
		r.mu.Lock()
		if r.closed {
			r.err = errRelayClosed
		} else {
			r.err = fmt.Errorf("pgnotify: relay: %w", cmp.Or(parent.Err(), context.Canceled))
		}
		r.mu.Unlock()
		close(r.done)
	}()
	for {
		r.pump(ctx, conn)
		pglisten.Close(conn)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(r.n.retryWait):
			}
			var err error
			if conn, err = r.n.listen(ctx); err == nil {
				r.reconnects.Add(1)
				break
			}
		}
	}
}

// pump hands on the notifications of one connection until it fails or ctx
// is done.
func (r *Relay) pump(ctx context.Context, conn *pgx.Conn) {
	for {
		msg, err := conn.WaitForNotification(ctx)
		if err != nil {
			return
		}
		var note notify.Notification
		if err := json.Unmarshal([]byte(msg.Payload), &note); err != nil || !kit.ValidID(note.AgentID) {
			r.malformed.Add(1)
			continue
		}
		r.received.Add(1)
		if err := r.to.Notify(ctx, note); err != nil {
			r.failed.Add(1)
		}
	}
}
