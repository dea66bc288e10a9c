package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/storage/driver"
)

// presenceColumns lists the presence_agents columns in the order of
// scanPresence.
const presenceColumns = `busy, busy_since, busy_until, busy_reason, online_until, active, capacity, version`

// GetPresence implements presence.Store.
func (s *Store) GetPresence(ctx context.Context, agent string, now time.Time) (presence.Record, error) {
	r, err := s.readPresence(ctx, agent, now)
	if err != nil {
		return presence.Record{}, fail(ctx, presencedriver.Op{Name: "get presence", Agent: agent}.String(), err)
	}
	return r, nil
}

// readPresence reads the agent's Record as of now in a read transaction of
// its own; an agent never written reads as the zero Record.
func (s *Store) readPresence(ctx context.Context, agent string, now time.Time) (presence.Record, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+presenceColumns+` FROM presence_agents WHERE agent = ?`, agent)
	r, err := scanPresence(row, agent, now)
	if errors.Is(err, sql.ErrNoRows) {
		return presence.Record{Agent: agent, AsOf: fromMicros(toMicros(now))}, nil
	}
	return r, err
}

// SetBusy implements presence.Store.
func (s *Store) SetBusy(ctx context.Context, agent string, b presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "set busy", Agent: agent}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			return true, writeBusy(ctx, tx, r, b, now)
		})
}

// ToggleBusy implements presence.Store.
func (s *Store) ToggleBusy(ctx context.Context, agent string, on presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "toggle busy", Agent: agent}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			b := on
			if r.BusyAt(now) {
				b = presence.BusySetting{}
			}
			return true, writeBusy(ctx, tx, r, b, now)
		})
}

// writeBusy records b over r, the agent's row as the transaction read it.
func writeBusy(ctx context.Context, tx *sql.Tx, r presence.Record, b presence.BusySetting, now time.Time) error {
	var since, until sql.NullInt64
	if b.On {
		since = toNullMicros(now)
		if r.BusyAt(now) {
			since = toNullMicros(r.BusySince)
		}
		until = toNullMicros(b.Until)
	}
	_, err := tx.ExecContext(ctx, `UPDATE presence_agents SET busy = ?, busy_since = ?, busy_until = ?, busy_reason = ?
		WHERE agent = ?`, boolInt(b.On), since, until, b.Reason, r.Agent)
	return err
}

