// Package pglisten is what every PostgreSQL LISTEN in profilekit shares:
// the presence feed of storage/postgres, notify/pgnotify's Relay and
// feed/pgfeed's listener. A listener takes a connection out of its pool
// for its whole life (a pooled connection would be handed to other
// queries, and its LISTEN with it), LISTENs on one channel (whose name
// the constructors check with CheckChannel), waits with
// pgx.Conn.WaitForNotification, and closes the connection politely when
// it ends.
package pglisten

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit"
)

// MaxChannel is the longest channel name PostgreSQL keeps, in bytes
// (NAMEDATALEN-1): LISTEN cuts a longer identifier short without an
// error, while pg_notify refuses it, so a listener would never hear what
// is sent.
const MaxChannel = 63

// CheckChannel returns the problem with channel as a NOTIFY channel name,
// reported on field, or nil: it must follow profilekit's ID rule (visible
// ASCII, no spaces: LISTEN and pg_notify then name the same channel,
// whatever the connection's encoding) and be at most MaxChannel bytes.
func CheckChannel(field, channel string) *profilekit.FieldError {
	if fe := profilekit.CheckID(field, channel); fe != nil {
		return fe
	}
	if len(channel) > MaxChannel {
		return &profilekit.FieldError{Field: field, Code: profilekit.CodeIDTooLong,
			Message: "must be at most " + strconv.Itoa(MaxChannel) + " characters, PostgreSQL's limit for a channel name",
			Params:  map[string]any{"max": MaxChannel}}
	}
	return nil
}

// Pool is the part of *pgxpool.Pool a listener needs.
type Pool interface {
	Acquire(ctx context.Context) (*pgxpool.Conn, error)
}

// Take takes a connection out of pool for good: the pool opens another in
// its place, and the caller closes this one with Close.
func Take(ctx context.Context, pool Pool) (*pgx.Conn, error) {
	pc, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return pc.Hijack(), nil
}

// Listen LISTENs on channel, quoted as an identifier, on conn. On failure
// it closes conn.
func Listen(ctx context.Context, conn *pgx.Conn, channel string) error {
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		Close(conn)
		return err
	}
	return nil
}

// CloseTimeout is how long Close waits for the server's goodbye.
const CloseTimeout = time.Second

// Close closes conn, waiting at most CloseTimeout for a polite goodbye, so
// that a listener ends even when the server no longer answers.
func Close(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), CloseTimeout)
	defer cancel()
	_ = conn.Close(ctx)
}
