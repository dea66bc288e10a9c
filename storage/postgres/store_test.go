package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/testenv"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/postgres"
	"github.com/convrs/profilekit/storage/storagetest"
)

// testDSN returns the test database's DSN, or skips t when none is set.
func testDSN(t testing.TB) string {
	t.Helper()
	return testenv.Postgres(t)
}

// testSchema returns a new schema name for t and drops that schema, with
// everything in it, when t ends. The schema itself is created by Open.
func testSchema(t testing.TB, dsn string) string {
	t.Helper()
	return dropLater(t, dsn, testenv.Name(8))
}

// dropLater drops schema, with everything in it, when t ends, and returns
// schema.
func dropLater(t testing.TB, dsn, schema string) string {
	t.Helper()
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// openTest opens a Store in a schema of its own.
func openTest(t testing.TB) (*postgres.Store, string, string) {
	t.Helper()
	dsn := testDSN(t)
	schema := testSchema(t, dsn)
	s, err := postgres.Open(context.Background(), dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	return s, dsn, schema
}

func TestConformance(t *testing.T) {
	testDSN(t)
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, _, _ := openTest(t)
		return s
	})
}
