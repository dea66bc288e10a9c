package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/internal/migrate"
)

var (
	_ storage.Store          = (*Store)(nil)
	_ profile.UsernameLookup = (*Store)(nil)
	_ profile.Lister         = (*Store)(nil)
	_ profile.RoleKeeper     = (*Store)(nil)
	_ presence.ChatLookup    = (*Store)(nil)
)

// migrationFiles holds the schema migrations; see the package comment.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Options tunes Open, New, ParseConfig and ConfigurePool. The zero value,
// and a nil *Options, mean the defaults.
type Options struct {
	// Schema is the schema that holds the tables. Open and New create it
	// when missing; Open, ParseConfig and ConfigurePool make it the
	// search_path of every pooled connection, and New requires a pool
	// configured so (see New). Empty means the DSN's (or the pool's)
	// search_path.
	Schema string
}

// Store is the PostgreSQL storage adapter. It is safe for concurrent use,
// also by several processes on one database. Every method honours its
// context: once ctx is done a call stops, even while waiting for a row
// lock, and returns an error wrapping ctx.Err(). Values are copied in and
// out, as the storage.Store contract requires.
//
// The zero value is not usable; call Open or New.
type Store struct {
	// pool serves every statement, with search_path set to Options.Schema
	// when given. Code in this package that needs a connection of its own
	// for a long time (LISTEN, for one) takes it out of the pool with
	// s.pool.Acquire and Hijack, as SubscribePresence does: it keeps the
	// pool's settings, no longer counts against the pool, and must be
	// closed by its taker. Short multi-statement work uses
	// pgx.BeginFunc(ctx, s.pool, ...).
	//
	// It is a *pgxpool.Pool that refuses work, with profilekit.ErrClosed,
	// once the Store is closed (see closingPool).
	pool *closingPool
	// owned is true when the Store opened pool (Open), and Close closes
	// it; false when the caller handed it over (New) and keeps owning it.
	owned bool
	// feeds holds the live presence subscriptions, which Close ends.
	feeds presencedriver.Hub
}

// Open connects to the database named by dsn (a URL or key=value string, as
// pgxpool.ParseConfig reads it, so pool settings such as pool_max_conns may
// be given there; without it the pool has DefaultMaxConns connections),
// applies the migrations it lacks and returns the Store.
// Close it when done: that closes the pool too. It needs PostgreSQL 11 or
// later. Pool returns the pool, for other users of the same database; New
// builds a Store on a pool the caller already has.
func Open(ctx context.Context, dsn string, opts *Options) (*Store, error) {
	cfg, err := ParseConfig(dsn, opts)
	if err != nil {
		return nil, errors.New("postgres: open: cannot parse the DSN")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fail(ctx, "open", err)
	}
	s := &Store{pool: &closingPool{Pool: pool}, owned: true}
	if err := s.migrate(ctx, schemaOf(opts)); err != nil {
		pool.Close()
		return nil, fail(ctx, "open: migrate", err)
	}
	return s, nil
}

