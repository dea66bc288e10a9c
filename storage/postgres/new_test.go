package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/pgnotify"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/postgres"
	"github.com/convrs/profilekit/storage/storagetest"
)

// newPool opens a pool configured by ParseConfig for a fresh schema, and
// closes it when t ends (after the Stores on it, whose clean-ups run
// first).
func newPool(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	dsn := testDSN(t)
	schema := testSchema(t, dsn)
	cfg, err := postgres.ParseConfig(dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool, schema
}

// newOnPool returns a Store made with New on pool, closed when t ends.
func newOnPool(t testing.TB, pool *pgxpool.Pool, schema string) *postgres.Store {
	t.Helper()
	s, err := postgres.New(context.Background(), pool, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestNewConformance runs the whole suite on Stores made with New, each on
// a pool of its own that the test closes itself.
func TestNewConformance(t *testing.T) {
	testDSN(t)
	storagetest.Run(t, func(t *testing.T) storage.Store {
		pool, schema := newPool(t)
		return newOnPool(t, pool, schema)
	})
}

// TestNewCloseLeavesThePoolOpen: closing a Store made with New fails its
// later calls with ErrClosed, ends its presence feed, and leaves the
// caller's pool working; closing Open's Store closes its pool.
func TestNewCloseLeavesThePoolOpen(t *testing.T) {
	ctx := context.Background()
	pool, schema := newPool(t)
	s := newOnPool(t, pool, schema)
	assert.Same(t, pool, s.Pool())
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	sub, err := s.SubscribePresence(ctx)
	require.NoError(t, err)

	require.NoError(t, s.Close())
	_, err = s.GetProfile(ctx, "a1")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	_, err = s.GetSession(ctx, session.HashToken("t"))
	assert.ErrorIs(t, err, profilekit.ErrClosed)
	for range sub.C() {
	}
	assert.ErrorIs(t, sub.Err(), profilekit.ErrClosed, "the feed ends with the Store")

	require.NoError(t, pool.Ping(ctx), "the caller's pool was closed")
	var n int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM profiles`).Scan(&n))
	assert.Equal(t, 1, n)

	opened, _, _ := openTest(t)
	own := opened.Pool()
	require.NoError(t, opened.Close())
	assert.Error(t, own.Ping(ctx), "Open's pool stays open after Close")
}

// TestTwoStoresOnOnePool: two Stores made with New on one pool (two
// libraries of one application, or a Store and pgnotify) see each other's
// writes and presence changes, and closing one leaves the other working.
func TestTwoStoresOnOnePool(t *testing.T) {
	ctx := context.Background()
	pool, schema := newPool(t)
	a, b := newOnPool(t, pool, schema), newOnPool(t, pool, schema)

	require.NoError(t, a.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	_, err := b.GetProfile(ctx, "a1")
	require.NoError(t, err)

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := presence.New(b, nil).Watch(wctx)
	require.NoError(t, err)
	_, err = presence.New(a, nil).SetBusy(ctx, "a1", true)
	require.NoError(t, err)
	assert.Equal(t, presence.Busy, presencetest.Next(t, w).Presence.Status)

	sessions := session.New(a, nil)
	token, _, err := sessions.Create(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, a.Close())
	got, err := session.New(b, nil).Lookup(ctx, token)
	require.NoError(t, err, "the other Store on the pool still works")
	assert.Equal(t, "a1", got.AgentID)

	// notify/pgnotify sends on the same pool.
	notes, err := pgnotify.New(b.Pool(), nil)
	require.NoError(t, err)
	require.NoError(t, notes.Notify(ctx, notify.Notification{AgentID: "a1", Kind: notify.IncomingChat, ChatID: "c1"}))
}

// TestNewRequiresTheSchemaOnThePool: with Options.Schema, New refuses a
// pool whose search_path is not that schema, and creates nothing; without
// it, the tables go where the pool's search_path says.
func TestNewRequiresTheSchemaOnThePool(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := testSchema(t, dsn)
	plain, err := pgxpool.New(ctx, dsn)
	require.NoError(t, err)
	defer plain.Close()
	_, err = postgres.New(ctx, plain, &postgres.Options{Schema: schema})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "search_path")
	var exists bool
	require.NoError(t, plain.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists))
	assert.False(t, exists, "a refused New created the schema")

	_, err = postgres.New(ctx, nil, nil)
	assert.Error(t, err)

	// A pool configured for the schema, and New without Options.Schema:
	// the tables go to the pool's search_path, which must then exist.
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	postgres.ConfigurePool(cfg, &postgres.Options{Schema: schema})
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	defer pool.Close()
	_, err = plain.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize())
	require.NoError(t, err)
	s, err := postgres.New(ctx, pool, nil)
	require.NoError(t, err)
	defer s.Close()
	assert.Len(t, appliedMigrations(t, dsn, schema), migrationFileCount(t), "the tables are not in the pool's schema")
}

// TestNewQuotedSchema: the schema check accepts a name that needs quoting.
func TestNewQuotedSchema(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := dropLater(t, dsn, testSchema(t, dsn)+` Mixed "Case", public`)
	cfg, err := postgres.ParseConfig(dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	defer pool.Close()
	s, err := postgres.New(ctx, pool, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	assert.Len(t, appliedMigrations(t, dsn, schema), migrationFileCount(t))
}

// TestParseConfigHidesThePassword: a DSN that does not parse is not quoted.
func TestParseConfigHidesThePassword(t *testing.T) {
	_, err := postgres.ParseConfig("postgres://user:s3cret-pw@127.0.0.1:5432/db?sslmode=bogus", nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pw")
	cfg, err := postgres.ParseConfig("postgres://u@127.0.0.1/db", &postgres.Options{Schema: `a"b`})
	require.NoError(t, err)
	assert.Equal(t, `"a""b"`, cfg.ConnConfig.RuntimeParams["search_path"])
	assert.NotNil(t, cfg.ConnConfig.BuildContextWatcherHandler)
}

// TestParseConfigSizesThePool: without pool_max_conns the pool has
// DefaultMaxConns connections, whatever the machine's CPUs (pgxpool's own
// default, max(4, CPUs), queues requests of a busy service on a small
// machine); pool_max_conns in the DSN, in either form, wins.
func TestParseConfigSizesThePool(t *testing.T) {
	cfg, err := postgres.ParseConfig("postgres://u@127.0.0.1/db", nil)
	require.NoError(t, err)
	assert.EqualValues(t, postgres.DefaultMaxConns, cfg.MaxConns)
	for _, dsn := range []string{"postgres://u@127.0.0.1/db?pool_max_conns=3", "host=127.0.0.1 user=u pool_max_conns=3"} {
		cfg, err := postgres.ParseConfig(dsn, nil)
		require.NoError(t, err)
		assert.EqualValues(t, 3, cfg.MaxConns, dsn)
	}
}
