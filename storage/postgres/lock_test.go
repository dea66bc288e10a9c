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
	// With pgx's default cancellation the timed-out UPDATE would still be
	// waiting on the server and would now commit; wait until no statement
	// of ours is left waiting, then check it did not.
	require.Eventually(t, func() bool {
		var waiting int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`).Scan(&waiting)
		return err == nil && waiting == 0
	}, 5*time.Second, 20*time.Millisecond)
	got, err = s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, p.Version, got.Version, "the timed-out update ran after its deadline")
	assert.NoError(t, s.UpdateProfile(ctx, next, p.Version))
}