// New returns a Store on pool, which the caller keeps owning: the Store
// never closes it (Close ends the Store's subscriptions, and every call
// made after it fails with profilekit.ErrClosed, but the pool stays open
// for its other users). New applies the migrations the database lacks, as
// Open does, and the Store works exactly as Open's: the presence feed's
// LISTEN takes its connection out of the same pool. Several Stores, and
// other code (notify/pgnotify, an application's own queries), may share
// one pool, so that an application runs on one pool per database.
//
// Configure the pool with ConfigurePool (or build its config with
// ParseConfig) before creating it, for two settings Open's pool has:
//
//   - Options.Schema as the search_path of every connection. When
//     opts.Schema is set, New requires it: it fails, changing nothing,
//     unless the pool's search_path is exactly that schema, because every
//     statement names its tables without a schema. Without
//     Options.Schema the tables go where the pool's search_path says.
//   - The context watcher that cancels a statement on the server before
//     the call returns. New cannot see it and works without it, but then
//     a cancelled call may return while its statement still runs, and a
//     write its caller was told failed may commit (see ConfigurePool).
func New(ctx context.Context, pool *pgxpool.Pool, opts *Options) (*Store, error) {
	if pool == nil {
		return nil, errors.New("postgres: new: nil pool")
	}
	schema := schemaOf(opts)
	if schema != "" {
		var ok bool
		var current string
		if err := pool.QueryRow(ctx, `SELECT current_setting('search_path') = quote_ident($1), current_setting('search_path')`,
			schema).Scan(&ok, &current); err != nil {
			return nil, fail(ctx, "new", err)
		}
		// The setting reads as given: quoted as ConfigurePool sets it, or
		// as the server spells it after a SET.
		if !ok && current != (pgx.Identifier{schema}).Sanitize() {
			return nil, fmt.Errorf("postgres: new: the pool's search_path is %q, not the schema %q: build the pool's config with postgres.ParseConfig or postgres.ConfigurePool",
				current, schema)
		}
	}
	s := &Store{pool: &closingPool{Pool: pool}}
	if err := s.migrate(ctx, schema); err != nil {
		return nil, fail(ctx, "new: migrate", err)
	}
	return s, nil
}

// DefaultMaxConns is the size of the pool ParseConfig configures (and so
// Open opens) when the DSN does not give pool_max_conns. pgxpool's own
// default, max(4, CPUs), makes a busy service's requests queue for a
// connection on a small machine while PostgreSQL could serve more; a
// pool much larger than this makes them compete for the database's CPUs
// instead (see examples/server's BenchmarkCost). Listeners (the presence
// feed's, feed/pgfeed's, notify/pgnotify's) take their connections out of
// the pool, which opens others in their place, so they do not count.
const DefaultMaxConns = 16

// ParseConfig parses dsn as pgxpool.ParseConfig does and applies
// ConfigurePool to the result: the configuration of the pool Open would
// open, for a caller that wants to open it itself (and share it) and then
// call New. The pool has DefaultMaxConns connections unless dsn gives
// pool_max_conns. Its error never quotes the DSN, which may hold a
// password.
func ParseConfig(dsn string, opts *Options) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The parse error may quote the DSN, password included; say only
		// that it failed.
		return nil, errors.New("postgres: cannot parse the DSN")
	}
	// pgxpool took the pool_ settings out of the connection's; the
	// setting's name in the DSN, in either form, says it was given.
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	ConfigurePool(cfg, opts)
	return cfg, nil
}

// ConfigurePool gives cfg the settings of Open's pool, for a pool the
// caller opens and hands to New:
//
//   - search_path set to Options.Schema (quoted as an identifier), when
//     given, on every connection;
//   - a context watcher that, when a call's context ends, asks the server
//     to cancel the statement and waits (at most a second more) for it to
//     stop before the call returns. pgx's default closes the socket at
//     once and cancels afterwards, so a single-statement write waiting on
//     a row lock may commit after its caller was told it failed.
//
// Both suit other users of the pool too. ConfigurePool changes nothing
// else in cfg.
func ConfigurePool(cfg *pgxpool.Config, opts *Options) {
	if schema := schemaOf(opts); schema != "" {
		if cfg.ConnConfig.RuntimeParams == nil {
			cfg.ConnConfig.RuntimeParams = make(map[string]string)
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	}
	cfg.ConnConfig.BuildContextWatcherHandler = cancelOnServer
}

// schemaOf returns opts.Schema, or "" for nil opts.
func schemaOf(opts *Options) string {
	if opts == nil {
		return ""
	}
	return opts.Schema
}

// Pool returns the pool the Store runs on, for other code on the same
// database (notify/pgnotify.New takes one), so that an application needs
// one pool. For a Store from New it is the pool given; for one from Open,
// the pool Open opened, which Close closes.
func (s *Store) Pool() *pgxpool.Pool { return s.pool.Pool }

// migrate creates the schema if asked to and applies the missing
// migrations, in one transaction that holds an advisory lock keyed on the
// search_path, so that concurrent Opens of one database take turns.
func (s *Store) migrate(ctx context.Context, schema string) error {
	ms, err := migrate.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx,
			`SELECT pg_advisory_xact_lock(hashtextextended('profilekit migrate ' || current_setting('search_path'), 0))`); err != nil {
			return err
		}
		if schema != "" {
			if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS profilekit_migrations (
			version    integer     NOT NULL PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return err
		}
		if _, err := migrate.Apply(ctx, migrateTx{tx}, ms); err != nil {
			return err
		}
		return backfillSkeletons(ctx, tx)
	})
}

