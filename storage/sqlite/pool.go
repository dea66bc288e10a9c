package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/storage/internal/turn"
)

// How a writer waits for SQLite's write lock while another process holds
// it: it tries BEGIN IMMEDIATE again after a pause that starts at
// firstPause and doubles up to maxPause, each drawn at random from its
// upper half so that waiting processes do not keep colliding; and a writer
// about to begin gives way for at most maxGiveWay to another process that
// announced it is waiting.
const (
	firstPause = 50 * time.Microsecond
	maxPause   = time.Millisecond
	maxGiveWay = 20 * time.Millisecond
)

// writer is a Store's single writer connection. Every write transaction
// of the Store goes through tx, which waits for the write lock fairly to
// other processes (see begin) and refuses work once the Store is closed.
type writer struct {
	db      *sql.DB
	timeout time.Duration // Options.BusyTimeout
	turns   *turn.Queue   // nil for an in-memory database
	// closed is set by Store.Close; calls made after it fail with
	// profilekit.ErrClosed. The Store's reader shares it.
	closed atomic.Bool
}

// tx runs fn in a BEGIN IMMEDIATE transaction on the writer connection and
// commits it when fn returns nil; otherwise it rolls back and returns fn's
// error unchanged. fn must use only tx: the writer's one connection is the
// transaction's until tx returns, so a call on the writer from fn would
// wait forever.
func (w *writer) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if w.closed.Load() {
		return profilekit.ErrClosed
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return closedOr(&w.closed, err)
	}
	defer conn.Close()
	tx, err := w.begin(ctx, conn)
	if err != nil {
		return closedOr(&w.closed, err)
	}
	// Rolls back on failure, and on a panic in fn, which would otherwise
	// keep the writer connection forever; after Commit it does nothing.
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ExecContext runs one statement in a transaction of its own (see tx).
func (w *writer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := w.tx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// QueryRowContext runs a query on the writer connection, outside any
// transaction, for a read that belongs with a write, such as finding out
// why a write failed. After Close its row fails with database/sql's own
// error rather than profilekit.ErrClosed: the caller is explaining a
// failure that has already happened.
func (w *writer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return w.db.QueryRowContext(ctx, query, args...)
}

// begin starts a write transaction on conn, waiting for SQLite's write
// lock while another process holds it. SQLite's own busy handler is off
// for the writer: it sleeps between attempts while the holder, if it has
// more writes queued, takes the lock again microseconds after releasing
// it, so a busy process could starve another for seconds. Instead begin
// gives way to a process that announced it is waiting, then tries BEGIN
// IMMEDIATE with short jittered pauses, announcing its own wait, until it
// gets the lock, ctx is done (ctx's deadline bounds the wait), the Store
// is closed or, when ctx has no deadline, the busy timeout has passed:
// then it fails with an error matching profilekit.ErrLocked, never
// SQLite's own SQLITE_BUSY.
func (w *writer) begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	w.giveWay(ctx)
	defer w.turns.Done()
	_, bounded := ctx.Deadline()
	giveUp := time.Now().Add(w.timeout)
	pause := firstPause
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) {
			return tx, err
		}
		if !bounded && !time.Now().Before(giveUp) {
			return nil, fmt.Errorf("waited %v for the write lock: %w", w.timeout, profilekit.ErrLocked)
		}
		if w.closed.Load() {
			return nil, profilekit.ErrClosed
		}
		w.turns.Wait()
		if err := sleep(ctx, pause/2+rand.N(pause/2+1)); err != nil {
			return nil, err
		}
		pause = min(2*pause, maxPause)
	}
}

// giveWay waits, for at most maxGiveWay, while another process announces
// that it is waiting for the write lock, so that a process with a steady
// stream of writes lets the others in between two of them.
func (w *writer) giveWay(ctx context.Context) {
	if !w.turns.Waiting() {
		return
	}
	for end := time.Now().Add(maxGiveWay); time.Now().Before(end); {
		if sleep(ctx, firstPause) != nil || !w.turns.Waiting() {
			return
		}
	}
}

// close closes the connection and the turn-taking file.
func (w *writer) close() error {
	return errors.Join(w.db.Close(), w.turns.Close())
}

// reader serves a Store's reads, refusing them once the Store is closed.
// It prepares each query once (per connection, as database/sql does for a
// *sql.Stmt) and keeps it: SQLite spends more time compiling a short
// query than running it.
type reader struct {
	db     *sql.DB
	closed *atomic.Bool
	stmts  *stmtCache
}

// QueryRowContext runs a query expected to return at most one row.
func (r reader) QueryRowContext(ctx context.Context, query string, args ...any) row {
	if r.closed.Load() {
		return row{closed: r.closed}
	}
	if st := r.stmts.get(ctx, r.db, query); st != nil {
		return row{row: st.QueryRowContext(ctx, args...), closed: r.closed}
	}
	return row{row: r.db.QueryRowContext(ctx, query, args...), closed: r.closed}
}

// QueryContext runs a query.
func (r reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if r.closed.Load() {
		return nil, profilekit.ErrClosed
	}
	var rows *sql.Rows
	var err error
	if st := r.stmts.get(ctx, r.db, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = r.db.QueryContext(ctx, query, args...)
	}
	return rows, closedOr(r.closed, err)
}

// stmtCache holds a reader's prepared statements, by query text. The
// queries are the package's constants, so it stays small. It is safe for
// concurrent use.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// get returns the statement of query, preparing it on db the first time;
// nil when it cannot be prepared (the caller runs the query unprepared,
// which reports why) or the cache is closed.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.stmts[query]
	closed := c.closed
	c.mu.Unlock()
	if ok || closed {
		return st
	}
	// Prepared without the lock, which would make every read wait while
	// one waits for a connection.
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[query]; ok || c.closed {
		_ = st.Close() // another call was first, or the Store closed
		return prev
	}
	if c.stmts == nil {
		c.stmts = make(map[string]*sql.Stmt)
	}
	c.stmts[query] = st
	return st
}

// close closes the statements; get prepares none after it.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var errs []error
	for _, st := range c.stmts {
		errs = append(errs, st.Close())
	}
	c.stmts = nil
	return errors.Join(errs...)
}

// scanner is a row to scan: a *sql.Row or a row.
type scanner interface {
	Scan(dest ...any) error
}

// row is the result of reader.QueryRowContext: a *sql.Row whose failures
// after Close read profilekit.ErrClosed. A row without a *sql.Row is the
// result of a query refused because the Store was closed.
type row struct {
	row    *sql.Row
	closed *atomic.Bool
}

// Scan is sql.Row.Scan.
func (r row) Scan(dest ...any) error {
	if r.row == nil {
		return profilekit.ErrClosed
	}
	err := r.row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return closedOr(r.closed, err)
}

// closedOr returns profilekit.ErrClosed in place of err when err is not nil
// and the Store is closed: a call that raced with Close may fail with
// whatever the closed pool says.
func closedOr(closed *atomic.Bool, err error) error {
	if err != nil && closed.Load() {
		return profilekit.ErrClosed
	}
	return err
}

// sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx.Err() in the second case.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
