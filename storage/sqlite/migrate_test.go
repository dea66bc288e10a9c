package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/sqlite"
)

// appliedMigrations returns the rows of the bookkeeping table, read with
// plain database/sql.
func appliedMigrations(t *testing.T, path string) map[int]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT version, name || '@' || applied_at FROM profilekit_migrations`)
	require.NoError(t, err)
	defer rows.Close()
	got := make(map[int]string)
	for rows.Next() {
		var v int
		var s string
		require.NoError(t, rows.Scan(&v, &s))
		got[v] = s
	}
	require.NoError(t, rows.Err())
	return got
}

func TestReopenKeepsDataAndDoesNotReapplyMigrations(t *testing.T) {
	ctx := context.Background()
	s, path := openFile(t)
	p := profile.Profile{ID: "a1", Username: "u1", Role: "agent", Name: "Ünïcödé", PublicName: "U", Version: 1}
	require.NoError(t, s.CreateProfile(ctx, p))
	require.NoError(t, s.Close())
	first := appliedMigrations(t, path)
	require.Contains(t, first, 1, "migration 0001 was not recorded")

	again, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	defer again.Close()
	got, err := again.GetProfile(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, p.Name, got.Name)
	assert.Equal(t, first, appliedMigrations(t, path), "reopening changed the migration records")
}

func TestConcurrentOpensOfNewFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	const opens = 8
	stores := make([]*sqlite.Store, opens)
	errs := make([]error, opens)
	var wg sync.WaitGroup
	for i := range opens {
		wg.Go(func() { stores[i], errs[i] = sqlite.Open(ctx, path, nil) })
	}
	wg.Wait()
	for i := range opens {
		require.NoError(t, errs[i], "open %d", i)
		defer stores[i].Close()
	}
	// Every Store sees the one database.
	require.NoError(t, stores[0].CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	for i, s := range stores {
		_, err := s.GetProfile(ctx, "a1")
		assert.NoError(t, err, "store %d", i)
	}
	assert.Len(t, appliedMigrations(t, path), migrationFileCount(t), "every migration applied exactly once")
}

func TestConcurrentOpensOfNewFileFromSeveralProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "profilekit.db")
	const processes = 4
	cmds := make([]*exec.Cmd, processes)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), openChildEnv+"="+path)
		cmds[i].Stderr = os.Stderr
		require.NoError(t, cmds[i].Start())
	}
	for i, cmd := range cmds {
		assert.NoError(t, cmd.Wait(), "process %d", i)
	}
	assert.Len(t, appliedMigrations(t, path), migrationFileCount(t), "every migration applied exactly once")
	s, err := sqlite.Open(context.Background(), path, nil)
	require.NoError(t, err)
	defer s.Close()
	for _, cmd := range cmds {
		_, err := s.GetProfile(context.Background(), fmt.Sprintf("p%d", cmd.Process.Pid))
		assert.NoError(t, err, "the profile of process %d is missing", cmd.Process.Pid)
	}
}

func TestMemoryDatabasesArePrivate(t *testing.T) {
	ctx := context.Background()
	a, err := sqlite.Open(ctx, sqlite.Memory, nil)
	require.NoError(t, err)
	defer a.Close()
	b, err := sqlite.Open(ctx, sqlite.Memory, nil)
	require.NoError(t, err)
	defer b.Close()
	require.NoError(t, a.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	_, err = b.GetProfile(ctx, "a1")
	assert.ErrorIs(t, err, profile.ErrNotFound)
}

func TestCallsAfterCloseFail(t *testing.T) {
	s, _ := openFile(t)
	require.NoError(t, s.Close())
	_, err := s.GetProfile(context.Background(), "a1")
	assert.Error(t, err)
	assert.NotErrorIs(t, err, profile.ErrNotFound)
}

func TestOpenFailsOnNonDatabaseFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not-a-db")
	require.NoError(t, writeFile(path, "this is not an SQLite database, just some text that is long enough"))
	_, err := sqlite.Open(context.Background(), path, nil)
	assert.ErrorContains(t, err, "sqlite: open")
}

func TestOpenPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a dir?x=1#y%20", "profilekit.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	s, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	require.NoError(t, s.Close())
	_, err = os.Stat(path)
	assert.NoError(t, err, "the database is not at the path given")
}

func TestNewFileIsPrivate(t *testing.T) {
	s, path := openFile(t)
	require.NoError(t, s.CreateProfile(context.Background(), profile.Profile{ID: "a1", Username: "u1", Version: 1}))
	for _, name := range []string{path, path + "-wal", path + "-turn"} {
		info, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), name)
	}
	require.NoError(t, s.Close())
}

// execRaw runs one statement on the file at path with plain database/sql.
func execRaw(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(stmt)
	require.NoError(t, err)
}

func TestOpenRejectsARenumberedMigration(t *testing.T) {
	s, path := openFile(t)
	require.NoError(t, s.Close())
	execRaw(t, path, `UPDATE profilekit_migrations SET name = '0001_something_else' WHERE version = 1`)
	_, err := sqlite.Open(context.Background(), path, nil)
	assert.ErrorContains(t, err, "0001_something_else")
}

func TestOpenAcceptsMigrationsOfANewerBuild(t *testing.T) {
	s, path := openFile(t)
	require.NoError(t, s.Close())
	execRaw(t, path, `INSERT INTO profilekit_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)`)
	s, err := sqlite.Open(context.Background(), path, nil)
	require.NoError(t, err)
	assert.NoError(t, s.Close())
}

// migrationFileCount returns the number of migration files the package
// embeds.
func migrationFileCount(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return len(files)
}
