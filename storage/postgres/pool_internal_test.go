package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/testenv"
	"github.com/convrs/profilekit/profile"
)

// TestDedicatedConnectionSeesTheSchema checks what the pool field's comment
// promises code in this package: a connection taken out of the pool for
// good uses the Store's schema.
func TestDedicatedConnectionSeesTheSchema(t *testing.T) {
	dsn := testenv.Postgres(t)
	ctx := context.Background()
	schema := testenv.Name(8)
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
