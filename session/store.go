package session

import (
	"context"
	"time"
)

// Store persists sign-in sessions. It is the part of a storage adapter that
// the Service uses; storage.Store embeds it, so its methods name the
// entity (presence's TouchSession and RemoveSession are about presence
// sessions, browser tabs, and are another thing).
//
// Adapters only persist and load: the Service makes tokens and IDs, hashes
// tokens, computes every instant and judges expiry before it calls a
// Store. Every agent and session ID the Service passes has passed
// profilekit.CheckID (1 to 128 bytes of visible ASCII), every Hash is
// HashToken of a token (never the zero Hash), every time is in UTC to the
// microsecond, and IdleExpires is never after Expires, so a session is
// alive at now exactly when now is before its IdleExpires.
//
// Every method must be safe for concurrent use, from one process or from
// many sharing a database, must honour ctx (a cancelled context returns an
// error that wraps ctx.Err() and changes nothing), and must neither keep
// nor share the values it is given or returns. Times must round-trip to
// the microsecond, in UTC.
//
// A Hash is a secret: errors must never hold it, in any encoding. Errors
// name the adapter and the operation and quote at most a prefix of an ID
// (storage/driver.QuoteID), because the Service returns them as they are;
// sentinels are wrapped with %w:
//
//	fmt.Errorf("sqlite: delete session %s: %w", driver.QuoteID(id), session.ErrNotFound)
//
// storage/storagetest.RunSessionStore checks an adapter against this
// contract.
type Store interface {
	// CreateSession stores r. It must fail wrapping ErrAlreadyExists,
	// storing nothing, when a session with r.Hash or r.ID is stored
	// (alive or expired): hashes and IDs are each unique across all
	// agents.
	CreateSession(ctx context.Context, r Record) error

	// GetSession returns the session stored under hash, alive or
	// expired. It must fail wrapping ErrNotFound when there is none.
	GetSession(ctx context.Context, hash Hash) (Session, error)

	// UpdateSessionSeen sets Seen and IdleExpires of the agent's session
	// id, and nothing else. It must fail wrapping ErrNotFound, changing
	// nothing, when the agent has no session id: a session that was
	// deleted must never come back.
	UpdateSessionSeen(ctx context.Context, agentID, id string, seen, idleExpires time.Time) error

	// DeleteSession deletes the agent's session id, alive or expired. It
	// must fail wrapping ErrNotFound when the agent has no session id (a
	// session of another agent with that ID is left alone).
	DeleteSession(ctx context.Context, agentID, id string) error

	// DeleteSessions deletes every session of the agent, alive or
	// expired, except the one whose ID is keepID (none when keepID is
	// empty or names no session of the agent), and returns the IDs it
	// deleted, sorted (empty, not an error, when there were none). The
	// deletion must be atomic with the listing: of concurrent calls, each
	// deleted session is reported by exactly one.
	DeleteSessions(ctx context.Context, agentID, keepID string) ([]string, error)

	// ListSessions returns the agent's sessions alive at now, oldest
	// Created first (equal instants by ID); empty, not an error, when
	// there are none.
	ListSessions(ctx context.Context, agentID string, now time.Time) ([]Session, error)

	// DeleteExpiredSessions deletes at most limit sessions, of any agent,
	// that are expired at now (now is not before their IdleExpires), and
	// returns them; limit is at least 1. Of concurrent calls, each deleted
	// session is returned by exactly one.
	DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) ([]Session, error)
}
