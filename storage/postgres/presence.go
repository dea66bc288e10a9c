package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/storage/driver"
)

// presenceColumns lists the presence_agents columns in the order of
// scanPresence.
const presenceColumns = `busy, busy_since, busy_until, busy_reason, online_until, active, capacity, version`

// GetPresence implements presence.Store.
func (s *Store) GetPresence(ctx context.Context, agent string, now time.Time) (presence.Record, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+presenceColumns+` FROM presence_agents WHERE agent = $1`, agent)
	r, err := scanPresence(row, agent, now)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, agent) {
		return presence.Record{Agent: agent, AsOf: toTime(now)}, nil
	}
	if err != nil {
		return presence.Record{}, fail(ctx, presencedriver.Op{Name: "get presence", Agent: agent}.String(), err)
	}
	return r, nil
}

// SetBusy implements presence.Store.
func (s *Store) SetBusy(ctx context.Context, agent string, b presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "set busy", Agent: agent}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			return true, writeBusy(ctx, tx, r, b, now)
		})
}

// ToggleBusy implements presence.Store.
func (s *Store) ToggleBusy(ctx context.Context, agent string, on presence.BusySetting, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "toggle busy", Agent: agent}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			b := on
			if r.BusyAt(now) {
				b = presence.BusySetting{}
			}
			return true, writeBusy(ctx, tx, r, b, now)
		})
}

// writeBusy records b over r, the locked row.
func writeBusy(ctx context.Context, tx pgx.Tx, r presence.Record, b presence.BusySetting, now time.Time) error {
	var since, until *time.Time
	if b.On {
		t := toTime(now)
		if r.BusyAt(now) {
			t = r.BusySince
		}
		since = &t
		if !b.Until.IsZero() {
			u := toTime(b.Until)
			until = &u
		}
	}
	_, err := tx.Exec(ctx, `UPDATE presence_agents SET busy = $2, busy_since = $3, busy_until = $4, busy_reason = $5
		WHERE agent = $1`, r.Agent, b.On, since, until, b.Reason)
	return err
}

// TouchSession implements presence.Store. A heartbeat of a session that
// is alive and far from expiry (more than half the TTL, expires - now, to
// go; presencedriver.HeartbeatSkipDivisor) is one read statement outside
// any transaction: the session keeps its stored expiry and Version does
// not change. Otherwise it extends the session in a transaction, which
// also purges the agent's sessions that have expired at now.
func (s *Store) TouchSession(ctx context.Context, agent, session string, expires, now time.Time) (presence.Record, error) {
	floor := now.Add(expires.Sub(now) / presencedriver.HeartbeatSkipDivisor)
	row := s.pool.QueryRow(ctx, `SELECT `+presenceColumns+` FROM presence_agents
		WHERE agent = $1 AND EXISTS (SELECT 1 FROM presence_sessions WHERE agent = $1 AND session = $2 AND expires_at > $3)`,
		agent, session, toTime(floor))
	r, err := scanPresence(row, agent, now)
	switch {
	case err == nil:
		return r, nil
	case ctx.Err() != nil:
		return presence.Record{}, fail(ctx, presencedriver.Op{Name: "touch session", Agent: agent, Session: session}.String(), err)
	}
	return s.presenceWrite(ctx, presencedriver.Op{Name: "touch session", Agent: agent, Session: session}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			b := &pgx.Batch{}
			var alive bool
			b.Queue(`SELECT EXISTS (SELECT 1 FROM presence_sessions WHERE agent = $1 AND session = $2 AND expires_at > $3)`,
				agent, session, toTime(now)).QueryRow(func(row pgx.Row) error { return row.Scan(&alive) })
			b.Queue(`DELETE FROM presence_sessions WHERE agent = $1 AND expires_at <= $2`, agent, toTime(now))
			b.Queue(`INSERT INTO presence_sessions (agent, session, expires_at) VALUES ($1, $2, $3)
				ON CONFLICT (agent, session) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
				agent, session, toTime(expires))
			if err := tx.SendBatch(ctx, b).Close(); err != nil {
				return false, err
			}
			return !alive, nil
		})
}

// RemoveSession implements presence.Store.
func (s *Store) RemoveSession(ctx context.Context, agent, session string, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "remove session", Agent: agent, Session: session}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			tag, err := tx.Exec(ctx, `DELETE FROM presence_sessions WHERE agent = $1 AND session = $2`, agent, session)
			return tag.RowsAffected() == 1, err
		})
}

// SetChatCapacity implements presence.Store.
func (s *Store) SetChatCapacity(ctx context.Context, agent string, capacity int, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "set chat capacity", Agent: agent}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			_, err := tx.Exec(ctx, `UPDATE presence_agents SET capacity = $2 WHERE agent = $1`, agent, capacity)
			return true, err
		})
}

// ClaimChat implements presence.Store. The agent's row lock, taken first,
// makes the busy, online and capacity checks and the claim one atomic step
// against every other write to the agent, SetBusy included; the chats
// table's primary key decides between agents racing for one chat.
func (s *Store) ClaimChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			if err := presencedriver.ClaimError(r, now); err != nil {
				return false, err
			}
			var holder string
			err := tx.QueryRow(ctx, `SELECT agent FROM presence_chats WHERE chat = $1`, chat).Scan(&holder)
			switch {
			case err == nil && holder == agent:
				return false, nil
			case err == nil:
				return false, presence.ErrChatTaken
			case !errors.Is(err, pgx.ErrNoRows):
				return false, err
			case presencedriver.Full(r):
				return false, fmt.Errorf("%d of %d: %w", r.Active, r.Capacity, presence.ErrFull)
			}
			b := &pgx.Batch{}
			b.Queue(`INSERT INTO presence_chats (chat, agent) VALUES ($1, $2)`, chat, agent)
			b.Queue(`UPDATE presence_agents SET active = active + 1 WHERE agent = $1`, agent)
			err = tx.SendBatch(ctx, b).Close()
			if violated(err) == "presence_chats_pkey" {
				return false, presence.ErrChatTaken
			}
			return true, err
		})
}

// ReleaseChat implements presence.Store.
func (s *Store) ReleaseChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	return s.presenceWrite(ctx, presencedriver.Op{Name: "release chat", Agent: agent, Chat: chat}, now,
		func(tx pgx.Tx, r presence.Record) (bool, error) {
			tag, err := tx.Exec(ctx, `DELETE FROM presence_chats WHERE chat = $1 AND agent = $2`, chat, agent)
			if err != nil {
				return false, err
			}
			if tag.RowsAffected() == 0 {
				return false, presence.ErrNotClaimed
			}
			_, err = tx.Exec(ctx, `UPDATE presence_agents SET active = active - 1 WHERE agent = $1`, agent)
			return true, err
		})
}

// GetChatHolder implements presence.ChatLookup: one read of the primary
// key of presence_chats.
func (s *Store) GetChatHolder(ctx context.Context, chat string) (string, error) {
	var agent string
	err := s.pool.QueryRow(ctx, `SELECT agent FROM presence_chats WHERE chat = $1`, chat).Scan(&agent)
	if errors.Is(err, pgx.ErrNoRows) || absentKey(err, chat) {
		return "", nil
	}
	if err != nil {
		return "", fail(ctx, "get holder of chat "+driver.QuoteID(chat), err)
	}
	return agent, nil
}

// ListEligible implements presence.Store in one statement. It runs as an
// unnamed statement (pgx.QueryExecModeExec), which PostgreSQL plans with
// the actual candidates every time: a statement pgx caches and prepares
// switches after five runs to a generic plan that expects about ten
// candidates and looks each one up in the primary key (a nested loop of
// 10,000 index scans for 10,000 candidates), where a plan for the actual
// array hashes the candidates against one scan of the agents; see
// TestListEligiblePlan for both plans.
func (s *Store) ListEligible(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.agent
		FROM unnest($1::text[]) WITH ORDINALITY AS c(agent, ord)
		JOIN presence_agents a ON a.agent = c.agent
		WHERE a.online_until > $2
			AND NOT (a.busy AND (a.busy_until IS NULL OR a.busy_until > $2))
			AND (a.capacity = 0 OR a.active < a.capacity)
		ORDER BY c.ord`, pgx.QueryExecModeExec, candidates, toTime(now))
	if err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	// CollectRows returns an empty, non-nil slice when no row matches.
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fail(ctx, "list eligible", err)
	}
	return out, nil
}

