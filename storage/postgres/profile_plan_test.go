package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUsernameQueriesSeekTheUniqueIndex shows that GetProfileByUsername
// and ListProfiles read the index of profiles_username_key, which
// migration 0007 gives the "C" collation: the lookup is one index scan,
// and a page is an index scan from the cursor under a Limit, with no sort,
// so that every page costs the same however deep it is, whatever
// collation the database was created with. The statements' WHERE and
// ORDER BY clauses are those of profile.go.
func TestUsernameQueriesSeekTheUniqueIndex(t *testing.T) {
	s, dsn, schema := openTest(t)
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.RuntimeParams["search_path"] = schema
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(ctx) })

	var collation string
	require.NoError(t, conn.QueryRow(ctx, `SELECT collation_name FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = 'profiles' AND column_name = 'username'`, schema).Scan(&collation))
	assert.Equal(t, "C", collation)

	_, err = conn.Exec(ctx, `INSERT INTO profiles (id, username, role, business_unit, name, public_name, language,
			landline, mobile, photo, capitalize_first_letter, version, created_at, updated_at)
		SELECT 'a' || i, 'user-' || i, 'agent', '', 'N', 'N', '', '', '', '', false, 1, now(), now()
		FROM generate_series(1, 10000) i; ANALYZE profiles`)
	require.NoError(t, err)
	explain := func(sql string, args ...any) string {
		rows, err := conn.Query(ctx, "EXPLAIN (COSTS OFF) "+sql, append([]any{pgx.QueryExecModeExec}, args...)...)
		require.NoError(t, err)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return strings.Join(lines, "\n")
	}

	lookup := explain(`SELECT id FROM profiles WHERE username = $1`, "user-42")
	t.Logf("lookup:\n%s", lookup)
	assert.Contains(t, lookup, "Index Scan using profiles_username_key")

	page := explain(`SELECT id FROM profiles WHERE username > $1 ORDER BY username LIMIT $2`, "user-5000", 101)
	t.Logf("page:\n%s", page)
	assert.Contains(t, page, "Limit")
	assert.Contains(t, page, "Index Scan using profiles_username_key")
	assert.NotContains(t, page, "Sort", "a page must not sort")

	got, err := s.ListProfiles(ctx, "user-1000", 3)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"user-10000", "user-1001", "user-1002"},
		[]string{got[0].Username, got[1].Username, got[2].Username}, "byte order")
}
