package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite" // also registers the "sqlite" database/sql driver

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/internal/migrate"
	"github.com/convrs/profilekit/storage/internal/turn"
)

var (
	_ storage.Store          = (*Store)(nil)
	_ profile.UsernameLookup = (*Store)(nil)
	_ profile.Lister         = (*Store)(nil)
	_ profile.RoleKeeper     = (*Store)(nil)
	_ presence.ChatLookup    = (*Store)(nil)
)

// migrationFiles holds the schema migrations; see the package comment.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Memory is the path that opens a private in-memory database.
const Memory = ":memory:"

// Options tunes Open. The zero value, and a nil *Options, mean the defaults.
type Options struct {
	// BusyTimeout is how long a call whose context has no deadline waits
	// for a lock held by another process before it fails with an error
	// matching profilekit.ErrLocked; a call whose context has a deadline
	// waits until that deadline. Zero means 5 seconds.
	BusyTimeout time.Duration
	// MaxReaders caps the read-only connections. Zero means
	// max(4, GOMAXPROCS).
	MaxReaders int
}

// Store is the SQLite storage adapter. It is safe for concurrent use, and
// several processes may open the same file. Every method honours its
// context: once ctx is done a call stops, even while waiting for a lock,
// and returns an error wrapping ctx.Err(). Values are copied in and out, as
// the storage.Store contract requires.
//
// The zero value is not usable; call Open.
type Store struct {
	// writer has exactly one connection: every write goes through it, so
	// writes from this process are serialised in Go rather than by SQLite's
	// lock (see the package comment).
	writer *writer
	// reader serves reads from read-only connections. For an in-memory
	// database it uses the writer's connection, since every connection to
	// ":memory:" would see a database of its own.
	reader reader

	// presenceFeed wakes this Store's presence subscriptions after a
	// write and ends them at Close (see presence_feed.go).
	presenceFeed changeFeed
}

// Open opens the database file at path, creating it (readable by its owner
// only) when missing, applies the migrations it lacks and returns the
// Store. Close it when done.
//
// The path Memory (":memory:") opens a private in-memory database on a
// single connection instead, for tests and examples: it is gone at Close,
// and reads wait for writes. Tests that want the file behaviour (WAL,
// separate readers) should open a file in t.TempDir().
func Open(ctx context.Context, path string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = 5 * time.Second
	}
	readers := opts.MaxReaders
	if readers <= 0 {
		readers = max(4, runtime.GOMAXPROCS(0))
	}

	s, err := openPools(path, busy, readers)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %q: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("sqlite: open %q: %w", path, err)
	}
	return s, nil
}

// openPools creates the connection pools; it connects to nothing yet.
func openPools(path string, busy time.Duration, readers int) (*Store, error) {
	// Every connection enforces foreign keys and begins transactions with
	// BEGIN IMMEDIATE. Readers wait for other processes' locks in SQLite's
	// busy handler, which they rarely need in WAL mode; the writer waits
	// there only while it sets its connection up (see noBusyHandler).
	common := "_pragma=foreign_keys(1)&_txlock=immediate"
	readerBusy := fmt.Sprintf("&_pragma=busy_timeout(%d)", busy.Milliseconds())

	s := &Store{}
	if path == Memory {
		db, err := sql.Open("sqlite", "file::memory:?"+common+readerBusy)
		if err != nil {
			return nil, err
		}
		// One connection, never closed while the Store is open: the
		// database lives exactly as long as it does.
		singleConnection(db)
		s.writer = &writer{db: db, timeout: busy}
		s.reader = reader{db: db, closed: &s.writer.closed, stmts: &stmtCache{}}
		return s, nil
	}

	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// Profiles and credentials are personal data: create a missing file
	// readable by its owner only. SQLite gives the -wal and -shm files
	// the main file's permissions.
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		_ = f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	turns, err := turn.Open(abs + "-turn")
	if err != nil {
		return nil, err
	}
	// A "file:" URI, so that modernc.org/sqlite leaves the path alone; the
	// characters that mean something in a URI are escaped.
	uri := "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(abs)

	connector, err := sqlite.NewConnector(uri + "?" + common + readerBusy + "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		_ = turns.Close()
		return nil, err
	}
	writerDB := sql.OpenDB(noBusyHandler{connector})
	// One writer connection: this process's writers queue for it in Go
	// instead of racing for SQLite's write lock, which would give
	// SQLITE_BUSY (or, in WAL mode, SQLITE_BUSY_SNAPSHOT when a read
	// transaction tries to become a write one). BEGIN IMMEDIATE (the
	// _txlock above) covers writers in other processes: they take turns
	// in writer.begin, before any statement has run.
	singleConnection(writerDB)

	readerDB, err := sql.Open("sqlite", uri+"?"+common+readerBusy+"&_pragma=query_only(1)")
	if err != nil {
		_ = writerDB.Close()
		_ = turns.Close()
		return nil, err
	}
	readerDB.SetMaxOpenConns(readers)
	readerDB.SetMaxIdleConns(readers)
	s.writer = &writer{db: writerDB, timeout: busy, turns: turns}
	s.reader = reader{db: readerDB, closed: &s.writer.closed, stmts: &stmtCache{}}
	return s, nil
}

