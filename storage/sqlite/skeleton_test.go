package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

// Migration 0004 backfills the skeletons of ASCII usernames, the earliest
// of a look-alike group keeping its skeleton, and leaves the rest to the
// Service's next write.
func TestSkeletonBackfill(t *testing.T) {
	ctx := context.Background()
	s, path := openFile(t)
	require.NoError(t, s.Close())

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`DROP INDEX profiles_username_skeleton_key;
		ALTER TABLE profiles DROP COLUMN username_skeleton;
		DELETE FROM profilekit_migrations WHERE version = 4`)
	require.NoError(t, err)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, username := range storagetest.LegacyUsernames() {
		_, err := db.Exec(`INSERT INTO profiles (id, username, role, business_unit, name, public_name, language,
			landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at)
			VALUES (?, ?, 'agent', '', 'N', 'N', '', '', '', '', 0, 1, ?, ?)`,
			fmt.Sprintf("legacy-%d", i), username, at.Add(time.Duration(i)*time.Second).UnixMicro(), at.UnixMicro())
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	again, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	defer again.Close()
	storagetest.CheckSkeletonBackfill(t, again)
}
