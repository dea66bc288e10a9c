package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// versioned finishes a versioned write: an UPDATE of table whose WHERE
// clause is "<key> = ? AND version = ?", with res its result. It returns
// nil when the UPDATE changed the row; otherwise it reads the stored
// version in the same transaction to tell a missing row (notFound) from a
// stale expected version (conflict). table and key are constants of this
// package, never input.
func versioned(ctx context.Context, tx *sql.Tx, res sql.Result, table, key, id string, expected int64, notFound, conflict error) error {
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var stored int64
	err := tx.QueryRowContext(ctx, `SELECT version FROM `+table+` WHERE `+key+` = ?`, id).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("at version %d (stored %d): %w", expected, stored, conflict)
}
