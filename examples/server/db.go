package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// serverDB holds the server's own tables (sessions, the username index and
// the seed marker) in the same database as the library's, so that every
// instance sharing the database shares them. The library's migrations are
// not touched: the server creates its tables with CREATE TABLE IF NOT EXISTS.
type serverDB struct {
	db       *sql.DB
	postgres bool
}

// serverSchema is the server's own tables. Times are microseconds since
// the Unix epoch, the same on both databases.
var serverSchema = []string{
	`CREATE TABLE IF NOT EXISTS server_sessions (
		token_hash TEXT PRIMARY KEY,
		agent_id   TEXT NOT NULL,
		created_us BIGINT NOT NULL,
		seen_us    BIGINT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS server_sessions_agent ON server_sessions (agent_id)`,
	`CREATE TABLE IF NOT EXISTS server_logins (
		username TEXT PRIMARY KEY,
		agent_id TEXT NOT NULL UNIQUE
	)`,
	`CREATE TABLE IF NOT EXISTS server_meta (
		name  TEXT PRIMARY KEY,
		value TEXT NOT NULL
	)`,
}

// openSQLiteDB opens the server's connection to the SQLite file the library
// store uses (the library's Open has created it and set WAL mode).
func openSQLiteDB(path string) (*serverDB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("server: open sqlite: %w", err)
	}
	return &serverDB{db: db}, nil
}

// openPostgresDB opens the server's pool on the database and schema the
// library store uses.
func openPostgresDB(dsn, schema string) (*serverDB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errors.New("server: the PostgreSQL DSN does not parse")
	}
	if schema != "" {
		cfg.RuntimeParams["search_path"] = schema
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	return &serverDB{db: db, postgres: true}, nil
}

// migrate creates the server's tables. On PostgreSQL it holds an advisory
// lock so that instances starting together do not race on the catalogue.
func (s *serverDB) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("server: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if s.postgres {
		h := fnv.New64a()
		_, _ = h.Write([]byte("profilekit examples/server"))
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64()>>1)); err != nil {
			return fmt.Errorf("server: migrate: %w", err)
		}
	}
	for _, q := range serverSchema {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("server: migrate: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("server: migrate: %w", err)
	}
	return nil
}

// q rewrites the ? placeholders of query for PostgreSQL ($1, $2, ...).
func (s *serverDB) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Close closes the connection pool.
func (s *serverDB) Close() error { return s.db.Close() }

// sessionRow is one stored session.
type sessionRow struct {
	AgentID string
	Created time.Time
	Seen    time.Time
}

// createSession stores a session under the hash of its token.
func (s *serverDB) createSession(ctx context.Context, tokenHash, agentID string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO server_sessions (token_hash, agent_id, created_us, seen_us) VALUES (?, ?, ?, ?)`),
		tokenHash, agentID, now.UnixMicro(), now.UnixMicro())
	if err != nil {
		return fmt.Errorf("server: create session: %w", err)
	}
	return nil
}

// getSession returns the session stored under tokenHash; ok is false when
// there is none.
func (s *serverDB) getSession(ctx context.Context, tokenHash string) (row sessionRow, ok bool, err error) {
	var created, seen int64
	err = s.db.QueryRowContext(ctx, s.q(`SELECT agent_id, created_us, seen_us FROM server_sessions WHERE token_hash = ?`), tokenHash).
		Scan(&row.AgentID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return sessionRow{}, false, nil
	}
	if err != nil {
		return sessionRow{}, false, fmt.Errorf("server: get session: %w", err)
	}
	row.Created, row.Seen = time.UnixMicro(created).UTC(), time.UnixMicro(seen).UTC()
	return row, true, nil
}

// touchSession records that the session was used at now.
func (s *serverDB) touchSession(ctx context.Context, tokenHash string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE server_sessions SET seen_us = ? WHERE token_hash = ?`), now.UnixMicro(), tokenHash)
	if err != nil {
		return fmt.Errorf("server: touch session: %w", err)
	}
	return nil
}

// deleteSession removes one session.
func (s *serverDB) deleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM server_sessions WHERE token_hash = ?`), tokenHash)
	if err != nil {
		return fmt.Errorf("server: delete session: %w", err)
	}
	return nil
}

// deleteOtherSessions removes every session of agentID except keep, and
// returns the hashes removed.
func (s *serverDB) deleteOtherSessions(ctx context.Context, agentID, keep string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`DELETE FROM server_sessions WHERE agent_id = ? AND token_hash <> ? RETURNING token_hash`), agentID, keep)
	if err != nil {
		return nil, fmt.Errorf("server: delete sessions: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("server: delete sessions: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("server: delete sessions: %w", err)
	}
	return out, nil
}

// deleteExpiredSessions removes sessions idle since idleBefore or created
// before createdBefore.
func (s *serverDB) deleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM server_sessions WHERE seen_us < ? OR created_us < ?`),
		idleBefore.UnixMicro(), createdBefore.UnixMicro())
	if err != nil {
		return fmt.Errorf("server: expire sessions: %w", err)
	}
	return nil
}

// putLogin records that username signs in as agentID, replacing any older
// entry of either.
func (s *serverDB) putLogin(ctx context.Context, username, agentID string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("server: put login: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM server_logins WHERE username = ? OR agent_id = ?`), username, agentID); err != nil {
		return fmt.Errorf("server: put login: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO server_logins (username, agent_id) VALUES (?, ?)`), username, agentID); err != nil {
		return fmt.Errorf("server: put login: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("server: put login: %w", err)
	}
	return nil
}

// login returns the agent ID of username, or "" when none is recorded.
func (s *serverDB) login(ctx context.Context, username string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT agent_id FROM server_logins WHERE username = ?`), username).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("server: get login: %w", err)
	}
	return id, nil
}

// agentIDs lists every agent that can sign in, ordered by username.
func (s *serverDB) agentIDs(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT agent_id FROM server_logins ORDER BY username LIMIT 1000`)
	if err != nil {
		return nil, fmt.Errorf("server: list logins: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("server: list logins: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("server: list logins: %w", err)
	}
	return out, nil
}

// markSeeded records that the demo accounts exist; it reports whether this
// call made the mark (false: another instance or an earlier run did).
func (s *serverDB) markSeeded(ctx context.Context, now time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO server_meta (name, value) VALUES ('seeded', ?) ON CONFLICT (name) DO NOTHING`),
		now.UTC().Format(time.RFC3339))
	if err != nil {
		return false, fmt.Errorf("server: mark seeded: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("server: mark seeded: %w", err)
	}
	return n == 1, nil
}

// seeded reports whether the demo accounts were created.
func (s *serverDB) seeded(ctx context.Context) (bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM server_meta WHERE name = 'seeded'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("server: read seed mark: %w", err)
	}
	return true, nil
}
