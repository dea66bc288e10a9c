package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/sqlite"
)

// TestUsernameQueriesSeekTheUniqueIndex shows that GetProfileByUsername
// and ListProfiles read the UNIQUE index on username: the lookup is one
// SEARCH, and a page starts with a SEARCH on username > ? and needs no
// sort, so that every page costs the same however deep it is. The
// statements' WHERE and ORDER BY clauses are those of profile.go.
func TestUsernameQueriesSeekTheUniqueIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plan.db")
	s, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	db := rawDB(t, path)
	_, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
		INSERT INTO profiles (id, username, role, business_unit, name, public_name, language, landline,
			mobile, photo, capitalize_first_letter, version, created_at, updated_at)
		SELECT 'a' || i, 'user-' || i, 'agent', '', 'N', 'N', '', '', '', '', 0, 1, 0, 0 FROM n; ANALYZE`)
	require.NoError(t, err)
	plan := func(query string, args ...any) string {
		rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
		require.NoError(t, err)
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			lines = append(lines, detail)
		}
		require.NoError(t, rows.Err())
		return strings.Join(lines, "\n")
	}

	lookup := plan(`SELECT id FROM profiles WHERE username = ?`, "user-42")
	t.Logf("lookup:\n%s", lookup)
	assert.Regexp(t, `SEARCH profiles USING INDEX sqlite_autoindex_profiles_\d+ \(username=\?\)`, lookup)

	page := plan(`SELECT id FROM profiles WHERE username > ? ORDER BY username LIMIT ?`, "user-2500", 101)
	t.Logf("page:\n%s", page)
	assert.Regexp(t, `SEARCH profiles USING INDEX sqlite_autoindex_profiles_\d+ \(username>\?\)`, page)
	assert.NotContains(t, page, "TEMP B-TREE", "a page must not sort")

	s, err = sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	got, err := s.ListProfiles(ctx, "user-500", 3)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"user-5000", "user-501", "user-502"}, []string{got[0].Username, got[1].Username, got[2].Username},
		"byte order")
}
