package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fail wraps err, the failure of operation op (such as `get profile "a1"`),
// in the package's error style. When ctx is done it wraps ctx.Err() as well,
// so that errors.Is(err, context.Canceled) holds whatever the driver said
// (SQLite reports an interrupted statement as SQLITE_INTERRUPT).
func fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("sqlite: %s: %w (%v)", op, ctxErr, err)
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

// constraint returns the columns of the UNIQUE or PRIMARY KEY constraint
// that err reports as violated, as SQLite names them ("profiles.username",
// or "t.a, t.b" for a constraint on several columns), or "" when err is
// not such a violation.
func constraint(err error) string {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return ""
	}
	if e.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE && e.Code() != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return ""
	}
	// The message reads "... constraint failed: profiles.username (2067)".
	msg := e.Error()
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return ""
	}
	cols := msg[i+len(marker):]
	if j := strings.LastIndex(cols, " ("); j >= 0 {
		cols = cols[:j]
	}
	return cols
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (in any of its
// extended forms): another connection holds the lock the statement needs.
func isBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}
