package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/pglisten"
	"github.com/convrs/profilekit/presence"
)

// errClosed ends the presence subscriptions of a closed Store: the shared
// sentinel, to which SubscribePresence and the feed add their context.
var errClosed = profilekit.ErrClosed

// presenceChannel is the SQL expression naming the NOTIFY channel of the
// presence feed. Channels are database-wide, so the name includes a hash
// of the search_path: stores in different schemas of one database do not
// hear each other.
const presenceChannel = `'profilekit_presence_' || left(md5(current_setting('search_path')), 16)`

// notifyPresence publishes r on the presence channel. Called inside the
// write's transaction, it is delivered at commit, and only then. A payload
// must stay under PostgreSQL's 8000 bytes: the presence Tracker caps IDs
// at profilekit.MaxIDLength bytes of ASCII and reasons at
// presence.MaxReasonBytes bytes, which keeps a Record's JSON under 6000
// bytes even when JSON escapes every byte of the reason ("<" as "\u003c").
func notifyPresence(ctx context.Context, tx pgx.Tx, r presence.Record) error {
	payload, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify(`+presenceChannel+`, $1)`, string(payload))
	return err
}

// SubscribePresence implements presence.ChangeFeed across instances: it
// delivers the writes of every Store (in any process) on the same database
// and schema, with LISTEN on a connection of its own, taken out of the pool
// for the subscription's life. PostgreSQL delivers notifications in commit order, so each agent's
// Records arrive in Version order, and queues them while the reader is
// slow. The subscription ends when ctx is done, when the Store is closed or
// when the connection fails; its goroutine ends with it.
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	conn, err := pglisten.Take(ctx, s.pool)
	if err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	var channel string
	if err := conn.QueryRow(ctx, `SELECT `+presenceChannel).Scan(&channel); err != nil {
		pglisten.Close(conn)
		return nil, fail(ctx, "subscribe presence", err)
	}
	if err := pglisten.Listen(ctx, conn, channel); err != nil {
		return nil, fail(ctx, "subscribe presence", err)
	}
	subCtx, cancel := context.WithCancelCause(ctx)
	sub := &subscription{out: make(chan presence.Record)}
	if !s.feeds.add(sub, cancel) {
		cancel(errClosed)
		pglisten.Close(conn)
		return nil, fmt.Errorf("postgres: subscribe presence: %w", errClosed)
	}
	go func() {
		err := sub.run(subCtx, conn)
		s.feeds.remove(sub)
		cancel(nil)
		pglisten.Close(conn)
		sub.mu.Lock()
		sub.err = err
		sub.mu.Unlock()
		close(sub.out)
	}()
	return sub, nil
}

// subscription is one LISTEN connection's feed of Records.
type subscription struct {
	out chan presence.Record

	mu  sync.Mutex
	err error
}

func (s *subscription) Records() <-chan presence.Record { return s.out }

func (s *subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// run waits for notifications and hands their Records to the reader until
// ctx is done or the connection fails.
func (s *subscription) run(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if cause := context.Cause(ctx); cause != nil {
				return fmt.Errorf("postgres: presence feed: %w", cause)
			}
			return fmt.Errorf("postgres: presence feed: %w", err)
		}
		var r presence.Record
		if err := json.Unmarshal([]byte(n.Payload), &r); err != nil {
			return fmt.Errorf("postgres: presence feed: bad notification: %w", err)
		}
		select {
		case s.out <- r:
		case <-ctx.Done():
			return fmt.Errorf("postgres: presence feed: %w", context.Cause(ctx))
		}
	}
}

// feeds tracks a Store's live subscriptions so that Close can end them.
type feeds struct {
	mu     sync.Mutex
	closed bool
	cancel map[*subscription]context.CancelCauseFunc
}

// add registers sub, unless the Store is closed.
func (f *feeds) add(sub *subscription, cancel context.CancelCauseFunc) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	if f.cancel == nil {
		f.cancel = make(map[*subscription]context.CancelCauseFunc)
	}
	f.cancel[sub] = cancel
	return true
}

func (f *feeds) remove(sub *subscription) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.cancel, sub)
}

// close ends every subscription and refuses new ones.
func (f *feeds) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for _, cancel := range f.cancel {
		cancel(errClosed)
	}
	f.cancel = nil
}
