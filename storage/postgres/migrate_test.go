package postgres_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/postgres"
)

// appliedMigrations returns the rows of the bookkeeping table in schema,
// read with plain pgx.
func appliedMigrations(t *testing.T, dsn, schema string) map[int]string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT version, name || '@' || applied_at::text FROM `+
		pgx.Identifier{schema, "profilekit_migrations"}.Sanitize())
	require.NoError(t, err)
	got := make(map[int]string)
	var v int
	var s string
	_, err = pgx.ForEachRow(rows, []any{&v, &s}, func() error {
		got[v] = s
		return nil
	})
	require.NoError(t, err)
	return got
}

func TestReopenKeepsDataAndDoesNotReapplyMigrations(t *testing.T) {
	ctx := context.Background()
	s, dsn, schema := openTest(t)
	p := profile.Profile{ID: "a1", Username: "u1", Role: "agent", Name: "Ünïcödé", PublicName: "U", Version: 1}
	require.NoError(t, s.CreateProfile(ctx, p))
	require.NoError(t, s.Close())
	first := appliedMigrations(t, dsn, schema)
	require.Contains(t, first, 1, "migration 0001 was not recorded")

	again, err := postgres.Open(ctx, dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	defer again.Close()
	got, err := again.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, p.Name, got.Name)
	assert.Equal(t, first, appliedMigrations(t, dsn, schema), "reopening changed the migration records")
}

func TestConcurrentOpensOfNewSchema(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := testSchema(t, dsn)
	const opens = 8
	stores := make([]*postgres.Store, opens)
	errs := make([]error, opens)
	var wg sync.WaitGroup
	for i := range opens {
		wg.Go(func() { stores[i], errs[i] = postgres.Open(ctx, dsn, &postgres.Options{Schema: schema}) })
	}
	wg.Wait()
	for i := range opens {
		require.NoError(t, errs[i], "open %d", i)
		defer stores[i].Close()
	}
	require.NoError(t, stores[0].CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	for i, s := range stores {
		_, err := s.GetProfile(ctx, "a1")
		assert.NoError(t, err, "store %d", i)
	}
	assert.Len(t, appliedMigrations(t, dsn, schema), migrationFileCount(t), "every migration applied exactly once")
}

func TestSchemasAreIsolated(t *testing.T) {
	ctx := context.Background()
	a, _, _ := openTest(t)
	defer a.Close()
	b, _, _ := openTest(t)
	defer b.Close()
	require.NoError(t, a.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	_, err := b.GetProfile(ctx, "a1")
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

func TestSchemaNameIsQuoted(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := dropLater(t, dsn, testSchema(t, dsn)+` Mixed "Case", public`)
	s, err := postgres.Open(ctx, dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	assert.Len(t, appliedMigrations(t, dsn, schema), migrationFileCount(t), "the tables are not in the schema named")
}

func TestCallsAfterCloseFail(t *testing.T) {
	s, _, _ := openTest(t)
	require.NoError(t, s.Close())
	_, err := s.GetProfile(context.Background(), "a1")
	assert.Error(t, err)
	assert.NotErrorIs(t, err, profile.ErrNotFound)
}

func TestOpenErrorsHideThePassword(t *testing.T) {
	ctx := context.Background()
	_, err := postgres.Open(ctx, "postgres://user:s3cret-pw@127.0.0.1:5432/db?sslmode=bogus", nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pw")
	_, err = postgres.Open(ctx, "host=127.0.0.1 port=1 user=u password=s3cret-pw connect_timeout=1 sslmode=disable", nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pw")
}

// migrationFileCount returns the number of migration files the package
// embeds.
func migrationFileCount(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return len(files)
}
