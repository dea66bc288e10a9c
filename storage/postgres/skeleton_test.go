package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/postgres"
	"github.com/convrs/profilekit/storage/storagetest"
)

// Two instances (two Stores on one schema) creating look-alike usernames at
// the same moment: the UNIQUE skeleton constraint lets exactly one win.
func TestConfusableCreatesAcrossInstances(t *testing.T) {
	ctx := context.Background()
	a, dsn, schema := openTest(t)
	b, err := postgres.Open(ctx, dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	defer b.Close()
	svcA, svcB := profile.New(a, &profile.Options{Instance: "a"}), profile.New(b, &profile.Options{Instance: "b"})

	const rounds = 25
	for i := range rounds {
		latin, lookalike := fmt.Sprintf("admin%d", i), fmt.Sprintf("admın%d", i)
		var errA, errB error
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Go(func() {
			<-start
			_, errA = svcA.Create(ctx, profile.NewAgent{ID: fmt.Sprintf("a-%d", i), Username: latin, Role: "agent", Name: "A", PublicName: "A"})
		})
		wg.Go(func() {
			<-start
			_, errB = svcB.Create(ctx, profile.NewAgent{ID: fmt.Sprintf("b-%d", i), Username: lookalike, Role: "agent", Name: "B", PublicName: "B"})
		})
		close(start)
		wg.Wait()
		require.True(t, (errA == nil) != (errB == nil), "round %d: exactly one must win: %v / %v", i, errA, errB)
		loser := errA
		if loser == nil {
			loser = errB
		}
		assert.ErrorIs(t, loser, profile.ErrUsernameConfusable)
		assert.Equal(t, profilekit.CodeUsernameConfusable, firstFieldCode(t, loser))
	}
}

// firstFieldCode returns the code of err's first field problem.
func firstFieldCode(t *testing.T, err error) profilekit.Code {
	t.Helper()
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	return verr.Fields[0].Code
}

// Migration 0004 backfills the skeletons of ASCII usernames, the earliest
// of a look-alike group keeping its skeleton, and leaves the rest to the
// Service's next write.
func TestSkeletonBackfill(t *testing.T) {
	ctx := context.Background()
	s, dsn, schema := openTest(t)
	require.NoError(t, s.Close())

	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `SET search_path TO `+pgx.Identifier{schema}.Sanitize())
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `ALTER TABLE profiles DROP CONSTRAINT profiles_username_skeleton_key;
		ALTER TABLE profiles DROP COLUMN username_skeleton;
		DELETE FROM profilekit_migrations WHERE version = 4`)
	require.NoError(t, err)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, username := range storagetest.LegacyUsernames() {
		_, err := conn.Exec(ctx, `INSERT INTO profiles (id, username, role, business_unit, name, public_name, language,
			landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at)
			VALUES ($1, $2, 'agent', '', 'N', 'N', '', '', '', '', false, 1, $3, $3)`,
			fmt.Sprintf("legacy-%d", i), username, at.Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
	}

	again, err := postgres.Open(ctx, dsn, &postgres.Options{Schema: schema})
	require.NoError(t, err)
	defer again.Close()
	storagetest.CheckSkeletonBackfill(t, again)
}
