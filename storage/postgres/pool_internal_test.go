package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// TestDedicatedConnectionSeesTheSchema checks what the pool field's comment
// promises code in this package: a connection taken out of the pool for
// good uses the Store's schema.
func TestDedicatedConnectionSeesTheSchema(t *testing.T) {
	dsn := os.Getenv("PROFILEKIT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("PostgreSQL tests need a database: set PROFILEKIT_POSTGRES_DSN, for example " +
			"PROFILEKIT_POSTGRES_DSN='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' (.ci/run sets it)")
	}
	ctx := context.Background()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "profilekit_test_" + hex.EncodeToString(b)
	s, err := Open(ctx, dsn, &Options{Schema: schema})
	require.NoError(t, err)
	defer s.Close()
	defer func() {
		_, err := s.pool.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`)
		assert.NoError(t, err)
	}()
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))

	pc, err := s.pool.Acquire(ctx)
	require.NoError(t, err)
	conn := pc.Hijack()
	defer conn.Close(ctx)
	var n int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM profiles`).Scan(&n))
	assert.Equal(t, 1, n)
}
