package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/storagetest"
)

func TestDeadlineWhileAnotherTransactionHoldsTheRow(t *testing.T) {
	ctx := context.Background()
	s, dsn, schema := openTest(t)
	defer s.Close()
	p := storagetest.BenchProfile(t, s, "a1")

	// Another instance locks the row and keeps its transaction open.
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `SELECT 1 FROM `+pgx.Identifier{schema, "profiles"}.Sanitize()+` WHERE id = 'a1' FOR UPDATE`)
	require.NoError(t, err)

	next := p
	next.Name, next.Version = "blocked", p.Version+1
	dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = s.UpdateProfile(dctx, next, p.Version)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, p.Version, got.Version, "the timed-out update was applied")
	require.NoError(t, tx.Rollback(ctx))
	assert.NoError(t, s.UpdateProfile(ctx, next, p.Version))
}
