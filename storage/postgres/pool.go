package postgres

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit"
)

// closingPool is the Store's connection pool: a *pgxpool.Pool whose
// methods that start work fail with profilekit.ErrClosed once the Store is
// closed, so that the methods of every store fail alike after Close
// without a check of their own.
type closingPool struct {
	*pgxpool.Pool
	closed atomic.Bool
}

// Exec is pgxpool.Pool.Exec.
func (p *closingPool) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if p.closed.Load() {
		return pgconn.CommandTag{}, profilekit.ErrClosed
	}
	tag, err := p.Pool.Exec(ctx, sql, args...)
	return tag, p.closedOr(err)
}

// Query is pgxpool.Pool.Query.
func (p *closingPool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if p.closed.Load() {
		return nil, profilekit.ErrClosed
	}
	rows, err := p.Pool.Query(ctx, sql, args...)
	return rows, p.closedOr(err)
}

// QueryRow is pgxpool.Pool.QueryRow.
func (p *closingPool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if p.closed.Load() {
		return closingRow{p: p}
	}
	return closingRow{row: p.Pool.QueryRow(ctx, sql, args...), p: p}
}

// Begin is pgxpool.Pool.Begin; pgx.BeginFunc calls it.
func (p *closingPool) Begin(ctx context.Context) (pgx.Tx, error) {
	if p.closed.Load() {
		return nil, profilekit.ErrClosed
	}
	tx, err := p.Pool.Begin(ctx)
	return tx, p.closedOr(err)
}

// Acquire is pgxpool.Pool.Acquire.
func (p *closingPool) Acquire(ctx context.Context) (*pgxpool.Conn, error) {
	if p.closed.Load() {
		return nil, profilekit.ErrClosed
	}
	c, err := p.Pool.Acquire(ctx)
	return c, p.closedOr(err)
}

// closedOr returns profilekit.ErrClosed in place of err when err is not nil
// and the Store is closed: a call that raced with Close may fail with
// whatever the closed pool says.
func (p *closingPool) closedOr(err error) error {
	if err != nil && p.closed.Load() {
		return profilekit.ErrClosed
	}
	return err
}

// closingRow is the result of closingPool.QueryRow. Without a row, it is
// the result of a query refused because the Store was closed.
type closingRow struct {
	row pgx.Row
	p   *closingPool
}

// Scan is pgx.Row.Scan.
func (r closingRow) Scan(dest ...any) error {
	if r.row == nil {
		return profilekit.ErrClosed
	}
	err := r.row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return r.p.closedOr(err)
}