// TouchSession implements presence.Store. A heartbeat of a session that
// is alive and far from expiry (more than half the TTL, expires - now, to
// go) writes nothing: one read statement returns the agent's Record, the
// session keeps its stored expiry, and Version does not change; see the
// package documentation. Otherwise it extends the session in a write
// transaction, which also purges the agent's sessions that have expired
// at now.
func (s *Store) TouchSession(ctx context.Context, agent, session string, expires, now time.Time) (presence.Record, error) {
	if r, ok, err := s.heartbeatWithoutWrite(ctx, agent, session, expires, now); err != nil || ok {
		if err != nil {
			return presence.Record{}, fail(ctx, presencedriver.Op{Name: "touch session", Agent: agent, Session: session}.String(), err)
		}
		return r, nil
	}
	return s.presenceWrite(ctx, presencedriver.Op{Name: "touch session", Agent: agent, Session: session}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			var alive bool
			err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM presence_sessions
				WHERE agent = ? AND session = ? AND expires_at > ?)`, agent, session, toMicros(now)).Scan(&alive)
			if err != nil {
				return false, err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM presence_sessions WHERE agent = ? AND expires_at <= ?`,
				agent, toMicros(now)); err != nil {
				return false, err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO presence_sessions (agent, session, expires_at) VALUES (?, ?, ?)
				ON CONFLICT (agent, session) DO UPDATE SET expires_at = excluded.expires_at`,
				agent, session, toMicros(expires))
			return !alive, err
		})
}

// heartbeatWithoutWrite returns the agent's Record as of now, and true,
// when the session is alive at now with more than half of expires - now
// to go: a heartbeat then need not write. It reads in one statement.
func (s *Store) heartbeatWithoutWrite(ctx context.Context, agent, session string, expires, now time.Time) (presence.Record, bool, error) {
	t := toMicros(now)
	floor := t + (toMicros(expires)-t)/presencedriver.HeartbeatSkipDivisor
	row := s.reader.QueryRowContext(ctx, `SELECT `+presenceColumns+` FROM presence_agents
		WHERE agent = ? AND EXISTS (SELECT 1 FROM presence_sessions WHERE agent = ? AND session = ? AND expires_at > ?)`,
		agent, agent, session, floor)
	r, err := scanPresence(row, agent, now)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return presence.Record{}, false, nil
	case err != nil:
		return presence.Record{}, false, err
	}
	return r, true, nil
}

// RemoveSession implements presence.Store.
func (s *Store) RemoveSession(ctx context.Context, agent, session string, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "remove session", Agent: agent, Session: session}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			res, err := tx.ExecContext(ctx, `DELETE FROM presence_sessions WHERE agent = ? AND session = ?`, agent, session)
			if err != nil {
				return false, err
			}
			n, err := res.RowsAffected()
			return n == 1, err
		})
}

// SetChatCapacity implements presence.Store.
func (s *Store) SetChatCapacity(ctx context.Context, agent string, capacity int, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "set chat capacity", Agent: agent}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			_, err := tx.ExecContext(ctx, `UPDATE presence_agents SET capacity = ? WHERE agent = ?`, capacity, agent)
			return true, err
		})
}

// ClaimChat implements presence.Store. The write transaction holds
// SQLite's write lock from its first statement, so the busy, online and
// capacity checks and the claim are one atomic step against every other
// writer, in this process or another.
//
// A claim that a busy or offline agent refuses is decided on a read first,
// without the write lock: refusing as of a snapshot taken during the call
// is as correct as refusing inside a write transaction, and the refused
// claims a router makes while an agent is busy then neither wait for nor
// hold up other writers, such as the agent's own toggle in another
// process.
func (s *Store) ClaimChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	op := presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}
	r, err := s.readPresence(ctx, agent, now)
	if err == nil {
		err = presencedriver.ClaimError(r, now)
	}
	if err != nil {
		return presence.Record{}, fail(ctx, op.String(), err)
	}
	return s.presenceWrite(ctx, op, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			if err := presencedriver.ClaimError(r, now); err != nil {
				return false, err
			}
			var holder string
			err := tx.QueryRowContext(ctx, `SELECT agent FROM presence_chats WHERE chat = ?`, chat).Scan(&holder)
			switch {
			case err == nil && holder == agent:
				return false, nil
			case err == nil:
				return false, presence.ErrChatTaken
			case !errors.Is(err, sql.ErrNoRows):
				return false, err
			case presencedriver.Full(r):
				return false, fmt.Errorf("%d of %d: %w", r.Active, r.Capacity, presence.ErrFull)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO presence_chats (chat, agent) VALUES (?, ?)`, chat, agent); err != nil {
				return false, err
			}
			_, err = tx.ExecContext(ctx, `UPDATE presence_agents SET active = active + 1 WHERE agent = ?`, agent)
			return true, err
		})
}

// ReleaseChat implements presence.Store.
func (s *Store) ReleaseChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "release chat", Agent: agent, Chat: chat}, now,
		func(tx *sql.Tx, r presence.Record) (bool, error) {
			res, err := tx.ExecContext(ctx, `DELETE FROM presence_chats WHERE chat = ? AND agent = ?`, chat, agent)
			if err != nil {
				return false, err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return false, errors.Join(err, presence.ErrNotClaimed)
			}
			_, err = tx.ExecContext(ctx, `UPDATE presence_agents SET active = active - 1 WHERE agent = ?`, agent)
			return true, err
		})
}

