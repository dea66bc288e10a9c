package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
)

// Migration is one versioned schema change.
type Migration struct {
	// Version is the number the file name starts with.
	Version int
	// Name is the file name without ".sql", for example "0001_profiles".
	Name string
	// SQL is the script, run as one unit inside the migration transaction.
	SQL string
}

// Tx is the part of an open, locked migration transaction that Apply uses.
// Each adapter implements it for its driver.
type Tx interface {
	// Exec runs script, which may hold several statements and takes no
	// arguments.
	Exec(ctx context.Context, script string) error
	// Applied returns the recorded migrations, name by version.
	Applied(ctx context.Context) (map[int]string, error)
	// Record notes that m has been applied.
	Record(ctx context.Context, m Migration) error
}

// fileName is the pattern every migration file name matches.
var fileName = regexp.MustCompile(`^([0-9]{4,})_[a-z0-9_]+\.sql$`)

// Load reads the migrations in directory dir of fsys, sorted by version.
// It fails when a file is not named NNNN_description.sql, when two files
// share a version, when a version is zero, or when there are no migrations
// at all.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: read migrations: %w", err)
	}
	var ms []Migration
	seen := make(map[int]string)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		match := fileName.FindStringSubmatch(e.Name())
		if match == nil {
			return nil, fmt.Errorf("migrate: file %q is not named NNNN_description.sql", e.Name())
		}
		v, err := strconv.Atoi(match[1])
		if err != nil || v == 0 {
			return nil, fmt.Errorf("migrate: file %q: version must be a positive number", e.Name())
		}
		if other, ok := seen[v]; ok {
			return nil, fmt.Errorf("migrate: files %q and %q share version %d", other, e.Name(), v)
		}
		seen[v] = e.Name()
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migrate: read %q: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name()[:len(e.Name())-len(".sql")], SQL: string(body)})
	}
	if len(ms) == 0 {
		return nil, errors.New("migrate: no migrations")
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// Apply runs, in ascending version order, every migration in ms that tx has
// not recorded, recording each after it runs, and returns the versions it
// applied. The caller must hold the dialect's migration lock in tx and
// commit tx when Apply succeeds (or roll it back when it fails).
//
// A recorded version whose name differs from the file's is an error: two
// branches gave different migrations the same number. A recorded version
// with no file is allowed (a newer build migrated the database) and left
// alone, so migrations must only ever add.
func Apply(ctx context.Context, tx Tx, ms []Migration) ([]int, error) {
	applied, err := tx.Applied(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: list applied migrations: %w", err)
	}
	var done []int
	for _, m := range ms {
		if name, ok := applied[m.Version]; ok {
			if name != m.Name {
				return nil, fmt.Errorf("migrate: version %d was applied as %q but the file is %q", m.Version, name, m.Name)
			}
			continue
		}
		if err := tx.Exec(ctx, m.SQL); err != nil {
			return nil, fmt.Errorf("migrate: apply %s: %w", m.Name, err)
		}
		if err := tx.Record(ctx, m); err != nil {
			return nil, fmt.Errorf("migrate: record %s: %w", m.Name, err)
		}
		done = append(done, m.Version)
	}
	return done, nil
}
