package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/driver"
)

// sessionColumns lists the sessions columns, but the hash, in the order of
// scanSession.
const sessionColumns = `id, agent_id, created_at, seen_at, idle_expires, expires`

// scanSession reads a row of sessionColumns.
func scanSession(row scanner) (session.Session, error) {
	var s session.Session
	var created, seen, idle, expires int64
	if err := row.Scan(&s.ID, &s.AgentID, &created, &seen, &idle, &expires); err != nil {
		return session.Session{}, err
	}
	s.Created, s.Seen, s.IdleExpires, s.Expires = fromMicros(created), fromMicros(seen), fromMicros(idle), fromMicros(expires)
	return s, nil
}

// CreateSession implements session.Store. The primary key and the UNIQUE
// token_hash refuse a duplicate.
func (s *Store) CreateSession(ctx context.Context, r session.Record) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO sessions (token_hash, `+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Hash.Bytes(), r.ID, r.AgentID, toMicros(r.Created), toMicros(r.Seen), toMicros(r.IdleExpires), toMicros(r.Expires))
	if err == nil {
		return nil
	}
	op := "create session " + driver.QuoteID(r.ID)
	if c := constraint(err); c == "sessions.id" || c == "sessions.token_hash" {
		return fmt.Errorf("sqlite: %s: %w", op, session.ErrAlreadyExists)
	}
	return fail(ctx, op, err)
}

// GetSession implements session.Store.
func (s *Store) GetSession(ctx context.Context, hash session.Hash) (session.Session, error) {
	got, err := scanSession(s.reader.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = ?`, hash.Bytes()))
	if errors.Is(err, sql.ErrNoRows) {
		return session.Session{}, fmt.Errorf("sqlite: get session: %w", session.ErrNotFound)
	}
	if err != nil {
		return session.Session{}, fail(ctx, "get session", err)
	}
	return got, nil
}

// UpdateSessionSeen implements session.Store.
func (s *Store) UpdateSessionSeen(ctx context.Context, agentID, id string, seen, idleExpires time.Time) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE sessions SET seen_at = ?, idle_expires = ? WHERE id = ? AND agent_id = ?`,
		toMicros(seen), toMicros(idleExpires), id, agentID)
	return s.oneRow(ctx, "update session "+driver.QuoteID(id), res, err)
}

// DeleteSession implements session.Store.
func (s *Store) DeleteSession(ctx context.Context, agentID, id string) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND agent_id = ?`, id, agentID)
	return s.oneRow(ctx, "delete session "+driver.QuoteID(id), res, err)
}

// oneRow returns nil when the statement that gave res and err changed a
// row, and an error wrapping session.ErrNotFound when it changed none.
func (s *Store) oneRow(ctx context.Context, op string, res sql.Result, err error) error {
	if err != nil {
		return fail(ctx, op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fail(ctx, op, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlite: %s: %w", op, session.ErrNotFound)
	}
	return nil
}

// DeleteSessions implements session.Store: one DELETE ... RETURNING on the
// single writer, so concurrent calls report each session once.
func (s *Store) DeleteSessions(ctx context.Context, agentID, keepID string) ([]string, error) {
	ids := []string{}
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `DELETE FROM sessions WHERE agent_id = ? AND id <> ? RETURNING id`, agentID, keepID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fail(ctx, "delete sessions of "+driver.QuoteID(agentID), err)
	}
	slices.Sort(ids)
	return ids, nil
}

// ListSessions implements session.Store.
func (s *Store) ListSessions(ctx context.Context, agentID string, now time.Time) ([]session.Session, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE agent_id = ? AND idle_expires > ? ORDER BY created_at, id`, agentID, toMicros(now))
	if err != nil {
		return nil, fail(ctx, "list sessions of "+driver.QuoteID(agentID), err)
	}
	list, err := collectSessions(rows)
	if err != nil {
		return nil, fail(ctx, "list sessions of "+driver.QuoteID(agentID), err)
	}
	return list, nil
}

// DeleteExpiredSessions implements session.Store: one DELETE ... RETURNING
// on the single writer.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) ([]session.Session, error) {
	var gone []session.Session
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `DELETE FROM sessions WHERE id IN (
				SELECT id FROM sessions WHERE idle_expires <= ? ORDER BY idle_expires, id LIMIT ?
			) RETURNING `+sessionColumns, toMicros(now), limit)
		if err != nil {
			return err
		}
		gone, err = collectSessions(rows)
		return err
	})
	if err != nil {
		return nil, fail(ctx, "delete expired sessions", err)
	}
	return gone, nil
}

// collectSessions reads every row of sessionColumns and closes rows. It
// returns an empty slice, not nil, for no rows.
func collectSessions(rows *sql.Rows) ([]session.Session, error) {
	defer rows.Close()
	list := []session.Session{}
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, rows.Err()
}