// backfillSkeletons gives each profile without a username skeleton (one
// stored before migration 0004 whose username the migration's SQL could
// not map: a non-ASCII one) its skeleton, unless an earlier profile's
// username looks the same: that one keeps the skeleton, as in the
// migration, and the look-alike stays without. It runs in Open's
// migration transaction, under its advisory lock, so concurrent Opens
// take turns.
func backfillSkeletons(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx,
		`SELECT id, username FROM profiles WHERE username_skeleton IS NULL ORDER BY created_at, id`)
	if err != nil {
		return err
	}
	type legacy struct{ id, username string }
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (legacy, error) {
		var l legacy
		return l, r.Scan(&l.id, &l.username)
	})
	if err != nil {
		return err
	}
	for _, p := range found {
		if _, err := tx.Exec(ctx, `UPDATE profiles SET username_skeleton = $1
			WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM profiles WHERE username_skeleton = $1)`,
			profile.UsernameSkeleton(p.username), p.id); err != nil {
			return err
		}
	}
	return nil
}

// Close ends the presence subscriptions and, for a Store from Open,
// closes the pool, waiting for connections in use to be returned; a pool
// given to New stays open. Calls made after Close fail with an error
// matching profilekit.ErrClosed. It never fails itself, and closing again
// does nothing.
func (s *Store) Close() error {
	if s.pool.closed.Swap(true) {
		return nil
	}
	s.feeds.Close()
	if s.owned {
		s.pool.Close()
	}
	return nil
}

// migrateTx adapts a pgx transaction to migrate.Tx.
type migrateTx struct{ tx pgx.Tx }

func (m migrateTx) Exec(ctx context.Context, script string) error {
	// Without arguments pgx uses the simple protocol, which runs a script
	// of several statements.
	_, err := m.tx.Exec(ctx, script)
	return err
}

func (m migrateTx) Applied(ctx context.Context) (map[int]string, error) {
	rows, err := m.tx.Query(ctx, `SELECT version, name FROM profilekit_migrations`)
	if err != nil {
		return nil, err
	}
	applied := make(map[int]string)
	var v int
	var name string
	_, err = pgx.ForEachRow(rows, []any{&v, &name}, func() error {
		applied[v] = name
		return nil
	})
	return applied, err
}

func (m migrateTx) Record(ctx context.Context, mig migrate.Migration) error {
	_, err := m.tx.Exec(ctx, `INSERT INTO profilekit_migrations (version, name) VALUES ($1, $2)`, mig.Version, mig.Name)
	return err
}

// toTime converts t to the stored form: UTC, to the microsecond (timestamptz
// would round rather than truncate finer digits).
func toTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// fromTime converts a stored time back, in UTC.
func fromTime(t time.Time) time.Time { return t.UTC() }

// cancelOnServer makes a cancelled context stop the statement on the server
// before the call returns. pgx's default closes the socket at once and sends
// the cancel request from a goroutine afterwards, so the caller can be told
// "context deadline exceeded" while its single-statement UPDATE is still
// waiting on a row lock; on a loaded machine the cancel can arrive after the
// lock is released, and the UPDATE then commits: a write its caller believes
// was refused. This handler sends the cancel request and keeps reading until
// the server reports the statement cancelled, with a socket deadline one
// second later as the fallback for a server that does not answer.
func cancelOnServer(c *pgconn.PgConn) ctxwatch.Handler {
	return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Second}
}