// noBusyHandler opens the writer's connections: set up as the DSN says,
// waiting in SQLite's busy handler for other processes (switching to WAL
// mode may have to), and then with that handler turned off, because
// writer.begin does the writer's waiting, fairly to other processes.
type noBusyHandler struct{ driver.Connector }

// Connect opens a connection and sets its busy timeout to zero.
func (c noBusyHandler) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		_ = conn.Close()
		return nil, errors.New("the driver's connection cannot run a statement")
	}
	if _, err := ex.ExecContext(ctx, "PRAGMA busy_timeout = 0", nil); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return conn, nil
}

// singleConnection limits db to one connection that is kept open.
func singleConnection(db *sql.DB) {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
}

// migrate applies the missing migrations in one BEGIN IMMEDIATE
// transaction on the writer, so that concurrent Opens take turns.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrate.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS profilekit_migrations (
			version    INTEGER NOT NULL PRIMARY KEY,
			name       TEXT    NOT NULL,
			applied_at INTEGER NOT NULL
		) STRICT`); err != nil {
			return err
		}
		if _, err := migrate.Apply(ctx, migrateTx{tx}, ms); err != nil {
			return err
		}
		return backfillSkeletons(ctx, tx)
	})
}

// backfillSkeletons gives each profile without a username skeleton (one
// stored before migration 0004 whose username the migration's SQL could
// not map: a non-ASCII one) its skeleton, unless an earlier profile's
// username looks the same: that one keeps the skeleton, as in the
// migration, and the look-alike stays without. It runs in Open's
// migration transaction, so concurrent Opens take turns.
func backfillSkeletons(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx,
		`SELECT id, username FROM profiles WHERE username_skeleton IS NULL ORDER BY created_at, id`)
	if err != nil {
		return err
	}
	type legacy struct{ id, username string }
	var found []legacy
	for rows.Next() {
		var l legacy
		if err := rows.Scan(&l.id, &l.username); err != nil {
			_ = rows.Close()
			return err
		}
		found = append(found, l)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, p := range found {
		if _, err := tx.ExecContext(ctx, `UPDATE profiles SET username_skeleton = ?1
			WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM profiles WHERE username_skeleton = ?1)`,
			profile.UsernameSkeleton(p.username), p.id); err != nil {
			return err
		}
	}
	return nil
}

// Close closes both connection pools and ends the presence subscriptions.
// Calls made after Close fail with an error matching profilekit.ErrClosed;
// closing again does nothing.
func (s *Store) Close() error {
	if s.writer.closed.Swap(true) {
		return nil
	}
	s.presenceFeed.Close()
	err := errors.Join(s.reader.stmts.close(), s.writer.close())
	if s.reader.db != s.writer.db {
		err = errors.Join(err, s.reader.db.Close())
	}
	if err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// writeTx runs fn in a BEGIN IMMEDIATE transaction on the writer connection
// and commits it when fn returns nil; otherwise it rolls back and returns
// fn's error unchanged. fn must use only tx: s.writer's one connection is
// the transaction's until writeTx returns. See writer.tx.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.writer.tx(ctx, fn)
}

// migrateTx adapts a transaction to migrate.Tx.
type migrateTx struct{ tx *sql.Tx }

func (m migrateTx) Exec(ctx context.Context, script string) error {
	_, err := m.tx.ExecContext(ctx, script)
	return err
}

func (m migrateTx) Applied(ctx context.Context) (map[int]string, error) {
	rows, err := m.tx.QueryContext(ctx, `SELECT version, name FROM profilekit_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := make(map[int]string)
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, err
		}
		applied[v] = name
	}
	return applied, rows.Err()
}

func (m migrateTx) Record(ctx context.Context, mig migrate.Migration) error {
	_, err := m.tx.ExecContext(ctx,
		`INSERT INTO profilekit_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		mig.Version, mig.Name, toMicros(time.Now()))
	return err
}