// ListEligible implements presence.Store in one statement (one read
// transaction, which sees every write committed before it began). The
// candidates travel as one JSON array, whatever their number; CROSS JOIN
// makes SQLite walk the candidates and look each up by primary key,
// rather than scan the array once per stored agent.
func (s *Store) ListEligible(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
	list, err := json.Marshal(candidates)
	if err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	t := toMicros(now)
	rows, err := s.reader.QueryContext(ctx, `SELECT c.value
		FROM json_each(?) AS c
		CROSS JOIN presence_agents a ON a.agent = c.value
		WHERE a.online_until > ?
			AND NOT (a.busy = 1 AND (a.busy_until IS NULL OR a.busy_until > ?))
			AND (a.capacity = 0 OR a.active < a.capacity)
		ORDER BY c.key`, string(list), t, t)
	if err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fail(ctx, "list eligible", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	return out, nil
}

// GetChatHolder implements presence.ChatLookup: one read of the primary
// key of presence_chats.
func (s *Store) GetChatHolder(ctx context.Context, chat string) (string, error) {
	var agent string
	err := s.reader.QueryRowContext(ctx, `SELECT agent FROM presence_chats WHERE chat = ?`, chat).Scan(&agent)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fail(ctx, "get holder of chat "+driver.QuoteID(chat), err)
	}
	return agent, nil
}

// presenceWrite runs one presence write in a write transaction: it creates
// the agent's row if needed and reads it, lets fn change what it must
// (reporting whether that is a change), then refreshes online_until and,
// if fn changed something, bumps the version and appends the new Record to
// the change log, and commits; subscriptions of this Store are then woken.
// An error from fn rolls everything back. op names the agent written
// (op.Agent) and the operation, formatted into the error only on failure.
func (s *Store) presenceWrite(ctx context.Context, op presencedriver.Op, now time.Time,
	fn func(tx *sql.Tx, r presence.Record) (changed bool, err error)) (presence.Record, error) {
	agent := op.Agent
	var out presence.Record
	var changed bool
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO presence_agents (agent) VALUES (?) ON CONFLICT (agent) DO NOTHING`, agent); err != nil {
			return err
		}
		r, err := scanPresence(tx.QueryRowContext(ctx, `SELECT `+presenceColumns+` FROM presence_agents WHERE agent = ?`, agent), agent, now)
		if err != nil {
			return err
		}
		if changed, err = fn(tx, r); err != nil {
			return err
		}
		bump := 0
		if changed {
			bump = 1
		}
		out, err = scanPresence(tx.QueryRowContext(ctx, `UPDATE presence_agents SET version = version + ?,
				online_until = (SELECT max(expires_at) FROM presence_sessions WHERE agent = ?)
			WHERE agent = ? RETURNING `+presenceColumns, bump, agent, agent), agent, now)
		if err != nil || !changed {
			return err
		}
		return logChange(ctx, tx, out)
	})
	if err != nil {
		return presence.Record{}, fail(ctx, op.String(), err)
	}
	if changed {
		s.presenceFeed.wakeAll()
	}
	return out, nil
}

// scanPresence reads one row of presenceColumns into the agent's Record as
// of now.
func scanPresence(row scanner, agent string, now time.Time) (presence.Record, error) {
	r := presence.Record{Agent: agent, AsOf: fromMicros(toMicros(now))}
	var busy int64
	var since, until, online sql.NullInt64
	if err := row.Scan(&busy, &since, &until, &r.BusyReason, &online, &r.Active, &r.Capacity, &r.Version); err != nil {
		return presence.Record{}, err
	}
	r.Busy = busy != 0
	r.BusySince, r.BusyUntil = fromNullMicros(since), fromNullMicros(until)
	if online.Valid && online.Int64 > toMicros(now) {
		r.OnlineUntil = fromMicros(online.Int64)
	}
	return r, nil
}
