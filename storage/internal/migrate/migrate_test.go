package migrate_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/internal/migrate"
)

// fakeTx records what Apply does.
type fakeTx struct {
	applied map[int]string
	ran     []string
	failOn  string
}

func (f *fakeTx) Exec(_ context.Context, script string) error {
	if script == f.failOn {
		return errors.New("boom")
	}
	f.ran = append(f.ran, script)
	return nil
}

func (f *fakeTx) Applied(context.Context) (map[int]string, error) {
	out := make(map[int]string, len(f.applied))
	for v, n := range f.applied {
		out[v] = n
	}
	return out, nil
}

func (f *fakeTx) Record(_ context.Context, m migrate.Migration) error {
	f.applied[m.Version] = m.Name
	return nil
}

func files(names ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, n := range names {
		fsys["m/"+n] = &fstest.MapFile{Data: []byte("-- " + n)}
	}
	return fsys
}

func TestLoadSortsByVersion(t *testing.T) {
	ms, err := migrate.Load(files("0010_c.sql", "0002_b.sql", "0001_a.sql"), "m")
	require.NoError(t, err)
	require.Len(t, ms, 3)
	assert.Equal(t, []int{1, 2, 10}, []int{ms[0].Version, ms[1].Version, ms[2].Version})
	assert.Equal(t, "0002_b", ms[1].Name)
	assert.Equal(t, "-- 0002_b.sql", ms[1].SQL)
}

func TestLoadRejectsBadSets(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"bad name":          files("0001_a.sql", "2_b.sql"),
		"upper case":        files("0001_Profiles.sql"),
		"not sql":           files("0001_a.txt"),
		"duplicate version": files("0001_a.sql", "0001_b.sql"),
		"version zero":      files("0000_a.sql"),
		"empty":             {"m/sub/0001_a.sql": &fstest.MapFile{}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := migrate.Load(fsys, "m")
			assert.Error(t, err)
		})
	}
	_, err := migrate.Load(files("0001_a.sql"), "missing")
	assert.Error(t, err)
}

func TestApplyRunsOnlyMissingInOrder(t *testing.T) {
	ctx := context.Background()
	ms, err := migrate.Load(files("0001_a.sql", "0002_b.sql", "0003_c.sql"), "m")
	require.NoError(t, err)
	tx := &fakeTx{applied: map[int]string{2: "0002_b"}}

	done, err := migrate.Apply(ctx, tx, ms)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 3}, done)
	assert.Equal(t, []string{"-- 0001_a.sql", "-- 0003_c.sql"}, tx.ran)

	done, err = migrate.Apply(ctx, tx, ms)
	require.NoError(t, err)
	assert.Empty(t, done, "a second run applied something again")
}

func TestApplyKeepsUnknownNewerVersions(t *testing.T) {
	ms, err := migrate.Load(files("0001_a.sql"), "m")
	require.NoError(t, err)
	tx := &fakeTx{applied: map[int]string{1: "0001_a", 7: "0007_future"}}
	done, err := migrate.Apply(context.Background(), tx, ms)
	require.NoError(t, err)
	assert.Empty(t, done)
}

func TestApplyRejectsRenumberedMigration(t *testing.T) {
	ms, err := migrate.Load(files("0002_credentials.sql"), "m")
	require.NoError(t, err)
	tx := &fakeTx{applied: map[int]string{2: "0002_presence"}}
	_, err = migrate.Apply(context.Background(), tx, ms)
	assert.ErrorContains(t, err, "0002_presence")
	assert.Empty(t, tx.ran)
}

func TestApplyStopsAtFailure(t *testing.T) {
	ms, err := migrate.Load(files("0001_a.sql", "0002_b.sql", "0003_c.sql"), "m")
	require.NoError(t, err)
	tx := &fakeTx{applied: map[int]string{}, failOn: "-- 0002_b.sql"}
	_, err = migrate.Apply(context.Background(), tx, ms)
	assert.ErrorContains(t, err, "0002_b")
	assert.Equal(t, map[int]string{1: "0001_a"}, tx.applied, "nothing after the failure may run")
}
