package migrate_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/internal/migrate"
)

// FuzzLoad checks that Load never panics on a file name and that a name it
// accepts yields one migration with a positive version named for the file.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"0001_profiles.sql", "0002_credentials.sql", "1_a.sql", "0000_a.sql",
		"00010_x.sql", "0001_.sql", "0001_A.sql", "0001_a.sql.bak", "99999999999999999999999_a.sql"} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !fs.ValidPath("m/" + name) {
			return
		}
		ms, err := migrate.Load(fstest.MapFS{"m/" + name: &fstest.MapFile{Data: []byte("SELECT 1")}}, "m")
		if err != nil {
			return
		}
		require.Len(t, ms, 1)
		assert.Positive(t, ms[0].Version)
		assert.Equal(t, name, ms[0].Name+".sql")
		assert.Equal(t, "SELECT 1", ms[0].SQL)
	})
}
