package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/internal/pglisten"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
)

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
// for the subscription's life. PostgreSQL delivers notifications in commit
// order, so each agent's Records arrive in Version order; the subscription
// reads them as they come and queues what its reader has not taken yet.
// The subscription ends when ctx is done, when it or the Store is closed
// (Err then matches profilekit.ErrClosed) or when the connection fails;
// its goroutine ends with it.
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
	sub, err := s.feeds.Subscribe(ctx, "postgres: presence feed")
	if err != nil {
		pglisten.Close(conn)
		return nil, fmt.Errorf("postgres: subscribe presence: %w", err)
	}
	go listen(sub, conn)
	return sub, nil
}

// listen hands the Records of conn's notifications to sub until sub ends
// or the connection fails, then closes conn.
func listen(sub *presencedriver.Subscription, conn *pgx.Conn) {
	defer pglisten.Close(conn)
	ctx := sub.Context()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			sub.End(fmt.Errorf("postgres: presence feed: %w", err)) // nothing when sub ended first
			return
		}
		var r presence.Record
		if err := json.Unmarshal([]byte(n.Payload), &r); err != nil {
			sub.End(fmt.Errorf("postgres: presence feed: bad notification: %w", err))
			return
		}
		if !sub.Push(r) {
			return
		}
	}
}