// presenceWrite runs one presence write in a transaction: it creates the
// agent's row if needed and locks it, reads it, lets fn change what it
// must (reporting whether that is a change), then refreshes online_until,
// bumps the version if fn changed something, publishes the new Record on
// the change feed (NOTIFY is delivered at commit, in commit order) and
// commits. An error from fn rolls everything back. op names the agent
// written (op.Agent) and the operation, formatted into the error only on
// failure.
func (s *Store) presenceWrite(ctx context.Context, op presencedriver.Op, now time.Time,
	fn func(tx pgx.Tx, r presence.Record) (changed bool, err error)) (presence.Record, error) {
	agent := op.Agent
	var out presence.Record
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO presence_agents (agent) VALUES ($1) ON CONFLICT (agent) DO NOTHING`, agent)
		var r presence.Record
		b.Queue(`SELECT `+presenceColumns+` FROM presence_agents WHERE agent = $1 FOR UPDATE`, agent).
			QueryRow(func(row pgx.Row) error {
				var err error
				r, err = scanPresence(row, agent, now)
				return err
			})
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		changed, err := fn(tx, r)
		if err != nil {
			return err
		}
		bump := 0
		if changed {
			bump = 1
		}
		row := tx.QueryRow(ctx, `UPDATE presence_agents SET version = version + $2,
				online_until = (SELECT max(expires_at) FROM presence_sessions WHERE agent = $1)
			WHERE agent = $1 RETURNING `+presenceColumns, agent, bump)
		if out, err = scanPresence(row, agent, now); err != nil || !changed {
			return err
		}
		return notifyPresence(ctx, tx, out)
	})
	if err != nil {
		return presence.Record{}, fail(ctx, op.String(), err)
	}
	return out, nil
}

// scanPresence reads one row of presenceColumns into the agent's Record as
// of now.
func scanPresence(row pgx.Row, agent string, now time.Time) (presence.Record, error) {
	r := presence.Record{Agent: agent, AsOf: toTime(now)}
	var since, until, online *time.Time
	var active, capacity int32
	if err := row.Scan(&r.Busy, &since, &until, &r.BusyReason, &online, &active, &capacity, &r.Version); err != nil {
		return presence.Record{}, err
	}
	if since != nil {
		r.BusySince = fromTime(*since)
	}
	if until != nil {
		r.BusyUntil = fromTime(*until)
	}
	if online != nil && online.After(now) {
		r.OnlineUntil = fromTime(*online)
	}
	r.Active, r.Capacity = int(active), int(capacity)
	return r, nil
}
