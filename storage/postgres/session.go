package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/driver"
)

// sessionColumns lists the sessions columns, but the hash, in the order of
// scanSession.
const sessionColumns = `id, agent_id, created_at, seen_at, idle_expires, expires`

// scanSession reads a row of sessionColumns.
func scanSession(row pgx.Row) (session.Session, error) {
	var s session.Session
	if err := row.Scan(&s.ID, &s.AgentID, &s.Created, &s.Seen, &s.IdleExpires, &s.Expires); err != nil {
		return session.Session{}, err
	}
	s.Created, s.Seen, s.IdleExpires, s.Expires = fromTime(s.Created), fromTime(s.Seen), fromTime(s.IdleExpires), fromTime(s.Expires)
	return s, nil
}

// holdable reports whether PostgreSQL can hold key as text: valid UTF-8
// without NUL. No row has a key it cannot hold.
func holdable(key string) bool { return utf8.ValidString(key) && !strings.ContainsRune(key, 0) }

// CreateSession implements session.Store. The primary key and the UNIQUE
// token_hash refuse a duplicate.
func (s *Store) CreateSession(ctx context.Context, r session.Record) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token_hash, `+sessionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.Hash.Bytes(), r.ID, r.AgentID, toTime(r.Created), toTime(r.Seen), toTime(r.IdleExpires), toTime(r.Expires))
	if err == nil {
		return nil
	}
	op := "create session " + driver.QuoteID(r.ID)
	if c := violated(err); c == "sessions_pkey" || c == "sessions_token_hash_key" {
		return fmt.Errorf("postgres: %s: %w", op, session.ErrAlreadyExists)
	}
	return fail(ctx, op, err)
}

// GetSession implements session.Store.
func (s *Store) GetSession(ctx context.Context, hash session.Hash) (session.Session, error) {
	got, err := scanSession(s.pool.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, hash.Bytes()))
	if errors.Is(err, pgx.ErrNoRows) {
		return session.Session{}, fmt.Errorf("postgres: get session: %w", session.ErrNotFound)
	}
	if err != nil {
		return session.Session{}, fail(ctx, "get session", err)
	}
	return got, nil
}

// UpdateSessionSeen implements session.Store.
func (s *Store) UpdateSessionSeen(ctx context.Context, agentID, id string, seen, idleExpires time.Time) error {
	op := "update session " + driver.QuoteID(id)
	tag, err := s.pool.Exec(ctx, `UPDATE sessions SET seen_at = $3, idle_expires = $4 WHERE id = $1 AND agent_id = $2`,
		id, agentID, toTime(seen), toTime(idleExpires))
	return oneSession(ctx, op, tag.RowsAffected(), err, agentID, id)
}

// DeleteSession implements session.Store.
func (s *Store) DeleteSession(ctx context.Context, agentID, id string) error {
	op := "delete session " + driver.QuoteID(id)
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id = $1 AND agent_id = $2`, id, agentID)
	return oneSession(ctx, op, tag.RowsAffected(), err, agentID, id)
}

// oneSession returns nil when a statement about the agent's session id
// changed a row, and an error wrapping session.ErrNotFound when it changed
// none or named a key PostgreSQL cannot hold.
func oneSession(ctx context.Context, op string, n int64, err error, agentID, id string) error {
	switch {
	case err != nil && !absentKey(err, agentID) && !absentKey(err, id):
		return fail(ctx, op, err)
	case err != nil || n == 0:
		return fmt.Errorf("postgres: %s: %w", op, session.ErrNotFound)
	}
	return nil
}

// DeleteSessions implements session.Store: one DELETE ... RETURNING, so
// concurrent calls report each session once.
func (s *Store) DeleteSessions(ctx context.Context, agentID, keepID string) ([]string, error) {
	if !holdable(keepID) {
		keepID = "" // no session has it: keep none
	}
	op := "delete sessions of " + driver.QuoteID(agentID)
	rows, err := s.pool.Query(ctx, `DELETE FROM sessions WHERE agent_id = $1 AND id <> $2 RETURNING id`, agentID, keepID)
	var ids []string
	if err == nil {
		ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if absentKey(err, agentID) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fail(ctx, op, s.pool.closedOr(err))
	}
	if ids == nil {
		ids = []string{}
	}
	slices.Sort(ids)
	return ids, nil
}

// ListSessions implements session.Store.
func (s *Store) ListSessions(ctx context.Context, agentID string, now time.Time) ([]session.Session, error) {
	op := "list sessions of " + driver.QuoteID(agentID)
	rows, err := s.pool.Query(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE agent_id = $1 AND idle_expires > $2 ORDER BY created_at, id`, agentID, toTime(now))
	var list []session.Session
	if err == nil {
		list, err = collectSessions(rows)
	}
	if absentKey(err, agentID) {
		return []session.Session{}, nil
	}
	if err != nil {
		return nil, fail(ctx, op, s.pool.closedOr(err))
	}
	return list, nil
}

// DeleteExpiredSessions implements session.Store: one DELETE ...
// RETURNING whose subquery skips rows another sweep has locked, so
// concurrent sweeps share the work and return each session once.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) ([]session.Session, error) {
	rows, err := s.pool.Query(ctx, `DELETE FROM sessions WHERE id IN (
			SELECT id FROM sessions WHERE idle_expires <= $1 ORDER BY idle_expires, id LIMIT $2 FOR UPDATE SKIP LOCKED
		) RETURNING `+sessionColumns, toTime(now), limit)
	if err != nil {
		return nil, fail(ctx, "delete expired sessions", err)
	}
	gone, err := collectSessions(rows)
	if err != nil {
		return nil, fail(ctx, "delete expired sessions", s.pool.closedOr(err))
	}
	return gone, nil
}

// collectSessions reads every row of sessionColumns and closes rows. It
// returns an empty slice, not nil, for no rows.
func collectSessions(rows pgx.Rows) ([]session.Session, error) {
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (session.Session, error) { return scanSession(r) })
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []session.Session{}
	}
	return list, nil
}
