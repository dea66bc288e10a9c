package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
)

// uniqueViolation is PostgreSQL's SQLSTATE for a UNIQUE or PRIMARY KEY
// constraint violation.
const uniqueViolation = "23505"

// characterNotInRepertoire is PostgreSQL's SQLSTATE for text that it
// cannot hold: a NUL byte, or bytes that are not UTF-8.
const characterNotInRepertoire = "22021"

// fail wraps err, the failure of operation op (such as `get profile "a1"`),
// in the package's error style. When ctx is done it wraps ctx.Err() as well,
// so that errors.Is(err, context.Canceled) holds whatever pgx said.
func fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("postgres: %s: %w (%v)", op, ctxErr, err)
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// violated returns the name of the UNIQUE or PRIMARY KEY constraint that
// err reports as violated ("profiles_username_key"), or "" when err is not
// such a violation.
func violated(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == uniqueViolation {
		return e.ConstraintName
	}
	return ""
}

// absentKey reports whether err is PostgreSQL refusing text it cannot hold
// (SQLSTATE 22021) while key, the ID the statement looks up, is such text.
// No row can have that key, so the lookup's answer is "not found", as it is
// on every other adapter; callers translate it into their domain's
// not-found error.
func absentKey(err error, key string) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == characterNotInRepertoire &&
		(!utf8.ValidString(key) || strings.ContainsRune(key, 0))
}
